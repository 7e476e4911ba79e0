#include <algorithm>
#include <qrseal/claims.hpp>
#include <qrseal/detail/cbor.hpp>
#include <qrseal/utf8.hpp>

#include "try.hpp"

namespace qrseal {
namespace {

// CWT claim keys (RFC 8392) and this profile's private claim.
constexpr std::int64_t claim_iss = 1;
constexpr std::int64_t claim_exp = 4;
constexpr std::int64_t claim_nbf = 5;
constexpr std::int64_t claim_iat = 6;
constexpr std::int64_t claim_cti = 7;
constexpr std::int64_t claim_cnf = 8;
constexpr std::int64_t claim_status = -65537;

constexpr std::int64_t cnf_cose_key = 1;
constexpr std::int64_t cose_key_kty = 1, cose_key_crv = -1, cose_key_x = -2;
constexpr std::uint64_t kty_okp = 1, crv_ed25519 = 6;

enum : std::int64_t {
  profile_key = 1,
  status_key = 2,
  name_key = 3,
  id_hint_key = 4,
  test_key = 5,
  vaccination_key = 6
};
enum : std::int64_t { test_result = 1, test_sampled_at = 2, test_site = 3 };
enum : std::int64_t { vacc_doses = 1, vacc_last_dose = 2 };

error bad(errc code, std::string where, std::string why) {
  return error{code, "claims: " + where + " " + why};
}

std::string key_name(const cbor::item& key) {
  if (key.type == cbor::kind::uint) return std::to_string(key.value);
  if (key.type == cbor::kind::negint) {
    return key.value == UINT64_MAX ? "-18446744073709551616" : "-" + std::to_string(key.value + 1);
  }
  if (key.type == cbor::kind::text) return "\"" + std::string(key.text()) + "\"";
  return "(non-integer key)";
}

status check_text(const cbor::item& v, const std::string& where, std::size_t max_bytes,
                  std::size_t min_bytes = 0) {
  if (v.type != cbor::kind::text)
    return bad(errc::claims_wrong_type, where, "is not a text string");
  if (v.content.size() > max_bytes)
    return bad(errc::claims_too_long, where,
               "has " + std::to_string(v.content.size()) + " bytes, more than " +
                   std::to_string(max_bytes));
  if (v.content.size() < min_bytes) return bad(errc::claims_bad_value, where, "is empty");
  return success();
}

status check_uint(const cbor::item& v, const std::string& where) {
  if (v.type != cbor::kind::uint)
    return bad(errc::claims_wrong_type, where, "is not an unsigned integer");
  return success();
}

// Walks a map whose keys must all be among the integers 1..`last`; fills `slots` by key.
status known_keys_only(const cbor::item& map, const std::string& where, std::int64_t last,
                       const cbor::item** slots) {
  if (map.type != cbor::kind::map) return bad(errc::claims_wrong_type, where, "is not a map");
  for (std::size_t i = 0; i < map.map_size(); ++i) {
    const cbor::item& key = map.map_key(i);
    if (key.type != cbor::kind::uint || key.value < 1 ||
        key.value > static_cast<std::uint64_t>(last))
      return bad(errc::claims_unknown_key, where, "has unknown key " + key_name(key));
    slots[key.value] = &map.map_value(i);
  }
  return success();
}

result<test_info> decode_test(const cbor::item& map) {
  const cbor::item* slot[4] = {};
  QRSEAL_TRY_STATUS(known_keys_only(map, "status.test", 3, slot));
  if (!slot[test_result] || !slot[test_sampled_at])
    return bad(errc::claims_missing, "status.test", "needs result (1) and sampled_at (2)");
  QRSEAL_TRY_STATUS(check_uint(*slot[test_result], "status.test.result"));
  if (slot[test_result]->value > 1)
    return bad(errc::claims_bad_value, "status.test.result",
               "is " + std::to_string(slot[test_result]->value) + ", not 0 or 1");
  QRSEAL_TRY_STATUS(check_uint(*slot[test_sampled_at], "status.test.sampled_at"));
  test_info t;
  t.positive = slot[test_result]->value == 1;
  t.sampled_at = slot[test_sampled_at]->value;
  if (slot[test_site]) {
    QRSEAL_TRY_STATUS(check_text(*slot[test_site], "status.test.site", max_site_bytes));
    t.site = std::string(slot[test_site]->text());
  }
  return t;
}

result<vaccination_info> decode_vaccination(const cbor::item& map) {
  const cbor::item* slot[3] = {};
  QRSEAL_TRY_STATUS(known_keys_only(map, "status.vaccination", 2, slot));
  if (!slot[vacc_doses] || !slot[vacc_last_dose])
    return bad(errc::claims_missing, "status.vaccination", "needs doses (1) and last_dose (2)");
  QRSEAL_TRY_STATUS(check_uint(*slot[vacc_doses], "status.vaccination.doses"));
  QRSEAL_TRY_STATUS(check_uint(*slot[vacc_last_dose], "status.vaccination.last_dose"));
  return vaccination_info{slot[vacc_doses]->value, slot[vacc_last_dose]->value};
}

result<status_profile> decode_status(const cbor::item& map) {
  const cbor::item* slot[7] = {};
  QRSEAL_TRY_STATUS(known_keys_only(map, "status (-65537)", 6, slot));
  if (!slot[profile_key] || !slot[status_key])
    return bad(errc::claims_missing, "status (-65537)", "needs profile (1) and status (2)");
  QRSEAL_TRY_STATUS(check_uint(*slot[profile_key], "status.profile"));
  if (slot[profile_key]->value != status_profile_v1)
    return bad(errc::claims_bad_value, "status.profile",
               "is " + std::to_string(slot[profile_key]->value) + "; version 1 knows only 1");
  QRSEAL_TRY_STATUS(check_uint(*slot[status_key], "status.status"));
  if (slot[status_key]->value > 2)
    return bad(errc::claims_bad_value, "status.status",
               "is " + std::to_string(slot[status_key]->value) + ", above 2 (red)");
  status_profile p;
  p.status = static_cast<health_status>(slot[status_key]->value);
  if (slot[name_key]) {
    QRSEAL_TRY_STATUS(check_text(*slot[name_key], "status.name", max_name_bytes));
    p.name = std::string(slot[name_key]->text());
  }
  if (slot[id_hint_key]) {
    QRSEAL_TRY_STATUS(check_text(*slot[id_hint_key], "status.id_hint", max_id_hint_bytes));
    p.id_hint = std::string(slot[id_hint_key]->text());
  }
  if (slot[test_key]) {
    QRSEAL_TRY(t, decode_test(*slot[test_key]));
    p.test = std::move(t);
  }
  if (slot[vaccination_key]) {
    QRSEAL_TRY(v, decode_vaccination(*slot[vaccination_key]));
    p.vaccination = v;
  }
  return p;
}

result<public_key> decode_cnf(const cbor::item& cnf) {
  if (cnf.type != cbor::kind::map) return bad(errc::claims_wrong_type, "cnf (8)", "is not a map");
  if (cnf.map_size() != 1 || !cnf.map_key(0).equals_integer(cnf_cose_key))
    return bad(errc::claims_unknown_key, "cnf (8)", "must be exactly {1: COSE_Key}");
  const cbor::item& key = cnf.map_value(0);
  if (key.type != cbor::kind::map)
    return bad(errc::claims_wrong_type, "cnf.COSE_Key", "is not a map");
  // Deterministic order of the COSE_Key labels is 1, -1, -2.
  if (key.map_size() != 3 || !key.map_key(0).equals_integer(cose_key_kty) ||
      !key.map_key(1).equals_integer(cose_key_crv) || !key.map_key(2).equals_integer(cose_key_x))
    return bad(errc::claims_unknown_key, "cnf.COSE_Key", "must be exactly {1: 1, -1: 6, -2: x}");
  const cbor::item& kty = key.map_value(0);
  const cbor::item& crv = key.map_value(1);
  const cbor::item& x = key.map_value(2);
  if (kty.type != cbor::kind::uint || kty.value != kty_okp)
    return bad(errc::claims_bad_value, "cnf.COSE_Key.kty", "is not 1 (OKP)");
  if (crv.type != cbor::kind::uint || crv.value != crv_ed25519)
    return bad(errc::claims_bad_value, "cnf.COSE_Key.crv", "is not 6 (Ed25519)");
  if (x.type != cbor::kind::bytes)
    return bad(errc::claims_wrong_type, "cnf.COSE_Key.x", "is not a byte string");
  if (x.content.size() != 32)
    return bad(errc::claims_bad_key, "cnf.COSE_Key.x",
               "has " + std::to_string(x.content.size()) + " bytes, not 32");
  auto pk = public_key::from_bytes(x.content);
  if (!pk) return bad(errc::claims_bad_key, "cnf.COSE_Key.x", "is unusable: " + pk.error().message);
  return *pk;
}

}  // namespace

std::string_view to_string(health_status value) noexcept {
  switch (value) {
    case health_status::green:
      return "green";
    case health_status::yellow:
      return "yellow";
    case health_status::red:
      return "red";
  }
  return "unknown";
}

std::optional<health_status> parse_health_status(std::string_view name) noexcept {
  if (name == "green") return health_status::green;
  if (name == "yellow") return health_status::yellow;
  if (name == "red") return health_status::red;
  return std::nullopt;
}

result<std::vector<health_status>> parse_health_status_list(std::string_view text,
                                                            bool empty_is_none) {
  std::vector<health_status> statuses;
  if (text.empty() && empty_is_none) return statuses;
  if (text.empty())
    return error{errc::invalid_argument,
                 "an empty list would make every verifier refuse every credential; name the "
                 "statuses to accept, e.g. green,yellow"};
  std::size_t start = 0;
  for (;;) {
    const std::size_t comma = text.find(',', start);
    const std::string_view name =
        text.substr(start, comma == std::string_view::npos ? comma : comma - start);
    auto s = parse_health_status(name);
    if (!s)
      return error{errc::invalid_argument,
                   "'" + std::string(name) + "' is not green, yellow or red"};
    statuses.push_back(*s);
    if (comma == std::string_view::npos) return statuses;
    start = comma + 1;
  }
}

status validate_claims(const claims& c) {
  auto text = [](const std::optional<std::string>& s, const char* where,
                 std::size_t max) -> status {
    if (!s) return success();
    if (s->size() > max)
      return bad(errc::claims_too_long, where,
                 "has " + std::to_string(s->size()) + " bytes, more than " + std::to_string(max));
    if (!is_valid_utf8(*s)) return bad(errc::claims_bad_value, where, "is not valid UTF-8");
    return success();
  };
  if (c.iss.empty() || c.iss.size() > max_iss_bytes)
    return bad(errc::claims_bad_value, "iss",
               "must have 1 to 32 bytes, has " + std::to_string(c.iss.size()));
  if (!is_valid_utf8(c.iss)) return bad(errc::claims_bad_value, "iss", "is not valid UTF-8");
  if (static_cast<std::uint8_t>(c.status.status) > 2)
    return bad(errc::claims_bad_value, "status", "is not green, yellow or red");
  if (auto s = text(c.status.name, "name", max_name_bytes); !s) return s;
  if (auto s = text(c.status.id_hint, "id_hint", max_id_hint_bytes); !s) return s;
  if (c.status.test)
    if (auto s = text(c.status.test->site, "test.site", max_site_bytes); !s) return s;
  return success();
}

std::vector<std::uint8_t> encode_claims(const claims& c) {
  cbor::writer w;
  w.reserve(160);
  w.map(5 + (c.nbf ? 1 : 0) + (c.holder_key ? 1 : 0));
  w.uint(claim_iss).text(c.iss);
  w.uint(claim_exp).uint(c.exp);
  if (c.nbf) w.uint(claim_nbf).uint(*c.nbf);
  w.uint(claim_iat).uint(c.iat);
  w.uint(claim_cti).bytes(c.cti);
  if (c.holder_key) {
    w.uint(claim_cnf).map(1).uint(cnf_cose_key);
    w.map(3).uint(cose_key_kty).uint(kty_okp).integer(cose_key_crv).uint(crv_ed25519);
    w.integer(cose_key_x).bytes(c.holder_key->bytes());
  }
  const status_profile& p = c.status;
  w.integer(claim_status);
  w.map(2 + (p.name ? 1 : 0) + (p.id_hint ? 1 : 0) + (p.test ? 1 : 0) + (p.vaccination ? 1 : 0));
  w.uint(profile_key).uint(status_profile_v1);
  w.uint(status_key).uint(static_cast<std::uint64_t>(p.status));
  if (p.name) w.uint(name_key).text(*p.name);
  if (p.id_hint) w.uint(id_hint_key).text(*p.id_hint);
  if (p.test) {
    w.uint(test_key).map(p.test->site ? 3 : 2);
    w.uint(test_result).uint(p.test->positive ? 1 : 0);
    w.uint(test_sampled_at).uint(p.test->sampled_at);
    if (p.test->site) w.uint(test_site).text(*p.test->site);
  }
  if (p.vaccination) {
    w.uint(vaccination_key).map(2);
    w.uint(vacc_doses).uint(p.vaccination->doses);
    w.uint(vacc_last_dose).uint(p.vaccination->last_dose);
  }
  return w.take();
}

result<claims> decode_claims(std::span<const std::uint8_t> payload) {
  auto decoded = cbor::decode_strict(payload);
  if (!decoded) return error{decoded.code(), "claims: " + decoded.error().message};
  const cbor::item& map = *decoded;
  if (map.type != cbor::kind::map)
    return error{errc::claims_not_map, "claims: payload is not a map"};

  const cbor::item *iss = nullptr, *exp = nullptr, *nbf = nullptr, *iat = nullptr, *cti = nullptr,
                   *cnf = nullptr, *profile = nullptr;
  for (std::size_t i = 0; i < map.map_size(); ++i) {
    const cbor::item& key = map.map_key(i);
    const cbor::item& value = map.map_value(i);
    if (!key.is_integer() && key.type != cbor::kind::text)
      return bad(errc::claims_wrong_type, "claim key", "is neither an integer nor a text string");
    if (key.equals_integer(claim_iss))
      iss = &value;
    else if (key.equals_integer(claim_exp))
      exp = &value;
    else if (key.equals_integer(claim_nbf))
      nbf = &value;
    else if (key.equals_integer(claim_iat))
      iat = &value;
    else if (key.equals_integer(claim_cti))
      cti = &value;
    else if (key.equals_integer(claim_cnf))
      cnf = &value;
    else if (key.equals_integer(claim_status))
      profile = &value;
    // Anything else is an unknown claim: ignored, as RFC 8392 says (already strictly parsed).
  }
  if (!iss) return bad(errc::claims_missing, "iss (1)", "is missing");
  if (!exp) return bad(errc::claims_missing, "exp (4)", "is missing");
  if (!iat) return bad(errc::claims_missing, "iat (6)", "is missing");
  if (!cti) return bad(errc::claims_missing, "cti (7)", "is missing");
  if (!profile) return bad(errc::claims_missing, "status (-65537)", "is missing");

  claims c;
  QRSEAL_TRY_STATUS(check_text(*iss, "iss (1)", max_iss_bytes, 1));
  c.iss = std::string(iss->text());
  QRSEAL_TRY_STATUS(check_uint(*exp, "exp (4)"));
  c.exp = exp->value;
  if (nbf) {
    QRSEAL_TRY_STATUS(check_uint(*nbf, "nbf (5)"));
    c.nbf = nbf->value;
  }
  QRSEAL_TRY_STATUS(check_uint(*iat, "iat (6)"));
  c.iat = iat->value;
  if (cti->type != cbor::kind::bytes)
    return bad(errc::claims_wrong_type, "cti (7)", "is not a byte string");
  if (cti->content.size() != c.cti.size())
    return bad(errc::claims_bad_value, "cti (7)",
               "has " + std::to_string(cti->content.size()) + " bytes, not 16");
  std::copy(cti->content.begin(), cti->content.end(), c.cti.begin());
  if (cnf) {
    QRSEAL_TRY(key, decode_cnf(*cnf));
    c.holder_key = key;
  }
  QRSEAL_TRY(p, decode_status(*profile));
  c.status = std::move(p);
  return c;
}

}  // namespace qrseal
