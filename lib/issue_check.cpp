#include <qrseal/device_state.hpp>
#include <qrseal/issue_check.hpp>
#include <qrseal/issuer.hpp>

#include "try.hpp"

namespace qrseal {

result<issue_trust> issue_trust_from_file(std::span<const std::uint8_t> cose,
                                          const std::optional<public_key>& root,
                                          std::string_view source) {
  loaded_list<trust_list> loaded;
  if (root)
    loaded = load_trust_list(cose, std::span<const public_key>(&*root, 1));
  else
    loaded = read_trust_list_unchecked(cose);
  if (!loaded.list) {
    if (read_revocation_list_unchecked(cose).list)
      return error{errc::list_malformed,
                   std::string(source) + " is a revocation list, not a trust list"};
    return error{
        error_code_of(loaded.result),
        std::string(source) + ": " + std::string(to_string(loaded.result)) + ": " + loaded.message};
  }
  return issue_trust{std::move(*loaded.list), loaded.signer, {}};
}

result<issue_trust> issue_trust_from_state(const std::string& dir, std::string_view source) {
  QRSEAL_TRY(state, device_state::open(dir));
  QRSEAL_TRY(v, state.make_verifier());
  if (!v.trust())
    return error{errc::state_error, std::string(source) + " holds no trust list to check against"};
  return issue_trust{*v.trust(), key_id{}, state.roots()};
}

status check_before_signing(const issue_trust& trust, const claims& c, const public_key& key) {
  key_id signer = trust.signer;
  for (const public_key& root : trust.roots)
    if (root == key) signer = root.kid();
  if (auto s = check_issuable(trust.list, signer, c, key); !s)
    return error{s.code(), "refusing to sign: " + s.error().message};
  return success();
}

}  // namespace qrseal
