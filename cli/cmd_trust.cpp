// qrseal trust build --root ROOT.key --entry ISSUER.pub,ISS,NOT_BEFORE,NOT_AFTER ... --seq N
//                    --next-update T [--issued-at T] [--policy-...] --out trust.cose
// qrseal trust text trust.cose   (the QT1: text of a key-update sheet)
// qrseal trust render trust.cose --png F|--svg F|--terminal   (that sheet's QR code)
#include <iostream>
#include <memory>
#include <qrseal/claims.hpp>
#include <qrseal/hex.hpp>
#include <qrseal/issuer.hpp>
#include <qrseal/lists.hpp>
#include <sstream>

#include "commands.hpp"
#include "common.hpp"
#include "qr_output.hpp"

namespace qrseal::cli {
namespace {

struct trust_build_options {
  std::string root;
  std::optional<std::string> passphrase_file;
  std::vector<std::string> entries;
  std::string seq;
  std::string next_update;
  std::optional<std::string> issued_at;
  std::optional<std::string> accept;
  std::optional<std::string> max_test_age;
  bool require_live = false;
  std::optional<std::string> max_stale;
  std::optional<std::string> max_validity;
  std::string out;
};

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> parts;
  std::string part;
  std::istringstream in(s);
  while (std::getline(in, part, sep)) parts.push_back(part);
  if (!s.empty() && s.back() == sep) parts.emplace_back();
  return parts;
}

trust_entry parse_entry(const std::string& spec) {
  const auto parts = split(spec, ',');
  if (parts.size() != 4)
    throw failure("--entry '" + spec + "': expected ISSUER.pub,ISS,NOT_BEFORE,NOT_AFTER");
  const std::string where = "--entry '" + spec + "'";
  trust_entry e{load_public_key(parts[0]), parts[1], parse_uint_time_arg(parts[2], where),
                parse_uint_time_arg(parts[3], where)};
  if (e.iss.empty() || e.iss.size() > max_iss_bytes)
    throw failure(where + ": ISS must have 1-32 bytes");
  if (e.not_before > e.not_after) throw failure(where + ": NOT_BEFORE is after NOT_AFTER");
  return e;
}

int run_trust_build(const trust_build_options& o) {
  trust_list list;
  list.seq = parse_seq_arg(o.seq, "--seq");
  list.next_update = parse_uint_time_arg(o.next_update, "--next-update");
  list.issued_at = o.issued_at ? parse_uint_time_arg(*o.issued_at, "--issued-at")
                               : static_cast<std::uint64_t>(now_or(std::nullopt));
  for (const std::string& spec : o.entries) list.entries.push_back(parse_entry(spec));
  if (o.accept || o.max_test_age || o.require_live || o.max_stale || o.max_validity) {
    authority_policy p;
    if (o.accept) p.accepted = parse_status_list(*o.accept, "--policy-accept");
    if (o.max_test_age)
      p.max_test_age = parse_duration_arg(*o.max_test_age, "--policy-max-test-age");
    if (o.require_live) p.require_live = true;
    if (o.max_stale) p.max_stale = parse_duration_arg(*o.max_stale, "--policy-max-stale");
    if (o.max_validity)
      p.max_validity = parse_duration_arg(*o.max_validity, "--policy-max-validity");
    list.policy = p;
  }
  const secret_key root = load_secret_key(o.root, o.passphrase_file);
  const auto bytes = take(sign_trust_list(list, root), "trust build");
  write_file_atomic(o.out, {reinterpret_cast<const char*>(bytes.data()), bytes.size()}, 0644,
                    overwrite::allow);
  std::cerr << "qrseal: trust list seq " << list.seq << " with " << list.entries.size()
            << " entries signed by root " << to_hex(root.public_key().kid()) << " -> " << o.out
            << "\n";
  return exit_ok;
}

struct trust_text_options {
  std::string file;
  qr_output_options qr;  // trust render: the QT1 code as a picture for the depot wall
};

std::string qt1_text_of(const trust_text_options& o) {
  const std::string bytes = read_file(o.file, max_list_file_bytes, "trust list");
  const std::span<const std::uint8_t> cose{reinterpret_cast<const std::uint8_t*>(bytes.data()),
                                           bytes.size()};
  // With no root pinned, a list that parses completely comes back as list_unknown_root; anything
  // else (garbage, a revocation list) must not be printed as a key-update sheet.
  const auto parsed = load_trust_list(cose, {});
  if (parsed.result == list_result::malformed)
    throw failure("'" + o.file + "' is not a trust list: " + parsed.message);
  return take(trust_list_text(cose), o.file);
}

int run_trust_text(const trust_text_options& o) {
  std::cout << qt1_text_of(o) << "\n";
  return exit_ok;
}

int run_trust_render(const trust_text_options& o) {
  if (!o.qr.any()) throw failure("trust render: give --png F, --svg F or --terminal");
  write_qr_outputs(qt1_text_of(o), o.qr);
  return exit_ok;
}

}  // namespace

void add_trust_command(CLI::App& app) {
  CLI::App* trust = app.add_subcommand("trust", "Build and sign trust lists");
  trust->require_subcommand(1);

  auto o = std::make_shared<trust_build_options>();
  CLI::App* b =
      trust->add_subcommand("build", "Sign a trust list of issuing keys with the root key");
  b->add_option("--root", o->root, "The root secret key (.key or PKCS#8 PEM)")->required();
  add_passphrase_file_option(*b, o->passphrase_file);
  b->add_option("--entry", o->entries, "ISSUER.pub,ISS,NOT_BEFORE,NOT_AFTER (repeatable)");
  b->add_option("--seq", o->seq, "Sequence number; verifiers accept only higher ones")->required();
  b->add_option("--next-update", o->next_update, "When the next list is due (time)")->required();
  b->add_option("--issued-at", o->issued_at, "Signing time (default: now)");
  b->add_option("--policy-accept", o->accept, "Accepted statuses, e.g. green,yellow");
  b->add_option("--policy-max-test-age", o->max_test_age, "Most a test may age, e.g. 48h");
  b->add_flag("--policy-require-live", o->require_live,
              "Require live codes for holder-bound credentials");
  b->add_option("--policy-max-stale", o->max_stale, "Most a list may be past next_update");
  b->add_option("--policy-max-validity", o->max_validity, "Most exp - iat may be");
  b->add_option("--out", o->out, "Where to write the signed list (COSE_Sign1 bytes)")->required();
  b->callback([o] { exit_status() = run_trust_build(*o); });

  auto t = std::make_shared<trust_text_options>();
  CLI::App* tx = trust->add_subcommand("text", "Print a signed trust list as QT1: text");
  tx->add_option("FILE", t->file, "The signed trust list")->required();
  tx->callback([t] { exit_status() = run_trust_text(*t); });

  auto r = std::make_shared<trust_text_options>();
  CLI::App* rd = trust->add_subcommand(
      "render", "Draw a signed trust list as a QT1 code: the key-update sheet for the depot wall");
  rd->add_option("FILE", r->file, "The signed trust list")->required();
  add_qr_output_options(*rd, r->qr);
  rd->callback([r] { exit_status() = run_trust_render(*r); });
}

}  // namespace qrseal::cli
