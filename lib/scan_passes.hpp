// The passes of scan_image one at a time, for frame_stream (lib/scan_stream.cpp), which spreads
// them over the frames of a live camera.
#pragma once

#include <qrseal/scan.hpp>
#include <vector>

namespace qrseal::detail {

// Pass 0 (ZXing on the frame), 1 (inverted) or one recovery stage 2-4, on a checked view;
// appends what it finds.
void run_pass(int pass, const image_view& view, const scan_options& options,
              std::vector<scanned_code>& out);

// The presence check (code_presence.hpp) on a checked view: whether a finder-like mark is in
// it, and whether one is light-centred (a dark-mode screen).
bool code_plausible(const image_view& view, bool* light_centred);

}  // namespace qrseal::detail
