#include "handheld.hpp"

#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>

#include "common.hpp"

namespace qrseal::cli {
namespace {

// The number of bytes read: n for a whole frame, less at the end of the stream.
std::size_t read_exact(std::uint8_t* data, std::size_t n) {
  std::size_t got = 0;
  while (got < n) {
    const ssize_t r = ::read(STDIN_FILENO, data + got, n - got);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) break;
    got += static_cast<std::size_t>(r);
  }
  return got;
}

double steady_ms() {
  return std::chrono::duration<double, std::milli>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

std::int64_t wall_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

int run_handheld(const handheld_options& o, const code_handler& handle) {
  bool all_valid = true;
  const frame_pump_report r = run_frame_pump(
      o.pump, read_exact,
      [&](const scanned_code& code, std::uint64_t frame, double ms) {
        all_valid = handle(code, o.fixed_now.value_or(wall_now()), frame, ms) && all_valid;
      },
      steady_ms);
  std::fprintf(stderr, "qrseal: %s\n", frame_pump_report_text(r).c_str());
  if (r.partial_tail) std::fprintf(stderr, "qrseal: warning: the stream ended inside a frame\n");
  if (o.raw) return exit_ok;
  return all_valid && r.reported > 0 ? exit_ok : exit_rejected;
}

}  // namespace qrseal::cli
