// The project's own CBOR head reader (lib/cbor_head.cpp, used by the WebAssembly build) against
// libcbor's (lib/cbor_libcbor.cpp, the native build): through the whole strict reader, both must
// give the same tree, or the same error code and message, for every input of up to two bytes,
// every initial byte followed by chosen argument and content bytes, and random documents; and
// the writer's heads must be libcbor's encoders' bytes.
#include <cbor.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <qrseal/detail/cbor.hpp>
#include <random>
#include <string>
#include <vector>

#include "cbor_head.hpp"
#include "hex_util.hpp"

namespace qrseal::cbor {
namespace {

using bytes_t = std::vector<std::uint8_t>;
using detail::decode_strict_with;
using detail::read_head_libcbor;
using detail::read_head_own;

// "ok <tree>" or "<errc> <message>": what the strict reader says about the input.
void describe(const item& it, const std::uint8_t* base, std::string& out) {
  out += std::to_string(static_cast<int>(it.type)) + ":" + std::to_string(it.value) + "@" +
         std::to_string(it.encoded.data() - base) + "+" + std::to_string(it.encoded.size());
  if (it.type == kind::bytes || it.type == kind::text)
    out += "c" + std::to_string(it.content.data() - base) + "+" + std::to_string(it.content.size());
  out += "[";
  for (const item& c : it.children) describe(c, base, out);
  out += "]";
}

std::string verdict(const bytes_t& input, detail::head_reader read, decode_options options) {
  auto r = decode_strict_with(input, options, read);
  if (!r) return std::string(to_string(r.code())) + " " + r.error().message;
  std::string out = "ok ";
  describe(*r, input.data(), out);
  return out;
}

void expect_same(const bytes_t& input) {
  for (const decode_options options :
       {decode_options{}, decode_options{true, 8}, decode_options{false, 2}}) {
    const std::string ours = verdict(input, read_head_own, options);
    const std::string theirs = verdict(input, read_head_libcbor, options);
    ASSERT_EQ(ours, theirs) << "input " << test::spaced_hex(input);
  }
}

TEST(CborHead, EveryInputOfOneAndTwoBytes) {
  for (unsigned a = 0; a < 256; ++a) {
    expect_same({static_cast<std::uint8_t>(a)});
    for (unsigned b = 0; b < 256; ++b)
      expect_same({static_cast<std::uint8_t>(a), static_cast<std::uint8_t>(b)});
  }
}

// Each initial byte, then arguments at the edges of each head size (shortest or not, content
// present, short or absent), then a few following items.
TEST(CborHead, EveryInitialByteWithChosenFollowers) {
  const std::vector<bytes_t> followers = {
      {},
      {0x00},
      {0x17},
      {0x18},
      {0xff},
      {0x00, 0x00},
      {0x00, 0x18},
      {0x01, 0x00},
      {0xff, 0xff},
      {0x00, 0x00, 0x00, 0x00},
      {0x00, 0x01, 0x00, 0x00},
      {0xff, 0xff, 0xff, 0xff},
      {0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01},
      {0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00},
      {0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff},
      {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff},
      {0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x61, 0x62},
      {0x02, 0x61, 0x62, 0x63},
      {0x61, 0x62, 0x63, 0xc3, 0xa9},
      {0xa1, 0x01, 0x02},
      {0x82, 0x01, 0x81, 0x02},
      {0xd2, 0x84, 0x40, 0xa0, 0x40, 0x40},
  };
  for (unsigned a = 0; a < 256; ++a)
    for (const bytes_t& f : followers) {
      bytes_t input{static_cast<std::uint8_t>(a)};
      input.insert(input.end(), f.begin(), f.end());
      expect_same(input);
    }
}

// Random documents: mostly well-formed shapes with random damage, so both readers go deep.
TEST(CborHead, RandomDocuments) {
  std::mt19937_64 rng(20261202);
  const std::vector<std::uint8_t> common = {0x00, 0x01, 0x17, 0x18, 0x19, 0x1a, 0x1b, 0x20, 0x38,
                                            0x40, 0x41, 0x58, 0x60, 0x61, 0x78, 0x80, 0x81, 0x82,
                                            0x98, 0xa0, 0xa1, 0xa2, 0xb8, 0xc0, 0xd2, 0xd8, 0xf4,
                                            0xf6, 0xf9, 0xfb, 0x5f, 0x9f, 0xff, 0x1c, 0x3e};
  for (int n = 0; n < 200000; ++n) {
    bytes_t input(1 + rng() % 24);
    for (auto& b : input)
      b = (rng() % 3 == 0) ? static_cast<std::uint8_t>(rng()) : common[rng() % common.size()];
    expect_same(input);
  }
}

TEST(CborHead, OwnReaderKeepsLengthsSixtyFourBit) {
  // A 2^32 + 1 byte string: truncated, as natively, not read as a 1-byte string in wasm32.
  const bytes_t big = {0x5b, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x41};
  const detail::head h = read_head_own(big.data(), big.size());
  EXPECT_EQ(h.kind, detail::head_kind::truncated);
  EXPECT_EQ(decode_strict_with(big, {}, read_head_own).code(), errc::cbor_too_large);
  // An array count of 2^32: the count is kept whole, and refused for the bytes that remain.
  const bytes_t count = {0x9b, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x01};
  const detail::head c = read_head_own(count.data(), count.size());
  EXPECT_EQ(c.kind, detail::head_kind::array);
  EXPECT_EQ(c.value, std::uint64_t{1} << 32);
  EXPECT_EQ(c.read, 9u);
}

TEST(CborHead, OwnReaderReadsTheCoseTag) {
  const bytes_t tagged = {0xd2, 0x80};
  const detail::head h = read_head_own(tagged.data(), tagged.size());
  EXPECT_EQ(h.kind, detail::head_kind::tag);
  EXPECT_EQ(h.value, 18u);
  EXPECT_EQ(h.read, 1u);
  EXPECT_TRUE(decode_strict_with(tagged, {true, 8}, read_head_own));
}

// The writer's heads (cbor_head.cpp's append_head) are libcbor's encoders' bytes.
TEST(CborHead, WriterHeadsAreLibcborsEncoders) {
  std::vector<std::uint64_t> values = {0,
                                       1,
                                       23,
                                       24,
                                       255,
                                       256,
                                       65535,
                                       65536,
                                       0xffffffff,
                                       0x100000000,
                                       std::numeric_limits<std::uint64_t>::max()};
  std::mt19937_64 rng(7);
  for (int i = 0; i < 2000; ++i) values.push_back(rng() >> (rng() % 64));
  for (const std::uint64_t v : values) {
    unsigned char buf[9];
    auto libcbor = [&](std::size_t n) { return bytes_t(buf, buf + n); };
    writer w;
    w.uint(v);
    EXPECT_EQ(w.data(), libcbor(cbor_encode_uint(v, buf, sizeof buf))) << v;
    w.clear();
    w.negint_raw(v);
    EXPECT_EQ(w.data(), libcbor(cbor_encode_negint(v, buf, sizeof buf))) << v;
    w.clear();
    w.tag(v);
    EXPECT_EQ(w.data(), libcbor(cbor_encode_tag(v, buf, sizeof buf))) << v;
    w.clear();
    w.array(static_cast<std::size_t>(v));
    EXPECT_EQ(w.data(),
              libcbor(cbor_encode_array_start(static_cast<std::size_t>(v), buf, sizeof buf)))
        << v;
    w.clear();
    w.map(static_cast<std::size_t>(v));
    EXPECT_EQ(w.data(),
              libcbor(cbor_encode_map_start(static_cast<std::size_t>(v), buf, sizeof buf)))
        << v;
  }
  for (const std::size_t n : {0u, 23u, 24u, 255u, 256u, 70000u}) {
    const bytes_t content(n, 0x61);
    unsigned char buf[9];
    writer w;
    w.bytes(content);
    bytes_t expected(buf, buf + cbor_encode_bytestring_start(n, buf, sizeof buf));
    expected.insert(expected.end(), content.begin(), content.end());
    EXPECT_EQ(w.data(), expected);
    w.clear();
    w.text(std::string(n, 'a'));
    expected.assign(buf, buf + cbor_encode_string_start(n, buf, sizeof buf));
    expected.insert(expected.end(), content.begin(), content.end());
    EXPECT_EQ(w.data(), expected);
  }
}

}  // namespace
}  // namespace qrseal::cbor
