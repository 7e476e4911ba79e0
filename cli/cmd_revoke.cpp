// qrseal revoke --root ROOT.key --cti HEX [--cti HEX ...] [--cti-file F] --seq N
//               --next-update T [--issued-at T] --out revoked.cose
#include <iostream>
#include <memory>
#include <qrseal/hex.hpp>
#include <qrseal/lists.hpp>
#include <sstream>

#include "commands.hpp"
#include "common.hpp"

namespace qrseal::cli {
namespace {

struct revoke_options {
  std::string root;
  std::optional<std::string> passphrase_file;
  std::vector<std::string> ctis;
  std::vector<std::string> cti_files;
  std::string seq;
  std::string next_update;
  std::optional<std::string> issued_at;
  std::string out;
};

credential_id parse_cti(const std::string& hex, const std::string& where) {
  auto bytes = from_hex(hex);
  credential_id cti{};
  if (!bytes || bytes->size() != cti.size())
    throw failure(where + ": '" + hex + "' is not a cti of 32 hex digits");
  std::copy(bytes->begin(), bytes->end(), cti.begin());
  return cti;
}

int run_revoke(const revoke_options& o) {
  std::vector<revocation_prefix> prefixes;
  for (const std::string& hex : o.ctis)
    prefixes.push_back(revocation_prefix_of(parse_cti(hex, "--cti")));
  for (const std::string& file : o.cti_files) {
    std::istringstream in(read_file(file, max_list_file_bytes, "cti file"));
    std::string line;
    for (std::size_t n = 1; std::getline(in, line); ++n) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      const auto start = line.find_first_not_of(" \t");
      if (start == std::string::npos || line[start] == '#') continue;
      const auto end = line.find_last_not_of(" \t");
      prefixes.push_back(revocation_prefix_of(
          parse_cti(line.substr(start, end - start + 1), file + " line " + std::to_string(n))));
    }
  }
  const std::uint64_t seq = parse_seq_arg(o.seq, "--seq");
  const std::uint64_t next_update = parse_uint_time_arg(o.next_update, "--next-update");
  const std::uint64_t issued_at = o.issued_at ? parse_uint_time_arg(*o.issued_at, "--issued-at")
                                              : static_cast<std::uint64_t>(now_or(std::nullopt));
  const secret_key root = load_secret_key(o.root, o.passphrase_file);
  const std::size_t count = prefixes.size();
  const auto bytes =
      take(sign_revocation_list(seq, issued_at, next_update, std::move(prefixes), root), "revoke");
  write_file_atomic(o.out, {reinterpret_cast<const char*>(bytes.data()), bytes.size()}, 0644,
                    overwrite::allow);
  std::cerr << "qrseal: revocation list seq " << seq << " with " << count
            << " credential(s) signed by root " << to_hex(root.public_key().kid()) << " -> "
            << o.out << "\n";
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
  cmd->add_option("--seq", o->seq, "Sequence number; verifiers accept only higher ones")
      ->required();
  cmd->add_option("--next-update", o->next_update, "When the next list is due (time)")->required();
  cmd->add_option("--issued-at", o->issued_at, "Signing time (default: now)");
  cmd->add_option("--out", o->out, "Where to write the signed list")->required();
  cmd->callback([o] { exit_status() = run_revoke(*o); });
}

}  // namespace qrseal::cli
