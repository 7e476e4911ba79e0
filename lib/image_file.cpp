#include <algorithm>
#include <qrseal/image.hpp>
#include <qrseal/png.hpp>

#include "jpeg.hpp"

namespace qrseal {

int bytes_per_pixel(pixel_format f) noexcept {
  switch (f) {
    case pixel_format::gray:
      return 1;
    case pixel_format::rgb:
    case pixel_format::bgr:
      return 3;
    case pixel_format::rgba:
    case pixel_format::bgra:
      return 4;
    case pixel_format::yuyv:
      return 2;
  }
  return 1;
}

status check_image_view(const image_view& v, std::size_t size) {
  if (v.data == nullptr) return error{errc::invalid_argument, "image: no pixel data"};
  if (v.width < 1 || v.height < 1 || v.width > max_image_side || v.height > max_image_side)
    return error{errc::invalid_argument, "image: " + std::to_string(v.width) + "x" +
                                             std::to_string(v.height) +
                                             " is outside 1..8192 pixels per side"};
  const std::size_t row = static_cast<std::size_t>(v.width) * bytes_per_pixel(v.format);
  const std::size_t stride = v.stride == 0 ? row : static_cast<std::size_t>(v.stride);
  if (v.stride < 0 || stride < row)
    return error{errc::invalid_argument, "image: row stride " + std::to_string(v.stride) +
                                             " is shorter than a row (" + std::to_string(row) +
                                             " bytes)"};
  if (size < stride * (static_cast<std::size_t>(v.height) - 1) + row)
    return error{errc::invalid_argument, "image: " + std::to_string(size) +
                                             " bytes do not cover a " + std::to_string(v.width) +
                                             "x" + std::to_string(v.height) + " frame"};
  return success();
}

result<gray_image> decode_image_file(std::span<const std::uint8_t> bytes, int max_side) {
  if (bytes.empty()) return error{errc::invalid_argument, "image file is empty"};
  max_side = std::clamp(max_side, 1, max_image_side);
  // PNG to libpng and JPEG to libjpeg-turbo, each refusing an image over the size limit from
  // its header, before any pixel memory exists. Nothing else is read: other formats are
  // refused by their first bytes (a PNM reader crashed on a 77-byte file, found by fuzz_image).
  if (is_png(bytes)) return decode_png(bytes, max_side);
  if (detail::is_jpeg(bytes)) return detail::decode_jpeg(bytes, max_side);
  return error{errc::invalid_argument,
               "not a PNG or JPEG image (neither signature at the start of the file)"};
}

}  // namespace qrseal
