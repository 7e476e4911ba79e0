#include <charconv>
#include <cstdio>
#include <limits>
#include <qrseal/time.hpp>
#include <string>

namespace qrseal {
namespace {

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's civil-days formula).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) noexcept {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

void civil_from_days(std::int64_t z, std::int64_t& y, unsigned& m, unsigned& d) noexcept {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  y = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2;
}

bool is_leap(std::int64_t y) noexcept { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

unsigned days_in_month(std::int64_t y, unsigned m) noexcept {
  static constexpr unsigned days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

// Reads exactly `width` digits at `pos`.
bool digits(std::string_view s, std::size_t pos, std::size_t width, unsigned& out) noexcept {
  if (pos + width > s.size()) return false;
  out = 0;
  for (std::size_t i = pos; i < pos + width; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    out = out * 10 + static_cast<unsigned>(s[i] - '0');
  }
  return true;
}

bool parse_integer(std::string_view text, std::int64_t& out) noexcept {
  if (text.empty()) return false;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, out);
  return ec == std::errc{} && ptr == end;
}

error time_error(std::string_view text, std::string_view why) {
  return error{errc::time_format, "time '" + std::string(text) + "': " + std::string(why) +
                                      " (use RFC 3339 like 2021-12-20T08:00:00Z, or integer "
                                      "seconds since 1970)"};
}

}  // namespace

result<std::int64_t> parse_time(std::string_view text) {
  std::int64_t seconds = 0;
  if (parse_integer(text, seconds)) return seconds;
  unsigned year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  if (!digits(text, 0, 4, year) || text.size() < 20 || text[4] != '-' ||
      !digits(text, 5, 2, month) || text[7] != '-' || !digits(text, 8, 2, day) ||
      (text[10] != 'T' && text[10] != 't' && text[10] != ' ') || !digits(text, 11, 2, hour) ||
      text[13] != ':' || !digits(text, 14, 2, minute) || text[16] != ':' ||
      !digits(text, 17, 2, second))
    return time_error(text, "not a date-time");
  if (month < 1 || month > 12 || day < 1 || day > days_in_month(year, month))
    return time_error(text, "no such date");
  // A leap second (:60) has no NumericDate of its own; RFC 3339 allows it, POSIX time folds it.
  if (hour > 23 || minute > 59 || second > 60) return time_error(text, "no such time of day");
  std::size_t pos = 19;
  if (pos < text.size() && text[pos] == '.')
    return time_error(text, "fractions of a second are not allowed (NumericDate is whole seconds)");
  std::int64_t offset = 0;
  if (pos < text.size() && (text[pos] == 'Z' || text[pos] == 'z')) {
    ++pos;
  } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
    unsigned oh = 0, om = 0;
    if (!digits(text, pos + 1, 2, oh) || pos + 3 >= text.size() || text[pos + 3] != ':' ||
        !digits(text, pos + 4, 2, om) || oh > 23 || om > 59)
      return time_error(text, "bad UTC offset");
    offset = (text[pos] == '+' ? 1 : -1) * static_cast<std::int64_t>(oh * 3600 + om * 60);
    pos += 6;
  } else {
    return time_error(text, "missing time zone (Z or +hh:mm)");
  }
  if (pos != text.size()) return time_error(text, "unexpected characters after the time zone");
  return days_from_civil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second - offset;
}

std::string format_rfc3339(std::int64_t seconds) {
  std::int64_t days = seconds / 86400;
  std::int64_t rest = seconds % 86400;
  if (rest < 0) {
    rest += 86400;
    --days;
  }
  std::int64_t y = 0;
  unsigned m = 0, d = 0;
  civil_from_days(days, y, m, d);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02lld:%02lld:%02lldZ",
                static_cast<long long>(y), m, d, static_cast<long long>(rest / 3600),
                static_cast<long long>(rest / 60 % 60), static_cast<long long>(rest % 60));
  return buf;
}

result<std::int64_t> parse_duration(std::string_view text) {
  std::int64_t value = 0;
  if (parse_integer(text, value) && value >= 0) return value;
  std::int64_t unit = 0;
  if (!text.empty()) {
    switch (text.back()) {
      case 's':
        unit = 1;
        break;
      case 'm':
        unit = 60;
        break;
      case 'h':
        unit = 3600;
        break;
      case 'd':
        unit = 86400;
        break;
      default:
        break;
    }
  }
  if (unit == 0 || !parse_integer(text.substr(0, text.size() - 1), value) || value < 0 ||
      text[0] == '+' || text[0] == '-')
    return error{errc::duration_format, "duration '" + std::string(text) +
                                            "': expected a number with s, m, h or d (e.g. 90s, "
                                            "30m, 48h, 7d) or plain seconds"};
  if (value > std::numeric_limits<std::int64_t>::max() / unit)
    return error{errc::duration_format, "duration '" + std::string(text) + "' is too large"};
  return value * unit;
}

std::string format_local_time(std::uint64_t seconds, int utc_offset_minutes) {
  constexpr std::uint64_t last_second_of_9999 = 253'402'300'799;
  if (seconds > last_second_of_9999) return "—";
  const std::string t =
      format_rfc3339(static_cast<std::int64_t>(seconds) + utc_offset_minutes * std::int64_t{60});
  return t.substr(0, 10) + " " + t.substr(11, 5);
}

std::string format_utc_offset(int utc_offset_minutes) {
  if (utc_offset_minutes == 0) return "UTC";
  const int a = utc_offset_minutes < 0 ? -utc_offset_minutes : utc_offset_minutes;
  std::string s = utc_offset_minutes > 0 ? "UTC+" : "UTC-";
  s += std::to_string(a / 60);
  if (a % 60 != 0) {
    char buf[8];
    std::snprintf(buf, sizeof buf, ":%02d", a % 60);
    s += buf;
  }
  return s;
}

result<int> parse_utc_offset(std::string_view text) {
  auto bad = [&] {
    return error{errc::time_format,
                 "'" + std::string(text) + "' is not an offset such as +08:00, -03:30 or Z"};
  };
  if (text == "Z" || text == "UTC" || text == "0") return 0;
  if (text.size() < 2 || (text[0] != '+' && text[0] != '-')) return bad();
  std::string digits_only;
  for (std::size_t i = 1; i < text.size(); ++i)
    if (text[i] != ':') digits_only += text[i];
  if (digits_only.empty() || digits_only.size() > 4 ||
      digits_only.find_first_not_of("0123456789") != std::string::npos)
    return bad();
  const std::size_t hour_digits =
      digits_only.size() <= 2 ? digits_only.size() : digits_only.size() - 2;
  const int hours = std::stoi(digits_only.substr(0, hour_digits));
  const int minutes =
      hour_digits < digits_only.size() ? std::stoi(digits_only.substr(hour_digits)) : 0;
  if (hours > 18 || minutes > 59 || (hours == 18 && minutes > 0)) return bad();
  const int total = hours * 60 + minutes;
  return text[0] == '-' ? -total : total;
}

std::string format_elapsed(double seconds) {
  const auto s = static_cast<long long>(seconds + 0.5);
  char buf[32];
  if (s >= 3600)
    std::snprintf(buf, sizeof buf, "%lld:%02lld:%02lld", s / 3600, (s / 60) % 60, s % 60);
  else
    std::snprintf(buf, sizeof buf, "%lld:%02lld", s / 60, s % 60);
  return buf;
}

}  // namespace qrseal
