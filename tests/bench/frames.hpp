// Camera-like test frames for the scan benchmarks: a rendered code on a lit background with
// sensor noise, deterministic so every run measures the same pixels.
#pragma once

#include <qrseal/qr_encode.hpp>
#include <qrseal/qr_render.hpp>

#include <cstdint>
#include <random>
#include <vector>

namespace qrseal::bench {

inline gray_image camera_frame(const qr_matrix& m, int width, int height, int module_px,
                               bool with_code = true) {
  gray_image frame{width, height, std::vector<std::uint8_t>(static_cast<std::size_t>(width) * height)};
  std::mt19937 rng(42);
  std::normal_distribution<double> noise(0.0, 4.0);
  const gray_image code = rasterize(m, {module_px, 4});
  const int ox = (width - code.width) / 2, oy = (height - code.height) / 2;
  for (int y = 0; y < height; ++y)
    for (int x = 0; x < width; ++x) {
      // Uneven lighting: brighter in one corner, as under a lamp.
      double v = 150.0 + 60.0 * x / width + 30.0 * y / height;
      const int cx = x - ox, cy = y - oy;
      if (with_code && cx >= 0 && cy >= 0 && cx < code.width && cy < code.height) {
        const bool dark = code.pixels[static_cast<std::size_t>(cy) * code.width + cx] < 128;
        v = dark ? 40.0 + 0.1 * v : 0.95 * v + 10.0;
      }
      v += noise(rng);
      frame.pixels[static_cast<std::size_t>(y) * width + x] =
          static_cast<std::uint8_t>(v < 0 ? 0 : v > 255 ? 255 : v);
    }
  return frame;
}

}  // namespace qrseal::bench
