#include <algorithm>
#include <array>
#include <charconv>
#include <qrseal/batch_row.hpp>
#include <qrseal/hex.hpp>
#include <qrseal/time.hpp>
#include <qrseal/utf8.hpp>

#include "claims_json_value.hpp"

namespace qrseal {
namespace {

enum field_id : int {
  f_subject_id,
  f_status,
  f_name,
  f_id_hint,
  f_test_result,
  f_test_sampled_at,
  f_test_site,
  f_vaccination_doses,
  f_vaccination_last_dose,
  f_cnf,
  field_count
};

constexpr std::array<std::string_view, field_count> field_names = {"subject_id",
                                                                   "status",
                                                                   "name",
                                                                   "id_hint",
                                                                   "test.result",
                                                                   "test.sampled_at",
                                                                   "test.site",
                                                                   "vaccination.doses",
                                                                   "vaccination.last_dose",
                                                                   "cnf"};

// The issuer sets these; a row that carries them is refused rather than half-obeyed.
constexpr std::array<std::string_view, 6> issuer_fields = {"iss", "iat", "exp",
                                                           "nbf", "cti", "profile"};

error row_error(std::string_view where, const std::string& why) {
  return error{errc::batch_row, std::string(where) + ": " + why};
}

status check_subject_id(std::string_view id) {
  if (id.empty()) return row_error("subject_id", "is empty");
  if (id.size() > max_subject_id_bytes)
    return row_error("subject_id", "has " + std::to_string(id.size()) + " bytes, more than " +
                                       std::to_string(max_subject_id_bytes));
  if (!is_valid_utf8(id)) return row_error("subject_id", "is not valid UTF-8");
  if (std::any_of(id.begin(), id.end(),
                  [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; }))
    return row_error("subject_id", "holds a control character");
  return success();
}

result<std::uint64_t> row_time(std::string_view text, std::string_view where) {
  auto t = parse_time(text);
  if (!t) return row_error(where, t.error().message);
  if (*t < 0) return row_error(where, "'" + std::string(text) + "' is before 1970");
  return static_cast<std::uint64_t>(*t);
}

result<std::uint64_t> row_uint(std::string_view text, std::string_view where) {
  std::uint64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty())
    return row_error(where, "'" + std::string(text) + "' is not a non-negative integer");
  return value;
}

result<public_key> row_key(std::string_view hex, std::string_view where) {
  auto raw = from_hex(hex);
  if (!raw || raw->size() != 32)
    return row_error(where, "must be 64 hex digits (a 32-byte Ed25519 public key)");
  auto key = public_key::from_bytes(*raw);
  if (!key) return row_error(where, key.error().message);
  return *key;
}

// Text fields are checked here too, so the reason names the row's column, not a claim.
status check_text(std::string_view text, std::string_view where, std::size_t max) {
  if (!is_valid_utf8(text)) return row_error(where, "is not valid UTF-8");
  if (text.size() > max)
    return row_error(
        where, "has " + std::to_string(text.size()) + " bytes, more than " + std::to_string(max));
  return success();
}

}  // namespace

result<csv_columns> csv_columns::from_header(std::span<const std::string> names) {
  csv_columns columns;
  std::array<bool, field_count> seen{};
  for (std::size_t i = 0; i < names.size(); ++i) {
    std::string_view name = names[i];
    // A UTF-8 byte order mark from spreadsheet exports.
    if (i == 0 && name.substr(0, 3) == "\xEF\xBB\xBF") name.remove_prefix(3);
    const auto it = std::find(field_names.begin(), field_names.end(), name);
    if (it == field_names.end()) {
      std::string why = "column " + std::to_string(i + 1) + " '" + std::string(name) + "' is ";
      if (std::find(issuer_fields.begin(), issuer_fields.end(), name) != issuer_fields.end())
        why += "set by the issuer, not by a row";
      else
        why +=
            "not a batch column (subject_id, status, name, id_hint, test.result, "
            "test.sampled_at, test.site, vaccination.doses, vaccination.last_dose, cnf)";
      return error{errc::batch_header, "CSV header: " + why};
    }
    const auto id = static_cast<int>(it - field_names.begin());
    if (seen[id])
      return error{errc::batch_header,
                   "CSV header: column '" + std::string(name) + "' appears twice"};
    seen[id] = true;
    columns.slots_.push_back(id);
  }
  for (int required : {f_subject_id, f_status})
    if (!seen[required])
      return error{errc::batch_header, "CSV header: the required column '" +
                                           std::string(field_names[required]) + "' is missing"};
  return columns;
}

result<batch_row> csv_columns::parse(std::span<const std::string> fields) const {
  if (fields.size() != slots_.size())
    return row_error("row", "has " + std::to_string(fields.size()) + " fields, the header has " +
                                std::to_string(slots_.size()));
  std::array<const std::string*, field_count> value{};
  for (std::size_t i = 0; i < fields.size(); ++i)
    if (!fields[i].empty()) value[slots_[i]] = &fields[i];

  batch_row row;
  if (!value[f_subject_id]) return row_error("subject_id", "is empty");
  row.subject_id = *value[f_subject_id];
  if (auto s = check_subject_id(row.subject_id); !s) return std::move(s).error();
  if (!value[f_status]) return row_error("status", "is empty (green, yellow or red)");
  const auto health = parse_health_status(*value[f_status]);
  if (!health) return row_error("status", "'" + *value[f_status] + "' is not green, yellow or red");
  row.profile.status = *health;
  if (value[f_name]) {
    if (auto s = check_text(*value[f_name], "name", max_name_bytes); !s)
      return std::move(s).error();
    row.profile.name = *value[f_name];
  }
  if (value[f_id_hint]) {
    if (auto s = check_text(*value[f_id_hint], "id_hint", max_id_hint_bytes); !s)
      return std::move(s).error();
    row.profile.id_hint = *value[f_id_hint];
  }
  if (value[f_test_result] || value[f_test_sampled_at] || value[f_test_site]) {
    if (!value[f_test_result] || !value[f_test_sampled_at])
      return row_error("test", "needs both test.result and test.sampled_at");
    test_info test;
    const std::string& result_name = *value[f_test_result];
    if (result_name != "negative" && result_name != "positive")
      return row_error("test.result", "'" + result_name + "' is not negative or positive");
    test.positive = result_name == "positive";
    auto sampled = row_time(*value[f_test_sampled_at], "test.sampled_at");
    if (!sampled) return std::move(sampled).error();
    test.sampled_at = *sampled;
    if (value[f_test_site]) {
      if (auto s = check_text(*value[f_test_site], "test.site", max_site_bytes); !s)
        return std::move(s).error();
      test.site = *value[f_test_site];
    }
    row.profile.test = std::move(test);
  }
  if (value[f_vaccination_doses] || value[f_vaccination_last_dose]) {
    if (!value[f_vaccination_doses] || !value[f_vaccination_last_dose])
      return row_error("vaccination", "needs both vaccination.doses and vaccination.last_dose");
    auto doses = row_uint(*value[f_vaccination_doses], "vaccination.doses");
    if (!doses) return std::move(doses).error();
    auto last = row_time(*value[f_vaccination_last_dose], "vaccination.last_dose");
    if (!last) return std::move(last).error();
    row.profile.vaccination = vaccination_info{*doses, *last};
  }
  if (value[f_cnf]) {
    auto key = row_key(*value[f_cnf], "cnf");
    if (!key) return std::move(key).error();
    row.holder_key = *key;
  }
  return row;
}

result<batch_row> parse_jsonl_row(std::string_view line) {
  auto parsed = detail::parse_json_object(line);
  if (!parsed) return row_error("row", "not a JSON object: " + parsed.error().message);
  nlohmann::json& j = *parsed;
  for (std::string_view field : issuer_fields)
    if (j.contains(field)) return row_error(field, "is set by the issuer, not by a row");
  batch_row row;
  const auto id = j.find("subject_id");
  if (id == j.end() || !id->is_string())
    return row_error("subject_id", "is missing or not a string");
  row.subject_id = id->get<std::string>();
  if (auto s = check_subject_id(row.subject_id); !s) return std::move(s).error();
  j.erase(id);
  auto c = detail::claims_from_json_value(j);
  if (!c) {
    // The claims reader's messages start with "claims JSON: " (and name fields "claims.x"); a
    // row's reason names the field alone.
    std::string why = std::move(c).error().message;
    constexpr std::string_view prefix = "claims JSON: ";
    if (why.rfind(prefix, 0) == 0) why.erase(0, prefix.size());
    if (why.rfind("claims.", 0) == 0) why.erase(0, 7);
    return error{errc::batch_row, why};
  }
  if (auto s = check_text(c->status.name.value_or(""), "name", max_name_bytes); !s)
    return std::move(s).error();
  if (auto s = check_text(c->status.id_hint.value_or(""), "id_hint", max_id_hint_bytes); !s)
    return std::move(s).error();
  if (c->status.test)
    if (auto s = check_text(c->status.test->site.value_or(""), "test.site", max_site_bytes); !s)
      return std::move(s).error();
  row.profile = std::move(c->status);
  row.holder_key = c->holder_key;
  return row;
}

}  // namespace qrseal
