// Differential: the strict CBOR reader on the project's own head reader (lib/cbor_head.cpp, the
// WebAssembly build's) and on libcbor's (lib/cbor_libcbor.cpp, the native build's) must agree on
// every input: the same tree (types, values, offsets), or the same error code and message.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <qrseal/detail/cbor.hpp>
#include <span>

#include "cbor_head.hpp"

namespace {

using qrseal::cbor::item;

void check_same(const item& a, const item& b) {
  if (a.type != b.type || a.value != b.value || a.encoded.data() != b.encoded.data() ||
      a.encoded.size() != b.encoded.size() || a.content.data() != b.content.data() ||
      a.content.size() != b.content.size() || a.children.size() != b.children.size())
    std::abort();
  for (std::size_t i = 0; i < a.children.size(); ++i) check_same(a.children[i], b.children[i]);
}

void compare(std::span<const std::uint8_t> input, qrseal::cbor::decode_options options) {
  using namespace qrseal::cbor::detail;
  auto ours = decode_strict_with(input, options, read_head_own);
  auto theirs = decode_strict_with(input, options, read_head_libcbor);
  if (static_cast<bool>(ours) != static_cast<bool>(theirs)) std::abort();
  if (!ours) {
    if (ours.code() != theirs.code() || ours.error().message != theirs.error().message)
      std::abort();
    return;
  }
  check_same(*ours, *theirs);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::span<const std::uint8_t> input(data, size);
  compare(input, {});
  compare(input, {.allow_outer_cose_tag = true, .max_depth = 8});
  compare(input, {.allow_outer_cose_tag = false, .max_depth = 64});
  return 0;
}
