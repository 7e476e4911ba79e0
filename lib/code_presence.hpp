// Is a QR code plausibly in this frame? A cheap look for finder patterns, run when ZXing's first
// pass found nothing, to decide whether the recovery pass is worth its cost (docs/scanning.md).
#pragma once

#include <cstddef>
#include <cstdint>

namespace qrseal::detail {

// An 8-bit luminance plane; `step` is the bytes from one pixel to the next (2 for YUYV).
struct luma_plane {
  const std::uint8_t* data = nullptr;
  int width = 0;
  int height = 0;
  std::size_t stride = 0;
  int step = 1;
  std::uint8_t at(int x, int y) const {
    return data[static_cast<std::size_t>(y) * stride + static_cast<std::size_t>(x) * step];
  }
};

struct presence {
  // Distinct places where a 1:1:3:1:1 pattern crosses both a row and a column: dark-centred
  // (a printed code) and light-centred (a dark-mode screen).
  int dark_finders = 0;
  int light_finders = 0;
  // 0 nothing, 1 a lone candidate, 2 two that could belong to one symbol, 3 three in an L.
  int structure = 0;
  double noise = 0;  // estimated sensor noise, grey levels
  // The box around the candidates (pixels), empty when there are none.
  int x0 = 0, y0 = 0, x1 = 0, y1 = 0;

  int finders() const { return dark_finders + light_finders; }
};

// Looks along every second row (smoothed first on a noisy sensor) of `plane`, thresholded at the
// mean of a 40x40-pixel neighbourhood, for finder-pattern cross-sections, and confirms each along
// its column. Costs a fraction of one ZXing read (docs/performance.md).
presence look_for_code(const luma_plane& plane);

// The median-based estimate of the sensor noise (grey levels) over a sparse grid.
double noise_sigma(const luma_plane& plane);

}  // namespace qrseal::detail
