#include <png.h>

#include <qrseal/png.hpp>
#include <string>

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

}  // namespace

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
