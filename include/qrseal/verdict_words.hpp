// What the person at a checkpoint reads: one line per scan, in Chinese or English, the same
// words from every front end (the CLI's `scan` and `verify`, the C API, the web page's
// words.js and the phone apps say what this file says).
//
// A line comes as pieces; some carry an emphasis the front end may show (the CLI colours them
// on a terminal, a page may draw a badge). Joined, the pieces are the plain line.
//
// The library never reads the time zone: the front end gives the reader's UTC offset at each
// moment, so times read as the person at the door thinks of them (summer time included).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <qrseal/checkpoint.hpp>
#include <qrseal/claims.hpp>
#include <qrseal/lists.hpp>
#include <qrseal/result.hpp>
#include <qrseal/verifier.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace qrseal {

enum class language { en, zh };

// "zh", "zh-CN" or "cn": Chinese; "en": English; anything else is errc::invalid_argument.
result<language> parse_language(std::string_view text);
// The language of a locale name as LC_ALL, LC_MESSAGES or LANG hold it: "zh_CN.UTF-8" (any
// "zh…") is Chinese, anything else English.
language language_of_locale(std::string_view locale) noexcept;

// Seconds east of UTC at a moment (seconds since 1970) in the reader's time zone; nullopt when
// the zone cannot place that moment (the line then shows the seconds as they are).
using utc_offset_at = std::function<std::optional<std::int64_t>(std::int64_t seconds)>;

// Who reads the words: their language and time zone.
struct words_reader {
  language lang = language::en;
  utc_offset_at utc_offset;  // empty: UTC
};

// How a front end may set a piece of a line apart. It adds no words.
enum class emphasis {
  none,
  pass,     // the banner of a person let in
  reject,   // the banner of a person stopped
  good,     // a green code; a key update taken
  caution,  // a yellow code
  bad,      // a red code; a key update refused
};

struct words_piece {
  std::string text;
  emphasis look = emphasis::none;
  friend bool operator==(const words_piece&, const words_piece&) = default;
};

struct words_line {
  std::vector<words_piece> pieces;
  // The pieces joined, without emphasis.
  std::string plain() const;
};

// The reason a code was refused, in plain words ("expired", "已过期"); empty for valid.
std::string_view reason_words(outcome o, language lang) noexcept;
std::string_view warning_words(warning w, language lang) noexcept;
// "green" / "绿码", ...
std::string_view status_words(health_status s, language lang) noexcept;
// "12-20 14:00" at the reader's offset for that moment.
std::string short_time_words(std::uint64_t seconds, const utc_offset_at& utc_offset);

// "✔ PASS  张*明  ID 1234  green  test negative 12-20 14:00" or
// "✘ REJECT  张*明  ID 1234  green  reason: expired", with the verdict's warnings after it.
words_line verdict_words(const verification& v, const words_reader& reader);
// A key-update sheet scanned: "🔑 key update: trust list seq 2 accepted (list_accepted)", in one
// piece (good when the list was taken, bad otherwise).
words_line key_update_words(const list_offer& offer, std::uint64_t seq_held, language lang);
// A tube scanned at a sample desk: "🧪 sample TUBE-1 linked to the person before", or not linked.
std::string sample_words(std::string_view sample, bool linked, language lang);
// An image with no code in it: "? FILE: no code found".
std::string no_code_words(std::string_view file, language lang);

// The line for one checkpoint event: its verdict, key update or sample, and what the reader must
// know beyond it (a key update held for this run only, a tube label linked to someone else).
words_line checkpoint_event_words(const checkpoint_event& e, const words_reader& reader);

}  // namespace qrseal
