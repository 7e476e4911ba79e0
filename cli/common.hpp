// What every subcommand shares: exit codes, failures, files, passphrases and key loading.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <optional>
#include <qrseal/atomic_file.hpp>
#include <qrseal/claims.hpp>
#include <qrseal/input_file.hpp>
#include <qrseal/key_file.hpp>
#include <qrseal/key_input.hpp>
#include <qrseal/keys.hpp>
#include <qrseal/result.hpp>
#include <span>
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

// A file's bytes, read into a string, as the library's byte-span parameters take them.
inline std::span<const std::uint8_t> as_bytes(std::string_view s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

// Shorthand for reading secret text, where every such read is meant to be found by grep.
inline std::string_view reveal(const secret_string& s) { return s.view(secret_access{}); }

// Reads a whole file ("-" is standard input), refusing more than `max_bytes` (input_file.hpp,
// whose read_secret_file, read_private_file and what_file_seems the CLI calls as they are).
std::string read_file(const std::string& path, std::size_t max_bytes, std::string_view what);

// take() for writes that --force allows: a file that exists (errc::file_exists) fails with the
// library's message and "(use --force)", other errors as take() with `context`.
void take_forceable(status written, std::string_view context = {});

// The library's atomic writer (qrseal/atomic_file.hpp); with overwrite::refuse an existing
// file is an error that names --force.
void write_file_atomic(const std::string& path, std::string_view data, unsigned mode,
                       overwrite policy);

// A text argument or "-" for standard input; surrounding newlines from files/pipes are not part
// of a QR text, but nothing else is trimmed.
std::string text_argument(const std::string& arg, std::string_view what);

// A passphrase asked on the terminal without echo (the other source is passphrase_from_file,
// key_input.hpp).
result<secret_string> ask_passphrase(const std::string& prompt, bool confirm);

// Loads a secret key (key_input.hpp), asking for the passphrase on the terminal when the file is
// encrypted and no passphrase file is given.
secret_key load_secret_key(const std::string& path,
                           const std::optional<std::string>& passphrase_file);
public_key load_public_key(const std::string& path);

// The time now from the system clock, or the value of --now.
std::int64_t now_or(const std::optional<std::string>& now_text);
std::int64_t parse_time_arg(const std::string& text, std::string_view flag);
std::uint64_t parse_uint_time_arg(const std::string& text, std::string_view flag);
std::uint64_t parse_duration_arg(const std::string& text, std::string_view flag);
// A list's seq (parse_seq, lists.hpp).
std::uint64_t parse_seq_arg(const std::string& text, std::string_view flag);

// --kdf: "interactive" or "moderate".
kdf_preset parse_kdf_arg(const std::string& name);

// "green,yellow" -> statuses (parse_health_status_list, claims.hpp); errors name `flag`. An empty
// text is no statuses when `empty_accepts_none` (verify's --accept "" accepts none).
std::vector<health_status> parse_status_list(const std::string& text, std::string_view flag,
                                             bool empty_accepts_none = false);

// Adds --passphrase-file to a subcommand.
void add_passphrase_file_option(CLI::App& cmd, std::optional<std::string>& target);

}  // namespace qrseal::cli
