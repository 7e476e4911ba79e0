#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <qrseal/batch_input.hpp>

namespace qrseal {
namespace {

constexpr std::size_t buffer_capacity = std::size_t{64} << 10;
static_assert(buffer_capacity > 2 * max_batch_row_bytes);

error row_problem(std::string why) { return error{errc::batch_row, std::move(why)}; }

std::string_view strip_cr(std::string_view s) {
  if (!s.empty() && s.back() == '\r') s.remove_suffix(1);
  return s;
}

bool is_blank(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c == ' ' || c == '\t'; });
}

}  // namespace

std::string_view to_string(batch_format format) noexcept {
  return format == batch_format::csv ? "csv" : "jsonl";
}

result<batch_format> parse_batch_format(std::string_view name) {
  if (name == "csv") return batch_format::csv;
  if (name == "jsonl") return batch_format::jsonl;
  return error{errc::invalid_argument, "'" + std::string(name) + "' is not csv or jsonl"};
}

result<batch_source> batch_source::open(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return error{errc::io_error,
                 "cannot open the batch input '" + path + "': " + std::strerror(errno)};
  batch_source source(fd, true, path, std::nullopt);
  struct stat st {};
  if (::fstat(fd, &st) == 0) {
    if (S_ISDIR(st.st_mode))
      return error{errc::io_error, "the batch input '" + path + "' is a directory"};
    if (S_ISREG(st.st_mode)) source.size_ = static_cast<std::uint64_t>(st.st_size);
  }
  return source;
}

batch_source batch_source::standard_input() {
  std::optional<std::uint64_t> size;
  struct stat st {};
  if (::fstat(STDIN_FILENO, &st) == 0 && S_ISREG(st.st_mode))
    size = static_cast<std::uint64_t>(st.st_size);
  return batch_source(STDIN_FILENO, false, "standard input", size);
}

batch_source::batch_source(batch_source&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)),
      owned_(std::exchange(other.owned_, false)),
      name_(std::move(other.name_)),
      size_(other.size_),
      prefix_(std::move(other.prefix_)),
      prefix_used_(other.prefix_used_) {}

batch_source::~batch_source() {
  if (owned_ && fd_ >= 0) ::close(fd_);
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

batch_format batch_source::format(std::optional<batch_format> given) {
  if (given) return *given;
  if (owned_) {
    const std::string ext = std::filesystem::path(name_).extension().string();
    if (ext == ".csv") return batch_format::csv;
    if (ext == ".jsonl" || ext == ".ndjson" || ext == ".json") return batch_format::jsonl;
  }
  if (prefix_used_ == 0 && prefix_.empty()) {
    prefix_.resize(4096);
    std::size_t got = 0;
    while (got < prefix_.size()) {
      const ssize_t n = ::read(fd_, prefix_.data() + got, prefix_.size() - got);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      got += static_cast<std::size_t>(n);
    }
    prefix_.resize(got);
  }
  const auto first = prefix_.find_first_not_of(" \t\r\n");
  return first != std::string::npos && prefix_[first] == '{' ? batch_format::jsonl
                                                             : batch_format::csv;
}

batch_record_reader::batch_record_reader(batch_format format, source read)
    : format_(format), read_(std::move(read)), buffer_(buffer_capacity) {}

result<bool> batch_record_reader::fill() {
  if (begin_ > 0) {
    std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
  }
  auto n = read_(buffer_.data() + end_, buffer_.size() - end_);
  if (!n) return std::move(n).error();
  if (*n == 0) eof_ = true;
  end_ += *n;
  return *n > 0;
}

void batch_record_reader::consume(std::size_t n) {
  const std::string_view bytes(buffer_.data() + begin_, n);
  lines_ += static_cast<std::uint64_t>(std::count(bytes.begin(), bytes.end(), '\n'));
  consumed_ += n;
  if (observer_) observer_(bytes);
  begin_ += n;
}

result<std::optional<batch_record>> batch_record_reader::next() {
  // Where the search for the record's end got to, and whether it is inside quotes there: kept
  // across reads, so a record that arrives in many small reads is scanned once.
  std::size_t scanned = 0;
  bool quoted = false;
  for (;;) {
    std::size_t newline = end_;
    for (std::size_t i = begin_ + scanned; i < end_; ++i) {
      const char c = buffer_[i];
      if (c == '"' && format_ == batch_format::csv) {
        quoted = !quoted;
      } else if (c == '\n' && !quoted) {
        newline = i;
        break;
      }
    }
    scanned = newline - begin_;
    const std::size_t length = newline - begin_;
    batch_record record;
    record.line = lines_ + 1;
    if (length > max_batch_row_bytes) {
      // Report once, then skip to the next line end whatever the quotes say: a stray quote
      // must not swallow the rest of the file.
      record.problem =
          row_problem("the row is longer than " + std::to_string(max_batch_row_bytes) + " bytes");
      for (;;) {
        const auto* start = buffer_.data() + begin_;
        const auto* nl = static_cast<const char*>(std::memchr(start, '\n', end_ - begin_));
        if (nl) {
          consume(static_cast<std::size_t>(nl - start) + 1);
          break;
        }
        consume(end_ - begin_);
        if (eof_) break;
        auto more = fill();
        if (!more) return std::move(more).error();
      }
      return std::optional<batch_record>(std::move(record));
    }
    if (newline < end_ || eof_) {
      if (newline == end_ && begin_ == end_) return std::optional<batch_record>();
      const std::string_view text = strip_cr({buffer_.data() + begin_, length});
      if (newline == end_ && quoted)
        record.problem = row_problem("a quoted field is not closed before the end of the input");
      record.text.assign(text);
      consume(newline < end_ ? length + 1 : length);
      if (is_blank(record.text) && !record.problem) {
        scanned = 0;
        quoted = false;
        continue;
      }
      return std::optional<batch_record>(std::move(record));
    }
    auto more = fill();
    if (!more) return std::move(more).error();
  }
}

result<std::vector<std::string>> split_csv_record(std::string_view record) {
  std::vector<std::string> fields;
  std::string field;
  std::size_t i = 0;
  for (;;) {
    field.clear();
    if (i < record.size() && record[i] == '"') {
      const std::size_t opened = i++;
      for (;;) {
        if (i >= record.size())
          return row_problem("field " + std::to_string(fields.size() + 1) + ": the quote at byte " +
                             std::to_string(opened + 1) + " is not closed");
        if (record[i] == '"') {
          if (i + 1 < record.size() && record[i + 1] == '"') {
            field.push_back('"');
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        field.push_back(record[i++]);
      }
      if (i < record.size() && record[i] != ',')
        return row_problem("field " + std::to_string(fields.size() + 1) +
                           ": text after the closing quote at byte " + std::to_string(i + 1));
    } else {
      const std::size_t start = i;
      while (i < record.size() && record[i] != ',') {
        if (record[i] == '"')
          return row_problem("field " + std::to_string(fields.size() + 1) +
                             ": a quote inside an unquoted field at byte " + std::to_string(i + 1) +
                             " (quote the whole field)");
        ++i;
      }
      field.assign(record.substr(start, i - start));
    }
    fields.push_back(field);
    if (i >= record.size()) break;
    ++i;  // the comma
  }
  return fields;
}

}  // namespace qrseal
