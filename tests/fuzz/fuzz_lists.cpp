// Trust and revocation list loading against the vectors' pinned root, and offering the bytes
// (and a QT1 text) to a verifier.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <qrseal/lists.hpp>
#include <qrseal/verifier.hpp>
#include <span>
#include <string_view>
#include <vector>

#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace qrseal;
  static const std::vector<public_key> roots{fuzz::vector_key("root").public_key()};
  const std::span<const std::uint8_t> bytes(data, size);
  auto trust = load_trust_list(bytes, roots);
  if ((trust.result == list_result::accepted) != trust.list.has_value()) std::abort();
  auto revocations = load_revocation_list(bytes, roots);
  if ((revocations.result == list_result::accepted) != revocations.list.has_value()) std::abort();
  if (revocations.list) {
    const auto& p = revocations.list->prefixes;
    if (p.size() % 8 != 0) std::abort();
    for (std::size_t i = 0; i < revocations.list->size(); ++i) {
      revocation_prefix one{};
      std::copy(p.begin() + static_cast<std::ptrdiff_t>(8 * i),
                p.begin() + static_cast<std::ptrdiff_t>(8 * i + 8), one.begin());
      if (!revocations.list->contains(one)) std::abort();
    }
  }
  verifier v(roots);
  (void)v.offer_trust_list(bytes);
  (void)v.offer_revocation_list(bytes);
  (void)v.offer_trust_list_text(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
