// Handheld mode: raw camera frames on stdin, each distinct code reported once, never falling
// behind (stale frames are dropped, not queued).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <qrseal/image.hpp>
#include <qrseal/scan.hpp>
#include <qrseal/verifier.hpp>
#include <string>

namespace qrseal::cli {

enum class frame_format { gray, yuyv, nv12 };

struct handheld_options {
  int width = 0;
  int height = 0;
  frame_format format = frame_format::gray;
  double hold_seconds = 3.0;  // the same text seen again within this time is not reported
  bool raw = false;           // print texts only, verify nothing
  bool all_frames = false;    // decode every frame (recorded input) instead of dropping stale ones
  std::optional<std::int64_t> fixed_now;  // --now: check every frame as of this time
  bool read_code128 = false;              // a test desk also reads its tubes' barcodes
};

// Called once per newly seen code with the device time, the frame number and the
// frame-to-verdict milliseconds so far; returns whether the code passed.
using code_handler =
    std::function<bool(const scanned_code& code, std::int64_t now, std::uint64_t frame, double ms)>;

// "640x480" -> width, height; "gray|yuyv|nv12".
void parse_frame_size(const std::string& text, handheld_options& o);
frame_format parse_pix_fmt(const std::string& text);

// Reads frames from standard input until EOF; hands each newly seen code to `handle` and prints
// latency statistics on stderr. Returns the exit code.
int run_handheld(const handheld_options& o, const code_handler& handle);

}  // namespace qrseal::cli
