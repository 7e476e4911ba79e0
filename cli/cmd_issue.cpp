// qrseal issue --key ISSUER.key --iss ID --claims FILE.json|- [--valid DUR | --exp T] [--now T]
//              [--holder HOLDER.pub] [--no-compress] [--png F ...] [--card F.png|.svg|.pdf]
//              -> the QS1 text on stdout
// qrseal issue --key ISSUER.key --iss ID --batch INPUT --out-dir DIR [--format text|png|svg|card]
//              [--threads N] [--valid DUR] [--ledger L] [--mask-name]   (see batch_issue.hpp)
#include <iostream>
#include <memory>
#include <qrseal/claims_json.hpp>
#include <qrseal/issue_check.hpp>
#include <qrseal/issuer.hpp>
#include <qrseal/lists.hpp>

#include "batch_issue.hpp"
#include "commands.hpp"
#include "common.hpp"
#include "qr_output.hpp"

namespace qrseal::cli {
namespace {

struct issue_cli_options {
  std::string key;
  std::optional<std::string> passphrase_file;
  std::string iss;
  std::optional<std::string> claims_file;
  batch_issue_options batch;
  std::optional<std::string> batch_input;
  std::optional<std::string> ledger;
  std::optional<std::string> valid;
  std::optional<std::string> exp;
  std::optional<std::string> now;
  std::optional<std::string> holder;
  std::optional<std::string> trust;
  std::optional<std::string> trust_root;
  std::optional<std::string> state;
  bool no_compress = false;
  qr_output_options qr;
  card_output_options card;
};

// The trust list verifiers will hold (--trust, or a state directory's), so that issue refuses
// to sign what they would refuse; or a note, once, that it cannot check.
std::optional<issue_trust> trust_for_checking(const issue_cli_options& o) {
  if (o.state && o.trust) throw failure("give --trust or --state, not both");
  if (o.trust_root && !o.trust) throw failure("--trust-root goes with --trust");
  if (o.state) return take(issue_trust_from_state(*o.state, "--state '" + *o.state + "'"));
  if (!o.trust) return std::nullopt;
  const std::string bytes = read_file(*o.trust, max_list_file_bytes, "trust list");
  std::optional<public_key> root;
  if (o.trust_root) root = load_public_key(*o.trust_root);
  return take(issue_trust_from_file(as_bytes(bytes), root, "--trust '" + *o.trust + "'"));
}

void check_against_trust(const std::optional<issue_trust>& trust, const claims& c,
                         const secret_key& key) {
  if (!trust) {
    std::cerr << "qrseal: note: without --trust trust.cose (or --state DIR) issue cannot check "
                 "that verifiers will accept what it signs (key, iss, key window, validity)\n";
    return;
  }
  (void)take(check_before_signing(*trust, c, key.public_key()));
}

int run_batch(const issue_cli_options& o) {
  if (o.exp) throw failure("--exp is not for --batch: give --valid (every row gets iat + valid)");
  if (o.holder || o.qr.any() || o.card.card)
    throw failure(
        "--holder, --png, --svg, --terminal and --card are for one credential; a batch "
        "takes holder keys from its rows (cnf) and pictures from --format");
  if (o.batch.out_dir.empty()) throw failure("--batch needs --out-dir");
  batch_issue_options b = o.batch;
  b.input = *o.batch_input;
  b.iss = o.iss;
  b.ledger = o.ledger;
  b.no_compress = o.no_compress;
  b.qr = o.qr;
  b.card = o.card;
  const std::int64_t now = now_or(o.now);
  if (now < 0) throw failure("--now: time is before 1970");
  b.iat = static_cast<std::uint64_t>(now);
  b.validity = o.valid ? parse_duration_arg(*o.valid, "--valid") : default_validity;
  if (b.validity == 0) throw failure("--valid must be more than 0");
  const auto trust = trust_for_checking(o);
  const secret_key key = load_secret_key(o.key, o.passphrase_file);
  claims sample;
  sample.iss = b.iss;
  sample.iat = b.iat;
  sample.exp = b.iat + b.validity;
  check_against_trust(trust, sample, key);
  return run_batch_issue(b, key);
}

int run_issue(const issue_cli_options& o) {
  if (o.batch_input) {
    if (o.claims_file) throw failure("give --claims (one credential) or --batch, not both");
    return run_batch(o);
  }
  if (!o.claims_file) throw failure("give --claims FILE.json (one credential) or --batch INPUT");
  if (o.ledger) throw failure("--ledger is for --batch");
  const std::string json = read_file(*o.claims_file, 1 << 20, "claims JSON");
  claims c =
      take(claims_from_json(json), *o.claims_file == "-" ? "claims (stdin)" : *o.claims_file);
  claims_completion how;
  how.iss = o.iss;
  how.now_given = o.now.has_value();
  if (o.now || c.iat == 0) {
    const std::int64_t now = now_or(o.now);
    if (now < 0) throw failure("--now: time is before 1970");
    how.now = static_cast<std::uint64_t>(now);
  }
  if (o.exp) how.exp = parse_uint_time_arg(*o.exp, "--exp");
  if (o.valid) how.valid = parse_duration_arg(*o.valid, "--valid");
  c = take(complete_claims(std::move(c), how));
  if (o.holder) c.holder_key = load_public_key(*o.holder);
  const auto trust = trust_for_checking(o);
  const secret_key key = load_secret_key(o.key, o.passphrase_file);
  check_against_trust(trust, c, key);
  issue_options options;
  options.body = o.no_compress ? compression::never : compression::when_shorter;
  const std::string text = take(issue_credential(c, key, options), "issue");
  std::cout << text << "\n";
  write_qr_outputs(text, o.qr);
  if (o.card.card)
    write_card_file(*o.card.card, text, take(card_fields_from_claims(c), "card"), o.card);
  return exit_ok;
}

}  // namespace

void add_issue_command(CLI::App& app) {
  auto o = std::make_shared<issue_cli_options>();
  CLI::App* cmd = app.add_subcommand("issue", "Sign a credential and print its QS1: text");
  cmd->add_option("--key", o->key, "The issuing secret key")->required();
  add_passphrase_file_option(*cmd, o->passphrase_file);
  cmd->add_option("--iss", o->iss, "The issuing authority's id, e.g. CN-610100")->required();
  cmd->add_option("--claims", o->claims_file, "Status profile as JSON (file or - for stdin)");
  cmd->add_option("--batch", o->batch_input,
                  "Issue one credential per row of a CSV or JSON Lines file (- for stdin)");
  cmd->add_option("--input-format", o->batch.input_format,
                  "csv or jsonl (default: by extension, else by the first byte)");
  cmd->add_option("--out-dir", o->batch.out_dir,
                  "Batch output: credentials.jsonl, rejected.jsonl, pictures");
  cmd->add_option("--format", o->batch.format, "Batch pictures: text (none), png, svg or card")
      ->capture_default_str();
  cmd->add_option("--threads", o->batch.threads, "Signing threads (default: every core)");
  cmd->add_option("--ledger", o->ledger, "The issuance ledger (default: OUT_DIR/ledger.sqlite)");
  cmd->add_flag("--mask-name", o->batch.mask_name, "Mask full names: 张三明 -> 张*明");
  cmd->add_option("--chunk-rows", o->batch.chunk_rows,
                  "Rows per committed chunk (the unit of resuming)")
      ->capture_default_str();
  auto* valid = cmd->add_option("--valid", o->valid, "Validity from iat, e.g. 48h (default 72h)");
  auto* exp = cmd->add_option("--exp", o->exp, "Expiry time (RFC 3339 or seconds)");
  valid->excludes(exp);
  cmd->add_option("--now", o->now, "Issue time iat (default: the clock)");
  cmd->add_option("--holder", o->holder, "Holder public key for live codes (cnf)");
  cmd->add_flag("--no-compress", o->no_compress, "Always send the raw COSE body");
  cmd->add_option("--trust", o->trust,
                  "The trust list verifiers hold: refuse to sign what it would refuse");
  cmd->add_option("--trust-root", o->trust_root,
                  "The root public key that signed --trust (checks its signature too)");
  cmd->add_option("--state", o->state,
                  "A checkpoint state directory whose trust list to check against");
  add_qr_output_options(*cmd, o->qr);
  add_card_options(*cmd, o->card, true);
  cmd->callback([o] { exit_status() = run_issue(*o); });
}

}  // namespace qrseal::cli
