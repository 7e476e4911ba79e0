// Times and durations as people write them: RFC 3339 or integer seconds; 90s, 30m, 48h, 7d.
// Parsing and formatting only: the library never reads the clock or the time zone.
#pragma once

#include <cstdint>
#include <qrseal/result.hpp>
#include <string>
#include <string_view>

namespace qrseal {

// "2021-12-20T08:00:00Z", "2021-12-20T16:00:00+08:00" (fractions of a second are refused:
// NumericDate has whole seconds), or integer seconds since 1970-01-01T00:00:00Z.
result<std::int64_t> parse_time(std::string_view text);

// "2021-12-20T08:00:00Z" (UTC).
std::string format_rfc3339(std::int64_t seconds);

// A time taken, for people: "4:05" (minutes and seconds) or "1:02:03", rounded to the second.
std::string format_elapsed(double seconds);

// "90s", "30m", "48h", "7d", or plain integer seconds; never negative.
result<std::int64_t> parse_duration(std::string_view text);

// Local time for people (cards): the offset comes in as a parameter, never from the machine.
// "2021-12-20 16:00" at `utc_offset_minutes` east of UTC; "—" past the year 9999.
std::string format_local_time(std::uint64_t seconds, int utc_offset_minutes);
// "UTC", "UTC+8", "UTC-3:30".
std::string format_utc_offset(int utc_offset_minutes);
// "Z", "UTC", "0", "+08:00", "+0800", "+8", "-03:30" -> minutes east of UTC (at most ±18 h).
result<int> parse_utc_offset(std::string_view text);

}  // namespace qrseal
