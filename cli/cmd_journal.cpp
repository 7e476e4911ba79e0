// qrseal journal export J.db [--since T] [--format jsonl|csv] [--out F]   for upload later
// qrseal journal stats J.db [--since T] [--json]                          counts per hour
// qrseal journal push --state DIR --to URL [--json] [limits]             upload what is not acked
#include <filesystem>
#include <iostream>
#include <memory>
#include <qrseal/device_state.hpp>
#include <qrseal/journal.hpp>
#include <qrseal/journal_export.hpp>
#include <qrseal/journal_push.hpp>
#include <qrseal/time.hpp>

#include "commands.hpp"
#include "common.hpp"
#include "transfer_flags.hpp"

namespace qrseal::cli {
namespace {

struct journal_options {
  std::string file;
  std::optional<std::string> since;
  std::string format = "jsonl";
  std::optional<std::string> out;
  bool json = false;
};

std::int64_t since_of(const journal_options& o) {
  return o.since ? parse_time_arg(*o.since, "--since") : 0;
}

journal open_journal(const std::string& path) {
  // Reading must not create an empty journal where a path was mistyped.
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) throw failure("no journal at '" + path + "'");
  return take(journal::open(path), path);
}

int run_export(const journal_options& o) {
  const auto format = parse_export_format(o.format);
  if (!format) throw failure("--format: '" + o.format + "' is not jsonl or csv");
  journal j = open_journal(o.file);
  const auto records = take(j.records(since_of(o)), o.file);
  const std::string out = journal_export_text(records, *format);
  if (o.out)
    write_file_atomic(*o.out, out, 0600, overwrite::allow);
  else
    std::cout << out;
  std::cerr << "qrseal: " << records.size() << " record(s) exported\n";
  return exit_ok;
}

int run_stats(const journal_options& o) {
  journal j = open_journal(o.file);
  const auto counts = take(j.counts_per_hour(since_of(o)), o.file);
  if (o.json) {
    for (const auto& c : counts) std::cout << journal_hour_count_json(c) << "\n";
    return exit_ok;
  }
  std::cout << journal_stats_table(counts);
  return exit_ok;
}

struct push_cli_options {
  std::string state;
  std::string to;
  std::size_t per_file = 1000;
  bool json = false;
  transfer_flags transfer;
};

// Exit 0 when every record is acknowledged, 1 when a fault stopped the push (run it again: it
// resumes where it stopped), 2 for usage or state errors.
int run_push(const push_cli_options& o) {
  push_options options;
  options.url = o.to;
  options.limits = limits_of(o.transfer);
  options.records_per_file = o.per_file;
  device_state state = take(device_state::open(o.state));
  const push_report r = take(push_journal(state, options));
  std::cout << (o.json ? push_report_json(r) + "\n" : push_report_text(r));
  return r.fault ? exit_rejected : exit_ok;
}

}  // namespace

void add_journal_command(CLI::App& app) {
  CLI::App* journal_cmd = app.add_subcommand(
      "journal", "A checkpoint's offline scan journal: export, statistics, upload");
  journal_cmd->require_subcommand(1);

  auto e = std::make_shared<journal_options>();
  CLI::App* ex = journal_cmd->add_subcommand("export", "Records as JSON Lines or CSV, for upload");
  ex->add_option("JOURNAL", e->file, "The journal database")->required();
  ex->add_option("--since", e->since, "Only records at or after this time");
  ex->add_option("--format", e->format, "jsonl (default) or csv");
  ex->add_option("--out", e->out, "Write to this file (atomically) instead of standard output");
  ex->callback([e] { exit_status() = run_export(*e); });

  auto s = std::make_shared<journal_options>();
  CLI::App* st = journal_cmd->add_subcommand("stats", "Checks per outcome per hour");
  st->add_option("JOURNAL", s->file, "The journal database")->required();
  st->add_option("--since", s->since, "Only records at or after this time");
  st->add_flag("--json", s->json, "One JSON object per hour and outcome");
  st->callback([s] { exit_status() = run_stats(*s); });

  auto p = std::make_shared<push_cli_options>();
  CLI::App* push = journal_cmd->add_subcommand(
      "push", "Upload the records not yet acknowledged (HTTP PUT; resumes after any fault)");
  push->add_option("--state", p->state, "The device's state directory")->required();
  push->add_option("--to", p->to, "The collection's base URL (e.g. a WebDAV folder)")->required();
  push->add_option("--records-per-file", p->per_file, "Records in one uploaded file (1000)");
  push->add_flag("--json", p->json, "One JSON object: what was acknowledged, the fault, the cost");
  add_transfer_flags(push, p->transfer, "The most one upload may take (60s)");
  push->callback([p] { exit_status() = run_push(*p); });
}

}  // namespace qrseal::cli
