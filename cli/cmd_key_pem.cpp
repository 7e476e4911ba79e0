// qrseal key export-pem --in FILE --out F.pem
// qrseal key import-pem --in F.pem --out PREFIX [--no-passphrase | --passphrase-file F] [--force]

#include <iostream>
#include <memory>
#include <qrseal/hex.hpp>
#include <qrseal/key_file.hpp>
#include <qrseal/key_pair_files.hpp>
#include <qrseal/pem.hpp>

#include "commands.hpp"
#include "common.hpp"

namespace qrseal::cli {
namespace {

struct export_options {
  std::string in, out;
  std::optional<std::string> passphrase_file;
  bool force = false;
};

struct import_options {
  std::string in, prefix;
  bool no_passphrase = false;
  std::optional<std::string> passphrase_file;
  std::string kdf = "moderate";
  bool force = false;
};

int run_export(const export_options& o) {
  const overwrite policy = o.force ? overwrite::allow : overwrite::refuse;
  const secret_string text = take(read_secret_file(o.in, max_key_file_bytes, "key file"));
  if (looks_like_secret_key(reveal(text))) {
    const secret_key key = load_secret_key(o.in, o.passphrase_file);
    const secret_string pem = secret_key_to_pem(key);
    write_file_atomic(o.out, reveal(pem), 0600, policy);
    std::cerr << "qrseal: wrote the UNENCRYPTED private key (PKCS#8) to " << o.out
              << " (mode 0600)\n";
  } else {
    const public_key key = load_public_key(o.in);
    write_file_atomic(o.out, public_key_to_pem(key), 0644, policy);
  }
  return exit_ok;
}

int run_import(const import_options& o) {
  take_forceable(check_key_pair_prefix(o.prefix, overwrite::allow), "--out");
  const overwrite policy = o.force ? overwrite::allow : overwrite::refuse;
  const secret_string text = take(read_secret_file(o.in, max_key_file_bytes, "PEM file"));
  if (looks_like_public_key_pem(reveal(text))) {
    const public_key key = take(public_key_from_pem(reveal(text)), o.in);
    write_file_atomic(o.prefix + ".pub", encode_public_key_file(key), 0644, policy);
    std::cout << to_hex(key.kid()) << "\n";
    return exit_ok;
  }
  // A secret PEM is held to the rule of secret key files: only its owner may reach it.
  if (o.in != "-") (void)take(read_private_file(o.in, max_key_file_bytes, "secret PEM file"));
  const secret_key key = take(secret_key_from_pem(reveal(text)), o.in);
  take_forceable(check_key_pair_prefix(o.prefix, policy), "--out");
  kdf_preset preset = kdf_preset::none;
  secret_string passphrase;
  if (!o.no_passphrase) {
    preset = parse_kdf_arg(o.kdf);
    passphrase =
        take(o.passphrase_file ? passphrase_from_file(*o.passphrase_file)
                               : ask_passphrase("Passphrase for the imported key: ", true));
  }
  take_forceable(write_key_pair(o.prefix, key, reveal(passphrase), preset, policy));
  if (o.no_passphrase)
    std::cerr << "qrseal: warning: " << o.prefix << ".key is NOT encrypted (--no-passphrase)\n";
  std::cout << to_hex(key.public_key().kid()) << "\n";
  return exit_ok;
}

}  // namespace

void add_key_pem_commands(CLI::App& app) {
  CLI::App* key = app.add_subcommand("key", "Convert keys to and from OpenSSL's PEM forms");
  key->require_subcommand(1);

  auto e = std::make_shared<export_options>();
  CLI::App* ex = key->add_subcommand(
      "export-pem", "Write a .pub as SPKI PEM, or a .key as unencrypted PKCS#8 PEM (0600)");
  ex->add_option("--in", e->in, "A .pub or .key file")->required();
  ex->add_option("--out", e->out, "The PEM file to write")->required();
  add_passphrase_file_option(*ex, e->passphrase_file);
  ex->add_flag("--force", e->force, "Overwrite an existing file");
  ex->callback([e] { exit_status() = run_export(*e); });

  auto i = std::make_shared<import_options>();
  CLI::App* im = key->add_subcommand(
      "import-pem", "Read an OpenSSL Ed25519 PEM (PKCS#8 or SPKI) into PREFIX.key/PREFIX.pub");
  im->add_option("--in", i->in, "The PEM file")->required();
  im->add_option("--out", i->prefix, "Path prefix of the files to write")->required();
  auto* none = im->add_flag("--no-passphrase", i->no_passphrase, "Store the key unencrypted");
  auto* file = im->add_option("--passphrase-file", i->passphrase_file,
                              "Encrypt with the passphrase on the first line of this file");
  none->excludes(file);
  im->add_option("--kdf", i->kdf, "Argon2id preset: interactive or moderate (default)");
  im->add_flag("--force", i->force, "Overwrite existing files");
  im->callback([i] { exit_status() = run_import(*i); });
}

}  // namespace qrseal::cli
