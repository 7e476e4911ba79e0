// The one decode chain (decode_text): every layer of QS1, QL1 and QT1 texts, and where it stops
// on bad input with the layers before the failure still present.
#include <gtest/gtest.h>
#include <sodium.h>

#include <qrseal/decode.hpp>
#include <qrseal/issuer.hpp>
#include <qrseal/live.hpp>
#include <string>
#include <utility>

#include "fixtures.hpp"

namespace qrseal {
namespace {

using namespace fixtures;

class decode : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { ASSERT_GE(sodium_init(), 0); }
};

TEST_F(decode, credential_every_layer) {
  const claims c = default_claims();
  const decoded_text d = decode_text(issue(c));
  ASSERT_TRUE(d.complete()) << d.failure->message;
  EXPECT_EQ(d.kind, text_kind::credential);
  ASSERT_TRUE(d.form.has_value());
  EXPECT_FALSE(d.live.has_value());
  ASSERT_TRUE(d.cose.has_value());
  EXPECT_TRUE(d.cose->alg_is_eddsa);
  EXPECT_EQ(d.cose->kid, issuer_a().public_key().kid());
  EXPECT_TRUE(verify_cose_sign1(*d.cose, document_type::credential, issuer_a().public_key()));
  ASSERT_TRUE(d.credential.has_value());
  EXPECT_EQ(*d.credential, c);
}

TEST_F(decode, raw_and_zlib_bodies) {
  const decoded_text raw = decode_text(issue(default_claims(), issuer_a(), compression::never));
  ASSERT_TRUE(raw.complete());
  EXPECT_EQ(raw.form, body_form::raw);
  EXPECT_EQ(raw.cose_bytes.size(), raw.bytes.size());
}

TEST_F(decode, live_code_points_at_its_credential) {
  const claims c = default_claims_with_cnf();
  auto ql1 = make_live_code(issue(c), holder_key(), t0 + 5);
  ASSERT_TRUE(ql1.ok()) << ql1.error().message;
  const decoded_text d = decode_text(*ql1);
  ASSERT_TRUE(d.complete()) << d.failure->message;
  EXPECT_EQ(d.kind, text_kind::live);
  EXPECT_FALSE(d.form.has_value());
  ASSERT_TRUE(d.live.has_value());
  EXPECT_EQ(d.live->t, t0 + 5);
  EXPECT_EQ(d.live->credential.data(), d.cose_bytes.data());
  EXPECT_EQ(*d.credential, c);
}

TEST_F(decode, trust_list_has_no_claims) {
  auto qt1 = trust_list_text(signed_trust_list(default_trust_list()));
  ASSERT_TRUE(qt1.ok());
  const decoded_text d = decode_text(*qt1);
  ASSERT_TRUE(d.complete()) << d.failure->message;
  EXPECT_EQ(d.kind, text_kind::trust_list);
  ASSERT_TRUE(d.cose.has_value());
  EXPECT_EQ(d.cose->kid, root_key().public_key().kid());
  EXPECT_FALSE(d.credential.has_value());
}

TEST_F(decode, stops_at_the_first_bad_layer) {
  const decoded_text no_prefix = decode_text("XYZ:ABC");
  EXPECT_FALSE(no_prefix.complete());
  EXPECT_FALSE(no_prefix.kind.has_value());
  EXPECT_EQ(no_prefix.failure->code, errc::text_bad_prefix);

  // "QS1:" + Base45 of bytes that are neither zlib nor COSE: the kind is known, the body is not.
  const decoded_text bad_body = decode_text(join_qr_text(text_kind::credential, bytes{0x01, 0x02}));
  EXPECT_FALSE(bad_body.complete());
  EXPECT_EQ(bad_body.kind, text_kind::credential);
  EXPECT_FALSE(bad_body.form.has_value());
  EXPECT_FALSE(bad_body.cose.has_value());

  // A signed COSE whose payload is not claims: everything but the claims is there.
  const bytes payload{0xA0};  // an empty map
  const bytes cose =
      hand_signed_cose(document_type::credential,
                       protected_header(-8, issuer_a().public_key().kid()), payload, issuer_a());
  const decoded_text no_claims = decode_text(join_qr_text(text_kind::credential, cose));
  EXPECT_FALSE(no_claims.complete());
  ASSERT_TRUE(no_claims.cose.has_value());
  EXPECT_FALSE(no_claims.credential.has_value());
}

TEST_F(decode, views_survive_a_move) {
  decoded_text d = decode_text(issue(default_claims()));
  ASSERT_TRUE(d.complete());
  const bytes cose(d.cose_bytes.begin(), d.cose_bytes.end());
  decoded_text moved = std::move(d);
  EXPECT_EQ(bytes(moved.cose_bytes.begin(), moved.cose_bytes.end()), cose);
  EXPECT_TRUE(verify_cose_sign1(*moved.cose, document_type::credential, issuer_a().public_key()));
}

}  // namespace
}  // namespace qrseal
