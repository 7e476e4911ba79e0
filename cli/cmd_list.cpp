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

// A list file of either kind and its bytes (for the signature check below, if roots are given).
struct list_file {
  std::string bytes;
  any_list list;
};

list_file read_list_file(const std::string& path, std::string_view flag) {
  list_file f;
  f.bytes = read_file(path, max_list_file_bytes, flag);
  auto read = read_any_list_unchecked(as_bytes(f.bytes));
  if (read) {
    f.list = std::move(*read);
    return f;
  }
  const std::string seems = what_file_seems(f.bytes);
  throw failure(std::string(flag) + " '" + path +
                "' is neither a trust list nor a revocation list" +
                (seems.empty() ? ": " + read.error().message : " (" + seems + ")"));
}

int run_list_show(const list_show_options& o) {
  const list_file now = read_list_file(o.file, "list");
  std::cout << any_list_listing(now.list);

  int status = exit_ok;
  const std::string signer = to_hex(now.list.signer);
  if (o.roots.empty()) {
    std::cout << "signed by    root " << signer
              << " (signature NOT checked: give --root ROOT.pub to check it)\n";
  } else {
    std::vector<public_key> roots;
    for (const std::string& r : o.roots) roots.push_back(load_public_key(r));
    const list_signature_check check = check_list_signature(now.list, as_bytes(now.bytes), roots);
    std::cout << "signed by    root " << signer
              << (check.ok() ? " (signature verified)"
                             : " (SIGNATURE REFUSED: " + check.message + ")")
              << "\n";
    if (!check.ok()) status = exit_rejected;
  }

  if (o.previous) {
    const list_file before = read_list_file(*o.previous, "--previous");
    if (before.list.is_trust() != now.list.is_trust())
      throw failure("--previous '" + *o.previous + "' is a " +
                    std::string(before.list.kind_name()) + " but '" + o.file + "' is a " +
                    std::string(now.list.kind_name()));
    std::cout << "\nchanges from '" << *o.previous << "'\n"
              << take(any_list_changes(before.list, now.list), "--previous");
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
