// qrseal sync --state DIR --from URL [--from URL ...] [--json] [limits]
// Takes newer lists from the first mirror that has them; one line per list says what happened.
// Exit 0 when some mirror gave each list in a form the device accepted or already held, 1 when
// a list could not be had (the device keeps what it held), 2 for usage or state errors.
#include <iostream>
#include <memory>
#include <qrseal/lists.hpp>
#include <qrseal/mirror_sync.hpp>

#include "commands.hpp"
#include "common.hpp"
#include "transfer_flags.hpp"

namespace qrseal::cli {
namespace {

struct sync_cli_options {
  std::string state;
  std::vector<std::string> from;
  bool json = false;
  std::uint64_t max_bytes = 32u << 20;
  transfer_flags transfer;
};

int run_sync(const sync_cli_options& o) {
  sync_options options;
  options.mirrors = o.from;
  options.limits = limits_of(o.transfer);
  if (o.max_bytes == 0 || o.max_bytes > max_list_file_bytes)
    throw failure("--max-bytes: from 1 to " + std::to_string(max_list_file_bytes));
  options.limits.max_bytes = static_cast<std::size_t>(o.max_bytes);
  device_state state = take(device_state::open(o.state));
  const sync_report report = take(sync_from_mirrors(state, options));
  if (o.json) {
    std::cout << sync_report_json(report) << "\n";
  } else {
    std::cout << sync_report_text(report);
    std::cerr << "qrseal: sync: " << report.cost.requests << " request(s), " << report.cost.bytes_in
              << " bytes in, " << report.cost.bytes_out << " bytes out\n";
  }
  return report.ok() ? exit_ok : exit_rejected;
}

}  // namespace

void add_sync_command(CLI::App& app) {
  auto o = std::make_shared<sync_cli_options>();
  CLI::App* cmd = app.add_subcommand(
      "sync",
      "Take newer signed lists from mirrors (tried in order); the device keeps its "
      "lists on any fault");
  cmd->add_option("--state", o->state, "The device's state directory")->required();
  cmd->add_option("--from", o->from, "A mirror's base URL (repeatable; tried in order)")
      ->required()
      ->allow_extra_args(false);
  cmd->add_flag("--json", o->json, "One JSON object: each list's action, faults and the cost");
  cmd->add_option("--max-bytes", o->max_bytes, "The largest list taken (32 MiB)");
  add_transfer_flags(cmd, o->transfer,
                     "The most one mirror may take, index and lists together (60s)");
  cmd->callback([o] { exit_status() = run_sync(*o); });
}

}  // namespace qrseal::cli
