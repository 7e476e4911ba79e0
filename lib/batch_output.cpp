#include "batch_output.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <qrseal/atomic_file.hpp>

#include "atomic_file.hpp"
#include "try.hpp"

namespace qrseal::detail {
namespace {

namespace fs = std::filesystem;

error io_failure(std::string what) {
  return error{errc::io_error, std::move(what) + ": " + std::strerror(errno)};
}

// 0600: the rows hold subject ids (ID-like numbers), as journal exports and the ledger do.
result<int> open_file(const std::string& path, int flags) {
  const int fd = ::open(path.c_str(), flags | O_CLOEXEC, 0600);
  if (fd < 0) return io_failure("cannot open '" + path + "'");
  return fd;
}

status pwrite_all(int fd, std::string_view data, std::uint64_t at, const std::string& path) {
  std::size_t done = 0;
  while (done < data.size()) {
    const ssize_t n =
        ::pwrite(fd, data.data() + done, data.size() - done, static_cast<off_t>(at + done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return io_failure("cannot write '" + path + "'");
    done += static_cast<std::size_t>(n);
  }
  return success();
}

status sync_file(int fd, const std::string& path) {
  if (::fdatasync(fd) != 0) return io_failure("cannot flush '" + path + "' to disk");
  return success();
}

std::uint64_t size_of(int fd) {
  struct stat st {};
  return ::fstat(fd, &st) == 0 ? static_cast<std::uint64_t>(st.st_size) : 0;
}

std::string chunk_name(std::uint64_t index) {
  char name[32];
  std::snprintf(name, sizeof name, "chunk-%06" PRIu64, index + 1);
  return name;
}

const char* picture_folder(batch_picture p) {
  switch (p) {
    case batch_picture::png:
      return "png";
    case batch_picture::svg:
      return "svg";
    case batch_picture::card:
      return "cards";
    case batch_picture::none:
      break;
  }
  return "";
}

constexpr std::string_view pending_magic = "qrseal-pending-chunk v1";

}  // namespace

result<batch_output> batch_output::open(std::string dir, batch_picture picture) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec)
    return error{errc::io_error,
                 "cannot create the output directory '" + dir + "': " + ec.message()};
  if (picture != batch_picture::none) {
    const std::string folder = dir + "/" + picture_folder(picture);
    fs::create_directories(folder, ec);
    if (ec) return error{errc::io_error, "cannot create '" + folder + "': " + ec.message()};
  }
  QRSEAL_TRY(credentials, open_file(dir + "/credentials.jsonl", O_RDWR | O_CREAT));
  auto rejected = open_file(dir + "/rejected.jsonl", O_RDWR | O_CREAT);
  if (!rejected) {
    ::close(credentials);
    return std::move(rejected).error();
  }
  return batch_output(std::move(dir), picture, credentials, *rejected);
}

batch_output::batch_output(batch_output&& other) noexcept
    : dir_(std::move(other.dir_)),
      picture_(other.picture_),
      credentials_fd_(std::exchange(other.credentials_fd_, -1)),
      rejected_fd_(std::exchange(other.rejected_fd_, -1)) {}

batch_output::~batch_output() {
  if (credentials_fd_ >= 0) ::close(credentials_fd_);
  if (rejected_fd_ >= 0) ::close(rejected_fd_);
}

bool batch_output::has_previous_output() const {
  return size_of(credentials_fd_) > 0 || size_of(rejected_fd_) > 0;
}

std::string batch_output::part_path(std::uint64_t index) const {
  const std::string folder = dir_ + "/" + picture_folder(picture_) + "/.";
  return folder + chunk_name(index) + (picture_ == batch_picture::card ? ".pdf.part" : ".part");
}

std::string batch_output::final_name(std::uint64_t index) const {
  return std::string(picture_folder(picture_)) + "/" + chunk_name(index) +
         (picture_ == batch_picture::card ? ".pdf" : "");
}

status batch_output::stage(std::uint64_t index, std::string_view credentials,
                           std::string_view rejected) {
  const std::string path = dir_ + "/.pending";
  auto fd = open_file(path, O_WRONLY | O_CREAT | O_TRUNC);
  if (!fd) return std::move(fd).error();
  const std::string header = std::string(pending_magic) + " " + std::to_string(index) + " " +
                             std::to_string(credentials.size()) + " " +
                             std::to_string(rejected.size()) + "\n";
  status s = pwrite_all(*fd, header, 0, path);
  if (s) s = pwrite_all(*fd, credentials, header.size(), path);
  if (s) s = pwrite_all(*fd, rejected, header.size() + credentials.size(), path);
  if (s) s = sync_file(*fd, path);
  ::close(*fd);
  return s;
}

status batch_output::publish(std::uint64_t index, std::uint64_t credentials_at,
                             std::string_view credentials, std::uint64_t rejected_at,
                             std::string_view rejected) {
  const std::string cred_path = dir_ + "/credentials.jsonl";
  const std::string rej_path = dir_ + "/rejected.jsonl";
  QRSEAL_TRY_STATUS(pwrite_all(credentials_fd_, credentials, credentials_at, cred_path));
  QRSEAL_TRY_STATUS(pwrite_all(rejected_fd_, rejected, rejected_at, rej_path));
  // Durable before the next chunk overwrites .pending, which is this chunk's only redo record.
  if (!credentials.empty()) QRSEAL_TRY_STATUS(sync_file(credentials_fd_, cred_path));
  if (!rejected.empty()) QRSEAL_TRY_STATUS(sync_file(rejected_fd_, rej_path));
  return publish_pictures(index);
}

status batch_output::publish_pictures(std::uint64_t index) {
  if (picture_ == batch_picture::none) return success();
  const std::string part = part_path(index);
  const std::string final_path = dir_ + "/" + final_name(index);
  std::error_code ec;
  if (!fs::exists(part, ec)) return success();  // no pictures in this chunk, or already renamed
  // The pictures were written without a flush each (durability::deferred): one flush for all.
  if (fs::is_directory(part, ec)) QRSEAL_TRY_STATUS(sync_folder(part));
  if (fs::is_directory(final_path, ec)) fs::remove_all(final_path, ec);
  if (::rename(part.c_str(), final_path.c_str()) != 0)
    return io_failure("cannot rename '" + part + "' to '" + final_path + "'");
  return success();
}

result<bool> batch_output::repair(const batch_job& job) {
  bool redone = false;
  const std::string cred_path = dir_ + "/credentials.jsonl";
  const std::string rej_path = dir_ + "/rejected.jsonl";
  if (job.chunks > 0) {
    // The redo record of the last committed chunk, if that is the one it holds.
    QRSEAL_TRY(read, read_small_file(dir_ + "/.pending", std::size_t{1} << 30, errc::io_error));
    const std::string pending = read.value_or("");
    const auto eol = pending.find('\n');
    std::uint64_t index = 0, n_cred = 0, n_rej = 0;
    char magic[32] = {};
    if (eol != std::string::npos &&
        std::sscanf(pending.c_str(), "%31[^ ] v1 %" SCNu64 " %" SCNu64 " %" SCNu64, magic, &index,
                    &n_cred, &n_rej) == 4 &&
        pending.compare(0, pending_magic.size(), pending_magic) == 0 && index + 1 == job.chunks &&
        eol + 1 + n_cred + n_rej == pending.size() && n_cred <= job.credentials_bytes &&
        n_rej <= job.rejected_bytes) {
      const std::string_view body(pending);
      const auto cred_at = job.credentials_bytes - n_cred;
      const auto rej_at = job.rejected_bytes - n_rej;
      redone = size_of(credentials_fd_) < job.credentials_bytes ||
               size_of(rejected_fd_) < job.rejected_bytes;
      QRSEAL_TRY_STATUS(publish(index, cred_at, body.substr(eol + 1, n_cred), rej_at,
                                body.substr(eol + 1 + n_cred, n_rej)));
    }
  }
  // Output beyond what the ledger holds was never made final: cut it off.
  if (size_of(credentials_fd_) < job.credentials_bytes ||
      size_of(rejected_fd_) < job.rejected_bytes)
    return error{errc::batch_job_mismatch,
                 "the files in '" + dir_ +
                     "' are shorter than the ledger records and no redo "
                     "record can complete them; they were changed by hand"};
  if (::ftruncate(credentials_fd_, static_cast<off_t>(job.credentials_bytes)) != 0 ||
      ::ftruncate(rejected_fd_, static_cast<off_t>(job.rejected_bytes)) != 0)
    return io_failure("cannot cut '" + dir_ + "' back to the ledger's last chunk");
  QRSEAL_TRY_STATUS(sync_file(credentials_fd_, cred_path));
  QRSEAL_TRY_STATUS(sync_file(rejected_fd_, rej_path));
  // Pictures of chunks that were never committed.
  if (picture_ != batch_picture::none) {
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir_ + "/" + picture_folder(picture_), ec)) {
      const std::string name = entry.path().filename().string();
      if (name.rfind(".chunk-", 0) == 0 || name.find(".tmp") != std::string::npos)
        fs::remove_all(entry.path(), ec);
    }
  }
  return redone;
}

status batch_output::finish() {
  // The last chunk's redo record is no longer needed once the job is marked complete.
  const std::string pending_path = dir_ + "/.pending";
  if (::unlink(pending_path.c_str()) != 0 && errno != ENOENT)
    return io_failure("cannot remove '" + pending_path + "'");
  const int dir_fd = ::open(dir_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd >= 0) {
    ::fsync(dir_fd);
    ::close(dir_fd);
  }
  return success();
}

status batch_output::for_each_subject(std::uint64_t length,
                                      const std::function<void(std::string_view)>& visit) const {
  // Each line of credentials.jsonl starts {"subject_id":"..." (written by batch_issue.cpp).
  constexpr std::string_view head = "{\"subject_id\":";
  const std::string path = dir_ + "/credentials.jsonl";
  std::string buffer, carry;
  buffer.resize(std::size_t{1} << 20);
  std::uint64_t at = 0;
  auto line_done = [&](std::string_view line) {
    if (line.substr(0, head.size()) != head) return;
    std::string_view rest = line.substr(head.size());
    std::size_t end = 1;
    while (end < rest.size() && rest[end] != '"') end += rest[end] == '\\' ? 2 : 1;
    if (rest.empty() || rest[0] != '"' || end >= rest.size()) return;
    const auto id = nlohmann::json::parse(rest.substr(0, end + 1), nullptr, false);
    if (id.is_string()) visit(id.get_ref<const std::string&>());
  };
  while (at < length) {
    const auto want = static_cast<std::size_t>(std::min<std::uint64_t>(buffer.size(), length - at));
    const ssize_t n = ::pread(credentials_fd_, buffer.data(), want, static_cast<off_t>(at));
    if (n <= 0) return io_failure("cannot read '" + path + "'");
    at += static_cast<std::uint64_t>(n);
    std::string_view piece(buffer.data(), static_cast<std::size_t>(n));
    for (std::size_t nl; (nl = piece.find('\n')) != std::string_view::npos;) {
      if (carry.empty()) {
        line_done(piece.substr(0, nl));
      } else {
        carry.append(piece.substr(0, nl));
        line_done(carry);
        carry.clear();
      }
      piece.remove_prefix(nl + 1);
    }
    carry.append(piece);
  }
  if (!carry.empty()) line_done(carry);
  return success();
}

}  // namespace qrseal::detail
