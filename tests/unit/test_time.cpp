// Times and durations as people write them: integer seconds or RFC 3339, and 90s/30m/48h/7d.
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <qrseal/result.hpp>
#include <qrseal/time.hpp>
#include <random>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace qrseal {
namespace {

constexpr std::int64_t k_2021_12_20_0800z = 1639987200;

std::int64_t time_of(std::string_view text) {
  auto t = parse_time(text);
  EXPECT_TRUE(t.ok()) << text << ": " << (t.ok() ? "" : t.error().message);
  return t.ok() ? *t : std::numeric_limits<std::int64_t>::min();
}

TEST(ParseTime, AcceptsIntegerSeconds) {
  EXPECT_EQ(time_of("0"), 0);
  EXPECT_EQ(time_of("1639987200"), k_2021_12_20_0800z);
  EXPECT_EQ(time_of("-1"), -1);
  EXPECT_EQ(time_of("-14182940"), -14182940);
  EXPECT_EQ(time_of("9223372036854775807"), std::numeric_limits<std::int64_t>::max());
}

TEST(ParseTime, RefusesIntegerOutOfRange) {
  EXPECT_EQ(parse_time("9223372036854775808").code(), errc::time_format);
  EXPECT_EQ(parse_time("-9223372036854775809").code(), errc::time_format);
}

TEST(ParseTime, AcceptsRfc3339WithUpperOrLowerZ) {
  EXPECT_EQ(time_of("2021-12-20T08:00:00Z"), k_2021_12_20_0800z);
  EXPECT_EQ(time_of("2021-12-20T08:00:00z"), k_2021_12_20_0800z);
  EXPECT_EQ(time_of("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(time_of("1969-07-20T20:17:40Z"), -14182940);
}

TEST(ParseTime, AcceptsLowerCaseT) {
  EXPECT_EQ(time_of("2021-12-20t08:00:00Z"), k_2021_12_20_0800z);
  EXPECT_EQ(time_of("2021-12-20t08:00:00z"), k_2021_12_20_0800z);
}

TEST(ParseTime, AppliesPositiveAndNegativeOffsets) {
  EXPECT_EQ(time_of("2021-12-20T16:00:00+08:00"), k_2021_12_20_0800z);
  EXPECT_EQ(time_of("2021-12-20T02:30:00-05:30"), k_2021_12_20_0800z);
  EXPECT_EQ(time_of("2021-12-20T08:00:00+00:00"), k_2021_12_20_0800z);
  EXPECT_EQ(time_of("2021-12-20T08:00:00-00:00"), k_2021_12_20_0800z);
  // An offset that crosses midnight and the year boundary.
  EXPECT_EQ(time_of("1970-01-01T05:00:00+08:00"), -3 * 3600);
}

TEST(ParseTime, LeapDayExistsOnlyInLeapYears) {
  EXPECT_EQ(time_of("2024-02-29T00:00:00Z"), 1709164800);
  EXPECT_EQ(time_of("2000-02-29T12:00:00Z"), 951825600);
  EXPECT_EQ(parse_time("2023-02-29T00:00:00Z").code(), errc::time_format);
  EXPECT_EQ(parse_time("1900-02-29T00:00:00Z").code(), errc::time_format);
  EXPECT_EQ(parse_time("2024-02-30T00:00:00Z").code(), errc::time_format);
}

TEST(ParseTime, RefusesFractionalSeconds) {
  EXPECT_EQ(parse_time("2021-12-20T08:00:00.5Z").code(), errc::time_format);
  EXPECT_EQ(parse_time("2021-12-20T08:00:00.000Z").code(), errc::time_format);
  EXPECT_EQ(parse_time("2021-12-20T08:00:00.25+08:00").code(), errc::time_format);
}

TEST(ParseTime, RefusesMissingZone) {
  EXPECT_EQ(parse_time("2021-12-20T08:00:00").code(), errc::time_format);
  EXPECT_EQ(parse_time("2021-12-20").code(), errc::time_format);
}

TEST(ParseTime, RefusesGarbage) {
  for (std::string_view text : {"",
                                " ",
                                "abc",
                                "now",
                                "1e9",
                                "12abc",
                                "+5",
                                "0x10",
                                " 1639987200",
                                "1639987200 ",
                                "2021-12-20T08:00Z",
                                "2021/12/20T08:00:00Z",
                                "2021-12-20X08:00:00Z",
                                "2021-13-01T00:00:00Z",
                                "2021-00-01T00:00:00Z",
                                "2021-12-00T00:00:00Z",
                                "2021-12-32T00:00:00Z",
                                "2021-04-31T00:00:00Z",
                                "2021-12-20T24:00:00Z",
                                "2021-12-20T08:60:00Z",
                                "2021-12-20T08:00:61Z",
                                "2021-12-20T08:00:00+8:00",
                                "2021-12-20T08:00:00+0800",
                                "2021-12-20T08:00:00+08",
                                "2021-12-20T08:00:00+24:00",
                                "2021-12-20T08:00:00+08:60",
                                "2021-12-20T08:00:00Z ",
                                "2021-12-20T08:00:00ZZ",
                                "2021-12-20T08:00:00+08:00Z",
                                "21-12-20T08:00:00Z",
                                "2021-1-20T08:00:00Z"}) {
    auto t = parse_time(text);
    EXPECT_EQ(t.code(), errc::time_format) << "'" << text << "' gave " << (t.ok() ? *t : 0);
  }
}

TEST(FormatRfc3339, FormatsKnownInstants) {
  EXPECT_EQ(format_rfc3339(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(format_rfc3339(-1), "1969-12-31T23:59:59Z");
  EXPECT_EQ(format_rfc3339(k_2021_12_20_0800z), "2021-12-20T08:00:00Z");
  EXPECT_EQ(format_rfc3339(1709164800), "2024-02-29T00:00:00Z");
  EXPECT_EQ(format_rfc3339(-14182940), "1969-07-20T20:17:40Z");
  EXPECT_EQ(format_rfc3339(253402300799), "9999-12-31T23:59:59Z");
  EXPECT_EQ(format_rfc3339(-62135596800), "0001-01-01T00:00:00Z");
}

TEST(FormatRfc3339, RoundTripsThroughParseTime) {
  for (std::int64_t t : {std::int64_t{0}, std::int64_t{-1}, std::int64_t{1}, std::int64_t{-86400},
                         std::int64_t{-86401}, k_2021_12_20_0800z, std::int64_t{951825600},
                         std::int64_t{253402300799}, std::int64_t{-62135596800}}) {
    EXPECT_EQ(time_of(format_rfc3339(t)), t) << format_rfc3339(t);
  }
  std::mt19937_64 rng(3339);
  std::uniform_int_distribution<std::int64_t> any(-62135596800, 253402300799);
  for (int i = 0; i < 2000; ++i) {
    const std::int64_t t = any(rng);
    EXPECT_EQ(time_of(format_rfc3339(t)), t) << format_rfc3339(t);
  }
}

TEST(FormatRfc3339, ExtremeValuesDoNotCrash) {
  EXPECT_FALSE(format_rfc3339(std::numeric_limits<std::int64_t>::max()).empty());
  EXPECT_FALSE(format_rfc3339(std::numeric_limits<std::int64_t>::min()).empty());
}

TEST(ParseDuration, AcceptsUnitsAndPlainSeconds) {
  const std::pair<std::string_view, std::int64_t> cases[] = {
      {"90s", 90},  {"30m", 1800}, {"48h", 172800}, {"7d", 604800},
      {"120", 120}, {"0", 0},      {"0s", 0},       {"106751991167300d", 9223372036854720000}};
  for (const auto& [text, seconds] : cases) {
    auto d = parse_duration(text);
    ASSERT_TRUE(d.ok()) << text << ": " << d.error().message;
    EXPECT_EQ(*d, seconds) << text;
  }
}

TEST(ParseDuration, RefusesMalformedText) {
  for (std::string_view text : {"", "5x", "-5s", "-5", "+5s", "+5", "h", "s", "1.5h", "5S", " 5s",
                                "5s ", "5 s", "5ss", "s5", "1e3", "5h30m"}) {
    EXPECT_EQ(parse_duration(text).code(), errc::duration_format) << "'" << text << "'";
  }
}

TEST(ParseDuration, RefusesOverflow) {
  for (std::string_view text : {"9223372036854775808", "106751991167301d", "153722867280912931m",
                                "2562047788015216h", "99999999999999999999s"}) {
    EXPECT_EQ(parse_duration(text).code(), errc::duration_format) << text;
  }
}

TEST(LocalTime, FormatsAtTheOffsetGiven) {
  EXPECT_EQ(format_local_time(k_2021_12_20_0800z, 0), "2021-12-20 08:00");
  EXPECT_EQ(format_local_time(k_2021_12_20_0800z, 480), "2021-12-20 16:00");
  EXPECT_EQ(format_local_time(k_2021_12_20_0800z, -510), "2021-12-19 23:30");
  EXPECT_EQ(format_local_time(253'402'300'799, 0), "9999-12-31 23:59");
  EXPECT_EQ(format_local_time(253'402'300'800, 0), "—");
}

TEST(LocalTime, OffsetsBothWays) {
  EXPECT_EQ(format_utc_offset(0), "UTC");
  EXPECT_EQ(format_utc_offset(480), "UTC+8");
  EXPECT_EQ(format_utc_offset(-210), "UTC-3:30");
  for (const auto& [text, minutes] : std::vector<std::pair<std::string, int>>{{"Z", 0},
                                                                              {"UTC", 0},
                                                                              {"+08:00", 480},
                                                                              {"+0800", 480},
                                                                              {"+8", 480},
                                                                              {"-03:30", -210},
                                                                              {"+18:00", 1080}}) {
    auto m = parse_utc_offset(text);
    ASSERT_TRUE(m.ok()) << text;
    EXPECT_EQ(*m, minutes) << text;
  }
  for (const char* bad : {"", "8", "+", "+18:01", "+08:60", "+123456", "+8h", "GMT"}) {
    auto m = parse_utc_offset(bad);
    ASSERT_FALSE(m.ok()) << bad;
    EXPECT_NE(m.error().message.find("is not an offset such as +08:00"), std::string::npos);
  }
}

TEST(FormatElapsed, MinutesOrHoursRoundedToTheSecond) {
  EXPECT_EQ(format_elapsed(0), "0:00");
  EXPECT_EQ(format_elapsed(4.4), "0:04");
  EXPECT_EQ(format_elapsed(4.5), "0:05");
  EXPECT_EQ(format_elapsed(245), "4:05");
  EXPECT_EQ(format_elapsed(3599.4), "59:59");
  EXPECT_EQ(format_elapsed(3599.6), "1:00:00");
  EXPECT_EQ(format_elapsed(3723), "1:02:03");
  EXPECT_EQ(format_elapsed(100 * 3600), "100:00:00");
}

}  // namespace
}  // namespace qrseal
