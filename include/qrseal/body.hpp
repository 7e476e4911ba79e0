// The body inside a QS1/QT1 text (spec §1): the COSE_Sign1 bytes, or zlib of them when shorter.
#pragma once

#include <cstddef>
#include <cstdint>
#include <qrseal/result.hpp>
#include <span>
#include <vector>

namespace qrseal {

inline constexpr std::size_t max_inflated_body = 4096;

enum class body_form { raw, zlib };

enum class compression { when_shorter, never };

// The body for `cose`: zlib (level 9) when that is strictly shorter, else `cose` itself.
std::vector<std::uint8_t> encode_body(std::span<const std::uint8_t> cose,
                                      compression mode = compression::when_shorter);

struct decoded_body {
  body_form form = body_form::raw;
  std::vector<std::uint8_t> cose;  // the COSE_Sign1 bytes exactly as they were signed
};

// Tells the forms apart by the first byte: 0x78 zlib, 0xD2 raw COSE, anything else malformed.
// A zlib stream with a preset dictionary, more than 4096 output bytes, or bytes after its end
// is malformed.
result<decoded_body> decode_body(std::span<const std::uint8_t> body);

}  // namespace qrseal
