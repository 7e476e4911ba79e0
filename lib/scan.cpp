#define ZX_USE_UTF8 1
#include <qrseal/scan.hpp>

#include <ZXing/ReadBarcode.h>

namespace qrseal {
namespace {

ZXing::ImageFormat zxing_format(pixel_format f) {
  switch (f) {
    case pixel_format::gray: return ZXing::ImageFormat::Lum;
    case pixel_format::rgb: return ZXing::ImageFormat::RGB;
    case pixel_format::bgr: return ZXing::ImageFormat::BGR;
    case pixel_format::rgba: return ZXing::ImageFormat::RGBX;
    case pixel_format::bgra: return ZXing::ImageFormat::BGRX;
    case pixel_format::yuyv: return ZXing::ImageFormat::Lum;  // Y in every other byte
  }
  return ZXing::ImageFormat::Lum;
}

ZXing::ImageView zxing_view(const image_view& v) {
  const int pixel_stride = v.format == pixel_format::yuyv ? 2 : 0;
  return {v.data, v.width, v.height, zxing_format(v.format), v.stride, pixel_stride};
}

// An inverted luminance copy, for codes shown light-on-dark.
std::vector<std::uint8_t> inverted_luma(const image_view& v) {
  const int bpp = bytes_per_pixel(v.format);
  const std::size_t stride = v.stride ? static_cast<std::size_t>(v.stride)
                                      : static_cast<std::size_t>(v.width) * bpp;
  std::vector<std::uint8_t> out(static_cast<std::size_t>(v.width) * v.height);
  for (int y = 0; y < v.height; ++y) {
    const std::uint8_t* row = v.data + stride * y;
    std::uint8_t* dst = out.data() + static_cast<std::size_t>(y) * v.width;
    for (int x = 0; x < v.width; ++x) {
      const std::uint8_t* p = row + static_cast<std::size_t>(x) * bpp;
      unsigned luma = 0;
      switch (v.format) {
        case pixel_format::gray:
        case pixel_format::yuyv: luma = p[0]; break;
        case pixel_format::rgb:
        case pixel_format::rgba: luma = (p[0] * 77u + p[1] * 150u + p[2] * 29u) >> 8; break;
        case pixel_format::bgr:
        case pixel_format::bgra: luma = (p[2] * 77u + p[1] * 150u + p[0] * 29u) >> 8; break;
      }
      dst[x] = static_cast<std::uint8_t>(255u - luma);
    }
  }
  return out;
}

void collect(const ZXing::Results& results, bool inverted, std::vector<scanned_code>& out) {
  for (const ZXing::Result& r : results) {
    if (!r.isValid()) continue;
    const auto& bytes = r.bytes();
    out.push_back({std::string(bytes.begin(), bytes.end()), inverted});
  }
}

}  // namespace

result<std::vector<scanned_code>> scan_image(const image_view& view, std::size_t size,
                                             const scan_options& options) {
  if (auto s = check_image_view(view, size); !s) return std::move(s).error();
  const auto hints = ZXing::DecodeHints()
                         .setFormats(ZXing::BarcodeFormat::QRCode)
                         .setTryHarder(options.try_harder)
                         .setTryRotate(options.try_harder)
                         .setTryDownscale(true)
                         .setMaxNumberOfSymbols(static_cast<std::uint8_t>(
                             std::min(options.max_codes, 255u)));
  std::vector<scanned_code> codes;
  collect(ZXing::ReadBarcodes(zxing_view(view), hints), false, codes);
  if (codes.empty() && options.try_inverted) {
    const auto inverted = inverted_luma(view);
    collect(ZXing::ReadBarcodes({inverted.data(), view.width, view.height, ZXing::ImageFormat::Lum},
                                hints),
            true, codes);
  }
  return codes;
}

result<std::vector<frame_verdict>> verify_frame(const verifier& v, const image_view& view,
                                                std::size_t size, std::int64_t now,
                                                const scan_options& options) {
  auto codes = scan_image(view, size, options);
  if (!codes) return std::move(codes).error();
  std::vector<frame_verdict> out;
  out.reserve(codes->size());
  for (scanned_code& code : *codes) {
    verification verdict = v.verify(code.text, now);
    out.push_back({std::move(code), std::move(verdict)});
  }
  return out;
}

}  // namespace qrseal
