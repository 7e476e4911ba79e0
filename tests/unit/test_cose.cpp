// COSE_Sign1 (spec §1): signing and verifying, domain separation by external_aad, the exact
// Sig_structure bytes, and every parse rejection with a hand-built structure.
#include <gtest/gtest.h>
#include <sodium.h>

#include <cstdint>
#include <qrseal/cose.hpp>
#include <qrseal/detail/cbor.hpp>
#include <qrseal/keys.hpp>
#include <qrseal/result.hpp>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "hex_util.hpp"

namespace qrseal {
namespace {

using bytes_t = std::vector<std::uint8_t>;

using qrseal::test::hex;
using qrseal::test::spaced_hex;

bytes_t bytes_of(std::span<const std::uint8_t> s) { return bytes_t(s.begin(), s.end()); }

// RFC 8032 §7.1 TEST 1: a fixed seed, so keys and signatures repeat run after run.
constexpr std::string_view k_seed_hex =
    "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
constexpr std::string_view k_public_hex =
    "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";

secret_key signing_key() {
  auto key = secret_key::from_seed(hex(k_seed_hex));
  EXPECT_TRUE(key.ok());
  return std::move(key).value();
}

secret_key other_key() {
  auto key = secret_key::from_seed(bytes_t(32, 0x42));
  EXPECT_TRUE(key.ok());
  return std::move(key).value();
}

// The kid computed independently of the library: SHA-256 of the raw key, first 8 bytes.
bytes_t independent_kid() {
  EXPECT_GE(sodium_init(), 0);
  const bytes_t pk = hex(k_public_hex);
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, pk.data(), pk.size());
  return bytes_t(digest, digest + 8);
}

// A small claims-like payload: {1: "x"}.
const bytes_t k_payload = hex("a1 01 61 78");

// ---- hand-built COSE_Sign1 ----

bytes_t protected_header(const bytes_t& alg_item, const bytes_t& kid) {
  cbor::writer w;
  w.map(2).uint(1).raw(alg_item).uint(4).bytes(kid);
  return w.take();
}

struct parts {
  bool tagged = true;
  std::uint64_t tag = 18;
  bytes_t protected_item;    // encoded item (normally a bstr wrapping the header)
  bytes_t unprotected_item;  // encoded item (normally a0)
  bytes_t payload_item;      // encoded item (normally a bstr)
  bytes_t signature_item;    // encoded item (normally a 64-byte bstr)
};

bytes_t bstr(const bytes_t& content) {
  cbor::writer w;
  w.bytes(content);
  return w.take();
}

bytes_t alg_item(std::int64_t alg) {
  cbor::writer w;
  w.integer(alg);
  return w.take();
}

parts valid_parts() {
  parts p;
  p.protected_item = bstr(protected_header(alg_item(-8), independent_kid()));
  p.unprotected_item = hex("a0");
  p.payload_item = bstr(k_payload);
  p.signature_item = bstr(bytes_t(64, 0x5a));
  return p;
}

bytes_t assemble(const parts& p) {
  cbor::writer w;
  if (p.tagged) w.tag(p.tag);
  w.array(4)
      .raw(p.protected_item)
      .raw(p.unprotected_item)
      .raw(p.payload_item)
      .raw(p.signature_item);
  return w.take();
}

errc parse_code(const bytes_t& cose) { return parse_cose_sign1(cose).code(); }
errc parse_code(const parts& p) { return parse_code(assemble(p)); }

// ---- external_aad and Sig_structure ----

TEST(Cose, ExternalAadStringsAreExactlyTheSpecOnes) {
  EXPECT_EQ(external_aad(document_type::credential), "qrseal/1 credential");
  EXPECT_EQ(external_aad(document_type::trust_list), "qrseal/1 trust-list");
  EXPECT_EQ(external_aad(document_type::revocation_list), "qrseal/1 revocation-list");
}

TEST(Cose, SigStructureIsTheHandWrittenBytes) {
  const bytes_t prot = hex("a2 01 27 04 48 0102030405060708");
  EXPECT_EQ(spaced_hex(sig_structure(document_type::credential, prot, k_payload)),
            spaced_hex(hex("84"
                           " 6a 5369676e617475726531"                    // "Signature1"
                           " 4d a2 01 27 04 48 0102030405060708"         // protected
                           " 53 71727365616c2f312063726564656e7469616c"  // external_aad
                           " 44 a1 01 61 78")));                         // payload
  EXPECT_EQ(spaced_hex(sig_structure(document_type::trust_list, prot, k_payload)),
            spaced_hex(hex("84 6a 5369676e617475726531 4d a2 01 27 04 48 0102030405060708"
                           " 53 71727365616c2f312074727573742d6c697374 44 a1 01 61 78")));
  EXPECT_EQ(spaced_hex(sig_structure(document_type::revocation_list, prot, {})),
            spaced_hex(hex("84 6a 5369676e617475726531 4d a2 01 27 04 48 0102030405060708"
                           " 58 18 71727365616c2f31207265766f636174696f6e2d6c697374 40")));
}

// ---- signing ----

TEST(Cose, SignedStructureHasTheSpecShape) {
  const secret_key key = signing_key();
  ASSERT_EQ(spaced_hex(key.public_key().bytes()), spaced_hex(hex(k_public_hex)));
  const bytes_t cose = sign_cose_sign1(document_type::credential, k_payload, key);
  const bytes_t prot = protected_header(alg_item(-8), independent_kid());
  ASSERT_EQ(prot.size(), 13u);
  // d2 84 4d <protected> a0 44 <payload> 58 40 <signature>
  const bytes_t head = hex("d2 84 4d");
  ASSERT_EQ(cose.size(), 3 + 13 + 1 + 5 + 2 + 64u);
  EXPECT_EQ(bytes_t(cose.begin(), cose.begin() + 3), head);
  EXPECT_EQ(bytes_t(cose.begin() + 3, cose.begin() + 16), prot);
  EXPECT_EQ(spaced_hex(bytes_t(cose.begin() + 16, cose.begin() + 24)),
            spaced_hex(hex("a0 44 a1 01 61 78 58 40")));
  // The signature checks with libsodium directly over the hand-built Sig_structure.
  const bytes_t to_be_signed =
      hex("84 6a 5369676e617475726531 4d a2 01 27 04 48" + spaced_hex(independent_kid()) +
          " 53 71727365616c2f312063726564656e7469616c 44 a1 01 61 78");
  const bytes_t pk = hex(k_public_hex);
  EXPECT_EQ(crypto_sign_verify_detached(cose.data() + 24, to_be_signed.data(), to_be_signed.size(),
                                        pk.data()),
            0);
}

TEST(Cose, SignParseVerifyRoundTrip) {
  const secret_key key = signing_key();
  for (document_type type :
       {document_type::credential, document_type::trust_list, document_type::revocation_list}) {
    const bytes_t cose = sign_cose_sign1(type, k_payload, key);
    auto parsed = parse_cose_sign1(cose);
    ASSERT_TRUE(parsed.ok()) << parsed.error().message;
    EXPECT_TRUE(parsed->alg_is_eddsa);
    EXPECT_EQ(bytes_of(parsed->kid), independent_kid());
    EXPECT_EQ(parsed->kid, key.public_key().kid());
    EXPECT_EQ(bytes_of(parsed->payload), k_payload);
    EXPECT_EQ(bytes_of(parsed->protected_header),
              protected_header(alg_item(-8), independent_kid()));
    EXPECT_TRUE(verify_cose_sign1(*parsed, type, key.public_key()));
  }
}

TEST(Cose, SigningIsDeterministic) {
  const secret_key key = signing_key();
  EXPECT_EQ(sign_cose_sign1(document_type::credential, k_payload, key),
            sign_cose_sign1(document_type::credential, k_payload, key));
}

TEST(Cose, SignatureDoesNotCrossDocumentTypes) {
  const secret_key key = signing_key();
  const document_type types[] = {document_type::credential, document_type::trust_list,
                                 document_type::revocation_list};
  for (document_type signed_as : types) {
    const bytes_t cose = sign_cose_sign1(signed_as, k_payload, key);
    auto parsed = parse_cose_sign1(cose);
    ASSERT_TRUE(parsed.ok());
    for (document_type checked_as : types) {
      EXPECT_EQ(verify_cose_sign1(*parsed, checked_as, key.public_key()), signed_as == checked_as)
          << external_aad(signed_as) << " checked as " << external_aad(checked_as);
    }
  }
}

TEST(Cose, OtherKeyDoesNotVerify) {
  const bytes_t cose = sign_cose_sign1(document_type::credential, k_payload, signing_key());
  auto parsed = parse_cose_sign1(cose);
  ASSERT_TRUE(parsed.ok());
  EXPECT_FALSE(verify_cose_sign1(*parsed, document_type::credential, other_key().public_key()));
}

TEST(Cose, FlippedBitInPayloadFailsVerification) {
  const secret_key key = signing_key();
  const bytes_t cose = sign_cose_sign1(document_type::credential, k_payload, key);
  const std::size_t payload_at = 18;  // after d2 84 4d <13> a0 44
  ASSERT_EQ(bytes_t(cose.begin() + payload_at, cose.begin() + payload_at + 4), k_payload);
  for (std::size_t bit = 0; bit < k_payload.size() * 8; ++bit) {
    bytes_t altered = cose;
    altered[payload_at + bit / 8] ^= static_cast<std::uint8_t>(1u << (bit % 8));
    auto parsed = parse_cose_sign1(altered);
    ASSERT_TRUE(parsed.ok()) << bit;
    EXPECT_FALSE(verify_cose_sign1(*parsed, document_type::credential, key.public_key())) << bit;
  }
}

TEST(Cose, FlippedBitInProtectedHeaderFailsVerification) {
  const secret_key key = signing_key();
  const bytes_t cose = sign_cose_sign1(document_type::credential, k_payload, key);
  // The kid bytes (offsets 8..15) and the alg byte (offset 5, 0x27 = -8).
  int parsed_count = 0;
  for (std::size_t at : {5, 8, 9, 10, 11, 12, 13, 14, 15}) {
    for (unsigned bit = 0; bit < 8; ++bit) {
      bytes_t altered = cose;
      altered[at] ^= static_cast<std::uint8_t>(1u << bit);
      auto parsed = parse_cose_sign1(altered);
      if (!parsed) continue;  // e.g. alg turned into a bstr: refused before any crypto
      ++parsed_count;
      EXPECT_FALSE(verify_cose_sign1(*parsed, document_type::credential, key.public_key()))
          << at << ":" << bit;
    }
  }
  EXPECT_GT(parsed_count, 64);
}

TEST(Cose, FlippedBitInSignatureFailsVerification) {
  const secret_key key = signing_key();
  const bytes_t cose = sign_cose_sign1(document_type::credential, k_payload, key);
  const std::size_t sig_at = cose.size() - 64;
  for (std::size_t bit = 0; bit < 64 * 8; ++bit) {
    bytes_t altered = cose;
    altered[sig_at + bit / 8] ^= static_cast<std::uint8_t>(1u << (bit % 8));
    auto parsed = parse_cose_sign1(altered);
    ASSERT_TRUE(parsed.ok()) << bit;
    EXPECT_FALSE(verify_cose_sign1(*parsed, document_type::credential, key.public_key())) << bit;
  }
}

// ---- parse rejections ----

TEST(CoseParse, HandBuiltBaselineParses) {
  auto parsed = parse_cose_sign1(assemble(valid_parts()));
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  EXPECT_TRUE(parsed->alg_is_eddsa);
  EXPECT_EQ(bytes_of(parsed->kid), independent_kid());
  EXPECT_EQ(bytes_of(parsed->sig), bytes_t(64, 0x5a));
}

TEST(CoseParse, RefusesUntaggedArray) {
  parts p = valid_parts();
  p.tagged = false;
  EXPECT_EQ(parse_code(p), errc::cose_structure);
}

TEST(CoseParse, RefusesTagOtherThan18) {
  for (std::uint64_t tag : {0, 17, 19, 61, 98}) {
    parts p = valid_parts();
    p.tag = tag;
    EXPECT_EQ(parse_code(p), errc::cbor_tag) << tag;
  }
}

TEST(CoseParse, RefusesArrayOfOtherLength) {
  const parts p = valid_parts();
  cbor::writer three;
  three.tag(18).array(3).raw(p.protected_item).raw(p.unprotected_item).raw(p.payload_item);
  EXPECT_EQ(parse_code(three.data()), errc::cose_structure);
  cbor::writer five;
  five.tag(18).array(5).raw(p.protected_item).raw(p.unprotected_item).raw(p.payload_item);
  five.raw(p.signature_item).raw(p.signature_item);
  EXPECT_EQ(parse_code(five.data()), errc::cose_structure);
  EXPECT_EQ(parse_code(hex("d2 a0")), errc::cose_structure);
  EXPECT_EQ(parse_code(hex("d2 40")), errc::cose_structure);
}

TEST(CoseParse, RefusesProtectedHeaderThatIsNotAByteString) {
  parts p = valid_parts();
  p.protected_item = protected_header(alg_item(-8), independent_kid());  // the map itself
  EXPECT_EQ(parse_code(p), errc::cose_structure);
}

TEST(CoseParse, RefusesProtectedHeaderWithExtraOrMissingKeys) {
  const bytes_t kid = independent_kid();
  cbor::writer extra;
  extra.map(3).uint(1).integer(-8).uint(4).bytes(kid).uint(5).bytes(bytes_t(12, 0));
  parts p = valid_parts();
  p.protected_item = bstr(extra.data());
  EXPECT_EQ(parse_code(p), errc::cose_protected_header);

  cbor::writer with_content_type;
  with_content_type.map(3).uint(1).integer(-8).uint(3).uint(61).uint(4).bytes(kid);
  p.protected_item = bstr(with_content_type.data());
  EXPECT_EQ(parse_code(p), errc::cose_protected_header);

  cbor::writer alg_only;
  alg_only.map(1).uint(1).integer(-8);
  p.protected_item = bstr(alg_only.data());
  EXPECT_EQ(parse_code(p), errc::cose_protected_header);

  cbor::writer kid_only;
  kid_only.map(1).uint(4).bytes(kid);
  p.protected_item = bstr(kid_only.data());
  EXPECT_EQ(parse_code(p), errc::cose_protected_header);

  p.protected_item = bstr(hex("a0"));
  EXPECT_EQ(parse_code(p), errc::cose_protected_header);
  p.protected_item = bstr(hex("82 27 40"));  // an array, not a map
  EXPECT_EQ(parse_code(p), errc::cose_protected_header);
}

TEST(CoseParse, RefusesProtectedHeaderThatIsNotStrictCbor) {
  parts p = valid_parts();
  p.protected_item = bstr({});
  EXPECT_EQ(parse_code(p), errc::cbor_truncated);
  bytes_t trailing = protected_header(alg_item(-8), independent_kid());
  trailing.push_back(0);
  p.protected_item = bstr(trailing);
  EXPECT_EQ(parse_code(p), errc::cbor_trailing);
  // {4: kid, 1: -8}: keys out of order.
  cbor::writer unsorted;
  unsorted.map(2).uint(4).bytes(independent_kid()).uint(1).integer(-8);
  p.protected_item = bstr(unsorted.data());
  EXPECT_EQ(parse_code(p), errc::cbor_unsorted_keys);
}

TEST(CoseParse, RefusesKidThatIsNot8Bytes) {
  for (std::size_t n : {0, 7, 9, 32}) {
    parts p = valid_parts();
    p.protected_item = bstr(protected_header(alg_item(-8), bytes_t(n, 0x11)));
    EXPECT_EQ(parse_code(p), errc::cose_kid_size) << n;
  }
  // Whatever alg says.
  parts p = valid_parts();
  p.protected_item = bstr(protected_header(alg_item(-7), bytes_t(9, 0x11)));
  EXPECT_EQ(parse_code(p), errc::cose_kid_size);
}

TEST(CoseParse, RefusesKidThatIsNotAByteString) {
  cbor::writer w;
  w.map(2).uint(1).integer(-8).uint(4).text("12345678");
  parts p = valid_parts();
  p.protected_item = bstr(w.data());
  EXPECT_EQ(parse_code(p), errc::cose_protected_header);
}

TEST(CoseParse, RefusesAlgOfWrongType) {
  parts p = valid_parts();
  p.protected_item = bstr(protected_header(bstr(hex("27")), independent_kid()));
  EXPECT_EQ(parse_code(p), errc::cose_protected_header);
  p.protected_item = bstr(protected_header(hex("a0"), independent_kid()));
  EXPECT_EQ(parse_code(p), errc::cose_protected_header);
}

TEST(CoseParse, OtherIntegerOrTextAlgParsesAsNotEdDsa) {
  cbor::writer text_alg;
  text_alg.text("EdDSA");
  for (const bytes_t& alg : {alg_item(-7), alg_item(8), alg_item(-35), text_alg.data()}) {
    parts p = valid_parts();
    p.protected_item = bstr(protected_header(alg, independent_kid()));
    auto parsed = parse_cose_sign1(assemble(p));
    ASSERT_TRUE(parsed.ok()) << spaced_hex(alg) << ": " << parsed.error().message;
    EXPECT_FALSE(parsed->alg_is_eddsa) << spaced_hex(alg);
    EXPECT_EQ(bytes_of(parsed->kid), independent_kid());
  }
}

TEST(CoseParse, NonEdDsaAlgNeverVerifiesEvenWithAGoodSignature) {
  // Sign a structure whose protected header says alg -7 with the real key over the right
  // Sig_structure: the signature is valid Ed25519, but the alg is not EdDSA.
  const secret_key key = signing_key();
  const bytes_t prot = protected_header(alg_item(-7), independent_kid());
  const signature sig = key.sign(sig_structure(document_type::credential, prot, k_payload));
  parts p = valid_parts();
  p.protected_item = bstr(prot);
  p.signature_item = bstr(bytes_t(sig.begin(), sig.end()));
  auto parsed = parse_cose_sign1(assemble(p));
  ASSERT_TRUE(parsed.ok());
  EXPECT_FALSE(parsed->alg_is_eddsa);
  EXPECT_FALSE(verify_cose_sign1(*parsed, document_type::credential, key.public_key()));
}

TEST(CoseParse, RefusesNonEmptyUnprotectedHeader) {
  parts p = valid_parts();
  cbor::writer w;
  w.map(1).uint(4).bytes(independent_kid());
  p.unprotected_item = w.take();
  EXPECT_EQ(parse_code(p), errc::cose_unprotected_header);
  p.unprotected_item = hex("80");  // an array
  EXPECT_EQ(parse_code(p), errc::cose_structure);
  p.unprotected_item = hex("40");  // an empty bstr
  EXPECT_EQ(parse_code(p), errc::cose_structure);
}

TEST(CoseParse, RefusesPayloadThatIsNotAByteString) {
  parts p = valid_parts();
  p.payload_item = hex("f6");  // nil: major type 7
  EXPECT_EQ(parse_code(p), errc::cbor_simple);
  p.payload_item = k_payload;  // the map itself, not wrapped
  EXPECT_EQ(parse_code(p), errc::cose_structure);
  p.payload_item = hex("61 78");
  EXPECT_EQ(parse_code(p), errc::cose_structure);
}

TEST(CoseParse, RefusesSignatureThatIsNot64Bytes) {
  for (std::size_t n : {0, 63, 65, 128}) {
    parts p = valid_parts();
    p.signature_item = bstr(bytes_t(n, 0x5a));
    EXPECT_EQ(parse_code(p), errc::cose_signature_size) << n;
  }
  parts p = valid_parts();
  p.signature_item = hex("a0");
  EXPECT_EQ(parse_code(p), errc::cose_structure);
}

TEST(CoseParse, RefusesTrailingBytesAndNestedTags) {
  bytes_t trailing = assemble(valid_parts());
  trailing.push_back(0x00);
  EXPECT_EQ(parse_code(trailing), errc::cbor_trailing);
  parts p = valid_parts();
  p.payload_item = hex("d2 41 00");  // tag 18 inside the structure
  EXPECT_EQ(parse_code(p), errc::cbor_tag);
  cbor::writer doubled;
  doubled.tag(18).raw(assemble(valid_parts()));
  EXPECT_EQ(parse_code(doubled.data()), errc::cbor_tag);
}

TEST(CoseParse, RefusesEveryTruncation) {
  const bytes_t cose = sign_cose_sign1(document_type::credential, k_payload, signing_key());
  for (std::size_t n = 0; n < cose.size(); ++n) {
    const bytes_t cut(cose.begin(), cose.begin() + static_cast<std::ptrdiff_t>(n));
    EXPECT_FALSE(parse_cose_sign1(cut).ok()) << n;
  }
}

}  // namespace
}  // namespace qrseal
