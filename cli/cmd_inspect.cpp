// qrseal inspect TEXT|-   -> every layer decoded as JSON, without verification.
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <qrseal/claims_json.hpp>
#include <qrseal/decode.hpp>
#include <qrseal/hex.hpp>

#include "commands.hpp"
#include "common.hpp"

namespace qrseal::cli {
namespace {

using ordered = nlohmann::ordered_json;

struct inspect_options {
  std::string text;
};

// Decodes as far as the text allows; the first failure is reported in "error".
int run_inspect(const inspect_options& o) {
  const std::string text = text_argument(o.text, "text");
  ordered j;
  j["verified"] = false;
  auto fail = [&j](const error& e) {
    j["error"] = {{"code", std::string(to_string(e.code))}, {"message", e.message}};
    std::cout << j.dump(2) << "\n";
    return exit_rejected;
  };
  const decoded_text d = decode_text(text);
  if (!d.kind) return fail(*d.failure);
  j["prefix"] = std::string(text_prefix(*d.kind));
  j["kind"] = *d.kind == text_kind::credential ? "credential"
              : *d.kind == text_kind::live     ? "live"
                                               : "trust_list";
  j["length"] = text.size();
  if (d.live) j["live"] = {{"t", d.live->t}, {"sig", to_hex(d.live->sig)}};
  if (d.form) {
    j["body_form"] = *d.form == body_form::zlib ? "zlib" : "raw";
    j["body_bytes"] = d.bytes.size();
  }
  if (!d.live && !d.form) return fail(*d.failure);
  j["cose_hex"] = to_hex(d.cose_bytes);
  if (!d.cose) return fail(*d.failure);
  j["cose"] = {{"protected",
                {{"alg", d.cose->alg_is_eddsa ? ordered(-8) : ordered("not EdDSA")},
                 {"kid", to_hex(d.cose->kid)}}},
               {"unprotected", ordered::object()},
               {"payload_hex", to_hex(d.cose->payload)},
               {"signature", to_hex(d.cose->sig)}};
  if (!d.complete()) return fail(*d.failure);
  if (d.credential) {
    j["claims"] = ordered::parse(claims_to_json(*d.credential));
    j["claims_rfc3339"] = ordered::parse(claims_to_json(*d.credential, time_style::rfc3339));
  }
  std::cout << j.dump(2) << "\n";
  return exit_ok;
}

}  // namespace

void add_inspect_command(CLI::App& app) {
  auto o = std::make_shared<inspect_options>();
  CLI::App* cmd = app.add_subcommand("inspect",
                                     "Decode every layer of a QS1:/QL1:/QT1: text as "
                                     "JSON (no verification)");
  cmd->add_option("TEXT", o->text, "The text, or - for stdin")->required();
  cmd->callback([o] { exit_status() = run_inspect(*o); });
}

}  // namespace qrseal::cli
