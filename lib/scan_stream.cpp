#include <algorithm>
#include <qrseal/scan_stream.hpp>

#include "scan_passes.hpp"
#include "try.hpp"

namespace qrseal {
namespace {

// What each pass costs, in first-pass ZXing reads of the same frame, rounded up from the
// dearest frames without a code in tests/bench (BM_scan_passes, docs/performance.md): the
// inverted pass, then the recovery stages (normalised, thresholded, thresholded and enlarged
// 2x, each read in both polarities), and the look for finder patterns.
constexpr double pass_cost[5] = {1.0, 2.0, 8.0, 10.0, 20.0};
constexpr double presence_cost = 0.6;
constexpr double full_cost = pass_cost[1] + pass_cost[2] + pass_cost[3] + pass_cost[4];

}  // namespace

frame_stream::frame_stream(stream_options options) : options_(options) {
  if (options_.extra_reads_per_frame < 0) options_.extra_reads_per_frame = 0;
  // A caller that gives nothing yet still wants codes found eventually; a fresh stream starts
  // with a whole recovery saved, for the code shown as the camera opens.
  credit_ = full_cost;
  if (options_.scan.try_inverted) stages_.push_back(1);
  if (options_.scan.try_recovery) stages_.insert(stages_.end(), {2, 3, 4});
}

void frame_stream::reset() {
  seen_.clear();
  credit_ = full_cost;
  next_ = 0;
  frames_since_look_ = 0;
}

// The pass that last read a code still in view, on a crop around where it was: a code that
// needed the recovery pass usually needs it in the next frames too, and the crop costs a
// fraction of the frame.
bool frame_stream::try_where_last_seen(const image_view& view, std::vector<scanned_code>& codes) {
  for (const seen& s : seen_) {
    // Read by the first pass: it will read it again if it is still there. Read within the last
    // quarter of gone_after_ms: the presentation is safe for now.
    if (s.stage == 0 || last_ms_ - s.last_ms < options_.gone_after_ms / 4) continue;
    const int w = s.x1 - s.x0, h = s.y1 - s.y0;
    const int x0 = std::max(0, s.x0 - w / 2 - 16), y0 = std::max(0, s.y0 - h / 2 - 16);
    const int x1 = std::min(view.width, s.x1 + w / 2 + 16),
              y1 = std::min(view.height, s.y1 + h / 2 + 16);
    if (x1 - x0 < 21 || y1 - y0 < 21) continue;
    const int bpp = bytes_per_pixel(view.format);
    const std::size_t stride = view.stride ? static_cast<std::size_t>(view.stride)
                                           : static_cast<std::size_t>(view.width) * bpp;
    image_view crop = view;
    crop.data =
        view.data + static_cast<std::size_t>(y0) * stride + static_cast<std::size_t>(x0) * bpp;
    crop.width = x1 - x0;
    crop.height = y1 - y0;
    crop.stride = static_cast<int>(stride);
    const int stage = s.stage;
    const double share = static_cast<double>(crop.width) * crop.height /
                         (static_cast<double>(view.width) * view.height);
    if (credit_ < pass_cost[stage] * share) continue;
    credit_ -= pass_cost[stage] * share;
    const std::size_t before = codes.size();
    detail::run_pass(stage, crop, options_.scan, codes);
    for (std::size_t i = before; i < codes.size(); ++i) {
      codes[i].x0 += x0, codes[i].x1 += x0;
      codes[i].y0 += y0, codes[i].y1 += y0;
    }
    if (codes.size() > before) return true;
  }
  return false;
}

result<stream_step> frame_stream::feed(const image_view& view, std::size_t size,
                                       std::int64_t frame_ms) {
  QRSEAL_TRY_STATUS(check_image_view(view, size));
  stream_step step;
  last_ms_ = frame_ms;
  std::vector<scanned_code> codes;
  detail::run_pass(0, view, options_.scan, codes);
  if (codes.empty() && !stages_.empty()) {
    credit_ = std::min(full_cost, credit_ + options_.extra_reads_per_frame);
    if (!seen_.empty()) try_where_last_seen(view, codes);
  }
  if (codes.empty() && !stages_.empty() && credit_ >= pass_cost[1]) {
    // With a whole recovery saved up, run it whatever the frame shows (the budget would
    // otherwise be lost, and a code that needs it is read at once after a quiet spell). Below
    // that, on every fourth frame, where the presence check sees a finder-like mark: a
    // light-centred one (a dark-mode screen) gets the cheap inverted pass first.
    const bool everything = credit_ >= full_cost;
    bool plausible = everything, light = everything;
    if (!everything && ++frames_since_look_ >= 4) {
      frames_since_look_ = 0;
      credit_ -= presence_cost;
      plausible = detail::code_plausible(view, &light);
    }
    auto run = [&](int stage) {
      credit_ -= pass_cost[stage];
      ++step.passes_run;
      detail::run_pass(stage, view, options_.scan, codes);
    };
    if (plausible && light && options_.scan.try_inverted && credit_ >= pass_cost[1]) run(1);
    // The recovery stages in order, resuming where the last frame's budget ran out.
    for (std::size_t tried = 0; plausible && codes.empty() && tried < stages_.size(); ++tried) {
      const int stage = stages_[next_];
      if (stage == 1 && light) {  // read above
        next_ = (next_ + 1) % stages_.size();
        continue;
      }
      if (credit_ < pass_cost[stage]) break;
      run(stage);
      next_ = (next_ + 1) % stages_.size();
    }
    if (!codes.empty()) next_ = 0;
  }

  // Presentations: a code read within gone_after_ms of its last reading is still the same one.
  for (const scanned_code& code : codes) {
    auto it = std::find_if(seen_.begin(), seen_.end(),
                           [&](const seen& s) { return s.text == code.text; });
    if (it == seen_.end() || frame_ms - it->last_ms > options_.gone_after_ms) {
      step.new_codes.push_back(code);
      if (it == seen_.end()) it = seen_.insert(seen_.end(), seen{code.text});
    }
    it->last_ms = frame_ms;
    it->stage = code.stage;
    it->x0 = code.x0, it->y0 = code.y0, it->x1 = code.x1, it->y1 = code.y1;
  }
  step.code_in_view = !codes.empty();
  std::erase_if(seen_,
                [&](const seen& s) { return frame_ms - s.last_ms > options_.gone_after_ms; });
  return step;
}

result<std::vector<stream_verdict>> verify_stream_frame(frame_stream& stream, const verifier& v,
                                                        const image_view& view, std::size_t size,
                                                        std::int64_t frame_ms, std::int64_t now) {
  QRSEAL_TRY(step, stream.feed(view, size, frame_ms));
  std::vector<stream_verdict> out;
  for (scanned_code& code : step.new_codes) {
    verification verdict = v.verify(code.text, now);
    out.push_back({std::move(code), std::move(verdict)});
  }
  return out;
}

}  // namespace qrseal
