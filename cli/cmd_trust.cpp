// qrseal trust build --root ROOT.key --entry ISSUER.pub,ISS,NOT_BEFORE,NOT_AFTER ... --seq N
//                    --next-update T [--issued-at T] [--policy-...] --out trust.cose
//                    [--previous OLD.cose [--remove-kid KID ...] [--policy-clear]] [--force]
// qrseal trust text trust.cose   (the QT1: text of a key-update sheet)
// qrseal trust render trust.cose --png F|--svg F|--terminal   (that sheet's QR code)
#include <algorithm>
#include <iostream>
#include <memory>
#include <qrseal/card.hpp>
#include <qrseal/claims.hpp>
#include <qrseal/hex.hpp>
#include <qrseal/issuer.hpp>
#include <qrseal/list_listing.hpp>
#include <qrseal/lists.hpp>
#include <qrseal/qr_encode.hpp>
#include <qrseal/time.hpp>
#include <qrseal/trust_build.hpp>
#include <sstream>

#include "commands.hpp"
#include "common.hpp"
#include "qr_output.hpp"

namespace qrseal::cli {
namespace {

struct trust_build_options {
  std::string root;
  std::optional<std::string> passphrase_file;
  std::optional<std::string> previous;
  std::vector<std::string> remove_kids;
  bool policy_clear = false;
  bool force = false;
  std::vector<std::string> entries;
  std::optional<std::string> seq;
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
  return take(
      make_trust_entry(load_public_key(parts[0]), parts[1], parse_uint_time_arg(parts[2], where),
                       parse_uint_time_arg(parts[3], where)),
      where);
}

// The list named by --previous, verified against the root that signs the new one.
trust_list previous_list(const std::string& path, const secret_key& root) {
  const std::string bytes = read_file(path, max_list_file_bytes, "--previous");
  auto previous = load_previous_trust_list(as_bytes(bytes), root.public_key(),
                                           "--previous '" + path + "'", "--root");
  if (previous) return std::move(*previous);
  const std::string seems =
      previous.code() == errc::list_malformed ? what_file_seems(bytes) : std::string();
  throw failure(seems.empty() ? previous.error().message : "--previous '" + path + "': " + seems);
}

policy_change policy_change_of(const trust_build_options& o) {
  policy_change p;
  if (o.accept) p.accepted = parse_status_list(*o.accept, "--policy-accept");
  if (o.max_test_age) p.max_test_age = parse_duration_arg(*o.max_test_age, "--policy-max-test-age");
  p.require_live = o.require_live;
  if (o.max_stale) p.max_stale = parse_duration_arg(*o.max_stale, "--policy-max-stale");
  if (o.max_validity) p.max_validity = parse_duration_arg(*o.max_validity, "--policy-max-validity");
  return p;
}

// Without --previous, a list of the same root already at --out is replaced wholesale: say what
// that drops.
void warn_if_replacing_without_previous(const std::string& out, const trust_list& list,
                                        const secret_key& root) {
  std::string bytes;
  try {
    bytes = read_file(out, max_list_file_bytes, "list");
  } catch (const failure&) {
    return;  // nothing there (or unreadable): nothing is replaced
  }
  if (const auto replaced = replaced_wholesale(as_bytes(bytes), list, root.public_key()))
    std::cerr << "qrseal: warning: '" << out << "' held seq " << replaced->replaced_seq
              << " of this root, and this list is built without --previous, so nothing of it was "
                 "carried; compared with it:\n"
              << replaced->changes;
}

int run_trust_build(const trust_build_options& o) {
  if (!o.previous && (!o.remove_kids.empty() || o.policy_clear))
    throw failure("--remove-kid and --policy-clear change a --previous list; give --previous");
  if (!o.previous && !o.seq)
    throw failure("--seq is required (or --previous, to take its seq + 1)");
  trust_build_plan plan;
  for (const std::string& spec : o.entries) plan.add.push_back(parse_entry(spec));
  for (const std::string& k : o.remove_kids)
    plan.remove.push_back(take(parse_kid(k), "--remove-kid"));
  if (o.seq) plan.seq = parse_seq_arg(*o.seq, "--seq");
  plan.next_update = parse_uint_time_arg(o.next_update, "--next-update");
  plan.issued_at = o.issued_at ? parse_uint_time_arg(*o.issued_at, "--issued-at")
                               : static_cast<std::uint64_t>(now_or(std::nullopt));
  plan.allow_overdue = o.force;
  // Before the key is loaded: no passphrase is asked for a list that would be refused anyway.
  take(check_trust_list_dates(plan.issued_at, plan.next_update, plan.allow_overdue),
       "--next-update " + o.next_update + " (or --force)");
  plan.policy_clear = o.policy_clear;
  plan.policy = policy_change_of(o);
  const secret_key root = load_secret_key(o.root, o.passphrase_file);
  if (o.previous) {
    plan.previous = previous_list(*o.previous, root);
    plan.previous_name = "--previous '" + *o.previous + "'";
  }
  const trust_list list = take(build_trust_list(plan), "trust build");
  if (!o.previous) warn_if_replacing_without_previous(o.out, list, root);

  const auto bytes = take(sign_trust_list(list, root), "trust build");
  write_file_atomic(o.out, {reinterpret_cast<const char*>(bytes.data()), bytes.size()}, 0644,
                    overwrite::allow);
  std::cerr << "qrseal: trust list seq " << list.seq << " with " << list.entries.size()
            << " entries signed by root " << to_hex(root.public_key().kid()) << " -> " << o.out
            << "\n";
  if (plan.previous)
    std::cerr << "qrseal: changes from --previous '" << *o.previous << "':\n"
              << trust_list_changes(*plan.previous, list);
  return exit_ok;
}

struct trust_text_options {
  std::string file;
  qr_output_options qr;  // trust render: the QT1 code as a picture for the depot wall
  bool bare = false;     // trust render --png: the code alone, no text under it
};

key_update_sheet sheet_of(const trust_text_options& o) {
  const std::string bytes = read_file(o.file, max_list_file_bytes, "trust list");
  // Anything but a complete trust list (garbage, a revocation list) must not be printed as a
  // key-update sheet.
  auto sheet = key_update_sheet_of(as_bytes(bytes));
  if (sheet) return std::move(*sheet);
  if (sheet.code() != errc::list_malformed) throw failure(o.file + ": " + sheet.error().message);
  const std::string seems = what_file_seems(bytes);
  throw failure("'" + o.file +
                "' is not a trust list: " + (seems.empty() ? sheet.error().message : seems));
}

int run_trust_text(const trust_text_options& o) {
  std::cout << sheet_of(o).text << "\n";
  return exit_ok;
}

int run_trust_render(const trust_text_options& o) {
  if (!o.qr.any()) throw failure("trust render: give --png F, --svg F or --terminal");
  if (o.qr.png && o.qr.one_bit && !o.bare)
    throw failure("trust render: --png-1bit draws the code alone; add --bare");
  const key_update_sheet sheet = sheet_of(o);
  const std::vector<std::string>& lines = sheet.lines;
  qr_output_options rest = o.qr;
  if (o.qr.png && !o.bare) {
    const auto png =
        take(render_labelled_qr_png(sheet.text, lines, take(parse_ecc_level(o.qr.ecc), "--ecc"),
                                    o.qr.module_px, o.qr.quiet_zone),
             "trust render");
    write_file_atomic(*o.qr.png, {reinterpret_cast<const char*>(png.data()), png.size()}, 0644,
                      overwrite::allow);
    rest.png.reset();
    std::cerr << "qrseal: key-update sheet " << *o.qr.png << ": " << lines[0] << "\n";
  }
  write_qr_outputs(sheet.text, rest);
  if (o.qr.terminal)
    for (const std::string& line : lines) std::cout << line << "\n";
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
  b->add_option("--previous", o->previous,
                "The list this one replaces: its entries and policy are carried forward");
  b->add_option("--remove-kid", o->remove_kids,
                "Drop the --previous entries of this issuing key (kid, 16 hex digits; repeatable)");
  b->add_flag("--policy-clear", o->policy_clear,
              "Do not carry the --previous policy (only the --policy-* flags given count)");
  b->add_option("--entry", o->entries, "ISSUER.pub,ISS,NOT_BEFORE,NOT_AFTER (repeatable)");
  b->add_option("--seq", o->seq,
                "Sequence number; verifiers accept only higher ones (with --previous: its + 1)");
  b->add_flag("--force", o->force, "Sign even though --next-update is not after the signing time");
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
  rd->add_flag("--bare", r->bare,
               "PNG: the code alone, without the seq, dates and authority printed under it");
  rd->callback([r] { exit_status() = run_trust_render(*r); });
}

}  // namespace qrseal::cli
