// The project's own CBOR head reader and writer (cbor_head.hpp): no dependency, so the
// WebAssembly build reads CBOR without libcbor. It answers exactly what libcbor's streaming
// decoder tells lib/cbor.cpp (lib/cbor_libcbor.cpp), which the strict reader then judges:
//   - additional information 28-30 in any major type: refused;
//   - 31: an indefinite-length start in major types 2-5, the break 0xff in 7, refused in 0, 1, 6;
//   - any other major-type-7 byte: a simple value (its length does not matter: it is refused);
//   - otherwise the head's argument (1, 2, 3, 5 or 9 bytes), and for strings their content;
//     an input that ends before either is truncated.
// Lengths and counts stay 64-bit (size_t is 32-bit in wasm32): a 2^40-byte string is truncated
// here as it is natively, never wrapped.
#include "cbor_head.hpp"

namespace qrseal::cbor::detail {

head read_head_own(const std::uint8_t* data, std::size_t left) noexcept {
  head h;
  if (left == 0) {
    h.kind = head_kind::truncated;
    return h;
  }
  const unsigned major = data[0] >> 5;
  const unsigned additional = data[0] & 0x1fu;
  if (additional >= 28 && additional <= 30) {
    h.kind = head_kind::refused;
    return h;
  }
  if (additional == 31) {
    h.read = 1;
    if (major >= 2 && major <= 5)
      h.kind = head_kind::indefinite;
    else if (major == 7)
      h.kind = head_kind::stop;
    else
      h.kind = head_kind::refused;
    return h;
  }
  if (major == 7) {
    h.kind = head_kind::simple;
    h.read = 1;
    return h;
  }
  const std::size_t size = additional < 24 ? 1 : 1 + (std::size_t{1} << (additional - 24));
  if (left < size) {
    h.kind = head_kind::truncated;
    return h;
  }
  std::uint64_t argument = additional;
  if (additional >= 24) {
    argument = 0;
    for (std::size_t i = 1; i < size; ++i) argument = (argument << 8) | data[i];
  }
  h.value = argument;
  h.read = size;
  switch (major) {
    case 0:
      h.kind = head_kind::uint;
      break;
    case 1:
      h.kind = head_kind::negint;
      break;
    case 2:
    case 3:
      if (argument > left - size) {
        h = head{};
        h.kind = head_kind::truncated;
        return h;
      }
      h.kind = major == 2 ? head_kind::bytes : head_kind::text;
      h.data = data + size;
      h.read = size + static_cast<std::size_t>(argument);
      break;
    case 4:
      h.kind = head_kind::array;
      break;
    case 5:
      h.kind = head_kind::map;
      break;
    default:
      h.kind = head_kind::tag;
      break;
  }
  return h;
}

void append_head(std::vector<std::uint8_t>& out, unsigned major, std::uint64_t argument) {
  const auto initial = static_cast<std::uint8_t>(major << 5);
  unsigned bytes = 0;
  if (argument < 24) {
    out.push_back(static_cast<std::uint8_t>(initial | argument));
    return;
  }
  if (argument <= 0xff) {
    out.push_back(initial | 24u);
    bytes = 1;
  } else if (argument <= 0xffff) {
    out.push_back(initial | 25u);
    bytes = 2;
  } else if (argument <= 0xffffffff) {
    out.push_back(initial | 26u);
    bytes = 4;
  } else {
    out.push_back(initial | 27u);
    bytes = 8;
  }
  for (unsigned i = bytes; i-- > 0;) out.push_back(static_cast<std::uint8_t>(argument >> (8 * i)));
}

}  // namespace qrseal::cbor::detail
