// Image files (PNG, JPEG) decoded and scanned, as `qrseal scan` does with a picture. Inputs are
// capped at 64 KiB and pictures at 512x512 pixels (the decoders refuse larger ones from their
// headers), so the fuzzer spends its time on the decoders and the scanner rather than on huge
// blank frames.
#include <cstddef>
#include <cstdint>
#include <qrseal/image.hpp>
#include <qrseal/scan.hpp>
#include <span>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace qrseal;
  if (size == 0 || size > 64 * 1024) return 0;
  auto img = decode_image_file(std::span<const std::uint8_t>(data, size), 512);
  if (!img) return 0;
  const image_view view{img->pixels.data(), img->width, img->height, 0, pixel_format::gray};
  scan_options options;
  options.max_codes = 4;
  (void)scan_image(view, img->pixels.size(), options);
  return 0;
}
