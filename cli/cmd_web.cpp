// qrseal web build --root ROOT.pub [--root ...] --trust trust.cose [--revocations revoked.cose]
//                  --out DIR [--assets DIR]
// Writes the checkpoint web site for one authority (docs/web.md): static files, its roots pinned,
// its current lists inside.
#include <filesystem>
#include <iostream>
#include <memory>
#include <qrseal/lists.hpp>
#include <qrseal/web_site.hpp>

#include "commands.hpp"
#include "common.hpp"

namespace qrseal::cli {
namespace {

namespace fs = std::filesystem;

struct web_build_options {
  std::vector<std::string> roots;
  std::string trust;
  std::optional<std::string> revocations;
  std::string out;
  std::optional<std::string> assets;
};

// The page's assets: --assets, else next to this binary in a build tree (web-assets/), else the
// installed copy (../share/qrseal/web).
std::string find_assets(const web_build_options& o) {
  if (o.assets) return *o.assets;
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (auto found = ec ? std::nullopt : find_web_assets(exe.string())) return *found;
  throw failure(
      "web build: no web assets next to this qrseal (web-assets/ or ../share/qrseal/web); build "
      "them (cmake --build BUILD --target web_assets) or give --assets DIR");
}

int run_web_build(const web_build_options& o) {
  std::vector<public_key> roots;
  for (const std::string& path : o.roots) roots.push_back(load_public_key(path));
  const std::string trust = read_file(o.trust, max_list_file_bytes + 1, "trust list");
  std::string revocations;
  std::optional<std::span<const std::uint8_t>> r;
  if (o.revocations) {
    revocations = read_file(*o.revocations, max_list_file_bytes + 1, "revocation list");
    r = as_bytes(revocations);
  }
  const std::string assets = find_assets(o);
  const web_site_report site = take(write_web_site(assets, o.out, roots, as_bytes(trust), r));
  std::cout << web_site_report_text(site, o.out, roots);
  std::cerr << "qrseal: serve " << o.out
            << " over HTTPS (or http://localhost); later lists: qrseal publish --out " << o.out
            << "/lists\n";
  return exit_ok;
}

}  // namespace

void add_web_command(CLI::App& app) {
  CLI::App* web = app.add_subcommand("web", "The checkpoint web page");
  web->require_subcommand(1);
  auto o = std::make_shared<web_build_options>();
  CLI::App* build = web->add_subcommand(
      "build",
      "Write the checkpoint site for one authority: static files, roots pinned, lists inside");
  build->add_option("--root", o->roots, "A root public key the page pins (repeatable)")
      ->required()
      ->allow_extra_args(false);
  build->add_option("--trust", o->trust, "The signed trust list the page starts with")->required();
  build->add_option("--revocations", o->revocations, "The signed revocation list");
  build->add_option("--out", o->out, "The site folder (new, empty, or an earlier site)")
      ->required();
  build->add_option("--assets", o->assets,
                    "The page's files (default: the ones built or installed with qrseal)");
  build->callback([o] { exit_status() = run_web_build(*o); });
}

}  // namespace qrseal::cli
