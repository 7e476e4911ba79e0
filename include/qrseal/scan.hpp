// Finding QR codes in camera frames and images (ZXing-C++), and checking them in one call.
#pragma once

#include <cstddef>
#include <cstdint>
#include <qrseal/image.hpp>
#include <qrseal/result.hpp>
#include <qrseal/verifier.hpp>
#include <span>
#include <string>
#include <vector>

namespace qrseal {

struct scan_options {
  // Dark-mode phones show light modules on dark; ZXing 1.4 cannot invert by itself, so a second
  // pass on an inverted copy runs when the first finds nothing.
  bool try_inverted = true;
  bool try_harder = false;  // ZXing's slower search; off by default (see docs/performance.md)
  // A camera frame shows one person's code; raise this for images of several (a card sheet).
  unsigned max_codes = 1;
  // When those find nothing, read the frame again contrast-normalised, thresholded locally and
  // enlarged 2x: recovers most small, rotated, tilted, noisy, blurred, dim and glared codes that
  // ZXing 1.4 misses. Costs nothing on frames where the first pass finds a code, and 5-8x the
  // first pass on frames with no code (docs/scanning.md); turn it off to keep those cheap.
  bool try_recovery = true;
  // Run the inverted and recovery passes only on frames where a cheap look (a fifth of a ZXing
  // read) finds a finder-pattern-like mark: most frames without a code then cost one ZXing
  // read, but a few codes that only the recovery pass reads are lost (heavy noise plus blur;
  // docs/scanning.md). For a camera, frame_stream (scan_stream.hpp) is the better choice.
  bool recovery_gate = false;
  // Also read Code 128 barcodes: the sample tubes at a test desk carry their id as one.
  bool read_code128 = false;
};

struct scanned_code {
  std::string text;  // the symbol's bytes exactly as encoded, never trimmed
  bool inverted = false;
  bool recovered = false;  // found by the recovery pass, not by ZXing on the frame as given
  bool code128 = false;    // a Code 128 barcode (only with scan_options::read_code128)
  // Which pass found it: 0 the first, 1 the inverted, 2-4 the recovery pass's stages
  // (normalised, thresholded, thresholded and enlarged; docs/scanning.md).
  int stage = 0;
  int x0 = 0, y0 = 0, x1 = 0, y1 = 0;  // the symbol's bounding box in the frame, pixels
};

// `size` is the number of bytes at view.data, checked against the frame's layout.
result<std::vector<scanned_code>> scan_image(const image_view& view, std::size_t size,
                                             const scan_options& options = {});

// The codes in a PNG or JPEG file's bytes (decode_image_file, then scan_image).
result<std::vector<scanned_code>> scan_image_file(std::span<const std::uint8_t> file_bytes,
                                                  const scan_options& options = {});

struct frame_verdict {
  scanned_code code;
  verification verdict;
};

// Scan + verify: one verdict per code found in the frame.
result<std::vector<frame_verdict>> verify_frame(const verifier& v, const image_view& view,
                                                std::size_t size, std::int64_t now,
                                                const scan_options& options = {});

}  // namespace qrseal
