// Times and durations as people write them: RFC 3339 or integer seconds; 90s, 30m, 48h, 7d.
// Parsing only: the library never reads the clock.
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

// "90s", "30m", "48h", "7d", or plain integer seconds; never negative.
result<std::int64_t> parse_duration(std::string_view text);

}  // namespace qrseal
