#include <nlohmann/json.hpp>
#include <qrseal/claims_json.hpp>
#include <qrseal/hex.hpp>
#include <qrseal/time.hpp>
#include <set>
#include <vector>

#include "claims_json_value.hpp"
#include "try.hpp"

namespace qrseal {
namespace {

using json = nlohmann::json;
using ordered = nlohmann::ordered_json;

// 9999-12-31T23:59:59Z: RFC 3339 has four-digit years, so later times stay integers (else
// the JSON could not be read back).
constexpr std::uint64_t last_rfc3339_time = 253402300799;

ordered time_value(std::uint64_t t, time_style style) {
  if (style == time_style::rfc3339 && t <= last_rfc3339_time)
    return format_rfc3339(static_cast<std::int64_t>(t));
  return t;
}

error json_error(const std::string& where, const std::string& why) {
  return error{errc::json_error, "claims JSON: " + where + " " + why};
}

result<std::uint64_t> read_time(const json& v, const std::string& where) {
  if (v.is_number_unsigned()) return v.get<std::uint64_t>();
  if (v.is_string()) {
    auto t = parse_time(v.get<std::string>());
    if (!t) return json_error(where, t.error().message);
    if (*t < 0) return json_error(where, "is before 1970");
    return static_cast<std::uint64_t>(*t);
  }
  return json_error(where, "must be a non-negative integer or an RFC 3339 string");
}

result<std::uint64_t> read_uint(const json& v, const std::string& where) {
  if (v.is_number_unsigned()) return v.get<std::uint64_t>();
  return json_error(where, "must be a non-negative integer");
}

result<std::string> read_string(const json& v, const std::string& where) {
  if (v.is_string()) return v.get<std::string>();
  return json_error(where, "must be a string");
}

status only_keys(const json& obj, const std::string& where,
                 std::initializer_list<const char*> keys) {
  if (!obj.is_object()) return json_error(where, "must be an object");
  for (auto it = obj.begin(); it != obj.end(); ++it) {
    bool known = false;
    for (const char* k : keys) known = known || it.key() == k;
    if (!known) return json_error(where + "." + it.key(), "is not a field of the status profile");
  }
  return success();
}

// nlohmann keeps the last of two equal keys; a signing tool must not guess which one was meant
// ({"status":"green","status":"yellow"}), so a first pass looks for duplicates.
class duplicate_key_finder : public nlohmann::json_sax<json> {
 public:
  std::string duplicate;
  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t) override { return true; }
  bool number_unsigned(number_unsigned_t) override { return true; }
  bool number_float(number_float_t, const string_t&) override { return true; }
  bool string(string_t&) override { return true; }
  bool binary(binary_t&) override { return true; }
  bool start_object(std::size_t) override {
    keys_.emplace_back();
    return true;
  }
  bool key(string_t& k) override {
    if (!keys_.back().insert(k).second) {
      duplicate = k;
      return false;
    }
    return true;
  }
  bool end_object() override {
    keys_.pop_back();
    return true;
  }
  bool start_array(std::size_t) override { return true; }
  bool end_array() override { return true; }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override {
    return false;
  }

 private:
  std::vector<std::set<std::string>> keys_;
};

}  // namespace

std::string claims_to_json(const claims& c, time_style times) {
  // Claims built in code may hold invalid UTF-8 (decoded ones cannot): replace it rather than
  // let nlohmann throw across the public API.
  return detail::claims_to_json_value(c, times).dump(-1, ' ', false,
                                                     ordered::error_handler_t::replace);
}

namespace detail {

ordered claims_to_json_value(const claims& c, time_style times) {
  ordered j;
  j["iss"] = c.iss;
  j["iat"] = time_value(c.iat, times);
  j["exp"] = time_value(c.exp, times);
  if (c.nbf) j["nbf"] = time_value(*c.nbf, times);
  j["cti"] = to_hex(c.cti);
  if (c.holder_key) j["cnf"] = to_hex(c.holder_key->bytes());
  j["status"] = std::string(to_string(c.status.status));
  if (c.status.name) j["name"] = *c.status.name;
  if (c.status.id_hint) j["id_hint"] = *c.status.id_hint;
  if (c.status.test) {
    ordered t;
    t["result"] = c.status.test->positive ? "positive" : "negative";
    t["sampled_at"] = time_value(c.status.test->sampled_at, times);
    if (c.status.test->site) t["site"] = *c.status.test->site;
    j["test"] = std::move(t);
  }
  if (c.status.vaccination) {
    ordered v;
    v["doses"] = c.status.vaccination->doses;
    v["last_dose"] = time_value(c.status.vaccination->last_dose, times);
    j["vaccination"] = std::move(v);
  }
  return j;
}

result<nlohmann::json> parse_json_object(std::string_view text) {
  duplicate_key_finder finder;
  json::sax_parse(text.begin(), text.end(), &finder, nlohmann::detail::input_format_t::json, false);
  if (!finder.duplicate.empty())
    return json_error("\"" + finder.duplicate + "\"", "appears twice in one object");
  json j = json::parse(text.begin(), text.end(), nullptr, false);
  if (j.is_discarded())
    return error{errc::json_error, "claims JSON: not valid JSON (or not valid UTF-8)"};
  if (!j.is_object()) return json_error("claims", "must be an object");
  return j;
}

result<claims> claims_from_json_value(const nlohmann::json& j) {
  if (auto s = only_keys(j, "claims",
                         {"iss", "iat", "exp", "nbf", "cti", "cnf", "profile", "status", "name",
                          "id_hint", "test", "vaccination"});
      !s)
    return std::move(s).error();
  claims c;
  if (j.contains("iss")) {
    QRSEAL_TRY(iss, read_string(j["iss"], "iss"));
    c.iss = iss;
  }
  if (j.contains("iat")) {
    QRSEAL_TRY(iat, read_time(j["iat"], "iat"));
    c.iat = iat;
  }
  if (j.contains("exp")) {
    QRSEAL_TRY(exp, read_time(j["exp"], "exp"));
    c.exp = exp;
  }
  if (j.contains("nbf")) {
    QRSEAL_TRY(nbf, read_time(j["nbf"], "nbf"));
    c.nbf = nbf;
  }
  if (j.contains("cti")) {
    QRSEAL_TRY(cti_hex, read_string(j["cti"], "cti"));
    auto cti = from_hex(cti_hex);
    if (!cti || cti->size() != c.cti.size())
      return json_error("cti", "must be 32 hex digits (16 bytes)");
    std::copy(cti->begin(), cti->end(), c.cti.begin());
  }
  if (j.contains("cnf")) {
    QRSEAL_TRY(cnf_hex, read_string(j["cnf"], "cnf"));
    auto raw = from_hex(cnf_hex);
    if (!raw) return json_error("cnf", "must be 64 hex digits (a 32-byte Ed25519 public key)");
    auto key = public_key::from_bytes(*raw);
    if (!key) return json_error("cnf", key.error().message);
    c.holder_key = *key;
  }
  if (j.contains("profile")) {
    QRSEAL_TRY(profile, read_uint(j["profile"], "profile"));
    if (profile != status_profile_v1) return json_error("profile", "must be 1");
  }
  if (!j.contains("status")) return json_error("status", "is required (green, yellow or red)");
  {
    QRSEAL_TRY(name, read_string(j["status"], "status"));
    auto s = parse_health_status(name);
    if (!s) return json_error("status", "'" + name + "' is not green, yellow or red");
    c.status.status = *s;
  }
  if (j.contains("name")) {
    QRSEAL_TRY(name, read_string(j["name"], "name"));
    c.status.name = name;
  }
  if (j.contains("id_hint")) {
    QRSEAL_TRY(hint, read_string(j["id_hint"], "id_hint"));
    c.status.id_hint = hint;
  }
  if (j.contains("test")) {
    const json& t = j["test"];
    QRSEAL_TRY_STATUS(only_keys(t, "test", {"result", "sampled_at", "site"}));
    if (!t.contains("result") || !t.contains("sampled_at"))
      return json_error("test", "needs result and sampled_at");
    QRSEAL_TRY(result_name, read_string(t["result"], "test.result"));
    if (result_name != "negative" && result_name != "positive")
      return json_error("test.result", "'" + result_name + "' is not negative or positive");
    test_info info;
    info.positive = result_name == "positive";
    QRSEAL_TRY(sampled, read_time(t["sampled_at"], "test.sampled_at"));
    info.sampled_at = sampled;
    if (t.contains("site")) {
      QRSEAL_TRY(site, read_string(t["site"], "test.site"));
      info.site = site;
    }
    c.status.test = std::move(info);
  }
  if (j.contains("vaccination")) {
    const json& v = j["vaccination"];
    QRSEAL_TRY_STATUS(only_keys(v, "vaccination", {"doses", "last_dose"}));
    if (!v.contains("doses") || !v.contains("last_dose"))
      return json_error("vaccination", "needs doses and last_dose");
    QRSEAL_TRY(doses, read_uint(v["doses"], "vaccination.doses"));
    QRSEAL_TRY(last, read_time(v["last_dose"], "vaccination.last_dose"));
    c.status.vaccination = vaccination_info{doses, last};
  }
  return c;
}

}  // namespace detail

result<claims> claims_from_json(std::string_view text) {
  QRSEAL_TRY(j, detail::parse_json_object(text));
  return detail::claims_from_json_value(j);
}

}  // namespace qrseal
