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
}  // namespace qrseal::cli

int main(int argc, char** argv) {
  using namespace qrseal::cli;
  CLI::App app{"qrseal: status credentials signed offline (COSE_Sign1 + CWT, Ed25519) as QR codes"};
  app.set_version_flag("--version", version_line);
  app.require_subcommand(1);
  add_keygen_command(app);
  add_key_pem_commands(app);
  add_trust_command(app);
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
  try {
    app.parse(argc, argv);
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
