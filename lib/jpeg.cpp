// The one file that touches libjpeg-turbo.
#include "jpeg.hpp"

// jpeglib.h needs FILE and size_t declared before it.
#include <cstddef>
#include <cstdio>
// clang-format off
#include <jpeglib.h>
// clang-format on

#include <csetjmp>
#include <cstring>
#include <string>
#include <vector>

namespace qrseal::detail {
namespace {

constexpr long max_jpeg_memory = 256L << 20;  // 8192x8192 progressive grey needs 128 MiB
constexpr int max_scans = 1000;               // real files have 1-20

struct error_state {
  jpeg_error_mgr mgr;  // first: libjpeg casts cinfo->err to this struct
  std::jmp_buf jump;
  char message[JMSG_LENGTH_MAX];
};

// Kept out of line: libjpeg reports errors by longjmp, and nothing C++ may be inlined into the
// frames between the setjmp and the longjmp.
[[gnu::noinline]] void on_error(j_common_ptr cinfo) {
  auto* e = reinterpret_cast<error_state*>(cinfo->err);
  (*cinfo->err->format_message)(cinfo, e->message);
  std::longjmp(e->jump, 1);
}

void on_message(j_common_ptr, int) {}  // warnings (a truncated file, say) are not printed

[[gnu::noinline]] void count_scans(j_common_ptr cinfo) {
  if (cinfo->is_decompressor &&
      reinterpret_cast<j_decompress_ptr>(cinfo)->input_scan_number > max_scans) {
    auto* e = reinterpret_cast<error_state*>(cinfo->err);
    std::snprintf(e->message, sizeof e->message, "more than %d scans", max_scans);
    std::longjmp(e->jump, 1);
  }
}

// Reads the header; false when libjpeg refused (it longjmps back here). Only plain pointers
// and integers live in this frame.
bool read_header(jpeg_decompress_struct* cinfo, error_state* err, const std::uint8_t* data,
                 unsigned long size) {
  if (setjmp(err->jump)) return false;
  jpeg_mem_src(cinfo, data, size);
  jpeg_read_header(cinfo, TRUE);
  return true;
}

bool read_pixels(jpeg_decompress_struct* cinfo, error_state* err, std::uint8_t* pixels,
                 unsigned width, unsigned height) {
  if (setjmp(err->jump)) return false;
  cinfo->out_color_space = JCS_GRAYSCALE;
  jpeg_start_decompress(cinfo);
  if (cinfo->output_width != width || cinfo->output_height != height ||
      cinfo->output_components != 1) {
    std::snprintf(err->message, sizeof err->message, "unexpected output layout");
    return false;
  }
  while (cinfo->output_scanline < height) {
    JSAMPROW row = pixels + static_cast<std::size_t>(cinfo->output_scanline) * width;
    jpeg_read_scanlines(cinfo, &row, 1);
  }
  jpeg_finish_decompress(cinfo);
  return true;
}

}  // namespace

bool is_jpeg(std::span<const std::uint8_t> bytes) noexcept {
  return bytes.size() >= 3 && bytes[0] == 0xFF && bytes[1] == 0xD8 && bytes[2] == 0xFF;
}

result<gray_image> decode_jpeg(std::span<const std::uint8_t> bytes, int max_side) {
  if (!is_jpeg(bytes)) return error{errc::invalid_argument, "JPEG: no JPEG signature"};
  if (bytes.size() > 0xFFFFFFFFu) return error{errc::invalid_argument, "JPEG file is too large"};
  jpeg_decompress_struct cinfo{};
  error_state err{};
  cinfo.err = jpeg_std_error(&err.mgr);
  err.mgr.error_exit = on_error;
  err.mgr.emit_message = on_message;
  jpeg_progress_mgr progress{};
  progress.progress_monitor = count_scans;
  if (setjmp(err.jump)) {
    jpeg_destroy_decompress(&cinfo);
    return error{errc::crypto_failure, "JPEG: libjpeg could not allocate"};
  }
  jpeg_create_decompress(&cinfo);
  cinfo.mem->max_memory_to_use = max_jpeg_memory;
  cinfo.progress = &progress;
  if (!read_header(&cinfo, &err, bytes.data(), static_cast<unsigned long>(bytes.size()))) {
    jpeg_destroy_decompress(&cinfo);
    return error{errc::invalid_argument, std::string("JPEG could not be read: ") + err.message};
  }
  const unsigned w = cinfo.image_width, h = cinfo.image_height;
  if (w < 1 || h < 1 || w > static_cast<unsigned>(max_side) ||
      h > static_cast<unsigned>(max_side)) {
    jpeg_destroy_decompress(&cinfo);
    return error{errc::invalid_argument, "image is " + std::to_string(w) + "x" + std::to_string(h) +
                                             ", outside 1.." + std::to_string(max_side) +
                                             " pixels per side"};
  }
  if (cinfo.jpeg_color_space == JCS_CMYK || cinfo.jpeg_color_space == JCS_YCCK) {
    jpeg_destroy_decompress(&cinfo);
    return error{errc::invalid_argument,
                 "JPEG in CMYK (a print file) is not supported: save it as RGB or grey"};
  }
  gray_image img{static_cast<int>(w), static_cast<int>(h),
                 std::vector<std::uint8_t>(static_cast<std::size_t>(w) * h)};
  const bool ok = read_pixels(&cinfo, &err, img.pixels.data(), w, h);
  jpeg_destroy_decompress(&cinfo);
  if (!ok)
    return error{errc::invalid_argument, std::string("JPEG could not be decoded: ") + err.message};
  return img;
}

}  // namespace qrseal::detail
