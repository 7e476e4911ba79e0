#include "common.hpp"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <qrseal/key_file.hpp>
#include <qrseal/pem.hpp>
#include <qrseal/time.hpp>

namespace qrseal::cli {

namespace {

std::string errno_text() { return std::strerror(errno); }

// Reads into `out` without the intermediate copies a stream iterator would leave behind.
template <class Out>
void read_fd(int fd, const std::string& path, std::size_t max_bytes, std::string_view what,
             Out& out) {
  char buf[65536];
  for (;;) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw failure("cannot read " + std::string(what) + " '" + path + "': " + errno_text());
    }
    if (n == 0) break;
    if (out.size() + static_cast<std::size_t>(n) > max_bytes) {
      sodium_memzero(buf, sizeof buf);
      throw failure(std::string(what) + " '" + path + "' is larger than the limit of " +
                    std::to_string(max_bytes) + " bytes");
    }
    out.append(std::string_view(buf, static_cast<std::size_t>(n)));
  }
  sodium_memzero(buf, sizeof buf);
}

// Like OpenSSH with a private key: a secret that group or others can reach is refused, checked on
// the open descriptor (so the file judged is the file read). Pipes and standard input pass.
void refuse_if_shared(int fd, const struct stat& st, const std::string& path,
                      std::string_view what) {
  if (!S_ISREG(st.st_mode) || (st.st_mode & (S_IRWXG | S_IRWXO)) == 0) return;
  char mode[8];
  std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 07777));
  ::close(fd);
  throw failure(std::string(what) + " '" + path + "' has mode " + mode +
                ": group or others can read or change it, so qrseal refuses it (as ssh refuses "
                "such a private key); run: chmod 600 '" +
                path + "'");
}

template <class Out>
void read_into(const std::string& path, std::size_t max_bytes, std::string_view what, Out& out,
               bool owner_only = false) {
  if (path == "-") return read_fd(STDIN_FILENO, "standard input", max_bytes, what, out);
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    throw failure("cannot open " + std::string(what) + " '" + path + "': " + errno_text());
  struct stat st {};
  if (::fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
    ::close(fd);
    throw failure(std::string(what) + " '" + path + "' is a directory");
  }
  if (owner_only) refuse_if_shared(fd, st, path, what);
  try {
    read_fd(fd, path, max_bytes, what, out);
  } catch (...) {
    ::close(fd);
    throw;
  }
  ::close(fd);
}

// Editors add what the terminal never typed: a byte-order mark, a trailing space or tab.
std::string passphrase_file_hint(std::string_view passphrase, const std::string& path) {
  std::string hint;
  if (passphrase.starts_with("\xEF\xBB\xBF"))
    hint = "it starts with a UTF-8 byte-order mark (EF BB BF), which is part of the passphrase";
  if (!passphrase.empty() && (passphrase.back() == ' ' || passphrase.back() == '\t'))
    hint += std::string(hint.empty() ? "it" : "; it") +
            " ends in a space or tab, which is part of the passphrase";
  if (hint.empty()) return {};
  return "; note: the first line of passphrase file '" + path + "': " + hint +
         " (save the file without it if that was not meant)";
}

bool looks_like_pem(std::string_view text) {
  return text.find("-----BEGIN ") != std::string_view::npos;
}

}  // namespace

std::string read_file(const std::string& path, std::size_t max_bytes, std::string_view what) {
  std::string out;
  read_into(path, max_bytes, what, out);
  return out;
}

secret_string read_secret_file(const std::string& path, std::size_t max_bytes,
                               std::string_view what) {
  secret_string out;
  read_into(path, max_bytes, what, out);
  return out;
}

secret_string read_private_file(const std::string& path, std::size_t max_bytes,
                                std::string_view what) {
  secret_string out;
  read_into(path, max_bytes, what, out, true);
  return out;
}

void write_file_atomic(const std::string& path, std::string_view data, unsigned mode,
                       overwrite policy) {
  if (policy == overwrite::refuse) refuse_existing({path});
  std::string tmp = path + ".tmp.XXXXXX";
  const int fd = ::mkstemp(tmp.data());
  if (fd < 0) throw failure("cannot create a file next to '" + path + "': " + errno_text());
  bool ok = ::fchmod(fd, static_cast<mode_t>(mode)) == 0;
  std::size_t written = 0;
  while (ok && written < data.size()) {
    const ssize_t n = ::write(fd, data.data() + written, data.size() - written);
    if (n < 0 && errno == EINTR) continue;
    ok = n > 0;
    if (ok) written += static_cast<std::size_t>(n);
  }
  ok = ok && ::fsync(fd) == 0;
  const std::string why = ok ? "" : errno_text();
  ::close(fd);
  if (!ok) {
    ::unlink(tmp.c_str());
    throw failure("cannot write '" + path + "': " + why);
  }
  if (policy == overwrite::refuse) {
    // link() fails if the name appeared meanwhile, so a concurrent writer is never clobbered.
    if (::link(tmp.c_str(), path.c_str()) != 0) {
      const std::string reason = errno == EEXIST ? "it already exists (use --force)" : errno_text();
      ::unlink(tmp.c_str());
      throw failure("cannot create '" + path + "': " + reason);
    }
    ::unlink(tmp.c_str());
  } else if (::rename(tmp.c_str(), path.c_str()) != 0) {
    const std::string reason = errno_text();
    ::unlink(tmp.c_str());
    throw failure("cannot write '" + path + "': " + reason);
  }
}

std::string what_file_seems(std::string_view bytes) {
  const auto has = [&](std::string_view prefix) { return bytes.starts_with(prefix); };
  if (has("qrseal-public-key")) return "it looks like a qrseal public key file (.pub)";
  if (has("qrseal-secret-key")) return "it looks like a qrseal SECRET key file (.key)";
  if (bytes.find("-----BEGIN PUBLIC KEY-----") != std::string_view::npos)
    return "it looks like a public key (PEM)";
  if (bytes.find("PRIVATE KEY-----") != std::string_view::npos)
    return "it looks like a SECRET key (PEM)";
  if (has("QS1:") || has("QL1:")) return "it looks like a credential's QR text";
  if (has("QT1:")) return "it looks like a key-update sheet's text (QT1:); give the .cose file";
  if (has("\x89PNG") || has("\xFF\xD8\xFF")) return "it looks like an image";
  if (has("SQLite format 3")) return "it looks like an SQLite database";
  return {};
}

std::string text_argument(const std::string& arg, std::string_view what) {
  if (arg != "-") return arg;
  // A QR text is at most 4296 characters; allow generous slack for a trailing newline.
  std::string text = read_file("-", 1 << 20, what);
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  return text;
}

secret_string passphrase_from_file(const std::string& path) {
  const secret_string content =
      read_private_file(path, max_passphrase_bytes + 2, "passphrase file");
  std::string_view line = reveal(content);
  line = line.substr(0, line.find_first_of("\r\n"));
  if (line.size() > max_passphrase_bytes)
    throw failure("passphrase in '" + path + "' is longer than " +
                  std::to_string(max_passphrase_bytes) + " bytes");
  if (line.empty()) throw failure("passphrase file '" + path + "' is empty");
  secret_string passphrase;
  passphrase.append(line);
  return passphrase;
}

secret_string ask_passphrase(const std::string& prompt, bool confirm) {
  const int fd = ::open("/dev/tty", O_RDWR | O_CLOEXEC);
  if (fd < 0)
    throw failure(
        "no terminal to ask for a passphrase; give --passphrase-file F (or "
        "--no-passphrase where it applies)");
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
    throw failure("passphrase is longer than " + std::to_string(max_passphrase_bytes) + " bytes");
  }
  if (first.empty()) {
    ::close(fd);
    throw failure("empty passphrase; use --no-passphrase to store a key unencrypted");
  }
  if (confirm) {
    secret_string second = read_line("Repeat the passphrase: ");
    if (reveal(second) != reveal(first)) {
      ::close(fd);
      throw failure("the two passphrases differ; nothing was written");
    }
  }
  ::close(fd);
  return first;
}

secret_key load_secret_key(const std::string& path,
                           const std::optional<std::string>& passphrase_file) {
  const secret_string text = read_private_file(path, max_key_file_bytes, "secret key file");
  if (looks_like_pem(reveal(text))) return take(secret_key_from_pem(reveal(text)), path);
  if (!secret_key_file_is_encrypted(reveal(text)))
    return take(decode_secret_key_file(reveal(text), ""), path);
  secret_string passphrase = passphrase_file
                                 ? passphrase_from_file(*passphrase_file)
                                 : ask_passphrase("Passphrase for " + path + ": ", false);
  auto key = decode_secret_key_file(reveal(text), reveal(passphrase));
  if (!key && key.error().code == errc::key_wrong_passphrase && passphrase_file)
    throw failure(path + ": " + key.error().message +
                  passphrase_file_hint(reveal(passphrase), *passphrase_file));
  return take(std::move(key), path);
}

public_key load_public_key(const std::string& path) {
  const std::string text = read_file(path, max_key_file_bytes, "public key file");
  return take(parse_public_key({reinterpret_cast<const std::uint8_t*>(text.data()), text.size()}),
              path);
}

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
  std::uint64_t value = 0;
  bool ok = !text.empty() && text.size() <= 20;
  for (const char c : text) {
    if (!ok) break;
    const auto digit = static_cast<unsigned>(c - '0');
    ok = digit <= 9 && value <= (UINT64_MAX - digit) / 10;
    if (ok) value = value * 10 + digit;
  }
  if (!ok)
    throw failure(std::string(flag) + ": '" + text +
                  "' is not a sequence number (decimal digits, 0 to 18446744073709551615)");
  return value;
}

std::int64_t now_or(const std::optional<std::string>& now_text) {
  if (now_text) return parse_time_arg(*now_text, "--now");
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

void refuse_existing(std::initializer_list<std::string> paths) {
  for (const std::string& p : paths)
    if (::access(p.c_str(), F_OK) == 0)
      throw failure("'" + p + "' already exists; refusing to overwrite it (use --force)");
}

kdf_preset parse_kdf_arg(const std::string& name) {
  if (name == "interactive") return kdf_preset::interactive;
  if (name == "moderate") return kdf_preset::moderate;
  throw failure("--kdf: '" + name + "' is not a preset (interactive, moderate)");
}

std::vector<health_status> parse_status_list(const std::string& text, std::string_view flag,
                                             bool empty_accepts_none) {
  std::vector<health_status> statuses;
  if (text.empty() && empty_accepts_none) return statuses;
  if (text.empty())
    throw failure(std::string(flag) +
                  ": an empty list would make every verifier refuse every credential; name the "
                  "statuses to accept, e.g. green,yellow");
  std::size_t start = 0;
  for (;;) {
    const std::size_t comma = text.find(',', start);
    const std::string name = text.substr(start, comma == std::string::npos ? comma : comma - start);
    auto s = parse_health_status(name);
    if (!s) throw failure(std::string(flag) + ": '" + name + "' is not green, yellow or red");
    statuses.push_back(*s);
    if (comma == std::string::npos) return statuses;
    start = comma + 1;
  }
}

void check_key_prefix(const std::string& prefix) {
  if (prefix.empty() || prefix.back() == '/')
    throw failure("--out: '" + prefix +
                  "' must be a path prefix such as keys/issuer (the files "
                  "are PREFIX.key and PREFIX.pub)");
}

void add_passphrase_file_option(CLI::App& cmd, std::optional<std::string>& target) {
  cmd.add_option("--passphrase-file", target,
                 "Read the key's passphrase from the first line of this file (never give a "
                 "passphrase on the command line)");
}

}  // namespace qrseal::cli
