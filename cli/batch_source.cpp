#include "batch_source.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include "common.hpp"

namespace qrseal::cli {

batch_source::batch_source(const std::string& path) : fd_(STDIN_FILENO) {
  if (path != "-") {
    fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd_ < 0)
      throw failure("cannot open the batch input '" + path + "': " + std::strerror(errno));
    name_ = path;
  }
  struct stat st {};
  if (::fstat(fd_, &st) == 0) {
    if (S_ISDIR(st.st_mode)) {
      if (fd_ != STDIN_FILENO) ::close(fd_);
      throw failure("the batch input '" + path + "' is a directory");
    }
    if (S_ISREG(st.st_mode)) size_ = static_cast<std::uint64_t>(st.st_size);
  }
}

batch_source::~batch_source() {
  if (fd_ != STDIN_FILENO) ::close(fd_);
}

result<std::size_t> batch_source::read(char* buffer, std::size_t capacity) {
  if (prefix_used_ < prefix_.size()) {
    const std::size_t n = std::min(capacity, prefix_.size() - prefix_used_);
    std::memcpy(buffer, prefix_.data() + prefix_used_, n);
    prefix_used_ += n;
    return n;
  }
  for (;;) {
    const ssize_t n = ::read(fd_, buffer, capacity);
    if (n >= 0) return static_cast<std::size_t>(n);
    if (errno != EINTR)
      return error{errc::io_error, "cannot read '" + name_ + "': " + std::strerror(errno)};
  }
}

batch_format batch_source::sniff() {
  prefix_.resize(4096);
  std::size_t got = 0;
  while (got < prefix_.size()) {
    const ssize_t n = ::read(fd_, prefix_.data() + got, prefix_.size() - got);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    got += static_cast<std::size_t>(n);
  }
  prefix_.resize(got);
  const auto first = prefix_.find_first_not_of(" \t\r\n");
  return first != std::string::npos && prefix_[first] == '{' ? batch_format::jsonl
                                                             : batch_format::csv;
}

batch_format batch_format_of(const std::string& path,
                             const std::optional<std::string>& input_format, batch_source& source) {
  if (input_format) {
    if (*input_format == "csv") return batch_format::csv;
    if (*input_format == "jsonl") return batch_format::jsonl;
    throw failure("--input-format: '" + *input_format + "' is not csv or jsonl");
  }
  const std::string ext = std::filesystem::path(path).extension().string();
  if (ext == ".csv") return batch_format::csv;
  if (ext == ".jsonl" || ext == ".ndjson" || ext == ".json") return batch_format::jsonl;
  return source.sniff();
}

}  // namespace qrseal::cli
