#include "handheld.hpp"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <iostream>
#include <map>
#include <mutex>
#include <qrseal/scan.hpp>
#include <thread>
#include <vector>

#include "common.hpp"

namespace qrseal::cli {
namespace {

using clock_type = std::chrono::steady_clock;

std::size_t frame_bytes(const handheld_options& o) {
  const auto pixels = static_cast<std::size_t>(o.width) * static_cast<std::size_t>(o.height);
  switch (o.format) {
    case frame_format::gray:
      return pixels;
    case frame_format::yuyv:
      return pixels * 2;
    case frame_format::nv12:
      return pixels + pixels / 2;  // Y plane, then interleaved UV
  }
  return pixels;
}

struct frame {
  std::vector<std::uint8_t> bytes;
  clock_type::time_point arrived;
  std::uint64_t number = 0;
};

// One slot between the camera reader and the decoder: a newer frame replaces an unclaimed
// older one, so the decoder always works on the freshest picture.
class latest_frame_slot {
 public:
  // keep_all: the reader waits for the decoder instead (recorded footage, where every frame
  // counts and there is no real time to keep up with).
  explicit latest_frame_slot(bool keep_all) : keep_all_(keep_all) {}

  void put(frame&& f) {
    std::unique_lock lock(mutex_);
    if (keep_all_) taken_.wait(lock, [this] { return !full_; });
    if (full_) ++dropped_;
    std::swap(slot_, f);
    full_ = true;
    ready_.notify_one();
  }
  void close() {
    std::lock_guard lock(mutex_);
    closed_ = true;
    ready_.notify_one();
  }
  // False when the stream has ended and nothing is left.
  bool take(frame& out) {
    std::unique_lock lock(mutex_);
    ready_.wait(lock, [this] { return full_ || closed_; });
    if (!full_) return false;
    std::swap(out, slot_);
    full_ = false;
    taken_.notify_one();
    return true;
  }
  bool has_pending() {
    std::lock_guard lock(mutex_);
    return full_;
  }
  std::uint64_t dropped() {
    std::lock_guard lock(mutex_);
    return dropped_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable ready_;
  std::condition_variable taken_;
  const bool keep_all_;
  frame slot_;
  bool full_ = false;
  bool closed_ = false;
  std::uint64_t dropped_ = 0;
};

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

double percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const auto rank =
      static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(values.size())));
  return values[std::min(values.size() - 1, rank == 0 ? 0 : rank - 1)];
}

std::int64_t wall_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

void parse_frame_size(const std::string& text, handheld_options& o) {
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
  const std::size_t size = frame_bytes(o);
  latest_frame_slot slot(o.all_frames);
  std::uint64_t frames_read = 0;
  bool partial_tail = false;
  std::thread reader([&] {
    frame f;
    for (;;) {
      f.bytes.resize(size);
      const std::size_t got = read_exact(f.bytes.data(), size);
      if (got < size) {
        partial_tail = got > 0;
        break;
      }
      f.arrived = clock_type::now();
      f.number = ++frames_read;
      slot.put(std::move(f));
      f = frame{};
    }
    slot.close();
  });

  // Y plane first for nv12/yuv420p; YUYV carries Y in every other byte.
  const image_view layout{nullptr, o.width, o.height, 0,
                          o.format == frame_format::yuyv ? pixel_format::yuyv : pixel_format::gray};
  std::map<std::string, clock_type::time_point> last_seen;
  std::vector<double> decode_ms, latency_ms;
  std::uint64_t processed = 0, reported = 0;
  bool all_valid = true;
  frame f;
  while (slot.take(f)) {
    const auto start = clock_type::now();
    image_view view = layout;
    view.data = f.bytes.data();
    // The recovery passes cost several times a plain scan on frames without a code; in real
    // time they run only when no newer frame is already waiting, so the decoder never falls
    // behind the camera because of them.
    scan_options options;
    options.try_recovery = o.all_frames || !slot.has_pending();
    options.read_code128 = o.read_code128;
    const auto codes = scan_image(view, f.bytes.size(), options);
    const auto done = clock_type::now();
    ++processed;
    decode_ms.push_back(std::chrono::duration<double, std::milli>(done - start).count());
    latency_ms.push_back(std::chrono::duration<double, std::milli>(done - f.arrived).count());
    if (!codes) continue;
    for (const scanned_code& code : *codes) {
      auto [it, fresh] = last_seen.emplace(code.text, done);
      const bool held =
          !fresh && std::chrono::duration<double>(done - it->second).count() < o.hold_seconds;
      it->second = done;
      if (held) continue;
      ++reported;
      const double ms =
          std::chrono::duration<double, std::milli>(clock_type::now() - f.arrived).count();
      all_valid = handle(code, o.fixed_now.value_or(wall_now()), f.number, ms) && all_valid;
    }
  }
  reader.join();
  std::fprintf(stderr,
               "qrseal: frames read %llu, decoded %llu, dropped %llu (stale), codes reported %llu; "
               "decode ms p50 %.2f p99 %.2f; frame-to-verdict ms p50 %.2f p99 %.2f\n",
               static_cast<unsigned long long>(frames_read),
               static_cast<unsigned long long>(processed),
               static_cast<unsigned long long>(slot.dropped()),
               static_cast<unsigned long long>(reported), percentile(decode_ms, 50),
               percentile(decode_ms, 99), percentile(latency_ms, 50), percentile(latency_ms, 99));
  if (partial_tail) std::fprintf(stderr, "qrseal: warning: the stream ended inside a frame\n");
  if (o.raw) return exit_ok;
  return all_valid && reported > 0 ? exit_ok : exit_rejected;
}

}  // namespace qrseal::cli
