// Printable cards drawn with cairo: fonts, fitting text, one card, the labelled QR sheet and A4
// sheets of cards. The only file that touches cairo; what a card says is lib/card.cpp.
//
// All layout is in millimetres on an ID-1 card (85.6 x 54 mm); each output format only sets the
// transformation from millimetres to its device units (points for PDF and SVG, pixels for PNG).
// Text goes through cairo's toy font API with a CJK font found through fontconfig; every string
// is checked for missing glyphs before any ink is laid down, so a card never shows empty boxes.
#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <cairo.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <qrseal/card.hpp>
#include <qrseal/png.hpp>
#include <qrseal/qr_encode.hpp>
#include <qrseal/utf8.hpp>
#include <utility>

#include "card_content.hpp"
#include "try.hpp"

namespace qrseal {
namespace {

using detail::black;
using detail::cut_grey;
using detail::grey;
using detail::rgb;
using detail::white;

constexpr double mm_per_inch = 25.4;
constexpr double pt_per_mm = 72.0 / mm_per_inch;

constexpr double a4_width_mm = 210.0;
constexpr double a4_height_mm = 297.0;

// Card layout, in millimetres from the card's top-left corner.
constexpr double corner_radius = 3.18;  // ISO/IEC 7810 ID-1
constexpr double qr_box = 47.0;         // the QR square, quiet zone included
constexpr double qr_left = 1.5;
constexpr double qr_top = (card_height_mm - qr_box) / 2;
constexpr double column_left = qr_left + qr_box + 0.8;  // the quiet zone already separates it
constexpr double column_right = card_width_mm - 3.2;
constexpr double column_width = column_right - column_left;
constexpr int quiet_zone_modules = 4;

// Font sizes (em heights, mm). 2.1 mm is about 6 pt, the smallest text a card should carry.
constexpr double badge_size = 4.8;
constexpr double name_size = 6.5;
constexpr double name_min_one_line = 3.8;
constexpr double name_min_two_lines = 3.0;
constexpr double label_size = 2.1;
constexpr double value_size = 3.2;
constexpr double value_min = 2.4;
constexpr double small_size = 2.1;

struct cairo_free {
  void operator()(cairo_t* c) const noexcept { cairo_destroy(c); }
  void operator()(cairo_surface_t* s) const noexcept { cairo_surface_destroy(s); }
};
using context_ptr = std::unique_ptr<cairo_t, cairo_free>;
using surface_ptr = std::unique_ptr<cairo_surface_t, cairo_free>;

error cairo_error(cairo_status_t s, std::string_view where) {
  return {errc::io_error,
          "card: cairo failed while " + std::string(where) + ": " + cairo_status_to_string(s)};
}

void set_colour(cairo_t* cr, rgb c) { cairo_set_source_rgb(cr, c.r, c.g, c.b); }

// ---- Fonts -------------------------------------------------------------------------------------

// Glyph indices of `text` in the current font; index 0 is the "missing glyph" box.
bool all_glyphs_present(cairo_t* cr, std::string_view text) {
  cairo_glyph_t* glyphs = nullptr;
  int count = 0;
  const cairo_status_t s = cairo_scaled_font_text_to_glyphs(
      cairo_get_scaled_font(cr), 0, 0, text.data(), static_cast<int>(text.size()), &glyphs, &count,
      nullptr, nullptr, nullptr);
  if (s != CAIRO_STATUS_SUCCESS) return false;
  bool ok = true;
  for (int i = 0; i < count; ++i) ok = ok && glyphs[i].index != 0;
  cairo_glyph_free(glyphs);
  return ok;
}

// Families tried in order; fontconfig substitutes a Latin font for a family that is not
// installed, so each candidate must prove it has the CJK glyphs a card always prints.
constexpr std::array<const char*, 4> font_candidates{"WenQuanYi Micro Hei", "Noto Sans CJK SC",
                                                     "Source Han Sans SC", "Droid Sans Fallback"};
constexpr std::string_view font_probe = "绿黄红码阴阳性证件有效签发 GREEN Negative 0123456789-:*";

const char* card_font_family() {
  static const char* const family = []() -> const char* {
    const surface_ptr surface(cairo_image_surface_create(CAIRO_FORMAT_A8, 1, 1));
    const context_ptr cr(cairo_create(surface.get()));
    for (const char* candidate : font_candidates) {
      cairo_select_font_face(cr.get(), candidate, CAIRO_FONT_SLANT_NORMAL,
                             CAIRO_FONT_WEIGHT_NORMAL);
      if (all_glyphs_present(cr.get(), font_probe)) return candidate;
    }
    return nullptr;
  }();
  return family;
}

// `family` nullptr: the card font.
void use_font(cairo_t* cr, double size, bool bold, const char* family = nullptr) {
  cairo_select_font_face(cr, family ? family : card_font_family(), CAIRO_FONT_SLANT_NORMAL,
                         bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size(cr, size);
}

// Names may hold rare characters (CJK Extension B and beyond) that the card font lacks; a larger
// font the authority installed (e.g. fonts-hanazono) may have them. The first family that draws
// the whole name is used for it; nullptr if none does.
constexpr std::array<const char*, 4> name_fallbacks{"HanaMinA", "HanaMinB", "Noto Sans",
                                                    "DejaVu Sans"};

const char* family_for_name(cairo_t* cr, std::string_view name) {
  auto draws_name = [&](const char* family) {
    use_font(cr, name_size, true, family);
    return all_glyphs_present(cr, name);
  };
  if (draws_name(card_font_family())) return card_font_family();
  for (const char* family : font_candidates)
    if (draws_name(family)) return family;
  for (const char* family : name_fallbacks)
    if (draws_name(family)) return family;
  return nullptr;
}

double text_width(cairo_t* cr, std::string_view text) {
  const std::string s(text);
  cairo_text_extents_t e;
  cairo_text_extents(cr, s.c_str(), &e);
  return e.x_advance;
}

// Byte offsets where UTF-8 code points begin (the input is valid UTF-8), plus the end.
std::vector<std::size_t> code_point_starts(std::string_view s) {
  std::vector<std::size_t> starts;
  for (std::size_t i = 0; i < s.size(); ++i)
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) starts.push_back(i);
  starts.push_back(s.size());
  return starts;
}

std::string first_missing_code_point(cairo_t* cr, std::string_view text) {
  const auto starts = code_point_starts(text);
  for (std::size_t i = 0; i + 1 < starts.size(); ++i) {
    const auto cp = text.substr(starts[i], starts[i + 1] - starts[i]);
    if (!all_glyphs_present(cr, cp)) return std::string(cp);
  }
  return {};
}

// ---- Text fitting ------------------------------------------------------------------------------

constexpr std::string_view ellipsis = "…";

// The longest prefix of `text` that fits `width` with an ellipsis after it.
std::string ellipsize(cairo_t* cr, std::string_view text, double width) {
  if (text_width(cr, text) <= width) return std::string(text);
  const auto starts = code_point_starts(text);
  for (std::size_t n = starts.size() - 1; n-- > 0;) {
    std::string candidate(text.substr(0, starts[n]));
    while (!candidate.empty() && candidate.back() == ' ') candidate.pop_back();
    candidate += ellipsis;
    if (text_width(cr, candidate) <= width) return candidate;
  }
  return std::string(ellipsis);
}

struct fitted {
  std::vector<std::string> lines;
  double size = 0;
};

// One line, shrunk from `size` to no less than `min_size`; past that, ellipsised.
fitted fit_one_line(cairo_t* cr, std::string_view text, double width, double size, double min_size,
                    bool bold, const char* family = nullptr) {
  for (double s = size; s >= min_size - 1e-9; s -= 0.1) {
    use_font(cr, s, bold, family);
    if (text_width(cr, text) <= width) return {{std::string(text)}, s};
  }
  use_font(cr, min_size, bold, family);
  return {{ellipsize(cr, text, width)}, min_size};
}

// Splits at the last space that lets the first line fit, else at the last code point that does.
std::pair<std::string, std::string> split_to_fit(cairo_t* cr, std::string_view text, double width) {
  const auto starts = code_point_starts(text);
  std::size_t best = 0, best_space = 0;
  for (std::size_t i = 1; i < starts.size(); ++i) {
    if (text_width(cr, text.substr(0, starts[i])) > width) break;
    best = starts[i];
    if (starts[i] < text.size() && text[starts[i]] == ' ') best_space = starts[i];
  }
  const std::size_t cut = best_space > 0 ? best_space : best;
  std::string_view rest = text.substr(cut);
  while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
  return {std::string(text.substr(0, cut)), std::string(rest)};
}

// The name: large on one line if it can be, else on two smaller lines, else ellipsised.
fitted fit_name(cairo_t* cr, std::string_view name, const char* family) {
  use_font(cr, name_min_one_line, true, family);
  if (text_width(cr, name) <= column_width)
    return fit_one_line(cr, name, column_width, name_size, name_min_one_line, true, family);
  for (double s = name_min_one_line - 0.1; s >= name_min_two_lines - 1e-9; s -= 0.1) {
    use_font(cr, s, true, family);
    auto [first, second] = split_to_fit(cr, name, column_width);
    if (first.empty()) continue;
    if (text_width(cr, second) <= column_width || s - 0.1 < name_min_two_lines - 1e-9)
      return {{first, ellipsize(cr, second, column_width)}, s};
  }
  return fit_one_line(cr, name, column_width, name_min_two_lines, name_min_two_lines, true, family);
}

// ---- The card ----------------------------------------------------------------------------------

struct text_row {
  std::string label;
  std::string value;
  double size = value_size;  // of the value; labels are all label_size
};

// Everything a card prints, decided and measured before anything is drawn.
struct card_layout {
  qr_matrix qr;
  detail::status_style style{};
  fitted name;
  const char* name_family = nullptr;
  std::string id_label, id_value;
  std::vector<text_row> rows;
  std::string issuer;
};

// Measures with `cr` (whose transformation decides the hinting of PNG text) and checks glyphs.
result<card_layout> lay_out_card(cairo_t* cr, std::string_view qr_text, const card_fields& f,
                                 const card_options& o) {
  QRSEAL_TRY_STATUS(detail::check_card_fields(f, o));
  if (card_font_family() == nullptr)
    return error{errc::io_error,
                 "card: no font with Chinese characters found through fontconfig; install "
                 "fonts-wqy-microhei (or fonts-noto-cjk)"};
  auto qr = encode_qr(qr_text, ecc_level::M);
  if (!qr) return error{qr.code(), "card: " + qr.error().message};

  card_layout l;
  l.qr = std::move(qr).value();
  l.style = detail::card_status_style(f.status);
  cairo_save(cr);
  if (!f.name.empty()) {
    l.name_family = family_for_name(cr, f.name);
    if (l.name_family == nullptr) {
      use_font(cr, name_size, true);
      const std::string missing = first_missing_code_point(cr, f.name);
      cairo_restore(cr);
      return error{errc::invalid_argument, "card: no installed font has a glyph for '" + missing +
                                               "' in the name '" + f.name + "' (the card font is " +
                                               card_font_family() + ")"};
    }
    l.name = fit_name(cr, f.name, l.name_family);
  }
  if (!f.id_hint.empty()) {
    l.id_label = std::string(detail::card_id_label);
    l.id_value = f.id_hint;
  }
  for (const detail::card_row& row : detail::card_rows(f, o))
    l.rows.push_back({row.label, row.value});
  for (auto& row : l.rows) {
    fitted v = fit_one_line(cr, row.value, column_width, value_size, value_min, true);
    row.value = v.lines.front();
    row.size = v.size;
    use_font(cr, label_size, false);
    row.label = ellipsize(cr, row.label, column_width);
  }
  use_font(cr, small_size, false);
  if (!f.iss.empty())
    l.issuer = ellipsize(cr, std::string(detail::card_issuer_label) + f.iss, column_width);

  // Every string in the size and weight it is drawn in must have all its glyphs.
  struct drawn {
    std::string_view text;
    double size;
    bool bold;
    const char* what;
    const char* family = nullptr;
  };
  std::vector<drawn> all{{l.style.words, badge_size, true, "status"},
                         {l.id_label, label_size, false, "label"},
                         {l.id_value, value_size, true, "ID hint"},
                         {l.issuer, small_size, false, "issuer"}};
  for (const auto& line : l.name.lines)
    all.push_back({line, l.name.size, true, "name", l.name_family});
  for (const auto& row : l.rows) {
    all.push_back({row.label, label_size, false, "label"});
    all.push_back({row.value, row.size, true, "test or time"});
  }
  for (const auto& d : all) {
    use_font(cr, d.size, d.bold, d.family);
    if (all_glyphs_present(cr, d.text)) continue;
    const std::string missing = first_missing_code_point(cr, d.text);
    cairo_restore(cr);
    return error{errc::invalid_argument, "card: the font '" +
                                             std::string(d.family ? d.family : card_font_family()) +
                                             "' has no glyph for '" + missing + "' in the " +
                                             d.what + " '" + std::string(d.text) + "'"};
  }
  cairo_restore(cr);
  return l;
}

void rounded_rectangle(cairo_t* cr, double x, double y, double w, double h, double r) {
  constexpr double pi = 3.14159265358979323846;
  cairo_new_sub_path(cr);
  cairo_arc(cr, x + w - r, y + r, r, -pi / 2, 0);
  cairo_arc(cr, x + w - r, y + h - r, r, 0, pi / 2);
  cairo_arc(cr, x + r, y + h - r, r, pi / 2, pi);
  cairo_arc(cr, x + r, y + r, r, pi, 3 * pi / 2);
  cairo_close_path(cr);
}

// Dark modules as one path of horizontal runs: one fill, so no seams between modules, and no
// antialiasing, so module edges stay sharp on pixel grids.
void add_qr_path(cairo_t* cr, const qr_matrix& m, double x0, double y0, double module) {
  for (int y = 0; y < m.size; ++y)
    for (int x = 0; x < m.size;) {
      if (!m.dark(x, y)) {
        ++x;
        continue;
      }
      int run = 1;
      while (x + run < m.size && m.dark(x + run, y)) ++run;
      cairo_rectangle(cr, x0 + x * module, y0 + y * module, run * module, module);
      x += run;
    }
}

void draw_qr(cairo_t* cr, const qr_matrix& m, bool snap_to_pixels) {
  const int side_modules = m.size + 2 * quiet_zone_modules;
  cairo_save(cr);
  cairo_set_antialias(cr, CAIRO_ANTIALIAS_NONE);
  set_colour(cr, white);
  cairo_rectangle(cr, qr_left, qr_top, qr_box, qr_box);
  cairo_fill(cr);
  set_colour(cr, {0, 0, 0});
  if (snap_to_pixels) {
    // Whole pixels per module, centred in the box: every module the same size on screen and paper.
    double x0 = qr_left, y0 = qr_top, x1 = qr_left + qr_box, y1 = qr_top + qr_box;
    cairo_user_to_device(cr, &x0, &y0);
    cairo_user_to_device(cr, &x1, &y1);
    const double box_px = std::min(x1 - x0, y1 - y0);
    const int module_px = std::max(1, static_cast<int>(std::floor(box_px / side_modules)));
    const double used = static_cast<double>(module_px) * side_modules;
    const double left = std::round(x0 + (box_px - used) / 2) + quiet_zone_modules * module_px;
    const double top = std::round(y0 + (box_px - used) / 2) + quiet_zone_modules * module_px;
    cairo_identity_matrix(cr);
    add_qr_path(cr, m, left, top, module_px);
  } else {
    const double module = qr_box / side_modules;
    add_qr_path(cr, m, qr_left + quiet_zone_modules * module, qr_top + quiet_zone_modules * module,
                module);
  }
  cairo_set_fill_rule(cr, CAIRO_FILL_RULE_WINDING);
  cairo_fill(cr);
  cairo_restore(cr);
}

void show_text_at(cairo_t* cr, double x, double baseline, std::string_view text, double size,
                  bool bold, rgb colour, const char* family = nullptr) {
  if (text.empty()) return;
  use_font(cr, size, bold, family);
  set_colour(cr, colour);
  cairo_move_to(cr, x, baseline);
  const std::string s(text);
  cairo_show_text(cr, s.c_str());
}

// Draws one card with its top-left corner at the current origin, in millimetres.
void draw_card(cairo_t* cr, const card_layout& l, bool snap_qr, bool rounded_outline) {
  cairo_save(cr);
  if (rounded_outline) {
    // White card with a light outline to cut along.
    rounded_rectangle(cr, 0.1, 0.1, card_width_mm - 0.2, card_height_mm - 0.2, corner_radius);
    set_colour(cr, white);
    cairo_fill_preserve(cr);
    set_colour(cr, cut_grey);
    cairo_set_line_width(cr, 0.2);
    cairo_stroke(cr);
  }
  draw_qr(cr, l.qr, snap_qr);

  // Status badge: the colour and the word, the first thing anyone looks at.
  constexpr double badge_top = 3.0, badge_height = 9.8;
  rounded_rectangle(cr, column_left, badge_top, column_width, badge_height, 1.6);
  set_colour(cr, l.style.fill);
  cairo_fill(cr);
  use_font(cr, badge_size, true);
  const double badge_width = text_width(cr, l.style.words);
  // CJK ideographs fill most of the em box; centre that box rather than the Latin x-height.
  const double badge_baseline = badge_top + badge_height / 2 + badge_size * 0.36;
  show_text_at(cr, column_left + (column_width - badge_width) / 2, badge_baseline, l.style.words,
               badge_size, true, l.style.ink);

  // The blocks below the badge, with their base spacing; what room is left above the issuer
  // line is shared out between them, so short cards breathe and full ones still fit.
  const double name_line = l.name.size * 1.12;
  constexpr double before_name = 1.6, before_id = 4.2, before_rows = 0.8;
  constexpr double before_label = 3.2, before_value = 3.5;
  double needed = before_rows + static_cast<double>(l.rows.size()) * (before_label + before_value);
  int gaps = static_cast<int>(l.rows.size());
  if (!l.name.lines.empty()) {
    needed += before_name + static_cast<double>(l.name.lines.size()) * name_line;
    ++gaps;
  }
  if (!l.id_value.empty()) {
    needed += before_id;
    ++gaps;
  }
  constexpr double last_baseline = card_height_mm - 5.8;  // clear of the issuer line
  const double spare = last_baseline - (badge_top + badge_height + needed);
  const double extra = gaps > 0 ? std::clamp(spare / gaps, 0.0, 1.0) : 0.0;

  double y = badge_top + badge_height;
  if (!l.name.lines.empty()) {
    y += before_name + extra;
    for (const auto& text : l.name.lines) {
      y += name_line * 0.88;
      show_text_at(cr, column_left, y, text, l.name.size, true, black, l.name_family);
      y += name_line * 0.12;
    }
  }
  if (!l.id_value.empty()) {
    y += before_id + extra;
    use_font(cr, label_size, false);
    const double label_w = text_width(cr, l.id_label);
    show_text_at(cr, column_left, y, l.id_label, label_size, false, grey);
    show_text_at(cr, column_left + label_w + 1.2, y, l.id_value, value_size, true, black);
  }
  y += before_rows;
  for (const auto& row : l.rows) {
    y += before_label + extra;
    show_text_at(cr, column_left, y, row.label, label_size, false, grey);
    y += before_value;
    show_text_at(cr, column_left, y, row.value, row.size, true, black);
  }
  if (!l.issuer.empty())
    show_text_at(cr, column_left, card_height_mm - 2.6, l.issuer, small_size, false, grey);
  cairo_restore(cr);
}

// Cairo writes through this into memory or a file descriptor.
struct byte_sink {
  std::vector<std::uint8_t> bytes;
  int fd = -1;
  int failed_errno = 0;
};

cairo_status_t write_to_sink(void* closure, const unsigned char* data, unsigned int length) {
  auto* sink = static_cast<byte_sink*>(closure);
  if (sink->fd < 0) {
    sink->bytes.insert(sink->bytes.end(), data, data + length);
    return CAIRO_STATUS_SUCCESS;
  }
  while (length > 0) {
    const ssize_t n = ::write(sink->fd, data, length);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      sink->failed_errno = n < 0 ? errno : EIO;
      return CAIRO_STATUS_WRITE_ERROR;
    }
    data += n;
    length -= static_cast<unsigned>(n);
  }
  return CAIRO_STATUS_SUCCESS;
}

void set_common_font_options(cairo_t* cr) {
  cairo_font_options_t* fo = cairo_font_options_create();
  // The same advances at every resolution, so PNG, SVG and PDF break and shrink text alike.
  cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_SLIGHT);
  cairo_set_font_options(cr, fo);
  cairo_font_options_destroy(fo);
}

void set_pdf_metadata(cairo_surface_t* surface, const std::string& title) {
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, title.c_str());
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "qrseal");
  // The library never reads the clock: a fixed date keeps the file reproducible.
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, "1970-01-01T00:00:00Z");
}

}  // namespace

// ---- One card ----------------------------------------------------------------------------------

result<std::vector<std::uint8_t>> render_card(std::string_view qr_text, const card_fields& fields,
                                              card_format format, const card_options& options) {
  QRSEAL_TRY_STATUS(detail::check_card_fields(fields, options));
  byte_sink sink;
  surface_ptr surface;
  double scale = pt_per_mm;
  switch (format) {
    case card_format::png: {
      scale = options.png_dpi / mm_per_inch;
      const int w = static_cast<int>(std::lround(card_width_mm * scale));
      const int h = static_cast<int>(std::lround(card_height_mm * scale));
      surface.reset(cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h));
      break;
    }
    case card_format::svg:
      surface.reset(cairo_svg_surface_create_for_stream(
          write_to_sink, &sink, card_width_mm * pt_per_mm, card_height_mm * pt_per_mm));
      cairo_svg_surface_set_document_unit(surface.get(), CAIRO_SVG_UNIT_PT);
      break;
    case card_format::pdf:
      surface.reset(cairo_pdf_surface_create_for_stream(
          write_to_sink, &sink, card_width_mm * pt_per_mm, card_height_mm * pt_per_mm));
      set_pdf_metadata(surface.get(), "qrseal card: " + detail::card_summary(fields, options));
      break;
  }
  if (auto s = cairo_surface_status(surface.get()); s != CAIRO_STATUS_SUCCESS)
    return cairo_error(s, "creating the surface");
  {
    const context_ptr cr(cairo_create(surface.get()));
    set_common_font_options(cr.get());
    cairo_scale(cr.get(), scale, scale);
    QRSEAL_TRY(layout, lay_out_card(cr.get(), qr_text, fields, options));
    if (format == card_format::png) {
      // Outside the rounded corners is white too: a PNG has no transparency to show through.
      set_colour(cr.get(), white);
      cairo_paint(cr.get());
    }
    draw_card(cr.get(), layout, format == card_format::png, true);
    if (auto s = cairo_status(cr.get()); s != CAIRO_STATUS_SUCCESS)
      return cairo_error(s, "drawing the card");
  }
  if (format == card_format::png) {
    cairo_surface_flush(surface.get());
    if (auto s = cairo_surface_write_to_png_stream(surface.get(), write_to_sink, &sink);
        s != CAIRO_STATUS_SUCCESS)
      return cairo_error(s, "writing the PNG");
    return with_png_resolution(std::move(sink.bytes), options.png_dpi);
  }
  cairo_surface_finish(surface.get());
  if (auto s = cairo_surface_status(surface.get()); s != CAIRO_STATUS_SUCCESS)
    return cairo_error(s, "finishing the file");
  if (format == card_format::svg)
    return detail::card_svg_with_title(sink.bytes, detail::card_summary(fields, options));
  return std::move(sink.bytes);
}

// ---- A code with text under it ----------------------------------------------------------------

result<std::vector<std::uint8_t>> render_labelled_qr_png(std::string_view qr_text,
                                                         std::span<const std::string> lines,
                                                         ecc_level level, int module_px,
                                                         int quiet_zone) {
  if (module_px < 1 || module_px > 64 || quiet_zone < 0 || quiet_zone > 40)
    return error{errc::invalid_argument, "module_px must be 1-64 and quiet_zone 0-40"};
  if (lines.size() > 16) return error{errc::invalid_argument, "at most 16 lines of text"};
  QRSEAL_TRY(m, encode_qr(qr_text, level));
  if (!card_font_family())
    return error{errc::invalid_argument,
                 "no font with the CJK glyphs found (install fonts-wqy-microhei)"};
  const int side = (m.size + 2 * quiet_zone) * module_px;
  // Text in pixels: legible from a step away at any module size, never smaller than 14 px.
  const double size = std::max(14.0, std::min(40.0, side / 26.0));
  const double line_height = std::round(size * 1.45);
  const double margin = std::round(size);
  double widest = 0;
  {
    const surface_ptr probe(cairo_image_surface_create(CAIRO_FORMAT_A8, 1, 1));
    const context_ptr cr(cairo_create(probe.get()));
    set_common_font_options(cr.get());
    for (std::size_t i = 0; i < lines.size(); ++i) {
      if (!is_valid_utf8(lines[i]))
        return error{errc::invalid_argument, "a label line is not valid UTF-8"};
      use_font(cr.get(), size, i == 0);
      if (!all_glyphs_present(cr.get(), lines[i]))
        return error{errc::invalid_argument, "the card font cannot draw '" +
                                                 first_missing_code_point(cr.get(), lines[i]) +
                                                 "' of a label line"};
      widest = std::max(widest, text_width(cr.get(), lines[i]));
    }
  }
  const int width = std::max(side, static_cast<int>(std::ceil(widest + 2 * margin)));
  const int height =
      side + (lines.empty()
                  ? 0
                  : static_cast<int>(line_height * static_cast<double>(lines.size()) + margin));
  const surface_ptr surface(cairo_image_surface_create(CAIRO_FORMAT_RGB24, width, height));
  if (auto st = cairo_surface_status(surface.get()); st != CAIRO_STATUS_SUCCESS)
    return cairo_error(st, "creating the surface");
  {
    const context_ptr cr(cairo_create(surface.get()));
    set_common_font_options(cr.get());
    set_colour(cr.get(), white);
    cairo_paint(cr.get());
    cairo_save(cr.get());
    cairo_set_antialias(cr.get(), CAIRO_ANTIALIAS_NONE);
    set_colour(cr.get(), {0, 0, 0});
    const int left = (width - side) / 2 + quiet_zone * module_px;
    add_qr_path(cr.get(), m, left, quiet_zone * module_px, module_px);
    cairo_set_fill_rule(cr.get(), CAIRO_FILL_RULE_WINDING);
    cairo_fill(cr.get());
    cairo_restore(cr.get());
    for (std::size_t i = 0; i < lines.size(); ++i)
      show_text_at(cr.get(), margin, side + line_height * static_cast<double>(i + 1) - size * 0.35,
                   lines[i], size, i == 0, i == 0 ? black : rgb{0.15, 0.15, 0.15});
    if (auto st = cairo_status(cr.get()); st != CAIRO_STATUS_SUCCESS)
      return cairo_error(st, "drawing the sheet");
  }
  cairo_surface_flush(surface.get());
  byte_sink sink;
  if (auto st = cairo_surface_write_to_png_stream(surface.get(), write_to_sink, &sink);
      st != CAIRO_STATUS_SUCCESS)
    return cairo_error(st, "writing the PNG");
  return std::move(sink.bytes);
}

// ---- Sheets of cards ---------------------------------------------------------------------------

namespace {

// The grid of cards on A4 with no gap: one cut serves two neighbours.
constexpr double grid_left = (a4_width_mm - card_sheet_writer::columns * card_width_mm) / 2;
constexpr double grid_top = (a4_height_mm - card_sheet_writer::rows * card_height_mm) / 2;
constexpr double crop_gap = 1.5;     // between the grid and a crop mark
constexpr double crop_length = 6.0;  // shorter than the margins (19.4 and 13.5 mm)

}  // namespace

struct card_sheet_writer::impl {
  std::string path;
  std::string temp_path;
  card_options options;
  byte_sink sink;
  surface_ptr surface;
  context_ptr cr;
  std::size_t cards = 0;
  std::size_t pages = 0;
  int slot = 0;  // cards on the current page

  ~impl() { abandon(); }

  void abandon() noexcept {
    cr.reset();
    surface.reset();  // cairo may still write into the sink here
    if (sink.fd >= 0) ::close(sink.fd);
    sink.fd = -1;
    if (!temp_path.empty()) ::unlink(temp_path.c_str());
    temp_path.clear();
  }

  // Crop marks and cut lines for the cards placed on this page, and a header, then the page.
  void finish_page() {
    cairo_t* c = cr.get();
    cairo_save(c);
    const int used_rows = (slot + columns - 1) / columns;
    const int used_cols = slot >= columns ? columns : slot;
    const double right = grid_left + used_cols * card_width_mm;
    const double bottom = grid_top + used_rows * card_height_mm;
    cairo_set_line_width(c, 0.25);
    set_colour(c, black);
    for (int col = 0; col <= used_cols; ++col) {
      const double x = grid_left + col * card_width_mm;
      cairo_move_to(c, x, grid_top - crop_gap);
      cairo_line_to(c, x, grid_top - crop_gap - crop_length);
      cairo_move_to(c, x, bottom + crop_gap);
      cairo_line_to(c, x, bottom + crop_gap + crop_length);
    }
    for (int row = 0; row <= used_rows; ++row) {
      const double y = grid_top + row * card_height_mm;
      cairo_move_to(c, grid_left - crop_gap, y);
      cairo_line_to(c, grid_left - crop_gap - crop_length, y);
      cairo_move_to(c, right + crop_gap, y);
      cairo_line_to(c, right + crop_gap + crop_length, y);
    }
    cairo_stroke(c);
    // The header sits in the top margin between the crop marks, one part per column.
    constexpr double header_size = 2.4;
    const double cell = card_width_mm - 4;
    use_font(c, header_size, false);
    const std::string left_part = ellipsize(c, "qrseal · page " + std::to_string(pages), cell);
    const std::string right_part =
        ellipsize(c, "沿灰线剪下 Cut along the grey lines · Print at 100% (actual size)", cell);
    show_text_at(c, grid_left + 2, grid_top - 4.5, left_part, header_size, false, grey);
    show_text_at(c, grid_left + card_width_mm + 2, grid_top - 4.5, right_part, header_size, false,
                 grey);
    cairo_restore(c);
    cairo_show_page(c);
    slot = 0;
  }
};

card_sheet_writer::card_sheet_writer() = default;
card_sheet_writer::~card_sheet_writer() = default;
card_sheet_writer::card_sheet_writer(card_sheet_writer&&) noexcept = default;
card_sheet_writer& card_sheet_writer::operator=(card_sheet_writer&&) noexcept = default;

bool card_sheet_writer::is_open() const noexcept { return impl_ && impl_->surface; }
std::size_t card_sheet_writer::cards() const noexcept { return impl_ ? impl_->cards : 0; }
std::size_t card_sheet_writer::pages() const noexcept { return impl_ ? impl_->pages : 0; }

status card_sheet_writer::open(const std::string& path, const card_options& options) {
  if (is_open())
    return status(errc::invalid_argument, "card sheet: '" + impl_->path + "' is still open");
  if (auto s = detail::check_card_fields(card_fields{}, options); !s) return s;
  auto state = std::make_unique<impl>();
  state->path = path;
  state->options = options;
  std::string temp = path + ".tmp.XXXXXX";
  const int fd = ::mkstemp(temp.data());
  if (fd < 0)
    return status(errc::io_error, "card sheet: cannot create a file next to '" + path +
                                      "': " + std::strerror(errno));
  state->sink.fd = fd;
  state->temp_path = temp;
  ::fchmod(fd, 0644);
  state->surface.reset(cairo_pdf_surface_create_for_stream(
      write_to_sink, &state->sink, a4_width_mm * pt_per_mm, a4_height_mm * pt_per_mm));
  if (auto s = cairo_surface_status(state->surface.get()); s != CAIRO_STATUS_SUCCESS)
    return cairo_error(s, "creating the PDF");
  set_pdf_metadata(state->surface.get(), "qrseal cards");
  state->cr.reset(cairo_create(state->surface.get()));
  set_common_font_options(state->cr.get());
  cairo_scale(state->cr.get(), pt_per_mm, pt_per_mm);
  impl_ = std::move(state);
  return success();
}

status card_sheet_writer::add(std::string_view qr_text, const card_fields& fields) {
  if (!is_open()) return status(errc::invalid_argument, "card sheet: not open");
  cairo_t* c = impl_->cr.get();
  QRSEAL_TRY(layout, lay_out_card(c, qr_text, fields, impl_->options));
  if (impl_->slot == cards_per_page) impl_->finish_page();
  if (impl_->slot == 0) ++impl_->pages;
  const int col = impl_->slot % columns, row = impl_->slot / columns;
  cairo_save(c);
  cairo_translate(c, grid_left + col * card_width_mm, grid_top + row * card_height_mm);
  // Straight cut lines rather than rounded corners: a guillotine or scissors cut straight.
  cairo_rectangle(c, 0, 0, card_width_mm, card_height_mm);
  set_colour(c, cut_grey);
  cairo_set_line_width(c, 0.2);
  cairo_stroke(c);
  draw_card(c, layout, false, false);
  cairo_restore(c);
  ++impl_->slot;
  ++impl_->cards;
  if (auto s = cairo_status(c); s != CAIRO_STATUS_SUCCESS) return cairo_error(s, "drawing a card");
  return success();
}

status card_sheet_writer::close() {
  if (!is_open()) return status(errc::invalid_argument, "card sheet: not open");
  if (impl_->slot > 0) impl_->finish_page();
  impl_->cr.reset();
  cairo_surface_finish(impl_->surface.get());
  const cairo_status_t cs = cairo_surface_status(impl_->surface.get());
  impl_->surface.reset();
  const std::string why = impl_->sink.failed_errno != 0 ? std::strerror(impl_->sink.failed_errno)
                          : cs != CAIRO_STATUS_SUCCESS  ? cairo_status_to_string(cs)
                                                        : "";
  auto fail = [this](const std::string& reason) {
    const std::string where = impl_->path;
    impl_->abandon();
    impl_.reset();
    return status(errc::io_error, "card sheet: cannot write '" + where + "': " + reason);
  };
  if (!why.empty()) return fail(why);
  if (::fsync(impl_->sink.fd) != 0) return fail(std::strerror(errno));
  const int fd = impl_->sink.fd;
  impl_->sink.fd = -1;
  if (::close(fd) != 0) return fail(std::strerror(errno));
  if (::rename(impl_->temp_path.c_str(), impl_->path.c_str()) != 0)
    return fail(std::strerror(errno));
  impl_->temp_path.clear();  // kept for cards() and pages(); is_open() is now false
  return success();
}

}  // namespace qrseal
