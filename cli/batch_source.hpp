// Where a batch job's rows come from: a file or standard input, read as plain bytes, and
// which format they are in (--input-format, else the extension, else the first byte).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <qrseal/batch_input.hpp>
#include <qrseal/result.hpp>
#include <string>

namespace qrseal::cli {

class batch_source {
 public:
  explicit batch_source(const std::string& path);  // "-" is standard input
  ~batch_source();
  batch_source(const batch_source&) = delete;
  batch_source& operator=(const batch_source&) = delete;

  // For batch_record_reader: fills the buffer, 0 at the end.
  result<std::size_t> read(char* buffer, std::size_t capacity);
  // The first non-blank byte decides: '{' is JSON Lines, anything else CSV. The bytes read to
  // decide are handed out again by read().
  batch_format sniff();

  const std::string& name() const { return name_; }
  std::optional<std::uint64_t> size() const { return size_; }  // a regular file's size

 private:
  int fd_;
  std::string name_ = "standard input";
  std::optional<std::uint64_t> size_;
  std::string prefix_;
  std::size_t prefix_used_ = 0;
};

// --input-format (csv or jsonl), else the extension of `path`, else the first byte.
batch_format batch_format_of(const std::string& path,
                             const std::optional<std::string>& input_format, batch_source& source);

}  // namespace qrseal::cli
