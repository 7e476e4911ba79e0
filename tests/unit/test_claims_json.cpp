// Claims as JSON: both time styles round trip, the input forms, every refusal, and no
// exception for any input.
#include <gtest/gtest.h>

#include <cstdint>
#include <nlohmann/json.hpp>
#include <qrseal/claims.hpp>
#include <qrseal/claims_json.hpp>
#include <qrseal/keys.hpp>
#include <qrseal/result.hpp>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace qrseal {
namespace {

using json = nlohmann::json;

// RFC 8032 §7.1 TEST 1 public key.
constexpr std::string_view k_holder_hex =
    "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
constexpr std::string_view k_cti_hex = "000102030405060708090a0b0c0d0e0f";

public_key holder_key() {
  std::vector<std::uint8_t> raw;
  for (std::size_t i = 0; i < k_holder_hex.size(); i += 2)
    raw.push_back(
        static_cast<std::uint8_t>(std::stoi(std::string(k_holder_hex.substr(i, 2)), nullptr, 16)));
  auto key = public_key::from_bytes(raw);
  EXPECT_TRUE(key.ok());
  return *key;
}

claims minimal_claims() {
  claims c;
  c.iss = "CN-610100";
  c.exp = 1640592000;
  c.iat = 1639900800;
  for (std::size_t i = 0; i < c.cti.size(); ++i) c.cti[i] = static_cast<std::uint8_t>(i);
  return c;
}

claims full_claims() {
  claims c = minimal_claims();
  c.nbf = 1639987200;
  c.holder_key = holder_key();
  c.status.status = health_status::red;
  c.status.name = "张*明";
  c.status.id_hint = "123X";
  c.status.test = test_info{true, 1639900800, std::string("XA-01")};
  c.status.vaccination = vaccination_info{3, 1633046400};
  return c;
}

errc code_of(std::string_view text) { return claims_from_json(text).code(); }

// A valid input with one field replaced (or added).
std::string with(std::string_view field, const json& value) {
  json j = json::parse(claims_to_json(full_claims()));
  j[std::string(field)] = value;
  return j.dump();
}

TEST(ClaimsJson, RoundTripsWithIntegerTimes) {
  for (const claims& c : {minimal_claims(), full_claims()}) {
    const std::string text = claims_to_json(c, time_style::integer);
    auto back = claims_from_json(text);
    ASSERT_TRUE(back.ok()) << text << ": " << back.error().message;
    EXPECT_EQ(*back, c) << text;
  }
}

TEST(ClaimsJson, RoundTripsWithRfc3339Times) {
  for (const claims& c : {minimal_claims(), full_claims()}) {
    const std::string text = claims_to_json(c, time_style::rfc3339);
    auto back = claims_from_json(text);
    ASSERT_TRUE(back.ok()) << text << ": " << back.error().message;
    EXPECT_EQ(*back, c) << text;
  }
}

TEST(ClaimsJson, IntegerStyleWritesTheSpecNames) {
  const json j = json::parse(claims_to_json(full_claims(), time_style::integer));
  EXPECT_EQ(j.at("iss"), "CN-610100");
  EXPECT_EQ(j.at("iat"), 1639900800);
  EXPECT_EQ(j.at("exp"), 1640592000);
  EXPECT_EQ(j.at("nbf"), 1639987200);
  EXPECT_EQ(j.at("cti"), k_cti_hex);
  EXPECT_EQ(j.at("cnf"), k_holder_hex);
  EXPECT_EQ(j.at("status"), "red");
  EXPECT_EQ(j.at("name"), "张*明");
  EXPECT_EQ(j.at("id_hint"), "123X");
  EXPECT_EQ(j.at("test"),
            json::parse(R"({"result":"positive","sampled_at":1639900800,"site":"XA-01"})"));
  EXPECT_EQ(j.at("vaccination"), json::parse(R"({"doses":3,"last_dose":1633046400})"));
  EXPECT_EQ(j.size(), 11u);
}

TEST(ClaimsJson, Rfc3339StyleWritesUtcStrings) {
  const json j = json::parse(claims_to_json(full_claims(), time_style::rfc3339));
  EXPECT_EQ(j.at("iat"), "2021-12-19T08:00:00Z");
  EXPECT_EQ(j.at("nbf"), "2021-12-20T08:00:00Z");
  EXPECT_EQ(j.at("exp"), "2021-12-27T08:00:00Z");
  EXPECT_EQ(j.at("test").at("sampled_at"), "2021-12-19T08:00:00Z");
  EXPECT_EQ(j.at("vaccination").at("last_dose"), "2021-10-01T00:00:00Z");
  EXPECT_EQ(j.at("vaccination").at("doses"), 3);  // a count, not a time
}

TEST(ClaimsJson, OptionalFieldsAreOmittedWhenAbsent) {
  const json j = json::parse(claims_to_json(minimal_claims()));
  for (const char* field : {"nbf", "cnf", "name", "id_hint", "test", "vaccination"})
    EXPECT_FALSE(j.contains(field)) << field;
}

TEST(ClaimsJson, TimesThatRfc3339CannotWriteRoundTripAsIntegers) {
  claims c = full_claims();
  c.exp = UINT64_MAX;
  c.nbf = 300000000000;                            // year 11476: beyond RFC 3339's four-digit years
  c.status.vaccination->last_dose = 253402300800;  // 10000-01-01T00:00:00Z
  const std::string text = claims_to_json(c, time_style::rfc3339);
  auto back = claims_from_json(text);
  ASSERT_TRUE(back.ok()) << text << ": " << back.error().message;
  EXPECT_EQ(*back, c) << text;
  const json j = json::parse(text);
  EXPECT_EQ(j.at("iat"), "2021-12-19T08:00:00Z");
}

TEST(ClaimsJson, ReadsTimesAsIntegersOrRfc3339Strings) {
  auto c = claims_from_json(R"({"status":"green","iat":1639987200,
      "exp":"2021-12-27T16:00:00+08:00","nbf":"2021-12-20t08:00:00z",
      "test":{"result":"negative","sampled_at":"2021-12-19T03:00:00-05:00"},
      "vaccination":{"doses":2,"last_dose":"1633046400"}})");
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_EQ(c->iat, 1639987200u);
  EXPECT_EQ(c->exp, 1640592000u);
  EXPECT_EQ(c->nbf, 1639987200u);
  EXPECT_EQ(c->status.test->sampled_at, 1639900800u);
  EXPECT_FALSE(c->status.test->positive);
  EXPECT_EQ(c->status.vaccination->last_dose, 1633046400u);
}

TEST(ClaimsJson, OnlyStatusIsRequired) {
  auto c = claims_from_json(R"({"status":"yellow"})");
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_EQ(c->status.status, health_status::yellow);
  EXPECT_TRUE(c->iss.empty());
  EXPECT_FALSE(c->holder_key.has_value());
  EXPECT_TRUE(claims_from_json(R"({"status":"red","profile":1})").ok());
}

TEST(ClaimsJson, RefusesBadTimes) {
  for (const json& bad :
       {json(-1), json(1.5), json("2021-12-20T08:00:00"), json("1969-12-31T23:59:59Z"), json("-5"),
        json(true), json(nullptr), json::array(), json("2023-02-29T00:00:00Z")}) {
    EXPECT_EQ(code_of(with("iat", bad)), errc::json_error) << bad.dump();
    EXPECT_EQ(code_of(with("exp", bad)), errc::json_error) << bad.dump();
  }
  EXPECT_EQ(code_of(R"({"status":"green","iat":18446744073709551616})"), errc::json_error);
}

TEST(ClaimsJson, RefusesUnknownFields) {
  EXPECT_EQ(code_of(with("nmae", "x")), errc::json_error);
  EXPECT_EQ(code_of(with("Status", "green")), errc::json_error);
  EXPECT_EQ(code_of(R"({"status":"green","test":{"result":"negative","sampled_at":1,"lab":"x"}})"),
            errc::json_error);
  EXPECT_EQ(code_of(R"({"status":"green","vaccination":{"doses":1,"last_dose":1,"brand":"x"}})"),
            errc::json_error);
}

TEST(ClaimsJson, RefusesMissingOrUnknownStatus) {
  json j = json::parse(claims_to_json(full_claims()));
  j.erase("status");
  EXPECT_EQ(code_of(j.dump()), errc::json_error);
  EXPECT_EQ(code_of(with("status", "blue")), errc::json_error);
  EXPECT_EQ(code_of(with("status", "GREEN")), errc::json_error);
  EXPECT_EQ(code_of(with("status", 0)), errc::json_error);
  EXPECT_EQ(code_of(with("profile", 2)), errc::json_error);
}

TEST(ClaimsJson, RefusesBadTest) {
  EXPECT_EQ(code_of(with("test", json::parse(R"({"result":"maybe","sampled_at":1})"))),
            errc::json_error);
  EXPECT_EQ(code_of(with("test", json::parse(R"({"result":1,"sampled_at":1})"))), errc::json_error);
  EXPECT_EQ(code_of(with("test", json::parse(R"({"result":"negative"})"))), errc::json_error);
  EXPECT_EQ(code_of(with("test", json::parse(R"({"sampled_at":1})"))), errc::json_error);
  EXPECT_EQ(code_of(with("test", "negative")), errc::json_error);
  EXPECT_EQ(code_of(with("vaccination", json::parse(R"({"doses":-1,"last_dose":1})"))),
            errc::json_error);
  EXPECT_EQ(code_of(with("vaccination", json::parse(R"({"doses":1})"))), errc::json_error);
}

TEST(ClaimsJson, CtiMustBe32HexDigits) {
  EXPECT_EQ(code_of(with("cti", std::string(30, 'a'))), errc::json_error);
  EXPECT_EQ(code_of(with("cti", std::string(34, 'a'))), errc::json_error);
  EXPECT_EQ(code_of(with("cti", std::string(31, 'a'))), errc::json_error);
  EXPECT_EQ(code_of(with("cti", std::string(32, 'g'))), errc::json_error);
  EXPECT_EQ(code_of(with("cti", 7)), errc::json_error);
  auto upper = claims_from_json(with("cti", "000102030405060708090A0B0C0D0E0F"));
  ASSERT_TRUE(upper.ok()) << upper.error().message;
  EXPECT_EQ(upper->cti, minimal_claims().cti);
}

TEST(ClaimsJson, CnfMustBeAUsableKey) {
  EXPECT_EQ(code_of(with("cnf", std::string(64, '0'))), errc::json_error);  // small order
  EXPECT_EQ(code_of(with("cnf", std::string(k_holder_hex.substr(2)))), errc::json_error);
  EXPECT_EQ(code_of(with("cnf", "xyz")), errc::json_error);
}

TEST(ClaimsJson, StringsMustBeStrings) {
  EXPECT_EQ(code_of(with("iss", 5)), errc::json_error);
  EXPECT_EQ(code_of(with("name", json::array())), errc::json_error);
  EXPECT_EQ(code_of(with("id_hint", nullptr)), errc::json_error);
}

TEST(ClaimsJson, RefusesInvalidJson) {
  for (std::string_view text :
       {"", " ", "{", "}", "[1,2", "{'status':'green'}", R"({"status":"green",})",
        R"({"status":"green"} x)", "{\"status\":\"gr\xff\"}", "nul"}) {
    EXPECT_EQ(code_of(text), errc::json_error) << text;
  }
}

TEST(ClaimsJson, RefusesJsonThatIsNotAnObject) {
  for (std::string_view text : {"null", "[]", "1", "\"green\"", "true", R"([{"status":"green"}])"})
    EXPECT_EQ(code_of(text), errc::json_error) << text;
}

TEST(ClaimsJson, ToJsonDoesNotThrowOnInvalidUtf8) {
  claims c = full_claims();
  c.status.name = "\xe5\xbc";  // truncated: such claims never come from decode_claims
  std::string text;
  EXPECT_NO_THROW(text = claims_to_json(c));
  const json j = json::parse(text, nullptr, false);
  ASSERT_FALSE(j.is_discarded()) << text;
  EXPECT_EQ(j.at("iss"), "CN-610100");
}

TEST(ClaimsJson, NoExceptionEscapesOnGarbage) {
  std::mt19937 rng(2021);
  const std::string base = claims_to_json(full_claims(), time_style::rfc3339);
  const std::string alphabet = "{}[]\":,0123456789-+.eE tfnulrsaZT\\\xe5\xbc\xff\x00";
  std::uniform_int_distribution<std::size_t> pick(0, alphabet.size() - 1);
  std::vector<std::string> inputs;
  for (int k = 0; k < 200; ++k) {  // mutations of a valid input
    std::string s = base;
    std::uniform_int_distribution<std::size_t> where(0, s.size() - 1);
    for (int m = 0; m < 1 + k % 5; ++m) {
      switch (rng() % 3) {
        case 0:
          s[where(rng) % s.size()] = alphabet[pick(rng)];
          break;
        case 1:
          s.insert(where(rng) % s.size(), 1, alphabet[pick(rng)]);
          break;
        default:
          s.erase(where(rng) % s.size(), 1);
          break;
      }
    }
    inputs.push_back(s);
  }
  for (int k = 0; k < 200; ++k) {  // random strings over JSON-ish characters
    std::string s(rng() % 64, ' ');
    for (char& ch : s) ch = alphabet[pick(rng)];
    inputs.push_back(s);
  }
  inputs.push_back(std::string(100000, '[') + std::string(100000, ']'));
  inputs.push_back(R"({"status":"green","iat":1e400})");
  inputs.push_back(R"({"status":"green","iat":-0})");
  inputs.push_back(R"({"status":"green","status":"red"})");
  inputs.push_back(R"({"status":"green","test":null})");
  inputs.push_back(R"({"status":"green","vaccination":[]})");
  inputs.push_back("{\"status\":\"green\",\"name\":\"\\ud800\"}");
  int accepted = 0;
  for (const std::string& s : inputs) {
    errc code = errc::ok;
    EXPECT_NO_THROW(code = claims_from_json(s).code()) << s;
    EXPECT_TRUE(code == errc::ok || code == errc::json_error) << s;
    accepted += code == errc::ok;
  }
  EXPECT_LT(accepted, static_cast<int>(inputs.size()));
}

}  // namespace
}  // namespace qrseal

TEST(ClaimsJson, DuplicateKeysAreRefused) {
  auto r = qrseal::claims_from_json(R"({"status":"green","status":"yellow"})");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.code(), qrseal::errc::json_error);
  EXPECT_NE(r.error().message.find("twice"), std::string::npos);
  auto nested = qrseal::claims_from_json(
      R"({"status":"green","test":{"result":"negative","result":"positive","sampled_at":1}})");
  EXPECT_FALSE(nested.ok());
  EXPECT_TRUE(qrseal::claims_from_json(R"({"status":"green","test":{"result":"negative","sampled_at":1}})").ok());
}
