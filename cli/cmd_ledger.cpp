// qrseal ledger resolve --ledger L EXPORT...   linkable journal records -> subject ids
// An EXPORT is a file of `journal export`, or a folder of files `journal push` uploaded (its
// *.jsonl files, in name order); a record seen twice (same device and id) is counted once.
// The authority's side of a test desk: each exported record whose credential reference is the
// linkable SHA-256(cti) prefix is joined with the issuance ledger, so a sample id gets the
// person it was taken from: the registration the test sites lost.
#include <algorithm>
#include <filesystem>
#include <iostream>
#include <memory>
#include <qrseal/ledger.hpp>
#include <qrseal/sample_resolve.hpp>

#include "commands.hpp"
#include "common.hpp"

namespace qrseal::cli {
namespace {

struct resolve_options {
  std::string ledger;
  std::vector<std::string> exports;
};

int run_resolve(const resolve_options& o) {
  // Resolving must not create an empty ledger where a path was mistyped.
  std::error_code ec;
  if (!std::filesystem::is_regular_file(o.ledger, ec))
    throw failure("no ledger at '" + o.ledger + "'");
  ledger book = take(ledger::open(o.ledger), o.ledger);
  std::vector<std::string> files;
  for (const std::string& path : o.exports) {
    if (!std::filesystem::is_directory(path, ec)) {
      files.push_back(path);
      continue;
    }
    std::vector<std::string> in_dir;
    for (const auto& e : std::filesystem::directory_iterator(path, ec))
      if (e.is_regular_file(ec) && e.path().extension() == ".jsonl")
        in_dir.push_back(e.path().string());
    if (ec) throw failure("cannot list the folder '" + path + "': " + ec.message());
    std::sort(in_dir.begin(), in_dir.end());
    files.insert(files.end(), in_dir.begin(), in_dir.end());
  }
  sample_resolver resolver(book);
  for (const std::string& path : files) {
    auto records = parse_journal_export(read_file(path, std::size_t{1} << 30, "journal export"));
    if (!records) throw failure(path + " " + records.error().message);
    for (const exported_record& r : *records)
      if (const auto line = take(resolver.resolve(r), path)) std::cout << *line << "\n";
  }
  const resolve_counts& c = resolver.counts();
  std::cerr << "qrseal: " << c.resolved << " record(s) resolved, " << c.unknown
            << " not in this ledger, " << c.not_linkable
            << " not linkable (keyed references cannot be resolved, by design)";
  if (c.repeated > 0) std::cerr << ", " << c.repeated << " repeated record(s) counted once";
  std::cerr << "\n";
  return exit_ok;
}

}  // namespace

void add_ledger_command(CLI::App& app) {
  CLI::App* ledger_cmd = app.add_subcommand("ledger", "The authority's issuance ledger");
  ledger_cmd->require_subcommand(1);
  auto o = std::make_shared<resolve_options>();
  CLI::App* resolve = ledger_cmd->add_subcommand(
      "resolve",
      "Join linkable journal records (journal export) with the ledger: sample -> subject");
  resolve->add_option("--ledger", o->ledger, "The issuance ledger")->required();
  resolve
      ->add_option(
          "EXPORT", o->exports,
          "Files written by `qrseal journal export`, or folders of files `journal push` uploaded")
      ->required();
  resolve->callback([o] { exit_status() = run_resolve(*o); });
}

}  // namespace qrseal::cli
