// CWT claims and the status profile: the exact deterministic bytes, round trips, and every
// rejection of spec §1 with a payload built by hand.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <functional>
#include <qrseal/claims.hpp>
#include <qrseal/detail/cbor.hpp>
#include <qrseal/keys.hpp>
#include <qrseal/result.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "hex_util.hpp"

namespace qrseal {
namespace {

using bytes_t = std::vector<std::uint8_t>;

using qrseal::test::hex;
using qrseal::test::spaced_hex;

// RFC 8032 §7.1 TEST 1 public key: a real, valid Ed25519 key.
const bytes_t k_rfc8032_public =
    hex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");

public_key rfc8032_key() {
  auto key = public_key::from_bytes(k_rfc8032_public);
  EXPECT_TRUE(key.ok());
  return *key;
}

credential_id counting_cti() {
  credential_id cti{};
  for (std::size_t i = 0; i < cti.size(); ++i) cti[i] = static_cast<std::uint8_t>(i);
  return cti;
}

claims minimal_claims() {
  claims c;
  c.iss = "CN-610100";
  c.exp = 1640592000;
  c.iat = 1639900800;
  c.cti = counting_cti();
  c.status.status = health_status::green;
  return c;
}

claims full_claims() {
  claims c = minimal_claims();
  c.nbf = 1639987200;
  c.holder_key = rfc8032_key();
  c.status.status = health_status::yellow;
  c.status.name = "张*明";
  c.status.id_hint = "123X";
  c.status.test = test_info{false, 1639900800, std::string("XA-01")};
  c.status.vaccination = vaccination_info{3, 1633046400};
  return c;
}

// Written by hand from the spec: keys 1, 4, 5, 6, 7, 8, -65537; COSE_Key 1, -1, -2.
constexpr std::string_view k_full_claims_hex =
    "a7"
    " 01 69 434e2d363130313030"                // iss "CN-610100"
    " 04 1a 61c97280"                          // exp 1640592000
    " 05 1a 61c03800"                          // nbf 1639987200
    " 06 1a 61bee680"                          // iat 1639900800
    " 07 50 000102030405060708090a0b0c0d0e0f"  // cti
    " 08 a1 01 a3 01 01 20 06 21 58 20"        // cnf {1: {1: 1, -1: 6, -2: h'..'}}
    " d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"
    " 3a 00010000 a6"                               // -65537: status profile, 6 entries
    " 01 01"                                        // profile 1
    " 02 01"                                        // status yellow
    " 03 67 e5bca0 2a e6988e"                       // name "张*明"
    " 04 64 31323358"                               // id_hint "123X"
    " 05 a3 01 00 02 1a 61bee680 03 65 58412d3031"  // test {negative, sampled_at, "XA-01"}
    " 06 a2 01 03 02 1a 61564f80";                  // vaccination {3 doses, last_dose}

constexpr std::string_view k_minimal_claims_hex =
    "a5"
    " 01 69 434e2d363130313030"
    " 04 1a 61c97280"
    " 06 1a 61bee680"
    " 07 50 000102030405060708090a0b0c0d0e0f"
    " 3a 00010000 a2 01 01 02 00";

// ---- building hand-made payloads ----

// One encoded CBOR item, written with the library's deterministic writer.
bytes_t enc(const std::function<void(cbor::writer&)>& write) {
  cbor::writer w;
  write(w);
  return w.take();
}
bytes_t u(std::uint64_t v) {
  return enc([&](cbor::writer& w) { w.uint(v); });
}
bytes_t i(std::int64_t v) {
  return enc([&](cbor::writer& w) { w.integer(v); });
}
bytes_t t(std::string_view s) {
  return enc([&](cbor::writer& w) { w.text(s); });
}
bytes_t b(const bytes_t& data) {
  return enc([&](cbor::writer& w) { w.bytes(data); });
}
bytes_t zeros(std::size_t n) { return bytes_t(n, 0); }

// A map of already-encoded keys and values, emitted with its keys sorted bytewise (the
// deterministic order), so tests only say what is in it.
class map_builder {
 public:
  map_builder& set(const bytes_t& key, const bytes_t& value) {
    for (auto& entry : entries_) {
      if (entry.first == key) {
        entry.second = value;
        return *this;
      }
    }
    entries_.emplace_back(key, value);
    return *this;
  }
  map_builder& set(std::int64_t key, const bytes_t& value) { return set(i(key), value); }
  map_builder& erase(std::int64_t key) {
    const bytes_t k = i(key);
    std::erase_if(entries_, [&](const auto& entry) { return entry.first == k; });
    return *this;
  }
  bytes_t encode() const {
    auto sorted = entries_;
    std::sort(sorted.begin(), sorted.end());
    cbor::writer w;
    w.map(sorted.size());
    for (const auto& [key, value] : sorted) w.raw(key).raw(value);
    return w.take();
  }

 private:
  std::vector<std::pair<bytes_t, bytes_t>> entries_;
};

constexpr std::int64_t k_status = -65537;

map_builder valid_status() { return map_builder().set(1, u(1)).set(2, u(0)); }

map_builder valid_test() { return map_builder().set(1, u(0)).set(2, u(1639900800)); }

map_builder valid_cose_key() {
  return map_builder().set(1, u(1)).set(-1, u(6)).set(-2, b(k_rfc8032_public));
}

map_builder valid_cnf() { return map_builder().set(1, valid_cose_key().encode()); }

map_builder valid_payload() {
  return map_builder()
      .set(1, t("CN-610100"))
      .set(4, u(1640592000))
      .set(6, u(1639900800))
      .set(7, b(bytes_t(16, 0xab)))
      .set(k_status, valid_status().encode());
}

errc decode_code(const map_builder& payload) { return decode_claims(payload.encode()).code(); }

map_builder with_status(const map_builder& status) {
  return valid_payload().set(k_status, status.encode());
}

// ---- encoding ----

TEST(EncodeClaims, FullClaimSetGivesTheHandWrittenBytes) {
  EXPECT_EQ(spaced_hex(encode_claims(full_claims())), spaced_hex(hex(k_full_claims_hex)));
}

TEST(EncodeClaims, MinimalClaimSetGivesTheHandWrittenBytes) {
  EXPECT_EQ(spaced_hex(encode_claims(minimal_claims())), spaced_hex(hex(k_minimal_claims_hex)));
}

TEST(DecodeClaims, HandWrittenBytesDecodeToTheClaims) {
  auto full = decode_claims(hex(k_full_claims_hex));
  ASSERT_TRUE(full.ok()) << full.error().message;
  EXPECT_EQ(*full, full_claims());
  auto minimal = decode_claims(hex(k_minimal_claims_hex));
  ASSERT_TRUE(minimal.ok()) << minimal.error().message;
  EXPECT_EQ(*minimal, minimal_claims());
}

TEST(EncodeClaims, RoundTripsWithEveryCombinationOfOptionalFields) {
  const claims full = full_claims();
  for (unsigned mask = 0; mask < 128; ++mask) {
    claims c = minimal_claims();
    if (mask & 1) c.nbf = full.nbf;
    if (mask & 2) c.holder_key = full.holder_key;
    if (mask & 4) c.status.name = full.status.name;
    if (mask & 8) c.status.id_hint = full.status.id_hint;
    if (mask & 16) c.status.test = full.status.test;
    if ((mask & 16) && (mask & 32)) c.status.test->site.reset();
    if (mask & 64) c.status.vaccination = full.status.vaccination;
    c.status.status = static_cast<health_status>(mask % 3);
    ASSERT_TRUE(validate_claims(c).ok()) << mask;
    const bytes_t encoded = encode_claims(c);
    auto back = decode_claims(encoded);
    ASSERT_TRUE(back.ok()) << "mask " << mask << ": " << back.error().message;
    EXPECT_EQ(*back, c) << "mask " << mask;
    EXPECT_EQ(encode_claims(*back), encoded) << "mask " << mask;
  }
}

TEST(EncodeClaims, RoundTripsExtremeValuesAndEmptyStrings) {
  claims c = minimal_claims();
  c.exp = UINT64_MAX;
  c.iat = 0;
  c.nbf = 23;  // a one-byte head
  c.iss = std::string(32, 'I');
  c.status.status = health_status::red;
  c.status.name = "";
  c.status.id_hint = "";
  c.status.test = test_info{true, 24, std::string()};
  c.status.vaccination = vaccination_info{0, 0};
  auto back = decode_claims(encode_claims(c));
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(*back, c);
}

TEST(HealthStatus, NamesRoundTripAndUnknownNamesAreRefused) {
  for (auto s : {health_status::green, health_status::yellow, health_status::red})
    EXPECT_EQ(parse_health_status(to_string(s)), s);
  EXPECT_EQ(to_string(health_status::yellow), "yellow");
  EXPECT_FALSE(parse_health_status("Green").has_value());
  EXPECT_FALSE(parse_health_status("blue").has_value());
  EXPECT_FALSE(parse_health_status("").has_value());
}

TEST(HealthStatusList, ParsesCommaSeparatedNames) {
  using list = std::vector<health_status>;
  EXPECT_EQ(*parse_health_status_list("green"), list{health_status::green});
  EXPECT_EQ(*parse_health_status_list("green,yellow,red"),
            (list{health_status::green, health_status::yellow, health_status::red}));
  EXPECT_EQ(*parse_health_status_list("red,red"), (list{health_status::red, health_status::red}));
  auto unknown = parse_health_status_list("green,blue");
  EXPECT_EQ(unknown.code(), errc::invalid_argument);
  EXPECT_EQ(unknown.error().message, "'blue' is not green, yellow or red");
  EXPECT_EQ(parse_health_status_list("green,").error().message, "'' is not green, yellow or red");
  EXPECT_EQ(parse_health_status_list(",green").error().message, "'' is not green, yellow or red");
  EXPECT_EQ(parse_health_status_list("green, yellow").error().message,
            "' yellow' is not green, yellow or red");
  EXPECT_EQ(parse_health_status_list("Green").error().message,
            "'Green' is not green, yellow or red");
}

TEST(HealthStatusList, EmptyIsNoneOnlyWhenAsked) {
  auto none = parse_health_status_list("", true);
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
  auto refused = parse_health_status_list("");
  EXPECT_EQ(refused.code(), errc::invalid_argument);
  EXPECT_EQ(refused.error().message,
            "an empty list would make every verifier refuse every credential; name the statuses "
            "to accept, e.g. green,yellow");
  EXPECT_EQ(parse_health_status_list(",", true).error().message, "'' is not green, yellow or red");
}

// ---- decoding: the hand-made baseline is valid ----

TEST(DecodeClaims, HandMadeBaselineIsAccepted) {
  auto c = decode_claims(valid_payload().encode());
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_EQ(c->iss, "CN-610100");
  EXPECT_EQ(c->status.status, health_status::green);
  EXPECT_FALSE(c->nbf.has_value());
  EXPECT_FALSE(c->holder_key.has_value());
}

// ---- required claims ----

TEST(DecodeClaims, RefusesMissingRequiredClaims) {
  for (std::int64_t key : {1, 4, 6, 7, static_cast<int>(k_status)}) {
    EXPECT_EQ(decode_code(valid_payload().erase(key)), errc::claims_missing) << key;
  }
}

TEST(DecodeClaims, TextKeyThatLooksLikeANumberIsNotThatClaim) {
  // Keys are compared as integers: the text "1" is an unknown claim, so iss is missing.
  EXPECT_EQ(decode_code(valid_payload().erase(1).set(t("1"), t("CN-610100"))),
            errc::claims_missing);
}

// ---- iss ----

TEST(DecodeClaims, IssMustHave1To32Bytes) {
  EXPECT_EQ(decode_code(valid_payload().set(1, t(""))), errc::claims_bad_value);
  EXPECT_EQ(decode_code(valid_payload().set(1, t(std::string(33, 'x')))), errc::claims_too_long);
  EXPECT_TRUE(decode_claims(valid_payload().set(1, t(std::string(32, 'x'))).encode()).ok());
  EXPECT_TRUE(decode_claims(valid_payload().set(1, t("x")).encode()).ok());
}

TEST(DecodeClaims, IssMustBeText) {
  EXPECT_EQ(decode_code(valid_payload().set(1, b(bytes_t{'C', 'N'}))), errc::claims_wrong_type);
  EXPECT_EQ(decode_code(valid_payload().set(1, u(1))), errc::claims_wrong_type);
}

// ---- times ----

TEST(DecodeClaims, ExpMustBeUnsigned) {
  EXPECT_EQ(decode_code(valid_payload().set(4, i(-1))), errc::claims_wrong_type);
  EXPECT_EQ(decode_code(valid_payload().set(4, t("1640592000"))), errc::claims_wrong_type);
}

TEST(DecodeClaims, IatAndNbfMustBeUnsigned) {
  EXPECT_EQ(decode_code(valid_payload().set(6, i(-5))), errc::claims_wrong_type);
  EXPECT_EQ(decode_code(valid_payload().set(6, b(bytes_t{1}))), errc::claims_wrong_type);
  EXPECT_EQ(decode_code(valid_payload().set(5, i(-5))), errc::claims_wrong_type);
  EXPECT_EQ(decode_code(valid_payload().set(5, t("soon"))), errc::claims_wrong_type);
}

TEST(DecodeClaims, TimesNeedNoParticularOrder) {
  auto c = decode_claims(valid_payload().set(4, u(10)).set(5, u(30)).set(6, u(20)).encode());
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_EQ(c->exp, 10u);
  EXPECT_EQ(c->nbf, 30u);
  EXPECT_EQ(c->iat, 20u);
}

// ---- cti ----

TEST(DecodeClaims, CtiMustBeExactly16Bytes) {
  EXPECT_EQ(decode_code(valid_payload().set(7, b(bytes_t(15, 1)))), errc::claims_bad_value);
  EXPECT_EQ(decode_code(valid_payload().set(7, b(bytes_t(17, 1)))), errc::claims_bad_value);
  EXPECT_EQ(decode_code(valid_payload().set(7, b({}))), errc::claims_bad_value);
  EXPECT_EQ(decode_code(valid_payload().set(7, t(std::string(16, 'c')))), errc::claims_wrong_type);
}

// ---- status profile ----

TEST(DecodeClaims, StatusProfileMustBeAMap) {
  EXPECT_EQ(decode_code(valid_payload().set(k_status, u(0))), errc::claims_wrong_type);
}

TEST(DecodeClaims, StatusProfileRefusesUnknownKeys) {
  EXPECT_EQ(decode_code(with_status(valid_status().set(7, u(0)))), errc::claims_unknown_key);
  EXPECT_EQ(decode_code(with_status(valid_status().set(0, u(0)))), errc::claims_unknown_key);
  EXPECT_EQ(decode_code(with_status(valid_status().set(-1, u(0)))), errc::claims_unknown_key);
  EXPECT_EQ(decode_code(with_status(valid_status().set(t("x"), u(0)))), errc::claims_unknown_key);
}

TEST(DecodeClaims, StatusProfileNeedsProfileAndStatus) {
  EXPECT_EQ(decode_code(with_status(valid_status().erase(1))), errc::claims_missing);
  EXPECT_EQ(decode_code(with_status(valid_status().erase(2))), errc::claims_missing);
}

TEST(DecodeClaims, RefusesProfileOtherThan1) {
  EXPECT_EQ(decode_code(with_status(valid_status().set(1, u(2)))), errc::claims_bad_value);
  EXPECT_EQ(decode_code(with_status(valid_status().set(1, u(0)))), errc::claims_bad_value);
  EXPECT_EQ(decode_code(with_status(valid_status().set(1, t("1")))), errc::claims_wrong_type);
}

TEST(DecodeClaims, RefusesStatusAbove2) {
  EXPECT_EQ(decode_code(with_status(valid_status().set(2, u(3)))), errc::claims_bad_value);
  EXPECT_EQ(decode_code(with_status(valid_status().set(2, i(-1)))), errc::claims_wrong_type);
  for (std::uint64_t s : {0, 1, 2}) {
    auto c = decode_claims(with_status(valid_status().set(2, u(s))).encode());
    ASSERT_TRUE(c.ok()) << c.error().message;
    EXPECT_EQ(static_cast<std::uint64_t>(c->status.status), s);
  }
}

TEST(DecodeClaims, NameIsAtMost48Bytes) {
  EXPECT_EQ(decode_code(with_status(valid_status().set(3, t(std::string(49, 'n'))))),
            errc::claims_too_long);
  EXPECT_TRUE(
      decode_claims(with_status(valid_status().set(3, t(std::string(48, 'n')))).encode()).ok());
  EXPECT_TRUE(decode_claims(with_status(valid_status().set(3, t(""))).encode()).ok());
}

TEST(DecodeClaims, NameLimitCountsUtf8Bytes) {
  std::string sixteen, seventeen;
  for (int k = 0; k < 16; ++k) sixteen += "张";
  seventeen = sixteen + "明";
  ASSERT_EQ(sixteen.size(), 48u);
  auto c = decode_claims(with_status(valid_status().set(3, t(sixteen))).encode());
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_EQ(c->status.name, sixteen);
  EXPECT_EQ(decode_code(with_status(valid_status().set(3, t(seventeen)))), errc::claims_too_long);
}

TEST(DecodeClaims, NameMustBeValidUtf8Text) {
  // A text string head with an invalid UTF-8 body: the CBOR layer refuses it.
  const bytes_t bad_name = hex("62 c0 80");
  EXPECT_EQ(decode_code(with_status(valid_status().set(3, bad_name))), errc::cbor_bad_utf8);
  EXPECT_EQ(decode_code(with_status(valid_status().set(3, b(bytes_t{'a'})))),
            errc::claims_wrong_type);
}

TEST(DecodeClaims, IdHintIsAtMost8Bytes) {
  EXPECT_EQ(decode_code(with_status(valid_status().set(4, t("123456789")))), errc::claims_too_long);
  auto c = decode_claims(with_status(valid_status().set(4, t("12345678"))).encode());
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_EQ(c->status.id_hint, "12345678");
}

TEST(DecodeClaims, TestNeedsResultAndSampledAt) {
  EXPECT_EQ(decode_code(with_status(valid_status().set(5, valid_test().erase(2).encode()))),
            errc::claims_missing);
  EXPECT_EQ(decode_code(with_status(valid_status().set(5, valid_test().erase(1).encode()))),
            errc::claims_missing);
  EXPECT_EQ(decode_code(with_status(valid_status().set(5, u(0)))), errc::claims_wrong_type);
}

TEST(DecodeClaims, TestResultIs0Or1) {
  EXPECT_EQ(decode_code(with_status(valid_status().set(5, valid_test().set(1, u(2)).encode()))),
            errc::claims_bad_value);
  auto c = decode_claims(
      with_status(valid_status().set(5, valid_test().set(1, u(1)).encode())).encode());
  ASSERT_TRUE(c.ok()) << c.error().message;
  ASSERT_TRUE(c->status.test.has_value());
  EXPECT_TRUE(c->status.test->positive);
  EXPECT_EQ(c->status.test->sampled_at, 1639900800u);
  EXPECT_FALSE(c->status.test->site.has_value());
}

TEST(DecodeClaims, TestRefusesUnknownKey) {
  EXPECT_EQ(decode_code(with_status(valid_status().set(5, valid_test().set(4, u(0)).encode()))),
            errc::claims_unknown_key);
}

TEST(DecodeClaims, TestSiteIsAtMost16Bytes) {
  EXPECT_EQ(decode_code(with_status(
                valid_status().set(5, valid_test().set(3, t(std::string(17, 's'))).encode()))),
            errc::claims_too_long);
  auto c = decode_claims(
      with_status(valid_status().set(5, valid_test().set(3, t(std::string(16, 's'))).encode()))
          .encode());
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_EQ(c->status.test->site, std::string(16, 's'));
}

TEST(DecodeClaims, VaccinationNeedsDosesAndLastDose) {
  const map_builder vaccination = map_builder().set(1, u(2)).set(2, u(1633046400));
  EXPECT_TRUE(
      decode_claims(with_status(valid_status().set(6, vaccination.encode())).encode()).ok());
  EXPECT_EQ(
      decode_code(with_status(valid_status().set(6, map_builder(vaccination).erase(2).encode()))),
      errc::claims_missing);
  EXPECT_EQ(
      decode_code(with_status(valid_status().set(6, map_builder(vaccination).erase(1).encode()))),
      errc::claims_missing);
  EXPECT_EQ(decode_code(
                with_status(valid_status().set(6, map_builder(vaccination).set(3, u(0)).encode()))),
            errc::claims_unknown_key);
  EXPECT_EQ(decode_code(with_status(
                valid_status().set(6, map_builder(vaccination).set(2, i(-1)).encode()))),
            errc::claims_wrong_type);
}

// ---- cnf ----

TEST(DecodeClaims, CnfCarriesTheHolderKey) {
  auto c = decode_claims(valid_payload().set(8, valid_cnf().encode()).encode());
  ASSERT_TRUE(c.ok()) << c.error().message;
  ASSERT_TRUE(c->holder_key.has_value());
  EXPECT_EQ(*c->holder_key, rfc8032_key());
}

TEST(DecodeClaims, CnfRefusesExtraOrMissingKeys) {
  EXPECT_EQ(decode_code(valid_payload().set(8, valid_cnf().set(2, u(0)).encode())),
            errc::claims_unknown_key);
  EXPECT_EQ(decode_code(valid_payload().set(8, map_builder().encode())), errc::claims_unknown_key);
  EXPECT_EQ(decode_code(valid_payload().set(8, u(1))), errc::claims_wrong_type);
}

TEST(DecodeClaims, CoseKeyRefusesExtraOrMissingLabels) {
  auto cnf_with = [](const map_builder& key) {
    return valid_payload().set(8, map_builder().set(1, key.encode()).encode());
  };
  EXPECT_EQ(decode_code(cnf_with(valid_cose_key().set(-3, b(zeros(32))))),
            errc::claims_unknown_key);
  EXPECT_EQ(decode_code(cnf_with(valid_cose_key().set(2, b({})))), errc::claims_unknown_key);
  EXPECT_EQ(decode_code(cnf_with(valid_cose_key().erase(-1))), errc::claims_unknown_key);
}

TEST(DecodeClaims, CoseKeyMustBeOkpEd25519) {
  auto cnf_with = [](const map_builder& key) {
    return valid_payload().set(8, map_builder().set(1, key.encode()).encode());
  };
  EXPECT_EQ(decode_code(cnf_with(valid_cose_key().set(1, u(2)))), errc::claims_bad_value);
  EXPECT_EQ(decode_code(cnf_with(valid_cose_key().set(-1, u(5)))), errc::claims_bad_value);
  EXPECT_EQ(decode_code(cnf_with(valid_cose_key().set(-1, t("Ed25519")))), errc::claims_bad_value);
}

TEST(DecodeClaims, CoseKeyXMustBeAUsable32ByteKey) {
  auto cnf_with = [](const map_builder& key) {
    return valid_payload().set(8, map_builder().set(1, key.encode()).encode());
  };
  bytes_t short_key(k_rfc8032_public.begin(), k_rfc8032_public.end() - 1);
  EXPECT_EQ(decode_code(cnf_with(valid_cose_key().set(-2, b(short_key)))), errc::claims_bad_key);
  bytes_t long_key = k_rfc8032_public;
  long_key.push_back(0);
  EXPECT_EQ(decode_code(cnf_with(valid_cose_key().set(-2, b(long_key)))), errc::claims_bad_key);
  // All zeros is y = 0, a point of order 4; 01 00.. is the identity.
  EXPECT_EQ(decode_code(cnf_with(valid_cose_key().set(-2, b(zeros(32))))), errc::claims_bad_key);
  bytes_t identity = zeros(32);
  identity[0] = 1;
  EXPECT_EQ(decode_code(cnf_with(valid_cose_key().set(-2, b(identity)))), errc::claims_bad_key);
  // y = p (non-canonical).
  bytes_t non_canonical(32, 0xff);
  non_canonical[0] = 0xed;
  non_canonical[31] = 0x7f;
  EXPECT_EQ(decode_code(cnf_with(valid_cose_key().set(-2, b(non_canonical)))),
            errc::claims_bad_key);
  EXPECT_EQ(decode_code(cnf_with(valid_cose_key().set(-2, t(std::string(32, 'k'))))),
            errc::claims_wrong_type);
}

// ---- unknown claims and the shape of the payload ----

TEST(DecodeClaims, IgnoresUnknownIntegerAndTextClaims) {
  const claims expected = *decode_claims(valid_payload().encode());
  const map_builder with_unknown = valid_payload()
                                       .set(99, u(1))
                                       .set(t("foo"), t("bar"))
                                       .set(-70000, map_builder().set(1, t("x")).encode())
                                       .set(3, b(bytes_t{1, 2, 3}));
  auto c = decode_claims(with_unknown.encode());
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_EQ(*c, expected);
}

TEST(DecodeClaims, UnknownClaimsMustStillBeStrictCbor) {
  // The writer cannot emit a float, so {99: 1.5} is spliced in by hand: 18 63 f9 3e00, placed
  // before the status claim (3a ...), which is the only key that sorts after it.
  bytes_t payload = valid_payload().encode();
  ASSERT_EQ(payload[0], 0xa5);
  payload[0] = 0xa6;
  const bytes_t status_key = hex("3a 00010000");
  const auto pos =
      std::search(payload.begin(), payload.end(), status_key.begin(), status_key.end());
  ASSERT_NE(pos, payload.end());
  const bytes_t unknown = hex("18 63 f9 3e00");
  payload.insert(pos, unknown.begin(), unknown.end());
  EXPECT_EQ(decode_claims(payload).code(), errc::cbor_simple);
  // The same unknown claim with an integer value is ignored, so the float is what is refused.
  EXPECT_TRUE(decode_claims(valid_payload().set(99, u(15)).encode()).ok());
}

TEST(DecodeClaims, RefusesByteStringClaimKey) {
  EXPECT_EQ(decode_code(valid_payload().set(b(bytes_t{1}), u(0))), errc::claims_wrong_type);
}

TEST(DecodeClaims, RefusesPayloadThatIsNotAMap) {
  EXPECT_EQ(decode_claims(hex("80")).code(), errc::claims_not_map);
  EXPECT_EQ(decode_claims(hex("01")).code(), errc::claims_not_map);
  EXPECT_EQ(decode_claims(hex("43 a1 01 01")).code(), errc::claims_not_map);
  EXPECT_EQ(decode_claims(hex("62 6f 6b")).code(), errc::claims_not_map);
}

TEST(DecodeClaims, CborErrorsPassThrough) {
  EXPECT_EQ(decode_claims({}).code(), errc::cbor_truncated);
  bytes_t trailing = valid_payload().encode();
  trailing.push_back(0);
  EXPECT_EQ(decode_claims(trailing).code(), errc::cbor_trailing);
  // Keys 4 before 1: not in deterministic order.
  EXPECT_EQ(decode_claims(hex("a2 04 01 01 61 78")).code(), errc::cbor_unsorted_keys);
  // Tag 1 around exp: no tags inside claims.
  bytes_t tagged = valid_payload().set(4, hex("c1 1a 61c97280")).encode();
  EXPECT_EQ(decode_claims(tagged).code(), errc::cbor_tag);
}

// ---- validate_claims ----

TEST(ValidateClaims, AcceptsValidClaims) {
  EXPECT_TRUE(validate_claims(minimal_claims()).ok());
  EXPECT_TRUE(validate_claims(full_claims()).ok());
}

TEST(ValidateClaims, RefusesEmptyOrTooLongIss) {
  claims c = minimal_claims();
  c.iss = "";
  EXPECT_EQ(validate_claims(c).code(), errc::claims_bad_value);
  c.iss = std::string(33, 'x');
  EXPECT_FALSE(validate_claims(c).ok());
  c.iss = std::string(32, 'x');
  EXPECT_TRUE(validate_claims(c).ok());
  c.iss = "\xff";
  EXPECT_EQ(validate_claims(c).code(), errc::claims_bad_value);
}

TEST(ValidateClaims, RefusesTooLongStrings) {
  claims c = minimal_claims();
  c.status.name = std::string(49, 'n');
  EXPECT_EQ(validate_claims(c).code(), errc::claims_too_long);
  c.status.name = std::string(48, 'n');
  EXPECT_TRUE(validate_claims(c).ok());
  c.status.id_hint = "123456789";
  EXPECT_EQ(validate_claims(c).code(), errc::claims_too_long);
  c.status.id_hint = "12345678";
  c.status.test = test_info{false, 1, std::string(17, 's')};
  EXPECT_EQ(validate_claims(c).code(), errc::claims_too_long);
  c.status.test->site = std::string(16, 's');
  EXPECT_TRUE(validate_claims(c).ok());
}

TEST(ValidateClaims, RefusesInvalidUtf8) {
  claims c = minimal_claims();
  c.status.name = "\xe5\xbc";  // truncated 张
  EXPECT_EQ(validate_claims(c).code(), errc::claims_bad_value);
  c.status.name = "ok";
  c.status.id_hint = "\xed\xa0\x80";  // a surrogate
  EXPECT_EQ(validate_claims(c).code(), errc::claims_bad_value);
  c.status.id_hint.reset();
  c.status.test = test_info{false, 1, std::string("\xc0\x80")};
  EXPECT_EQ(validate_claims(c).code(), errc::claims_bad_value);
}

TEST(ValidateClaims, RefusesStatusOutsideTheEnum) {
  claims c = minimal_claims();
  c.status.status = static_cast<health_status>(3);
  EXPECT_EQ(validate_claims(c).code(), errc::claims_bad_value);
}

}  // namespace
}  // namespace qrseal
