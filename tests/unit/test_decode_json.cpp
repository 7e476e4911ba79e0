// decoded_text_json: what inspect prints for every kind of text, and the layers it stops at.
#include <gtest/gtest.h>
#include <sodium.h>

#include <nlohmann/json.hpp>
#include <qrseal/decode.hpp>
#include <qrseal/decode_json.hpp>
#include <qrseal/hex.hpp>
#include <qrseal/issuer.hpp>
#include <qrseal/live.hpp>
#include <string>

#include "fixtures.hpp"

namespace qrseal {
namespace {

using namespace fixtures;
using json = nlohmann::ordered_json;

class decode_json : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { ASSERT_GE(sodium_init(), 0); }
};

json inspect(const std::string& text) {
  return json::parse(decoded_text_json(decode_text(text), text.size()));
}

TEST_F(decode_json, credential_has_every_layer_in_order) {
  const std::string text = issue(default_claims());
  const json j = inspect(text);
  std::vector<std::string> keys;
  for (const auto& [k, v] : j.items()) keys.push_back(k);
  EXPECT_EQ(keys, (std::vector<std::string>{"verified", "prefix", "kind", "length", "body_form",
                                            "body_bytes", "cose_hex", "cose", "claims",
                                            "claims_rfc3339"}));
  EXPECT_EQ(j["verified"], false);
  EXPECT_EQ(j["prefix"], "QS1:");
  EXPECT_EQ(j["kind"], "credential");
  EXPECT_EQ(j["length"], text.size());
  EXPECT_EQ(j["cose"]["protected"]["alg"], -8);
  EXPECT_EQ(j["cose"]["protected"]["kid"], to_hex(issuer_a().public_key().kid()));
  EXPECT_EQ(j["claims"]["iss"], std::string(default_iss));
  EXPECT_EQ(j["claims"]["iat"], t0);
  EXPECT_EQ(j["claims_rfc3339"]["iat"], "2023-11-14T22:13:20Z");
}

TEST_F(decode_json, two_space_indent_and_no_final_newline) {
  const std::string out = decoded_text_json(decode_text(issue(default_claims())), 1);
  EXPECT_EQ(out.substr(0, 21), "{\n  \"verified\": false");
  EXPECT_EQ(out.back(), '}');
}

TEST_F(decode_json, live_code_shows_t_and_sig) {
  auto ql1 = make_live_code(issue(default_claims_with_cnf()), holder_key(), t0 + 5);
  ASSERT_TRUE(ql1.ok()) << ql1.error().message;
  const json j = inspect(*ql1);
  EXPECT_EQ(j["kind"], "live");
  EXPECT_EQ(j["live"]["t"], t0 + 5);
  EXPECT_EQ(j["live"]["sig"].get<std::string>().size(), 128u);
  EXPECT_FALSE(j.contains("body_form"));
  EXPECT_FALSE(j.contains("error"));
  EXPECT_TRUE(j.contains("claims"));
}

TEST_F(decode_json, trust_list_has_no_claims) {
  auto qt1 = trust_list_text(signed_trust_list(default_trust_list()));
  ASSERT_TRUE(qt1.ok());
  const json j = inspect(*qt1);
  EXPECT_EQ(j["kind"], "trust_list");
  EXPECT_EQ(j["cose"]["protected"]["kid"], to_hex(root_key().public_key().kid()));
  EXPECT_FALSE(j.contains("claims"));
  EXPECT_FALSE(j.contains("error"));
}

TEST_F(decode_json, stops_where_decoding_stopped) {
  const json no_prefix = inspect("XYZ:ABC");
  EXPECT_EQ(no_prefix.size(), 2u);  // verified and error only
  EXPECT_EQ(no_prefix["error"]["code"], std::string(to_string(errc::text_bad_prefix)));

  const json bad_body = inspect(join_qr_text(text_kind::credential, bytes{0x01, 0x02}));
  EXPECT_EQ(bad_body["kind"], "credential");
  EXPECT_FALSE(bad_body.contains("cose_hex"));
  EXPECT_TRUE(bad_body.contains("error"));

  const bytes cose = hand_signed_cose(document_type::credential,
                                      protected_header(-8, issuer_a().public_key().kid()),
                                      bytes{0xA0}, issuer_a());
  const json no_claims = inspect(join_qr_text(text_kind::credential, cose));
  EXPECT_TRUE(no_claims.contains("cose"));
  EXPECT_FALSE(no_claims.contains("claims"));
  ASSERT_TRUE(no_claims.contains("error"));
  EXPECT_FALSE(no_claims["error"]["message"].get<std::string>().empty());
}

TEST_F(decode_json, alg_other_than_eddsa_is_named) {
  const bytes cose = hand_signed_cose(document_type::credential,
                                      protected_header(-7, issuer_a().public_key().kid()),
                                      bytes{0xA0}, issuer_a());
  const decoded_text d = decode_text(join_qr_text(text_kind::credential, cose));
  ASSERT_TRUE(d.cose.has_value()) << "the COSE layer keeps a well-formed header of another alg";
  EXPECT_EQ(json::parse(decoded_text_json(d, 0))["cose"]["protected"]["alg"], "not EdDSA");
}

}  // namespace
}  // namespace qrseal
