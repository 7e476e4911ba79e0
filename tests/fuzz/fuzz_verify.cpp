// The whole offline check, verifier::verify(text), for QS1, QL1 and QT1 texts and anything
// else, with a fixed verifier: the vectors' root pinned, a trust list naming issuer-a for
// CN-610100, and a revocation list, checked an hour after the vectors' T.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <qrseal/lists.hpp>
#include <qrseal/verifier.hpp>
#include <string_view>
#include <vector>

#include "fuzz_common.hpp"

namespace {

using namespace qrseal;

verifier make_verifier() {
  const secret_key root = fuzz::vector_key("root");
  const secret_key issuer = fuzz::vector_key("issuer-a");
  trust_list list;
  list.seq = 5;
  list.issued_at = fuzz::t - fuzz::day;
  list.next_update = fuzz::t + 31 * fuzz::day;
  list.entries.push_back(
      trust_entry{issuer.public_key(), "CN-610100", fuzz::t - 365 * fuzz::day, fuzz::t + 365 * fuzz::day});
  verifier v({root.public_key()});
  auto trust = sign_trust_list(list, root);
  if (!trust || v.offer_trust_list(*trust).result != list_result::accepted) std::abort();
  credential_id revoked{};
  revoked.fill(0x5A);
  auto revocations = sign_revocation_list(3, fuzz::t - fuzz::day, fuzz::t + 7 * fuzz::day,
                                          {revocation_prefix_of(revoked)}, root);
  if (!revocations || v.offer_revocation_list(*revocations).result != list_result::accepted)
    std::abort();
  return v;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const verifier v = make_verifier();
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const verification verdict = v.verify(text, static_cast<std::int64_t>(fuzz::t + 3600));
  // Claims are shown only once the signature has been checked.
  if (verdict.credential() && verdict.outcome() < outcome::key_not_valid) std::abort();
  return 0;
}
