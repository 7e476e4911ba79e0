// Camera frames one after another, from a source that may deliver them faster than they can be
// decoded (a live camera) or not (recorded footage): the decoder always works on the newest frame,
// so it never falls behind (stale frames are dropped, not queued), and each code is reported once
// until it has been out of sight for the hold time. A reader thread takes frames from the source
// while the calling thread decodes. (qrseal scan --frames; the C API's qrseal_stream is the
// single-threaded counterpart for apps whose camera hands frames over one by one.)
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <qrseal/result.hpp>
#include <qrseal/scan.hpp>
#include <string>
#include <string_view>

namespace qrseal {

// How the frames are laid out: grey, YUYV (Y in every other byte), or NV12/NV21/I420 (the Y
// plane first, then half as many bytes of colour).
enum class frame_format { gray, yuyv, nv12 };

struct frame_pump_options {
  int width = 0;
  int height = 0;
  frame_format format = frame_format::gray;
  double hold_seconds = 3.0;  // the same text seen again within this time is not reported
  bool all_frames = false;    // decode every frame (recorded input) instead of dropping stale ones
  bool read_code128 = false;  // a test desk also reads its tubes' barcodes
};

// "640x480" (or 640X480), each side 1..max_image_side (image.hpp); errors (invalid_argument)
// quote the text.
status parse_frame_size(std::string_view text, frame_pump_options& o);
// The names ffmpeg and V4L2 give the layouts: gray (grey, y800), yuyv (yuyv422), nv12 (nv21,
// yuv420p).
result<frame_format> parse_frame_format(std::string_view name);

// The bytes of one frame in the stream.
std::size_t frame_bytes(const frame_pump_options& o);

// Reads up to n bytes into data and returns how many it read: n, or fewer at the end.
using frame_reader = std::function<std::size_t(std::uint8_t* data, std::size_t n)>;
// A code seen anew: the frame it is in (counting from 1) and the milliseconds from the frame's
// arrival until now.
using code_sink = std::function<void(const scanned_code& code, std::uint64_t frame, double ms)>;
// A monotonic clock in milliseconds (the caller's: the library reads none).
using monotonic_ms = std::function<double()>;

struct frame_pump_report {
  std::uint64_t frames_read = 0;
  std::uint64_t decoded = 0;
  std::uint64_t dropped = 0;  // replaced by a newer frame before the decoder took them
  std::uint64_t reported = 0;
  double decode_ms_p50 = 0, decode_ms_p99 = 0;
  double latency_ms_p50 = 0, latency_ms_p99 = 0;  // frame arrival to verdict
  bool partial_tail = false;                      // the stream ended inside a frame
};

// One line for people: the frame counts and the decode and frame-to-verdict percentiles.
std::string frame_pump_report_text(const frame_pump_report& r);

// Runs until the reader reaches the end of the stream; every code seen anew goes to `sink` (on
// the calling thread).
frame_pump_report run_frame_pump(const frame_pump_options& o, const frame_reader& read,
                                 const code_sink& sink, const monotonic_ms& clock);

}  // namespace qrseal
