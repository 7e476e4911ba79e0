#include <algorithm>
#include <cstdio>
#include <iostream>

#include "commands.hpp"
#include "common.hpp"
#include "version.hpp"

namespace qrseal::cli {
int& exit_status() {
  static int status = exit_ok;
  return status;
}

namespace {

bool takes_a_value(const CLI::App& app, const std::string& name) {
  if (const CLI::Option* o = app.get_option_no_throw(name); o && o->get_type_size_max() > 0)
    return true;
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; }))
    if (takes_a_value(*sub, name)) return true;
  return false;
}

// `--accept=` means an empty value, as with getopt_long; CLI11 2.1 would take the next word as
// the value instead. So `--NAME=` of an option that takes a value becomes `--NAME ""`. Returned
// reversed, as CLI::App::parse(std::vector&) wants it.
std::vector<std::string> empty_values_kept(const CLI::App& app, int argc, char** argv) {
  std::vector<std::string> args;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--") {
      for (; i < argc; ++i) args.emplace_back(argv[i]);
      break;
    }
    if (arg.size() > 3 && arg.starts_with("--") && arg.back() == '=' &&
        arg.find('=') == arg.size() - 1 && takes_a_value(app, arg.substr(0, arg.size() - 1))) {
      args.push_back(arg.substr(0, arg.size() - 1));
      args.emplace_back();
      continue;
    }
    args.push_back(std::move(arg));
  }
  std::reverse(args.begin(), args.end());
  return args;
}

}  // namespace
}  // namespace qrseal::cli

int main(int argc, char** argv) {
  using namespace qrseal::cli;
  CLI::App app{"qrseal: status credentials signed offline (COSE_Sign1 + CWT, Ed25519) as QR codes"};
  app.set_version_flag("--version", version_line);
  app.require_subcommand(1);
  add_keygen_command(app);
  add_key_pem_commands(app);
  add_trust_command(app);
  add_list_command(app);
  add_revoke_command(app);
  add_issue_command(app);
  add_live_command(app);
  add_verify_command(app);
  add_inspect_command(app);
  add_render_command(app);
  add_scan_command(app);
  add_card_command(app);
  add_state_command(app);
  add_journal_command(app);
  add_ledger_command(app);
  add_publish_command(app);
  add_sync_command(app);
  add_web_command(app);
  try {
    app.parse(empty_values_kept(app, argc, argv));
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? exit_ok : exit_usage;
  } catch (const failure& f) {
    std::cerr << "qrseal: " << f.what() << "\n";
    return f.code;
  } catch (const std::exception& e) {
    std::cerr << "qrseal: unexpected error: " << e.what() << "\n";
    return exit_usage;
  }
  // A credential, key id or verdict that could not be written (full disk, closed pipe) must not
  // look like success to a script.
  std::cout.flush();
  if (!std::cout || std::fflush(stdout) != 0 || std::ferror(stdout)) {
    std::cerr << "qrseal: cannot write to standard output\n";
    return exit_usage;
  }
  return exit_status();
}
