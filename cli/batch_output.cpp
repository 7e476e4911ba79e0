#include "batch_output.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "common.hpp"

namespace qrseal::cli {
namespace {

namespace fs = std::filesystem;

std::string errno_text() { return std::strerror(errno); }

// 0600: the rows hold subject ids (ID-like numbers), as journal exports and the ledger do.
int open_or_fail(const std::string& path, int flags) {
  const int fd = ::open(path.c_str(), flags | O_CLOEXEC, 0600);
  if (fd < 0) throw failure("cannot open '" + path + "': " + errno_text());
  return fd;
}

void pwrite_all(int fd, std::string_view data, std::uint64_t at, const std::string& path) {
  std::size_t done = 0;
  while (done < data.size()) {
    const ssize_t n =
        ::pwrite(fd, data.data() + done, data.size() - done, static_cast<off_t>(at + done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) throw failure("cannot write '" + path + "': " + errno_text());
    done += static_cast<std::size_t>(n);
  }
}

void sync_or_fail(int fd, const std::string& path) {
  if (::fdatasync(fd) != 0) throw failure("cannot flush '" + path + "' to disk: " + errno_text());
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

batch_output::batch_output(std::string dir, batch_picture picture)
    : dir_(std::move(dir)), picture_(picture) {
  std::error_code ec;
  fs::create_directories(dir_, ec);
  if (ec) throw failure("cannot create the output directory '" + dir_ + "': " + ec.message());
  if (picture_ != batch_picture::none) {
    fs::create_directories(dir_ + "/" + picture_folder(picture_), ec);
    if (ec)
      throw failure("cannot create '" + dir_ + "/" + picture_folder(picture_) +
                    "': " + ec.message());
  }
  credentials_fd_ = open_or_fail(dir_ + "/credentials.jsonl", O_RDWR | O_CREAT);
  rejected_fd_ = open_or_fail(dir_ + "/rejected.jsonl", O_RDWR | O_CREAT);
}

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

void batch_output::stage(std::uint64_t index, std::string_view credentials,
                         std::string_view rejected) {
  const std::string path = dir_ + "/.pending";
  const int fd = open_or_fail(path, O_WRONLY | O_CREAT | O_TRUNC);
  const std::string header = std::string(pending_magic) + " " + std::to_string(index) + " " +
                             std::to_string(credentials.size()) + " " +
                             std::to_string(rejected.size()) + "\n";
  try {
    pwrite_all(fd, header, 0, path);
    pwrite_all(fd, credentials, header.size(), path);
    pwrite_all(fd, rejected, header.size() + credentials.size(), path);
    sync_or_fail(fd, path);
  } catch (...) {
    ::close(fd);
    throw;
  }
  ::close(fd);
}

void batch_output::publish(std::uint64_t index, std::uint64_t credentials_at,
                           std::string_view credentials, std::uint64_t rejected_at,
                           std::string_view rejected) {
  pwrite_all(credentials_fd_, credentials, credentials_at, dir_ + "/credentials.jsonl");
  pwrite_all(rejected_fd_, rejected, rejected_at, dir_ + "/rejected.jsonl");
  // Durable before the next chunk overwrites .pending, which is this chunk's only redo record.
  if (!credentials.empty()) sync_or_fail(credentials_fd_, dir_ + "/credentials.jsonl");
  if (!rejected.empty()) sync_or_fail(rejected_fd_, dir_ + "/rejected.jsonl");
  publish_pictures(index);
}

void batch_output::publish_pictures(std::uint64_t index) {
  if (picture_ == batch_picture::none) return;
  const std::string part = part_path(index);
  const std::string final_path = dir_ + "/" + final_name(index);
  std::error_code ec;
  if (!fs::exists(part, ec)) return;  // no pictures in this chunk, or already renamed
  if (fs::is_directory(final_path, ec)) fs::remove_all(final_path, ec);
  if (::rename(part.c_str(), final_path.c_str()) != 0)
    throw failure("cannot rename '" + part + "' to '" + final_path + "': " + errno_text());
}

bool batch_output::repair(const batch_job& job) {
  bool redone = false;
  const std::string cred_path = dir_ + "/credentials.jsonl";
  const std::string rej_path = dir_ + "/rejected.jsonl";
  if (job.chunks > 0) {
    // The redo record of the last committed chunk, if that is the one it holds.
    const std::string pending_path = dir_ + "/.pending";
    std::string pending;
    if (fs::exists(pending_path))
      pending = read_file(pending_path, std::size_t{1} << 30, "redo record");
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
      publish(index, cred_at, body.substr(eol + 1, n_cred), rej_at,
              body.substr(eol + 1 + n_cred, n_rej));
    }
  }
  // Output beyond what the ledger holds was never made final: cut it off.
  if (size_of(credentials_fd_) < job.credentials_bytes ||
      size_of(rejected_fd_) < job.rejected_bytes)
    throw failure("the files in '" + dir_ +
                  "' are shorter than the ledger records and no redo "
                  "record can complete them; they were changed by hand");
  if (::ftruncate(credentials_fd_, static_cast<off_t>(job.credentials_bytes)) != 0 ||
      ::ftruncate(rejected_fd_, static_cast<off_t>(job.rejected_bytes)) != 0)
    throw failure("cannot cut '" + dir_ + "' back to the ledger's last chunk: " + errno_text());
  sync_or_fail(credentials_fd_, cred_path);
  sync_or_fail(rejected_fd_, rej_path);
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

}  // namespace qrseal::cli

namespace qrseal::cli {

void batch_output::finish() {
  // The last chunk's redo record is no longer needed once the job is marked complete.
  const std::string pending_path = dir_ + "/.pending";
  if (::unlink(pending_path.c_str()) != 0 && errno != ENOENT)
    throw failure("cannot remove '" + pending_path + "': " + errno_text());
  const int dir_fd = ::open(dir_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd >= 0) {
    ::fsync(dir_fd);
    ::close(dir_fd);
  }
}

}  // namespace qrseal::cli

namespace qrseal::cli {

void batch_output::for_each_subject(std::uint64_t length,
                                    const std::function<void(std::string_view)>& visit) const {
  // Each line of credentials.jsonl starts {"subject_id":"..." (written by batch_issue).
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
    const std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(buffer.size(), length - at));
    const ssize_t n = ::pread(credentials_fd_, buffer.data(), want, static_cast<off_t>(at));
    if (n <= 0) throw failure("cannot read '" + path + "': " + errno_text());
    at += static_cast<std::uint64_t>(n);
    std::string_view chunk(buffer.data(), static_cast<std::size_t>(n));
    for (std::size_t nl; (nl = chunk.find('\n')) != std::string_view::npos;) {
      if (carry.empty()) {
        line_done(chunk.substr(0, nl));
      } else {
        carry.append(chunk.substr(0, nl));
        line_done(carry);
        carry.clear();
      }
      chunk.remove_prefix(nl + 1);
    }
    carry.append(chunk);
  }
  if (!carry.empty()) line_done(carry);
}

}  // namespace qrseal::cli
