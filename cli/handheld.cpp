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

void parse_frame_size(const std::string& text, frame_pump_options& o) {
  int w = 0, h = 0;
  char x = 0, extra = 0;
  if (std::sscanf(text.c_str(), "%d%c%d%c", &w, &x, &h, &extra) != 3 || (x != 'x' && x != 'X') ||
      w < 1 || h < 1 || w > max_image_side || h > max_image_side)
    throw failure("--frames: '" + text + "' is not WIDTHxHEIGHT within 1..8192 (e.g. 640x480)");
  o.width = w;
  o.height = h;
}

frame_format parse_pix_fmt(const std::string& text) {
  if (text == "gray" || text == "grey" || text == "y800") return frame_format::gray;
  if (text == "yuyv" || text == "yuyv422") return frame_format::yuyv;
  if (text == "nv12" || text == "nv21" || text == "yuv420p") return frame_format::nv12;
  throw failure("--pix-fmt: '" + text + "' is not gray, yuyv or nv12");
}

int run_handheld(const handheld_options& o, const code_handler& handle) {
  bool all_valid = true;
  const frame_pump_report r = run_frame_pump(
      o.pump, read_exact,
      [&](const scanned_code& code, std::uint64_t frame, double ms) {
        all_valid = handle(code, o.fixed_now.value_or(wall_now()), frame, ms) && all_valid;
      },
      steady_ms);
  std::fprintf(
      stderr,
      "qrseal: frames read %llu, decoded %llu, dropped %llu (stale), codes reported %llu; "
      "decode ms p50 %.2f p99 %.2f; frame-to-verdict ms p50 %.2f p99 %.2f\n",
      static_cast<unsigned long long>(r.frames_read), static_cast<unsigned long long>(r.decoded),
      static_cast<unsigned long long>(r.dropped), static_cast<unsigned long long>(r.reported),
      r.decode_ms_p50, r.decode_ms_p99, r.latency_ms_p50, r.latency_ms_p99);
  if (r.partial_tail) std::fprintf(stderr, "qrseal: warning: the stream ended inside a frame\n");
  if (o.raw) return exit_ok;
  return all_valid && r.reported > 0 ? exit_ok : exit_rejected;
}

}  // namespace qrseal::cli
