// Issuing checked against the trust list verifiers will hold, so that an issuer never signs what
// they would refuse (a wrong iss, an unlisted key, a key used outside its window, too long a
// validity). The list comes from the operator's own file or from a checkpoint state directory.
#pragma once

#include <cstdint>
#include <optional>
#include <qrseal/claims.hpp>
#include <qrseal/keys.hpp>
#include <qrseal/lists.hpp>
#include <qrseal/result.hpp>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace qrseal {

struct issue_trust {
  trust_list list;
  key_id signer{};                // the root that signed the list, as its header names it
  std::vector<public_key> roots;  // a state directory's pinned roots
};

// The operator's trust list file: checked against `root` when given, else read strictly without
// the signature (it only guards against mistakes, it decides no verdict). `source` names the file
// in messages, e.g. "--trust 'trust.cose'"; a revocation list given in its place is named so.
result<issue_trust> issue_trust_from_file(std::span<const std::uint8_t> cose,
                                          const std::optional<public_key>& root,
                                          std::string_view source);

// A checkpoint state directory's trust list and pinned roots; state_error when it holds no trust
// list. `source` names the directory in messages, e.g. "--state 'dir'".
result<issue_trust> issue_trust_from_state(const std::string& dir, std::string_view source);

// check_issuable (issuer.hpp) for `c` signed by `key`, worded "refusing to sign: ...". A key that
// is one of the pinned roots is named as a root (key_is_root).
status check_before_signing(const issue_trust& trust, const claims& c, const public_key& key);

}  // namespace qrseal
