// PNG files: the grey encoder round trip through the decoder, and the pHYs chunk that makes a
// card PNG print at its real size.
#include <gtest/gtest.h>

#include <cstdint>
#include <qrseal/png.hpp>
#include <vector>

namespace qrseal {
namespace {

gray_image checker(int w, int h) {
  gray_image img;
  img.width = w;
  img.height = h;
  img.pixels.resize(static_cast<std::size_t>(w) * static_cast<std::size_t>(h));
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x)
      img.pixels[static_cast<std::size_t>(y * w + x)] = (x + y) % 2 ? 255 : 0;
  return img;
}

std::uint32_t be32(const std::vector<std::uint8_t>& b, std::size_t at) {
  return std::uint32_t{b[at]} << 24 | std::uint32_t{b[at + 1]} << 16 |
         std::uint32_t{b[at + 2]} << 8 | b[at + 3];
}

TEST(png, gray_round_trip) {
  const gray_image img = checker(9, 5);
  for (png_depth depth : {png_depth::gray8, png_depth::bilevel}) {
    auto png = encode_png(img, depth);
    ASSERT_TRUE(png.ok()) << png.error().message;
    EXPECT_TRUE(is_png(*png));
    auto back = decode_png(*png);
    ASSERT_TRUE(back.ok()) << back.error().message;
    EXPECT_EQ(back->pixels, img.pixels);
  }
}

TEST(png, resolution_chunk_follows_ihdr_and_still_decodes) {
  auto png = encode_png(checker(4, 4));
  ASSERT_TRUE(png.ok());
  const std::vector<std::uint8_t> with = with_png_resolution(*png, 300);
  ASSERT_EQ(with.size(), png->size() + 21);
  constexpr std::size_t at = 8 + 25;  // signature, then IHDR (length, type, 13 bytes, CRC)
  EXPECT_EQ(be32(with, at), 9u);
  EXPECT_EQ(std::string(with.begin() + at + 4, with.begin() + at + 8), "pHYs");
  EXPECT_EQ(be32(with, at + 8), 11811u);  // 300 dpi in pixels per metre
  EXPECT_EQ(be32(with, at + 12), 11811u);
  EXPECT_EQ(with[at + 16], 1);  // metre
  // libpng checks every chunk's CRC: a wrong one would fail the decode.
  auto back = decode_png(with);
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(back->width, 4);
  EXPECT_EQ(with_png_resolution({1, 2, 3}, 300), (std::vector<std::uint8_t>{1, 2, 3}));
}

}  // namespace
}  // namespace qrseal
