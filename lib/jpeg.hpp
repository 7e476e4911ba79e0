// JPEG files (libjpeg-turbo), read as 8-bit grey.
#pragma once

#include <cstdint>
#include <qrseal/qr_render.hpp>
#include <qrseal/result.hpp>
#include <span>

namespace qrseal::detail {

// The JPEG start-of-image marker followed by another marker.
bool is_jpeg(std::span<const std::uint8_t> bytes) noexcept;

// Baseline or progressive, grey or YCbCr (or RGB), as 8-bit grey. Refuses more than `max_side`
// pixels per side from the frame header, before any pixel memory exists; caps libjpeg's own
// memory (a progressive file buffers all its coefficients) and the number of scans (each one
// is a pass over the whole image: thousands of tiny scans would take minutes).
result<gray_image> decode_jpeg(std::span<const std::uint8_t> bytes, int max_side);

}  // namespace qrseal::detail
