// Pictures of a QR symbol: a grey raster (for PNG), SVG, and terminal half blocks.
#pragma once

#include <cstdint>
#include <qrseal/qr_encode.hpp>
#include <string>
#include <vector>

namespace qrseal {

// 8-bit grey pixels, row-major, 0 = black, 255 = white.
struct gray_image {
  int width = 0;
  int height = 0;
  std::vector<std::uint8_t> pixels;
};

struct render_options {
  int module_px = 8;   // pixels per module (SVG: user units per module)
  int quiet_zone = 4;  // modules of white border on every side
};

gray_image rasterize(const qr_matrix& m, const render_options& options = {});

// One <path> of dark squares on a white background, crisp at any scale.
std::string render_svg(const qr_matrix& m, const render_options& options = {});

// UTF-8 half blocks, two module rows per line, black on an explicit white background.
std::string render_terminal(const qr_matrix& m, int quiet_zone = 4);

}  // namespace qrseal
