// PNG files (libpng): grey rasters out, and any PNG in as grey (composited over white).
#pragma once

#include <cstdint>
#include <qrseal/qr_render.hpp>
#include <qrseal/result.hpp>
#include <span>
#include <vector>

namespace qrseal {

enum class png_depth { gray8, bilevel };  // 8-bit grey, or 1-bit (pixels < 128 are black)

result<std::vector<std::uint8_t>> encode_png(const gray_image& image,
                                             png_depth depth = png_depth::gray8);

// Any PNG (grey, palette, RGB, with or without alpha, 1-16 bits, interlaced) as 8-bit grey;
// transparent pixels are composited over white. Refuses more than `max_side` pixels per side before
// allocating, and never trusts a chunk length beyond the bytes given: libpng inflates the
// image data into the image itself, so a small file cannot make it allocate more than the
// (bounded) image.
result<gray_image> decode_png(std::span<const std::uint8_t> bytes, int max_side = 8192);

// The PNG with a pHYs chunk after IHDR saying `dpi`, so it prints at its real size (cairo's
// PNGs carry none). Bytes too short to hold an IHDR are returned as they are.
std::vector<std::uint8_t> with_png_resolution(std::vector<std::uint8_t> png, int dpi);

// The 8-byte PNG signature.
bool is_png(std::span<const std::uint8_t> bytes) noexcept;

}  // namespace qrseal
