// Strict RFC 3629 UTF-8, shared by the CBOR reader and every text the tools accept.
#pragma once

#include <string_view>

namespace qrseal {

// No overlong forms, no surrogates (U+D800..U+DFFF), nothing above U+10FFFF, no truncation.
bool is_valid_utf8(std::string_view text) noexcept;

}  // namespace qrseal
