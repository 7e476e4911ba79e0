// What every subcommand shares: exit codes, failures, files, passphrases and key loading.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <optional>
#include <qrseal/atomic_file.hpp>
#include <qrseal/claims.hpp>
#include <qrseal/key_file.hpp>
#include <qrseal/keys.hpp>
#include <qrseal/result.hpp>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace qrseal::cli {

// minisign's convention: 0 success/valid, 1 rejected, 2 usage or I/O error; and 3 for a batch
// job that finished with some of its rows rejected (the rest were issued).
enum exit_code : int { exit_ok = 0, exit_rejected = 1, exit_usage = 2, exit_rows_rejected = 3 };

// Thrown inside the CLI only, caught in main(): prints "qrseal: <message>" and exits.
struct failure : std::runtime_error {
  int code;
  failure(std::string message, int exit = exit_usage)
      : std::runtime_error(std::move(message)), code(exit) {}
};

// Unwraps a library result, or fails with its message.
template <class T>
T take(result<T> r, std::string_view context = {}) {
  if (!r) {
    std::string message = r.error().message;
    if (!context.empty()) message = std::string(context) + ": " + message;
    throw failure(std::move(message));
  }
  return std::move(r).value();
}

// Shorthand for reading secret text, where every such read is meant to be found by grep.
inline std::string_view reveal(const secret_string& s) { return s.view(secret_access{}); }

// Reads a whole file ("-" is standard input), refusing more than `max_bytes`.
std::string read_file(const std::string& path, std::size_t max_bytes, std::string_view what);
secret_string read_secret_file(const std::string& path, std::size_t max_bytes,
                               std::string_view what);
// The same for a file only its owner may reach (a secret key, a passphrase file): a regular file
// whose mode lets group or others read or write it is refused with the chmod that fixes it.
secret_string read_private_file(const std::string& path, std::size_t max_bytes,
                                std::string_view what);

// The library's atomic writer (qrseal/atomic_file.hpp); with overwrite::refuse an existing
// file is an error that names --force.
void write_file_atomic(const std::string& path, std::string_view data, unsigned mode,
                       overwrite policy);

// For a file given in the wrong place: "it looks like a qrseal public key file (.pub)", ... or
// empty when it looks like nothing qrseal knows.
std::string what_file_seems(std::string_view bytes);

// A text argument or "-" for standard input; surrounding newlines from files/pipes are not part
// of a QR text, but nothing else is trimmed.
std::string text_argument(const std::string& arg, std::string_view what);

// Passphrase from a file (its first line), or asked on the terminal without echo.
secret_string passphrase_from_file(const std::string& path);
secret_string ask_passphrase(const std::string& prompt, bool confirm);

// Loads a secret key from a qrseal .key file or an unencrypted PKCS#8 PEM. Asks for the
// passphrase on the terminal when the file is encrypted and no passphrase file is given.
secret_key load_secret_key(const std::string& path,
                           const std::optional<std::string>& passphrase_file);
// Loads a public key from a qrseal .pub file or an SPKI PEM.
public_key load_public_key(const std::string& path);

// The time now from the system clock, or the value of --now.
std::int64_t now_or(const std::optional<std::string>& now_text);
std::int64_t parse_time_arg(const std::string& text, std::string_view flag);
std::uint64_t parse_uint_time_arg(const std::string& text, std::string_view flag);
std::uint64_t parse_duration_arg(const std::string& text, std::string_view flag);
// A list's seq: plain decimal digits only, 0 to 2^64-1 (no sign, hex, octal or wrap-around).
std::uint64_t parse_seq_arg(const std::string& text, std::string_view flag);

// The PREFIX of --out: refuses an empty one or a directory ("keys/" would write "keys/.key").
void check_key_prefix(const std::string& prefix);

// Fails, naming the first, if any of `paths` exists (keygen and import write two files, and
// neither may be half-replaced).
void refuse_existing(std::initializer_list<std::string> paths);

// --kdf: "interactive" or "moderate".
kdf_preset parse_kdf_arg(const std::string& name);

// "green,yellow" -> statuses; an empty or unknown name is an error naming `flag`. An empty text
// is no statuses when `empty_accepts_none` (verify's --accept "" accepts none), else an error.
std::vector<health_status> parse_status_list(const std::string& text, std::string_view flag,
                                             bool empty_accepts_none = false);

// Adds --passphrase-file to a subcommand.
void add_passphrase_file_option(CLI::App& cmd, std::optional<std::string>& target);

}  // namespace qrseal::cli
