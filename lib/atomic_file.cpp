#include "atomic_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace qrseal {
namespace {

std::string errno_text() { return std::strerror(errno); }

std::string parent_of(const std::string& path) {
  const auto slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

// The rename or link itself is durable only once the directory is.
void sync_directory_of(const std::string& path) {
  const int dir = ::open(parent_of(path).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir >= 0) {
    ::fsync(dir);
    ::close(dir);
  }
}

}  // namespace

status write_file_atomically(const std::string& path, std::string_view data,
                             const write_options& options) {
  const bool refuse = options.existing == overwrite::refuse;
  const auto exists = [&path] {
    return error{errc::file_exists, "'" + path + "' already exists; refusing to overwrite it"};
  };
  if (refuse && ::access(path.c_str(), F_OK) == 0) return exists();
  std::string tmp = path + ".tmp.XXXXXX";
  const int fd = ::mkstemp(tmp.data());
  if (fd < 0)
    return error{errc::io_error, "cannot create a file next to '" + path + "': " + errno_text()};
  bool ok = ::fchmod(fd, static_cast<mode_t>(options.mode)) == 0;
  std::size_t written = 0;
  while (ok && written < data.size()) {
    const ssize_t n = ::write(fd, data.data() + written, data.size() - written);
    if (n < 0 && errno == EINTR) continue;
    ok = n > 0;
    if (ok) written += static_cast<std::size_t>(n);
  }
  if (ok && options.sync == durability::synced) ok = ::fsync(fd) == 0;
  const std::string why = ok ? "" : errno_text();
  ok = ::close(fd) == 0 && ok;  // close reports a failed deferred write on some file systems
  if (!ok) {
    const std::string reason = why.empty() ? errno_text() : why;
    ::unlink(tmp.c_str());
    return error{errc::io_error, "cannot write '" + path + "': " + reason};
  }
  if (refuse) {
    // link() fails if the name appeared meanwhile, so a concurrent writer is never clobbered.
    const bool linked = ::link(tmp.c_str(), path.c_str()) == 0;
    const int link_errno = errno;
    ::unlink(tmp.c_str());
    if (!linked) {
      if (link_errno == EEXIST) return exists();
      return error{errc::io_error, "cannot create '" + path + "': " + std::strerror(link_errno)};
    }
  } else if (::rename(tmp.c_str(), path.c_str()) != 0) {
    const std::string reason = errno_text();
    ::unlink(tmp.c_str());
    return error{errc::io_error, "cannot write '" + path + "': " + reason};
  }
  if (options.sync == durability::synced) sync_directory_of(path);
  return success();
}

status sync_folder(const std::string& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return error{errc::io_error, "cannot open '" + dir + "': " + errno_text()};
  const bool ok = ::syncfs(fd) == 0 && ::fsync(fd) == 0;
  const std::string why = ok ? "" : errno_text();
  ::close(fd);
  if (!ok) return error{errc::io_error, "cannot flush '" + dir + "' to disk: " + why};
  return success();
}

namespace detail {

status write_file_atomically(const std::string& path, std::string_view data, unsigned mode,
                             errc code) {
  auto written = qrseal::write_file_atomically(path, data, write_options{.mode = mode});
  if (!written) return error{code, std::move(written).error().message};
  return written;
}

result<std::optional<std::string>> read_small_file(const std::string& path, std::size_t max_bytes,
                                                   errc code) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return std::optional<std::string>();
    return error{code, "cannot open '" + path + "': " + errno_text()};
  }
  std::string out;
  char buf[65536];
  for (;;) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const std::string why = errno_text();
      ::close(fd);
      return error{code, "cannot read '" + path + "': " + why};
    }
    if (n == 0) break;
    if (out.size() + static_cast<std::size_t>(n) > max_bytes) {
      ::close(fd);
      return error{code, "'" + path + "' is larger than " + std::to_string(max_bytes) + " bytes"};
    }
    out.append(buf, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return std::optional<std::string>(std::move(out));
}

}  // namespace detail
}  // namespace qrseal
