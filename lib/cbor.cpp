// Strict deterministic CBOR (cbor.hpp).
//
// Reading: a head source (cbor_head.hpp: libcbor's streaming decoder natively, the project's own
// head reader in the WebAssembly build) reads one head at a time and says what it was and how
// many bytes it took; everything else (shortest heads, key order, depth, tags, UTF-8, plausible
// lengths) is checked here, the same whichever source read the heads.
// Writing: shortest heads only (cbor_head.cpp's append_head).
//
// Error codes, precisely:
//   cbor_truncated  the input ends inside a head, or where another item is required;
//   cbor_too_large  a string length or element count larger than the bytes that remain after
//                   its head (each element needs at least one byte), caught before anything is
//                   allocated or read;
//   cbor_reserved   additional information 28-30 in any major type;
//   cbor_indefinite additional information 31: indefinite-length strings, arrays and maps, and
//                   also 0x1f/0x3f/0xdf and a stray break (0xff), which only make sense there;
//   cbor_simple     any other major-type-7 item (false, true, null, undefined, simple, floats).
#include <algorithm>
#include <cstring>
#include <qrseal/detail/cbor.hpp>
#include <qrseal/utf8.hpp>
#include <string>

#include "cbor_head.hpp"

namespace qrseal::cbor {

using detail::head_kind;

namespace {

// Size of the shortest head that carries `argument`.
constexpr std::size_t shortest_head(std::uint64_t argument) noexcept {
  if (argument < 24) return 1;
  if (argument <= 0xff) return 2;
  if (argument <= 0xffff) return 3;
  if (argument <= 0xffffffff) return 5;
  return 9;
}

// Size of a head from its additional information (0-27 only).
constexpr std::size_t head_size(unsigned additional) noexcept {
  if (additional < 24) return 1;
  return 1 + (std::size_t{1} << (additional - 24));
}

// The argument of a complete head (additional information 0-27).
std::uint64_t head_argument(const std::uint8_t* head) noexcept {
  const unsigned additional = head[0] & 0x1fu;
  if (additional < 24) return additional;
  std::uint64_t v = 0;
  for (std::size_t i = 1; i < head_size(additional); ++i) v = (v << 8) | head[i];
  return v;
}

const char* kind_name(kind k) noexcept {
  switch (k) {
    case kind::uint:
      return "unsigned integer";
    case kind::negint:
      return "negative integer";
    case kind::bytes:
      return "byte string";
    case kind::text:
      return "text string";
    case kind::array:
      return "array";
    case kind::map:
      return "map";
    case kind::tag:
      return "tag";
  }
  return "item";
}

const char* major_name(unsigned major) noexcept {
  static constexpr const char* names[] = {"unsigned integer",
                                          "negative integer",
                                          "byte string",
                                          "text string",
                                          "array",
                                          "map",
                                          "tag",
                                          "simple value or float"};
  return names[major & 7u];
}

const char* simple_name(std::uint8_t initial) noexcept {
  switch (initial) {
    case 0xf4:
      return "false";
    case 0xf5:
      return "true";
    case 0xf6:
      return "null";
    case 0xf7:
      return "undefined";
    case 0xf9:
      return "half-precision float";
    case 0xfa:
      return "single-precision float";
    case 0xfb:
      return "double-precision float";
    default:
      return "simple value";
  }
}

// "1 byte", "2 bytes".
std::string count_of(std::uint64_t n, const char* noun) {
  return std::to_string(n) + " " + noun + (n == 1 ? "" : "s");
}

std::string hex_byte(std::uint8_t b) {
  static constexpr char digits[] = "0123456789abcdef";
  return std::string{"0x"} + digits[b >> 4] + digits[b & 0x0f];
}

error fail(errc code, std::size_t offset, const std::string& why) {
  return error{code, "CBOR: " + why + " (at byte offset " + std::to_string(offset) + ")"};
}

// Bytewise lexicographic order of deterministic encodings (RFC 8949 §4.2.1).
int compare_encoded(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b) noexcept {
  const std::size_t common = std::min(a.size(), b.size());
  if (common != 0) {
    if (const int c = std::memcmp(a.data(), b.data(), common); c != 0) return c;
  }
  return a.size() < b.size() ? -1 : (a.size() > b.size() ? 1 : 0);
}

// An array, map or tag whose children are still being read.
struct open_container {
  item* node;
  std::uint64_t children_left;  // maps count keys and values separately
  std::size_t start;            // offset of its head
};

// Open containers, innermost last. Nesting is at most max_depth (8 by default), so the usual
// case never touches the heap; a caller who raises max_depth gets a vector beyond 16.
class container_stack {
 public:
  bool empty() const noexcept { return size_ == 0; }
  std::size_t size() const noexcept { return size_; }
  open_container& top() noexcept { return at(size_ - 1); }
  void push(const open_container& c) {
    if (size_ >= k_inline)
      overflow_.push_back(c);
    else
      inline_[size_] = c;
    ++size_;
  }
  void pop() noexcept {
    --size_;
    if (size_ >= k_inline) overflow_.pop_back();
  }

 private:
  static constexpr std::size_t k_inline = 16;
  open_container& at(std::size_t i) noexcept {
    return i < k_inline ? inline_[i] : overflow_[i - k_inline];
  }
  open_container inline_[k_inline];
  std::vector<open_container> overflow_;
  std::size_t size_ = 0;
};

}  // namespace

bool item::equals_integer(std::int64_t key) const noexcept {
  if (type == kind::uint) return key >= 0 && value == static_cast<std::uint64_t>(key);
  // -1 - key stays in range for every negative key, INT64_MIN included (it gives INT64_MAX).
  if (type == kind::negint) return key < 0 && value == static_cast<std::uint64_t>(-1 - key);
  return false;
}

const item* item::find(std::int64_t key) const noexcept {
  if (type != kind::map) return nullptr;
  for (std::size_t i = 0; i + 1 < children.size(); i += 2) {
    if (children[i].equals_integer(key)) return &children[i + 1];
  }
  return nullptr;
}

namespace detail {

result<item> decode_strict_with(std::span<const std::uint8_t> input, decode_options options,
                                head_reader read) {
  const std::uint8_t* const data = input.data();
  const std::size_t size = input.size();
  std::size_t pos = 0;
  item root;
  container_stack open;

  for (;;) {
    if (pos == size) {
      if (size == 0) return fail(errc::cbor_truncated, 0, "empty input");
      return fail(errc::cbor_truncated, pos,
                  "input ends where the " + std::string{kind_name(open.top().node->type)} +
                      " opened at byte offset " + std::to_string(open.top().start) +
                      " needs another item");
    }
    const std::size_t start = pos;
    const std::size_t left = size - pos;
    const std::uint8_t initial = data[pos];
    const unsigned major = initial >> 5;
    const unsigned additional = initial & 0x1fu;

    head ev = read(data + pos, left);

    if (ev.kind == head_kind::refused) {
      if (major == 6 && additional < 24) {
        // libcbor 0.8 refuses the one-byte tags 6-20 as "unassigned", among them 0xd2, the
        // only valid form of tag 18 (COSE_Sign1); the tag number is in the initial byte.
        ev = {head_kind::tag, additional, nullptr, 1};
      } else if (additional >= 28 && additional <= 30) {
        return fail(errc::cbor_reserved, start,
                    "reserved additional information " + std::to_string(additional) + " in " +
                        hex_byte(initial));
      } else if (additional == 31) {
        return fail(errc::cbor_indefinite, start,
                    "additional information 31 (" + hex_byte(initial) + ") in major type " +
                        std::to_string(major) + " (" + major_name(major) + ")");
      } else if (major == 7) {
        return fail(
            errc::cbor_simple, start,
            std::string{simple_name(initial)} + " (" + hex_byte(initial) + ") is not allowed");
      } else {
        return fail(errc::cbor_reserved, start, "the head " + hex_byte(initial) + " is refused");
      }
    } else if (ev.kind == head_kind::truncated) {
      if (major == 7) {
        // Rejected whatever its length: the type matters more than the missing bytes.
        return fail(
            errc::cbor_simple, start,
            std::string{simple_name(initial)} + " (" + hex_byte(initial) + ") is not allowed");
      }
      const std::size_t need = head_size(additional);
      if (left < need) {
        return fail(errc::cbor_truncated, start,
                    "input ends inside a head of major type " + std::to_string(major) + " (" +
                        major_name(major) + "): it needs " + count_of(need, "byte") + ", " +
                        std::to_string(left) + " remain");
      }
      // The head is complete, so only a string's content can be missing.
      const std::uint64_t length = head_argument(data + pos);
      if (shortest_head(length) != need) {
        return fail(errc::cbor_non_shortest, start,
                    std::string{major_name(major)} + " length " + std::to_string(length) +
                        " is encoded in a " + std::to_string(need) + "-byte head instead of " +
                        std::to_string(shortest_head(length)));
      }
      return fail(errc::cbor_too_large, start,
                  std::string{major_name(major)} + " declares " + count_of(length, "byte") +
                      " but the rest of the input is " + count_of(left - need, "byte"));
    }

    // A complete head (and string content) of ev.read bytes.
    kind type = kind::uint;
    std::size_t head_len = ev.read;
    switch (ev.kind) {
      case head_kind::uint:
        type = kind::uint;
        break;
      case head_kind::negint:
        type = kind::negint;
        break;
      case head_kind::bytes:
        type = kind::bytes;
        head_len = ev.read - static_cast<std::size_t>(ev.value);
        break;
      case head_kind::text:
        type = kind::text;
        head_len = ev.read - static_cast<std::size_t>(ev.value);
        break;
      case head_kind::array:
        type = kind::array;
        break;
      case head_kind::map:
        type = kind::map;
        break;
      case head_kind::tag:
        type = kind::tag;
        break;
      case head_kind::indefinite:
        return fail(
            errc::cbor_indefinite, start,
            "indefinite-length " + std::string{major_name(major)} + " (" + hex_byte(initial) + ")");
      case head_kind::stop:
        return fail(errc::cbor_indefinite, start, "break (0xff) outside an indefinite-length item");
      case head_kind::simple:
        return fail(
            errc::cbor_simple, start,
            std::string{simple_name(initial)} + " (" + hex_byte(initial) + ") is not allowed");
      case head_kind::none:
      case head_kind::refused:
      case head_kind::truncated:
        return fail(errc::cbor_reserved, start,
                    "the head reader gave no item for the head " + hex_byte(initial));
    }

    if (head_len != shortest_head(ev.value)) {
      const char* what = type == kind::bytes || type == kind::text  ? " length "
                         : type == kind::array || type == kind::map ? " count "
                         : type == kind::tag                        ? " number "
                                                                    : " ";
      return fail(errc::cbor_non_shortest, start,
                  std::string{kind_name(type)} + what + std::to_string(ev.value) +
                      " is encoded in a " + std::to_string(head_len) + "-byte head instead of " +
                      std::to_string(shortest_head(ev.value)));
    }

    if (type == kind::tag) {
      const bool outer_cose = options.allow_outer_cose_tag && ev.value == 18 && open.empty();
      if (!outer_cose) {
        std::string why = "tag " + std::to_string(ev.value) + " is not allowed";
        if (ev.value == 18 && options.allow_outer_cose_tag) why += " inside another item";
        return fail(errc::cbor_tag, start, why);
      }
    }

    const bool container = type == kind::array || type == kind::map || type == kind::tag;
    if (container && open.size() >= options.max_depth) {
      return fail(errc::cbor_too_deep, start,
                  std::string{kind_name(type)} + " at nesting level " +
                      std::to_string(open.size() + 1) + " exceeds the limit of " +
                      std::to_string(options.max_depth));
    }

    std::uint64_t children = 0;
    if (container) {
      children = type == kind::tag ? 1 : ev.value;
      const std::size_t after = left - ev.read;
      // Each child needs at least one byte: a count beyond that is refused before reserving.
      const bool fits = type == kind::map ? ev.value <= after / 2 : ev.value <= after;
      if (type != kind::tag && !fits) {
        return fail(errc::cbor_too_large, start,
                    std::string{kind_name(type)} + " declares " +
                        count_of(ev.value, type == kind::map ? "pair" : "element") +
                        " but the rest of the input is " + count_of(after, "byte"));
      }
      if (type == kind::map) children *= 2;
    }

    if (type == kind::text) {
      const std::string_view text{reinterpret_cast<const char*>(ev.data),
                                  static_cast<std::size_t>(ev.value)};
      if (!is_valid_utf8(text)) {
        return fail(
            errc::cbor_bad_utf8, start,
            "text string of " + count_of(ev.value, "byte") + " is not valid UTF-8 (RFC 3629)");
      }
    }

    // Place the item: the root, or the next child of the innermost open container. Children
    // were reserved to their exact count, so earlier siblings (which may be open) never move.
    item& it = open.empty() ? root : open.top().node->children.emplace_back();
    it.type = type;
    it.value = ev.value;
    pos += ev.read;
    if (type == kind::bytes || type == kind::text) {
      it.content = {ev.data, static_cast<std::size_t>(ev.value)};
    }
    if (children != 0) {
      it.children.reserve(static_cast<std::size_t>(children));
      open.push({&it, children, start});
      continue;
    }
    it.encoded = {data + start, pos - start};

    // The item is complete; close every container it completes in turn.
    while (!open.empty()) {
      open_container& parent = open.top();
      std::vector<item>& siblings = parent.node->children;
      if (parent.node->type == kind::map && siblings.size() % 2 == 1 && siblings.size() >= 3) {
        const item& key = siblings[siblings.size() - 1];
        const item& previous = siblings[siblings.size() - 3];
        const int order = compare_encoded(previous.encoded, key.encoded);
        const std::size_t key_offset = static_cast<std::size_t>(key.encoded.data() - data);
        if (order == 0) {
          return fail(errc::cbor_duplicate_key, key_offset,
                      "map key equals the previous key of the map at byte offset " +
                          std::to_string(parent.start));
        }
        if (order > 0) {
          return fail(errc::cbor_unsorted_keys, key_offset,
                      "map key sorts before the previous key of the map at byte offset " +
                          std::to_string(parent.start) +
                          " (keys must ascend bytewise by their "
                          "encodings, RFC 8949 4.2.1)");
        }
      }
      if (--parent.children_left != 0) break;
      parent.node->encoded = {data + parent.start, pos - parent.start};
      open.pop();
    }
    if (open.empty()) break;
  }

  if (pos != size) {
    return fail(errc::cbor_trailing, pos,
                count_of(size - pos, "byte") + " after the item, which ends here");
  }
  return root;
}

}  // namespace detail

writer& writer::uint(std::uint64_t value) {
  detail::append_head(out_, 0, value);
  return *this;
}

writer& writer::integer(std::int64_t value) {
  if (value >= 0) return uint(static_cast<std::uint64_t>(value));
  return negint_raw(static_cast<std::uint64_t>(-1 - value));  // safe for INT64_MIN
}

writer& writer::negint_raw(std::uint64_t n) {
  detail::append_head(out_, 1, n);
  return *this;
}

writer& writer::bytes(std::span<const std::uint8_t> data) {
  detail::append_head(out_, 2, data.size());
  out_.insert(out_.end(), data.begin(), data.end());
  return *this;
}

writer& writer::text(std::string_view utf8) {
  detail::append_head(out_, 3, utf8.size());
  out_.insert(out_.end(), utf8.begin(), utf8.end());
  return *this;
}

writer& writer::array(std::size_t count) {
  detail::append_head(out_, 4, count);
  return *this;
}

writer& writer::map(std::size_t pairs) {
  detail::append_head(out_, 5, pairs);
  return *this;
}

writer& writer::tag(std::uint64_t number) {
  detail::append_head(out_, 6, number);
  return *this;
}

writer& writer::raw(std::span<const std::uint8_t> encoded) {
  out_.insert(out_.end(), encoded.begin(), encoded.end());
  return *this;
}

}  // namespace qrseal::cbor
