// cbor::decode_strict for the WebAssembly build: lib/cbor.cpp's strict reader on the project's
// own head reader (lib/cbor_head.cpp), as libcbor is not built for wasm. Natively,
// lib/cbor_libcbor.cpp defines it on libcbor; tests/unit/test_cbor_head.cpp and
// tests/fuzz/fuzz_cbor_heads.cpp show the two give the same answers.
#include <qrseal/detail/cbor.hpp>

#include "cbor_head.hpp"

namespace qrseal::cbor {

result<item> decode_strict(std::span<const std::uint8_t> input, decode_options options) {
  return detail::decode_strict_with(input, options, detail::read_head_own);
}

}  // namespace qrseal::cbor
