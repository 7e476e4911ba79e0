#include <png.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <qrseal/image.hpp>
#include <qrseal/png.hpp>
#include <string>
#include <string_view>

namespace qrseal {
namespace {

// Kept out of line: libpng reports errors by longjmp, and nothing C++ may be inlined into the
// frame that calls setjmp.
[[gnu::noinline]] void append_to_vector(png_structp png, png_bytep data, png_size_t length) {
  auto* out = static_cast<std::vector<std::uint8_t>*>(png_get_io_ptr(png));
  out->insert(out->end(), data, data + length);
}

void no_flush(png_structp) {}

// Writes the whole image; false when libpng failed (it longjmps back here). Only plain
// pointers and integers live in this frame.
bool write_rows(png_structp png, png_infop info, const gray_image* image, int bits,
                std::uint8_t* row, std::vector<std::uint8_t>* out) {
  if (setjmp(png_jmpbuf(png))) return false;
  png_set_write_fn(png, out, append_to_vector, no_flush);
  png_set_IHDR(png, info, static_cast<png_uint_32>(image->width),
               static_cast<png_uint_32>(image->height), bits, PNG_COLOR_TYPE_GRAY,
               PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  // A QR picture is runs of black and white, each row repeated module-size times: the Up filter
  // turns a repeated row into zeros, and trying all five filters per row (libpng's default)
  // costs ~5x the time for no smaller file.
  png_set_filter(png, PNG_FILTER_TYPE_BASE, PNG_FILTER_UP);
  png_write_info(png, info);
  const std::size_t width = static_cast<std::size_t>(image->width);
  for (int y = 0; y < image->height; ++y) {
    const std::uint8_t* src = image->pixels.data() + static_cast<std::size_t>(y) * width;
    if (bits == 8) {
      png_write_row(png, src);
      continue;
    }
    for (std::size_t i = 0; i < (width + 7) / 8; ++i) row[i] = 0;
    for (std::size_t x = 0; x < width; ++x)
      if (src[x] >= 128) row[x / 8] = static_cast<std::uint8_t>(row[x / 8] | (0x80 >> (x % 8)));
    png_write_row(png, row);
  }
  png_write_end(png, nullptr);
  return true;
}

// ---- Reading ----------------------------------------------------------------------------

struct memory_reader {
  const std::uint8_t* data = nullptr;
  std::size_t size = 0;
  std::size_t at = 0;
  char message[200] = {};
};

[[gnu::noinline]] void read_from_memory(png_structp png, png_bytep out, png_size_t length) {
  auto* r = static_cast<memory_reader*>(png_get_io_ptr(png));
  if (length > r->size - r->at) png_error(png, "the file ends inside a chunk");
  std::memcpy(out, r->data + r->at, length);
  r->at += length;
}

[[gnu::noinline]] void on_read_error(png_structp png, png_const_charp message) {
  auto* r = static_cast<memory_reader*>(png_get_error_ptr(png));
  std::snprintf(r->message, sizeof r->message, "%s", message);
  png_longjmp(png, 1);
}

void on_read_warning(png_structp, png_const_charp) {}

// Reads the header and sets the transforms to 8-bit RGBA; false when libpng refused.
bool read_header(png_structp png, png_infop info, memory_reader* reader, png_uint_32* width,
                 png_uint_32* height, int max_side) {
  if (setjmp(png_jmpbuf(png))) return false;
  png_set_read_fn(png, reader, read_from_memory);
  // Refused while reading IHDR, before any pixel memory exists.
  png_set_user_limits(png, static_cast<png_uint_32>(max_side), static_cast<png_uint_32>(max_side));
  png_set_chunk_malloc_max(png, png_alloc_size_t{8} << 20);
  png_read_info(png, info);
  *width = png_get_image_width(png, info);
  *height = png_get_image_height(png, info);
  png_set_expand(png);  // palette -> RGB, grey under 8 bits -> 8, tRNS -> alpha
  png_set_strip_16(png);
  png_set_gray_to_rgb(png);
  png_set_add_alpha(png, 0xff, PNG_FILLER_AFTER);
  png_set_interlace_handling(png);
  png_read_update_info(png, info);
  return png_get_rowbytes(png, info) == static_cast<png_size_t>(*width) * 4;
}

bool read_pixels(png_structp png, png_bytepp rows) {
  if (setjmp(png_jmpbuf(png))) return false;
  png_read_image(png, rows);
  return true;
}

// PNG's CRC-32 (ISO 3309), for the one chunk added to cairo's output.
std::uint32_t png_crc(std::span<const std::uint8_t> bytes) {
  std::uint32_t c = 0xFFFFFFFFu;
  for (std::uint8_t b : bytes) {
    c ^= b;
    for (int k = 0; k < 8; ++k) c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1u)));
  }
  return c ^ 0xFFFFFFFFu;
}

void put_be32(std::vector<std::uint8_t>& out, std::uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<std::uint8_t>(v >> shift));
}

}  // namespace

std::vector<std::uint8_t> with_png_resolution(std::vector<std::uint8_t> png, int dpi) {
  constexpr std::size_t ihdr_end = 8 + 4 + 4 + 13 + 4;
  if (png.size() < ihdr_end) return png;
  const auto ppm = static_cast<std::uint32_t>(std::lround(dpi / 0.0254));
  std::vector<std::uint8_t> chunk;
  put_be32(chunk, 9);
  for (char ch : std::string_view("pHYs")) chunk.push_back(static_cast<std::uint8_t>(ch));
  put_be32(chunk, ppm);
  put_be32(chunk, ppm);
  chunk.push_back(1);  // unit: metre
  put_be32(chunk, png_crc(std::span(chunk).subspan(4)));
  png.insert(png.begin() + ihdr_end, chunk.begin(), chunk.end());
  return png;
}

bool is_png(std::span<const std::uint8_t> bytes) noexcept {
  return bytes.size() >= 8 && png_sig_cmp(bytes.data(), 0, 8) == 0;
}

result<gray_image> decode_png(std::span<const std::uint8_t> bytes, int max_side) {
  max_side = std::clamp(max_side, 1, max_image_side);
  if (!is_png(bytes)) return error{errc::invalid_argument, "PNG: no PNG signature"};
  // The size first, in the words of the other image formats (libpng would only say "Invalid
  // IHDR data").
  if (bytes.size() >= 24 && std::memcmp(bytes.data() + 12, "IHDR", 4) == 0) {
    auto be32 = [&](std::size_t at) {
      return std::uint32_t{bytes[at]} << 24 | std::uint32_t{bytes[at + 1]} << 16 |
             std::uint32_t{bytes[at + 2]} << 8 | bytes[at + 3];
    };
    const std::uint32_t w = be32(16), h = be32(20);
    if (w < 1 || h < 1 || w > static_cast<std::uint32_t>(max_side) ||
        h > static_cast<std::uint32_t>(max_side))
      return error{errc::invalid_argument, "image is " + std::to_string(w) + "x" +
                                               std::to_string(h) + ", outside 1.." +
                                               std::to_string(max_side) + " pixels per side"};
  }
  memory_reader reader{bytes.data(), bytes.size(), 0, {}};
  png_structp png =
      png_create_read_struct(PNG_LIBPNG_VER_STRING, &reader, on_read_error, on_read_warning);
  png_infop info = png ? png_create_info_struct(png) : nullptr;
  if (!png || !info) {
    png_destroy_read_struct(&png, &info, nullptr);
    return error{errc::crypto_failure, "PNG: libpng could not allocate"};
  }
  png_uint_32 width = 0, height = 0;
  if (!read_header(png, info, &reader, &width, &height, max_side)) {
    png_destroy_read_struct(&png, &info, nullptr);
    return error{errc::invalid_argument,
                 std::string("PNG could not be read: ") +
                     (reader.message[0] ? reader.message : "unsupported layout")};
  }
  const std::size_t w = width, h = height;
  std::vector<std::uint8_t> rgba(w * h * 4);
  std::vector<png_bytep> rows(h);
  for (std::size_t y = 0; y < h; ++y) rows[y] = rgba.data() + y * w * 4;
  const bool ok = read_pixels(png, rows.data());
  png_destroy_read_struct(&png, &info, nullptr);
  if (!ok)
    return error{errc::invalid_argument,
                 std::string("PNG could not be decoded: ") + reader.message};
  // Composited over white, as a screen or paper shows it: a code drawn on a transparent
  // background would otherwise come out black on black.
  gray_image img{static_cast<int>(w), static_cast<int>(h), std::vector<std::uint8_t>(w * h)};
  const std::uint8_t* p = rgba.data();
  for (std::size_t i = 0; i < w * h; ++i, p += 4) {
    const unsigned luma = (p[0] * 77u + p[1] * 150u + p[2] * 29u) >> 8;
    img.pixels[i] = static_cast<std::uint8_t>((luma * p[3] + 255u * (255u - p[3])) / 255u);
  }
  return img;
}

result<std::vector<std::uint8_t>> encode_png(const gray_image& image, png_depth depth) {
  if (image.width <= 0 || image.height <= 0 ||
      image.pixels.size() != static_cast<std::size_t>(image.width) * image.height)
    return error{errc::invalid_argument, "PNG: image size does not match its pixels"};
  png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
  png_infop info = png ? png_create_info_struct(png) : nullptr;
  if (!png || !info) {
    png_destroy_write_struct(&png, &info);
    return error{errc::crypto_failure, "PNG: libpng could not allocate"};
  }
  std::vector<std::uint8_t> out;
  std::vector<std::uint8_t> row(static_cast<std::size_t>(image.width) / 8 + 1);
  const bool ok =
      write_rows(png, info, &image, depth == png_depth::bilevel ? 1 : 8, row.data(), &out);
  png_destroy_write_struct(&png, &info);
  if (!ok) return error{errc::io_error, "PNG: libpng failed while encoding"};
  return out;
}

}  // namespace qrseal
