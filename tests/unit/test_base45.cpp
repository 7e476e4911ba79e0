// Base45 (RFC 9285): the RFC's examples, round trips, and every strict decoding error.
#include <gtest/gtest.h>

#include <cstdint>
#include <qrseal/detail/base45.hpp>
#include <qrseal/result.hpp>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace qrseal {
namespace {

using bytes_t = std::vector<std::uint8_t>;

bytes_t bytes_of(std::string_view s) { return bytes_t(s.begin(), s.end()); }

TEST(Base45, EncodesRfc9285Examples) {
  EXPECT_EQ(base45_encode(bytes_of("AB")), "BB8");
  EXPECT_EQ(base45_encode(bytes_of("Hello!!")), "%69 VD92EX0");
  EXPECT_EQ(base45_encode(bytes_of("base-45")), "UJCLQE7W581");
  EXPECT_EQ(base45_encode(bytes_of("ietf!")), "QED8WEX0");
}

TEST(Base45, DecodesRfc9285Examples) {
  const std::pair<std::string_view, std::string_view> cases[] = {
      {"BB8", "AB"}, {"%69 VD92EX0", "Hello!!"}, {"UJCLQE7W581", "base-45"}, {"QED8WEX0", "ietf!"}};
  for (const auto& [text, plain] : cases) {
    auto decoded = base45_decode(text);
    ASSERT_TRUE(decoded.ok()) << text << ": " << decoded.error().message;
    EXPECT_EQ(*decoded, bytes_of(plain)) << text;
  }
}

TEST(Base45, EmptyInputEncodesAndDecodesToEmpty) {
  EXPECT_EQ(base45_encode({}), "");
  auto decoded = base45_decode("");
  ASSERT_TRUE(decoded.ok());
  EXPECT_TRUE(decoded->empty());
}

TEST(Base45, LargestGroupsDecode) {
  // 65535 = 15 + 16*45 + 32*2025 -> "FGW"; 255 = 30 + 5*45 -> "U5".
  auto triple = base45_decode("FGW");
  ASSERT_TRUE(triple.ok());
  EXPECT_EQ(*triple, (bytes_t{0xff, 0xff}));
  auto pair = base45_decode("U5");
  ASSERT_TRUE(pair.ok());
  EXPECT_EQ(*pair, (bytes_t{0xff}));
  EXPECT_EQ(base45_encode(bytes_t{0xff, 0xff}), "FGW");
  EXPECT_EQ(base45_encode(bytes_t{0xff}), "U5");
}

TEST(Base45, EveryByteValueRoundTripsAloneAndInPairs) {
  for (int b = 0; b < 256; ++b) {
    const bytes_t one{static_cast<std::uint8_t>(b)};
    const std::string text = base45_encode(one);
    EXPECT_EQ(text.size(), 2u);
    auto back = base45_decode(text);
    ASSERT_TRUE(back.ok()) << b;
    EXPECT_EQ(*back, one) << b;
  }
  bytes_t all;
  for (int hi = 0; hi < 256; ++hi) {
    for (int lo = 0; lo < 256; ++lo) {
      all.push_back(static_cast<std::uint8_t>(hi));
      all.push_back(static_cast<std::uint8_t>(lo));
    }
  }
  const std::string text = base45_encode(all);
  EXPECT_EQ(text.size(), all.size() / 2 * 3);
  auto back = base45_decode(text);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, all);
}

TEST(Base45, RandomInputsRoundTrip) {
  std::mt19937 rng(45);
  std::uniform_int_distribution<int> byte(0, 255);
  std::uniform_int_distribution<std::size_t> length(0, 300);
  for (int round = 0; round < 500; ++round) {
    bytes_t data(length(rng));
    for (auto& b : data) b = static_cast<std::uint8_t>(byte(rng));
    const std::string text = base45_encode(data);
    EXPECT_EQ(text.size(), data.size() / 2 * 3 + data.size() % 2 * 2);
    EXPECT_EQ(text.find_first_not_of("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"),
              std::string::npos);
    auto back = base45_decode(text);
    ASSERT_TRUE(back.ok()) << back.error().message;
    EXPECT_EQ(*back, data);
  }
}

TEST(Base45, RefusesLowerCaseLetter) {
  EXPECT_EQ(base45_decode("bB8").code(), errc::base45_bad_char);
  EXPECT_EQ(base45_decode("BB8%69 vD92EX0").code(), errc::base45_bad_char);
}

TEST(Base45, RefusesCharacterOutsideAlphabet) {
  EXPECT_EQ(base45_decode("BB#").code(), errc::base45_bad_char);
  EXPECT_EQ(base45_decode("#B").code(), errc::base45_bad_char);
  EXPECT_EQ(base45_decode("BB8\n0").code(), errc::base45_bad_char);
  EXPECT_EQ(base45_decode(std::string_view("BB\0", 3)).code(), errc::base45_bad_char);
}

TEST(Base45, RefusesNonAsciiByte) {
  EXPECT_EQ(base45_decode("\xc3\xa9"
                          "0")
                .code(),
            errc::base45_bad_char);
  EXPECT_EQ(base45_decode("B\xff").code(), errc::base45_bad_char);
}

TEST(Base45, RefusesDanglingSingleCharacter) {
  EXPECT_EQ(base45_decode("0").code(), errc::base45_dangling);
  EXPECT_EQ(base45_decode("BB80").code(), errc::base45_dangling);
  EXPECT_EQ(base45_decode("QED8WEX0AB").code(), errc::base45_dangling);
}

TEST(Base45, RefusesTripleAbove65535) {
  // ":::" = 44 + 44*45 + 44*2025 = 91124; "GGW" = 65536, one above the largest.
  EXPECT_EQ(base45_decode(":::").code(), errc::base45_out_of_range);
  EXPECT_EQ(base45_decode("GGW").code(), errc::base45_out_of_range);
  EXPECT_EQ(base45_decode("BB8GGW").code(), errc::base45_out_of_range);
}

TEST(Base45, RefusesFinalPairAbove255) {
  // "::" = 44 + 44*45 = 2024; "V5" = 31 + 5*45 = 256.
  EXPECT_EQ(base45_decode("::").code(), errc::base45_out_of_range);
  EXPECT_EQ(base45_decode("V5").code(), errc::base45_out_of_range);
  EXPECT_EQ(base45_decode("BB8V5").code(), errc::base45_out_of_range);
}

TEST(Base45, ErrorMessageNamesThePosition) {
  auto r = base45_decode("BB8B#8");
  ASSERT_EQ(r.code(), errc::base45_bad_char);
  EXPECT_NE(r.error().message.find("5"), std::string::npos) << r.error().message;
  EXPECT_NE(r.error().message.find("'#'"), std::string::npos) << r.error().message;
}

}  // namespace
}  // namespace qrseal
