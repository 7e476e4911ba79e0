// The offline check (spec §5): every outcome end to end through verifier::verify(text, now), the
// precedence between neighbours, warnings, display fields, policy combination, list offers,
// extreme times and concurrent use.
#include <gtest/gtest.h>
#include <sodium.h>
#include <zlib.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <limits>
#include <qrseal/body.hpp>
#include <qrseal/cose.hpp>
#include <qrseal/detail/base45.hpp>
#include <qrseal/detail/cbor.hpp>
#include <qrseal/issuer.hpp>
#include <qrseal/live.hpp>
#include <qrseal/text.hpp>
#include <qrseal/verifier.hpp>
#include <string>
#include <thread>
#include <vector>

#include "fixtures.hpp"

namespace qrseal {
namespace {

using namespace fixtures;

constexpr std::int64_t i64(std::uint64_t t) { return static_cast<std::int64_t>(t); }

// The COSE_Sign1 of `c` signed by `key`, without the issuer's self-check (so it may be broken).
bytes credential_cose(const claims& c, const secret_key& key = issuer_a()) {
  return sign_cose_sign1(document_type::credential, encode_claims(c), key);
}

// QS1 text around COSE bytes, raw body.
std::string qs1_of_cose(std::span<const std::uint8_t> cose) {
  return join_qr_text(text_kind::credential, encode_body(cose, compression::never));
}

// QS1 text around any body bytes.
std::string qs1_of_body(std::span<const std::uint8_t> body) {
  return join_qr_text(text_kind::credential, body);
}

bytes zlib_compress(std::span<const std::uint8_t> data, int level) {
  uLongf size = compressBound(static_cast<uLong>(data.size()));
  bytes out(size);
  EXPECT_EQ(compress2(out.data(), &size, data.data(), static_cast<uLong>(data.size()), level),
            Z_OK);
  out.resize(size);
  return out;
}

// A QL1 text built by hand: `signer` signs the message for `signed_t`, the array carries `t`.
std::string ql1_of(std::span<const std::uint8_t> cred, std::uint64_t t, const secret_key& signer,
                   std::optional<std::uint64_t> signed_t = std::nullopt) {
  const signature sig = signer.sign(live_signed_message(cred, signed_t.value_or(t)));
  cbor::writer w;
  w.array(3).bytes(cred).uint(t).bytes(sig);
  return join_qr_text(text_kind::live, w.data());
}

// Live code through the real holder-side function.
std::string live_of(const std::string& qs1, std::int64_t t) {
  auto text = make_live_code(qs1, holder_key(), static_cast<std::uint64_t>(t));
  if (!text) {
    ADD_FAILURE() << "make_live_code: " << text.error().message;
    return {};
  }
  return std::move(text).value();
}

// A verifier pinning the root and holding `list` (by default the default trust list).
verifier make_verifier(local_policy policy = {}, const trust_list& list = default_trust_list()) {
  verifier v(pinned_roots(), std::move(policy));
  const list_offer r = v.offer_trust_list(signed_trust_list(list));
  EXPECT_EQ(r.result, list_result::accepted) << r.message;
  return v;
}

void hold_revocations(verifier& v, std::vector<revocation_prefix> revoked, std::uint64_t seq = 1,
                      std::uint64_t issued_at = t0 - day,
                      std::uint64_t next_update = t0 + 7 * day) {
  const list_offer r = v.offer_revocation_list(
      signed_revocation_list(seq, std::move(revoked), issued_at, next_update));
  EXPECT_EQ(r.result, list_result::accepted) << r.message;
}

bool has_warning(const verification& v, warning w) {
  return std::find(v.warnings().begin(), v.warnings().end(), w) != v.warnings().end();
}

std::vector<std::string> warning_names(const verification& v) {
  std::vector<std::string> names;
  for (warning w : v.warnings()) names.emplace_back(to_string(w));
  std::sort(names.begin(), names.end());
  return names;
}

::testing::AssertionResult is_outcome(const verification& v, outcome expected) {
  if (v.outcome() == expected) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "outcome " << to_string(v.outcome()) << ", expected "
                                       << to_string(expected) << " (" << v.detail() << ")";
}

#define EXPECT_OUTCOME(verdict, expected) EXPECT_TRUE(is_outcome((verdict), (expected)))

class verify_test : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { ASSERT_GE(sodium_init(), 0); }
};

// ==== 1. malformed ==========================================================================

TEST_F(verify_test, malformed_bad_prefix) {
  const verifier v = make_verifier();
  const std::string good = issue(default_claims());
  ASSERT_EQ(good.substr(0, 4), "QS1:");
  EXPECT_OUTCOME(v.verify(good, now0), outcome::valid);
  for (const std::string& text :
       {"qs1:" + good.substr(4), "QS2:" + good.substr(4), "QX1:" + good.substr(4), " " + good,
        good.substr(4), std::string(), std::string("QS1"), "HC1:" + good.substr(4)}) {
    const verification r = v.verify(text, now0);
    EXPECT_OUTCOME(r, outcome::malformed);
    EXPECT_FALSE(r.credential().has_value());
  }
}

TEST_F(verify_test, malformed_bad_base45) {
  const verifier v = make_verifier();
  const std::string good = issue(default_claims());
  EXPECT_OUTCOME(v.verify(good + "0", now0), outcome::malformed);  // a dangling character
  EXPECT_OUTCOME(v.verify(good + " ", now0), outcome::malformed);  // never trimmed
  EXPECT_OUTCOME(v.verify("QS1:abc", now0), outcome::malformed);   // lower case
  EXPECT_OUTCOME(v.verify("QS1:!!!", now0), outcome::malformed);
  EXPECT_OUTCOME(v.verify("QS1:GGW", now0), outcome::malformed);  // 16*45*45+16*45+16 > 65535
  EXPECT_OUTCOME(v.verify("QS1:", now0), outcome::malformed);     // empty body
}

TEST_F(verify_test, malformed_text_longer_than_a_qr_code) {
  const verifier v = make_verifier();
  std::string text = "QS1:";
  text.append(max_qr_text - 4 + 1, '0');
  ASSERT_EQ(text.size(), max_qr_text + 1);
  EXPECT_OUTCOME(v.verify(text, now0), outcome::malformed);
}

TEST_F(verify_test, zlib_body_at_any_level_is_accepted) {
  const verifier v = make_verifier();
  const bytes cose = credential_cose(default_claims());
  for (int level : {0, 1, 6, 9}) {
    const bytes body = zlib_compress(cose, level);
    ASSERT_EQ(body[0], 0x78);
    EXPECT_OUTCOME(v.verify(qs1_of_body(body), now0), outcome::valid) << "level " << level;
  }
}

TEST_F(verify_test, malformed_bad_zlib) {
  const verifier v = make_verifier();
  const bytes cose = credential_cose(default_claims());
  const bytes body = zlib_compress(cose, 9);

  bytes trailing = body;
  trailing.push_back(0x00);
  EXPECT_OUTCOME(v.verify(qs1_of_body(trailing), now0), outcome::malformed);

  bytes truncated = body;
  truncated.resize(body.size() - 5);
  EXPECT_OUTCOME(v.verify(qs1_of_body(truncated), now0), outcome::malformed);

  bytes bad_checksum = body;
  bad_checksum.back() ^= 0x01;
  EXPECT_OUTCOME(v.verify(qs1_of_body(bad_checksum), now0), outcome::malformed);

  EXPECT_OUTCOME(v.verify(qs1_of_body(bytes{0x78, 0x9c, 0xff, 0xff, 0xff}), now0),
                 outcome::malformed);

  // FDICT: 0x78 0xbb is a valid header with the preset-dictionary bit, then a dictionary id.
  bytes fdict = {0x78, 0xbb, 0x00, 0x00, 0x00, 0x01};
  fdict.insert(fdict.end(), body.begin() + 2, body.end());
  EXPECT_OUTCOME(v.verify(qs1_of_body(fdict), now0), outcome::malformed);

  // More than 4096 bytes of output.
  bytes big = cose;
  big.resize(max_inflated_body + 1, 0x00);
  EXPECT_OUTCOME(v.verify(qs1_of_body(zlib_compress(big, 9)), now0), outcome::malformed);
}

TEST_F(verify_test, malformed_bad_cose) {
  const verifier v = make_verifier();
  EXPECT_OUTCOME(v.verify(qs1_of_body(bytes{0xd2, 0x01}), now0), outcome::malformed);
  EXPECT_OUTCOME(v.verify(qs1_of_body(bytes{0xa0}), now0), outcome::malformed);  // unknown form

  const bytes payload = encode_claims(default_claims());
  const bytes header = protected_header(cose_alg_eddsa, issuer_a().public_key().kid());
  const signature sig = issuer_a().sign(sig_structure(document_type::credential, header, payload));
  {
    // A non-empty unprotected header, the signature otherwise fine.
    cbor::writer w;
    w.tag(18).array(4).bytes(header).map(1).uint(4).bytes(issuer_a().public_key().kid());
    w.bytes(payload).bytes(sig);
    EXPECT_OUTCOME(v.verify(qs1_of_cose(w.data()), now0), outcome::malformed);
  }
  {
    // A 63-byte signature.
    cbor::writer w;
    w.tag(18).array(4).bytes(header).map(0).bytes(payload).bytes(std::span(sig).first(63));
    EXPECT_OUTCOME(v.verify(qs1_of_cose(w.data()), now0), outcome::malformed);
  }
  {
    // Three elements.
    cbor::writer w;
    w.tag(18).array(3).bytes(header).map(0).bytes(payload);
    EXPECT_OUTCOME(v.verify(qs1_of_cose(w.data()), now0), outcome::malformed);
  }
  {
    // A protected header with a third key.
    cbor::writer h;
    h.map(3)
        .uint(1)
        .integer(cose_alg_eddsa)
        .uint(3)
        .uint(0)
        .uint(4)
        .bytes(issuer_a().public_key().kid());
    const bytes cose = hand_signed_cose(document_type::credential, h.data(), payload, issuer_a());
    EXPECT_OUTCOME(v.verify(qs1_of_cose(cose), now0), outcome::malformed);
  }
}

TEST_F(verify_test, malformed_bad_claims) {
  const verifier v = make_verifier();
  {
    // Properly signed by a trusted key, but only {1: iss}.
    cbor::writer w;
    w.map(1).uint(1).text(default_iss);
    const bytes cose = sign_cose_sign1(document_type::credential, w.data(), issuer_a());
    const verification r = v.verify(qs1_of_cose(cose), now0);
    EXPECT_OUTCOME(r, outcome::malformed);
    EXPECT_FALSE(r.credential().has_value());
  }
  {
    // The default claims with status 3: patch "profile 1, status 0" to status 3.
    bytes payload = encode_claims(default_claims());
    const bytes pattern = {0x01, 0x01, 0x02, 0x00};
    auto at = std::search(payload.begin(), payload.end(), pattern.begin(), pattern.end());
    ASSERT_NE(at, payload.end());
    at[3] = 0x03;
    const bytes cose = sign_cose_sign1(document_type::credential, payload, issuer_a());
    EXPECT_OUTCOME(v.verify(qs1_of_cose(cose), now0), outcome::malformed);
    at[3] = 0x00;  // the same bytes with status 0 are valid
    EXPECT_OUTCOME(
        v.verify(qs1_of_cose(sign_cose_sign1(document_type::credential, payload, issuer_a())),
                 now0),
        outcome::valid);
  }
}

TEST_F(verify_test, malformed_trust_list_text_given_as_credential) {
  const verifier v = make_verifier();
  auto qt1 = trust_list_text(signed_trust_list(default_trust_list()));
  ASSERT_TRUE(qt1.ok()) << qt1.error().message;
  ASSERT_EQ(qt1->substr(0, 4), "QT1:");
  EXPECT_OUTCOME(v.verify(*qt1, now0), outcome::malformed);
}

// ==== 2. unsupported_alg ====================================================================

TEST_F(verify_test, unsupported_alg) {
  const verifier v = make_verifier();
  const bytes payload = encode_claims(default_claims());
  const key_id kid = issuer_a().public_key().kid();
  const bytes es256 =
      hand_signed_cose(document_type::credential, protected_header(-7, kid), payload, issuer_a());
  const verification r = v.verify(qs1_of_cose(es256), now0);
  EXPECT_OUTCOME(r, outcome::unsupported_alg);
  EXPECT_FALSE(r.credential().has_value());
  EXPECT_EQ(r.kid(), std::optional<key_id>(kid));

  // A text alg is well-formed too.
  cbor::writer h;
  h.map(2).uint(1).text("EdDSA").uint(4).bytes(kid);
  EXPECT_OUTCOME(v.verify(qs1_of_cose(hand_signed_cose(document_type::credential, h.data(), payload,
                                                       issuer_a())),
                          now0),
                 outcome::unsupported_alg);

  // The same construction with alg -8 is valid, so the header is the only difference.
  EXPECT_OUTCOME(v.verify(qs1_of_cose(hand_signed_cose(document_type::credential,
                                                       protected_header(cose_alg_eddsa, kid),
                                                       payload, issuer_a())),
                          now0),
                 outcome::valid);
}

TEST_F(verify_test, malformed_before_unsupported_alg) {
  const verifier v = make_verifier();
  const key_id kid = issuer_a().public_key().kid();
  // Broken claims under alg -7.
  cbor::writer w;
  w.map(1).uint(1).text(default_iss);
  EXPECT_OUTCOME(
      v.verify(qs1_of_cose(hand_signed_cose(document_type::credential, protected_header(-7, kid),
                                            w.data(), issuer_a())),
               now0),
      outcome::malformed);
  // A 63-byte signature under alg -7.
  const bytes payload = encode_claims(default_claims());
  cbor::writer c;
  c.tag(18).array(4).bytes(protected_header(-7, kid)).map(0).bytes(payload).bytes(bytes(63, 1));
  EXPECT_OUTCOME(v.verify(qs1_of_cose(c.data()), now0), outcome::malformed);
  // A 7-byte kid under alg -7.
  cbor::writer h;
  h.map(2).uint(1).integer(-7).uint(4).bytes(std::span(kid).first(7));
  EXPECT_OUTCOME(v.verify(qs1_of_cose(hand_signed_cose(document_type::credential, h.data(), payload,
                                                       issuer_a())),
                          now0),
                 outcome::malformed);
}

TEST_F(verify_test, unsupported_alg_before_unknown_key) {
  const verifier no_list(pinned_roots());
  const bytes payload = encode_claims(default_claims());
  const bytes cose =
      hand_signed_cose(document_type::credential,
                       protected_header(-7, issuer_b().public_key().kid()), payload, issuer_b());
  EXPECT_OUTCOME(no_list.verify(qs1_of_cose(cose), now0), outcome::unsupported_alg);
  EXPECT_OUTCOME(make_verifier().verify(qs1_of_cose(cose), now0), outcome::unsupported_alg);
}

// ==== 3. unknown_key ========================================================================

TEST_F(verify_test, unknown_key_without_trust_list) {
  const verifier v(pinned_roots());
  const verification r = v.verify(issue(default_claims()), now0);
  EXPECT_OUTCOME(r, outcome::unknown_key);
  EXPECT_FALSE(r.credential().has_value());
}

TEST_F(verify_test, unknown_key_kid_not_in_list) {
  const verifier v = make_verifier();
  const verification r = v.verify(issue(default_claims(), issuer_b()), now0);
  EXPECT_OUTCOME(r, outcome::unknown_key);
  EXPECT_FALSE(r.credential().has_value());
  EXPECT_EQ(r.kid(), std::optional<key_id>(issuer_b().public_key().kid()));
}

// ==== 4. bad_signature ======================================================================

TEST_F(verify_test, bad_signature_flipped_bit) {
  const verifier v = make_verifier();
  bytes cose = credential_cose(default_claims());
  EXPECT_OUTCOME(v.verify(qs1_of_cose(cose), now0), outcome::valid);
  cose.back() ^= 0x01;
  const verification r = v.verify(qs1_of_cose(cose), now0);
  EXPECT_OUTCOME(r, outcome::bad_signature);
  EXPECT_FALSE(r.credential().has_value());
}

TEST_F(verify_test, bad_signature_other_key_under_trusted_kid) {
  const verifier v = make_verifier();
  const bytes cose = hand_signed_cose(
      document_type::credential, protected_header(cose_alg_eddsa, issuer_a().public_key().kid()),
      encode_claims(default_claims()), issuer_b());
  EXPECT_OUTCOME(v.verify(qs1_of_cose(cose), now0), outcome::bad_signature);
}

TEST_F(verify_test, bad_signature_for_another_document_type) {
  const verifier v = make_verifier();
  const bytes payload = encode_claims(default_claims());
  EXPECT_OUTCOME(
      v.verify(qs1_of_cose(sign_cose_sign1(document_type::trust_list, payload, issuer_a())), now0),
      outcome::bad_signature);
  EXPECT_OUTCOME(
      v.verify(qs1_of_cose(sign_cose_sign1(document_type::revocation_list, payload, issuer_a())),
               now0),
      outcome::bad_signature);
}

TEST_F(verify_test, bad_signature_before_expired_and_revoked) {
  verifier v = make_verifier();
  const claims c = default_claims();
  hold_revocations(v, {revocation_prefix_of(c.cti)});
  bytes cose = credential_cose(c);
  cose.back() ^= 0x01;
  const std::int64_t after_exp = i64(c.exp + 300);
  EXPECT_OUTCOME(v.verify(qs1_of_cose(cose), after_exp), outcome::bad_signature);
}

// ==== 5. key_not_valid ======================================================================

TEST_F(verify_test, key_not_valid_iss_differs) {
  const verifier v = make_verifier();
  claims c = default_claims();
  c.iss = "CN-999999";
  const verification r = v.verify(issue(c), now0);
  EXPECT_OUTCOME(r, outcome::key_not_valid);
  ASSERT_TRUE(r.credential().has_value());
  EXPECT_EQ(*r.credential(), c);
}

TEST_F(verify_test, key_not_valid_iat_before_not_before) {
  trust_list list = default_trust_list();
  list.entries[0].not_before = t0 + 1;
  EXPECT_OUTCOME(make_verifier({}, list).verify(issue(default_claims()), now0),
                 outcome::key_not_valid);
}

TEST_F(verify_test, key_not_valid_iat_after_not_after) {
  trust_list list = default_trust_list();
  list.entries[0].not_after = t0 - 1;
  EXPECT_OUTCOME(make_verifier({}, list).verify(issue(default_claims()), now0),
                 outcome::key_not_valid);
}

TEST_F(verify_test, key_window_is_inclusive_at_both_ends) {
  trust_list list = default_trust_list();
  list.entries[0].not_before = t0;
  EXPECT_OUTCOME(make_verifier({}, list).verify(issue(default_claims()), now0), outcome::valid);
  list.entries[0].not_before = t0 - day;
  list.entries[0].not_after = t0;
  EXPECT_OUTCOME(make_verifier({}, list).verify(issue(default_claims()), now0), outcome::valid);
  list.entries[0].not_before = t0;
  EXPECT_OUTCOME(make_verifier({}, list).verify(issue(default_claims()), now0), outcome::valid);
}

TEST_F(verify_test, any_one_matching_entry_for_the_key_suffices) {
  trust_list list = default_trust_list();
  list.entries.clear();
  list.entries.push_back(entry_for(issuer_a(), "CN-110000"));                    // other iss
  list.entries.push_back(entry_for(issuer_a(), default_iss, t0 + 1, t0 + day));  // too late
  list.entries.push_back(entry_for(issuer_a(), default_iss, t0 - day, t0));      // matches
  EXPECT_OUTCOME(make_verifier({}, list).verify(issue(default_claims()), now0), outcome::valid);
  list.entries.pop_back();
  EXPECT_OUTCOME(make_verifier({}, list).verify(issue(default_claims()), now0),
                 outcome::key_not_valid);
}

TEST_F(verify_test, key_not_valid_above_local_max_validity) {
  const claims c = default_claims();  // exp - iat = 7 days
  local_policy p;
  p.max_validity = 7 * day - 1;
  EXPECT_OUTCOME(make_verifier(p).verify(issue(c), now0), outcome::key_not_valid);
  p.max_validity = 7 * day;
  EXPECT_OUTCOME(make_verifier(p).verify(issue(c), now0), outcome::valid);
}

TEST_F(verify_test, key_not_valid_above_trust_list_max_validity) {
  trust_list list = default_trust_list();
  list.policy = authority_policy{};
  list.policy->max_validity = 7 * day - 1;
  const verification r = make_verifier({}, list).verify(issue(default_claims()), now0);
  EXPECT_OUTCOME(r, outcome::key_not_valid);
  EXPECT_TRUE(r.credential().has_value());
  list.policy->max_validity = 7 * day;
  EXPECT_OUTCOME(make_verifier({}, list).verify(issue(default_claims()), now0), outcome::valid);
}

TEST_F(verify_test, key_not_valid_before_not_yet_valid_and_expired) {
  const verifier v = make_verifier();
  claims c = default_claims();
  c.iss = "CN-999999";
  c.nbf = t0 + 30 * day;
  EXPECT_OUTCOME(v.verify(issue(c), now0), outcome::key_not_valid);
  c.nbf.reset();
  EXPECT_OUTCOME(v.verify(issue(c), i64(c.exp + day)), outcome::key_not_valid);
}

// ==== 6. not_yet_valid ======================================================================

TEST_F(verify_test, not_yet_valid_boundary) {
  const verifier v = make_verifier();
  claims c = default_claims();
  c.nbf = t0 + day;
  const std::string text = issue(c);
  const std::int64_t skew = 300;
  EXPECT_OUTCOME(v.verify(text, i64(*c.nbf) - skew), outcome::valid);  // now + skew == nbf
  const verification r = v.verify(text, i64(*c.nbf) - skew - 1);       // now + skew == nbf - 1
  EXPECT_OUTCOME(r, outcome::not_yet_valid);
  ASSERT_TRUE(r.credential().has_value());
  EXPECT_EQ(r.credential()->nbf, c.nbf);
}

TEST_F(verify_test, not_yet_valid_uses_local_skew) {
  local_policy p;
  p.skew = 0;
  const verifier v = make_verifier(p);
  claims c = default_claims();
  c.nbf = t0 + day;
  EXPECT_OUTCOME(v.verify(issue(c), i64(*c.nbf)), outcome::valid);
  EXPECT_OUTCOME(v.verify(issue(c), i64(*c.nbf) - 1), outcome::not_yet_valid);
}

TEST_F(verify_test, not_yet_valid_before_expired) {
  claims c = default_claims();
  c.exp = t0 + day;
  c.nbf = t0 + 10 * day;  // a window that never opens
  EXPECT_OUTCOME(make_verifier().verify(issue(c), i64(t0 + 2 * day)), outcome::not_yet_valid);
}

// ==== 7. expired ============================================================================

TEST_F(verify_test, expired_boundary) {
  const verifier v = make_verifier();
  const claims c = default_claims();
  const std::string text = issue(c);
  EXPECT_OUTCOME(v.verify(text, i64(c.exp) + 300 - 1), outcome::valid);
  const verification r = v.verify(text, i64(c.exp) + 300);
  EXPECT_OUTCOME(r, outcome::expired);
  ASSERT_TRUE(r.credential().has_value());
  EXPECT_EQ(*r.credential(), c);
}

TEST_F(verify_test, expired_before_revoked) {
  verifier v = make_verifier();
  const claims c = default_claims();
  hold_revocations(v, {revocation_prefix_of(c.cti)}, 1, t0 - day, c.exp + 30 * day);
  const std::string text = issue(c);
  EXPECT_OUTCOME(v.verify(text, now0), outcome::revoked);
  EXPECT_OUTCOME(v.verify(text, i64(c.exp) + 300), outcome::expired);
}

// ==== 8. revoked ============================================================================

TEST_F(verify_test, revoked) {
  verifier v = make_verifier();
  const claims c = default_claims();
  claims other = default_claims();
  other.cti[0] ^= 0xff;
  hold_revocations(v, {revocation_prefix_of(c.cti)});
  const verification r = v.verify(issue(c), now0);
  EXPECT_OUTCOME(r, outcome::revoked);
  ASSERT_TRUE(r.credential().has_value());
  EXPECT_EQ(r.credential()->cti, c.cti);
  EXPECT_OUTCOME(v.verify(issue(other), now0), outcome::valid);
}

TEST_F(verify_test, revoked_before_live_and_policy) {
  local_policy p;
  p.require_live = true;
  p.max_test_age = 1;
  verifier v = make_verifier(p);
  claims c = default_claims_with_cnf();
  c.status.status = health_status::red;
  c.status.test->positive = true;
  hold_revocations(v, {revocation_prefix_of(c.cti)});
  const std::string qs1 = issue(c);
  EXPECT_OUTCOME(v.verify(qs1, now0), outcome::revoked);
  EXPECT_OUTCOME(v.verify(live_of(qs1, now0 - 3600), now0), outcome::revoked);
}

// ==== 9. live checks ========================================================================

TEST_F(verify_test, live_code_is_valid) {
  const verifier v = make_verifier();
  const std::string qs1 = issue(default_claims_with_cnf());
  const verification r = v.verify(live_of(qs1, now0), now0);
  EXPECT_OUTCOME(r, outcome::valid);
  EXPECT_EQ(r.kind(), std::optional<text_kind>(text_kind::live));
  EXPECT_EQ(v.verify(qs1, now0).kind(), std::optional<text_kind>(text_kind::credential));
}

TEST_F(verify_test, live_required_for_cnf_credential_shown_as_qs1) {
  local_policy p;
  p.require_live = true;
  const verifier v = make_verifier(p);
  const std::string qs1 = issue(default_claims_with_cnf());
  const verification r = v.verify(qs1, now0);
  EXPECT_OUTCOME(r, outcome::live_required);
  EXPECT_TRUE(r.credential().has_value());
  EXPECT_OUTCOME(v.verify(live_of(qs1, now0), now0), outcome::valid);
}

TEST_F(verify_test, live_required_does_not_affect_credential_without_cnf) {
  local_policy p;
  p.require_live = true;
  EXPECT_OUTCOME(make_verifier(p).verify(issue(default_claims()), now0), outcome::valid);
}

TEST_F(verify_test, live_required_from_trust_list_policy) {
  trust_list list = default_trust_list();
  list.policy = authority_policy{};
  list.policy->require_live = true;
  const verifier v = make_verifier({}, list);
  EXPECT_OUTCOME(v.verify(issue(default_claims_with_cnf()), now0), outcome::live_required);
  EXPECT_OUTCOME(v.verify(issue(default_claims()), now0), outcome::valid);
}

TEST_F(verify_test, live_required_before_status_not_accepted) {
  local_policy p;
  p.require_live = true;
  claims c = default_claims_with_cnf();
  c.status.status = health_status::yellow;
  EXPECT_OUTCOME(make_verifier(p).verify(issue(c), now0), outcome::live_required);
}

TEST_F(verify_test, live_stale_window_boundary_both_directions) {
  const verifier v = make_verifier();
  const std::string qs1 = issue(default_claims_with_cnf());
  EXPECT_OUTCOME(v.verify(live_of(qs1, now0 - 60), now0), outcome::valid);
  EXPECT_OUTCOME(v.verify(live_of(qs1, now0 + 60), now0), outcome::valid);
  const verification old = v.verify(live_of(qs1, now0 - 61), now0);
  EXPECT_OUTCOME(old, outcome::live_stale);
  EXPECT_TRUE(old.credential().has_value());
  EXPECT_OUTCOME(v.verify(live_of(qs1, now0 + 61), now0), outcome::live_stale);
}

TEST_F(verify_test, live_window_is_local_and_not_widened_by_skew) {
  local_policy p;
  p.live_window = 10;
  p.skew = 3600;
  const verifier v = make_verifier(p);
  const std::string qs1 = issue(default_claims_with_cnf());
  EXPECT_OUTCOME(v.verify(live_of(qs1, now0 - 10), now0), outcome::valid);
  EXPECT_OUTCOME(v.verify(live_of(qs1, now0 - 11), now0), outcome::live_stale);
  EXPECT_OUTCOME(v.verify(live_of(qs1, now0 + 11), now0), outcome::live_stale);
}

TEST_F(verify_test, live_bad_signature_wrong_holder_key) {
  const verifier v = make_verifier();
  const bytes cred = credential_cose(default_claims_with_cnf());
  EXPECT_OUTCOME(v.verify(ql1_of(cred, now0, holder_key()), now0), outcome::valid);
  const verification r = v.verify(ql1_of(cred, now0, issuer_b()), now0);
  EXPECT_OUTCOME(r, outcome::live_bad_signature);
  EXPECT_TRUE(r.credential().has_value());
}

TEST_F(verify_test, live_bad_signature_for_another_time) {
  const verifier v = make_verifier();
  const bytes cred = credential_cose(default_claims_with_cnf());
  EXPECT_OUTCOME(v.verify(ql1_of(cred, now0, holder_key(), now0 - 1), now0),
                 outcome::live_bad_signature);
}

TEST_F(verify_test, live_bad_signature_credential_without_cnf) {
  const verifier v = make_verifier();
  const bytes cred = credential_cose(default_claims());
  EXPECT_OUTCOME(v.verify(ql1_of(cred, now0, holder_key()), now0), outcome::live_bad_signature);
}

TEST_F(verify_test, live_stale_before_live_bad_signature) {
  const verifier v = make_verifier();
  const bytes cred = credential_cose(default_claims_with_cnf());
  EXPECT_OUTCOME(v.verify(ql1_of(cred, now0 - 61, issuer_b()), now0), outcome::live_stale);
}

TEST_F(verify_test, live_bad_signature_before_status_not_accepted) {
  claims c = default_claims_with_cnf();
  c.status.status = health_status::red;
  const bytes cred = credential_cose(c);
  const verifier v = make_verifier();
  EXPECT_OUTCOME(v.verify(ql1_of(cred, now0, issuer_b()), now0), outcome::live_bad_signature);
  EXPECT_OUTCOME(v.verify(ql1_of(cred, now0, holder_key()), now0), outcome::status_not_accepted);
}

TEST_F(verify_test, live_code_carrying_a_broken_credential) {
  const verifier v = make_verifier();
  bytes cred = credential_cose(default_claims_with_cnf());
  cred.back() ^= 0x01;
  EXPECT_OUTCOME(v.verify(ql1_of(cred, now0, holder_key()), now0), outcome::bad_signature);
  const bytes not_cose = {0xd2, 0x00};
  EXPECT_OUTCOME(v.verify(ql1_of(not_cose, now0, holder_key()), now0), outcome::malformed);
}

// ==== 10. policy ============================================================================

TEST_F(verify_test, status_not_accepted_yellow_by_default) {
  claims c = default_claims();
  c.status.status = health_status::yellow;
  const verification r = make_verifier().verify(issue(c), now0);
  EXPECT_OUTCOME(r, outcome::status_not_accepted);
  ASSERT_TRUE(r.credential().has_value());
  EXPECT_EQ(r.credential()->status.status, health_status::yellow);
  c.status.status = health_status::red;
  EXPECT_OUTCOME(make_verifier().verify(issue(c), now0), outcome::status_not_accepted);
}

TEST_F(verify_test, status_yellow_accepted_when_local_policy_accepts_it) {
  local_policy p;
  p.accept = std::vector{health_status::green, health_status::yellow};
  claims c = default_claims();
  c.status.status = health_status::yellow;
  EXPECT_OUTCOME(make_verifier(p).verify(issue(c), now0), outcome::valid);
  c.status.status = health_status::red;
  EXPECT_OUTCOME(make_verifier(p).verify(issue(c), now0), outcome::status_not_accepted);
}

TEST_F(verify_test, status_accept_is_the_intersection_of_list_and_local) {
  trust_list list = default_trust_list();
  list.policy = authority_policy{};
  list.policy->accepted = std::vector{health_status::green, health_status::yellow};
  local_policy p;
  p.accept = std::vector{health_status::yellow, health_status::red};
  const verifier v = make_verifier(p, list);
  EXPECT_EQ(v.policy().accept, std::vector{health_status::yellow});
  claims c = default_claims();
  c.status.status = health_status::yellow;
  EXPECT_OUTCOME(v.verify(issue(c), now0), outcome::valid);
  c.status.status = health_status::green;
  EXPECT_OUTCOME(v.verify(issue(c), now0), outcome::status_not_accepted);
  c.status.status = health_status::red;
  EXPECT_OUTCOME(v.verify(issue(c), now0), outcome::status_not_accepted);
}

TEST_F(verify_test, test_positive_when_a_test_limit_is_set) {
  claims c = default_claims();
  c.status.test->positive = true;
  local_policy p;
  p.max_test_age = 2 * day;
  const verification r = make_verifier(p).verify(issue(c), now0);
  EXPECT_OUTCOME(r, outcome::test_positive);
  EXPECT_TRUE(r.credential().has_value());
  // Without a test limit the test result is not looked at.
  EXPECT_OUTCOME(make_verifier().verify(issue(c), now0), outcome::valid);
}

TEST_F(verify_test, test_positive_before_test_too_old) {
  claims c = default_claims();
  c.status.test->positive = true;
  local_policy p;
  p.max_test_age = 1;
  EXPECT_OUTCOME(make_verifier(p).verify(issue(c), now0), outcome::test_positive);
}

TEST_F(verify_test, status_not_accepted_before_test_positive) {
  claims c = default_claims();
  c.status.status = health_status::yellow;
  c.status.test->positive = true;
  local_policy p;
  p.max_test_age = day;
  EXPECT_OUTCOME(make_verifier(p).verify(issue(c), now0), outcome::status_not_accepted);
}

TEST_F(verify_test, test_too_old_boundary) {
  const claims c = default_claims();  // sampled an hour before t0
  const std::string text = issue(c);
  const std::int64_t age = now0 - i64(c.status.test->sampled_at);
  ASSERT_EQ(age, i64(2 * hour));
  local_policy p;
  p.max_test_age = 2 * hour;
  EXPECT_OUTCOME(make_verifier(p).verify(text, now0), outcome::valid);
  p.max_test_age = 2 * hour - 1;
  const verification r = make_verifier(p).verify(text, now0);
  EXPECT_OUTCOME(r, outcome::test_too_old);
  EXPECT_TRUE(r.credential().has_value());
}

TEST_F(verify_test, test_too_old_without_any_test_when_a_limit_is_set) {
  claims c = default_claims();
  c.status.test.reset();
  local_policy p;
  p.max_test_age = 7 * day;
  EXPECT_OUTCOME(make_verifier(p).verify(issue(c), now0), outcome::test_too_old);
  EXPECT_OUTCOME(make_verifier().verify(issue(c), now0), outcome::valid);
}

TEST_F(verify_test, future_test_counts_as_age_zero) {
  claims c = default_claims();
  c.status.test->sampled_at = t0 + 30 * day;
  local_policy p;
  p.max_test_age = 0;
  EXPECT_OUTCOME(make_verifier(p).verify(issue(c), now0), outcome::valid);
  c.status.test->sampled_at = static_cast<std::uint64_t>(now0);
  EXPECT_OUTCOME(make_verifier(p).verify(issue(c), now0), outcome::valid);
  c.status.test->sampled_at = static_cast<std::uint64_t>(now0) - 1;
  EXPECT_OUTCOME(make_verifier(p).verify(issue(c), now0), outcome::test_too_old);
}

TEST_F(verify_test, test_too_old_from_trust_list_policy) {
  trust_list list = default_trust_list();
  list.policy = authority_policy{};
  list.policy->max_test_age = hour;
  EXPECT_OUTCOME(make_verifier({}, list).verify(issue(default_claims()), now0),
                 outcome::test_too_old);
}

TEST_F(verify_test, lists_too_stale_trust_list_boundary) {
  claims c = default_claims();
  c.exp = t0 + 90 * day;
  const std::string text = issue(c);
  local_policy p;
  p.max_stale = day;
  const verifier v = make_verifier(p);
  const std::int64_t due = i64(default_trust_list().next_update);
  const verification at_limit = v.verify(text, due + i64(day));
  EXPECT_OUTCOME(at_limit, outcome::valid);
  EXPECT_TRUE(has_warning(at_limit, warning::trust_list_stale));
  const verification past = v.verify(text, due + i64(day) + 1);
  EXPECT_OUTCOME(past, outcome::lists_too_stale);
  EXPECT_TRUE(past.credential().has_value());
  EXPECT_TRUE(has_warning(past, warning::trust_list_stale));
  // Without max_stale, staleness is only a warning.
  const verification warned = make_verifier().verify(text, due + i64(50 * day));
  EXPECT_OUTCOME(warned, outcome::valid);
  EXPECT_TRUE(has_warning(warned, warning::trust_list_stale));
}

TEST_F(verify_test, lists_too_stale_revocation_list_boundary) {
  claims c = default_claims();
  c.exp = t0 + 90 * day;
  const std::string text = issue(c);
  local_policy p;
  p.max_stale = day;
  verifier v = make_verifier(p);
  hold_revocations(v, {}, 1, t0 - day, t0 + 7 * day);
  const std::int64_t due = i64(t0 + 7 * day);
  const verification at_limit = v.verify(text, due + i64(day));
  EXPECT_OUTCOME(at_limit, outcome::valid);
  EXPECT_TRUE(has_warning(at_limit, warning::revocation_list_stale));
  EXPECT_FALSE(has_warning(at_limit, warning::trust_list_stale));
  EXPECT_OUTCOME(v.verify(text, due + i64(day) + 1), outcome::lists_too_stale);
}

TEST_F(verify_test, lists_too_stale_from_trust_list_policy) {
  claims c = default_claims();
  c.exp = t0 + 90 * day;
  trust_list list = default_trust_list();
  list.policy = authority_policy{};
  list.policy->max_stale = hour;
  const verifier v = make_verifier({}, list);
  EXPECT_OUTCOME(v.verify(issue(c), i64(list.next_update + hour)), outcome::valid);
  EXPECT_OUTCOME(v.verify(issue(c), i64(list.next_update + hour + 1)), outcome::lists_too_stale);
}

TEST_F(verify_test, test_too_old_before_lists_too_stale) {
  claims c = default_claims();
  c.exp = t0 + 90 * day;
  local_policy p;
  p.max_stale = 0;
  p.max_test_age = hour;
  EXPECT_OUTCOME(make_verifier(p).verify(issue(c), i64(t0 + 40 * day)), outcome::test_too_old);
}

// A credential issued 20 days before t0, valid at times before the trust list's issued_at.
claims early_claims() {
  claims c = default_claims();
  c.iat = t0 - 20 * day;
  c.status.test->sampled_at = t0 - 20 * day;
  return c;
}

TEST_F(verify_test, clock_behind_only_when_policy_rejects_it) {
  const std::int64_t issued_at = i64(default_trust_list().issued_at);
  const std::string text = issue(early_claims());

  const verification warned = make_verifier().verify(text, issued_at - 300 - 1);
  EXPECT_OUTCOME(warned, outcome::valid);
  EXPECT_TRUE(has_warning(warned, warning::clock_behind));

  local_policy p;
  p.reject_clock_behind = true;
  const verifier strict = make_verifier(p);
  const verification r = strict.verify(text, issued_at - 300 - 1);
  EXPECT_OUTCOME(r, outcome::clock_behind);
  EXPECT_TRUE(r.credential().has_value());
  EXPECT_TRUE(has_warning(r, warning::clock_behind));
  // now + skew == issued_at: not behind.
  const verification edge = strict.verify(text, issued_at - 300);
  EXPECT_OUTCOME(edge, outcome::valid);
  EXPECT_FALSE(has_warning(edge, warning::clock_behind));
}

TEST_F(verify_test, lists_too_stale_before_clock_behind) {
  // The revocation list is very stale, but a later trust list says the clock is behind.
  local_policy p;
  p.reject_clock_behind = true;
  p.max_stale = 0;
  trust_list list = default_trust_list();
  list.issued_at = t0 + 10 * day;
  list.next_update = t0 + 20 * day;
  verifier v = make_verifier(p, list);
  hold_revocations(v, {}, 1, t0 - 30 * day, t0 - 20 * day);
  EXPECT_OUTCOME(v.verify(issue(early_claims()), now0), outcome::lists_too_stale);
}

TEST_F(verify_test, valid) {
  const verifier v = make_verifier();
  const claims c = default_claims();
  const verification r = v.verify(issue(c), now0);
  EXPECT_OUTCOME(r, outcome::valid);
  EXPECT_TRUE(r.is_valid());
  EXPECT_TRUE(r.warnings().empty());
  ASSERT_TRUE(r.credential().has_value());
  EXPECT_EQ(*r.credential(), c);
  EXPECT_EQ(r.kind(), std::optional<text_kind>(text_kind::credential));
  EXPECT_EQ(r.kid(), std::optional<key_id>(issuer_a().public_key().kid()));
}

// ==== warnings ==============================================================================

TEST_F(verify_test, trust_list_stale_strictly_after_next_update) {
  claims c = default_claims();
  c.exp = t0 + 90 * day;
  const std::string text = issue(c);
  const verifier v = make_verifier();
  const std::int64_t due = i64(default_trust_list().next_update);
  EXPECT_TRUE(v.verify(text, due).warnings().empty());
  const verification r = v.verify(text, due + 1);
  EXPECT_OUTCOME(r, outcome::valid);
  EXPECT_EQ(warning_names(r), std::vector<std::string>{"trust_list_stale"});
}

TEST_F(verify_test, revocation_list_stale_strictly_after_next_update) {
  verifier v = make_verifier();
  hold_revocations(v, {}, 1, t0 - day, t0 + 2 * day);
  const std::string text = issue(default_claims());
  EXPECT_TRUE(v.verify(text, i64(t0 + 2 * day)).warnings().empty());
  const verification r = v.verify(text, i64(t0 + 2 * day) + 1);
  EXPECT_OUTCOME(r, outcome::valid);
  EXPECT_EQ(warning_names(r), std::vector<std::string>{"revocation_list_stale"});
}

TEST_F(verify_test, clock_behind_warning_from_latest_list_issued_at) {
  verifier v = make_verifier();  // trust list issued at t0 - 1 day
  hold_revocations(v, {}, 1, t0 + 2 * day, t0 + 9 * day);
  const std::string text = issue(default_claims());
  // Behind the revocation list, though not behind the trust list.
  const verification r = v.verify(text, i64(t0 + 2 * day) - 301);
  EXPECT_OUTCOME(r, outcome::valid);
  EXPECT_EQ(warning_names(r), std::vector<std::string>{"clock_behind"});
  EXPECT_TRUE(v.verify(text, i64(t0 + 2 * day) - 300).warnings().empty());
}

TEST_F(verify_test, clock_behind_warning_from_observed_time) {
  verifier v = make_verifier();
  const std::string text = issue(default_claims());
  v.observe_time(now0 + 300);
  EXPECT_TRUE(v.verify(text, now0).warnings().empty());
  v.observe_time(now0 + 301);
  v.observe_time(now0);  // an earlier time does not lower the mark
  const verification r = v.verify(text, now0);
  EXPECT_OUTCOME(r, outcome::valid);
  EXPECT_EQ(warning_names(r), std::vector<std::string>{"clock_behind"});

  local_policy p;
  p.reject_clock_behind = true;
  verifier strict = make_verifier(p);
  strict.observe_time(now0 + 301);
  EXPECT_OUTCOME(strict.verify(text, now0), outcome::clock_behind);
}

TEST_F(verify_test, observed_time_alone_without_lists) {
  verifier v(pinned_roots());
  v.observe_time(now0 + 1000);
  const verification r = v.verify("garbage", now0);
  EXPECT_OUTCOME(r, outcome::malformed);
  EXPECT_EQ(warning_names(r), std::vector<std::string>{"clock_behind"});
}

TEST_F(verify_test, warnings_present_even_on_malformed) {
  verifier v = make_verifier();
  hold_revocations(v, {}, 1, t0 - day, t0 + 2 * day);
  v.observe_time(i64(t0 + 100 * day));
  const verification r = v.verify("QS1:not base45!", i64(t0 + 40 * day));
  EXPECT_OUTCOME(r, outcome::malformed);
  EXPECT_EQ(warning_names(r), (std::vector<std::string>{"clock_behind", "revocation_list_stale",
                                                        "trust_list_stale"}));
  EXPECT_FALSE(r.credential().has_value());
}

// ==== display fields ========================================================================

TEST_F(verify_test, credential_shown_only_from_key_not_valid_on) {
  verifier v = make_verifier();
  const claims c = default_claims();
  const std::string good = issue(c);
  bytes flipped = credential_cose(c);
  flipped.back() ^= 0x01;
  const bytes es256 = hand_signed_cose(document_type::credential,
                                       protected_header(-7, issuer_a().public_key().kid()),
                                       encode_claims(c), issuer_a());
  claims wrong_iss = c;
  wrong_iss.iss = "CN-999999";

  struct expectation {
    std::string text;
    std::int64_t now;
    outcome expected;
    bool shown;
  };
  const std::vector<expectation> cases = {
      {"QS1:", now0, outcome::malformed, false},
      {qs1_of_cose(es256), now0, outcome::unsupported_alg, false},
      {issue(c, issuer_b()), now0, outcome::unknown_key, false},
      {qs1_of_cose(flipped), now0, outcome::bad_signature, false},
      {issue(wrong_iss), now0, outcome::key_not_valid, true},
      {good, i64(c.exp + 300), outcome::expired, true},
      {good, now0, outcome::valid, true},
  };
  for (const expectation& e : cases) {
    const verification r = v.verify(e.text, e.now);
    EXPECT_OUTCOME(r, e.expected);
    EXPECT_EQ(r.credential().has_value(), e.shown) << to_string(e.expected);
  }
}

// ==== policy combination ====================================================================

TEST(combine_policies, defaults_without_any_policy) {
  const effective_policy p = combine_policies(std::nullopt, local_policy{});
  EXPECT_EQ(p.accept, std::vector{health_status::green});
  EXPECT_FALSE(p.max_test_age.has_value());
  EXPECT_FALSE(p.require_live);
  EXPECT_FALSE(p.max_stale.has_value());
  EXPECT_FALSE(p.max_validity.has_value());
  const local_policy l;
  EXPECT_EQ(l.skew, 300u);
  EXPECT_EQ(l.live_window, 60u);
  EXPECT_FALSE(l.reject_clock_behind);
}

TEST(combine_policies, local_cannot_loosen_the_authority) {
  const authority_policy a{std::vector{health_status::green}, 2 * day, true, day, 7 * day};
  local_policy l;
  l.accept = std::vector{health_status::green, health_status::yellow, health_status::red};
  l.max_test_age = 3 * day;
  l.require_live = false;
  l.max_stale = 2 * day;
  l.max_validity = 14 * day;
  const effective_policy p = combine_policies(a, l);
  EXPECT_EQ(p.accept, std::vector{health_status::green});
  EXPECT_EQ(p.max_test_age, std::optional<std::uint64_t>(2 * day));
  EXPECT_TRUE(p.require_live);
  EXPECT_EQ(p.max_stale, std::optional<std::uint64_t>(day));
  EXPECT_EQ(p.max_validity, std::optional<std::uint64_t>(7 * day));
}

TEST(combine_policies, local_may_tighten_the_authority) {
  const authority_policy a{std::vector{health_status::green, health_status::yellow}, 2 * day, false,
                           day, 7 * day};
  local_policy l;
  l.accept = std::vector{health_status::yellow};
  l.max_test_age = hour;
  l.require_live = true;
  l.max_stale = hour;
  l.max_validity = day;
  const effective_policy p = combine_policies(a, l);
  EXPECT_EQ(p.accept, std::vector{health_status::yellow});
  EXPECT_EQ(p.max_test_age, std::optional<std::uint64_t>(hour));
  EXPECT_TRUE(p.require_live);
  EXPECT_EQ(p.max_stale, std::optional<std::uint64_t>(hour));
  EXPECT_EQ(p.max_validity, std::optional<std::uint64_t>(day));
}

TEST(combine_policies, either_side_alone_applies) {
  authority_policy a;
  a.accepted = std::vector{health_status::yellow};
  a.max_test_age = hour;
  effective_policy p = combine_policies(a, local_policy{});
  EXPECT_EQ(p.accept, std::vector{health_status::yellow});
  EXPECT_EQ(p.max_test_age, std::optional<std::uint64_t>(hour));
  local_policy l;
  l.accept = std::vector{health_status::red};
  l.max_validity = day;
  p = combine_policies(authority_policy{}, l);
  EXPECT_EQ(p.accept, std::vector{health_status::red});
  EXPECT_EQ(p.max_validity, std::optional<std::uint64_t>(day));
  // An authority that accepts nothing cannot be widened.
  a.accepted = std::vector<health_status>{};
  l.accept = std::vector{health_status::green};
  EXPECT_TRUE(combine_policies(a, l).accept.empty());
}

TEST_F(verify_test, local_policy_does_not_loosen_trust_list_policy_end_to_end) {
  trust_list list = default_trust_list();
  list.policy =
      authority_policy{std::vector{health_status::green}, hour, true, std::nullopt, std::nullopt};
  local_policy loose;
  loose.accept = std::vector{health_status::green, health_status::yellow, health_status::red};
  loose.max_test_age = 30 * day;
  loose.require_live = false;
  const verifier v = make_verifier(loose, list);

  // The test is two hours old: too old for the authority's hour.
  EXPECT_OUTCOME(v.verify(issue(default_claims()), now0), outcome::test_too_old);
  // Live codes stay required for cnf credentials.
  EXPECT_OUTCOME(v.verify(issue(default_claims_with_cnf()), now0), outcome::live_required);
  // Yellow stays refused.
  claims yellow = default_claims();
  yellow.status.status = health_status::yellow;
  yellow.status.test->sampled_at = static_cast<std::uint64_t>(now0);
  EXPECT_OUTCOME(v.verify(issue(yellow), now0), outcome::status_not_accepted);
  // A green with a fresh test passes.
  claims fresh = default_claims();
  fresh.status.test->sampled_at = static_cast<std::uint64_t>(now0);
  EXPECT_OUTCOME(v.verify(issue(fresh), now0), outcome::valid);
}

// ==== offering lists ========================================================================

TEST_F(verify_test, offer_trust_list_sequence) {
  verifier v(pinned_roots());
  trust_list one = default_trust_list(1);
  const bytes one_bytes = signed_trust_list(one);
  EXPECT_EQ(v.offer_trust_list(one_bytes).result, list_result::accepted);
  EXPECT_EQ(v.trust_bytes(), one_bytes);
  EXPECT_EQ(v.offer_trust_list(one_bytes).result, list_result::unchanged);

  trust_list one_other = one;
  one_other.next_update += day;
  const list_offer same_seq = v.offer_trust_list(signed_trust_list(one_other));
  EXPECT_EQ(same_seq.result, list_result::rollback) << same_seq.message;
  EXPECT_EQ(v.trust_bytes(), one_bytes);
  EXPECT_EQ(v.trust()->next_update, one.next_update);

  // seq 2 adds issuer B.
  trust_list two = default_trust_list(2);
  two.entries.push_back(entry_for(issuer_b()));
  const bytes two_bytes = signed_trust_list(two);
  EXPECT_EQ(v.offer_trust_list(two_bytes).result, list_result::accepted);
  EXPECT_EQ(v.trust()->seq, 2u);
  const std::string by_b = issue(default_claims(), issuer_b());
  EXPECT_OUTCOME(v.verify(by_b, now0), outcome::valid);

  // Rolling back to seq 1 (without B) is refused; B still verifies.
  const list_offer back = v.offer_trust_list(one_bytes);
  EXPECT_EQ(back.result, list_result::rollback) << back.message;
  EXPECT_EQ(v.trust()->seq, 2u);
  EXPECT_EQ(v.trust_bytes(), two_bytes);
  EXPECT_OUTCOME(v.verify(by_b, now0), outcome::valid);

  // seq 3 without B is accepted, and then B is unknown.
  EXPECT_EQ(v.offer_trust_list(signed_trust_list(default_trust_list(3))).result,
            list_result::accepted);
  EXPECT_EQ(v.trust()->seq, 3u);
  EXPECT_OUTCOME(v.verify(by_b, now0), outcome::unknown_key);
}

TEST_F(verify_test, refused_trust_list_keeps_the_held_one) {
  verifier v = make_verifier();
  const bytes held = v.trust_bytes();
  trust_list two = default_trust_list(2);
  two.entries = {entry_for(issuer_b())};

  EXPECT_EQ(v.offer_trust_list(signed_trust_list(two, root2_key())).result,
            list_result::unknown_root);
  bytes flipped = signed_trust_list(two);
  flipped.back() ^= 0x01;
  EXPECT_EQ(v.offer_trust_list(flipped).result, list_result::bad_signature);
  EXPECT_EQ(v.offer_trust_list(bytes{0x01, 0x02}).result, list_result::malformed);
  EXPECT_EQ(v.trust_bytes(), held);
  EXPECT_OUTCOME(v.verify(issue(default_claims()), now0), outcome::valid);
}

TEST_F(verify_test, offered_trust_list_policy_takes_effect_and_rollback_keeps_it) {
  verifier v = make_verifier();
  claims yellow = default_claims();
  yellow.status.status = health_status::yellow;
  const std::string text = issue(yellow);
  EXPECT_OUTCOME(v.verify(text, now0), outcome::status_not_accepted);

  trust_list two = default_trust_list(2);
  two.policy = authority_policy{};
  two.policy->accepted = std::vector{health_status::green, health_status::yellow};
  ASSERT_EQ(v.offer_trust_list(signed_trust_list(two)).result, list_result::accepted);
  EXPECT_OUTCOME(v.verify(text, now0), outcome::valid);

  trust_list same_seq = two;
  same_seq.policy->accepted = std::vector{health_status::green};
  EXPECT_EQ(v.offer_trust_list(signed_trust_list(same_seq)).result, list_result::rollback);
  EXPECT_OUTCOME(v.verify(text, now0), outcome::valid);

  // A newer list without a policy falls back to the default.
  ASSERT_EQ(v.offer_trust_list(signed_trust_list(default_trust_list(3))).result,
            list_result::accepted);
  EXPECT_OUTCOME(v.verify(text, now0), outcome::status_not_accepted);
}

TEST_F(verify_test, offer_revocation_list_sequence) {
  verifier v = make_verifier();
  const claims c = default_claims();
  const std::string text = issue(c);
  const bytes two = signed_revocation_list(2, {revocation_prefix_of(c.cti)});
  EXPECT_EQ(v.offer_revocation_list(two).result, list_result::accepted);
  EXPECT_EQ(v.revocation_bytes(), two);
  EXPECT_OUTCOME(v.verify(text, now0), outcome::revoked);
  EXPECT_EQ(v.offer_revocation_list(two).result, list_result::unchanged);

  // Same seq, other bytes (the credential no longer revoked): refused.
  EXPECT_EQ(v.offer_revocation_list(signed_revocation_list(2)).result, list_result::rollback);
  // Lower seq: refused.
  EXPECT_EQ(v.offer_revocation_list(signed_revocation_list(1)).result, list_result::rollback);
  EXPECT_EQ(v.revocations()->seq, 2u);
  EXPECT_EQ(v.revocation_bytes(), two);
  EXPECT_OUTCOME(v.verify(text, now0), outcome::revoked);

  // Refused for other reasons: kept as well.
  EXPECT_EQ(v.offer_revocation_list(signed_revocation_list(3, {}, t0, t0 + day, issuer_b())).result,
            list_result::unknown_root);
  bytes flipped = signed_revocation_list(3);
  flipped.back() ^= 0x01;
  EXPECT_EQ(v.offer_revocation_list(flipped).result, list_result::bad_signature);
  EXPECT_EQ(v.offer_revocation_list(signed_trust_list(default_trust_list(5))).result,
            list_result::malformed);
  EXPECT_OUTCOME(v.verify(text, now0), outcome::revoked);

  // Higher seq: accepted.
  EXPECT_EQ(v.offer_revocation_list(signed_revocation_list(3)).result, list_result::accepted);
  EXPECT_EQ(v.revocations()->seq, 3u);
  EXPECT_OUTCOME(v.verify(text, now0), outcome::valid);
}

TEST_F(verify_test, offer_trust_list_text) {
  verifier v(pinned_roots());
  auto qt1 = trust_list_text(signed_trust_list(default_trust_list()));
  ASSERT_TRUE(qt1.ok()) << qt1.error().message;
  const list_offer r = v.offer_trust_list_text(*qt1);
  EXPECT_EQ(r.result, list_result::accepted) << r.message;
  EXPECT_OUTCOME(v.verify(issue(default_claims()), now0), outcome::valid);
  EXPECT_EQ(v.offer_trust_list_text(*qt1).result, list_result::unchanged);

  // A zlib body is accepted too.
  verifier z(pinned_roots());
  const bytes cose = signed_trust_list(default_trust_list());
  EXPECT_EQ(
      z.offer_trust_list_text(join_qr_text(text_kind::trust_list, zlib_compress(cose, 9))).result,
      list_result::accepted);

  // Signed by an unknown root: the list's own verdict, not malformed.
  auto foreign = trust_list_text(signed_trust_list(default_trust_list(9), issuer_b()));
  ASSERT_TRUE(foreign.ok());
  EXPECT_EQ(v.offer_trust_list_text(*foreign).result, list_result::unknown_root);
}

TEST_F(verify_test, broken_trust_list_texts_are_malformed) {
  verifier v(pinned_roots());
  auto qt1 = trust_list_text(signed_trust_list(default_trust_list()));
  ASSERT_TRUE(qt1.ok());
  const std::string tail = qt1->substr(4);
  const std::vector<std::string> broken = {
      "qt1:" + tail,                                                 // prefix is case-sensitive
      "QS1:" + tail,                                                 // a credential prefix
      "QL1:" + tail,                                                 // a live prefix
      tail,                                                          // no prefix
      "QT1:",                                                        // empty body
      "QT1:" + tail + "0",                                           // dangling Base45 character
      "QT1:" + tail.substr(0, tail.size() - 3),                      // truncated
      " " + *qt1,                                                    // never trimmed
      join_qr_text(text_kind::trust_list, bytes{0x78, 0x9c, 0x01}),  // bad zlib
      join_qr_text(text_kind::trust_list, bytes{0xa0}),              // unknown body form
      "QT1:" + issue(default_claims()).substr(4),                    // a credential behind QT1
  };
  for (const std::string& text : broken) {
    const list_offer r = v.offer_trust_list_text(text);
    EXPECT_EQ(to_string(r.result), to_string(list_result::malformed)) << text << ": " << r.message;
  }
  EXPECT_FALSE(v.trust().has_value());
  EXPECT_EQ(v.offer_trust_list_text(issue(default_claims())).result, list_result::malformed);
}

// ==== huge times ============================================================================

TEST_F(verify_test, exp_at_uint64_max_does_not_wrap) {
  claims c = default_claims();
  c.exp = std::numeric_limits<std::uint64_t>::max();
  const std::string text = issue(c);
  const verifier v = make_verifier();
  EXPECT_OUTCOME(v.verify(text, now0), outcome::valid);
  EXPECT_OUTCOME(v.verify(text, std::numeric_limits<std::int64_t>::max()), outcome::valid);
  c.exp = std::numeric_limits<std::uint64_t>::max() - 100;
  EXPECT_OUTCOME(v.verify(issue(c), now0), outcome::valid);
  // max_validity with a huge exp is simply exceeded.
  local_policy p;
  p.max_validity = 365 * day;
  EXPECT_OUTCOME(make_verifier(p).verify(issue(c), now0), outcome::key_not_valid);
}

TEST_F(verify_test, nbf_at_uint64_max_is_not_yet_valid) {
  claims c = default_claims();
  c.nbf = std::numeric_limits<std::uint64_t>::max();
  EXPECT_OUTCOME(make_verifier().verify(issue(c), std::numeric_limits<std::int64_t>::max()),
                 outcome::not_yet_valid);
}

TEST_F(verify_test, extreme_claim_times_do_not_crash) {
  constexpr std::uint64_t u64_max = std::numeric_limits<std::uint64_t>::max();
  constexpr std::uint64_t i64_max = std::numeric_limits<std::int64_t>::max();
  const verifier v = make_verifier();
  claims c = default_claims();
  c.nbf = i64_max;
  EXPECT_OUTCOME(v.verify(issue(c), now0), outcome::not_yet_valid);
  c.nbf.reset();
  c.iat = u64_max;
  c.exp = u64_max;
  EXPECT_OUTCOME(v.verify(issue(c), now0), outcome::key_not_valid);
  trust_list list = default_trust_list();
  list.entries[0].not_after = u64_max;
  EXPECT_OUTCOME(make_verifier({}, list).verify(issue(c), now0), outcome::valid);
  c.iat = 0;
  c.exp = 0;
  list.entries[0].not_before = 0;
  const verification r = make_verifier({}, list).verify(issue(c), now0);
  EXPECT_OUTCOME(r, outcome::expired);
  c.status.test->sampled_at = u64_max;
  local_policy p;
  p.max_test_age = 0;
  c.exp = u64_max;
  EXPECT_OUTCOME(make_verifier(p, list).verify(issue(c), now0), outcome::valid);
  c.status.test->sampled_at = 0;
  EXPECT_OUTCOME(make_verifier(p, list).verify(issue(c), now0), outcome::test_too_old);
}

TEST_F(verify_test, extreme_now_does_not_crash) {
  constexpr std::int64_t lo = std::numeric_limits<std::int64_t>::min();
  constexpr std::int64_t hi = std::numeric_limits<std::int64_t>::max();
  local_policy p;
  p.max_test_age = day;
  p.max_stale = day;
  p.skew = std::numeric_limits<std::uint64_t>::max();
  verifier v = make_verifier();
  hold_revocations(v, {});
  const std::string text = issue(default_claims());
  const std::string live = issue(default_claims_with_cnf());

  const verification low = v.verify(text, lo);
  EXPECT_OUTCOME(low, outcome::valid);  // no nbf; years before exp
  EXPECT_TRUE(has_warning(low, warning::clock_behind));
  EXPECT_OUTCOME(v.verify(text, hi), outcome::expired);
  EXPECT_OUTCOME(v.verify(live_of(live, now0), lo), outcome::live_stale);
  EXPECT_OUTCOME(v.verify(live_of(live, now0), hi), outcome::expired);
  EXPECT_OUTCOME(v.verify("QS1:", lo), outcome::malformed);

  claims with_nbf = default_claims();
  with_nbf.nbf = t0;
  EXPECT_OUTCOME(v.verify(issue(with_nbf), lo), outcome::not_yet_valid);

  // A huge skew neither wraps nor crashes.
  verifier wide_skew = make_verifier(p);
  hold_revocations(wide_skew, {});
  EXPECT_OUTCOME(wide_skew.verify(text, lo), outcome::valid);
  EXPECT_OUTCOME(wide_skew.verify(text, hi), outcome::test_too_old);

  // Live code times at the edges.
  const bytes cred = credential_cose(default_claims_with_cnf());
  EXPECT_OUTCOME(
      v.verify(ql1_of(cred, std::numeric_limits<std::uint64_t>::max(), holder_key()), lo),
      outcome::live_stale);
  EXPECT_OUTCOME(v.verify(ql1_of(cred, 0, holder_key()), hi), outcome::expired);
}

TEST_F(verify_test, outcome_and_warning_names) {
  EXPECT_EQ(to_string(outcome::malformed), "malformed");
  EXPECT_EQ(to_string(outcome::unsupported_alg), "unsupported_alg");
  EXPECT_EQ(to_string(outcome::unknown_key), "unknown_key");
  EXPECT_EQ(to_string(outcome::bad_signature), "bad_signature");
  EXPECT_EQ(to_string(outcome::key_not_valid), "key_not_valid");
  EXPECT_EQ(to_string(outcome::not_yet_valid), "not_yet_valid");
  EXPECT_EQ(to_string(outcome::expired), "expired");
  EXPECT_EQ(to_string(outcome::revoked), "revoked");
  EXPECT_EQ(to_string(outcome::live_required), "live_required");
  EXPECT_EQ(to_string(outcome::live_stale), "live_stale");
  EXPECT_EQ(to_string(outcome::live_bad_signature), "live_bad_signature");
  EXPECT_EQ(to_string(outcome::status_not_accepted), "status_not_accepted");
  EXPECT_EQ(to_string(outcome::test_positive), "test_positive");
  EXPECT_EQ(to_string(outcome::test_too_old), "test_too_old");
  EXPECT_EQ(to_string(outcome::lists_too_stale), "lists_too_stale");
  EXPECT_EQ(to_string(outcome::clock_behind), "clock_behind");
  EXPECT_EQ(to_string(outcome::valid), "valid");
  EXPECT_EQ(to_string(warning::trust_list_stale), "trust_list_stale");
  EXPECT_EQ(to_string(warning::revocation_list_stale), "revocation_list_stale");
  EXPECT_EQ(to_string(warning::clock_behind), "clock_behind");
}

// ==== concurrency ===========================================================================

TEST_F(verify_test, one_verifier_shared_by_four_threads) {
  local_policy p;
  p.max_test_age = day;
  verifier v = make_verifier(p);
  claims revoked = default_claims();
  revoked.cti[15] ^= 0x5a;
  hold_revocations(v, {revocation_prefix_of(revoked.cti)});

  claims yellow = default_claims();
  yellow.status.status = health_status::yellow;
  claims positive = default_claims();
  positive.status.test->positive = true;
  claims wrong_iss = default_claims();
  wrong_iss.iss = "CN-000000";
  bytes flipped = credential_cose(default_claims());
  flipped.back() ^= 0x01;
  const std::string qs1_cnf = issue(default_claims_with_cnf());

  const std::vector<std::string> texts = {
      issue(default_claims()),
      issue(revoked),
      issue(yellow),
      issue(positive),
      issue(wrong_iss),
      qs1_of_cose(flipped),
      "QS1:garbage",
      live_of(qs1_cnf, now0),
      live_of(qs1_cnf, now0 - 3600),
      issue(default_claims(), issuer_b()),
  };
  std::vector<outcome> expected;
  std::vector<std::string> expected_detail;
  for (const std::string& t : texts) {
    const verification r = v.verify(t, now0);
    expected.push_back(r.outcome());
    expected_detail.push_back(r.detail());
  }
  // The set covers many outcomes, so a shared-state bug would show.
  EXPECT_EQ(expected[0], outcome::valid);
  EXPECT_EQ(expected[1], outcome::revoked);
  EXPECT_EQ(expected[2], outcome::status_not_accepted);
  EXPECT_EQ(expected[3], outcome::test_positive);
  EXPECT_EQ(expected[4], outcome::key_not_valid);
  EXPECT_EQ(expected[5], outcome::bad_signature);
  EXPECT_EQ(expected[6], outcome::malformed);
  EXPECT_EQ(expected[7], outcome::valid);
  EXPECT_EQ(expected[8], outcome::live_stale);
  EXPECT_EQ(expected[9], outcome::unknown_key);

  const verifier& shared = v;
  std::atomic<int> mismatches{0};
  std::atomic<int> runs{0};
  std::vector<std::thread> threads;
  for (int n = 0; n < 4; ++n) {
    threads.emplace_back([&, n] {
      for (int i = 0; i < 1000; ++i) {
        const std::size_t k = static_cast<std::size_t>(i + n) % texts.size();
        const verification r = shared.verify(texts[k], now0);
        if (r.outcome() != expected[k] || r.detail() != expected_detail[k]) ++mismatches;
        ++runs;
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(runs.load(), 4000);
  EXPECT_EQ(mismatches.load(), 0);
}

// ==== roots, policy and the clock mark change in place ======================================

TEST_F(verify_test, add_root_and_set_policy_keep_the_lists_held) {
  verifier v(pinned_roots());
  // A list signed by a root not yet pinned is refused, then taken once the root is added.
  EXPECT_EQ(v.offer_trust_list(signed_trust_list(default_trust_list(2), root2_key())).result,
            list_result::unknown_root);
  v.add_root(root2_key().public_key());
  v.add_root(root2_key().public_key());  // again: nothing
  EXPECT_EQ(v.roots().size(), 2u);
  EXPECT_EQ(v.offer_trust_list(signed_trust_list(default_trust_list(2), root2_key())).result,
            list_result::accepted);
  const std::string cred = issue(default_claims());
  EXPECT_OUTCOME(v.verify(cred, now0), outcome::valid);
  local_policy strict;
  strict.accept = std::vector<health_status>{health_status::yellow};
  v.set_policy(strict);
  EXPECT_OUTCOME(v.verify(cred, now0), outcome::status_not_accepted);
  EXPECT_EQ(v.trust()->seq, 2u);
  v.set_policy({});
  EXPECT_OUTCOME(v.verify(cred, now0), outcome::valid);
}

TEST_F(verify_test, high_water_only_rises_and_plausibility_follows_the_lists) {
  verifier v(pinned_roots());
  EXPECT_FALSE(v.high_water());
  EXPECT_FALSE(v.plausible_until());
  v.observe_time(now0);
  v.observe_time(now0 - 10);
  EXPECT_EQ(v.high_water(), now0);
  v = make_verifier();
  EXPECT_EQ(v.plausible_until(), static_cast<std::int64_t>(default_trust_list().next_update) +
                                     verifier::clock_plausibility_margin);
  hold_revocations(v, {}, 1, t0 - day, t0 + 90 * day);
  EXPECT_EQ(v.plausible_until(),
            static_cast<std::int64_t>(t0 + 90 * day) + verifier::clock_plausibility_margin);
}

}  // namespace
}  // namespace qrseal
