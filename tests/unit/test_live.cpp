// Live codes (spec §4): the holder side (make_live_code), the exact signed message, and the
// strict parse of the QL1 array.
#include <gtest/gtest.h>
#include <sodium.h>
#include <zlib.h>

#include <cstdint>
#include <qrseal/body.hpp>
#include <qrseal/cose.hpp>
#include <qrseal/detail/base45.hpp>
#include <qrseal/detail/cbor.hpp>
#include <qrseal/hex.hpp>
#include <qrseal/live.hpp>
#include <qrseal/text.hpp>
#include <string>
#include <vector>

#include "fixtures.hpp"

namespace qrseal {
namespace {

using namespace fixtures;

class live : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { ASSERT_GE(sodium_init(), 0); }
};

// The COSE bytes inside a QS1 text.
bytes cose_of(const std::string& qs1) {
  auto split = split_qr_text(qs1);
  EXPECT_TRUE(split.ok());
  if (!split) return {};
  auto body = decode_body(split->bytes);
  EXPECT_TRUE(body.ok());
  return body ? body->cose : bytes{};
}

bytes zlib_compress(std::span<const std::uint8_t> data) {
  uLongf size = compressBound(static_cast<uLong>(data.size()));
  bytes out(size);
  EXPECT_EQ(compress2(out.data(), &size, data.data(), static_cast<uLong>(data.size()), 9), Z_OK);
  out.resize(size);
  return out;
}

bytes live_array(std::span<const std::uint8_t> cred, std::uint64_t t,
                 std::span<const std::uint8_t> sig) {
  cbor::writer w;
  w.array(3).bytes(cred).uint(t).bytes(sig);
  return w.take();
}

TEST_F(live, make_live_code_round_trip) {
  const std::string qs1 = issue(default_claims_with_cnf());
  const std::uint64_t t = t0 + 123;
  auto text = make_live_code(qs1, holder_key(), t);
  ASSERT_TRUE(text.ok()) << text.error().message;
  ASSERT_EQ(text->substr(0, 4), "QL1:");
  EXPECT_LE(text->size(), max_qr_text);

  auto split = split_qr_text(*text);
  ASSERT_TRUE(split.ok()) << split.error().message;
  EXPECT_EQ(split->kind, text_kind::live);
  auto code = decode_live_array(split->bytes);
  ASSERT_TRUE(code.ok()) << code.error().message;
  const bytes cose = cose_of(qs1);
  EXPECT_EQ(bytes(code->credential.begin(), code->credential.end()), cose);
  EXPECT_EQ(code->t, t);
  EXPECT_TRUE(verify_detached(holder_key().public_key(), live_signed_message(cose, t), code->sig));
  EXPECT_FALSE(
      verify_detached(holder_key().public_key(), live_signed_message(cose, t + 1), code->sig));
  // The whole array is exactly [cred, t, sig] in deterministic CBOR.
  EXPECT_EQ(split->bytes, live_array(cose, t, code->sig));
}

TEST_F(live, make_live_code_from_a_zlib_body_signs_the_raw_cose) {
  const bytes cose = sign_cose_sign1(document_type::credential,
                                     encode_claims(default_claims_with_cnf()), issuer_a());
  const std::string qs1 = join_qr_text(text_kind::credential, zlib_compress(cose));
  auto text = make_live_code(qs1, holder_key(), t0);
  ASSERT_TRUE(text.ok()) << text.error().message;
  auto split = split_qr_text(*text);
  ASSERT_TRUE(split.ok());
  auto code = decode_live_array(split->bytes);
  ASSERT_TRUE(code.ok()) << code.error().message;
  EXPECT_EQ(bytes(code->credential.begin(), code->credential.end()), cose);
  EXPECT_TRUE(verify_detached(holder_key().public_key(), live_signed_message(cose, t0), code->sig));
}

TEST_F(live, signed_message_layout_for_a_known_credential) {
  // SHA-256("abc") is the FIPS 180-2 example.
  const bytes cred = {'a', 'b', 'c'};
  const std::uint64_t t = 0x0102030405060708;
  const bytes m = live_signed_message(cred, t);
  ASSERT_EQ(m.size(), 13u + 1 + 32 + 8);
  EXPECT_EQ(std::string(m.begin(), m.begin() + 13), "qrseal-live/1");
  EXPECT_EQ(m[13], 0x00);
  EXPECT_EQ(to_hex(std::span(m).subspan(14, 32)),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(to_hex(std::span(m).subspan(46, 8)), "0102030405060708");
}

TEST_F(live, signed_message_hashes_the_credential_content_and_encodes_t_big_endian) {
  const bytes cred = cose_of(issue(default_claims_with_cnf()));
  std::uint8_t digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, cred.data(), cred.size());
  bytes expected = {'q', 'r', 's', 'e', 'a', 'l', '-', 'l', 'i', 'v', 'e', '/', '1', 0x00};
  expected.insert(expected.end(), digest, digest + sizeof digest);
  const std::uint64_t t = t0;  // 0x6553f100
  const bytes be = {0, 0, 0, 0, 0x65, 0x53, 0xf1, 0x00};
  expected.insert(expected.end(), be.begin(), be.end());
  EXPECT_EQ(live_signed_message(cred, t), expected);

  const bytes max = live_signed_message(cred, UINT64_MAX);
  EXPECT_EQ(to_hex(std::span(max).last(8)), "ffffffffffffffff");
  const bytes zero = live_signed_message(cred, 0);
  EXPECT_EQ(to_hex(std::span(zero).last(8)), "0000000000000000");
}

TEST_F(live, make_live_code_refuses_a_holder_key_that_does_not_match_cnf) {
  const std::string qs1 = issue(default_claims_with_cnf());
  auto text = make_live_code(qs1, issuer_b(), t0);
  ASSERT_FALSE(text.ok());
  EXPECT_EQ(text.code(), errc::key_mismatch);
  EXPECT_NE(text.error().message.find("cnf"), std::string::npos) << text.error().message;
}

TEST_F(live, make_live_code_refuses_a_credential_without_cnf) {
  const std::string qs1 = issue(default_claims());
  auto text = make_live_code(qs1, holder_key(), t0);
  ASSERT_FALSE(text.ok());
  EXPECT_EQ(text.code(), errc::key_mismatch);
  EXPECT_NE(text.error().message.find("cnf"), std::string::npos) << text.error().message;
}

TEST_F(live, make_live_code_refuses_texts_that_are_not_credentials) {
  const std::string qs1 = issue(default_claims_with_cnf());
  auto live_text = make_live_code(qs1, holder_key(), t0);
  ASSERT_TRUE(live_text.ok());
  EXPECT_FALSE(make_live_code(*live_text, holder_key(), t0).ok());
  EXPECT_FALSE(make_live_code("QS1:", holder_key(), t0).ok());
  EXPECT_FALSE(make_live_code("qs1:" + qs1.substr(4), holder_key(), t0).ok());
  EXPECT_FALSE(make_live_code("QT1:" + qs1.substr(4), holder_key(), t0).ok());
}

TEST_F(live, decode_live_array_accepts_the_exact_shape) {
  const bytes cred = cose_of(issue(default_claims_with_cnf()));
  const bytes sig(64, 0x5a);
  auto code = decode_live_array(live_array(cred, 42, sig));
  ASSERT_TRUE(code.ok()) << code.error().message;
  EXPECT_EQ(code->t, 42u);
  EXPECT_EQ(bytes(code->sig.begin(), code->sig.end()), sig);
  EXPECT_EQ(code->credential.size(), cred.size());
}

TEST_F(live, decode_live_array_rejects_other_shapes) {
  const bytes cred = cose_of(issue(default_claims_with_cnf()));
  const bytes sig(64, 0x5a);
  std::vector<std::pair<std::string, bytes>> cases;
  {
    cbor::writer w;
    w.array(2).bytes(cred).uint(1);
    cases.emplace_back("array of 2", w.take());
  }
  {
    cbor::writer w;
    w.array(4).bytes(cred).uint(1).bytes(sig).uint(0);
    cases.emplace_back("array of 4", w.take());
  }
  {
    cbor::writer w;
    w.map(1).uint(1).bytes(cred);
    cases.emplace_back("a map", w.take());
  }
  {
    cbor::writer w;
    w.bytes(cred);
    cases.emplace_back("a bare credential", w.take());
  }
  cases.emplace_back("tagged COSE itself", cred);
  {
    bytes zlib = encode_body(cred, compression::never);
    zlib[0] = 0x78;
    cases.emplace_back("cred starting 0x78", live_array(zlib, 1, sig));
  }
  cases.emplace_back("cred empty", live_array(bytes{}, 1, sig));
  {
    cbor::writer w;
    w.array(3).text("QS1").uint(1).bytes(sig);
    cases.emplace_back("cred a text", w.take());
  }
  {
    cbor::writer w;
    w.array(3).bytes(cred).integer(-1).bytes(sig);
    cases.emplace_back("t negative", w.take());
  }
  {
    cbor::writer w;
    w.array(3).bytes(cred).text("1").bytes(sig);
    cases.emplace_back("t a text", w.take());
  }
  {
    cbor::writer w;
    w.array(3).bytes(cred).bytes(bytes{1}).bytes(sig);
    cases.emplace_back("t a byte string", w.take());
  }
  cases.emplace_back("sig 63 bytes", live_array(cred, 1, bytes(63, 0x5a)));
  cases.emplace_back("sig 65 bytes", live_array(cred, 1, bytes(65, 0x5a)));
  {
    cbor::writer w;
    w.array(3).bytes(cred).uint(1).text(std::string(64, 'a'));
    cases.emplace_back("sig a text", w.take());
  }
  {
    bytes trailing = live_array(cred, 1, sig);
    trailing.push_back(0x00);
    cases.emplace_back("trailing byte", trailing);
  }
  {
    bytes truncated = live_array(cred, 1, sig);
    truncated.pop_back();
    cases.emplace_back("truncated", truncated);
  }
  {
    // t = 1 written in two bytes (0x18 0x01) is not the shortest form.
    cbor::writer w;
    w.array(3).bytes(cred).raw(bytes{0x18, 0x01}).bytes(sig);
    cases.emplace_back("t not shortest", w.take());
  }
  cases.emplace_back("empty input", bytes{});

  for (const auto& [name, input] : cases) {
    auto code = decode_live_array(input);
    EXPECT_FALSE(code.ok()) << name;
    if (!code.ok()) {
      EXPECT_FALSE(code.error().message.empty()) << name;
    }
  }
}

TEST_F(live, live_array_is_never_compressed) {
  const std::string qs1 = issue(default_claims_with_cnf());
  auto text = make_live_code(qs1, holder_key(), t0);
  ASSERT_TRUE(text.ok());
  auto split = split_qr_text(*text);
  ASSERT_TRUE(split.ok());
  ASSERT_TRUE(decode_live_array(split->bytes).ok());
  const bytes compressed = zlib_compress(split->bytes);
  ASSERT_EQ(compressed[0], 0x78);
  EXPECT_FALSE(decode_live_array(compressed).ok());
}

}  // namespace
}  // namespace qrseal
