// Hex text for ids, keys and signatures in files and JSON.
#pragma once

#include <cstdint>
#include <qrseal/result.hpp>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace qrseal {

// Lower-case hex.
std::string to_hex(std::span<const std::uint8_t> bytes);

// Strict: even length, [0-9a-fA-F] only; the error names the offending position.
result<std::vector<std::uint8_t>> from_hex(std::string_view hex);

}  // namespace qrseal
