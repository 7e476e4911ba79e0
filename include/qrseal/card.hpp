// Printable cards for people without smartphones: the QR code with the human-readable fields
// beside it, as one PNG/SVG/PDF card (ID-1 size, 85.6 x 54 mm), or many cards on A4 PDF sheets.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <memory>
#include <optional>
#include <qrseal/claims.hpp>
#include <qrseal/qr_encode.hpp>
#include <qrseal/result.hpp>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace qrseal {

// What a card shows as text. These are display values only: nothing here says the credential
// was verified, and the QR code on the card is what a checkpoint actually checks.
struct card_fields {
  std::string name;     // usually masked, e.g. 张*明; empty: no name line
  std::string id_hint;  // e.g. the last 4 characters of the ID document; empty: no ID line
  health_status status = health_status::green;
  std::optional<test_info> test;
  std::uint64_t exp = 0;  // NumericDate
  std::string iss;
};

// The display fields of a credential's claims (validated first: lengths, UTF-8).
result<card_fields> card_fields_from_claims(const claims& c);

// Decodes a QS1 text down to its claims WITHOUT verifying the signature, for printing cards of
// texts the caller issued itself. Never use this to decide whether a credential is valid.
result<card_fields> read_unverified_card_fields(std::string_view qs1_text);

enum class card_format { png, svg, pdf };

// "png", "svg", "pdf"; the format of a file name by its extension (case-insensitive).
std::string_view to_string(card_format format) noexcept;
std::optional<card_format> card_format_from_path(std::string_view path) noexcept;

inline constexpr double card_width_mm = 85.6;  // ISO/IEC 7810 ID-1, a bank card
inline constexpr double card_height_mm = 54.0;

struct card_options {
  int png_dpi = 300;           // PNG only: pixels per inch (written into the file's pHYs)
  int utc_offset_minutes = 0;  // times are printed in this offset, e.g. 480 for UTC+08:00
};

// One card. The QR code (ECC M, quiet zone 4 modules, modules snapped to whole pixels in PNG) is
// drawn without antialiasing so that prints and PNGs scan. Fails on text that is not a QR
// alphanumeric string, fields the card font cannot draw, or a cairo failure.
result<std::vector<std::uint8_t>> render_card(std::string_view qr_text, const card_fields& fields,
                                              card_format format, const card_options& options = {});

// A QR code with lines of text printed under it, as a PNG: the key-update sheet for a depot wall
// (a QT1 code with its list's seq, dates and authority, so a passer-by can tell an old sheet from
// the current one). Modules are whole pixels of `module_px`, with `quiet_zone` modules of white;
// the picture is widened to the longest line. Fails on text that is not a QR alphanumeric string
// and on lines the card font cannot draw.
result<std::vector<std::uint8_t>> render_labelled_qr_png(std::string_view qr_text,
                                                         std::span<const std::string> lines,
                                                         ecc_level level, int module_px,
                                                         int quiet_zone);

// The key-update sheet of a signed trust list: its QT1 text and the lines printed under its code
// ("密钥更新 Key update · trust list seq N", the issue and next-update days in UTC, the root kid
// and the number of entries), so an old sheet left on the wall is told from the current one at
// a glance. The signature is NOT checked (the handheld checks it when it scans the sheet), but
// anything other than a well-formed trust list is refused with list_malformed, and a list too
// long for one code with text_too_long.
struct key_update_sheet {
  std::string text;
  std::vector<std::string> lines;
};
result<key_update_sheet> key_update_sheet_of(std::span<const std::uint8_t> trust_list_cose);

// Cards on A4 pages: 2 columns x 5 rows (10 cards a page) with cut lines and crop marks, written
// page by page to a temporary file next to `path`, which close() renames into place. A writer
// destroyed without close() removes its temporary file, so `path` never holds half a batch.
class card_sheet_writer {
 public:
  static constexpr int columns = 2;
  static constexpr int rows = 5;
  static constexpr int cards_per_page = columns * rows;

  card_sheet_writer();
  ~card_sheet_writer();
  card_sheet_writer(card_sheet_writer&&) noexcept;
  card_sheet_writer& operator=(card_sheet_writer&&) noexcept;
  card_sheet_writer(const card_sheet_writer&) = delete;
  card_sheet_writer& operator=(const card_sheet_writer&) = delete;

  // Starts a new sheet file; fails if one is already open or the directory is not writable.
  [[nodiscard]] status open(const std::string& path, const card_options& options = {});
  // Draws the next card; a failed card (bad text, missing glyph) leaves its slot empty for the
  // next card and the sheet usable.
  [[nodiscard]] status add(std::string_view qr_text, const card_fields& fields);
  // Finishes the last page, flushes to disk and renames the file into place.
  [[nodiscard]] status close();

  bool is_open() const noexcept;
  std::size_t cards() const noexcept;  // cards added since open()
  std::size_t pages() const noexcept;  // pages begun since open()

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

// A sheet of the cards of `texts`, then of every text of `list` (text_list.hpp: a text, or a
// JSON line with "text", a line; may be null) drawn as it is read, so a list of any length needs
// no more memory than a page. A text without a card (not a credential, a field the font cannot
// draw) is skipped and told to `skipped` with where it is ("argument 2", "LIST_NAME line 7") and
// why; it takes no slot. The file is written only when it holds a card (cards == 0: nothing
// written). Errors: the writer's; io_error when the list cannot be read.
struct card_sheet_report {
  std::size_t cards = 0;
  std::size_t pages = 0;
  std::size_t skipped = 0;
};
using card_skip_sink = std::function<void(const std::string& where, const error& why)>;
result<card_sheet_report> write_card_sheet(const std::string& path, const card_options& options,
                                           std::span<const std::string> texts, std::istream* list,
                                           const std::string& list_name,
                                           const card_skip_sink& skipped);

}  // namespace qrseal
