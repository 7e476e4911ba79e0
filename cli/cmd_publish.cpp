// qrseal publish --root ROOT.pub [--root ...] [--trust F] [--revocations F] --out DIR
// Writes a mirror (docs/operations.md "Mirrors"): static files any web server can serve.
#include <iostream>
#include <memory>
#include <qrseal/hex.hpp>
#include <qrseal/lists.hpp>
#include <qrseal/mirror_sync.hpp>

#include "commands.hpp"
#include "common.hpp"

namespace qrseal::cli {
namespace {

struct publish_options {
  std::vector<std::string> roots;
  std::optional<std::string> trust;
  std::optional<std::string> revocations;
  std::string out;
};

int run_publish(const publish_options& o) {
  if (!o.trust && !o.revocations) throw failure("publish: give --trust F and/or --revocations F");
  std::vector<public_key> roots;
  for (const std::string& path : o.roots) roots.push_back(load_public_key(path));
  std::string trust, revocations;
  std::optional<std::span<const std::uint8_t>> t, r;
  if (o.trust) {
    trust = read_file(*o.trust, max_list_file_bytes + 1, "trust list");
    t = as_bytes(trust);
  }
  if (o.revocations) {
    revocations = read_file(*o.revocations, max_list_file_bytes + 1, "revocation list");
    r = as_bytes(revocations);
  }
  const mirror_index index = take(publish_mirror(o.out, t, r, roots));
  auto say = [&](const char* what, const mirror_entry& e) {
    std::cout << what << " seq " << e.seq << ": " << o.out << "/" << e.file << " (" << e.size
              << " bytes, sha256 " << to_hex(e.sha256) << ")\n";
  };
  if (index.trust) say("trust list", *index.trust);
  if (index.revocations) say("revocation list", *index.revocations);
  std::cout << "index: " << o.out << "/" << mirror_index_name << "\n";
  return exit_ok;
}

}  // namespace

void add_publish_command(CLI::App& app) {
  auto o = std::make_shared<publish_options>();
  CLI::App* cmd = app.add_subcommand(
      "publish", "Write a mirror: the lists and an index, static files for any web server");
  cmd->add_option("--root", o->roots, "A root public key the lists must verify against")
      ->required()
      ->allow_extra_args(false);
  cmd->add_option("--trust", o->trust, "A signed trust list");
  cmd->add_option("--revocations", o->revocations, "A signed revocation list");
  cmd->add_option("--out", o->out, "The mirror directory (created if missing)")->required();
  cmd->callback([o] { exit_status() = run_publish(*o); });
}

}  // namespace qrseal::cli
