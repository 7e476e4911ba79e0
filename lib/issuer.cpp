#include <sodium.h>

#include <qrseal/cose.hpp>
#include <qrseal/issuer.hpp>
#include <qrseal/text.hpp>

#include "sodium_init.hpp"

namespace qrseal {
namespace {

error self_check_failed(std::string why) {
  return error{errc::crypto_failure, "issue: self-check failed, nothing issued: " + why};
}

// Reads the text back the way a verifier would, and checks it says what was signed.
status check_issued(const std::string& text, const claims& expected, const public_key& key) {
  auto split = split_qr_text(text);
  if (!split) return self_check_failed(split.error().message);
  auto body = decode_body(split->bytes);
  if (!body) return self_check_failed(body.error().message);
  auto cose = parse_cose_sign1(body->cose);
  if (!cose) return self_check_failed(cose.error().message);
  if (!verify_cose_sign1(*cose, document_type::credential, key))
    return self_check_failed("signature does not verify");
  auto decoded = decode_claims(cose->payload);
  if (!decoded) return self_check_failed(decoded.error().message);
  if (!(*decoded == expected)) return self_check_failed("claims differ after a round trip");
  return success();
}

}  // namespace

credential_id new_credential_id() {
  detail::ensure_sodium();
  credential_id id;
  randombytes_buf(id.data(), id.size());
  return id;
}

result<std::string> issue_credential(const claims& c, const secret_key& issuing_key,
                                     const issue_options& options) {
  if (auto s = validate_claims(c); !s) return std::move(s).error();
  const auto payload = encode_claims(c);
  const auto cose = sign_cose_sign1(document_type::credential, payload, issuing_key);
  std::string text = join_qr_text(text_kind::credential, encode_body(cose, options.body));
  if (text.size() > max_qr_text)
    return error{errc::text_too_long, "issue: credential text has " + std::to_string(text.size()) +
                                          " characters, more than a QR code holds (4296)"};
  if (options.self_check)
    if (auto s = check_issued(text, c, issuing_key.public_key()); !s) return std::move(s).error();
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

}  // namespace qrseal
