// The issuing side: issue_credential (signed, self-checked QS1 text), new_credential_id, and
// trust_list_text (QT1 key-update sheets).
#include <gtest/gtest.h>
#include <sodium.h>

#include <array>
#include <cstdint>
#include <qrseal/body.hpp>
#include <qrseal/cose.hpp>
#include <qrseal/detail/base45.hpp>
#include <qrseal/issuer.hpp>
#include <qrseal/text.hpp>
#include <qrseal/verifier.hpp>
#include <set>
#include <string>
#include <vector>

#include "fixtures.hpp"

namespace qrseal {
namespace {

using namespace fixtures;

class issuer : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { ASSERT_GE(sodium_init(), 0); }
};

// Reads a QS1 text back: Base45, body, COSE, claims.
result<claims> read_back(const std::string& text) {
  auto split = split_qr_text(text);
  if (!split) return std::move(split).error();
  auto body = decode_body(split->bytes);
  if (!body) return std::move(body).error();
  auto cose = parse_cose_sign1(body->cose);
  if (!cose) return std::move(cose).error();
  return decode_claims(cose->payload);
}

verifier default_verifier() {
  verifier v(pinned_roots());
  const list_offer r = v.offer_trust_list(signed_trust_list(default_trust_list()));
  EXPECT_EQ(r.result, list_result::accepted) << r.message;
  return v;
}

TEST_F(issuer, issued_text_starts_with_qs1_and_verifies) {
  const claims c = default_claims();
  auto text = issue_credential(c, issuer_a());
  ASSERT_TRUE(text.ok()) << text.error().message;
  EXPECT_EQ(text->substr(0, 4), "QS1:");
  EXPECT_LE(text->size(), max_qr_text);
  const verifier v = default_verifier();
  const verification r = v.verify(*text, now0);
  EXPECT_EQ(r.outcome(), outcome::valid) << r.detail();
  ASSERT_TRUE(r.credential().has_value());
  EXPECT_EQ(*r.credential(), c);
}

TEST_F(issuer, claims_round_trip_with_every_field) {
  claims c = default_claims_with_cnf();
  c.nbf = t0 + 60;
  c.status.status = health_status::red;
  c.status.name = "";
  c.status.id_hint = "X123456Y";
  c.status.test = test_info{true, t0 - 2 * day, std::nullopt};
  c.status.vaccination = vaccination_info{3, t0 - 90 * day};
  const std::string text = issue(c);
  auto back = read_back(text);
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(*back, c);

  claims minimal;
  minimal.iss = "X";
  minimal.iat = 0;
  minimal.exp = 0;
  auto minimal_back = read_back(issue(minimal));
  ASSERT_TRUE(minimal_back.ok()) << minimal_back.error().message;
  EXPECT_EQ(*minimal_back, minimal);
}

TEST_F(issuer, issued_bytes_are_the_deterministic_cose) {
  const claims c = default_claims();
  const bytes cose = sign_cose_sign1(document_type::credential, encode_claims(c), issuer_a());
  EXPECT_EQ(issue(c, issuer_a(), compression::never), join_qr_text(text_kind::credential, cose));
  // Ed25519 is deterministic: the same claims give the same text.
  EXPECT_EQ(issue(c), issue(c));
}

TEST_F(issuer, refuses_an_empty_iss) {
  claims c = default_claims();
  c.iss.clear();
  auto text = issue_credential(c, issuer_a());
  ASSERT_FALSE(text.ok());
  EXPECT_EQ(text.code(), errc::claims_bad_value);
  EXPECT_NE(text.error().message.find("iss"), std::string::npos) << text.error().message;
}

TEST_F(issuer, refuses_a_49_byte_name) {
  claims c = default_claims();
  c.status.name = std::string(48, 'N');
  EXPECT_TRUE(issue_credential(c, issuer_a()).ok());
  c.status.name = std::string(49, 'N');
  auto text = issue_credential(c, issuer_a());
  ASSERT_FALSE(text.ok());
  EXPECT_EQ(text.code(), errc::claims_too_long);
  EXPECT_NE(text.error().message.find("name"), std::string::npos) << text.error().message;
  EXPECT_NE(text.error().message.find("49"), std::string::npos) << text.error().message;
}

TEST_F(issuer, name_limit_counts_utf8_bytes) {
  claims c = default_claims();
  std::string name;
  for (int i = 0; i < 16; ++i) name += "张";  // 3 bytes each
  c.status.name = name;
  EXPECT_TRUE(issue_credential(c, issuer_a()).ok());
  c.status.name = name + "张";
  EXPECT_EQ(issue_credential(c, issuer_a()).code(), errc::claims_too_long);
}

TEST_F(issuer, refuses_other_invalid_claims) {
  {
    claims c = default_claims();
    c.iss = std::string(33, 'I');
    EXPECT_EQ(issue_credential(c, issuer_a()).code(), errc::claims_bad_value);
    c.iss = std::string(32, 'I');
    EXPECT_TRUE(issue_credential(c, issuer_a()).ok());
  }
  {
    claims c = default_claims();
    c.status.id_hint = "123456789";
    EXPECT_EQ(issue_credential(c, issuer_a()).code(), errc::claims_too_long);
  }
  {
    claims c = default_claims();
    c.status.test->site = std::string(17, 's');
    EXPECT_EQ(issue_credential(c, issuer_a()).code(), errc::claims_too_long);
  }
  {
    claims c = default_claims();
    c.status.name = std::string("\xff\xfe");
    auto text = issue_credential(c, issuer_a());
    ASSERT_FALSE(text.ok());
    EXPECT_NE(text.error().message.find("UTF-8"), std::string::npos) << text.error().message;
  }
  {
    claims c = default_claims();
    c.iss = std::string("CN-\xc0\xaf");  // overlong encoding of '/'
    EXPECT_FALSE(issue_credential(c, issuer_a()).ok());
  }
  {
    claims c = default_claims();
    c.status.status = static_cast<health_status>(3);
    EXPECT_FALSE(issue_credential(c, issuer_a()).ok());
  }
}

TEST_F(issuer, compression_never_yields_a_raw_body) {
  claims c = default_claims();
  c.status.name = std::string(48, 'A');  // compressible, so when_shorter could pick zlib
  const std::string text = issue(c, issuer_a(), compression::never);
  auto decoded = base45_decode(std::string_view(text).substr(4));
  ASSERT_TRUE(decoded.ok()) << decoded.error().message;
  ASSERT_FALSE(decoded->empty());
  EXPECT_EQ((*decoded)[0], 0xD2);
  auto back = read_back(text);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, c);
}

TEST_F(issuer, when_shorter_picks_the_shorter_body) {
  claims c = default_claims();
  c.status.name = std::string(48, 'A');
  const std::string raw = issue(c, issuer_a(), compression::never);
  const std::string chosen = issue(c, issuer_a(), compression::when_shorter);
  auto raw_body = base45_decode(std::string_view(raw).substr(4));
  auto chosen_body = base45_decode(std::string_view(chosen).substr(4));
  ASSERT_TRUE(raw_body.ok() && chosen_body.ok());
  EXPECT_LE(chosen_body->size(), raw_body->size());
  const std::uint8_t first = (*chosen_body)[0];
  EXPECT_TRUE(first == 0xD2 || first == 0x78) << int(first);
  if (first == 0x78) {
    EXPECT_LT(chosen_body->size(), raw_body->size());
  }
  EXPECT_EQ(default_verifier().verify(chosen, now0).outcome(), outcome::valid);
}

TEST_F(issuer, new_credential_id_differs_between_calls) {
  std::set<credential_id> seen;
  for (int i = 0; i < 100; ++i) seen.insert(new_credential_id());
  EXPECT_EQ(seen.size(), 100u);
  EXPECT_EQ(seen.count(credential_id{}), 0u);
}

TEST_F(issuer, trust_list_text_is_accepted_as_a_key_update) {
  trust_list list = default_trust_list();
  list.entries.push_back(entry_for(issuer_b(), "CN-110000"));
  list.policy = authority_policy{std::vector{health_status::green}, 2 * day, true, day, 7 * day};
  const bytes cose = signed_trust_list(list);
  auto text = trust_list_text(cose);
  ASSERT_TRUE(text.ok()) << text.error().message;
  EXPECT_EQ(text->substr(0, 4), "QT1:");
  EXPECT_LE(text->size(), max_qr_text);

  verifier v(pinned_roots());
  const list_offer r = v.offer_trust_list_text(*text);
  EXPECT_EQ(r.result, list_result::accepted) << r.message;
  ASSERT_TRUE(v.trust().has_value());
  EXPECT_EQ(*v.trust(), list);
  EXPECT_EQ(v.trust_bytes(), cose);
}

TEST_F(issuer, about_ten_entries_fit_one_code) {
  trust_list list = default_trust_list();
  list.entries.clear();
  for (std::uint8_t i = 0; i < 10; ++i)
    list.entries.push_back(entry_for(key_from_fill(static_cast<std::uint8_t>(0x20 + i)),
                                     "CN-61010" + std::to_string(i)));
  auto text = trust_list_text(signed_trust_list(list));
  ASSERT_TRUE(text.ok()) << text.error().message;
  verifier v(pinned_roots());
  EXPECT_EQ(v.offer_trust_list_text(*text).result, list_result::accepted);
}

TEST_F(issuer, oversized_trust_list_is_refused_as_text_too_long) {
  trust_list list = default_trust_list();
  list.entries.clear();
  for (int i = 0; i < 100; ++i)
    list.entries.push_back(entry_for(key_from_fill(static_cast<std::uint8_t>(0x30 + i)),
                                     "CN-" + std::to_string(100000 + i)));
  auto text = trust_list_text(signed_trust_list(list));
  ASSERT_FALSE(text.ok());
  EXPECT_EQ(text.code(), errc::text_too_long);
  EXPECT_FALSE(text.error().message.empty());
}

}  // namespace
}  // namespace qrseal

namespace qrseal {
namespace {

using namespace fixtures;

TEST(check_issuable, refuses_what_the_trust_list_would_refuse) {
  trust_list list = default_trust_list();
  const key_id root = root_key().public_key().kid();
  claims c = default_claims();
  EXPECT_TRUE(check_issuable(list, root, c, issuer_a().public_key()).ok());
  EXPECT_EQ(check_issuable(list, root, c, root_key().public_key()).code(), errc::key_is_root);
  EXPECT_EQ(check_issuable(list, root, c, issuer_b().public_key()).code(), errc::not_issuable);
  claims typo = c;
  typo.iss = "CN-61010";
  const auto iss = check_issuable(list, root, typo, issuer_a().public_key());
  EXPECT_EQ(iss.code(), errc::not_issuable);
  EXPECT_NE(iss.error().message.find("not for iss 'CN-61010'"), std::string::npos);
  claims late = c;
  late.iat = t0 + 400 * day;
  late.exp = late.iat + day;
  EXPECT_NE(check_issuable(list, root, late, issuer_a().public_key())
                .error()
                .message.find("outside the window"),
            std::string::npos);
  list.policy = authority_policy{};
  list.policy->max_validity = 3 * day;
  EXPECT_EQ(check_issuable(list, root, c, issuer_a().public_key()).code(), errc::not_issuable);
  c.exp = c.iat + 3 * day;
  EXPECT_TRUE(check_issuable(list, root, c, issuer_a().public_key()).ok());
}

TEST(CompleteClaims, IssTimesAndCtiForSigning) {
  claims c = default_claims();
  c.iss.clear();
  c.iat = 0;
  c.exp = 0;
  c.cti = credential_id{};
  claims_completion how;
  how.iss = "CN-610100";
  how.now = 1'000'000;
  auto done = complete_claims(c, how);
  ASSERT_TRUE(done.ok()) << done.error().message;
  EXPECT_EQ(done->iss, "CN-610100");
  EXPECT_EQ(done->iat, 1'000'000u);
  EXPECT_EQ(done->exp, 1'000'000u + default_validity);
  EXPECT_NE(done->cti, credential_id{});

  // The template's own iat and exp stand unless the operator gives a time or a validity.
  c.iat = 500;
  c.exp = 900;
  EXPECT_EQ(complete_claims(c, how)->iat, 500u);
  EXPECT_EQ(complete_claims(c, how)->exp, 900u);
  how.now_given = true;
  how.valid = 100;
  EXPECT_EQ(complete_claims(c, how)->exp, 1'000'100u);
  how.exp = 2'000'000;
  EXPECT_EQ(complete_claims(c, how)->exp, 2'000'000u);
  const credential_id kept = complete_claims(c, how)->cti;
  c.cti = kept;
  EXPECT_EQ(complete_claims(c, how)->cti, kept);

  how.exp = 1'000'000;  // not after iat
  EXPECT_EQ(complete_claims(c, how).error().message,
            "exp is not after iat: the credential would never be valid");
  how.exp.reset();
  c.iss = "CN-999999";
  EXPECT_EQ(complete_claims(c, how).error().message,
            "the claims give iss 'CN-999999' but the issuer's is 'CN-610100'");
}

}  // namespace
}  // namespace qrseal
