// Printable cards: formats, a QR code that scans back to the exact text, CJK text present,
// long names kept on the card, the three colours, and A4 sheets streamed page by page.
#include <zlib.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <qrseal/card.hpp>
#include <qrseal/hex.hpp>
#include <qrseal/image.hpp>
#include <qrseal/issuer.hpp>
#include <qrseal/scan.hpp>
#include <qrseal/time.hpp>
#include <regex>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "fixtures.hpp"

namespace qrseal {
namespace {

using fixtures::bytes;
namespace fs = std::filesystem;

constexpr int offset_china = 8 * 60;

std::string as_string(const bytes& b) { return {b.begin(), b.end()}; }

bool starts_with(const bytes& b, std::string_view prefix) {
  return as_string(b).starts_with(prefix);
}

card_fields fields_of(const claims& c) {
  auto f = card_fields_from_claims(c);
  EXPECT_TRUE(f.ok()) << (f ? "" : f.error().message);
  return f ? *f : card_fields{};
}

bytes render(const std::string& text, const card_fields& f, card_format format) {
  auto out = render_card(text, f, format, card_options{300, offset_china});
  EXPECT_TRUE(out.ok()) << (out ? "" : out.error().message);
  return out ? *out : bytes{};
}

// The texts of every QR code in a PNG or JPEG file's bytes, as our own scanner reads them.
std::vector<std::string> scan_file_bytes(const bytes& file) {
  auto img = decode_image_file(file);
  EXPECT_TRUE(img.ok());
  if (!img) return {};
  scan_options options;
  options.max_codes = 16;
  auto codes = scan_image({img->pixels.data(), img->width, img->height, 0, pixel_format::gray},
                          img->pixels.size(), options);
  EXPECT_TRUE(codes.ok());
  std::vector<std::string> texts;
  if (codes)
    for (const auto& code : *codes) texts.push_back(code.text);
  return texts;
}

// Every code point a PDF's ToUnicode maps text to: cairo draws glyphs, and these maps are what
// makes the words searchable and copyable. Streams are inflated with zlib.
std::string pdf_unicode_maps(const bytes& pdf) {
  const std::string s = as_string(pdf);
  std::string maps;
  for (std::size_t at = s.find("stream\n"); at != std::string::npos;
       at = s.find("stream\n", at + 1)) {
    const std::size_t begin = at + 7;
    const std::size_t end = s.find("endstream", begin);
    if (end == std::string::npos) break;
    z_stream z{};
    if (inflateInit(&z) != Z_OK) continue;
    std::string out(1 << 20, '\0');
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(s.data() + begin));
    z.avail_in = static_cast<uInt>(end - begin);
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    const int rc = inflate(&z, Z_FINISH);
    out.resize(z.total_out);
    inflateEnd(&z);
    if ((rc == Z_STREAM_END || rc == Z_BUF_ERROR) && out.find("beginbfchar") != std::string::npos)
      maps += out;
  }
  return maps;
}

// "<5f20>" for 张: how a ToUnicode map names a code point.
std::vector<std::string> unicode_entries(std::u32string_view text) {
  std::vector<std::string> entries;
  for (char32_t cp : text) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "<%04x>", static_cast<unsigned>(cp));
    entries.emplace_back(buf);
  }
  return entries;
}

int count_pages(const bytes& pdf) {
  const std::string s = as_string(pdf);
  const std::regex page(R"(/Type\s*/Page[^s])");
  return static_cast<int>(std::distance(std::sregex_iterator(s.begin(), s.end(), page), {}));
}

int page_tree_count(const bytes& pdf) {
  const std::string s = as_string(pdf);
  std::smatch m;
  if (!std::regex_search(s, m, std::regex(R"(/Type\s*/Pages[^>]*/Count\s+(\d+))"))) return -1;
  return std::stoi(m[1]);
}

bytes read_all(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

struct temp_dir {
  fs::path path;
  temp_dir() {
    std::string pattern = (fs::temp_directory_path() / "qrseal-card-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) std::abort();
    path = pattern;
  }
  ~temp_dir() { fs::remove_all(path); }
  std::vector<std::string> names() const {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(path)) out.push_back(e.path().filename().string());
    return out;
  }
};

TEST(Card, FieldsFromClaimsAndFromTheUnverifiedText) {
  const claims c = fixtures::default_claims();
  const card_fields f = fields_of(c);
  EXPECT_EQ(f.name, "张*明");
  EXPECT_EQ(f.id_hint, "1234");
  EXPECT_EQ(f.status, health_status::green);
  ASSERT_TRUE(f.test);
  EXPECT_EQ(*f.test, *c.status.test);
  EXPECT_EQ(f.exp, c.exp);
  EXPECT_EQ(f.iss, c.iss);

  auto read = read_unverified_card_fields(fixtures::issue(c));
  ASSERT_TRUE(read.ok()) << read.error().message;
  EXPECT_EQ(read->name, f.name);
  EXPECT_EQ(read->exp, f.exp);
  EXPECT_EQ(read->iss, f.iss);
}

TEST(Card, OnlyCredentialTextsGiveFields) {
  EXPECT_EQ(read_unverified_card_fields("QT1:ABC").code(), errc::text_bad_prefix);
  EXPECT_EQ(read_unverified_card_fields("QL1:ABC").code(), errc::text_bad_prefix);
  EXPECT_EQ(read_unverified_card_fields("hello").code(), errc::text_bad_prefix);
  EXPECT_FALSE(read_unverified_card_fields("QS1:ABC").ok());
}

TEST(Card, FormatByExtension) {
  EXPECT_EQ(card_format_from_path("a/card.png"), card_format::png);
  EXPECT_EQ(card_format_from_path("CARD.SVG"), card_format::svg);
  EXPECT_EQ(card_format_from_path("x.y/sheet.Pdf"), card_format::pdf);
  EXPECT_EQ(card_format_from_path("card.jpg"), std::nullopt);
  EXPECT_EQ(card_format_from_path("x.png/card"), std::nullopt);
  EXPECT_EQ(card_format_from_path("card"), std::nullopt);
}

TEST(Card, ThreeFormatsWithTheirMagicBytes) {
  const claims c = fixtures::default_claims();
  const std::string text = fixtures::issue(c);
  const card_fields f = fields_of(c);
  const bytes png = render(text, f, card_format::png);
  const bytes svg = render(text, f, card_format::svg);
  const bytes pdf = render(text, f, card_format::pdf);
  EXPECT_TRUE(starts_with(png, "\x89PNG\r\n\x1a\n"));
  EXPECT_TRUE(starts_with(svg, "<?xml"));
  EXPECT_NE(as_string(svg).find("<svg"), std::string::npos);
  EXPECT_NE(as_string(svg).find("</svg>"), std::string::npos);
  EXPECT_TRUE(starts_with(pdf, "%PDF-"));
  EXPECT_NE(as_string(pdf).rfind("%%EOF"), std::string::npos);
  EXPECT_EQ(count_pages(pdf), 1);
}

TEST(Card, PngIsIdOneSizeAt300DpiAndSaysSo) {
  const claims c = fixtures::default_claims();
  const bytes png = render(fixtures::issue(c), fields_of(c), card_format::png);
  auto img = decode_image_file(png);
  ASSERT_TRUE(img.ok());
  EXPECT_EQ(img->width, 1011);  // 85.6 mm at 300 dpi
  EXPECT_EQ(img->height, 638);  // 54 mm
  // pHYs: 11811 pixels per metre both ways, so it prints at the card's real size.
  const std::string s = as_string(png);
  const std::size_t at = s.find("pHYs");
  ASSERT_NE(at, std::string::npos);
  ASSERT_LT(at, s.find("IDAT"));
  const auto u32 = [&](std::size_t i) {
    return (std::uint32_t{png[i]} << 24) | (std::uint32_t{png[i + 1]} << 16) |
           (std::uint32_t{png[i + 2]} << 8) | std::uint32_t{png[i + 3]};
  };
  EXPECT_EQ(u32(at + 4), 11811u);
  EXPECT_EQ(u32(at + 8), 11811u);
  EXPECT_EQ(png[at + 12], 1);
}

TEST(Card, PngQrScansBackToTheExactText) {
  for (bool cnf : {false, true}) {
    const claims c = cnf ? fixtures::default_claims_with_cnf() : fixtures::default_claims();
    const std::string text = fixtures::issue(c);
    for (int dpi : {150, 300, 600}) {
      auto png = render_card(text, fields_of(c), card_format::png, card_options{dpi, 0});
      ASSERT_TRUE(png.ok()) << png.error().message;
      const auto texts = scan_file_bytes(*png);
      ASSERT_EQ(texts.size(), 1u) << "dpi " << dpi << " cnf " << cnf;
      EXPECT_EQ(texts[0], text) << "dpi " << dpi << " cnf " << cnf;
    }
  }
}

// ---- A code with lines of text under it (the QT1 key-update sheet) ---------------------------

TEST(LabelledQr, ScansBackAndGrowsByItsLines) {
  const std::string text = fixtures::issue(fixtures::default_claims());
  const std::vector<std::string> lines = {"密钥更新 Key update · trust list seq 7",
                                          "issued 2021-12-20 00:00 UTC · next update 2021-12-27"};
  auto bare = render_labelled_qr_png(text, {}, ecc_level::M, 4, 4);
  auto labelled = render_labelled_qr_png(text, lines, ecc_level::M, 4, 4);
  ASSERT_TRUE(bare.ok()) << bare.error().message;
  ASSERT_TRUE(labelled.ok()) << labelled.error().message;
  for (const bytes* png : {&*bare, &*labelled}) {
    const auto texts = scan_file_bytes(*png);
    ASSERT_EQ(texts.size(), 1u);
    EXPECT_EQ(texts[0], text);
  }
  auto b = decode_image_file(*bare);
  auto l = decode_image_file(*labelled);
  ASSERT_TRUE(b.ok() && l.ok());
  EXPECT_EQ(b->width, b->height);  // no lines: the code and its quiet zone only
  EXPECT_GT(l->height, b->height + 2 * 14);
  EXPECT_GE(l->width, b->width);
  // Ink under the code: the lines were drawn, not only room made for them.
  std::size_t dark = 0;
  for (int y = b->height; y < l->height; ++y)
    for (int x = 0; x < l->width; ++x)
      dark += l->pixels[static_cast<std::size_t>(y) * static_cast<std::size_t>(l->width) +
                        static_cast<std::size_t>(x)] < 128
                  ? 1
                  : 0;
  EXPECT_GT(dark, 200u);
}

TEST(LabelledQr, RefusesWhatItCannotDraw) {
  const std::string text = fixtures::issue(fixtures::default_claims());
  EXPECT_FALSE(render_labelled_qr_png("lower case", {}, ecc_level::M, 4, 4).ok());
  const std::vector<std::string> bad_utf8 = {"\xff\xfe"};
  EXPECT_FALSE(render_labelled_qr_png(text, bad_utf8, ecc_level::M, 4, 4).ok());
  EXPECT_FALSE(render_labelled_qr_png(text, {}, ecc_level::M, 0, 4).ok());
  EXPECT_FALSE(render_labelled_qr_png(text, {}, ecc_level::M, 4, 41).ok());
}

TEST(Card, CjkNameIsTextInSvgAndPdf) {
  claims c = fixtures::default_claims();
  c.status.name = "欧阳*明";
  const std::string text = fixtures::issue(c);
  const card_fields f = fields_of(c);
  const std::string svg = as_string(render(text, f, card_format::svg));
  const std::size_t title = svg.find("<title>");
  ASSERT_NE(title, std::string::npos);
  EXPECT_NE(svg.find("欧阳*明", title), std::string::npos);
  EXPECT_NE(svg.find("绿码 GREEN", title), std::string::npos);

  const std::string maps = pdf_unicode_maps(render(text, f, card_format::pdf));
  ASSERT_FALSE(maps.empty()) << "no ToUnicode map in the PDF";
  for (const auto& entry : unicode_entries(U"欧阳明绿码阴性有效期至"))
    EXPECT_NE(maps.find(entry), std::string::npos) << entry;
}

TEST(Card, TimesAreShownInTheGivenOffset) {
  const claims c = fixtures::default_claims();  // exp 2023-11-21T22:13:20Z
  const std::string text = fixtures::issue(c);
  auto at = [&](int offset) {
    auto svg = render_card(text, fields_of(c), card_format::svg, card_options{300, offset});
    return svg ? as_string(*svg) : std::string();
  };
  EXPECT_NE(at(0).find("2023-11-21 22:13 UTC ·"), std::string::npos);
  EXPECT_NE(at(480).find("2023-11-22 06:13 UTC+8"), std::string::npos);
  EXPECT_NE(at(-210).find("2023-11-21 18:43 UTC-3:30"), std::string::npos);
}

// The strip between the text column's right edge and the card's outline must stay white.
void expect_right_margin_clear(const bytes& png, const std::string& what) {
  auto img = decode_image_file(png);
  ASSERT_TRUE(img.ok());
  const double px_per_mm = img->width / card_width_mm;
  const int x0 = static_cast<int>(82.9 * px_per_mm), x1 = static_cast<int>(85.0 * px_per_mm);
  const int y0 = static_cast<int>(4 * px_per_mm), y1 = static_cast<int>(50 * px_per_mm);
  int inked = 0;
  for (int y = y0; y < y1; ++y)
    for (int x = x0; x < x1; ++x)
      if (img->pixels[static_cast<std::size_t>(y) * img->width + x] < 250) ++inked;
  EXPECT_EQ(inked, 0) << what << ": text ran into the card's right margin";
}

TEST(Card, NamesAtTheByteLimitStayOnTheCard) {
  const std::vector<std::string> names = {
      "阿卜杜勒买买提艾力热合曼库尔班江",                  // 16 CJK characters: two lines
      std::string(max_name_bytes, 'W'),                    // no space to break at: ellipsised
      "Maximilian-Alexander B******** von Hohenzollern-",  // breaks at a space
      "WWWWWWWWWWWW WWWWWWWWWWWW WWWWWWWWWWWW WWWWWWWWW"};
  for (const auto& name : names) {
    ASSERT_EQ(name.size(), max_name_bytes) << name;
    claims c = fixtures::default_claims();
    c.status.name = name;
    c.status.id_hint = "WWWWWWWW";
    c.status.test->site = "WWWWWWWWWWWWWWWW";
    c.iss = std::string(max_iss_bytes, 'W');
    const std::string text = fixtures::issue(c);
    const card_fields f = fields_of(c);
    const bytes png = render(text, f, card_format::png);
    expect_right_margin_clear(png, name);
    const auto texts = scan_file_bytes(png);
    ASSERT_EQ(texts.size(), 1u);
    EXPECT_EQ(texts[0], text);
    EXPECT_FALSE(render(text, f, card_format::pdf).empty());
  }
  // The ellipsis shows that a name was cut, in the PDF's text too.
  claims c = fixtures::default_claims();
  c.status.name = std::string(max_name_bytes, 'W');
  const std::string maps =
      pdf_unicode_maps(render(fixtures::issue(c), fields_of(c), card_format::pdf));
  EXPECT_NE(maps.find("<2026>"), std::string::npos);
}

// A name the card font cannot draw falls back to another installed font for the name alone;
// Georgian is in DejaVu Sans (fontconfig's usual default) but not in WenQuanYi Micro Hei.
TEST(Card, NameInAScriptTheCardFontLacksUsesAnotherFont) {
  claims c = fixtures::default_claims();
  c.status.name = "ნინო ბ*****";
  const std::string text = fixtures::issue(c);
  auto pdf = render_card(text, fields_of(c), card_format::pdf);
  if (!pdf && pdf.error().message.find("no installed font") != std::string::npos)
    GTEST_SKIP() << "no font with Georgian letters here";
  ASSERT_TRUE(pdf.ok()) << pdf.error().message;
  const std::string maps = pdf_unicode_maps(*pdf);
  for (const auto& entry : unicode_entries(U"ნინობ"))
    EXPECT_NE(maps.find(entry), std::string::npos) << entry;
}

TEST(Card, AllThreeColoursWithTheirWords) {
  struct expected {
    health_status status;
    const char* words;
    const char* fill;  // as cairo's SVG writes the badge colour
  };
  const std::vector<expected> all = {
      {health_status::green, "绿码 GREEN", "fill:rgb(10.6%,52.9%,24.7%)"},
      {health_status::yellow, "黄码 YELLOW", "fill:rgb(95.7%,76.1%,5.1%)"},
      {health_status::red, "红码 RED", "fill:rgb(77.6%,15.7%,15.7%)"}};
  for (const auto& e : all) {
    claims c = fixtures::default_claims();
    c.status.status = e.status;
    if (e.status == health_status::red) c.status.test->positive = true;
    const std::string text = fixtures::issue(c);
    const std::string svg = as_string(render(text, fields_of(c), card_format::svg));
    EXPECT_NE(svg.find(e.words), std::string::npos) << e.words;
    for (const auto& other : all)
      EXPECT_EQ(svg.find(other.fill) != std::string::npos, &other == &e)
          << e.words << " " << other.fill;
    const auto texts = scan_file_bytes(render(text, fields_of(c), card_format::png));
    ASSERT_EQ(texts.size(), 1u);
    EXPECT_EQ(texts[0], text);
  }
}

TEST(Card, WithoutOptionalFields) {
  claims c = fixtures::default_claims();
  c.status.name.reset();
  c.status.id_hint.reset();
  c.status.test.reset();
  const std::string text = fixtures::issue(c);
  const bytes png = render(text, fields_of(c), card_format::png);
  const auto texts = scan_file_bytes(png);
  ASSERT_EQ(texts.size(), 1u);
  EXPECT_EQ(texts[0], text);
}

TEST(Card, RefusesWhatItCannotPrint) {
  const claims c = fixtures::default_claims();
  const std::string text = fixtures::issue(c);
  card_fields f = fields_of(c);
  EXPECT_FALSE(render_card("qs1:lower case is not alphanumeric", f, card_format::png).ok());

  card_fields long_name = f;
  long_name.name = std::string(max_name_bytes + 1, 'A');
  EXPECT_EQ(render_card(text, long_name, card_format::png).code(), errc::invalid_argument);

  card_fields bad_utf8 = f;
  bad_utf8.name = "\xC3\x28";
  EXPECT_EQ(render_card(text, bad_utf8, card_format::svg).code(), errc::invalid_argument);

  // A character no font has would print as an empty box: refused, naming the character.
  // (U+0378 is unassigned, so no font draws it.)
  card_fields unprintable = f;
  unprintable.name = "张\xCD\xB8";
  auto r = render_card(text, unprintable, card_format::pdf);
  ASSERT_EQ(r.code(), errc::invalid_argument);
  EXPECT_NE(r.error().message.find("\xCD\xB8"), std::string::npos) << r.error().message;

  EXPECT_EQ(render_card(text, f, card_format::png, card_options{50, 0}).code(),
            errc::invalid_argument);
  EXPECT_EQ(render_card(text, f, card_format::png, card_options{300, 19 * 60}).code(),
            errc::invalid_argument);
}

TEST(Card, SameInputSameBytes) {
  const claims c = fixtures::default_claims();
  const std::string text = fixtures::issue(c);
  for (card_format format : {card_format::png, card_format::svg, card_format::pdf})
    EXPECT_EQ(render(text, fields_of(c), format), render(text, fields_of(c), format))
        << to_string(format);
}

// ---- Sheets ------------------------------------------------------------------------------------

struct person {
  std::string text;
  card_fields fields;
};

std::vector<person> people(int n) {
  std::vector<person> out;
  const char* names[] = {"张*明", "李*", "欧阳**", "A*** S****", "王*华"};
  for (int i = 0; i < n; ++i) {
    claims c = fixtures::default_claims();
    c.status.status = static_cast<health_status>(i % 3);
    c.status.name = names[i % 5];
    c.cti[0] = static_cast<std::uint8_t>(i);
    out.push_back({fixtures::issue(c), fields_of(c)});
  }
  return out;
}

TEST(CardSheet, TwentyThreeCardsGiveThreePages) {
  temp_dir dir;
  const fs::path out = dir.path / "sheet.pdf";
  card_sheet_writer w;
  ASSERT_TRUE(w.open(out.string(), card_options{300, offset_china}).ok());
  for (const auto& p : people(23)) ASSERT_TRUE(w.add(p.text, p.fields).ok());
  EXPECT_EQ(w.pages(), 3u);
  EXPECT_FALSE(fs::exists(out)) << "the sheet appears only when closed";
  ASSERT_TRUE(w.close().ok());
  EXPECT_FALSE(w.is_open());
  EXPECT_EQ(w.cards(), 23u);
  EXPECT_EQ(dir.names(), std::vector<std::string>{"sheet.pdf"}) << "a temporary file was left";
  const bytes pdf = read_all(out);
  EXPECT_TRUE(starts_with(pdf, "%PDF-"));
  EXPECT_EQ(page_tree_count(pdf), 3);
  EXPECT_EQ(count_pages(pdf), 3);
}

TEST(CardSheet, AFullPageDoesNotStartAnEmptyOne) {
  temp_dir dir;
  card_sheet_writer w;
  ASSERT_TRUE(w.open((dir.path / "ten.pdf").string()).ok());
  for (const auto& p : people(card_sheet_writer::cards_per_page))
    ASSERT_TRUE(w.add(p.text, p.fields).ok());
  ASSERT_TRUE(w.close().ok());
  EXPECT_EQ(w.pages(), 1u);
  EXPECT_EQ(page_tree_count(read_all(dir.path / "ten.pdf")), 1);
}

TEST(CardSheet, AFailedCardTakesNoSlot) {
  temp_dir dir;
  card_sheet_writer w;
  ASSERT_TRUE(w.open((dir.path / "s.pdf").string()).ok());
  const auto ps = people(10);
  for (int i = 0; i < 10; ++i) {
    ASSERT_TRUE(w.add(ps[i].text, ps[i].fields).ok());
    card_fields bad = ps[i].fields;
    bad.name = "\xCD\xB8";  // unassigned: no font draws it
    EXPECT_FALSE(w.add(ps[i].text, bad).ok());
    EXPECT_FALSE(w.add("not a qr text", ps[i].fields).ok());
  }
  EXPECT_EQ(w.cards(), 10u);
  ASSERT_TRUE(w.close().ok());
  EXPECT_EQ(page_tree_count(read_all(dir.path / "s.pdf")), 1);
}

TEST(CardSheet, FromTextsAndAListSkippingWhatHasNoCard) {
  temp_dir dir;
  const auto ps = people(3);
  const std::vector<std::string> texts{ps[0].text, "QS1:NOT-A-CREDENTIAL"};
  std::istringstream list("\n" + ps[1].text + "\n{\"text\":\"" + ps[2].text +
                          "\",\"line\":3}\n{\"no text\":1}\n");
  std::vector<std::string> skipped;
  const auto sink = [&](const std::string& where, const error&) { skipped.push_back(where); };
  const fs::path out = dir.path / "mixed.pdf";
  auto r = write_card_sheet(out.string(), {}, texts, &list, "round.jsonl", sink);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->cards, 3u);
  EXPECT_EQ(r->pages, 1u);
  EXPECT_EQ(r->skipped, 2u);
  EXPECT_EQ(skipped, (std::vector<std::string>{"argument 2", "round.jsonl line 4"}));
  EXPECT_EQ(dir.names(), std::vector<std::string>{"mixed.pdf"});

  // Nothing drawable: no sheet is written at all.
  skipped.clear();
  const std::vector<std::string> none{"garbage"};
  auto empty = write_card_sheet((dir.path / "empty.pdf").string(), {}, none, nullptr, "", sink);
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(empty->cards, 0u);
  EXPECT_EQ(empty->skipped, 1u);
  EXPECT_EQ(dir.names(), std::vector<std::string>{"mixed.pdf"});
}

TEST(CardSheet, AbandonedWriterLeavesNothing) {
  temp_dir dir;
  {
    card_sheet_writer w;
    ASSERT_TRUE(w.open((dir.path / "gone.pdf").string()).ok());
    for (const auto& p : people(3)) ASSERT_TRUE(w.add(p.text, p.fields).ok());
    EXPECT_EQ(dir.names().size(), 1u);  // the temporary file
  }
  EXPECT_TRUE(dir.names().empty());
}

TEST(CardSheet, MisuseIsAnError) {
  temp_dir dir;
  card_sheet_writer w;
  const auto p = people(1).front();
  EXPECT_EQ(w.add(p.text, p.fields).code(), errc::invalid_argument);
  EXPECT_EQ(w.close().code(), errc::invalid_argument);
  ASSERT_TRUE(w.open((dir.path / "a.pdf").string()).ok());
  EXPECT_EQ(w.open((dir.path / "b.pdf").string()).code(), errc::invalid_argument);
  EXPECT_EQ(card_sheet_writer().open((dir.path / "no/such/dir/c.pdf").string()).code(),
            errc::io_error);
}

// The printed form: a sheet rasterised as a printer would (poppler's pdftoppm) scans back to
// every text on the page, with an independent reader too when zbarimg is there.
TEST(CardSheet, PrintedPageScansBack) {
  if (std::system("command -v pdftoppm >/dev/null 2>&1") != 0)
    GTEST_SKIP() << "pdftoppm (poppler-utils) is not installed";
  temp_dir dir;
  const auto ps = people(10);
  card_sheet_writer w;
  ASSERT_TRUE(w.open((dir.path / "page.pdf").string()).ok());
  for (const auto& p : ps) ASSERT_TRUE(w.add(p.text, p.fields).ok());
  ASSERT_TRUE(w.close().ok());
  const std::string cmd = "pdftoppm -r 200 -gray -png -singlefile '" +
                          (dir.path / "page.pdf").string() + "' '" + (dir.path / "page").string() +
                          "'";
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  auto texts = scan_file_bytes(read_all(dir.path / "page.png"));
  std::vector<std::string> want;
  for (const auto& p : ps) want.push_back(p.text);
  std::sort(texts.begin(), texts.end());
  std::sort(want.begin(), want.end());
  EXPECT_EQ(texts, want);
}

TEST(KeyUpdateSheet, TextAndTheLinesUnderTheCode) {
  using namespace fixtures;
  trust_list l = default_trust_list(12);
  l.entries.push_back(entry_for(issuer_b()));
  const bytes cose = signed_trust_list(l);
  auto sheet = key_update_sheet_of(cose);
  ASSERT_TRUE(sheet.ok()) << sheet.error().message;
  EXPECT_EQ(sheet->text, *trust_list_text(cose));
  ASSERT_EQ(sheet->lines.size(), 3u);
  EXPECT_EQ(sheet->lines[0], "密钥更新 Key update · trust list seq 12");
  EXPECT_EQ(sheet->lines[1], "issued " + format_local_time(l.issued_at, 0) + " UTC · next update " +
                                 format_local_time(l.next_update, 0) + " UTC");
  EXPECT_EQ(sheet->lines[2], "authority: root kid " + to_hex(root_key().public_key().kid()) +
                                 " · 2 issuing key entries");
}

TEST(KeyUpdateSheet, OnlyAWellFormedTrustList) {
  using namespace fixtures;
  auto revocations = key_update_sheet_of(signed_revocation_list(1));
  ASSERT_FALSE(revocations.ok());
  EXPECT_EQ(revocations.code(), errc::list_malformed);
  const bytes junk{0xd2, 0x84};
  EXPECT_EQ(key_update_sheet_of(junk).code(), errc::list_malformed);

  // An unknown root still gives a sheet: the handheld checks the signature when it scans it.
  EXPECT_TRUE(key_update_sheet_of(signed_trust_list(default_trust_list(), root2_key())).ok());

  trust_list big = default_trust_list();
  for (int i = 0; i < 100; ++i)  // distinct keys: zlib cannot shrink them below one code
    big.entries.push_back(entry_for(key_from_fill(static_cast<std::uint8_t>(0x20 + i))));
  auto too_long = key_update_sheet_of(signed_trust_list(big));
  ASSERT_FALSE(too_long.ok());
  EXPECT_EQ(too_long.code(), errc::text_too_long);
}

}  // namespace
}  // namespace qrseal
