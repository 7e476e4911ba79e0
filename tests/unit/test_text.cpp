// The QR text layer: prefixes, the 4296-character limit, no trimming, Base45 errors.
#include <gtest/gtest.h>

#include <cstdint>
#include <qrseal/result.hpp>
#include <qrseal/text.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace qrseal {
namespace {

using bytes_t = std::vector<std::uint8_t>;

TEST(Text, PrefixesAreTheSpecOnes) {
  EXPECT_EQ(text_prefix(text_kind::credential), "QS1:");
  EXPECT_EQ(text_prefix(text_kind::live), "QL1:");
  EXPECT_EQ(text_prefix(text_kind::trust_list), "QT1:");
}

TEST(Text, RecognisesEachPrefixAndDecodesBase45) {
  const std::pair<std::string_view, text_kind> cases[] = {{"QS1:BB8", text_kind::credential},
                                                          {"QL1:BB8", text_kind::live},
                                                          {"QT1:BB8", text_kind::trust_list}};
  for (const auto& [text, kind] : cases) {
    auto split = split_qr_text(text);
    ASSERT_TRUE(split.ok()) << text << ": " << split.error().message;
    EXPECT_EQ(split->kind, kind) << text;
    EXPECT_EQ(split->bytes, (bytes_t{'A', 'B'})) << text;
  }
}

TEST(Text, JoinThenSplitRoundTrips) {
  bytes_t data;
  for (int i = 0; i < 301; ++i) data.push_back(static_cast<std::uint8_t>(i * 37));
  for (text_kind kind : {text_kind::credential, text_kind::live, text_kind::trust_list}) {
    const std::string text = join_qr_text(kind, data);
    EXPECT_TRUE(text.starts_with(text_prefix(kind)));
    auto split = split_qr_text(text);
    ASSERT_TRUE(split.ok()) << split.error().message;
    EXPECT_EQ(split->kind, kind);
    EXPECT_EQ(split->bytes, data);
  }
}

TEST(Text, PrefixAloneGivesNoBytes) {
  auto split = split_qr_text("QS1:");
  ASSERT_TRUE(split.ok());
  EXPECT_TRUE(split->bytes.empty());
}

TEST(Text, PrefixesAreCaseSensitive) {
  for (std::string_view text : {"qs1:BB8", "Qs1:BB8", "qS1:BB8", "ql1:BB8", "qt1:BB8"})
    EXPECT_EQ(split_qr_text(text).code(), errc::text_bad_prefix) << text;
}

TEST(Text, RefusesUnknownOrMissingPrefix) {
  for (std::string_view text :
       {"", "Q", "QS1", "QS1BB8", "QS2:BB8", "QX1:BB8", "HC1:BB8", "BB8", " QS1:BB8", "\nQS1:BB8"})
    EXPECT_EQ(split_qr_text(text).code(), errc::text_bad_prefix) << "'" << text << "'";
}

TEST(Text, AcceptsExactly4296Characters) {
  const std::string text = "QS1:" + std::string(max_qr_text - 4, '0');
  ASSERT_EQ(text.size(), 4296u);
  auto split = split_qr_text(text);
  ASSERT_TRUE(split.ok()) << split.error().message;
  EXPECT_EQ(split->bytes.size(), (4292u / 3) * 2 + 1);
}

TEST(Text, RefusesMoreThan4296Characters) {
  const std::string text = "QS1:" + std::string(max_qr_text - 3, '0');
  ASSERT_EQ(text.size(), 4297u);
  EXPECT_EQ(split_qr_text(text).code(), errc::text_too_long);
  EXPECT_EQ(split_qr_text("QS1:" + std::string(100000, '0')).code(), errc::text_too_long);
}

TEST(Text, TrailingNewlineIsNotTrimmed) {
  ASSERT_TRUE(split_qr_text("QS1:BB800").ok());
  EXPECT_EQ(split_qr_text("QS1:BB800\n").code(), errc::base45_bad_char);
  EXPECT_EQ(split_qr_text("QS1:BB8\r\n").code(), errc::base45_bad_char);
  EXPECT_EQ(split_qr_text("QS1:BB8\n").code(), errc::base45_dangling);
}

TEST(Text, TrailingOrLeadingSpaceIsNotTrimmed) {
  // A space is in the Base45 alphabet, so it is decoded, not dropped.
  ASSERT_TRUE(split_qr_text("QS1:BB8").ok());
  EXPECT_EQ(split_qr_text("QS1:BB8 ").code(), errc::base45_dangling);
  EXPECT_EQ(split_qr_text("QS1:BB800 ").code(), errc::base45_out_of_range);
  EXPECT_EQ(split_qr_text("QS1: BB8").code(), errc::base45_dangling);
}

TEST(Text, Base45ErrorsPassThrough) {
  EXPECT_EQ(split_qr_text("QS1:bb8").code(), errc::base45_bad_char);
  EXPECT_EQ(split_qr_text("QL1:BB#").code(), errc::base45_bad_char);
  EXPECT_EQ(split_qr_text("QT1:BB80").code(), errc::base45_dangling);
  EXPECT_EQ(split_qr_text("QS1:GGW").code(), errc::base45_out_of_range);
  EXPECT_EQ(split_qr_text("QS1:BB8::").code(), errc::base45_out_of_range);
}

}  // namespace
}  // namespace qrseal
