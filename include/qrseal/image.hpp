// Non-owning views of camera frames and decoded image files.
#pragma once

#include <cstdint>
#include <qrseal/qr_render.hpp>
#include <qrseal/result.hpp>
#include <span>
#include <string>

namespace qrseal {

enum class pixel_format {
  gray,  // 8-bit luminance (also the Y plane of YUV420/NV12/NV21 frames)
  rgb,   // 3 bytes per pixel
  bgr,
  rgba,  // 4 bytes per pixel, alpha ignored
  bgra,
  yuyv,  // packed 4:2:2 (YUYV), luminance in every other byte
};

inline constexpr int max_image_side = 8192;

// Pixels owned by the caller; `stride` is bytes per row (0: tightly packed).
struct image_view {
  const std::uint8_t* data = nullptr;
  int width = 0;
  int height = 0;
  int stride = 0;
  pixel_format format = pixel_format::gray;
};

int bytes_per_pixel(pixel_format f) noexcept;

// Checks dimensions (1..8192 per side), stride and that `size` bytes cover the frame.
status check_image_view(const image_view& view, std::size_t size);

// Decodes a PNG or JPEG file's bytes to 8-bit grey. Images over `max_side` (at most
// max_image_side) pixels per side are refused from their header, before anything is allocated.
result<gray_image> decode_image_file(std::span<const std::uint8_t> bytes,
                                     int max_side = max_image_side);

}  // namespace qrseal
