// Issuing side: claims + issuing key -> QS1 text, checked before it is handed out.
#pragma once

#include <cstdint>
#include <optional>
#include <qrseal/body.hpp>
#include <qrseal/claims.hpp>
#include <qrseal/keys.hpp>
#include <qrseal/lists.hpp>
#include <qrseal/result.hpp>
#include <span>
#include <string>

namespace qrseal {

struct issue_options {
  compression body = compression::when_shorter;
  // Batch issuance checks a sample of its rows instead of every one (the check is a verify,
  // about three times the cost of the signature); single credentials are always checked.
  bool self_check = true;
};

// Signs the claims and then (unless options.self_check is off) verifies its own output (parse,
// signature, claims round trip) before returning it, as minisign does: a credential that would not
// verify is never issued.
result<std::string> issue_credential(const claims& c, const secret_key& issuing_key,
                                     const issue_options& options = {});

// 16 random bytes for a new credential's cti.
credential_id new_credential_id();

// A credential is valid this long from iat unless the authority says otherwise.
inline constexpr std::uint64_t default_validity = 72 * 3600;

// How claims written by an operator (a JSON template, a verdict re-used) are completed for
// signing: the issuer's iss, the signing time and the validity.
struct claims_completion {
  std::string iss;                     // the issuer's; the claims may repeat it, never differ
  std::uint64_t now = 0;               // the signing time
  bool now_given = false;              // iat = now even when the claims carry an iat
  std::optional<std::uint64_t> exp;    // an expiry given outright, else
  std::optional<std::uint64_t> valid;  // iat + valid, else the claims' exp, else iat + default
};
// The claims to sign: iss and iat set, exp after iat (invalid_argument otherwise), and a
// random cti where they have none.
result<claims> complete_claims(claims c, const claims_completion& how);

// Would verifiers holding `list` (signed by root `list_signer`) accept a credential with these
// claims signed by `key`? The error (not_issuable, or key_is_root) names the mistake: a root key
// used to issue, a key the list does not hold, another iss, iat outside the key's window, or
// exp - iat above the policy's max_validity. Checked before signing so a round of credentials
// that no verifier accepts is never made.
status check_issuable(const trust_list& list, const key_id& list_signer, const claims& c,
                      const public_key& key);

// A signed trust list as "QT1:" text for a printed key-update sheet.
result<std::string> trust_list_text(std::span<const std::uint8_t> trust_list_cose);

}  // namespace qrseal
