// Scanning basics (lib/scan.cpp, lib/image_file.cpp): every pixel format and row stride, inverted
// codes, several codes in a frame, frames without a code, bad views, PNG/JPEG files, hostile
// headers, verify_frame, and real-world images of the EU DCC test data. The camera-like
// distortions are in test_scan_robustness.cpp.
#include <ZXing/BitMatrix.h>
#include <ZXing/MultiFormatWriter.h>
#include <gtest/gtest.h>
#include <sodium.h>
#include <zlib.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <qrseal/image.hpp>
#include <qrseal/png.hpp>
#include <qrseal/qr_encode.hpp>
#include <qrseal/qr_render.hpp>
#include <qrseal/scan.hpp>
#include <set>
#include <string>
#include <vector>

#include "distort.hpp"
#include "fixtures.hpp"
#include "image_writers.hpp"

namespace qrseal {
namespace {

using namespace fixtures;
namespace fs = std::filesystem;

class scan : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { ASSERT_GE(sodium_init(), 0); }
};

verifier default_verifier() {
  verifier v(pinned_roots());
  const list_offer r = v.offer_trust_list(signed_trust_list(default_trust_list()));
  EXPECT_EQ(r.result, list_result::accepted) << r.message;
  return v;
}

// A real credential's symbol as the CLI renders it (8-bit grey, quiet zone 4).
gray_image credential_raster(const std::string& text, int module_px = 4) {
  auto m = encode_qr(text, ecc_level::M);
  EXPECT_TRUE(m.ok());
  return m ? rasterize(*m, {module_px, 4}) : gray_image{};
}

std::vector<std::string> texts_of(const result<std::vector<scanned_code>>& codes) {
  std::vector<std::string> out;
  if (codes)
    for (const auto& c : *codes) out.push_back(c.text);
  return out;
}

result<std::vector<scanned_code>> scan_gray(const gray_image& img, const scan_options& o = {}) {
  return scan_image({img.pixels.data(), img.width, img.height, 0, pixel_format::gray},
                    img.pixels.size(), o);
}

// `img` re-laid in `format` with `pad` spare bytes after every row. Colour channels carry the
// grey value; alpha and YUYV chroma carry junk that a scanner must ignore.
struct frame_buffer {
  std::vector<std::uint8_t> bytes;
  image_view view;
};
frame_buffer relayout(const gray_image& img, pixel_format format, int pad) {
  const int bpp = bytes_per_pixel(format);
  const int stride = img.width * bpp + pad;
  frame_buffer f;
  f.bytes.assign(static_cast<std::size_t>(stride) * img.height, 0xA5);
  for (int y = 0; y < img.height; ++y)
    for (int x = 0; x < img.width; ++x) {
      const std::uint8_t g = img.pixels[static_cast<std::size_t>(y) * img.width + x];
      const std::uint8_t junk = static_cast<std::uint8_t>((x * 37 + y * 11) & 0xFF);
      std::uint8_t* p =
          f.bytes.data() + static_cast<std::size_t>(y) * stride + static_cast<std::size_t>(x) * bpp;
      switch (format) {
        case pixel_format::gray:
          p[0] = g;
          break;
        case pixel_format::rgb:
        case pixel_format::bgr:
          p[0] = p[1] = p[2] = g;
          break;
        case pixel_format::rgba:
        case pixel_format::bgra:
          p[0] = p[1] = p[2] = g, p[3] = junk;
          break;
        case pixel_format::yuyv:
          p[0] = g, p[1] = junk;
          break;  // Y, then U or V
      }
    }
  f.view = {f.bytes.data(), img.width, img.height, pad ? stride : 0, format};
  return f;
}

const std::vector<pixel_format> all_formats{pixel_format::gray, pixel_format::rgb,
                                            pixel_format::bgr,  pixel_format::rgba,
                                            pixel_format::bgra, pixel_format::yuyv};

TEST_F(scan, every_pixel_format_with_and_without_row_padding) {
  const std::string text = issue(default_claims());
  const gray_image img = credential_raster(text, 3);
  for (pixel_format format : all_formats)
    for (int pad : {0, 13}) {
      SCOPED_TRACE("format " + std::to_string(static_cast<int>(format)) + ", pad " +
                   std::to_string(pad));
      const frame_buffer f = relayout(img, format, pad);
      auto codes = scan_image(f.view, f.bytes.size());
      ASSERT_TRUE(codes.ok()) << codes.error().message;
      ASSERT_EQ(codes->size(), 1u);
      EXPECT_EQ(codes->front().text, text);
      EXPECT_FALSE(codes->front().inverted);
      EXPECT_FALSE(codes->front().recovered);
    }
}

TEST_F(scan, inverted_codes_are_found_and_marked_in_every_format) {
  const std::string text = issue(default_claims());
  gray_image img = credential_raster(text, 3);
  for (auto& p : img.pixels) p = static_cast<std::uint8_t>(255 - p);
  for (pixel_format format : all_formats) {
    SCOPED_TRACE(static_cast<int>(format));
    const frame_buffer f = relayout(img, format, 7);
    auto codes = scan_image(f.view, f.bytes.size());
    ASSERT_TRUE(codes.ok());
    ASSERT_EQ(texts_of(codes), std::vector<std::string>{text});
    EXPECT_TRUE(codes->front().inverted);
  }
  scan_options no_invert;
  no_invert.try_inverted = false;  // and the recovery pass keeps to that too
  auto codes = scan_gray(img, no_invert);
  ASSERT_TRUE(codes.ok());
  EXPECT_TRUE(codes->empty());
}

TEST_F(scan, several_codes_in_one_frame) {
  std::vector<std::string> texts;
  gray_image frame{1100, 420, std::vector<std::uint8_t>(1100u * 420u, 255)};
  for (int i = 0; i < 3; ++i) {
    claims c = default_claims();
    c.status.id_hint = "000" + std::to_string(i);
    texts.push_back(issue(c));
    const gray_image code = credential_raster(texts.back(), 5);
    ASSERT_LE(code.width, 360);
    for (int y = 0; y < code.height; ++y)
      std::copy_n(
          code.pixels.begin() + static_cast<std::ptrdiff_t>(y) * code.width, code.width,
          frame.pixels.begin() + static_cast<std::ptrdiff_t>(y + 20) * frame.width + 10 + 365 * i);
  }
  scan_options several;
  several.max_codes = 8;
  auto codes = scan_gray(frame, several);
  ASSERT_TRUE(codes.ok());
  const auto found = texts_of(codes);
  EXPECT_EQ(std::set<std::string>(found.begin(), found.end()),
            std::set<std::string>(texts.begin(), texts.end()));
  EXPECT_EQ(found.size(), 3u);

  EXPECT_EQ(scan_gray(frame)->size(), 1u);  // the default is one code per frame

  scan_options two;
  two.max_codes = 2;
  auto limited = scan_gray(frame, two);
  ASSERT_TRUE(limited.ok());
  EXPECT_EQ(limited->size(), 2u);
}

TEST_F(scan, frames_without_a_code_give_an_empty_list) {
  distort::rng r(42);
  std::vector<gray_image> frames;
  frames.push_back({640, 480, std::vector<std::uint8_t>(640u * 480u, 255)});  // white
  frames.push_back({640, 480, std::vector<std::uint8_t>(640u * 480u, 0)});    // black
  gray_image noise{640, 480, std::vector<std::uint8_t>(640u * 480u)};
  for (auto& p : noise.pixels) p = static_cast<std::uint8_t>(r.integer(0, 255));
  frames.push_back(noise);
  distort::shot page;
  page.module_px = 6;
  frames.push_back(distort::photograph(distort::text_page(r), page, r));  // printed text
  frames.push_back({1, 1, {0}});
  for (const gray_image& f : frames) {
    auto codes = scan_gray(f);
    ASSERT_TRUE(codes.ok()) << codes.error().message;
    EXPECT_TRUE(codes->empty()) << f.width << "x" << f.height;
  }
}

TEST_F(scan, bad_views_are_errors_not_crashes) {
  std::vector<std::uint8_t> buf(100 * 100 * 4, 255);
  auto rejected = [&](image_view v, std::size_t size) {
    auto codes = scan_image(v, size);
    EXPECT_FALSE(codes.ok());
    EXPECT_EQ(codes.code(), errc::invalid_argument);
    verifier verif(pinned_roots());
    auto verdicts = verify_frame(verif, v, size, now0);
    EXPECT_FALSE(verdicts.ok());
    return codes.ok() ? std::string() : codes.error().message;
  };
  EXPECT_NE(rejected({nullptr, 10, 10, 0, pixel_format::gray}, 100).find("no pixel data"),
            std::string::npos);
  rejected({buf.data(), 0, 10, 0, pixel_format::gray}, buf.size());
  rejected({buf.data(), 10, 0, 0, pixel_format::gray}, buf.size());
  rejected({buf.data(), -5, 10, 0, pixel_format::gray}, buf.size());
  EXPECT_NE(rejected({buf.data(), 8193, 1, 0, pixel_format::gray}, buf.size()).find("8193x1"),
            std::string::npos);
  rejected({buf.data(), 1, 100000, 0, pixel_format::gray}, buf.size());
  // A buffer one byte short of the frame, for each format.
  for (pixel_format f : all_formats) {
    const std::size_t need = 100u * 50u * static_cast<std::size_t>(bytes_per_pixel(f));
    EXPECT_NE(rejected({buf.data(), 100, 50, 0, f}, need - 1).find("do not cover"),
              std::string::npos);
    EXPECT_TRUE(scan_image({buf.data(), 100, 50, 0, f}, need).ok());
  }
  // Stride shorter than a row, negative, or padding that runs past the buffer.
  EXPECT_NE(rejected({buf.data(), 100, 10, 99, pixel_format::gray}, buf.size()).find("stride"),
            std::string::npos);
  rejected({buf.data(), 100, 10, 299, pixel_format::rgb}, buf.size());
  rejected({buf.data(), 100, 10, -100, pixel_format::gray}, buf.size());
  rejected({buf.data(), 100, 100, 200, pixel_format::gray}, 200 * 99 + 99);
  // The last row needs no padding after it.
  EXPECT_TRUE(scan_image({buf.data(), 100, 100, 200, pixel_format::gray}, 200 * 99 + 100).ok());
}

TEST_F(scan, verify_frame_checks_every_code_found) {
  const verifier v = default_verifier();
  const std::string text = issue(default_claims());
  const gray_image img = credential_raster(text);
  auto verdicts = verify_frame(v, {img.pixels.data(), img.width, img.height, 0, pixel_format::gray},
                               img.pixels.size(), now0);
  ASSERT_TRUE(verdicts.ok());
  ASSERT_EQ(verdicts->size(), 1u);
  EXPECT_EQ(verdicts->front().code.text, text);
  EXPECT_EQ(verdicts->front().verdict.outcome(), outcome::valid)
      << verdicts->front().verdict.detail();

  // A QR code that is no credential of ours is reported, as malformed, not dropped.
  auto other = encode_qr("HC1:NOT A QRSEAL TEXT", ecc_level::M);
  ASSERT_TRUE(other.ok());
  const gray_image foreign = rasterize(*other);
  verdicts =
      verify_frame(v, {foreign.pixels.data(), foreign.width, foreign.height, 0, pixel_format::gray},
                   foreign.pixels.size(), now0);
  ASSERT_TRUE(verdicts.ok());
  ASSERT_EQ(verdicts->size(), 1u);
  EXPECT_EQ(verdicts->front().verdict.outcome(), outcome::malformed);

  const gray_image blank{64, 64, std::vector<std::uint8_t>(64u * 64u, 255)};
  verdicts = verify_frame(v, {blank.pixels.data(), 64, 64, 0, pixel_format::gray},
                          blank.pixels.size(), now0);
  ASSERT_TRUE(verdicts.ok());
  EXPECT_TRUE(verdicts->empty());
}

// ---- Image files -------------------------------------------------------------------------

using bytes_t = std::vector<std::uint8_t>;

// Through scan_image_file, the file bytes to the codes in one call (what verify --image and
// scan do).
std::vector<std::string> scan_file(const bytes_t& file) {
  auto codes = scan_image_file(file);
  EXPECT_TRUE(codes.ok()) << codes.error().message;
  return texts_of(codes);
}

TEST_F(scan, png_8_bit_and_1_bit) {
  const std::string text = issue(default_claims());
  const gray_image img = credential_raster(text, 3);
  for (png_depth depth : {png_depth::gray8, png_depth::bilevel}) {
    auto png = encode_png(img, depth);
    ASSERT_TRUE(png.ok());
    auto back = decode_image_file(*png);
    ASSERT_TRUE(back.ok()) << back.error().message;
    EXPECT_EQ(back->pixels, img.pixels);  // black and white survive 1-bit exactly
    EXPECT_EQ(scan_file(*png), std::vector<std::string>{text});
  }
}

TEST_F(scan, rgba_png_with_a_transparent_background_is_composited_over_white) {
  const std::string text = issue(default_claims());
  const gray_image img = credential_raster(text, 3);
  // Dark modules opaque black; everything else transparent *black* (0,0,0,0), as drawing tools
  // often save it. Read without compositing, the code would vanish into black.
  bytes_t rgba(img.pixels.size() * 4, 0);
  for (std::size_t i = 0; i < img.pixels.size(); ++i)
    if (img.pixels[i] < 128) rgba[4 * i + 3] = 255;
  const bytes_t png = test_images::rgba_png(rgba.data(), img.width, img.height);
  ASSERT_FALSE(png.empty());
  EXPECT_EQ(scan_file(png), std::vector<std::string>{text});
}

TEST_F(scan, jpeg) {
  const std::string text = issue(default_claims());
  const gray_image img = credential_raster(text, 4);
  for (int channels : {1, 3}) {
    bytes_t pixels;
    for (std::uint8_t p : img.pixels)
      pixels.insert(pixels.end(), static_cast<std::size_t>(channels), p);
    const bytes_t jpeg = test_images::jpeg(pixels.data(), img.width, img.height, channels, 75);
    ASSERT_FALSE(jpeg.empty());
    EXPECT_EQ(scan_file(jpeg), std::vector<std::string>{text}) << channels << " channels";
  }
}

TEST_F(scan, garbage_and_truncated_files_are_errors) {
  distort::rng r(3);
  bytes_t garbage(4096);
  for (auto& b : garbage) b = static_cast<std::uint8_t>(r.integer(0, 255));
  EXPECT_FALSE(decode_image_file(garbage).ok());
  EXPECT_FALSE(decode_image_file(bytes_t{}).ok());
  EXPECT_FALSE(decode_image_file(bytes_t{0x89, 'P', 'N', 'G'}).ok());
  EXPECT_FALSE(scan_image_file(garbage).ok());  // the decoder's error, not an empty list

  auto png = encode_png(credential_raster(issue(default_claims())));
  ASSERT_TRUE(png.ok());
  for (std::size_t keep : {std::size_t{8}, std::size_t{33}, png->size() / 2, png->size() - 13}) {
    const bytes_t cut(png->begin(), png->begin() + static_cast<std::ptrdiff_t>(keep));
    auto img = decode_image_file(cut);
    EXPECT_FALSE(img.ok()) << "kept " << keep << " of " << png->size() << " bytes";
  }
}

// A well-formed PNG (valid CRCs, a tiny IDAT) whose header claims `side` x `side` RGBA pixels.
bytes_t png_claiming(std::uint32_t side) {
  auto be32 = [](bytes_t& out, std::uint32_t v) {
    for (int s = 24; s >= 0; s -= 8) out.push_back(static_cast<std::uint8_t>(v >> s));
  };
  bytes_t png{0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
  auto chunk = [&](bytes_t body) {  // type + data
    be32(png, static_cast<std::uint32_t>(body.size() - 4));
    png.insert(png.end(), body.begin(), body.end());
    be32(png, static_cast<std::uint32_t>(crc32(0, body.data(), static_cast<uInt>(body.size()))));
  };
  bytes_t ihdr{'I', 'H', 'D', 'R'};
  be32(ihdr, side);
  be32(ihdr, side);
  ihdr.insert(ihdr.end(), {8, 6, 0, 0, 0});  // 8-bit RGBA
  chunk(ihdr);
  chunk({'I', 'D', 'A', 'T', 0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01});
  chunk({'I', 'E', 'N', 'D'});
  return png;
}

// Headers claiming huge images (100000x100000 RGBA would be 40 GB) are refused from the header
// alone, before the decoder allocates anything: our 8192-pixel limit, checked on IHDR and set
// as libpng's user limit.
TEST_F(scan, png_headers_claiming_huge_images_are_refused) {
  auto huge = decode_image_file(png_claiming(100000));
  ASSERT_FALSE(huge.ok());
  EXPECT_EQ(huge.code(), errc::invalid_argument);
  auto large = decode_image_file(png_claiming(9000));
  ASSERT_FALSE(large.ok());
  EXPECT_EQ(large.code(), errc::invalid_argument);
  EXPECT_NE(large.error().message.find("9000x9000"), std::string::npos) << large.error().message;
  // The same file at a plausible size gets past the header (and fails later, on the pixels).
  auto small = decode_image_file(png_claiming(16));
  ASSERT_FALSE(small.ok());
  EXPECT_EQ(small.error().message.find("16x16"), std::string::npos) << small.error().message;
}

// A valid JPEG whose frame header (SOF) is patched to claim `w` x `h` pixels.
bytes_t jpeg_claiming(int w, int h) {
  const gray_image img = credential_raster(issue(default_claims()), 2);
  bytes_t jpeg = test_images::jpeg(img.pixels.data(), img.width, img.height, 1, 80);
  for (std::size_t i = 0; i + 8 < jpeg.size(); ++i)
    if (jpeg[i] == 0xFF && (jpeg[i + 1] == 0xC0 || jpeg[i + 1] == 0xC2)) {
      jpeg[i + 5] = static_cast<std::uint8_t>(h >> 8), jpeg[i + 6] = static_cast<std::uint8_t>(h);
      jpeg[i + 7] = static_cast<std::uint8_t>(w >> 8), jpeg[i + 8] = static_cast<std::uint8_t>(w);
      break;
    }
  return jpeg;
}

// JPEG goes to libjpeg-turbo, and the size limit is checked on its frame header, before the
// pixels are allocated: a 3 KB file cannot ask for 65000x65000 (4 GB).
TEST_F(scan, jpeg_headers_claiming_huge_images_are_refused) {
  for (auto [w, h] : {std::pair{65000, 65000}, std::pair{9000, 100}, std::pair{100, 8193}}) {
    auto img = decode_image_file(jpeg_claiming(w, h));
    ASSERT_FALSE(img.ok());
    EXPECT_EQ(img.code(), errc::invalid_argument);
    EXPECT_NE(img.error().message.find(std::to_string(w) + "x" + std::to_string(h)),
              std::string::npos)
        << img.error().message;
  }
  // A caller's lower limit (the fuzzer's 512) holds the same way, for PNG too.
  auto small = decode_image_file(jpeg_claiming(600, 600), 512);
  ASSERT_FALSE(small.ok());
  EXPECT_NE(small.error().message.find("outside 1..512"), std::string::npos);
  auto png = encode_png(gray_image{600, 10, bytes_t(6000, 255)});
  ASSERT_TRUE(png.ok());
  EXPECT_FALSE(decode_image_file(*png, 512).ok());
  EXPECT_TRUE(decode_image_file(*png).ok());
}

TEST_F(scan, truncated_and_garbled_jpegs_are_errors_or_grey_never_crashes) {
  const gray_image img = credential_raster(issue(default_claims()), 3);
  const bytes_t jpeg = test_images::jpeg(img.pixels.data(), img.width, img.height, 1, 80);
  // Cut inside the headers: an error that names the decoder's reason.
  for (std::size_t keep : {std::size_t{3}, std::size_t{20}, std::size_t{100}}) {
    auto cut =
        decode_image_file(bytes_t(jpeg.begin(), jpeg.begin() + static_cast<std::ptrdiff_t>(keep)));
    ASSERT_FALSE(cut.ok()) << keep;
    EXPECT_EQ(cut.error().message.rfind("JPEG could not be", 0), 0u) << cut.error().message;
  }
  // Cut inside the image data: libjpeg fills the rest with grey (a warning, not an error), as
  // a photo app shows a partly downloaded picture.
  auto half = decode_image_file(
      bytes_t(jpeg.begin(), jpeg.begin() + static_cast<std::ptrdiff_t>(jpeg.size() / 2)));
  ASSERT_TRUE(half.ok()) << half.error().message;
  EXPECT_EQ(half->width, img.width);
  // Bytes flipped anywhere: an error or a picture, never a crash (fuzz_image goes further).
  distort::rng r(9);
  for (int i = 0; i < 200; ++i) {
    bytes_t bad = jpeg;
    bad[static_cast<std::size_t>(r.integer(3, static_cast<int>(bad.size()) - 1))] ^=
        static_cast<std::uint8_t>(1 << r.integer(0, 7));
    (void)decode_image_file(bad);
  }
}

// Found by fuzz_image: a 2.6 KB PNG whose second IDAT chunk claims 1.4 GB. stb_image grew its
// buffer to the claimed length (a 2 GiB realloc) before noticing that the file had ended, which
// the fuzzer's 2 GiB limit caught. PNGs now go to libpng, which reads chunk data as it comes
// and stops at the first thing wrong (here, the zlib data before the lying chunk): the answer
// is an error, and no large allocation (the fuzz target keeps checking that under its limit).
TEST(scan_hostile_images, a_lying_chunk_length_is_an_error_not_an_allocation) {
  const fs::path file =
      fs::path(QRSEAL_SOURCE_DIR) / "tests" / "data" / "hostile" / "png-idat-length-1.4gb.png";
  std::ifstream in(file, std::ios::binary);
  ASSERT_TRUE(in) << file;
  const std::vector<std::uint8_t> bytes((std::istreambuf_iterator<char>(in)), {});
  ASSERT_EQ(bytes.size(), 2643u);
  const auto img = decode_image_file(bytes);
  ASSERT_FALSE(img.ok());
  EXPECT_EQ(img.code(), errc::invalid_argument);
  EXPECT_EQ(img.error().message.rfind("PNG could not be decoded: ", 0), 0u) << img.error().message;
}

// Found by fuzz_image: a 77-byte binary PPM made stb_image read out of bounds. Only PNG
// (libpng) and JPEG (libjpeg-turbo) are read; any other format is refused by its first bytes.
TEST(scan_hostile_images, formats_other_than_png_and_jpeg_never_reach_a_decoder) {
  const fs::path file =
      fs::path(QRSEAL_SOURCE_DIR) / "tests" / "data" / "hostile" / "pnm-stb-crash.ppm";
  std::ifstream in(file, std::ios::binary);
  ASSERT_TRUE(in) << file;
  const std::vector<std::uint8_t> ppm((std::istreambuf_iterator<char>(in)), {});
  ASSERT_EQ(ppm.size(), 77u);
  for (const std::vector<std::uint8_t>& bytes :
       {ppm, std::vector<std::uint8_t>{'B', 'M', 0, 0},
        std::vector<std::uint8_t>{'G', 'I', 'F', '8', '9', 'a'},
        std::vector<std::uint8_t>{0xFF, 0xD8}}) {
    const auto img = decode_image_file(bytes);
    ASSERT_FALSE(img.ok());
    EXPECT_NE(img.error().message.find("not a PNG or JPEG image"), std::string::npos)
        << img.error().message;
  }
}

// ---- Real-world images: the EU DCC test data ----------------------------------------------

struct dcc_result {
  int images = 0;
  int exact = 0;
  int recovered = 0;  // needed the recovery pass
  std::vector<std::string> failures;
};

dcc_result scan_dcc_folder(const fs::path& dir) {
  dcc_result r;
  std::vector<fs::path> pngs;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().extension() == ".png") pngs.push_back(e.path());
  std::sort(pngs.begin(), pngs.end());
  for (const fs::path& png : pngs) {
    ++r.images;
    std::ifstream in(png, std::ios::binary),
        txt(fs::path(png).replace_extension(".txt"), std::ios::binary);
    const bytes_t file((std::istreambuf_iterator<char>(in)), {});
    const std::string want((std::istreambuf_iterator<char>(txt)), {});
    auto img = decode_image_file(file);
    if (!img) {
      r.failures.push_back(png.filename().string() + ": " + img.error().message);
      continue;
    }
    auto codes = scan_gray(*img);
    const bool ok = codes && codes->size() == 1 && codes->front().text == want && !want.empty();
    if (ok) ++r.exact;
    if (ok && codes->front().recovered) ++r.recovered;
    if (!ok)
      r.failures.push_back(png.filename().string() + ": " +
                           std::to_string(codes ? codes->size() : 0) + " codes, none exact");
  }
  return r;
}

TEST_F(scan, dcc_sample_in_the_repository_decodes_exactly) {
  const dcc_result r = scan_dcc_folder(fs::path(QRSEAL_SOURCE_DIR) / "tests/data/dcc-qr");
  EXPECT_EQ(r.images, 14);
  EXPECT_EQ(r.exact, r.images);
  EXPECT_EQ(r.recovered, 0);  // clean renderings: the first pass reads them all
  for (const auto& f : r.failures) ADD_FAILURE() << f;
}

// The whole 512-image corpus, when it is there: QRSEAL_DCC_DIR, or shared/data/dcc-qr beside the
// source tree or at /work/shared. A fresh clone without it skips this test.
TEST_F(scan, dcc_corpus_decodes_exactly) {
  std::vector<fs::path> candidates;
  if (const char* env = std::getenv("QRSEAL_DCC_DIR")) candidates.emplace_back(env);
  candidates.push_back(fs::path(QRSEAL_SOURCE_DIR) / "../shared/data/dcc-qr");
  candidates.emplace_back("/work/shared/data/dcc-qr");
  const auto dir = std::find_if(candidates.begin(), candidates.end(),
                                [](const fs::path& p) { return fs::is_directory(p); });
  if (dir == candidates.end()) GTEST_SKIP() << "no DCC corpus (set QRSEAL_DCC_DIR)";
  const dcc_result r = scan_dcc_folder(*dir);
  std::cout << "DCC corpus " << dir->string() << ": " << r.exact << "/" << r.images << " exact, "
            << r.recovered << " by the recovery pass\n";
  EXPECT_GE(r.images, 500);
  EXPECT_EQ(r.exact, r.images);
  for (const auto& f : r.failures) ADD_FAILURE() << f;
}

// A test desk reads the sample tube's Code 128 label with the same scanner, only when asked.
TEST(scan_code128, tube_labels_are_read_only_when_asked) {
  const auto bits = ZXing::MultiFormatWriter(ZXing::BarcodeFormat::Code128)
                        .setMargin(20)
                        .encode("TUBE-0042", 400, 120);
  const auto matrix = ZXing::ToMatrix<std::uint8_t>(bits);
  gray_image img{matrix.width(), matrix.height(),
                 std::vector<std::uint8_t>(matrix.data(), matrix.data() + matrix.size())};
  const image_view view{img.pixels.data(), img.width, img.height, 0, pixel_format::gray};
  auto qr_only = scan_image(view, img.pixels.size());
  ASSERT_TRUE(qr_only.ok());
  EXPECT_TRUE(qr_only->empty());
  scan_options desk;
  desk.read_code128 = true;
  auto codes = scan_image(view, img.pixels.size(), desk);
  ASSERT_TRUE(codes.ok()) << codes.error().message;
  ASSERT_EQ(codes->size(), 1u);
  EXPECT_EQ(codes->front().text, "TUBE-0042");
  EXPECT_TRUE(codes->front().code128);
}

}  // namespace
}  // namespace qrseal
