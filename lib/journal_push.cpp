#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <map>
#include <nlohmann/json.hpp>
#include <qrseal/hex.hpp>
#include <qrseal/journal_push.hpp>
#include <qrseal/mirror_index.hpp>
#include <qrseal/time.hpp>
#include <sstream>

#include "atomic_file.hpp"

namespace qrseal {
namespace {

// Two pushes from one state at once would each send the same range and then race on the
// watermark: one holds this lock (released by the kernel when the process dies, even by SIGKILL).
class push_lock {
 public:
  explicit push_lock(const std::string& path)
      : fd_(::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600)) {}
  ~push_lock() {
    if (fd_ >= 0) ::close(fd_);
  }
  push_lock(const push_lock&) = delete;
  push_lock& operator=(const push_lock&) = delete;
  status take() {
    if (fd_ < 0)
      return error{errc::state_error,
                   std::string("cannot open the push lock: ") + std::strerror(errno)};
    if (::flock(fd_, LOCK_EX | LOCK_NB) != 0)
      return error{errc::state_error, errno == EWOULDBLOCK
                                          ? "another journal push from this state is running"
                                          : std::string("cannot lock: ") + std::strerror(errno)};
    return success();
  }

 private:
  int fd_;
};

struct progress {
  std::int64_t acked = 0;
  std::optional<std::pair<std::int64_t, std::int64_t>> sending;
};

std::optional<std::int64_t> number(std::string_view s) {
  std::int64_t v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || v < 0) return std::nullopt;
  return v;
}

// Lines "URL\tACKED\tFIRST\tLAST" (FIRST and LAST 0 when nothing is being sent). Unlike the
// mirror cache, a damaged file is an error: guessing could send records twice or never.
result<std::map<std::string, progress>> read_progress(const std::string& path) {
  std::map<std::string, progress> out;
  auto text = detail::read_small_file(path, 1 << 20, errc::state_error);
  if (!text) return std::move(text).error();
  if (!*text) return out;
  std::istringstream in(**text);
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    std::vector<std::string> f;
    std::size_t start = 0;
    for (std::size_t tab; (tab = line.find('\t', start)) != std::string::npos; start = tab + 1)
      f.push_back(line.substr(start, tab - start));
    f.push_back(line.substr(start));
    const auto acked = f.size() == 4 ? number(f[1]) : std::nullopt;
    const auto first = f.size() == 4 ? number(f[2]) : std::nullopt;
    const auto last = f.size() == 4 ? number(f[3]) : std::nullopt;
    if (!acked || !first || !last || *first > *last)
      return error{errc::state_error, path + " line " + std::to_string(n) +
                                          ": not URL, acked, first, last (a damaged file; "
                                          "restore it, or push to a new collection)"};
    progress p;
    p.acked = *acked;
    if (*first > 0) p.sending = {{*first, *last}};
    out[f[0]] = p;
  }
  return out;
}

status write_progress(const std::string& path, const std::map<std::string, progress>& all) {
  std::string text;
  for (const auto& [url, p] : all)
    text += url + "\t" + std::to_string(p.acked) + "\t" +
            std::to_string(p.sending ? p.sending->first : 0) + "\t" +
            std::to_string(p.sending ? p.sending->second : 0) + "\n";
  return detail::write_file_atomically(path, text, 0600, errc::state_error);
}

std::string padded(std::int64_t id) {
  std::string s = std::to_string(id);
  return std::string(s.size() < 12 ? 12 - s.size() : 0, '0') + s;
}

}  // namespace

std::string journal_device_id(const journal_key& key) {
  constexpr std::string_view label = "qrseal journal device v1";
  std::vector<std::uint8_t> m(label.begin(), label.end());
  m.insert(m.end(), key.begin(), key.end());
  const sha256_digest d = sha256_of(m);
  std::fill(m.begin(), m.end(), std::uint8_t{0});
  return to_hex(std::span<const std::uint8_t>(d.data(), 8));
}

std::string push_report_text(const push_report& r) {
  std::string out = "journal push: " + std::to_string(r.records) + " record(s) in " +
                    std::to_string(r.files) + " file(s) acknowledged; acknowledged up to id " +
                    std::to_string(r.acked) + "; " + std::to_string(r.waiting) + " waiting\n";
  if (r.fault)
    out += "  stopped: " + std::string(to_string(r.fault->code)) + ": " + r.fault->message +
           " (run it again: it resumes with the same file)\n";
  return out;
}

std::string push_report_json(const push_report& r) {
  nlohmann::ordered_json j;
  j["ok"] = !r.fault;
  j["device"] = r.device;
  j["acked_before"] = r.acked_before;
  j["acked"] = r.acked;
  j["files"] = r.files;
  j["records"] = r.records;
  j["waiting"] = r.waiting;
  j["fault"] = r.fault ? nlohmann::ordered_json{{"code", std::string(to_string(r.fault->code))},
                                                {"message", r.fault->message}}
                       : nlohmann::ordered_json();
  j["requests"] = r.cost.requests;
  j["bytes_in"] = r.cost.bytes_in;
  j["bytes_out"] = r.cost.bytes_out;
  return j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

result<push_report> push_journal(device_state& state, const push_options& options) {
  if (options.url.empty()) return error{errc::invalid_argument, "journal push: no URL to push to"};
  for (unsigned char c : options.url)
    if (c <= 0x20 || c > 0x7E)
      return error{errc::invalid_argument,
                   "journal push: the URL holds spaces or control bytes: '" + options.url + "'"};
  if (options.records_per_file == 0)
    return error{errc::invalid_argument, "journal push: at least one record per file"};
  push_report report;
  report.device = journal_device_id(state.journal_secret());
  const std::string progress_path = state.dir() + "/" + std::string(journal_push_name);
  push_lock lock(progress_path + ".lock");
  if (auto locked = lock.take(); !locked) return std::move(locked).error();
  auto all = read_progress(progress_path);
  if (!all) return std::move(all).error();
  progress& mine = (*all)[options.url];
  report.acked_before = report.acked = mine.acked;

  auto opened = journal::open(state.journal_path());
  if (!opened) return std::move(opened).error();
  auto records = opened->records(0);
  if (!records) return std::move(records).error();
  // Ids only grow, so "not yet acknowledged" is every id above the watermark.
  std::vector<const journal_record*> todo;
  for (const journal_record& r : *records)
    if (r.id > mine.acked) todo.push_back(&r);
  const std::string base = options.url.back() == '/' ? options.url : options.url + std::string("/");

  std::size_t next = 0;
  while (true) {
    std::int64_t first = 0, last = 0;
    if (mine.sending) {
      // A push that was cut off: the very same range again, whatever has been added since.
      std::tie(first, last) = *mine.sending;
    } else {
      if (next >= todo.size()) break;
      const std::size_t end = std::min(todo.size(), next + options.records_per_file);
      first = todo[next]->id;
      last = todo[end - 1]->id;
      mine.sending = {{first, last}};
      if (auto w = write_progress(progress_path, *all); !w) return std::move(w).error();
    }
    std::string body;
    std::uint64_t count = 0;
    for (const journal_record* r : todo) {
      if (r->id < first || r->id > last) continue;
      body += journal_record_json(*r, report.device) + "\n";
      ++count;
    }
    const std::string name = report.device + "-" + padded(first) + "-" + padded(last) + ".jsonl";
    transfer_limits limits = options.limits;
    limits.max_bytes = 64 * 1024;  // the answer to a PUT is small
    if (auto put = http_put(base + name, body, limits, report.cost); !put) {
      report.fault = std::move(put).error();
      break;
    }
    mine.acked = std::max(mine.acked, last);
    mine.sending.reset();
    if (auto w = write_progress(progress_path, *all); !w) return std::move(w).error();
    ++report.files;
    report.records += count;
    report.acked = mine.acked;
    while (next < todo.size() && todo[next]->id <= last) ++next;
  }
  for (const journal_record* r : todo)
    if (r->id > mine.acked) ++report.waiting;
  return report;
}

}  // namespace qrseal
