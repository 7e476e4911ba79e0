// The strict CBOR reader, with and without the outer COSE tag; what it accepts must be
// deterministic CBOR, so re-encoding the accepted tree gives the input back byte for byte.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <qrseal/detail/cbor.hpp>
#include <span>

namespace {

void write(qrseal::cbor::writer& w, const qrseal::cbor::item& it) {
  using qrseal::cbor::kind;
  switch (it.type) {
    case kind::uint: w.uint(it.value); break;
    case kind::negint: w.negint_raw(it.value); break;
    case kind::bytes: w.bytes(it.content); break;
    case kind::text: w.text(it.text()); break;
    case kind::array: w.array(it.children.size()); break;
    case kind::map: w.map(it.children.size() / 2); break;
    case kind::tag: w.tag(it.value); break;
  }
  for (const auto& child : it.children) write(w, child);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::span<const std::uint8_t> input(data, size);
  for (bool tagged : {false, true}) {
    auto item = qrseal::cbor::decode_strict(input, {.allow_outer_cose_tag = tagged});
    if (!item) continue;
    if (item->encoded.size() != size) std::abort();
    qrseal::cbor::writer w;
    write(w, *item);
    const auto& out = w.data();
    if (out.size() != size || !std::equal(out.begin(), out.end(), data)) std::abort();
  }
  return 0;
}
