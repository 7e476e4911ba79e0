#include <qrseal/png.hpp>

#include <png.h>

#include <string>

namespace qrseal {
namespace {

void append_to_vector(png_structp png, png_bytep data, png_size_t length) {
  auto* out = static_cast<std::vector<std::uint8_t>*>(png_get_io_ptr(png));
  out->insert(out->end(), data, data + length);
}

void no_flush(png_structp) {}

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
  // Sized before setjmp: locals changed between setjmp and longjmp would be indeterminate.
  std::vector<std::uint8_t> row(static_cast<std::size_t>(image.width));
  // libpng reports errors by longjmp; nothing with a destructor is created after this point.
  if (setjmp(png_jmpbuf(png))) {
    png_destroy_write_struct(&png, &info);
    return error{errc::io_error, "PNG: libpng failed while encoding"};
  }
  png_set_write_fn(png, &out, append_to_vector, no_flush);
  const int bits = depth == png_depth::bilevel ? 1 : 8;
  png_set_IHDR(png, info, static_cast<png_uint_32>(image.width), static_cast<png_uint_32>(image.height),
               bits, PNG_COLOR_TYPE_GRAY, PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
               PNG_FILTER_TYPE_DEFAULT);
  png_write_info(png, info);
  for (int y = 0; y < image.height; ++y) {
    const std::uint8_t* src = image.pixels.data() + static_cast<std::size_t>(y) * image.width;
    if (bits == 8) {
      png_write_row(png, src);
      continue;
    }
    std::fill(row.begin(), row.end(), std::uint8_t{0});
    for (int x = 0; x < image.width; ++x)
      if (src[x] >= 128) row[static_cast<std::size_t>(x / 8)] |= static_cast<std::uint8_t>(0x80 >> (x % 8));
    png_write_row(png, row.data());
  }
  png_write_end(png, nullptr);
  png_destroy_write_struct(&png, &info);
  return out;
}

}  // namespace qrseal
