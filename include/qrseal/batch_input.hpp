// Batch input for the issuing authority: CSV (RFC 4180, header row) or JSON Lines, read as a
// stream of records so that memory stays flat however long the input is.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <qrseal/result.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace qrseal {

enum class batch_format { csv, jsonl };

// "csv" or "jsonl".
std::string_view to_string(batch_format format) noexcept;

// The longest record (one person) accepted, in bytes; a longer one is rejected on its own and
// reading goes on at the next line.
inline constexpr std::size_t max_batch_row_bytes = 16 * 1024;

struct batch_record {
  std::uint64_t line = 0;        // first physical line of the record, from 1
  std::string text;              // the record without its line end
  std::optional<error> problem;  // too long or badly quoted: reject with this reason
};

// Splits a byte stream into records: one line for JSON Lines; for CSV a line, or several where
// a quoted field holds a line break. Empty lines are skipped. Also keeps the byte offset and
// the number of lines consumed, which is what resuming a killed job is measured in.
class batch_record_reader {
 public:
  // Fills the buffer, returning the number of bytes read, 0 at the end, or an error.
  using source = std::function<result<std::size_t>(char* buffer, std::size_t capacity)>;

  batch_record_reader(batch_format format, source read);

  // The next record, or nullopt at the end of the input.
  result<std::optional<batch_record>> next();

  std::uint64_t bytes_consumed() const noexcept { return consumed_; }
  std::uint64_t lines_consumed() const noexcept { return lines_; }
  // Called with every byte consumed, in order (for the input fingerprint of a resumable job).
  void on_consumed(std::function<void(std::string_view)> observer) {
    observer_ = std::move(observer);
  }

 private:
  result<bool> fill();
  void consume(std::size_t n);

  batch_format format_;
  source read_;
  std::vector<char> buffer_;
  std::size_t begin_ = 0;
  std::size_t end_ = 0;
  bool eof_ = false;
  std::uint64_t consumed_ = 0;
  std::uint64_t lines_ = 0;
  std::function<void(std::string_view)> observer_;
};

// Where a batch job's rows come from: a file or standard input, read as plain bytes.
class batch_source {
 public:
  // A file; errc::io_error when it cannot be opened or is a directory.
  static result<batch_source> open(const std::string& path);
  // The process's standard input (not closed by the source), named "standard input".
  static batch_source standard_input();

  batch_source(batch_source&& other) noexcept;
  batch_source& operator=(batch_source&&) = delete;
  batch_source(const batch_source&) = delete;
  batch_source& operator=(const batch_source&) = delete;
  ~batch_source();

  // For batch_record_reader: fills the buffer, 0 at the end.
  result<std::size_t> read(char* buffer, std::size_t capacity);

  // `given` when there is one, else by the file's extension (.csv; .jsonl, .ndjson, .json), else
  // by the first non-blank byte: '{' is JSON Lines, anything else CSV (the bytes read to decide
  // are handed out again by read()).
  batch_format format(std::optional<batch_format> given = std::nullopt);

  const std::string& name() const noexcept { return name_; }  // the path, or "standard input"
  std::optional<std::uint64_t> size() const noexcept { return size_; }  // a regular file's size

 private:
  batch_source(int fd, bool owned, std::string name, std::optional<std::uint64_t> size)
      : fd_(fd), owned_(owned), name_(std::move(name)), size_(size) {}

  int fd_;
  bool owned_;
  std::string name_;
  std::optional<std::uint64_t> size_;
  std::string prefix_;
  std::size_t prefix_used_ = 0;
};

// "csv" or "jsonl"; errc::invalid_argument naming both otherwise.
result<batch_format> parse_batch_format(std::string_view name);

// The fields of one CSV record (RFC 4180: commas, double quotes, "" for a quote, optional CR
// before the line end). Refuses text after a closing quote and a quote inside an unquoted field.
result<std::vector<std::string>> split_csv_record(std::string_view record);

}  // namespace qrseal
