#include <stb_image.h>

#include <climits>
#include <memory>
#include <qrseal/image.hpp>
#include <qrseal/png.hpp>

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

result<gray_image> decode_image_file(std::span<const std::uint8_t> bytes) {
  if (bytes.empty()) return error{errc::invalid_argument, "image file is empty"};
  // PNGs go to libpng, which never trusts a chunk length beyond the file nor inflates more than
  // the image holds (stb_image reallocates to whatever an IDAT length claims: a 2.6 KB file
  // asked it for 2 GiB, found by tests/fuzz/fuzz_image). JPEGs stay with stb_image.
  if (is_png(bytes)) return decode_png(bytes);
  // stb_image also reads BMP, GIF, PSD, TGA, HDR, PIC and PNM, and its PNM reader crashed on a
  // 77-byte file (found by fuzz_image): only JPEG, by its signature, ever reaches it.
  if (bytes.size() < 3 || bytes[0] != 0xFF || bytes[1] != 0xD8 || bytes[2] != 0xFF)
    return error{errc::invalid_argument,
                 "not a PNG or JPEG image (neither signature at the start of the file)"};
  if (bytes.size() > INT_MAX) return error{errc::invalid_argument, "image file is too large"};
  int w = 0, h = 0, channels = 0;
  const int len = static_cast<int>(bytes.size());
  // Look at the header first, so a hostile file cannot make the decoder allocate gigabytes.
  if (!stbi_info_from_memory(bytes.data(), len, &w, &h, &channels))
    return error{errc::invalid_argument, std::string("not a PNG or JPEG image we can read (") +
                                             stbi_failure_reason() + ")"};
  if (w < 1 || h < 1 || w > max_image_side || h > max_image_side)
    return error{errc::invalid_argument, "image is " + std::to_string(w) + "x" + std::to_string(h) +
                                             ", outside 1..8192 pixels per side"};
  // Images with alpha are composited over white, as a screen or paper shows them: a code drawn
  // on a transparent background would otherwise come out black on black.
  const bool has_alpha = channels == 2 || channels == 4;
  const int want = has_alpha ? 4 : 1;
  std::unique_ptr<stbi_uc, decltype(&stbi_image_free)> pixels(
      stbi_load_from_memory(bytes.data(), len, &w, &h, &channels, want), &stbi_image_free);
  if (!pixels)
    return error{errc::invalid_argument,
                 std::string("image could not be decoded (") + stbi_failure_reason() + ")"};
  const std::size_t count = static_cast<std::size_t>(w) * static_cast<std::size_t>(h);
  gray_image img{w, h, std::vector<std::uint8_t>(count)};
  if (!has_alpha) {
    std::copy(pixels.get(), pixels.get() + count, img.pixels.begin());
    return img;
  }
  const stbi_uc* p = pixels.get();
  for (std::size_t i = 0; i < count; ++i, p += 4) {
    const unsigned luma = (p[0] * 77u + p[1] * 150u + p[2] * 29u) >> 8;
    img.pixels[i] = static_cast<std::uint8_t>((luma * p[3] + 255u * (255u - p[3])) / 255u);
  }
  return img;
}

}  // namespace qrseal
