// One CBOR head at a time, for the strict reader (lib/cbor.cpp). Two sources give the same
// answers for every input: libcbor's streaming decoder (lib/cbor_libcbor.cpp, the native build)
// and the project's own reader (lib/cbor_head.cpp, for the WebAssembly build, where libcbor's
// source is not available). tests/unit/test_cbor_head.cpp compares them on every short input and
// tests/fuzz/fuzz_cbor_heads.cpp on everything else, through the whole strict reader.
#pragma once

#include <cstddef>
#include <cstdint>
#include <qrseal/detail/cbor.hpp>
#include <qrseal/result.hpp>
#include <span>
#include <vector>

namespace qrseal::cbor::detail {

enum class head_kind : std::uint8_t {
  none,
  uint,
  negint,
  bytes,
  text,
  array,
  map,
  tag,
  indefinite,  // an indefinite-length byte string, text string, array or map (0x5f 0x7f 0x9f 0xbf)
  simple,      // false, true, null, undefined, a simple value or a float (major type 7)
  stop,        // the break byte 0xff
  refused,     // the initial byte is refused outright (reserved, or 31 where it means nothing)
  truncated,   // the input ends inside the head, or inside a string's content
};

struct head {
  head_kind kind = head_kind::none;
  std::uint64_t value = 0;             // integer, tag number, string length or element count
  const std::uint8_t* data = nullptr;  // bytes/text: the content
  std::size_t read = 0;                // bytes taken: the head, plus a string's content
};

// Reads the head at `data` (left >= 1 bytes remain); never reads past data + left.
using head_reader = head (*)(const std::uint8_t* data, std::size_t left) noexcept;

head read_head_own(const std::uint8_t* data, std::size_t left) noexcept;
head read_head_libcbor(const std::uint8_t* data, std::size_t left) noexcept;  // native only

// The strict reader (cbor::decode_strict) over a head source.
result<item> decode_strict_with(std::span<const std::uint8_t> input, decode_options options,
                                head_reader read);

// Appends the shortest head of major type `major` (0-7) with `argument` (RFC 8949 §4.2.1).
void append_head(std::vector<std::uint8_t>& out, unsigned major, std::uint64_t argument);

}  // namespace qrseal::cbor::detail
