// Differential: whatever the strict reader accepts, libcbor's plain decoder (cbor_load) must
// accept too, reading the same number of bytes and agreeing on the top-level type and value.
#include <cbor.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <qrseal/detail/cbor.hpp>
#include <span>

namespace {

void check_same(const qrseal::cbor::item& ours, cbor_item_t* theirs) {
  using qrseal::cbor::kind;
  switch (ours.type) {
    case kind::uint:
      if (!cbor_isa_uint(theirs) || cbor_get_int(theirs) != ours.value) std::abort();
      break;
    case kind::negint:
      if (!cbor_isa_negint(theirs) || cbor_get_int(theirs) != ours.value) std::abort();
      break;
    case kind::bytes:
      if (!cbor_isa_bytestring(theirs) || !cbor_bytestring_is_definite(theirs) ||
          cbor_bytestring_length(theirs) != ours.content.size() ||
          (ours.content.size() != 0 &&
           std::memcmp(cbor_bytestring_handle(theirs), ours.content.data(), ours.content.size())))
        std::abort();
      break;
    case kind::text:
      if (!cbor_isa_string(theirs) || !cbor_string_is_definite(theirs) ||
          cbor_string_length(theirs) != ours.content.size() ||
          (ours.content.size() != 0 &&
           std::memcmp(cbor_string_handle(theirs), ours.content.data(), ours.content.size())))
        std::abort();
      break;
    case kind::array: {
      if (!cbor_isa_array(theirs) || cbor_array_size(theirs) != ours.children.size()) std::abort();
      cbor_item_t** items = cbor_array_handle(theirs);
      for (std::size_t i = 0; i < ours.children.size(); ++i) check_same(ours.children[i], items[i]);
      break;
    }
    case kind::map: {
      if (!cbor_isa_map(theirs) || cbor_map_size(theirs) != ours.children.size() / 2) std::abort();
      cbor_pair* pairs = cbor_map_handle(theirs);
      for (std::size_t i = 0; i < ours.children.size() / 2; ++i) {
        check_same(ours.children[2 * i], pairs[i].key);
        check_same(ours.children[2 * i + 1], pairs[i].value);
      }
      break;
    }
    case kind::tag: {
      if (!cbor_isa_tag(theirs) || cbor_tag_value(theirs) != ours.value) std::abort();
      cbor_item_t* inner = cbor_tag_item(theirs);
      check_same(ours.children.at(0), inner);
      cbor_decref(&inner);
      break;
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::span<const std::uint8_t> input(data, size);
  auto ours = qrseal::cbor::decode_strict(input, {.allow_outer_cose_tag = true});
  if (!ours) return 0;
  // libcbor 0.8 (Debian 12) refuses the one-byte tag heads 0xC6-0xD4 (tags 6-20) as malformed,
  // so its decoder cannot read tag 18 at all: compare the tagged item after the D2 head instead.
  const qrseal::cbor::item* compared = &*ours;
  std::size_t skip = 0;
  if (ours->type == qrseal::cbor::kind::tag) {
    if (ours->value != 18 || data[0] != 0xD2 || ours->children.size() != 1) std::abort();
    compared = &ours->children[0];
    skip = 1;
  }
  cbor_load_result res{};
  cbor_item_t* theirs = cbor_load(data + skip, size - skip, &res);
  if (theirs == nullptr || res.error.code != CBOR_ERR_NONE) std::abort();
  if (res.read != size - skip) std::abort();
  check_same(*compared, theirs);
  cbor_decref(&theirs);
  return 0;
}
