// The JSON forms of verdicts, checkpoint events and journal records (checkpoint_json.hpp), on
// nlohmann/json. Invalid UTF-8 cannot reach here from a credential (claims are checked), but a
// sample's text can: it is written with U+FFFD, never an exception.
#include <nlohmann/json.hpp>
#include <qrseal/checkpoint_json.hpp>
#include <qrseal/claims_json.hpp>
#include <qrseal/hex.hpp>
#include <qrseal/time.hpp>

namespace qrseal {
namespace {

using ordered = nlohmann::ordered_json;

std::string dump(const ordered& j) {
  return j.dump(-1, ' ', false, ordered::error_handler_t::replace);
}

ordered verdict_object(const verification& v) {
  ordered j;
  j["outcome"] = std::string(to_string(v.outcome()));
  j["detail"] = v.detail();
  j["warnings"] = nlohmann::json::array();
  for (warning w : v.warnings()) j["warnings"].push_back(std::string(to_string(w)));
  if (v.kind()) j["kind"] = v.kind() == text_kind::live ? "live" : "credential";
  if (v.kid()) j["kid"] = to_hex(*v.kid());
  if (v.credential()) {
    auto fields = ordered::parse(claims_to_json(*v.credential()));
    for (auto it = fields.begin(); it != fields.end(); ++it) j[it.key()] = it.value();
  }
  return j;
}

}  // namespace

std::string verdict_to_json(const verification& v) { return dump(verdict_object(v)); }

std::string checkpoint_event_json(const checkpoint_event& e) {
  ordered j;
  switch (e.kind) {
    case checkpoint_event_kind::credential:
      if (e.verdict) j = verdict_object(*e.verdict);
      if (e.record) j["record"] = *e.record;
      break;
    case checkpoint_event_kind::key_update:
      if (e.key_update) {
        j["key_update"] = std::string(to_string(e.key_update->result));
        j["message"] = e.key_update->message;
      }
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
  return dump(j);
}

std::string journal_record_json(const journal_record& r, std::string_view device) {
  ordered line;
  line["id"] = r.id;
  line["time"] = format_rfc3339(r.time);
  line["checkpoint"] = r.checkpoint;
  line["outcome"] = std::string(to_string(r.result));
  line["warnings"] = nlohmann::json::array();
  for (warning w : r.warnings) line["warnings"].push_back(std::string(to_string(w)));
  line["kid"] = r.kid ? ordered(to_hex(*r.kid)) : ordered();
  line["ref_form"] = std::string(to_string(r.form));
  line["credential"] = r.credential ? ordered(to_hex(*r.credential)) : ordered();
  line["sample_id"] = r.sample_id ? ordered(*r.sample_id) : ordered();
  if (!device.empty()) line["device"] = std::string(device);
  return dump(line);
}

}  // namespace qrseal
