// qrseal inspect TEXT|-   -> every layer decoded as JSON, without verification.
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <qrseal/body.hpp>
#include <qrseal/claims_json.hpp>
#include <qrseal/cose.hpp>
#include <qrseal/hex.hpp>
#include <qrseal/live.hpp>
#include <qrseal/text.hpp>

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
  auto split = split_qr_text(text);
  if (!split) return fail(split.error());
  j["prefix"] = std::string(text_prefix(split->kind));
  j["kind"] = split->kind == text_kind::credential ? "credential"
              : split->kind == text_kind::live     ? "live"
                                                   : "trust_list";
  j["length"] = text.size();
  std::vector<std::uint8_t> cose_bytes;
  if (split->kind == text_kind::live) {
    auto live = decode_live_array(split->bytes);
    if (!live) return fail(live.error());
    j["live"] = {{"t", live->t}, {"sig", to_hex(live->sig)}};
    cose_bytes.assign(live->credential.begin(), live->credential.end());
  } else {
    auto body = decode_body(split->bytes);
    if (!body) return fail(body.error());
    j["body_form"] = body->form == body_form::zlib ? "zlib" : "raw";
    j["body_bytes"] = split->bytes.size();
    cose_bytes = std::move(body->cose);
  }
  j["cose_hex"] = to_hex(cose_bytes);
  auto cose = parse_cose_sign1(cose_bytes);
  if (!cose) return fail(cose.error());
  j["cose"] = {{"protected",
                {{"alg", cose->alg_is_eddsa ? ordered(-8) : ordered("not EdDSA")},
                 {"kid", to_hex(cose->kid)}}},
               {"unprotected", ordered::object()},
               {"payload_hex", to_hex(cose->payload)},
               {"signature", to_hex(cose->sig)}};
  if (split->kind == text_kind::trust_list) {
    std::cout << j.dump(2) << "\n";
    return exit_ok;
  }
  auto c = decode_claims(cose->payload);
  if (!c) return fail(c.error());
  j["claims"] = ordered::parse(claims_to_json(*c));
  j["claims_rfc3339"] = ordered::parse(claims_to_json(*c, time_style::rfc3339));
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
