// The frame pump (frame_pump.hpp): a reader thread, a one-frame slot, the decoder.
#include <algorithm>
#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <map>
#include <mutex>
#include <qrseal/frame_pump.hpp>
#include <string>
#include <thread>
#include <vector>

namespace qrseal {
namespace {

struct frame {
  std::vector<std::uint8_t> bytes;
  double arrived_ms = 0;
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

double percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const auto rank =
      static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(values.size())));
  return values[std::min(values.size() - 1, rank == 0 ? 0 : rank - 1)];
}

}  // namespace

status parse_frame_size(std::string_view text, frame_pump_options& o) {
  int w = 0, h = 0;
  char x = 0, extra = 0;
  const std::string copy(text);  // sscanf needs the terminating NUL
  if (std::sscanf(copy.c_str(), "%d%c%d%c", &w, &x, &h, &extra) != 3 || (x != 'x' && x != 'X') ||
      w < 1 || h < 1 || w > max_image_side || h > max_image_side)
    return error{errc::invalid_argument, "'" + copy + "' is not WIDTHxHEIGHT within 1.." +
                                             std::to_string(max_image_side) + " (e.g. 640x480)"};
  o.width = w;
  o.height = h;
  return success();
}

result<frame_format> parse_frame_format(std::string_view name) {
  if (name == "gray" || name == "grey" || name == "y800") return frame_format::gray;
  if (name == "yuyv" || name == "yuyv422") return frame_format::yuyv;
  if (name == "nv12" || name == "nv21" || name == "yuv420p") return frame_format::nv12;
  return error{errc::invalid_argument, "'" + std::string(name) + "' is not gray, yuyv or nv12"};
}

std::string frame_pump_report_text(const frame_pump_report& r) {
  char line[320];
  std::snprintf(
      line, sizeof line,
      "frames read %llu, decoded %llu, dropped %llu (stale), codes reported %llu; "
      "decode ms p50 %.2f p99 %.2f; frame-to-verdict ms p50 %.2f p99 %.2f",
      static_cast<unsigned long long>(r.frames_read), static_cast<unsigned long long>(r.decoded),
      static_cast<unsigned long long>(r.dropped), static_cast<unsigned long long>(r.reported),
      r.decode_ms_p50, r.decode_ms_p99, r.latency_ms_p50, r.latency_ms_p99);
  return line;
}

std::size_t frame_bytes(const frame_pump_options& o) {
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

frame_pump_report run_frame_pump(const frame_pump_options& o, const frame_reader& read,
                                 const code_sink& sink, const monotonic_ms& clock) {
  const std::size_t size = frame_bytes(o);
  latest_frame_slot slot(o.all_frames);
  frame_pump_report report;
  std::thread reader([&] {
    frame f;
    for (;;) {
      f.bytes.resize(size);
      const std::size_t got = read(f.bytes.data(), size);
      if (got < size) {
        report.partial_tail = got > 0;
        break;
      }
      f.arrived_ms = clock();
      f.number = ++report.frames_read;
      slot.put(std::move(f));
      f = frame{};
    }
    slot.close();
  });

  // Y plane first for nv12/yuv420p; YUYV carries Y in every other byte.
  const image_view layout{nullptr, o.width, o.height, 0,
                          o.format == frame_format::yuyv ? pixel_format::yuyv : pixel_format::gray};
  std::map<std::string, double> last_seen;
  std::vector<double> decode_ms, latency_ms;
  frame f;
  while (slot.take(f)) {
    const double start = clock();
    image_view view = layout;
    view.data = f.bytes.data();
    // The recovery passes cost several times a plain scan on frames without a code; in real
    // time they run only when no newer frame is already waiting, so the decoder never falls
    // behind the camera because of them.
    scan_options options;
    options.try_recovery = o.all_frames || !slot.has_pending();
    options.read_code128 = o.read_code128;
    const auto codes = scan_image(view, f.bytes.size(), options);
    const double done = clock();
    ++report.decoded;
    decode_ms.push_back(done - start);
    latency_ms.push_back(done - f.arrived_ms);
    if (!codes) continue;
    for (const scanned_code& code : *codes) {
      auto [it, fresh] = last_seen.emplace(code.text, done);
      const bool held = !fresh && (done - it->second) / 1000.0 < o.hold_seconds;
      it->second = done;
      if (held) continue;
      ++report.reported;
      sink(code, f.number, clock() - f.arrived_ms);
    }
  }
  reader.join();
  report.dropped = slot.dropped();
  report.decode_ms_p50 = percentile(decode_ms, 50);
  report.decode_ms_p99 = percentile(decode_ms, 99);
  report.latency_ms_p50 = percentile(latency_ms, 50);
  report.latency_ms_p99 = percentile(latency_ms, 99);
  return report;
}

}  // namespace qrseal
