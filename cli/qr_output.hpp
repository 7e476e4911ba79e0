// The picture options shared by `issue` and `render`: --png, --svg, --terminal, --ecc, ...;
// and the card options shared by `issue --card` and `card`.
#pragma once

#include <CLI/CLI.hpp>
#include <optional>
#include <qrseal/card.hpp>
#include <string>

namespace qrseal::cli {

struct qr_output_options {
  std::optional<std::string> png;
  std::optional<std::string> svg;
  bool terminal = false;
  bool one_bit = false;
  std::string ecc = "M";
  int module_px = 8;
  int quiet_zone = 4;

  bool any() const { return png || svg || terminal; }
};

void add_qr_output_options(CLI::App& cmd, qr_output_options& o);

// Writes the requested pictures of `text` (PNG and SVG atomically) and prints the QR version
// and size on stderr.
void write_qr_outputs(const std::string& text, const qr_output_options& o);

// The printable card options shared by `issue --card` and `card`: --utc-offset and --dpi
// (and --card F where add_card_options is asked for it).
struct card_output_options {
  std::optional<std::string> card;        // .png, .svg or .pdf
  std::optional<std::string> utc_offset;  // "+08:00"; default: this machine's time zone now
  int dpi = 300;
};

void add_card_options(CLI::App& cmd, card_output_options& o, bool with_card_flag);

// The library's card options from the command line's (the clock and time zone are read here).
card_options card_options_from(const card_output_options& o);

// Writes one card of `text` to `path` atomically, in the format its extension names.
void write_card_file(const std::string& path, const std::string& text, const card_fields& fields,
                     const card_output_options& o);

}  // namespace qrseal::cli
