#include <sodium.h>

#include <qrseal/cose.hpp>
#include <qrseal/decode.hpp>
#include <qrseal/hex.hpp>
#include <qrseal/issuer.hpp>
#include <qrseal/time.hpp>

#include "sodium_init.hpp"
#include "try.hpp"

namespace qrseal {
namespace {

error self_check_failed(std::string why) {
  return error{errc::crypto_failure, "issue: self-check failed, nothing issued: " + why};
}

// Reads the text back the way a verifier would, and checks it says what was signed.
status check_issued(const std::string& text, const claims& expected, const public_key& key) {
  const decoded_text d = decode_text(text);
  if (!d.complete()) return self_check_failed(d.failure->message);
  if (!verify_cose_sign1(*d.cose, document_type::credential, key))
    return self_check_failed("signature does not verify");
  if (!(*d.credential == expected)) return self_check_failed("claims differ after a round trip");
  return success();
}

}  // namespace

credential_id new_credential_id() {
  detail::ensure_sodium();
  credential_id id;
  randombytes_buf(id.data(), id.size());
  return id;
}

result<claims> complete_claims(claims c, const claims_completion& how) {
  if (!c.iss.empty() && c.iss != how.iss)
    return error{errc::invalid_argument,
                 "the claims give iss '" + c.iss + "' but the issuer's is '" + how.iss + "'"};
  c.iss = how.iss;
  if (how.now_given || c.iat == 0) c.iat = how.now;
  if (how.exp)
    c.exp = *how.exp;
  else if (how.valid)
    c.exp = c.iat + *how.valid;
  else if (c.exp == 0)
    c.exp = c.iat + default_validity;
  if (c.exp <= c.iat)
    return error{errc::invalid_argument,
                 "exp is not after iat: the credential would never be valid"};
  if (c.cti == credential_id{}) c.cti = new_credential_id();
  return c;
}

result<std::string> issue_credential(const claims& c, const secret_key& issuing_key,
                                     const issue_options& options) {
  QRSEAL_TRY_STATUS(validate_claims(c));
  const auto payload = encode_claims(c);
  const auto cose = sign_cose_sign1(document_type::credential, payload, issuing_key);
  std::string text = join_qr_text(text_kind::credential, encode_body(cose, options.body));
  if (text.size() > max_qr_text)
    return error{errc::text_too_long, "issue: credential text has " + std::to_string(text.size()) +
                                          " characters, more than a QR code holds (4296)"};
  if (options.self_check) QRSEAL_TRY_STATUS(check_issued(text, c, issuing_key.public_key()));
  return text;
}

result<std::string> trust_list_text(std::span<const std::uint8_t> trust_list_cose) {
  std::string text = join_qr_text(text_kind::trust_list, encode_body(trust_list_cose));
  if (text.size() > max_qr_text)
    return error{errc::text_too_long, "trust list is " + std::to_string(text.size()) +
                                          " characters as QT1 text, more than one QR code "
                                          "holds (4296); split the entries over fewer keys"};
  return text;
}

status check_issuable(const trust_list& list, const key_id& list_signer, const claims& c,
                      const public_key& key) {
  const key_id kid = key.kid();
  const std::string seq = " (trust list seq " + std::to_string(list.seq) + ")";
  auto refuse = [](std::string why) { return error{errc::not_issuable, std::move(why)}; };
  if (kid == list_signer)
    return error{errc::key_is_root, "this key (kid " + to_hex(kid) +
                                        ") is the root that signs the trust list: sign trust "
                                        "lists with it, issue with an issuer key"};
  std::vector<const trust_entry*> of_key;
  for (const trust_entry& e : list.entries)
    if (e.key.kid() == kid) of_key.push_back(&e);
  if (of_key.empty())
    return refuse("key " + to_hex(kid) + " is not in the trust list" + seq +
                  ": every verifier would answer unknown_key. Use a listed issuer key, or add "
                  "this one with trust build and publish the list first");
  if (!allows_signing(list, kid, c.iss, c.iat)) {
    bool iss_listed = false;
    std::string windows;
    for (const trust_entry* e : of_key) {
      if (e->iss == c.iss) iss_listed = true;
      windows += (windows.empty() ? "" : "; ") + std::string("'") + e->iss + "' from " +
                 format_rfc3339(static_cast<std::int64_t>(e->not_before)) + " to " +
                 format_rfc3339(static_cast<std::int64_t>(e->not_after));
    }
    if (!iss_listed)
      return refuse("the trust list" + seq + " lets key " + to_hex(kid) + " sign for " + windows +
                    ", not for iss '" + c.iss +
                    "': every verifier would answer key_not_valid. Check --iss");
    return refuse("iat " + format_rfc3339(static_cast<std::int64_t>(c.iat)) +
                  " is outside the window of key " + to_hex(kid) + " in the trust list" + seq +
                  " (" + windows +
                  "): every verifier would answer key_not_valid. Check --now, "
                  "or use the key whose window holds this time");
  }
  if (list.policy && list.policy->max_validity && c.exp > c.iat &&
      c.exp - c.iat > *list.policy->max_validity)
    return refuse("the validity (exp - iat) is " + std::to_string(c.exp - c.iat) +
                  " s, above the trust list's max_validity of " +
                  std::to_string(*list.policy->max_validity) + " s" + seq +
                  ": every verifier would answer key_not_valid. Shorten --valid");
  return success();
}

}  // namespace qrseal
