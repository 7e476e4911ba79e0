// One function per subcommand file; each registers its options and its run_ function.
#pragma once

#include <CLI/CLI.hpp>

namespace qrseal::cli {

// The exit status the chosen subcommand asks for (failures throw instead).
int& exit_status();

void add_keygen_command(CLI::App& app);
void add_key_pem_commands(CLI::App& app);
void add_trust_command(CLI::App& app);
void add_list_command(CLI::App& app);
void add_revoke_command(CLI::App& app);
void add_issue_command(CLI::App& app);
void add_live_command(CLI::App& app);
void add_verify_command(CLI::App& app);
void add_inspect_command(CLI::App& app);
void add_render_command(CLI::App& app);
void add_scan_command(CLI::App& app);
void add_card_command(CLI::App& app);
void add_state_command(CLI::App& app);
void add_journal_command(CLI::App& app);
void add_ledger_command(CLI::App& app);
void add_publish_command(CLI::App& app);
void add_sync_command(CLI::App& app);
void add_web_command(CLI::App& app);

}  // namespace qrseal::cli
