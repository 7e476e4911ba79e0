// qrseal keygen --out PREFIX [--no-passphrase | --passphrase-file F] [--kdf P] [--force]

#include <iostream>
#include <memory>
#include <qrseal/hex.hpp>
#include <qrseal/key_file.hpp>
#include <qrseal/key_pair_files.hpp>

#include "commands.hpp"
#include "common.hpp"

namespace qrseal::cli {
namespace {

struct keygen_options {
  std::string prefix;
  bool no_passphrase = false;
  std::optional<std::string> passphrase_file;
  std::string kdf = "moderate";
  bool force = false;
};

int run_keygen(const keygen_options& o) {
  const overwrite policy = o.force ? overwrite::allow : overwrite::refuse;
  take_forceable(check_key_pair_prefix(o.prefix, policy), "--out");
  const kdf_preset preset = o.no_passphrase ? kdf_preset::none : parse_kdf_arg(o.kdf);
  secret_string passphrase;
  if (!o.no_passphrase)
    passphrase = take(o.passphrase_file ? passphrase_from_file(*o.passphrase_file)
                                        : ask_passphrase("Passphrase for the new key: ", true));
  const secret_key key = secret_key::generate();
  take_forceable(write_key_pair(o.prefix, key, reveal(passphrase), preset, policy));
  if (o.no_passphrase)
    std::cerr << "qrseal: warning: " << o.prefix << ".key"
              << " is NOT encrypted (--no-passphrase); keep it on an offline machine\n";
  std::cout << to_hex(key.public_key().kid()) << "\n";
  return exit_ok;
}

}  // namespace

void add_keygen_command(CLI::App& app) {
  auto o = std::make_shared<keygen_options>();
  CLI::App* cmd = app.add_subcommand("keygen",
                                     "Make an Ed25519 key pair: PREFIX.key (0600) and "
                                     "PREFIX.pub; prints the kid");
  cmd->add_option("--out", o->prefix, "Path prefix of the two files")->required();
  auto* none = cmd->add_flag("--no-passphrase", o->no_passphrase,
                             "Store the secret key unencrypted (not recommended)");
  auto* file = cmd->add_option("--passphrase-file", o->passphrase_file,
                               "Read the passphrase from the first line of this file");
  none->excludes(file);
  cmd->add_option("--kdf", o->kdf, "Argon2id preset: interactive or moderate (default)");
  cmd->add_flag("--force", o->force, "Overwrite existing files");
  cmd->callback([o] { exit_status() = run_keygen(*o); });
}

}  // namespace qrseal::cli
