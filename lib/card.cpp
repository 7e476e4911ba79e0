// Printable cards, everything but the drawing: the fields of a credential, file formats, and what
// a card says (lib/card_content.hpp). The drawing, in cairo, is lib/card_cairo.cpp.
#include <cstdlib>
#include <qrseal/card.hpp>
#include <qrseal/decode.hpp>
#include <qrseal/hex.hpp>
#include <qrseal/issuer.hpp>
#include <qrseal/lists.hpp>
#include <qrseal/text.hpp>
#include <qrseal/time.hpp>
#include <qrseal/utf8.hpp>

#include "card_content.hpp"
#include "try.hpp"

namespace qrseal {
namespace {

std::string xml_escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string with_fixed_surface_ids(std::string svg) {
  constexpr std::string_view prefix = "\"surface";
  std::string out;
  std::size_t from = 0;
  for (std::size_t at = svg.find(prefix); at != std::string::npos; at = svg.find(prefix, from)) {
    std::size_t end = at + prefix.size();
    while (end < svg.size() && svg[end] >= '0' && svg[end] <= '9') ++end;
    out.append(svg, from, at - from);
    out += end > at + prefix.size() && end < svg.size() && svg[end] == '"'
               ? std::string("\"card-surface")
               : svg.substr(at, end - at);
    from = end;
  }
  out.append(svg, from);
  return out;
}

}  // namespace

namespace detail {

status_style card_status_style(health_status s) {
  switch (s) {
    case health_status::green:
      return {{0.106, 0.529, 0.247}, white, "绿码 GREEN"};
    case health_status::yellow:
      return {{0.957, 0.761, 0.051}, {0.20, 0.16, 0.0}, "黄码 YELLOW"};
    case health_status::red:
      return {{0.776, 0.157, 0.157}, white, "红码 RED"};
  }
  return {grey, white, "?"};
}

status check_card_fields(const card_fields& f, const card_options& o) {
  auto bad = [](std::string what) { return status(errc::invalid_argument, "card: " + what); };
  auto check_text = [&](std::string_view value, std::size_t limit,
                        std::string_view what) -> std::optional<status> {
    if (!is_valid_utf8(value)) return bad(std::string(what) + " is not valid UTF-8");
    if (value.size() > limit)
      return bad(std::string(what) + " is " + std::to_string(value.size()) +
                 " bytes, more than the limit of " + std::to_string(limit));
    return std::nullopt;
  };
  if (auto e = check_text(f.name, max_name_bytes, "name")) return *e;
  if (auto e = check_text(f.id_hint, max_id_hint_bytes, "ID hint")) return *e;
  if (auto e = check_text(f.iss, max_iss_bytes, "issuer")) return *e;
  if (f.test && f.test->site)
    if (auto e = check_text(*f.test->site, max_site_bytes, "test site")) return *e;
  if (static_cast<unsigned>(f.status) > 2) return bad("status is not green, yellow or red");
  if (o.png_dpi < 100 || o.png_dpi > 1200)
    return bad("PNG resolution " + std::to_string(o.png_dpi) + " dpi is outside 100..1200");
  if (std::abs(o.utc_offset_minutes) > 18 * 60)
    return bad("UTC offset of " + std::to_string(o.utc_offset_minutes) +
               " minutes is beyond ±18 hours");
  return success();
}

std::vector<card_row> card_rows(const card_fields& f, const card_options& o) {
  const std::string zone = " (" + format_utc_offset(o.utc_offset_minutes) + ")";
  std::vector<card_row> rows;
  if (f.test) {
    std::string result = f.test->positive ? "阳性 Positive" : "阴性 Negative";
    if (f.test->site && !f.test->site->empty()) result += " · " + *f.test->site;
    rows.push_back({"核酸检测 Test", result});
    rows.push_back(
        {"采样时间 Sampled" + zone, format_local_time(f.test->sampled_at, o.utc_offset_minutes)});
  }
  rows.push_back({"有效期至 Valid until" + zone, format_local_time(f.exp, o.utc_offset_minutes)});
  return rows;
}

std::string card_summary(const card_fields& f, const card_options& o) {
  std::string s = card_status_style(f.status).words;
  if (!f.name.empty()) s += " · " + f.name;
  if (!f.id_hint.empty()) s += " · ID " + f.id_hint;
  if (f.test) s += f.test->positive ? " · 阳性 Positive" : " · 阴性 Negative";
  s += " · 有效期至 Valid until " + format_local_time(f.exp, o.utc_offset_minutes) + " " +
       format_utc_offset(o.utc_offset_minutes);
  if (!f.iss.empty()) s += " · " + f.iss;
  return s;
}

std::vector<std::uint8_t> card_svg_with_title(const std::vector<std::uint8_t>& svg,
                                              const std::string& title) {
  const std::string text =
      with_fixed_surface_ids(std::string(reinterpret_cast<const char*>(svg.data()), svg.size()));
  const std::size_t open = text.find("<svg");
  const std::size_t end = open == std::string::npos ? open : text.find('>', open);
  if (end == std::string::npos) return {text.begin(), text.end()};
  std::string out = text.substr(0, end + 1);
  out += "\n<title>" + xml_escape(title) + "</title>";
  out += text.substr(end + 1);
  return {out.begin(), out.end()};
}

}  // namespace detail

result<card_fields> card_fields_from_claims(const claims& c) {
  QRSEAL_TRY_STATUS(validate_claims(c));
  card_fields f;
  f.name = c.status.name.value_or("");
  f.id_hint = c.status.id_hint.value_or("");
  f.status = c.status.status;
  f.test = c.status.test;
  f.exp = c.exp;
  f.iss = c.iss;
  return f;
}

result<card_fields> read_unverified_card_fields(std::string_view qs1_text) {
  const decoded_text d = decode_text(qs1_text);
  if (d.kind && *d.kind != text_kind::credential)
    return error{errc::text_bad_prefix, "a card needs a QS1: credential text, not a " +
                                            std::string(text_prefix(*d.kind)) + " text"};
  if (!d.complete()) return *d.failure;
  return card_fields_from_claims(*d.credential);
}

result<key_update_sheet> key_update_sheet_of(std::span<const std::uint8_t> trust_list_cose) {
  auto parsed = read_trust_list_unchecked(trust_list_cose);
  if (parsed.result != list_result::accepted)
    return error{errc::list_malformed, std::move(parsed.message)};
  QRSEAL_TRY(text, trust_list_text(trust_list_cose));
  const trust_list& l = *parsed.list;
  auto day = [](std::uint64_t t) { return format_local_time(t, 0) + " UTC"; };
  return key_update_sheet{std::move(text),
                          {"密钥更新 Key update · trust list seq " + std::to_string(l.seq),
                           "issued " + day(l.issued_at) + " · next update " + day(l.next_update),
                           "authority: root kid " + to_hex(parsed.signer) + " · " +
                               std::to_string(l.entries.size()) + " issuing key entries"}};
}

std::string_view to_string(card_format format) noexcept {
  switch (format) {
    case card_format::png:
      return "png";
    case card_format::svg:
      return "svg";
    case card_format::pdf:
      return "pdf";
  }
  return "?";
}

std::optional<card_format> card_format_from_path(std::string_view path) noexcept {
  const std::size_t dot = path.rfind('.');
  if (dot == std::string_view::npos || path.find('/', dot) != std::string_view::npos)
    return std::nullopt;
  std::string ext(path.substr(dot + 1));
  for (char& c : ext) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  if (ext == "png") return card_format::png;
  if (ext == "svg") return card_format::svg;
  if (ext == "pdf") return card_format::pdf;
  return std::nullopt;
}

}  // namespace qrseal
