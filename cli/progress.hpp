// Progress of a long job on stderr: a redrawn bar on a terminal, a plain line every few seconds
// otherwise (logs), and a summary at the end.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace qrseal::cli {

class progress_meter {
 public:
  // `total_bytes`: the input's size when known (a regular file), for the percentage and ETA.
  explicit progress_meter(std::optional<std::uint64_t> total_bytes, std::uint64_t start_bytes = 0);

  void update(std::uint64_t rows, std::uint64_t bytes);
  void finish();  // ends the bar's line
  double elapsed_seconds() const;

 private:
  void draw(std::uint64_t rows, std::uint64_t bytes, double seconds);

  std::optional<std::uint64_t> total_;
  std::uint64_t start_bytes_;
  bool terminal_;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_draw_;
  bool drawn_ = false;
};

}  // namespace qrseal::cli
