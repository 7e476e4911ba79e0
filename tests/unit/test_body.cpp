// The body layer (spec §1): raw COSE or zlib, told apart by the first byte, with the zlib
// limits (no preset dictionary, at most 4096 bytes out, nothing after the stream).
#include <gtest/gtest.h>
#include <zlib.h>

#include <algorithm>
#include <cstdint>
#include <qrseal/body.hpp>
#include <qrseal/result.hpp>
#include <random>
#include <vector>

namespace qrseal {
namespace {

using bytes_t = std::vector<std::uint8_t>;

// A zlib stream of `data` made by zlib itself, independently of the library.
bytes_t zlib_of(const bytes_t& data, int level) {
  uLongf size = compressBound(static_cast<uLong>(data.size()));
  bytes_t out(size);
  const int rc = compress2(out.data(), &size, data.data(), static_cast<uLong>(data.size()), level);
  EXPECT_EQ(rc, Z_OK);
  out.resize(size);
  return out;
}

// zlib with encode_body's own settings (level 9, window 15, memLevel 1).
bytes_t zlib_as_encode_body(const bytes_t& data) {
  z_stream s{};
  EXPECT_EQ(deflateInit2(&s, Z_BEST_COMPRESSION, Z_DEFLATED, 15, 1, Z_DEFAULT_STRATEGY), Z_OK);
  bytes_t out(deflateBound(&s, static_cast<uLong>(data.size())));
  s.next_in = const_cast<Bytef*>(data.data());
  s.avail_in = static_cast<uInt>(data.size());
  s.next_out = out.data();
  s.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(deflate(&s, Z_FINISH), Z_STREAM_END);
  out.resize(s.total_out);
  deflateEnd(&s);
  return out;
}

// A stream that needs a preset dictionary (FDICT set in the header).
bytes_t zlib_with_dictionary(const bytes_t& data, const bytes_t& dictionary) {
  z_stream s{};
  EXPECT_EQ(deflateInit(&s, Z_BEST_COMPRESSION), Z_OK);
  EXPECT_EQ(deflateSetDictionary(&s, dictionary.data(), static_cast<uInt>(dictionary.size())),
            Z_OK);
  bytes_t out(deflateBound(&s, static_cast<uLong>(data.size())) + 16);
  s.next_in = const_cast<Bytef*>(data.data());
  s.avail_in = static_cast<uInt>(data.size());
  s.next_out = out.data();
  s.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(deflate(&s, Z_FINISH), Z_STREAM_END);
  out.resize(s.total_out);
  deflateEnd(&s);
  return out;
}

// Bytes shaped like a COSE_Sign1 (first byte 0xD2) that compress well.
bytes_t repetitive_cose(std::size_t n) {
  bytes_t out(n, 0x41);
  out[0] = 0xD2;
  for (std::size_t i = 1; i < n; i += 7) out[i] = 0x84;
  return out;
}

bytes_t random_cose(std::size_t n, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> byte(0, 255);
  bytes_t out(n);
  for (auto& b : out) b = static_cast<std::uint8_t>(byte(rng));
  out[0] = 0xD2;
  return out;
}

bytes_t patterned(std::size_t n) {
  bytes_t out(n);
  for (std::size_t i = 0; i < n; ++i) out[i] = static_cast<std::uint8_t>(i * 7 % 251);
  return out;
}

TEST(Body, NeverModeReturnsInputUnchanged) {
  const bytes_t cose = repetitive_cose(300);
  EXPECT_EQ(encode_body(cose, compression::never), cose);
}

TEST(Body, RawFormPassesThroughDecode) {
  const bytes_t cose = random_cose(180, 1);
  auto decoded = decode_body(cose);
  ASSERT_TRUE(decoded.ok()) << decoded.error().message;
  EXPECT_EQ(decoded->form, body_form::raw);
  EXPECT_EQ(decoded->cose, cose);
}

TEST(Body, CompressesWhenStrictlyShorter) {
  const bytes_t cose = repetitive_cose(300);
  const bytes_t body = encode_body(cose);
  ASSERT_FALSE(body.empty());
  EXPECT_EQ(body[0], 0x78);
  EXPECT_LT(body.size(), cose.size());
  auto decoded = decode_body(body);
  ASSERT_TRUE(decoded.ok()) << decoded.error().message;
  EXPECT_EQ(decoded->form, body_form::zlib);
  EXPECT_EQ(decoded->cose, cose);
}

TEST(Body, KeepsRawWhenZlibIsNotShorter) {
  const bytes_t cose = random_cose(200, 2);
  EXPECT_EQ(encode_body(cose), cose);
  const bytes_t tiny{0xD2, 0x84};
  EXPECT_EQ(encode_body(tiny), tiny);
}

TEST(Body, ZlibOfEqualLengthIsNotChosen) {
  // Inputs whose level-9 zlib stream is exactly as long as the input, or one byte shorter. The
  // body is the raw input unless encode_body's own deflate (memLevel 1, so its stream may
  // differ from compress2's by a byte) is strictly shorter; a compressed body always inflates
  // back to the input. encode_body may also skip the attempt when the input barely repeats.
  int equal_seen = 0, shorter_seen = 0;
  for (std::size_t n = 40; n < 160; n += 7) {
    for (std::size_t random_part = 1; random_part < n; ++random_part) {
      bytes_t cose = random_cose(n, static_cast<unsigned>(n));
      std::fill(cose.begin() + static_cast<std::ptrdiff_t>(random_part), cose.end(), 0x00);
      const std::size_t packed = zlib_of(cose, 9).size();
      if (packed == n || packed + 1 == n) {
        ++(packed == n ? equal_seen : shorter_seen);
        const bytes_t body = encode_body(cose);
        if (zlib_as_encode_body(cose).size() >= n) {
          EXPECT_EQ(body, cose) << n << "/" << random_part;
        }
        if (body != cose) {
          EXPECT_LT(body.size(), n) << n << "/" << random_part;
          auto back = decode_body(body);
          ASSERT_TRUE(back.ok());
          EXPECT_EQ(back->cose, cose);
        }
      }
    }
  }
  EXPECT_GT(equal_seen, 0);
  EXPECT_GT(shorter_seen, 0);
}

TEST(Body, RepetitiveInputIsCompressed) {
  // Savings of dozens of bytes are always taken.
  bytes_t cose = random_cose(200, 5);
  std::fill(cose.begin() + 100, cose.end(), 0x41);
  const bytes_t body = encode_body(cose);
  EXPECT_EQ(body[0], 0x78);
  EXPECT_LT(body.size() + 40, cose.size());
  auto back = decode_body(body);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->cose, cose);
}

TEST(Body, EncodedBodyIsInputOrStrictlyShorterZlib) {
  int raw = 0, packed = 0;
  for (std::size_t n = 1; n < 120; ++n) {
    // Half random, half repeated, so both outcomes occur along the way.
    bytes_t cose = random_cose(n, static_cast<unsigned>(n));
    for (std::size_t i = n / 2; i < n; ++i) cose[i] = 0x00;
    const bytes_t body = encode_body(cose);
    if (body == cose) {
      ++raw;
      continue;
    }
    ++packed;
    ASSERT_LT(body.size(), cose.size()) << n;
    auto decoded = decode_body(body);
    ASSERT_TRUE(decoded.ok()) << n << ": " << decoded.error().message;
    EXPECT_EQ(decoded->cose, cose) << n;
  }
  EXPECT_GT(raw, 0);
  EXPECT_GT(packed, 0);
}

TEST(Body, DecodesZlibAtEveryLevel) {
  const bytes_t cose = repetitive_cose(400);
  for (int level : {0, 1, 6, 9}) {
    const bytes_t stream = zlib_of(cose, level);
    ASSERT_EQ(stream[0], 0x78) << level;
    auto decoded = decode_body(stream);
    ASSERT_TRUE(decoded.ok()) << "level " << level << ": " << decoded.error().message;
    EXPECT_EQ(decoded->form, body_form::zlib);
    EXPECT_EQ(decoded->cose, cose) << level;
  }
}

TEST(Body, RefusesEmptyBody) { EXPECT_EQ(decode_body({}).code(), errc::body_empty); }

TEST(Body, RefusesUnknownFirstByte) {
  for (int first : {0x00, 0x18, 0x79, 0x84, 0xA1, 0xD1, 0xD3, 0xFF}) {
    bytes_t body = random_cose(50, static_cast<unsigned>(first));
    body[0] = static_cast<std::uint8_t>(first);
    EXPECT_EQ(decode_body(body).code(), errc::body_unknown_form) << first;
  }
}

TEST(Body, RefusesPresetDictionary) {
  const bytes_t dictionary = repetitive_cose(64);
  const bytes_t stream = zlib_with_dictionary(repetitive_cose(200), dictionary);
  ASSERT_EQ(stream[0], 0x78);
  ASSERT_NE(stream[1] & 0x20, 0);
  EXPECT_EQ(decode_body(stream).code(), errc::zlib_dictionary);
}

TEST(Body, AcceptsExactly4096BytesOfOutput) {
  const bytes_t content = patterned(max_inflated_body);
  auto decoded = decode_body(zlib_of(content, 9));
  ASSERT_TRUE(decoded.ok()) << decoded.error().message;
  EXPECT_EQ(decoded->cose, content);
}

TEST(Body, RefusesMoreThan4096BytesOfOutput) {
  EXPECT_EQ(decode_body(zlib_of(patterned(max_inflated_body + 1), 9)).code(), errc::zlib_too_large);
  EXPECT_EQ(decode_body(zlib_of(bytes_t(1 << 20, 0), 9)).code(), errc::zlib_too_large);
}

TEST(Body, RefusesBytesAfterTheStream) {
  bytes_t stream = zlib_of(repetitive_cose(300), 6);
  stream.push_back(0x00);
  EXPECT_EQ(decode_body(stream).code(), errc::zlib_trailing);
  bytes_t doubled = zlib_of(repetitive_cose(300), 6);
  const bytes_t second = doubled;
  doubled.insert(doubled.end(), second.begin(), second.end());
  EXPECT_EQ(decode_body(doubled).code(), errc::zlib_trailing);
}

TEST(Body, RefusesTruncatedStream) {
  const bytes_t stream = zlib_of(repetitive_cose(300), 6);
  for (std::size_t keep : {std::size_t{1}, std::size_t{2}, stream.size() / 2, stream.size() - 1}) {
    const bytes_t cut(stream.begin(), stream.begin() + static_cast<std::ptrdiff_t>(keep));
    EXPECT_EQ(decode_body(cut).code(), errc::zlib_corrupt) << keep;
  }
}

TEST(Body, RefusesCorruptedChecksum) {
  bytes_t stream = zlib_of(repetitive_cose(300), 6);
  stream.back() ^= 0x01;
  EXPECT_EQ(decode_body(stream).code(), errc::zlib_corrupt);
}

TEST(Body, RefusesBadHeaderCheck) {
  // 0x78 0x9d fails the header checksum ((0x78 << 8 | FLG) % 31 != 0).
  bytes_t stream = zlib_of(repetitive_cose(300), 6);
  stream[1] = 0x9d;
  EXPECT_EQ(decode_body(stream).code(), errc::zlib_corrupt);
}

TEST(Body, ValidStreamDecodesAfterEarlierFailures) {
  const bytes_t good = zlib_of(repetitive_cose(300), 6);
  bytes_t bad = good;
  bad.back() ^= 0xff;
  bytes_t cut(good.begin(), good.begin() + 10);
  EXPECT_EQ(decode_body(bad).code(), errc::zlib_corrupt);
  EXPECT_EQ(decode_body(cut).code(), errc::zlib_corrupt);
  EXPECT_EQ(decode_body(zlib_of(patterned(5000), 9)).code(), errc::zlib_too_large);
  auto decoded = decode_body(good);
  ASSERT_TRUE(decoded.ok()) << decoded.error().message;
  EXPECT_EQ(decoded->cose, repetitive_cose(300));
}

}  // namespace
}  // namespace qrseal
