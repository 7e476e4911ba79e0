#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <qrseal/input_file.hpp>
#include <qrseal/pem.hpp>

namespace qrseal {
namespace {

error io_error(std::string message) { return error{errc::io_error, std::move(message)}; }

std::string quoted(std::string_view what, const std::string& path) {
  return std::string(what) + " '" + path + "'";
}

// Closes the descriptor on every way out.
struct open_fd {
  int fd;
  ~open_fd() {
    if (fd >= 0) ::close(fd);
  }
};

// Reads into `out` without the intermediate copies a stream iterator would leave behind.
template <class Out>
status read_fd(int fd, const std::string& path, std::size_t max_bytes, std::string_view what,
               Out& out) {
  char buf[65536];
  for (;;) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      const std::string reason = std::strerror(errno);
      ::explicit_bzero(buf, sizeof buf);
      return io_error("cannot read " + quoted(what, path) + ": " + reason);
    }
    if (n == 0) break;
    if (out.size() + static_cast<std::size_t>(n) > max_bytes) {
      ::explicit_bzero(buf, sizeof buf);
      return io_error(quoted(what, path) + " is larger than the limit of " +
                      std::to_string(max_bytes) + " bytes");
    }
    out.append(std::string_view(buf, static_cast<std::size_t>(n)));
  }
  ::explicit_bzero(buf, sizeof buf);
  return success();
}

// Like OpenSSH with a private key: a secret that group or others can reach is refused, checked on
// the open descriptor (so the file judged is the file read). Pipes and standard input pass.
status refuse_if_shared(const struct stat& st, const std::string& path, std::string_view what) {
  if (!S_ISREG(st.st_mode) || (st.st_mode & (S_IRWXG | S_IRWXO)) == 0) return success();
  char mode[8];
  std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 07777));
  return io_error(quoted(what, path) + " has mode " + mode +
                  ": group or others can read or change it, so qrseal refuses it (as ssh refuses "
                  "such a private key); run: chmod 600 '" +
                  path + "'");
}

template <class Out>
result<Out> read_whole(const std::string& path, std::size_t max_bytes, std::string_view what,
                       bool owner_only) {
  Out out;
  if (path == "-") {
    if (auto s = read_fd(STDIN_FILENO, "standard input", max_bytes, what, out); !s)
      return std::move(s).error();
    return out;
  }
  const open_fd file{::open(path.c_str(), O_RDONLY | O_CLOEXEC)};
  if (file.fd < 0)
    return io_error("cannot open " + quoted(what, path) + ": " + std::strerror(errno));
  struct stat st {};
  if (::fstat(file.fd, &st) == 0 && S_ISDIR(st.st_mode))
    return io_error(quoted(what, path) + " is a directory");
  if (owner_only)
    if (auto s = refuse_if_shared(st, path, what); !s) return std::move(s).error();
  if (auto s = read_fd(file.fd, path, max_bytes, what, out); !s) return std::move(s).error();
  return out;
}

}  // namespace

result<std::string> read_file(const std::string& path, std::size_t max_bytes,
                              std::string_view what) {
  return read_whole<std::string>(path, max_bytes, what, false);
}

result<secret_string> read_secret_file(const std::string& path, std::size_t max_bytes,
                                       std::string_view what) {
  return read_whole<secret_string>(path, max_bytes, what, false);
}

result<secret_string> read_private_file(const std::string& path, std::size_t max_bytes,
                                        std::string_view what) {
  return read_whole<secret_string>(path, max_bytes, what, true);
}

result<std::string> read_qr_text_file(const std::string& path, std::string_view what) {
  // A QR text is at most 4296 characters; allow generous slack for a trailing newline.
  auto text = read_file(path, 1 << 20, what);
  if (!text) return text;
  while (!text->empty() && (text->back() == '\n' || text->back() == '\r')) text->pop_back();
  return text;
}

std::string what_file_seems(std::string_view bytes) {
  const auto has = [&](std::string_view prefix) { return bytes.starts_with(prefix); };
  if (has("qrseal-public-key")) return "it looks like a qrseal public key file (.pub)";
  if (has("qrseal-secret-key")) return "it looks like a qrseal SECRET key file (.key)";
  if (looks_like_public_key_pem(bytes)) return "it looks like a public key (PEM)";
  if (bytes.find("PRIVATE KEY-----") != std::string_view::npos)
    return "it looks like a SECRET key (PEM)";
  if (has("QS1:") || has("QL1:")) return "it looks like a credential's QR text";
  if (has("QT1:")) return "it looks like a key-update sheet's text (QT1:); give the .cose file";
  if (has("\x89PNG") || has("\xFF\xD8\xFF")) return "it looks like an image";
  if (has("SQLite format 3")) return "it looks like an SQLite database";
  return {};
}

}  // namespace qrseal
