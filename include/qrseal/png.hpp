// PNG output of grey rasters (libpng).
#pragma once

#include <cstdint>
#include <qrseal/qr_render.hpp>
#include <qrseal/result.hpp>
#include <vector>

namespace qrseal {

enum class png_depth { gray8, bilevel };  // 8-bit grey, or 1-bit (pixels < 128 are black)

result<std::vector<std::uint8_t>> encode_png(const gray_image& image,
                                             png_depth depth = png_depth::gray8);

}  // namespace qrseal
