// qrseal list show FILE [--previous OLD] [--root ROOT.pub ...]
// A readable listing of a trust list or a revocation list (seq, dates, entries, policy) and what
// changed from the list before it: what an operator reviews before publishing a list.
#include <iostream>
#include <memory>
#include <qrseal/hex.hpp>
#include <qrseal/list_listing.hpp>
#include <qrseal/lists.hpp>

#include "commands.hpp"
#include "common.hpp"

namespace qrseal::cli {
namespace {

struct list_show_options {
  std::string file;
  std::optional<std::string> previous;
  std::vector<std::string> roots;
};

// A list file of either kind, parsed strictly without its signature (checked below, if roots
// are given).
struct any_list {
  std::string bytes;
  loaded_list<trust_list> trust;
  loaded_list<revocation_list> revocation;
  bool is_trust() const { return trust.list.has_value(); }
  const key_id& signer() const { return is_trust() ? trust.signer : revocation.signer; }
};

std::span<const std::uint8_t> as_bytes(const std::string& s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

any_list read_any_list(const std::string& path, std::string_view flag) {
  any_list l;
  l.bytes = read_file(path, max_list_file_bytes, flag);
  l.trust = read_trust_list_unchecked(as_bytes(l.bytes));
  if (l.trust.result == list_result::accepted) return l;
  l.revocation = read_revocation_list_unchecked(as_bytes(l.bytes));
  if (l.revocation.result == list_result::accepted) return l;
  const std::string seems = what_file_seems(l.bytes);
  throw failure(std::string(flag) + " '" + path +
                "' is neither a trust list nor a revocation list" +
                (seems.empty() ? ": " + l.trust.message : " (" + seems + ")"));
}

int run_list_show(const list_show_options& o) {
  const any_list now = read_any_list(o.file, "list");
  std::cout << (now.is_trust() ? trust_list_listing(*now.trust.list)
                               : revocation_list_listing(*now.revocation.list));

  int status = exit_ok;
  const std::string signer = to_hex(now.signer());
  if (o.roots.empty()) {
    std::cout << "signed by    root " << signer
              << " (signature NOT checked: give --root ROOT.pub to check it)\n";
  } else {
    std::vector<public_key> roots;
    for (const std::string& r : o.roots) roots.push_back(load_public_key(r));
    list_result result = list_result::malformed;
    std::string message;
    if (now.is_trust()) {
      auto checked = load_trust_list(as_bytes(now.bytes), roots);
      result = checked.result;
      message = std::move(checked.message);
    } else {
      auto checked = load_revocation_list(as_bytes(now.bytes), roots);
      result = checked.result;
      message = std::move(checked.message);
    }
    const bool ok = result == list_result::accepted;
    std::cout << "signed by    root " << signer
              << (ok ? " (signature verified)" : " (SIGNATURE REFUSED: " + message + ")") << "\n";
    if (!ok) status = exit_rejected;
  }

  if (o.previous) {
    const any_list before = read_any_list(*o.previous, "--previous");
    if (before.is_trust() != now.is_trust())
      throw failure("--previous '" + *o.previous + "' is a " +
                    (before.is_trust() ? "trust list" : "revocation list") + " but '" + o.file +
                    "' is a " + (now.is_trust() ? "trust list" : "revocation list"));
    std::cout << "\nchanges from '" << *o.previous << "'\n";
    if (before.signer() != now.signer())
      std::cout << "signed by    root " << to_hex(before.signer()) << " -> " << signer
                << "  (a different root)\n";
    std::cout << (now.is_trust()
                      ? trust_list_changes(*before.trust.list, *now.trust.list)
                      : revocation_list_changes(*before.revocation.list, *now.revocation.list));
  }
  return status;
}

}  // namespace

void add_list_command(CLI::App& app) {
  CLI::App* list = app.add_subcommand("list", "Review trust lists and revocation lists");
  list->require_subcommand(1);
  auto o = std::make_shared<list_show_options>();
  CLI::App* show = list->add_subcommand(
      "show", "List a trust or revocation list readably, and what changed from --previous");
  show->add_option("FILE", o->file, "The signed list (trust list or revocation list)")->required();
  show->add_option("--previous", o->previous, "The list it replaces: print what changed");
  show->add_option("--root", o->roots, "Check the signature against this root .pub (repeatable)");
  show->callback([o] { exit_status() = run_list_show(*o); });
}

}  // namespace qrseal::cli
