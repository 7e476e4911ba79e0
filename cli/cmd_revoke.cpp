// qrseal revoke --root ROOT.key [--cti HEX ...] [--cti-file F] [--ledger L --subject ID ...
//               --subject-file F] [--previous revoked.cose] [--unrevoke HEX ...]
//               [--drop-all-previous] --seq N --next-update T [--issued-at T] --out revoked.cose
// A new list never silently drops an entry of the list it replaces: the list already at --out
// (and --previous) carries over unless the operator names what to drop.
#include <filesystem>
#include <iostream>
#include <memory>
#include <qrseal/hex.hpp>
#include <qrseal/ledger.hpp>
#include <qrseal/lists.hpp>
#include <qrseal/revocation_succession.hpp>

#include "commands.hpp"
#include "common.hpp"

namespace qrseal::cli {
namespace {

struct revoke_options {
  std::string root;
  std::optional<std::string> passphrase_file;
  std::vector<std::string> ctis;
  std::vector<std::string> cti_files;
  std::optional<std::string> ledger;
  std::vector<std::string> subjects;
  std::vector<std::string> subject_files;
  std::optional<std::string> previous;
  std::vector<std::string> unrevoke;
  bool drop_all_previous = false;
  std::string seq;
  std::string next_update;
  std::optional<std::string> issued_at;
  std::string out;
};

int run_revoke(const revoke_options& o) {
  revocation_succession next;
  for (const std::string& hex : o.ctis)
    next.revoke.push_back(take(parse_credential_id(hex), "--cti"));
  for (const std::string& file : o.cti_files)
    for (const credential_id& cti :
         take(parse_cti_file(read_file(file, max_list_file_bytes, "cti file"), file)))
      next.revoke.push_back(cti);
  next.subjects = o.subjects;
  for (const std::string& file : o.subject_files)
    for (id_file_line& line : id_file_lines(read_file(file, max_list_file_bytes, "subject file")))
      next.subjects.push_back(std::move(line.text));
  if (!next.subjects.empty() && !o.ledger)
    throw failure("--subject needs --ledger (the issuance ledger that knows their credentials)");
  for (const std::string& hex : o.unrevoke)
    next.unrevoke.push_back(take(parse_credential_id(hex), "--unrevoke"));
  next.drop_all_previous = o.drop_all_previous;
  next.seq = parse_seq_arg(o.seq, "--seq");
  next.next_update = parse_uint_time_arg(o.next_update, "--next-update");
  next.issued_at = o.issued_at ? parse_uint_time_arg(*o.issued_at, "--issued-at")
                               : static_cast<std::uint64_t>(now_or(std::nullopt));

  const secret_key root = load_secret_key(o.root, o.passphrase_file);
  std::optional<ledger> book;
  if (o.ledger) book = take(ledger::open(*o.ledger), *o.ledger);

  // The lists this one replaces: --previous, and whatever list is already at --out.
  auto read_replaced = [&](const std::string& path, std::string_view flag, replaced_role role) {
    const std::string bytes = read_file(path, max_list_file_bytes, "previous list");
    next.replaced.push_back(take(read_replaced_revocation_list(
        as_bytes(bytes), root.public_key(), path, std::string(flag) + " '" + path + "'", role)));
  };
  if (o.previous) read_replaced(*o.previous, "--previous", replaced_role::named);
  std::error_code ec;
  if (std::filesystem::exists(o.out, ec) &&
      !(o.previous && std::filesystem::equivalent(o.out, *o.previous, ec)))
    read_replaced(o.out, "--out", replaced_role::at_output);

  auto made = sign_successor_revocation_list(next, root, book ? &*book : nullptr);
  // "seq N must be greater than ..." is about --seq; an invalid argument here is an --unrevoke.
  if (!made && made.code() == errc::list_rollback) throw failure("--" + made.error().message);
  if (!made && made.code() == errc::invalid_argument)
    throw failure("--unrevoke: " + made.error().message +
                  (next.replaced.empty() ? "; give --previous" : ""));
  const revocation_successor r = take(std::move(made), "revoke");
  write_file_atomic(o.out, {reinterpret_cast<const char*>(r.cose.data()), r.cose.size()}, 0644,
                    overwrite::allow);
  for (const std::string& subject : r.subjects_without_credentials)
    std::cerr << "qrseal: warning: subject '" << subject
              << "' has no unexpired credential in the ledger\n";
  std::cerr << "qrseal: " << revocation_successor_summary(next, r);
  std::cerr << " signed by root " << to_hex(root.public_key().kid()) << " -> " << o.out << "\n";
  return exit_ok;
}

}  // namespace

void add_revoke_command(CLI::App& app) {
  auto o = std::make_shared<revoke_options>();
  CLI::App* cmd = app.add_subcommand("revoke", "Sign a revocation list of credential ids (cti)");
  cmd->add_option("--root", o->root, "The root secret key (.key or PKCS#8 PEM)")->required();
  add_passphrase_file_option(*cmd, o->passphrase_file);
  cmd->add_option("--cti", o->ctis, "A revoked credential's cti, 32 hex digits (repeatable)");
  cmd->add_option("--cti-file", o->cti_files, "A file of cti hex lines ('#' comments allowed)");
  cmd->add_option("--ledger", o->ledger, "The issuance ledger, to revoke people by subject id");
  cmd->add_option("--subject", o->subjects,
                  "Revoke every unexpired credential of this subject id (repeatable)");
  cmd->add_option("--subject-file", o->subject_files, "A file of subject ids, one per line");
  cmd->add_option("--previous", o->previous,
                  "The current list: its entries carry over, minus those of expired credentials "
                  "(a list already at --out carries over too)");
  cmd->add_option("--unrevoke", o->unrevoke,
                  "Drop this cti from the carried-over entries (repeatable; it verifies again)");
  cmd->add_flag("--drop-all-previous", o->drop_all_previous,
                "Start an empty list: every carried-over entry is dropped (un-revoked)");

  cmd->add_option("--seq", o->seq, "Sequence number; verifiers accept only higher ones")
      ->required();
  cmd->add_option("--next-update", o->next_update, "When the next list is due (time)")->required();
  cmd->add_option("--issued-at", o->issued_at, "Signing time (default: now)");
  cmd->add_option("--out", o->out, "Where to write the signed list")->required();
  cmd->callback([o] { exit_status() = run_revoke(*o); });
}

}  // namespace qrseal::cli
