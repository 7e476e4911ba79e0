// Every layer decode_text() reached, as one JSON object: what `qrseal inspect` prints, and what
// any front end shows of a text it was handed without verifying it.
#pragma once

#include <cstddef>
#include <qrseal/decode.hpp>
#include <string>

namespace qrseal {

// {"verified": false, "prefix", "kind" (credential|live|trust_list), "length" (the text's
// bytes), "live"? {"t", "sig"}, "body_form"? (zlib|raw), "body_bytes"?, "cose_hex",
// "cose" {"protected" {"alg", "kid"}, "unprotected", "payload_hex", "signature"},
// "claims"?, "claims_rfc3339"?}; the layers after a failure are absent and
// "error" {"code", "message"} says where decoding stopped. Indented by 2, no final newline.
std::string decoded_text_json(const decoded_text& d, std::size_t text_bytes);

}  // namespace qrseal
