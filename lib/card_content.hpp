// What a printed card says, decided without drawing anything (lib-internal): the status colours
// and words, the checks on the fields, the rows of text, the one-line summary a screen reader
// gets, and the SVG's title. lib/card_cairo.cpp measures and draws it.
#pragma once

#include <cstdint>
#include <qrseal/card.hpp>
#include <qrseal/result.hpp>
#include <string>
#include <vector>

namespace qrseal::detail {

struct rgb {
  double r, g, b;
};
inline constexpr rgb black{0.08, 0.08, 0.08};
inline constexpr rgb grey{0.40, 0.40, 0.40};
inline constexpr rgb cut_grey{0.62, 0.62, 0.62};
inline constexpr rgb white{1, 1, 1};

struct status_style {
  rgb fill;
  rgb ink;
  const char* words;  // "绿码 GREEN"
};
status_style card_status_style(health_status s);

// Lengths and UTF-8 of the fields, the status, the resolution and the UTC offset.
status check_card_fields(const card_fields& f, const card_options& o);

struct card_row {
  std::string label;
  std::string value;
};
// The labelled rows under the name and ID hint: the test and when it was sampled (when there is
// a test), then the validity; times in the card's UTC offset, which the labels name.
std::vector<card_row> card_rows(const card_fields& f, const card_options& o);

inline constexpr std::string_view card_id_label = "证件 ID";
inline constexpr std::string_view card_issuer_label = "签发 Issuer ";

// One line of plain text with what the card says, for SVG <title> and PDF metadata: cairo draws
// text as glyph outlines, and screen readers and searches need the words.
std::string card_summary(const card_fields& f, const card_options& o);

// Cairo's SVG with `title` as its <title>, and its process-wide surface numbers ("surface7")
// replaced by one fixed name, so the same card is the same bytes however many came before it.
std::vector<std::uint8_t> card_svg_with_title(const std::vector<std::uint8_t>& svg,
                                              const std::string& title);

}  // namespace qrseal::detail
