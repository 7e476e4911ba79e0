// Handheld mode: raw camera frames on stdin through the library's frame pump (each distinct code
// reported once, never falling behind), with the latency statistics on stderr.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <qrseal/frame_pump.hpp>
#include <string>

namespace qrseal::cli {

struct handheld_options {
  frame_pump_options pump;
  bool raw = false;                       // print texts only, verify nothing
  std::optional<std::int64_t> fixed_now;  // --now: check every frame as of this time
};

// Called once per newly seen code with the device time, the frame number and the
// frame-to-verdict milliseconds so far; returns whether the code passed.
using code_handler =
    std::function<bool(const scanned_code& code, std::int64_t now, std::uint64_t frame, double ms)>;

// Reads frames from standard input until EOF; hands each newly seen code to `handle` and prints
// latency statistics on stderr. Returns the exit code.
int run_handheld(const handheld_options& o, const code_handler& handle);

}  // namespace qrseal::cli
