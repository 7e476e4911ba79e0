// Internal to qrseal (include/qrseal/detail/ is not installed): used by the library and its tests.
// Base45 (RFC 9285): the QR-alphanumeric encoding of a credential's body.
#pragma once

#include <cstdint>
#include <qrseal/result.hpp>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace qrseal {

std::string base45_encode(std::span<const std::uint8_t> bytes);

// Strict: only the 45-character alphabet, no dangling single character, no group above its
// range (three characters above 65535, a final pair above 255).
result<std::vector<std::uint8_t>> base45_decode(std::string_view text);

}  // namespace qrseal
