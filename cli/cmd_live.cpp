// qrseal live --cred TEXT|- --holder-key HOLDER.key [--now T]   -> the QL1 text
#include <iostream>
#include <memory>
#include <qrseal/live.hpp>

#include "commands.hpp"
#include "common.hpp"

namespace qrseal::cli {
namespace {

struct live_options {
  std::string cred;
  std::string holder_key;
  std::optional<std::string> passphrase_file;
  std::optional<std::string> now;
};

int run_live(const live_options& o) {
  const std::string text = text_argument(o.cred, "credential text");
  const std::int64_t now = now_or(o.now);
  if (now < 0) throw failure("--now: time is before 1970");
  const secret_key holder = load_secret_key(o.holder_key, o.passphrase_file);
  std::cout << take(make_live_code(text, holder, static_cast<std::uint64_t>(now)), "live") << "\n";
  return exit_ok;
}

}  // namespace

void add_live_command(CLI::App& app) {
  auto o = std::make_shared<live_options>();
  CLI::App* cmd =
      app.add_subcommand("live", "Make a live code (QL1:) from a holder-bound credential");
  cmd->add_option("--cred", o->cred, "The QS1: credential text, or - for stdin")->required();
  cmd->add_option("--holder-key", o->holder_key, "The holder's secret key (matches cnf)")
      ->required();
  add_passphrase_file_option(*cmd, o->passphrase_file);
  cmd->add_option("--now", o->now, "Signing time t (default: the clock)");
  cmd->callback([o] { exit_status() = run_live(*o); });
}

}  // namespace qrseal::cli
