#include "human_output.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <ctime>
#include <string_view>

#include "common.hpp"

namespace qrseal::cli {
namespace {

// The banners are white on green or red, padded; the status and key update are coloured text.
std::string coloured(const words_piece& p) {
  switch (p.look) {
    case emphasis::none:
      return p.text;
    case emphasis::pass:
      return "\033[1;97;42m " + p.text + " \033[0m";
    case emphasis::reject:
      return "\033[1;97;41m " + p.text + " \033[0m";
    case emphasis::good:
      return "\033[1;32m" + p.text + "\033[0m";
    case emphasis::caution:
      return "\033[1;33m" + p.text + "\033[0m";
    case emphasis::bad:
      return "\033[1;31m" + p.text + "\033[0m";
  }
  return p.text;
}

// Seconds this machine's wall clock is ahead of UTC at `seconds`, as localtime_r reads it: the
// zone's offset and, in a "right/" zone, the leap seconds it counts.
std::optional<std::int64_t> wall_clock_offset(std::int64_t seconds) {
  const auto t = static_cast<std::time_t>(seconds);
  std::tm tm{};
  if (!::localtime_r(&t, &tm)) return std::nullopt;
  constexpr std::int64_t day = 86400;
  // A leap second (23:59:60) reads as the second before it: the minute shown is the same.
  const std::int64_t wall = tm.tm_hour * 3600 + tm.tm_min * 60 + std::min(tm.tm_sec, 59);
  const std::int64_t zone_only = ((seconds + tm.tm_gmtoff) % day + day) % day;
  std::int64_t leap = (wall - zone_only + day) % day;  // a few seconds, either way
  if (leap > day / 2) leap -= day;
  return tm.tm_gmtoff + leap;
}

}  // namespace

language language_arg(const std::optional<std::string>& lang) {
  if (lang) return take(parse_language(*lang), "--lang");
  for (const char* var : {"LC_ALL", "LC_MESSAGES", "LANG"}) {
    const char* v = std::getenv(var);
    if (v && *v) return language_of_locale(v);
  }
  return language::en;
}

words_reader local_reader(language lang) {
  // The person at the door thinks in this machine's time zone, summer time included.
  return {lang, wall_clock_offset};
}

std::string shown(const words_line& line, bool color) {
  if (!color) return line.plain();
  std::string text;
  for (const words_piece& p : line.pieces) text += coloured(p);
  return text;
}

void ring(bool accepted) {
  const char* bells = accepted ? "\a" : "\a\a\a";
  if (::write(STDERR_FILENO, bells, std::char_traits<char>::length(bells)) < 0) {
    // A bell that cannot ring is not worth failing a check for.
  }
}

}  // namespace qrseal::cli
