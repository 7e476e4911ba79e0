// A live camera's frames, one after another: each code shown is reported once per presentation
// (while it stays in view), and frames without a code cost about one ZXing read.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <qrseal/image.hpp>
#include <qrseal/result.hpp>
#include <qrseal/scan.hpp>
#include <qrseal/verifier.hpp>
#include <string>
#include <vector>

namespace qrseal {

struct stream_options {
  scan_options scan;  // which passes may run (recovery_gate is not used: the stream decides)
  // A presentation ends when its code has not been read for this long; shown again after
  // that, it is a new presentation (and a new verdict).
  std::int64_t gone_after_ms = 1500;
  // What the inverted and recovery passes may cost on average, in ZXing reads of one frame,
  // on top of the first pass that every frame gets. Unspent, it is saved up to one whole
  // recovery, so a code that appears after a quiet spell gets every pass at once.
  double extra_reads_per_frame = 0.3;
};

// What one frame brought: the codes whose presentation began in it (each reported once).
struct stream_step {
  std::vector<scanned_code> new_codes;
  bool code_in_view = false;  // some code was read in this frame (new or already reported)
  int passes_run = 0;         // the inverted and recovery passes run on this frame
};

class frame_stream {
 public:
  explicit frame_stream(stream_options options = {});

  // The next frame, taken at `frame_ms` (the camera's timestamp, milliseconds, never going
  // back). Errors only for a frame whose layout does not check (check_image_view).
  result<stream_step> feed(const image_view& view, std::size_t size, std::int64_t frame_ms);

  // Forgets every presentation and the saved budget (a new session at the gate).
  void reset();

 private:
  struct seen {
    std::string text;
    std::int64_t last_ms = 0;
    int stage = 0;  // the pass that read it last
    int x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  };
  bool try_where_last_seen(const image_view& view, std::vector<scanned_code>& codes);

  stream_options options_;
  std::vector<seen> seen_;   // codes read within gone_after_ms
  double credit_ = 0;        // ZXing reads saved up for the later passes
  std::vector<int> stages_;  // the later passes, in order (see scan_passes.hpp)
  std::size_t next_ = 0;     // where the spread-out passes resume
  int frames_since_look_ = 0;
  std::int64_t last_ms_ = 0;
};

struct stream_verdict {
  scanned_code code;
  verification verdict;
};

// feed() and a verdict for each new presentation.
result<std::vector<stream_verdict>> verify_stream_frame(frame_stream& stream, const verifier& v,
                                                        const image_view& view, std::size_t size,
                                                        std::int64_t frame_ms, std::int64_t now);

}  // namespace qrseal
