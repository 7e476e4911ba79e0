#include "progress.hpp"

#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <qrseal/time.hpp>

namespace qrseal::cli {
namespace {

std::string rate_text(double per_second) {
  char buf[32];
  if (per_second >= 1000)
    std::snprintf(buf, sizeof buf, "%.1fk", per_second / 1000);
  else
    std::snprintf(buf, sizeof buf, "%.0f", per_second);
  return buf;
}

}  // namespace

progress_meter::progress_meter(std::optional<std::uint64_t> total_bytes, std::uint64_t start_bytes)
    : total_(total_bytes),
      start_bytes_(start_bytes),
      terminal_(::isatty(STDERR_FILENO) == 1),
      start_(std::chrono::steady_clock::now()),
      last_draw_(start_) {}

double progress_meter::elapsed_seconds() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
}

void progress_meter::update(std::uint64_t rows, std::uint64_t bytes) {
  const auto now = std::chrono::steady_clock::now();
  const auto every = terminal_ ? std::chrono::milliseconds(250) : std::chrono::seconds(5);
  if (now - last_draw_ < every) return;
  last_draw_ = now;
  draw(rows, bytes, std::chrono::duration<double>(now - start_).count());
}

void progress_meter::draw(std::uint64_t rows, std::uint64_t bytes, double seconds) {
  const double rate = seconds > 0 ? static_cast<double>(rows) / seconds : 0;
  std::string line = std::to_string(rows) + " rows, " + rate_text(rate) + " rows/s";
  if (total_ && *total_ > start_bytes_ && bytes >= start_bytes_) {
    const double done =
        static_cast<double>(bytes - start_bytes_) / static_cast<double>(*total_ - start_bytes_);
    const double fraction = done > 1 ? 1 : done;
    char pct[16];
    std::snprintf(pct, sizeof pct, "%5.1f%%",
                  100 * static_cast<double>(bytes) / static_cast<double>(*total_));
    std::string eta = fraction > 0 ? format_elapsed(seconds / fraction - seconds) : "?";
    if (terminal_) {
      constexpr int width = 30;
      const int filled = static_cast<int>(fraction * width);
      line = "[" + std::string(static_cast<std::size_t>(filled), '#') +
             std::string(static_cast<std::size_t>(width - filled), '.') + "] " + pct + "  " + line +
             ", ETA " + eta;
    } else {
      line = std::string(pct) + ", " + line + ", ETA " + eta;
    }
  }
  if (terminal_)
    std::cerr << "\r\033[K" << line << std::flush;
  else
    std::cerr << "qrseal: " << line << "\n";
  drawn_ = true;
}

void progress_meter::finish() {
  if (terminal_ && drawn_) std::cerr << "\r\033[K" << std::flush;
}

}  // namespace qrseal::cli
