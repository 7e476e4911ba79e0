// Verdicts, checkpoint events and journal records as JSON (checkpoint_json.hpp), with
// nlohmann::json.
#include <nlohmann/json.hpp>
#include <qrseal/checkpoint_json.hpp>
#include <qrseal/claims_json.hpp>
#include <qrseal/hex.hpp>
#include <qrseal/time.hpp>

#include "claims_json_value.hpp"

namespace qrseal {
namespace {

// The verdict as a value: the event JSON embeds it, so a scan builds it once (no print + parse).
nlohmann::ordered_json verdict_value(const verification& v) {
  nlohmann::ordered_json j;
  j["outcome"] = std::string(to_string(v.outcome()));
  j["detail"] = v.detail();
  j["warnings"] = nlohmann::json::array();
  for (warning w : v.warnings()) j["warnings"].push_back(std::string(to_string(w)));
  if (v.kind()) j["kind"] = v.kind() == text_kind::live ? "live" : "credential";
  if (v.kid()) j["kid"] = to_hex(*v.kid());
  if (v.credential()) {
    auto fields = detail::claims_to_json_value(*v.credential(), time_style::integer);
    for (auto it = fields.begin(); it != fields.end(); ++it) j[it.key()] = std::move(it.value());
  }
  return j;
}

}  // namespace

std::string verdict_json(const verification& v) {
  return verdict_value(v).dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

std::string checkpoint_event_json(const checkpoint_event& e) {
  nlohmann::ordered_json j;
  switch (e.kind) {
    case checkpoint_event_kind::credential:
      j = verdict_value(*e.verdict);
      if (e.record) j["record"] = *e.record;
      break;
    case checkpoint_event_kind::key_update:
      j["key_update"] = std::string(to_string(e.key_update->result));
      j["message"] = e.key_update->message;
      j["trust_list_seq"] = e.trust_list_seq;
      j["stored"] = e.stored;
      break;
    case checkpoint_event_kind::sample:
      j["sample"] = e.sample;
      j["linked"] = e.linked;
      if (e.record) j["record"] = *e.record;
      for (const checkpoint_notice& n : e.notices)
        j[n.code == checkpoint_notice_code::sample_not_linked ? "message" : "warning"] = n.message;
      break;
  }
  return j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

std::string journal_record_json(const journal_record& r, std::string_view device) {
  nlohmann::ordered_json line;
  line["id"] = r.id;
  line["time"] = format_rfc3339(r.time);
  line["checkpoint"] = r.checkpoint;
  line["outcome"] = std::string(to_string(r.result));
  line["warnings"] = nlohmann::json::array();
  for (warning w : r.warnings) line["warnings"].push_back(std::string(to_string(w)));
  line["kid"] = r.kid ? nlohmann::ordered_json(to_hex(*r.kid)) : nlohmann::ordered_json();
  line["ref_form"] = std::string(to_string(r.form));
  line["credential"] =
      r.credential ? nlohmann::ordered_json(to_hex(*r.credential)) : nlohmann::ordered_json();
  line["sample_id"] = r.sample_id ? nlohmann::ordered_json(*r.sample_id) : nlohmann::ordered_json();
  if (!device.empty()) line["device"] = std::string(device);
  return line.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace qrseal
