// Strict deterministic CBOR: every rejection of spec §1 "Strict CBOR" with a hand-written input,
// the shortest forms the writer emits, and the decoded tree.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <qrseal/detail/cbor.hpp>
#include <qrseal/result.hpp>
#include <random>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "hex_util.hpp"

namespace qrseal::cbor {
namespace {

using bytes_t = std::vector<std::uint8_t>;

using qrseal::test::hex;
using qrseal::test::spaced_hex;

std::string repeat(std::string_view s, int times) {
  std::string out;
  for (int i = 0; i < times; ++i) out += s;
  return out;
}

constexpr decode_options k_cose{.allow_outer_cose_tag = true, .max_depth = 8};

errc code_of(const bytes_t& input, decode_options options = {}) {
  return decode_strict(input, options).code();
}
errc code_of(std::string_view hex_input, decode_options options = {}) {
  return code_of(hex(hex_input), options);
}

bytes_t filled(std::size_t n, std::uint8_t first) {
  bytes_t out(n);
  for (std::size_t i = 0; i < n; ++i) out[i] = static_cast<std::uint8_t>(first + i);
  return out;
}

// A claims map shaped like the spec's credential payload (keys 1, 4, 5, 6, 7, 8, -65537).
bytes_t credential_claims() {
  writer w;
  w.map(7);
  w.uint(1).text("CN-610100");
  w.uint(4).uint(1767225600);
  w.uint(5).uint(1764547200);
  w.uint(6).uint(1764547200);
  w.uint(7).bytes(filled(16, 0x10));
  w.uint(8).map(1).uint(1).map(3).uint(1).uint(1).integer(-1).uint(6).integer(-2).bytes(
      filled(32, 0x40));
  w.integer(-65537).map(5);
  w.uint(1).uint(1);
  w.uint(2).uint(0);
  w.uint(3).text("\xe5\xbc\xa0*\xe6\x98\x8e");  // 张*明
  w.uint(4).text("123X");
  w.uint(5).map(3).uint(1).uint(0).uint(2).uint(1764500000).uint(3).text("site-7");
  return w.take();
}

// A tagged COSE_Sign1 around credential_claims().
bytes_t credential() {
  writer protected_header;
  protected_header.map(2).uint(1).integer(-8).uint(4).bytes(filled(8, 0xa0));
  writer w;
  w.tag(18).array(4);
  w.bytes(protected_header.data());
  w.map(0);
  w.bytes(credential_claims());
  w.bytes(filled(64, 0x80));
  return w.take();
}

// Re-encodes a decoded tree: a strict decoder accepts only what the writer would produce.
void reencode(const item& it, writer& w) {
  switch (it.type) {
    case kind::uint:
      w.uint(it.value);
      break;
    case kind::negint:
      w.negint_raw(it.value);
      break;
    case kind::bytes:
      w.bytes(it.content);
      break;
    case kind::text:
      w.text(it.text());
      break;
    case kind::array:
      w.array(it.children.size());
      break;
    case kind::map:
      w.map(it.map_size());
      break;
    case kind::tag:
      w.tag(it.value);
      break;
  }
  for (const item& child : it.children) reencode(child, w);
}

bytes_t reencoded(const item& it) {
  writer w;
  reencode(it, w);
  return w.take();
}

// ---------------------------------------------------------------------------------------------
// Accepted input and the decoded tree

TEST(CborDecode, UnsignedIntegersAtEveryHeadWidth) {
  const std::pair<const char*, std::uint64_t> cases[] = {
      {"00", 0},
      {"17", 23},
      {"18 18", 24},
      {"18 ff", 255},
      {"19 01 00", 256},
      {"19 ff ff", 65535},
      {"1a 00 01 00 00", 65536},
      {"1a ff ff ff ff", 0xffffffff},
      {"1b 00 00 00 01 00 00 00 00", 0x100000000},
      {"1b ff ff ff ff ff ff ff ff", std::numeric_limits<std::uint64_t>::max()},
  };
  for (const auto& [input_hex, value] : cases) {
    const bytes_t input = hex(input_hex);
    const auto r = decode_strict(input);
    ASSERT_TRUE(r.ok()) << input_hex << ": " << r.error().message;
    EXPECT_EQ(r->type, kind::uint) << input_hex;
    EXPECT_EQ(r->value, value) << input_hex;
    EXPECT_EQ(r->encoded.data(), input.data()) << input_hex;
    EXPECT_EQ(r->encoded.size(), input.size()) << input_hex;
  }
}

TEST(CborDecode, NegativeIntegersStoreMinusOneMinusValue) {
  const std::pair<const char*, std::uint64_t> cases[] = {
      {"20", 0},                                           // -1
      {"37", 23},                                          // -24
      {"38 18", 24},                                       // -25
      {"39 01 00", 256},                                   // -257
      {"3a 00 01 00 00", 65536},                           // -65537
      {"3b 7f ff ff ff ff ff ff ff", 0x7fffffffffffffff},  // INT64_MIN
      {"3b ff ff ff ff ff ff ff ff", 0xffffffffffffffff},  // -2^64
  };
  for (const auto& [input_hex, n] : cases) {
    const auto r = decode_strict(hex(input_hex));
    ASSERT_TRUE(r.ok()) << input_hex << ": " << r.error().message;
    EXPECT_EQ(r->type, kind::negint) << input_hex;
    EXPECT_EQ(r->value, n) << input_hex;
  }
}

TEST(CborDecode, StringsAreViewsIntoTheInput) {
  const bytes_t input = hex("82 43 01 02 03 63 61 62 63");
  const auto r = decode_strict(input);
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->children.size(), 2u);
  const item& b = r->children[0];
  EXPECT_EQ(b.type, kind::bytes);
  EXPECT_EQ(b.value, 3u);
  EXPECT_EQ(b.content.data(), input.data() + 2);
  EXPECT_EQ(b.content.size(), 3u);
  EXPECT_EQ(b.encoded.data(), input.data() + 1);
  EXPECT_EQ(b.encoded.size(), 4u);
  const item& t = r->children[1];
  EXPECT_EQ(t.type, kind::text);
  EXPECT_EQ(t.text(), "abc");
  EXPECT_EQ(t.content.data(), input.data() + 6);
}

TEST(CborDecode, EmptyStringsArraysAndMaps) {
  const bytes_t input = hex("84 40 60 80 a0");
  const auto r = decode_strict(input);
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->children.size(), 4u);
  EXPECT_EQ(r->children[0].type, kind::bytes);
  EXPECT_TRUE(r->children[0].content.empty());
  EXPECT_EQ(r->children[1].type, kind::text);
  EXPECT_EQ(r->children[1].text(), "");
  EXPECT_EQ(r->children[2].type, kind::array);
  EXPECT_TRUE(r->children[2].children.empty());
  EXPECT_EQ(r->children[3].type, kind::map);
  EXPECT_EQ(r->children[3].map_size(), 0u);
  EXPECT_EQ(r->children[3].encoded.data(), input.data() + 4);
  EXPECT_EQ(r->children[3].encoded.size(), 1u);
}

TEST(CborDecode, LongStringsUseWiderLengthHeads) {
  for (std::size_t n : {23u, 24u, 255u, 256u, 65535u, 65536u}) {
    writer w;
    w.bytes(filled(n, 0));
    const auto r = decode_strict(w.data());
    ASSERT_TRUE(r.ok()) << n << ": " << r.error().message;
    EXPECT_EQ(r->content.size(), n);
    EXPECT_EQ(r->encoded.size(), w.data().size());
  }
}

TEST(CborDecode, NestedItemsRecordTheirEncodedSpans) {
  // {1: [2, "x"], 2: {3: h'aa'}}
  const bytes_t input = hex("a2 01 82 02 61 78 02 a1 03 41 aa");
  const auto r = decode_strict(input);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->type, kind::map);
  EXPECT_EQ(r->value, 2u);
  ASSERT_EQ(r->map_size(), 2u);
  const item& arr = r->map_value(0);
  EXPECT_EQ(arr.type, kind::array);
  EXPECT_EQ(spaced_hex(arr.encoded), "82 02 61 78");
  ASSERT_EQ(arr.children.size(), 2u);
  EXPECT_EQ(spaced_hex(arr.children[1].encoded), "61 78");
  const item& inner = r->map_value(1);
  EXPECT_EQ(spaced_hex(inner.encoded), "a1 03 41 aa");
  EXPECT_EQ(spaced_hex(inner.map_key(0).encoded), "03");
  EXPECT_EQ(spaced_hex(inner.map_value(0).content), "aa");
  EXPECT_EQ(r->encoded.size(), input.size());
}

TEST(CborDecode, CredentialLikeItemDecodesAndReencodesIdentically) {
  const bytes_t cose = credential();
  const auto r = decode_strict(cose, k_cose);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->type, kind::tag);
  EXPECT_EQ(r->value, 18u);
  ASSERT_EQ(r->children.size(), 1u);
  const item& sign1 = r->children[0];
  ASSERT_EQ(sign1.type, kind::array);
  ASSERT_EQ(sign1.children.size(), 4u);
  EXPECT_EQ(sign1.children[3].content.size(), 64u);
  EXPECT_EQ(reencoded(*r), cose);

  const auto claims = decode_strict(sign1.children[2].content);
  ASSERT_TRUE(claims.ok()) << claims.error().message;
  EXPECT_EQ(claims->map_size(), 7u);
  EXPECT_EQ(reencoded(*claims), credential_claims());
  const item* iss = claims->find(1);
  ASSERT_NE(iss, nullptr);
  EXPECT_EQ(iss->text(), "CN-610100");
  const item* status = claims->find(-65537);
  ASSERT_NE(status, nullptr);
  EXPECT_EQ(status->type, kind::map);
  ASSERT_NE(status->find(3), nullptr);
  EXPECT_EQ(status->find(3)->text(), "\xe5\xbc\xa0*\xe6\x98\x8e");
  const item* cose_key = claims->find(8)->find(1);
  ASSERT_NE(cose_key, nullptr);
  EXPECT_EQ(cose_key->find(-2)->content.size(), 32u);
}

TEST(CborDecode, ValidMultibyteUtf8IsAccepted) {
  const char* cases[] = {
      "62 c2 80",              // U+0080, smallest two-byte
      "62 df bf",              // U+07FF
      "63 e0 a0 80",           // U+0800, smallest three-byte
      "63 ed 9f bf",           // U+D7FF, just below the surrogates
      "63 ee 80 80",           // U+E000, just above the surrogates
      "63 ef bf bf",           // U+FFFF
      "64 f0 90 80 80",        // U+10000, smallest four-byte
      "64 f4 8f bf bf",        // U+10FFFF, the largest code point
      "66 e5 bc a0 e6 98 8e",  // 张明
  };
  for (const char* c : cases) EXPECT_EQ(code_of(c), errc::ok) << c;
}

TEST(CborDecode, MapKeysInBytewiseOrderOfTheirEncodings) {
  EXPECT_EQ(code_of("a2 01 00 02 00"), errc::ok);           // 1, 2
  EXPECT_EQ(code_of("a2 0a 00 20 00"), errc::ok);           // 10 (0a) before -1 (20)
  EXPECT_EQ(code_of("a2 18 18 00 20 00"), errc::ok);        // 24 (18 18) before -1 (20)
  EXPECT_EQ(code_of("a3 01 00 20 00 21 00"), errc::ok);     // COSE_Key order 1, -1, -2
  EXPECT_EQ(code_of("a2 17 00 18 18 00"), errc::ok);        // 23 before 24
  EXPECT_EQ(code_of("a2 01 00 61 61 00"), errc::ok);        // integer 1 before text "a"
  EXPECT_EQ(code_of("a2 61 62 00 62 61 61 00"), errc::ok);  // "b" before "aa": shorter head wins
  // The spec's claim order: 1, 4, 5, 6, 7, 8, then -65537.
  EXPECT_EQ(code_of("a7 01 00 04 00 05 00 06 00 07 00 08 00 3a 00 01 00 00 00"), errc::ok);
}

TEST(CborDecode, OuterCoseTagIsAcceptedWhenAllowed) {
  const bytes_t input = hex("d2 84 40 a0 40 40");
  const auto r = decode_strict(input, k_cose);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->type, kind::tag);
  EXPECT_EQ(r->value, 18u);
  ASSERT_EQ(r->children.size(), 1u);
  EXPECT_EQ(r->children[0].type, kind::array);
  EXPECT_EQ(r->children[0].encoded.data(), input.data() + 1);
  EXPECT_EQ(r->encoded.size(), input.size());
}

TEST(CborDecode, DepthEightIsAccepted) {
  EXPECT_EQ(code_of(repeat("81", 8) + "00"), errc::ok);
  EXPECT_EQ(code_of(repeat("a1 00", 8) + "00"), errc::ok);
  EXPECT_EQ(code_of(repeat("81", 7) + "80"), errc::ok);  // the empty innermost array is level 8
  EXPECT_EQ(code_of("d2" + repeat("81", 7) + "00", k_cose), errc::ok);
}

TEST(CborDecode, ScalarsDoNotCountAsLevels) {
  // Eight levels of arrays, each holding scalars too, and a map with a text key at the bottom.
  EXPECT_EQ(code_of(repeat("82 00", 7) + "a1 61 61 43 01 02 03"), errc::ok);
}

TEST(CborDecode, RaisedMaxDepthAllowsDeepNestingWithoutRecursion) {
  const decode_options deep{.allow_outer_cose_tag = false, .max_depth = 5000};
  EXPECT_EQ(code_of(repeat("81", 5000) + "00", deep), errc::ok);
  EXPECT_EQ(code_of(repeat("81", 5001) + "00", deep), errc::cbor_too_deep);
  // Around the point where the decoder's fixed stack of open containers spills over.
  for (unsigned depth : {15u, 16u, 17u, 18u}) {
    const decode_options opts{.allow_outer_cose_tag = false, .max_depth = depth};
    EXPECT_EQ(code_of(repeat("81", static_cast<int>(depth)) + "00", opts), errc::ok) << depth;
    EXPECT_EQ(code_of(repeat("81", static_cast<int>(depth) + 1) + "00", opts), errc::cbor_too_deep)
        << depth;
  }
}

// ---------------------------------------------------------------------------------------------
// Rejections, one behaviour each

TEST(CborReject, EmptyInputIsTruncated) { EXPECT_EQ(code_of(""), errc::cbor_truncated); }

TEST(CborReject, NonShortestUnsignedInteger) {
  EXPECT_EQ(code_of("18 05"), errc::cbor_non_shortest);
  EXPECT_EQ(code_of("18 17"), errc::cbor_non_shortest);
  EXPECT_EQ(code_of("19 00 ff"), errc::cbor_non_shortest);
  EXPECT_EQ(code_of("1a 00 00 ff ff"), errc::cbor_non_shortest);
  EXPECT_EQ(code_of("1b 00 00 00 00 ff ff ff ff"), errc::cbor_non_shortest);
  EXPECT_EQ(code_of("1b 00 00 00 00 00 00 00 00"), errc::cbor_non_shortest);
}

TEST(CborReject, NonShortestNegativeInteger) {
  EXPECT_EQ(code_of("38 05"), errc::cbor_non_shortest);  // -6
  EXPECT_EQ(code_of("39 00 10"), errc::cbor_non_shortest);
  EXPECT_EQ(code_of("3a 00 00 ff ff"), errc::cbor_non_shortest);
  EXPECT_EQ(code_of("3b 00 00 00 00 00 01 00 00"), errc::cbor_non_shortest);  // -65537
}

TEST(CborReject, NonShortestStringLength) {
  EXPECT_EQ(code_of("58 01 00"), errc::cbor_non_shortest);
  EXPECT_EQ(code_of("78 01 61"), errc::cbor_non_shortest);
  EXPECT_EQ(code_of("58 00"), errc::cbor_non_shortest);
  EXPECT_EQ(code_of("59 00 02 61 62"), errc::cbor_non_shortest);
}

TEST(CborReject, NonShortestStringLengthIsReportedBeforeMissingContent) {
  EXPECT_EQ(code_of("59 00 05 61"), errc::cbor_non_shortest);
}

TEST(CborReject, NonShortestArrayAndMapCount) {
  EXPECT_EQ(code_of("98 01 00"), errc::cbor_non_shortest);
  EXPECT_EQ(code_of("98 00"), errc::cbor_non_shortest);
  EXPECT_EQ(code_of("b8 01 00 00"), errc::cbor_non_shortest);
  EXPECT_EQ(code_of("b9 00 00"), errc::cbor_non_shortest);
}

TEST(CborReject, NonShortestTag) {
  EXPECT_EQ(code_of("d8 12 80", k_cose), errc::cbor_non_shortest);  // tag 18 in a 2-byte head
  EXPECT_EQ(code_of("d9 00 12 80", k_cose), errc::cbor_non_shortest);
}

TEST(CborReject, NonShortestItemNestedInsideAMap) {
  const auto r = decode_strict(hex("a1 01 18 05"));
  EXPECT_EQ(r.code(), errc::cbor_non_shortest);
  EXPECT_NE(r.error().message.find("offset 2"), std::string::npos) << r.error().message;
}

TEST(CborReject, IndefiniteByteString) { EXPECT_EQ(code_of("5f 41 00 ff"), errc::cbor_indefinite); }

TEST(CborReject, IndefiniteTextString) { EXPECT_EQ(code_of("7f 61 61 ff"), errc::cbor_indefinite); }

TEST(CborReject, IndefiniteArray) { EXPECT_EQ(code_of("9f 01 ff"), errc::cbor_indefinite); }

TEST(CborReject, IndefiniteMap) { EXPECT_EQ(code_of("bf 01 00 ff"), errc::cbor_indefinite); }

TEST(CborReject, IndefiniteItemNested) { EXPECT_EQ(code_of("a1 01 9f ff"), errc::cbor_indefinite); }

TEST(CborReject, AdditionalInformation31OnIntegersAndTags) {
  EXPECT_EQ(code_of("1f"), errc::cbor_indefinite);
  EXPECT_EQ(code_of("3f"), errc::cbor_indefinite);
  EXPECT_EQ(code_of("df 00"), errc::cbor_indefinite);
}

TEST(CborReject, StrayBreak) {
  EXPECT_EQ(code_of("ff"), errc::cbor_indefinite);
  EXPECT_EQ(code_of("81 ff"), errc::cbor_indefinite);
}

TEST(CborReject, HalfSingleAndDoubleFloats) {
  EXPECT_EQ(code_of("f9 3c 00"), errc::cbor_simple);
  EXPECT_EQ(code_of("fa 3f 80 00 00"), errc::cbor_simple);
  EXPECT_EQ(code_of("fb 3f f0 00 00 00 00 00 00"), errc::cbor_simple);
}

TEST(CborReject, TruncatedFloatIsStillAFloat) { EXPECT_EQ(code_of("f9 3c"), errc::cbor_simple); }

TEST(CborReject, Booleans) {
  EXPECT_EQ(code_of("f4"), errc::cbor_simple);
  EXPECT_EQ(code_of("f5"), errc::cbor_simple);
}

TEST(CborReject, Null) { EXPECT_EQ(code_of("f6"), errc::cbor_simple); }

TEST(CborReject, Undefined) { EXPECT_EQ(code_of("f7"), errc::cbor_simple); }

TEST(CborReject, SimpleValues) {
  EXPECT_EQ(code_of("e0"), errc::cbor_simple);
  EXPECT_EQ(code_of("f0"), errc::cbor_simple);
  EXPECT_EQ(code_of("f3"), errc::cbor_simple);
  EXPECT_EQ(code_of("f8 20"), errc::cbor_simple);
  EXPECT_EQ(code_of("f8 ff"), errc::cbor_simple);
}

TEST(CborReject, SimpleValueAsMapValue) { EXPECT_EQ(code_of("a1 01 f6"), errc::cbor_simple); }

TEST(CborReject, ReservedAdditionalInformationInEveryMajorType) {
  for (unsigned major = 0; major < 8; ++major) {
    for (unsigned additional = 28; additional <= 30; ++additional) {
      const bytes_t input{static_cast<std::uint8_t>(major << 5 | additional), 0, 0, 0};
      EXPECT_EQ(code_of(input), errc::cbor_reserved) << spaced_hex(input);
    }
  }
  EXPECT_EQ(code_of("1c"), errc::cbor_reserved);
}

TEST(CborReject, OverlongUtf8) {
  EXPECT_EQ(code_of("62 c0 80"), errc::cbor_bad_utf8);
  EXPECT_EQ(code_of("62 c1 bf"), errc::cbor_bad_utf8);
  EXPECT_EQ(code_of("63 e0 80 80"), errc::cbor_bad_utf8);
  EXPECT_EQ(code_of("63 e0 9f bf"), errc::cbor_bad_utf8);
  EXPECT_EQ(code_of("64 f0 80 80 80"), errc::cbor_bad_utf8);
  EXPECT_EQ(code_of("64 f0 8f bf bf"), errc::cbor_bad_utf8);
}

TEST(CborReject, Utf8Surrogates) {
  EXPECT_EQ(code_of("63 ed a0 80"), errc::cbor_bad_utf8);           // U+D800
  EXPECT_EQ(code_of("63 ed bf bf"), errc::cbor_bad_utf8);           // U+DFFF
  EXPECT_EQ(code_of("66 ed a0 bd ed b8 80"), errc::cbor_bad_utf8);  // CESU-8 pair
}

TEST(CborReject, Utf8AboveU10FFFF) {
  EXPECT_EQ(code_of("64 f4 90 80 80"), errc::cbor_bad_utf8);
  EXPECT_EQ(code_of("64 f5 80 80 80"), errc::cbor_bad_utf8);
  EXPECT_EQ(code_of("65 f8 88 80 80 80"), errc::cbor_bad_utf8);  // old five-byte form
}

TEST(CborReject, Utf8TruncatedSequence) {
  EXPECT_EQ(code_of("62 e2 82"), errc::cbor_bad_utf8);     // at the end of the string
  EXPECT_EQ(code_of("63 e2 82 61"), errc::cbor_bad_utf8);  // followed by ASCII
  EXPECT_EQ(code_of("61 c3"), errc::cbor_bad_utf8);
  // The item after the string would complete the sequence; a string must be valid on its own.
  EXPECT_EQ(code_of("82 61 c3 61 a9"), errc::cbor_bad_utf8);
}

TEST(CborReject, Utf8LoneContinuationByte) {
  EXPECT_EQ(code_of("61 80"), errc::cbor_bad_utf8);
  EXPECT_EQ(code_of("63 61 bf 61"), errc::cbor_bad_utf8);
}

TEST(CborReject, Utf8InvalidBytes) {
  EXPECT_EQ(code_of("61 ff"), errc::cbor_bad_utf8);
  EXPECT_EQ(code_of("61 fe"), errc::cbor_bad_utf8);
  EXPECT_EQ(code_of("62 c3 28"), errc::cbor_bad_utf8);  // lead byte, then no continuation
}

TEST(CborReject, BadUtf8InAMapKey) { EXPECT_EQ(code_of("a1 61 80 00"), errc::cbor_bad_utf8); }

TEST(CborDecode, ByteStringsMayHoldAnyBytes) {
  EXPECT_EQ(code_of("43 ed a0 80"), errc::ok);
  EXPECT_EQ(code_of("42 c0 80"), errc::ok);
}

TEST(CborReject, UnsortedIntegerKeys) {
  const auto r = decode_strict(hex("a2 02 00 01 00"));
  EXPECT_EQ(r.code(), errc::cbor_unsorted_keys);
  EXPECT_NE(r.error().message.find("offset 3"), std::string::npos) << r.error().message;
}

TEST(CborReject, NegativeKeyBeforePositiveKeyIsUnsorted) {
  EXPECT_EQ(code_of("a2 20 00 0a 00"), errc::cbor_unsorted_keys);     // -1 (20) then 10 (0a)
  EXPECT_EQ(code_of("a2 20 00 18 18 00"), errc::cbor_unsorted_keys);  // -1 (20) then 24 (18 18)
}

TEST(CborReject, KeysSortedByLengthFirstAreUnsortedBytewise) {
  // RFC 7049's "canonical" order (shorter first) differs from RFC 8949 §4.2.1 bytewise order:
  // -24 (37) is shorter than 24 (18 18) but sorts after it.
  EXPECT_EQ(code_of("a2 37 00 18 18 00"), errc::cbor_unsorted_keys);
  EXPECT_EQ(code_of("a2 18 18 00 37 00"), errc::ok);
}

TEST(CborReject, UnsortedKeysLaterInTheMap) {
  EXPECT_EQ(code_of("a3 01 00 05 00 04 00"), errc::cbor_unsorted_keys);
}

TEST(CborReject, UnsortedTextKeys) {
  EXPECT_EQ(code_of("a2 61 62 00 61 61 00"), errc::cbor_unsorted_keys);
  EXPECT_EQ(code_of("a2 61 61 00 01 00"), errc::cbor_unsorted_keys);  // "a" then 1
}

TEST(CborReject, DuplicateIntegerKeys) {
  const auto r = decode_strict(hex("a2 01 00 01 01"));
  EXPECT_EQ(r.code(), errc::cbor_duplicate_key);
  EXPECT_NE(r.error().message.find("offset 3"), std::string::npos) << r.error().message;
}

TEST(CborReject, DuplicateTextKeys) {
  EXPECT_EQ(code_of("a2 61 61 00 61 61 01"), errc::cbor_duplicate_key);
}

TEST(CborReject, DuplicateNegativeKeys) {
  EXPECT_EQ(code_of("a2 3a 00 01 00 00 00 3a 00 01 00 00 00"), errc::cbor_duplicate_key);
}

TEST(CborReject, DuplicateStructuredKeys) {
  EXPECT_EQ(code_of("a2 81 01 00 81 01 00"), errc::cbor_duplicate_key);
}

TEST(CborReject, UnsortedKeysInANestedMap) {
  EXPECT_EQ(code_of("a1 01 a2 02 00 01 00"), errc::cbor_unsorted_keys);
}

TEST(CborReject, NineNestedArraysAreTooDeep) {
  const auto r = decode_strict(hex(repeat("81", 9) + "00"));
  EXPECT_EQ(r.code(), errc::cbor_too_deep);
  EXPECT_NE(r.error().message.find("offset 8"), std::string::npos) << r.error().message;
}

TEST(CborReject, NineNestedMapsAreTooDeep) {
  EXPECT_EQ(code_of(repeat("a1 00", 9) + "00"), errc::cbor_too_deep);
}

TEST(CborReject, EmptyContainerAtLevelNineIsTooDeep) {
  EXPECT_EQ(code_of(repeat("81", 8) + "80"), errc::cbor_too_deep);
  EXPECT_EQ(code_of(repeat("81", 8) + "a0"), errc::cbor_too_deep);
}

TEST(CborReject, OuterTagCountsAsALevel) {
  EXPECT_EQ(code_of("d2" + repeat("81", 8) + "00", k_cose), errc::cbor_too_deep);
}

TEST(CborReject, DepthLimitFollowsTheOption) {
  const decode_options shallow{.allow_outer_cose_tag = false, .max_depth = 2};
  EXPECT_EQ(code_of("81 81 00", shallow), errc::ok);
  EXPECT_EQ(code_of("81 81 81 00", shallow), errc::cbor_too_deep);
  const decode_options none{.allow_outer_cose_tag = false, .max_depth = 0};
  EXPECT_EQ(code_of("01", none), errc::ok);
  EXPECT_EQ(code_of("80", none), errc::cbor_too_deep);
}

TEST(CborReject, TrailingByteAfterAScalar) {
  const auto r = decode_strict(hex("01 00"));
  EXPECT_EQ(r.code(), errc::cbor_trailing);
  EXPECT_NE(r.error().message.find("offset 1"), std::string::npos) << r.error().message;
}

TEST(CborReject, TrailingByteAfterAContainer) {
  EXPECT_EQ(code_of("82 01 02 03"), errc::cbor_trailing);
  EXPECT_EQ(code_of("a0 a0"), errc::cbor_trailing);
}

TEST(CborReject, TrailingByteAfterTheCredential) {
  bytes_t input = credential();
  input.push_back(0x00);
  EXPECT_EQ(code_of(input, k_cose), errc::cbor_trailing);
}

TEST(CborReject, InputEndingInsideAHeadIsTruncated) {
  EXPECT_EQ(code_of("18"), errc::cbor_truncated);
  EXPECT_EQ(code_of("19 01"), errc::cbor_truncated);
  EXPECT_EQ(code_of("3a 00 01 00"), errc::cbor_truncated);
  EXPECT_EQ(code_of("5a 00 01"), errc::cbor_truncated);
  EXPECT_EQ(code_of("9b 00"), errc::cbor_truncated);
  EXPECT_EQ(code_of("d8", k_cose), errc::cbor_truncated);
}

TEST(CborReject, InputEndingBeforeAnExpectedItemIsTruncated) {
  EXPECT_EQ(code_of("82 81 01"), errc::cbor_truncated);  // second element missing
  EXPECT_EQ(code_of("a1 41 00"), errc::cbor_truncated);  // key without value
  EXPECT_EQ(code_of("d2", k_cose), errc::cbor_truncated);
  EXPECT_EQ(code_of("82 41 00"), errc::cbor_truncated);
}

TEST(CborReject, StringRunningPastTheEndIsTooLarge) {
  EXPECT_EQ(code_of("43 61 62"), errc::cbor_too_large);
  EXPECT_EQ(code_of("63 61 62"), errc::cbor_too_large);
  EXPECT_EQ(code_of("81 58 20 00"), errc::cbor_too_large);
}

TEST(CborReject, EveryCutOfACredentialIsRejected) {
  const bytes_t full = credential();
  ASSERT_EQ(code_of(full, k_cose), errc::ok);
  for (std::size_t cut = 0; cut < full.size(); ++cut) {
    const bytes_t part(full.begin(), full.begin() + static_cast<std::ptrdiff_t>(cut));
    const errc code = code_of(part, k_cose);
    // Truncated where the input ends inside a head or where an item is due; too large where a
    // string or container declares more than remains.
    EXPECT_TRUE(code == errc::cbor_truncated || code == errc::cbor_too_large)
        << "cut at " << cut << ": " << to_string(code);
  }
}

TEST(CborReject, EveryCutOfTheClaimsIsRejected) {
  const bytes_t full = credential_claims();
  for (std::size_t cut = 0; cut < full.size(); ++cut) {
    const bytes_t part(full.begin(), full.begin() + static_cast<std::ptrdiff_t>(cut));
    const errc code = code_of(part);
    EXPECT_TRUE(code == errc::cbor_truncated || code == errc::cbor_too_large)
        << "cut at " << cut << ": " << to_string(code);
  }
}

TEST(CborReject, HugeByteStringLength) {
  EXPECT_EQ(code_of("5b ff ff ff ff ff ff ff ff 00"), errc::cbor_too_large);
  EXPECT_EQ(code_of("5b 7f ff ff ff ff ff ff ff"), errc::cbor_too_large);
  EXPECT_EQ(code_of("5a ff ff ff ff 00 00"), errc::cbor_too_large);
}

TEST(CborReject, HugeTextStringLength) {
  EXPECT_EQ(code_of("7b ff ff ff ff ff ff ff ff 61"), errc::cbor_too_large);
}

TEST(CborReject, HugeArrayCountIsRefusedBeforeAllocating) {
  const auto r = decode_strict(hex("9b ff ff ff ff ff ff ff ff 00 00"));
  EXPECT_EQ(r.code(), errc::cbor_too_large);
  EXPECT_EQ(code_of("9b 00 00 00 01 00 00 00 00 00"), errc::cbor_too_large);
  EXPECT_EQ(code_of("9a 7f ff ff ff 00"), errc::cbor_too_large);
}

TEST(CborReject, HugeMapCountIsRefusedBeforeAllocating) {
  EXPECT_EQ(code_of("bb ff ff ff ff ff ff ff ff 00 00"), errc::cbor_too_large);
  // 2^63 pairs: doubling the count for keys and values would overflow.
  EXPECT_EQ(code_of("bb 80 00 00 00 00 00 00 00 00 00"), errc::cbor_too_large);
}

TEST(CborReject, CountJustAboveTheRemainingBytes) {
  EXPECT_EQ(code_of("83 01 02"), errc::cbor_too_large);     // 3 elements, 2 bytes
  EXPECT_EQ(code_of("a2 01 02 03"), errc::cbor_too_large);  // 2 pairs need 4 bytes, 3 remain
  EXPECT_EQ(code_of("82 01 02"), errc::ok);
}

TEST(CborReject, Tag18WithoutTheOption) { EXPECT_EQ(code_of("d2 80"), errc::cbor_tag); }

TEST(CborReject, Tag18NestedInsideAnArray) {
  EXPECT_EQ(code_of("81 d2 80", k_cose), errc::cbor_tag);
}

TEST(CborReject, Tag18NestedInsideAMapValue) {
  EXPECT_EQ(code_of("a1 01 d2 80", k_cose), errc::cbor_tag);
}

TEST(CborReject, Tag18InsideTheOuterTag18) {
  EXPECT_EQ(code_of("d2 d2 80", k_cose), errc::cbor_tag);
}

TEST(CborReject, OtherTagsEvenWithTheOption) {
  EXPECT_EQ(code_of("c0 60", k_cose), errc::cbor_tag);        // date/time
  EXPECT_EQ(code_of("c1 00", k_cose), errc::cbor_tag);        // epoch
  EXPECT_EQ(code_of("d1 80", k_cose), errc::cbor_tag);        // 17, COSE_Mac0
  EXPECT_EQ(code_of("d3 80", k_cose), errc::cbor_tag);        // 19
  EXPECT_EQ(code_of("d7 40", k_cose), errc::cbor_tag);        // 23
  EXPECT_EQ(code_of("d8 18 41 00", k_cose), errc::cbor_tag);  // 24, embedded CBOR
  EXPECT_EQ(code_of("d8 62 80", k_cose), errc::cbor_tag);     // 98, COSE_Sign
  EXPECT_EQ(code_of("d9 d9 f7 00", k_cose), errc::cbor_tag);  // 55799, self-describe
  EXPECT_EQ(code_of("db 00 00 00 01 00 00 00 12 80", k_cose), errc::cbor_tag);
}

TEST(CborReject, EveryOneByteTagOtherThan18) {
  for (unsigned number = 0; number < 24; ++number) {
    if (number == 18) continue;
    const bytes_t input{static_cast<std::uint8_t>(0xc0 | number), 0x00};
    EXPECT_EQ(code_of(input, k_cose), errc::cbor_tag) << number;
  }
}

TEST(CborReject, ErrorMessageSaysWhatAndWhere) {
  const auto r = decode_strict(hex("82 01 18 05"));
  ASSERT_EQ(r.code(), errc::cbor_non_shortest);
  EXPECT_NE(r.error().message.find("offset 2"), std::string::npos) << r.error().message;
  EXPECT_NE(r.error().message.find("unsigned integer 5"), std::string::npos) << r.error().message;
}

// ---------------------------------------------------------------------------------------------
// Robustness: hostile bytes never crash, and what is accepted is exactly what the writer makes

TEST(CborRobustness, EverySingleByteMutationOfACredentialIsHandled) {
  const bytes_t original = credential();
  std::size_t accepted = 0;
  for (std::size_t i = 0; i < original.size(); ++i) {
    for (unsigned delta : {0x01u, 0x20u, 0x80u, 0xffu}) {
      bytes_t input = original;
      input[i] = static_cast<std::uint8_t>(input[i] ^ delta);
      const auto r = decode_strict(input, k_cose);
      if (!r.ok()) {
        EXPECT_FALSE(r.error().message.empty());
        continue;
      }
      ++accepted;
      EXPECT_EQ(reencoded(*r), input) << "byte " << i << " xor " << delta;
    }
  }
  EXPECT_GT(accepted, 0u);  // changes inside string content stay valid
}

TEST(CborRobustness, RandomInputsAreAcceptedOnlyWhenDeterministic) {
  std::mt19937 rng(20261125);
  std::uniform_int_distribution<int> length(0, 24);
  std::uniform_int_distribution<int> byte(0, 255);
  std::size_t accepted = 0;
  for (int round = 0; round < 50000; ++round) {
    bytes_t input(static_cast<std::size_t>(length(rng)));
    for (auto& b : input) b = static_cast<std::uint8_t>(byte(rng));
    const auto r = decode_strict(input, k_cose);
    if (!r.ok()) continue;
    ++accepted;
    ASSERT_EQ(reencoded(*r), input) << spaced_hex(input);
  }
  EXPECT_GT(accepted, 0u);
}

// ---------------------------------------------------------------------------------------------
// Integer keys and find()

TEST(CborItem, EqualsIntegerComparesMathematically) {
  auto decoded = [](std::string_view h) {
    auto r = decode_strict(hex(h));  // integers keep no views, so the input may go
    EXPECT_TRUE(r.ok()) << h;
    return std::move(r).value();
  };
  constexpr std::int64_t min = std::numeric_limits<std::int64_t>::min();
  constexpr std::int64_t max = std::numeric_limits<std::int64_t>::max();
  EXPECT_TRUE(decoded("00").equals_integer(0));
  EXPECT_FALSE(decoded("00").equals_integer(-1));
  EXPECT_TRUE(decoded("20").equals_integer(-1));
  EXPECT_FALSE(decoded("20").equals_integer(0));
  EXPECT_FALSE(decoded("01").equals_integer(-2));  // uint 1 vs negint n=1
  EXPECT_FALSE(decoded("21").equals_integer(1));
  EXPECT_TRUE(decoded("3a 00 01 00 00").equals_integer(-65537));
  EXPECT_FALSE(decoded("3a 00 01 00 00").equals_integer(65536));
  EXPECT_TRUE(decoded("1b 7f ff ff ff ff ff ff ff").equals_integer(max));
  EXPECT_TRUE(decoded("3b 7f ff ff ff ff ff ff ff").equals_integer(min));
  EXPECT_FALSE(decoded("1b 80 00 00 00 00 00 00 00").equals_integer(min));  // 2^63
  EXPECT_FALSE(decoded("3b 80 00 00 00 00 00 00 00").equals_integer(min));  // -2^63-1
  EXPECT_FALSE(decoded("3b 80 00 00 00 00 00 00 00").equals_integer(max));
  EXPECT_FALSE(decoded("1b ff ff ff ff ff ff ff ff").equals_integer(-1));
  EXPECT_FALSE(decoded("3b ff ff ff ff ff ff ff ff").equals_integer(-1));
  EXPECT_FALSE(decoded("80").equals_integer(0));
}

TEST(CborItem, FindLooksUpIntegerKeysIncludingLargeNegativeOnes) {
  constexpr std::int64_t min = std::numeric_limits<std::int64_t>::min();
  constexpr std::int64_t max = std::numeric_limits<std::int64_t>::max();
  const std::int64_t keys[] = {0, 1, 23, 24, 255, 256, -1, -24, -25, -256, -257, -65537, max, min};
  // Write the map in the bytewise order of the encoded keys, as the decoder demands.
  std::vector<bytes_t> encoded_keys;
  for (std::int64_t k : keys) encoded_keys.push_back(writer().integer(k).take());
  std::vector<std::size_t> order(std::size(keys));
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(),
            [&](std::size_t a, std::size_t b) { return encoded_keys[a] < encoded_keys[b]; });
  // A text key sorts after every integer key (major type 3 > 0, 1), so it goes last.
  writer sorted;
  sorted.map(order.size() + 1);
  for (std::size_t i : order) sorted.raw(encoded_keys[i]).uint(i);
  sorted.text("x").uint(999);

  const bytes_t input = sorted.take();
  const auto r = decode_strict(input);
  ASSERT_TRUE(r.ok()) << r.error().message;
  for (std::size_t i = 0; i < std::size(keys); ++i) {
    const item* v = r->find(keys[i]);
    ASSERT_NE(v, nullptr) << keys[i];
    EXPECT_EQ(v->value, i) << keys[i];
  }
  EXPECT_EQ(r->find(2), nullptr);
  EXPECT_EQ(r->find(-2), nullptr);
  EXPECT_EQ(r->find(65536), nullptr);  // -65537 must not match its magnitude
  EXPECT_EQ(r->find(-65536), nullptr);
}

TEST(CborItem, FindOnANonMapGivesNull) {
  const bytes_t input = hex("82 01 02");
  const auto r = decode_strict(input);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->find(0), nullptr);
  EXPECT_EQ(r->find(1), nullptr);
}

TEST(CborItem, FindIgnoresValuesThatEqualTheKey) {
  // {"a": 1}: the value 1 is not a key.
  const bytes_t input = hex("a1 61 61 01");
  const auto r = decode_strict(input);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->find(1), nullptr);
}

// ---------------------------------------------------------------------------------------------
// Writer

std::string written_integer(std::int64_t v) { return spaced_hex(writer().integer(v).data()); }
std::string written_uint(std::uint64_t v) { return spaced_hex(writer().uint(v).data()); }

TEST(CborWriter, UnsignedIntegersUseTheShortestHeadAtEveryBoundary) {
  EXPECT_EQ(written_uint(0), "00");
  EXPECT_EQ(written_uint(23), "17");
  EXPECT_EQ(written_uint(24), "18 18");
  EXPECT_EQ(written_uint(255), "18 ff");
  EXPECT_EQ(written_uint(256), "19 01 00");
  EXPECT_EQ(written_uint(65535), "19 ff ff");
  EXPECT_EQ(written_uint(65536), "1a 00 01 00 00");
  EXPECT_EQ(written_uint(0xffffffff), "1a ff ff ff ff");
  EXPECT_EQ(written_uint(0x100000000), "1b 00 00 00 01 00 00 00 00");
  EXPECT_EQ(written_uint(std::numeric_limits<std::uint64_t>::max()), "1b ff ff ff ff ff ff ff ff");
}

TEST(CborWriter, NegativeIntegersUseTheShortestHeadAtEveryBoundary) {
  EXPECT_EQ(written_integer(-1), "20");
  EXPECT_EQ(written_integer(-24), "37");
  EXPECT_EQ(written_integer(-25), "38 18");
  EXPECT_EQ(written_integer(-256), "38 ff");
  EXPECT_EQ(written_integer(-257), "39 01 00");
  EXPECT_EQ(written_integer(-65536), "39 ff ff");
  EXPECT_EQ(written_integer(-65537), "3a 00 01 00 00");
  EXPECT_EQ(written_integer(-4294967296), "3a ff ff ff ff");
  EXPECT_EQ(written_integer(-4294967297), "3b 00 00 00 01 00 00 00 00");
  EXPECT_EQ(written_integer(std::numeric_limits<std::int64_t>::min()),
            "3b 7f ff ff ff ff ff ff ff");
}

TEST(CborWriter, IntegerWritesNonNegativeValuesAsUnsigned) {
  EXPECT_EQ(written_integer(0), "00");
  EXPECT_EQ(written_integer(24), "18 18");
  EXPECT_EQ(written_integer(std::numeric_limits<std::int64_t>::max()),
            "1b 7f ff ff ff ff ff ff ff");
}

TEST(CborWriter, NegintRawWritesMinusOneMinusN) {
  EXPECT_EQ(spaced_hex(writer().negint_raw(0).data()), "20");
  EXPECT_EQ(spaced_hex(writer().negint_raw(65536).data()), "3a 00 01 00 00");
  EXPECT_EQ(spaced_hex(writer().negint_raw(std::numeric_limits<std::uint64_t>::max()).data()),
            "3b ff ff ff ff ff ff ff ff");
}

TEST(CborWriter, StringLengthsUseTheShortestHead) {
  auto head_of_bytes = [](std::size_t n) {
    const bytes_t out = writer().bytes(bytes_t(n, 0)).take();
    return spaced_hex(std::span(out).first(out.size() - n));
  };
  EXPECT_EQ(head_of_bytes(0), "40");
  EXPECT_EQ(head_of_bytes(23), "57");
  EXPECT_EQ(head_of_bytes(24), "58 18");
  EXPECT_EQ(head_of_bytes(255), "58 ff");
  EXPECT_EQ(head_of_bytes(256), "59 01 00");
  EXPECT_EQ(head_of_bytes(65535), "59 ff ff");
  EXPECT_EQ(head_of_bytes(65536), "5a 00 01 00 00");
  EXPECT_EQ(spaced_hex(writer().text("").data()), "60");
  EXPECT_EQ(spaced_hex(writer().text("abc").data()), "63 61 62 63");
  const std::string text24(24, 'a');
  EXPECT_EQ(spaced_hex(std::span(writer().text(text24).data()).first(2)), "78 18");
}

TEST(CborWriter, ArrayMapAndTagHeadsUseTheShortestForm) {
  EXPECT_EQ(spaced_hex(writer().array(0).data()), "80");
  EXPECT_EQ(spaced_hex(writer().array(23).data()), "97");
  EXPECT_EQ(spaced_hex(writer().array(24).data()), "98 18");
  EXPECT_EQ(spaced_hex(writer().array(256).data()), "99 01 00");
  EXPECT_EQ(spaced_hex(writer().array(65536).data()), "9a 00 01 00 00");
  EXPECT_EQ(spaced_hex(writer().map(0).data()), "a0");
  EXPECT_EQ(spaced_hex(writer().map(23).data()), "b7");
  EXPECT_EQ(spaced_hex(writer().map(24).data()), "b8 18");
  EXPECT_EQ(spaced_hex(writer().map(65535).data()), "b9 ff ff");
  EXPECT_EQ(spaced_hex(writer().map(0x100000000).data()), "bb 00 00 00 01 00 00 00 00");
  EXPECT_EQ(spaced_hex(writer().tag(18).data()), "d2");
  EXPECT_EQ(spaced_hex(writer().tag(23).data()), "d7");
  EXPECT_EQ(spaced_hex(writer().tag(24).data()), "d8 18");
  EXPECT_EQ(spaced_hex(writer().tag(65536).data()), "da 00 01 00 00");
}

TEST(CborWriter, RawAppendsBytesUnchanged) {
  const bytes_t inner = hex("a1 01 02");
  writer w;
  w.array(2).raw(inner).uint(3);
  EXPECT_EQ(spaced_hex(w.data()), "82 a1 01 02 03");
}

TEST(CborWriter, TakeAndClearEmptyTheWriter) {
  writer w;
  w.uint(1);
  EXPECT_EQ(w.take(), bytes_t{0x01});
  w.clear();
  EXPECT_TRUE(w.data().empty());
  w.uint(2);
  EXPECT_EQ(w.data(), bytes_t{0x02});
  w.clear();
  EXPECT_TRUE(w.data().empty());
}

TEST(CborWriter, OutputRoundTripsThroughTheStrictDecoder) {
  writer w;
  w.map(4);
  w.uint(1).text("\xf0\x9f\x98\x80 ok");
  w.uint(24).array(3).integer(-65537).uint(65536).bytes(hex("00 ff"));
  w.integer(-1).map(0);
  w.integer(-24).array(0);
  const bytes_t out = w.take();
  const auto r = decode_strict(out);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(reencoded(*r), out);
  EXPECT_EQ(r->find(1)->text(), "\xf0\x9f\x98\x80 ok");
  const item* arr = r->find(24);
  ASSERT_NE(arr, nullptr);
  EXPECT_TRUE(arr->children[0].equals_integer(-65537));
  EXPECT_TRUE(arr->children[1].equals_integer(65536));
  EXPECT_EQ(spaced_hex(arr->children[2].content), "00 ff");
  EXPECT_EQ(r->find(-1)->type, kind::map);
  EXPECT_EQ(r->find(-24)->type, kind::array);
}

TEST(CborWriter, EveryBoundaryIntegerRoundTrips) {
  const std::int64_t values[] = {0,
                                 23,
                                 24,
                                 255,
                                 256,
                                 65535,
                                 65536,
                                 0xffffffff,
                                 0x100000000,
                                 -1,
                                 -24,
                                 -25,
                                 -256,
                                 -257,
                                 -65536,
                                 -65537,
                                 -4294967296,
                                 -4294967297,
                                 std::numeric_limits<std::int64_t>::max(),
                                 std::numeric_limits<std::int64_t>::min()};
  for (std::int64_t v : values) {
    const bytes_t out = writer().integer(v).take();
    const auto r = decode_strict(out);
    ASSERT_TRUE(r.ok()) << v << ": " << r.error().message;
    EXPECT_TRUE(r->equals_integer(v)) << v;
  }
}

// ---------------------------------------------------------------------------------------------
// Error code names (lib/result.cpp)

TEST(ErrcNames, CborCodesAreNamedLikeTheirEnumerators) {
  EXPECT_EQ(to_string(errc::cbor_truncated), "cbor_truncated");
  EXPECT_EQ(to_string(errc::cbor_reserved), "cbor_reserved");
  EXPECT_EQ(to_string(errc::cbor_indefinite), "cbor_indefinite");
  EXPECT_EQ(to_string(errc::cbor_non_shortest), "cbor_non_shortest");
  EXPECT_EQ(to_string(errc::cbor_simple), "cbor_simple");
  EXPECT_EQ(to_string(errc::cbor_tag), "cbor_tag");
  EXPECT_EQ(to_string(errc::cbor_bad_utf8), "cbor_bad_utf8");
  EXPECT_EQ(to_string(errc::cbor_unsorted_keys), "cbor_unsorted_keys");
  EXPECT_EQ(to_string(errc::cbor_duplicate_key), "cbor_duplicate_key");
  EXPECT_EQ(to_string(errc::cbor_too_deep), "cbor_too_deep");
  EXPECT_EQ(to_string(errc::cbor_trailing), "cbor_trailing");
  EXPECT_EQ(to_string(errc::cbor_too_large), "cbor_too_large");
}

TEST(ErrcNames, EveryCodeHasItsOwnName) {
  const errc all[] = {
      errc::ok,
      errc::text_too_long,
      errc::text_bad_prefix,
      errc::base45_bad_char,
      errc::base45_dangling,
      errc::base45_out_of_range,
      errc::body_empty,
      errc::body_unknown_form,
      errc::zlib_corrupt,
      errc::zlib_dictionary,
      errc::zlib_too_large,
      errc::zlib_trailing,
      errc::cbor_truncated,
      errc::cbor_reserved,
      errc::cbor_indefinite,
      errc::cbor_non_shortest,
      errc::cbor_simple,
      errc::cbor_tag,
      errc::cbor_bad_utf8,
      errc::cbor_unsorted_keys,
      errc::cbor_duplicate_key,
      errc::cbor_too_deep,
      errc::cbor_trailing,
      errc::cbor_too_large,
      errc::cose_structure,
      errc::cose_protected_header,
      errc::cose_unprotected_header,
      errc::cose_kid_size,
      errc::cose_signature_size,
      errc::cose_unsupported_alg,
      errc::claims_not_map,
      errc::claims_missing,
      errc::claims_wrong_type,
      errc::claims_unknown_key,
      errc::claims_bad_value,
      errc::claims_too_long,
      errc::claims_bad_key,
      errc::key_invalid,
      errc::key_file_format,
      errc::key_file_kdf,
      errc::key_wrong_passphrase,
      errc::key_passphrase_required,
      errc::key_pem_format,
      errc::key_mismatch,
      errc::key_is_root,
      errc::list_malformed,
      errc::list_unknown_root,
      errc::list_bad_signature,
      errc::list_rollback,
      errc::io_error,
      errc::json_error,
      errc::time_format,
      errc::duration_format,
      errc::invalid_argument,
      errc::crypto_failure,
      errc::batch_header,
      errc::batch_row,
      errc::ledger_error,
      errc::journal_error,
      errc::state_error,
  };
  std::set<std::string_view> names;
  for (errc code : all) {
    const std::string_view name = to_string(code);
    EXPECT_NE(name, "unknown") << static_cast<int>(code);
    EXPECT_TRUE(names.insert(name).second) << name;
  }
  EXPECT_EQ(to_string(errc::ok), "ok");
  EXPECT_EQ(to_string(errc::crypto_failure), "crypto_failure");
  EXPECT_EQ(to_string(errc::list_rollback), "list_rollback");
}

TEST(ErrcNames, UnknownValueIsNamedUnknown) {
  EXPECT_EQ(to_string(static_cast<errc>(9999)), "unknown");
  EXPECT_EQ(to_string(static_cast<errc>(399)), "unknown");
}

}  // namespace
}  // namespace qrseal::cbor
