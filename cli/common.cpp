#include "common.hpp"

#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

#include <chrono>
#include <qrseal/atomic_file.hpp>
#include <qrseal/lists.hpp>
#include <qrseal/time.hpp>

namespace qrseal::cli {

std::string read_file(const std::string& path, std::size_t max_bytes, std::string_view what) {
  return take(qrseal::read_file(path, max_bytes, what));
}

void write_file_atomic(const std::string& path, std::string_view data, unsigned mode,
                       overwrite policy) {
  take_forceable(write_file_atomically(path, data, {.mode = mode, .existing = policy}));
}

void take_forceable(status written, std::string_view context) {
  if (!written && written.code() == errc::file_exists)
    throw failure(written.error().message + " (use --force)");
  take(std::move(written), context);
}

std::string text_argument(const std::string& arg, std::string_view what) {
  if (arg != "-") return arg;
  return take(read_qr_text_file("-", what));
}

result<secret_string> ask_passphrase(const std::string& prompt, bool confirm) {
  const int fd = ::open("/dev/tty", O_RDWR | O_CLOEXEC);
  if (fd < 0)
    return error{errc::key_passphrase_required,
                 "no terminal to ask for a passphrase; give --passphrase-file F (or "
                 "--no-passphrase where it applies)"};
  auto read_line = [fd](const std::string& text) {
    (void)!::write(fd, text.data(), text.size());
    termios old{};
    const bool is_tty = ::tcgetattr(fd, &old) == 0;
    if (is_tty) {
      termios quiet = old;
      quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
      ::tcsetattr(fd, TCSAFLUSH, &quiet);
    }
    secret_string line;
    char c = 0;
    while (::read(fd, &c, 1) == 1 && c != '\n' && c != '\r') {
      if (line.size() > max_passphrase_bytes) continue;
      line.append(std::string_view(&c, 1));
    }
    c = 0;
    if (is_tty) ::tcsetattr(fd, TCSAFLUSH, &old);
    (void)!::write(fd, "\n", 1);
    return line;
  };
  secret_string first = read_line(prompt);
  if (first.size() > max_passphrase_bytes) {
    ::close(fd);
    return error{errc::invalid_argument,
                 "passphrase is longer than " + std::to_string(max_passphrase_bytes) + " bytes"};
  }
  if (first.empty()) {
    ::close(fd);
    return error{errc::invalid_argument,
                 "empty passphrase; use --no-passphrase to store a key unencrypted"};
  }
  if (confirm) {
    secret_string second = read_line("Repeat the passphrase: ");
    if (reveal(second) != reveal(first)) {
      ::close(fd);
      return error{errc::invalid_argument, "the two passphrases differ; nothing was written"};
    }
  }
  ::close(fd);
  return first;
}

secret_key load_secret_key(const std::string& path,
                           const std::optional<std::string>& passphrase_file) {
  return take(qrseal::load_secret_key(path, passphrase_file, [](const std::string& key_path) {
    return ask_passphrase("Passphrase for " + key_path + ": ", false);
  }));
}

public_key load_public_key(const std::string& path) { return take(qrseal::load_public_key(path)); }

std::int64_t parse_time_arg(const std::string& text, std::string_view flag) {
  return take(parse_time(text), flag);
}

std::uint64_t parse_uint_time_arg(const std::string& text, std::string_view flag) {
  const std::int64_t t = parse_time_arg(text, flag);
  if (t < 0) throw failure(std::string(flag) + ": time is before 1970");
  return static_cast<std::uint64_t>(t);
}

std::uint64_t parse_duration_arg(const std::string& text, std::string_view flag) {
  return static_cast<std::uint64_t>(take(parse_duration(text), flag));
}

std::uint64_t parse_seq_arg(const std::string& text, std::string_view flag) {
  return take(parse_seq(text), flag);
}

std::int64_t now_or(const std::optional<std::string>& now_text) {
  if (now_text) return parse_time_arg(*now_text, "--now");
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

kdf_preset parse_kdf_arg(const std::string& name) {
  if (name == "interactive") return kdf_preset::interactive;
  if (name == "moderate") return kdf_preset::moderate;
  throw failure("--kdf: '" + name + "' is not a preset (interactive, moderate)");
}

std::vector<health_status> parse_status_list(const std::string& text, std::string_view flag,
                                             bool empty_accepts_none) {
  return take(parse_health_status_list(text, empty_accepts_none), flag);
}

void add_passphrase_file_option(CLI::App& cmd, std::optional<std::string>& target) {
  cmd.add_option("--passphrase-file", target,
                 "Read the key's passphrase from the first line of this file (never give a "
                 "passphrase on the command line)");
}

}  // namespace qrseal::cli
