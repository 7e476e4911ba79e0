// Internal to qrseal (include/qrseal/detail/ is not installed): used by the library and its tests.
// Strict deterministic CBOR (RFC 8949 §4.2.1) as the spec's "Strict CBOR" section demands:
// a writer that emits only shortest heads and definite lengths, and a reader that rejects
// everything else. Both sit on libcbor (its streaming decoder and allocation-free encoders).
#pragma once

#include <cstddef>
#include <cstdint>
#include <qrseal/result.hpp>
#include <span>
#include <string_view>
#include <vector>

namespace qrseal::cbor {

enum class kind : std::uint8_t { uint, negint, bytes, text, array, map, tag };

// One decoded item. Strings are views into the decoded input, which must outlive the item.
struct item {
  kind type = kind::uint;
  // uint: the value; negint: n where the value is -1 - n; tag: the tag number;
  // bytes/text: the length; array: the element count; map: the pair count.
  std::uint64_t value = 0;
  std::span<const std::uint8_t> content;  // bytes/text: the string's content bytes
  std::span<const std::uint8_t> encoded;  // the whole item as it was received
  // array: the elements; map: key0, value0, key1, value1, ...; tag: the one tagged item.
  std::vector<item> children;

  bool is_uint() const noexcept { return type == kind::uint; }
  bool is_integer() const noexcept { return type == kind::uint || type == kind::negint; }
  std::string_view text() const noexcept {
    return {reinterpret_cast<const char*>(content.data()), content.size()};
  }
  std::size_t map_size() const noexcept { return children.size() / 2; }
  const item& map_key(std::size_t i) const { return children[2 * i]; }
  const item& map_value(std::size_t i) const { return children[2 * i + 1]; }
  // True when this is an integer equal to `key`, compared as mathematical integers.
  bool equals_integer(std::int64_t key) const noexcept;
  // The value of the entry whose key is the integer `key`, or nullptr.
  const item* find(std::int64_t key) const noexcept;
};

struct decode_options {
  // Allow exactly one tag, 18, and only around the outermost item (COSE_Sign1).
  bool allow_outer_cose_tag = false;
  unsigned max_depth = 8;  // each array, map and tag is one level, the outermost at level 1
};

// Decodes exactly one item that must fill `input`; any departure from strict deterministic
// CBOR is an error naming the byte offset.
result<item> decode_strict(std::span<const std::uint8_t> input, decode_options options = {});

// Emits deterministic CBOR heads and strings. The caller writes map keys in sorted order
// (for the integer keys of this format: 1, 4, 5, ..., then negative keys).
class writer {
 public:
  writer& uint(std::uint64_t value);
  writer& integer(std::int64_t value);
  writer& negint_raw(std::uint64_t n);  // writes -1 - n
  writer& bytes(std::span<const std::uint8_t> data);
  writer& text(std::string_view utf8);
  writer& array(std::size_t count);
  writer& map(std::size_t pairs);
  writer& tag(std::uint64_t number);
  // Appends already-encoded CBOR (e.g. a nested item) unchanged.
  writer& raw(std::span<const std::uint8_t> encoded);

  const std::vector<std::uint8_t>& data() const noexcept { return out_; }
  std::vector<std::uint8_t> take() noexcept { return std::move(out_); }
  void clear() noexcept { out_.clear(); }
  void reserve(std::size_t n) { out_.reserve(n); }

 private:
  std::vector<std::uint8_t> out_;
};

}  // namespace qrseal::cbor
