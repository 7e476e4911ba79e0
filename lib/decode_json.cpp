#include <nlohmann/json.hpp>
#include <qrseal/claims_json.hpp>
#include <qrseal/decode_json.hpp>
#include <qrseal/hex.hpp>

namespace qrseal {
namespace {

using ordered = nlohmann::ordered_json;

std::string_view kind_name(text_kind kind) {
  switch (kind) {
    case text_kind::credential:
      return "credential";
    case text_kind::live:
      return "live";
    case text_kind::trust_list:
      return "trust_list";
  }
  return "trust_list";
}

// The layers in the order decode_text() reaches them; false where it stopped.
bool fill(ordered& j, const decoded_text& d, std::size_t text_bytes) {
  if (!d.kind) return false;
  j["prefix"] = std::string(text_prefix(*d.kind));
  j["kind"] = std::string(kind_name(*d.kind));
  j["length"] = text_bytes;
  if (d.live) j["live"] = {{"t", d.live->t}, {"sig", to_hex(d.live->sig)}};
  if (d.form) {
    j["body_form"] = *d.form == body_form::zlib ? "zlib" : "raw";
    j["body_bytes"] = d.bytes.size();
  }
  if (!d.live && !d.form) return false;
  j["cose_hex"] = to_hex(d.cose_bytes);
  if (!d.cose) return false;
  j["cose"] = {{"protected",
                {{"alg", d.cose->alg_is_eddsa ? ordered(-8) : ordered("not EdDSA")},
                 {"kid", to_hex(d.cose->kid)}}},
               {"unprotected", ordered::object()},
               {"payload_hex", to_hex(d.cose->payload)},
               {"signature", to_hex(d.cose->sig)}};
  if (!d.complete()) return false;
  if (d.credential) {
    j["claims"] = ordered::parse(claims_to_json(*d.credential));
    j["claims_rfc3339"] = ordered::parse(claims_to_json(*d.credential, time_style::rfc3339));
  }
  return true;
}

}  // namespace

std::string decoded_text_json(const decoded_text& d, std::size_t text_bytes) {
  ordered j;
  j["verified"] = false;
  if (!fill(j, d, text_bytes) && d.failure)
    j["error"] = {{"code", std::string(to_string(d.failure->code))},
                  {"message", d.failure->message}};
  return j.dump(2, ' ', false, ordered::error_handler_t::replace);
}

}  // namespace qrseal
