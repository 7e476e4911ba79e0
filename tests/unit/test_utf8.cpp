// Strict RFC 3629 UTF-8: what is valid, and each kind of invalid sequence.
#include <gtest/gtest.h>

#include <qrseal/utf8.hpp>
#include <string>
#include <string_view>

namespace qrseal {
namespace {

TEST(Utf8, AcceptsEmptyAndAscii) {
  EXPECT_TRUE(is_valid_utf8(""));
  EXPECT_TRUE(is_valid_utf8("CN-610100"));
  EXPECT_TRUE(is_valid_utf8(std::string_view("a\0b", 3)));
  EXPECT_TRUE(is_valid_utf8("\x7f"));
}

TEST(Utf8, AcceptsTwoAndThreeByteCharacters) {
  EXPECT_TRUE(is_valid_utf8("\xc2\x80"));      // U+0080, smallest 2-byte
  EXPECT_TRUE(is_valid_utf8("\xdf\xbf"));      // U+07FF
  EXPECT_TRUE(is_valid_utf8("caf\xc3\xa9"));   // café
  EXPECT_TRUE(is_valid_utf8("\xe0\xa0\x80"));  // U+0800, smallest 3-byte
  EXPECT_TRUE(is_valid_utf8("\xed\x9f\xbf"));  // U+D7FF, just below the surrogates
  EXPECT_TRUE(is_valid_utf8("\xee\x80\x80"));  // U+E000, just above them
  EXPECT_TRUE(is_valid_utf8("\xef\xbf\xbf"));  // U+FFFF
}

TEST(Utf8, AcceptsMaskedCjkName) {
  EXPECT_TRUE(is_valid_utf8("张*明"));
  EXPECT_TRUE(is_valid_utf8("\xe5\xbc\xa0*\xe6\x98\x8e"));
}

TEST(Utf8, AcceptsFourByteCharacters) {
  EXPECT_TRUE(is_valid_utf8("\xf0\x9f\x98\x80"));  // U+1F600 emoji
  EXPECT_TRUE(is_valid_utf8("ok \xf0\x9f\x91\x8d!"));
  EXPECT_TRUE(is_valid_utf8("\xf0\x90\x80\x80"));  // U+10000, smallest 4-byte
  EXPECT_TRUE(is_valid_utf8("\xf4\x8f\xbf\xbf"));  // U+10FFFF, the largest
}

TEST(Utf8, RefusesOverlongForms) {
  EXPECT_FALSE(is_valid_utf8("\xc0\x80"));
  EXPECT_FALSE(is_valid_utf8("\xc1\xbf"));
  EXPECT_FALSE(is_valid_utf8("\xe0\x80\x80"));
  EXPECT_FALSE(is_valid_utf8("\xe0\x9f\xbf"));
  EXPECT_FALSE(is_valid_utf8("\xf0\x80\x80\x80"));
  EXPECT_FALSE(is_valid_utf8("\xf0\x8f\xbf\xbf"));
}

TEST(Utf8, RefusesSurrogates) {
  EXPECT_FALSE(is_valid_utf8("\xed\xa0\x80"));              // U+D800
  EXPECT_FALSE(is_valid_utf8("\xed\xbf\xbf"));              // U+DFFF
  EXPECT_FALSE(is_valid_utf8("\xed\xa0\xbd\xed\xb8\x80"));  // a CESU-8 pair
}

TEST(Utf8, RefusesCodePointsAbove10FFFF) {
  EXPECT_FALSE(is_valid_utf8("\xf4\x90\x80\x80"));  // U+110000
  EXPECT_FALSE(is_valid_utf8("\xf4\xbf\xbf\xbf"));
}

TEST(Utf8, RefusesLoneContinuationBytes) {
  EXPECT_FALSE(is_valid_utf8("\x80"));
  EXPECT_FALSE(is_valid_utf8("\xbf"));
  EXPECT_FALSE(is_valid_utf8("a\x80z"));
  EXPECT_FALSE(is_valid_utf8("\xc3\xa9\xa9"));  // one continuation too many
}

TEST(Utf8, RefusesTruncatedSequences) {
  EXPECT_FALSE(is_valid_utf8("\xc3"));
  EXPECT_FALSE(is_valid_utf8("\xe5\xbc"));
  EXPECT_FALSE(is_valid_utf8("\xf0\x9f\x98"));
  EXPECT_FALSE(is_valid_utf8("\xf0\x9f"));
  EXPECT_FALSE(is_valid_utf8("abc\xe6"));
  // A sequence cut short by an ASCII byte rather than by the end.
  EXPECT_FALSE(
      is_valid_utf8("\xe5\xbc"
                    "a"));
  EXPECT_FALSE(
      is_valid_utf8("\xf0\x9f\x98"
                    "a"));
  EXPECT_FALSE(
      is_valid_utf8("\xc3"
                    "a"));
}

TEST(Utf8, RefusesBytesF5ToFF) {
  for (int b = 0xf5; b <= 0xff; ++b) {
    const std::string text{static_cast<char>(b), '\x80', '\x80', '\x80'};
    EXPECT_FALSE(is_valid_utf8(text)) << std::hex << b;
    EXPECT_FALSE(is_valid_utf8(std::string(1, static_cast<char>(b)))) << std::hex << b;
  }
}

TEST(Utf8, AgreesWithAReferenceDecoderOnAllShortSequences) {
  // Every 1-, 2- and 3-byte string whose first byte is non-ASCII, checked against a
  // straightforward decode-and-range-check written here.
  auto reference = [](const std::string& s) {
    std::size_t i = 0;
    while (i < s.size()) {
      const auto c = static_cast<unsigned char>(s[i]);
      std::size_t len = c < 0x80             ? 1
                        : (c & 0xe0) == 0xc0 ? 2
                        : (c & 0xf0) == 0xe0 ? 3
                        : (c & 0xf8) == 0xf0 ? 4
                                             : 0;
      if (len == 0 || i + len > s.size()) return false;
      std::uint32_t cp = len == 1   ? c
                         : len == 2 ? (c & 0x1fu)
                         : len == 3 ? (c & 0x0fu)
                                    : (c & 0x07u);
      for (std::size_t k = 1; k < len; ++k) {
        const auto cc = static_cast<unsigned char>(s[i + k]);
        if ((cc & 0xc0) != 0x80) return false;
        cp = cp << 6 | (cc & 0x3fu);
      }
      const std::uint32_t min = len == 1 ? 0 : len == 2 ? 0x80 : len == 3 ? 0x800 : 0x10000;
      if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
      i += len;
    }
    return true;
  };
  for (int a = 0x80; a < 0x100; ++a) {
    const std::string one{static_cast<char>(a)};
    ASSERT_EQ(is_valid_utf8(one), reference(one)) << std::hex << a;
    for (int b = 0; b < 0x100; ++b) {
      const std::string two{static_cast<char>(a), static_cast<char>(b)};
      ASSERT_EQ(is_valid_utf8(two), reference(two)) << std::hex << a << " " << b;
      for (int c = 0x70; c < 0xc8; ++c) {
        const std::string three{static_cast<char>(a), static_cast<char>(b), static_cast<char>(c)};
        ASSERT_EQ(is_valid_utf8(three), reference(three)) << std::hex << a << " " << b << " " << c;
      }
    }
  }
}

}  // namespace
}  // namespace qrseal
