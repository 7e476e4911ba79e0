#define ZX_USE_UTF8 1
#include <ZXing/ReadBarcode.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <qrseal/scan.hpp>

#include "code_presence.hpp"
#include "scan_passes.hpp"
#include "try.hpp"

namespace qrseal {
namespace {

ZXing::ImageFormat zxing_format(pixel_format f) {
  switch (f) {
    case pixel_format::gray:
      return ZXing::ImageFormat::Lum;
    case pixel_format::rgb:
      return ZXing::ImageFormat::RGB;
    case pixel_format::bgr:
      return ZXing::ImageFormat::BGR;
    case pixel_format::rgba:
      return ZXing::ImageFormat::RGBX;
    case pixel_format::bgra:
      return ZXing::ImageFormat::BGRX;
    case pixel_format::yuyv:
      return ZXing::ImageFormat::Lum;  // Y in every other byte
  }
  return ZXing::ImageFormat::Lum;
}

ZXing::ImageView zxing_view(const image_view& v) {
  const int pixel_stride = v.format == pixel_format::yuyv ? 2 : 0;
  return {v.data, v.width, v.height, zxing_format(v.format), v.stride, pixel_stride};
}

// A tightly packed 8-bit luminance image that this file owns.
struct luma {
  int width = 0;
  int height = 0;
  std::vector<std::uint8_t> pixels;

  luma(int w, int h) : width(w), height(h), pixels(static_cast<std::size_t>(w) * h) {}
  std::uint8_t* row(int y) { return pixels.data() + static_cast<std::size_t>(y) * width; }
  const std::uint8_t* row(int y) const {
    return pixels.data() + static_cast<std::size_t>(y) * width;
  }
  ZXing::ImageView view() const { return {pixels.data(), width, height, ZXing::ImageFormat::Lum}; }
};

// The frame's luminance, optionally inverted (for codes shown light-on-dark).
luma luma_of(const image_view& v, bool invert) {
  const int bpp = bytes_per_pixel(v.format);
  const std::size_t stride =
      v.stride ? static_cast<std::size_t>(v.stride) : static_cast<std::size_t>(v.width) * bpp;
  const unsigned flip = invert ? 255u : 0u;
  luma out(v.width, v.height);
  for (int y = 0; y < v.height; ++y) {
    const std::uint8_t* row = v.data + stride * y;
    std::uint8_t* dst = out.row(y);
    for (int x = 0; x < v.width; ++x) {
      const std::uint8_t* p = row + static_cast<std::size_t>(x) * bpp;
      unsigned value = 0;
      switch (v.format) {
        case pixel_format::gray:
        case pixel_format::yuyv:
          value = p[0];
          break;
        case pixel_format::rgb:
        case pixel_format::rgba:
          value = (p[0] * 77u + p[1] * 150u + p[2] * 29u) >> 8;
          break;
        case pixel_format::bgr:
        case pixel_format::bgra:
          value = (p[2] * 77u + p[1] * 150u + p[0] * 29u) >> 8;
          break;
      }
      dst[x] = static_cast<std::uint8_t>(value ^ flip);
    }
  }
  return out;
}

// The frame's luminance as the presence check reads it: in place for grey and YUYV frames,
// converted into `copy` for the colour formats.
detail::luma_plane luma_plane_of(const image_view& v, std::vector<std::uint8_t>& copy) {
  const int bpp = bytes_per_pixel(v.format);
  const std::size_t stride =
      v.stride ? static_cast<std::size_t>(v.stride) : static_cast<std::size_t>(v.width) * bpp;
  if (v.format == pixel_format::gray || v.format == pixel_format::yuyv)
    return {v.data, v.width, v.height, stride, bpp};
  luma l = luma_of(v, false);
  copy = std::move(l.pixels);
  return {copy.data(), v.width, v.height, static_cast<std::size_t>(v.width), 1};
}

void invert(luma& img) {
  for (std::uint8_t& p : img.pixels) p = static_cast<std::uint8_t>(255u - p);
}

// A camera frame shows one person's code, so the usual request is a single symbol. ZXing 1.4's
// ReadBarcode with maxNumberOfSymbols left at its default skips the downscaled image pyramid
// (measured with callgrind: 15 % fewer instructions at 1280x720 than with the limit set to 1,
// for the same result), so a single-symbol request leaves the limit unset (0 below).
ZXing::Results read_codes(const ZXing::ImageView& view, const ZXing::DecodeHints& hints) {
  if (hints.maxNumberOfSymbols() == 0) {
    ZXing::Results one;
    one.push_back(ZXing::ReadBarcode(view, ZXing::DecodeHints(hints).setMaxNumberOfSymbols(0xff)));
    return one;
  }
  return ZXing::ReadBarcodes(view, hints);
}

// `scale` and the offset map the read image's pixels back to the frame's (the 2x enlargement,
// a crop around where a stream last saw its code).
void collect(const ZXing::Results& results, bool inverted, int stage,
             std::vector<scanned_code>& out, int scale = 1, int dx = 0, int dy = 0) {
  for (const ZXing::Result& r : results) {
    if (!r.isValid()) continue;
    const auto& bytes = r.bytes();
    scanned_code code{std::string(bytes.begin(), bytes.end()), inverted, stage >= 2,
                      r.format() == ZXing::BarcodeFormat::Code128};
    code.stage = stage;
    const auto& pos = r.position();
    int x0 = pos[0].x, y0 = pos[0].y, x1 = pos[0].x, y1 = pos[0].y;
    for (const auto& pt : pos) {
      x0 = std::min(x0, pt.x), y0 = std::min(y0, pt.y);
      x1 = std::max(x1, pt.x), y1 = std::max(y1, pt.y);
    }
    code.x0 = x0 / scale + dx, code.y0 = y0 / scale + dy;
    code.x1 = x1 / scale + dx, code.y1 = y1 / scale + dy;
    out.push_back(std::move(code));
  }
}

// ---- The recovery pass --------------------------------------------------------------------
//
// ZXing 1.4 binarises with 8x8-pixel blocks (HybridBinarizer) and finds finder patterns on
// whole-pixel runs. That loses codes whose modules are under ~3 pixels once rotated or tilted,
// codes under heavy noise, and codes whose local contrast is low (glare, dim light). When the
// first pass finds nothing, the frame is re-prepared in three ways, cheapest first, and each is
// read in both polarities; the measurements behind these choices are in docs/scanning.md.

// Robust estimate of the sensor noise (grey levels): the median absolute response of a
// 4-neighbour Laplacian over a sparse grid. Edges are a minority of pixels, so they barely move
// the median. For white Gaussian noise of sigma s the response has sigma sqrt(20) s.
double noise_sigma(const luma& img) {
  if (img.width < 3 || img.height < 3) return 0;
  std::array<std::uint32_t, 1024> histogram{};
  std::uint32_t count = 0;
  for (int y = 1; y + 1 < img.height; y += 2) {
    const std::uint8_t* up = img.row(y - 1);
    const std::uint8_t* row = img.row(y);
    const std::uint8_t* down = img.row(y + 1);
    for (int x = 1; x + 1 < img.width; x += 2) {
      const int r = 4 * row[x] - row[x - 1] - row[x + 1] - up[x] - down[x];
      ++histogram[static_cast<std::size_t>(std::min(std::abs(r), 1023))];
      ++count;
    }
  }
  std::uint32_t seen = 0;
  std::size_t median = 0;
  while (median < histogram.size() && (seen += histogram[median]) * 2 < count) ++median;
  return static_cast<double>(median) / (0.6745 * std::sqrt(20.0));
}

// A light denoise: the [1 2 1]/4 binomial filter in both directions (a Gaussian of sigma 0.7).
luma smoothed(const luma& img) {
  const int w = img.width, h = img.height;
  std::vector<std::uint16_t> rows(img.pixels.size());
  for (int y = 0; y < h; ++y) {
    const std::uint8_t* src = img.row(y);
    std::uint16_t* dst = rows.data() + static_cast<std::size_t>(y) * w;
    for (int x = 0; x < w; ++x)
      dst[x] = static_cast<std::uint16_t>(src[std::max(x - 1, 0)] + 2 * src[x] +
                                          src[std::min(x + 1, w - 1)]);
  }
  luma out(w, h);
  for (int y = 0; y < h; ++y) {
    const std::uint16_t* up = rows.data() + static_cast<std::size_t>(std::max(y - 1, 0)) * w;
    const std::uint16_t* mid = rows.data() + static_cast<std::size_t>(y) * w;
    const std::uint16_t* down = rows.data() + static_cast<std::size_t>(std::min(y + 1, h - 1)) * w;
    std::uint8_t* dst = out.row(y);
    for (int x = 0; x < w; ++x)
      dst[x] = static_cast<std::uint8_t>((up[x] + 2 * mid[x] + down[x] + 8) >> 4);
  }
  return out;
}

// Local contrast normalisation: each pixel's distance from the mean of the (2r+1)^2 window
// around it, in units of that window's standard deviation, mapped to 128 +- 60 per sigma. It
// makes a washed-out or dim region as contrasty as the rest, and thresholding the result at
// 128 is thresholding at the local mean. Windows whose deviation is under `flat` grey levels
// hold no print, only sensor noise: they become plain white, because normalised noise would be
// speckle full of false finder-pattern candidates (and 5-10x slower for ZXing to reject).
luma normalized(const luma& img, int r, float flat) {
  const std::size_t w = static_cast<std::size_t>(img.width);
  const int h = img.height;
  // Column sums of v and v^2 over the window's rows, updated as the window slides down; then
  // prefix sums along each row. These wrap around in 32 bits on wide frames, but every window's
  // sum (at most 255^2 * (2r+1)^2) fits, and unsigned differences are exact modulo 2^32.
  std::vector<std::uint32_t> col_sum(w), col_sq(w), pre_sum(w + 1), pre_sq(w + 1);
  std::vector<std::size_t> lo(w), hi(w);  // the window's columns [lo, hi)
  for (std::size_t x = 0; x < w; ++x) {
    lo[x] = x > static_cast<std::size_t>(r) ? x - static_cast<std::size_t>(r) : 0;
    hi[x] = std::min(w, x + static_cast<std::size_t>(r) + 1);
  }
  auto update = [&](int y, bool add) {
    const std::uint8_t* p = img.row(y);
    const std::uint32_t sign = add ? 1u : ~0u;  // two's complement -1
    for (std::size_t x = 0; x < w; ++x) {
      const std::uint32_t v = p[x];
      col_sum[x] += sign * v;
      col_sq[x] += sign * (v * v);
    }
  };
  const float flat_variance = flat * flat;
  luma out(img.width, h);
  int top = 0, bottom = -1;  // rows [top, bottom] are in the column sums
  for (int y = 0; y < h; ++y) {
    while (bottom < std::min(h - 1, y + r)) update(++bottom, true);
    while (top < std::max(0, y - r)) update(top++, false);
    for (std::size_t x = 0; x < w; ++x) {
      pre_sum[x + 1] = pre_sum[x] + col_sum[x];
      pre_sq[x + 1] = pre_sq[x] + col_sq[x];
    }
    const std::size_t rows_in = static_cast<std::size_t>(bottom - top + 1);
    const std::uint8_t* src = img.row(y);
    std::uint8_t* dst = out.row(y);
    for (std::size_t x = 0; x < w; ++x) {
      const std::size_t a = lo[x], b = hi[x];
      const float inv_n = 1.0f / static_cast<float>(rows_in * (b - a));
      const float mean = static_cast<float>(pre_sum[b] - pre_sum[a]) * inv_n;
      const float variance = static_cast<float>(pre_sq[b] - pre_sq[a]) * inv_n - mean * mean;
      if (variance < flat_variance) {
        dst[x] = 255;
        continue;
      }
      const float v = 128.0f + 60.0f * (static_cast<float>(src[x]) - mean) / std::sqrt(variance);
      dst[x] = static_cast<std::uint8_t>(std::clamp(v, 0.0f, 255.0f));
    }
  }
  return out;
}

// Bilinear 2x enlargement (output pixel centres at +-1/4 of an input pixel: weights 9, 3, 3, 1).
luma upscaled_2x(const luma& img) {
  const int w = img.width, h = img.height;
  luma out(2 * w, 2 * h);
  for (int y = 0; y < h; ++y) {
    const std::uint8_t* mid = img.row(y);
    for (int half = 0; half < 2; ++half) {
      const std::uint8_t* other = img.row(std::clamp(y + (half ? 1 : -1), 0, h - 1));
      std::uint8_t* dst = out.row(2 * y + half);
      for (int x = 0; x < w; ++x) {
        const int xl = std::max(x - 1, 0), xr = std::min(x + 1, w - 1);
        const int c = 3 * mid[x] + other[x];  // vertical blend, weight 4
        const int l = 3 * mid[xl] + other[xl];
        const int r = 3 * mid[xr] + other[xr];
        dst[2 * x] = static_cast<std::uint8_t>((3 * c + l + 8) >> 4);
        dst[2 * x + 1] = static_cast<std::uint8_t>((3 * c + r + 8) >> 4);
      }
    }
  }
  return out;
}

// Reads `img` as it is and then inverted; stops at the first polarity that yields a code.
bool read_polarities(luma img, const ZXing::DecodeHints& hints, bool try_inverted, int stage,
                     int scale, std::vector<scanned_code>& out) {
  collect(read_codes(img.view(), hints), false, stage, out, scale);
  if (!out.empty() || !try_inverted) return !out.empty();
  invert(img);
  collect(read_codes(img.view(), hints), true, stage, out, scale);
  return !out.empty();
}

ZXing::DecodeHints first_pass_hints(const scan_options& options) {
  return ZXing::DecodeHints()
      .setFormats(options.read_code128
                      ? ZXing::BarcodeFormat::QRCode | ZXing::BarcodeFormat::Code128
                      : ZXing::BarcodeFormat::QRCode)
      .setTryHarder(options.try_harder)
      .setTryRotate(options.try_harder)
      .setTryDownscale(true)
      .setMaxNumberOfSymbols(static_cast<std::uint8_t>(
          options.max_codes <= 1 ? 0 : std::min(options.max_codes, 255u)));
}

// The inverted pass, for codes shown light on dark.
void inverted_pass(const image_view& view, const ZXing::DecodeHints& hints,
                   std::vector<scanned_code>& out) {
  const luma inverted = luma_of(view, true);
  collect(read_codes(inverted.view(), hints), true, 1, out);
}

// Stages `from`..`to` of the recovery pass (2, 3, 4: see docs/scanning.md), each in both
// polarities, until one yields a code.
void recovery_stages(int from, int to, const image_view& view,
                     const ZXing::DecodeHints& first_hints, bool try_inverted,
                     std::vector<scanned_code>& out) {
  const luma frame = luma_of(view, false);
  // The prepared images are small-scale or already thresholded: no pyramid, and ZXing's
  // thorough finder search (every third row), which costs little on these images.
  const auto hints = ZXing::DecodeHints(first_hints).setTryHarder(true).setTryDownscale(false);
  // 1. Contrast-normalised over 17x17 pixels, ZXing's own block binariser: glare, dim or
  //    uneven light, low-contrast print. A washed-out finder pattern keeps only a few grey
  //    levels of contrast, so only the flattest windows are blanked here.
  if (from <= 2 && to >= 2 &&
      read_polarities(normalized(frame, 8, 2), hints, try_inverted, 2, 1, out))
    return;
  if (to < 3) return;
  // 2. Thresholded at the 9x9 local mean; on a noisy sensor, after a light denoise and at the
  //    7x7 mean: blur, heavy noise, steep perspective.
  const auto fixed = ZXing::DecodeHints(hints).setBinarizer(ZXing::Binarizer::FixedThreshold);
  const luma fine =
      noise_sigma(frame) >= 6 ? normalized(smoothed(frame), 3, 3) : normalized(frame, 4, 3);
  if (from <= 3 && read_polarities(fine, fixed, try_inverted, 3, 1, out)) return;
  // 3. The same, enlarged 2x: modules of 1.5-3 pixels, rotated or tilted. Frames above
  //    1080p have pixels enough, and enlarging them would cost tens of megabytes.
  if (to >= 4 && static_cast<long>(frame.width) * frame.height <= 1920L * 1088L)
    read_polarities(upscaled_2x(fine), fixed, try_inverted, 4, 2, out);
}

}  // namespace

namespace detail {

void run_pass(int pass, const image_view& view, const scan_options& options,
              std::vector<scanned_code>& out) {
  const auto hints = first_pass_hints(options);
  if (pass == 0)
    collect(read_codes(zxing_view(view), hints), false, 0, out);
  else if (pass == 1)
    inverted_pass(view, hints, out);
  else
    recovery_stages(pass, pass, view, hints, options.try_inverted, out);
}

bool code_plausible(const image_view& view, bool* light_centred) {
  std::vector<std::uint8_t> copy;
  const presence p = look_for_code(luma_plane_of(view, copy));
  if (light_centred) *light_centred = p.light_finders > 0;
  return p.finders() > 0;
}

}  // namespace detail

result<std::vector<scanned_code>> scan_image(const image_view& view, std::size_t size,
                                             const scan_options& options) {
  QRSEAL_TRY_STATUS(check_image_view(view, size));
  const auto hints = first_pass_hints(options);
  std::vector<scanned_code> codes;
  collect(read_codes(zxing_view(view), hints), false, 0, codes);
  if (!codes.empty() || (!options.try_inverted && !options.try_recovery)) return codes;
  // The later passes cost 1-15 ZXing reads; with the gate they run only where something
  // finder-like is in the picture (docs/scanning.md has the measurements).
  bool inverted_plausible = true, plausible = true;
  if (options.recovery_gate) plausible = detail::code_plausible(view, &inverted_plausible);
  if (options.try_inverted && inverted_plausible) inverted_pass(view, hints, codes);
  if (codes.empty() && options.try_recovery && plausible)
    recovery_stages(2, 4, view, hints, options.try_inverted, codes);
  return codes;
}

result<std::vector<scanned_code>> scan_image_file(std::span<const std::uint8_t> file_bytes,
                                                  const scan_options& options) {
  QRSEAL_TRY(img, decode_image_file(file_bytes));
  return scan_image({img.pixels.data(), img.width, img.height, 0, pixel_format::gray},
                    img.pixels.size(), options);
}

result<std::vector<frame_verdict>> verify_frame(const verifier& v, const image_view& view,
                                                std::size_t size, std::int64_t now,
                                                const scan_options& options) {
  QRSEAL_TRY(codes, scan_image(view, size, options));
  std::vector<frame_verdict> out;
  out.reserve(codes.size());
  for (scanned_code& code : codes) {
    verification verdict = v.verify(code.text, now);
    out.push_back({std::move(code), std::move(verdict)});
  }
  return out;
}

}  // namespace qrseal
