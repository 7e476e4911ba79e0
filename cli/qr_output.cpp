#include "qr_output.hpp"

#include <ctime>
#include <iostream>
#include <qrseal/png.hpp>
#include <qrseal/qr_encode.hpp>
#include <qrseal/qr_render.hpp>
#include <qrseal/time.hpp>

#include "common.hpp"

namespace qrseal::cli {

void add_qr_output_options(CLI::App& cmd, qr_output_options& o) {
  cmd.add_option("--png", o.png, "Write the QR code as a PNG (8-bit grey)");
  cmd.add_option("--svg", o.svg, "Write the QR code as an SVG");
  cmd.add_flag("--terminal", o.terminal, "Draw the QR code in the terminal (UTF-8 half blocks)");
  cmd.add_flag("--png-1bit", o.one_bit, "Write the PNG as 1-bit black and white");
  cmd.add_option("--ecc", o.ecc, "Error correction level L, M (default), Q or H");
  cmd.add_option("--module-px", o.module_px, "Pixels per module (default 8)")
      ->check(CLI::Range(1, 64));
  cmd.add_option("--quiet-zone", o.quiet_zone, "White border in modules (default 4)")
      ->check(CLI::Range(0, 40));
}

void write_qr_outputs(const std::string& text, const qr_output_options& o) {
  if (!o.any()) return;
  const qr_matrix m = take(encode_qr(text, take(parse_ecc_level(o.ecc), "--ecc")), "QR");
  const render_options r{o.module_px, o.quiet_zone};
  if (o.png) {
    const auto png =
        take(encode_png(rasterize(m, r), o.one_bit ? png_depth::bilevel : png_depth::gray8));
    write_file_atomic(*o.png, {reinterpret_cast<const char*>(png.data()), png.size()}, 0644,
                      overwrite::allow);
  }
  if (o.svg) write_file_atomic(*o.svg, render_svg(m, r), 0644, overwrite::allow);
  if (o.terminal) std::cout << render_terminal(m, o.quiet_zone);
  std::cerr << "qrseal: QR version " << m.version << " (" << m.size << "x" << m.size
            << " modules), ECC " << o.ecc << ", " << text.size() << " characters\n";
}

namespace {

int local_utc_offset_now() {
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  if (::localtime_r(&now, &local) == nullptr) return 0;
  return static_cast<int>(local.tm_gmtoff / 60);
}

// Checked while parsing, so a bad name fails before anything is signed or written.
const CLI::Validator card_file_name(
    [](const std::string& path) -> std::string {
      return card_format_from_path(path) ? "" : "give a file name ending in .png, .svg or .pdf";
    },
    "FILE.png|.svg|.pdf");

const CLI::Validator utc_offset_text(
    [](const std::string& text) {
      auto minutes = parse_utc_offset(text);
      return minutes ? std::string() : minutes.error().message;
    },
    "+HH:MM");

}  // namespace

void add_card_options(CLI::App& cmd, card_output_options& o, bool with_card_flag) {
  if (with_card_flag)
    cmd.add_option("--card", o.card,
                   "Write a printable card (QR code with name, status, test and expiry) as .png, "
                   ".svg or .pdf, by the file's extension")
        ->check(card_file_name);
  cmd.add_option("--utc-offset", o.utc_offset,
                 "Time zone for the times printed on cards, e.g. +08:00 (default: this machine's)")
      ->check(utc_offset_text);
  cmd.add_option("--dpi", o.dpi, "Resolution of PNG cards (default 300)")
      ->check(CLI::Range(100, 1200));
}

card_options card_options_from(const card_output_options& o) {
  card_options c;
  c.png_dpi = o.dpi;
  c.utc_offset_minutes =
      o.utc_offset ? take(parse_utc_offset(*o.utc_offset), "--utc-offset") : local_utc_offset_now();
  return c;
}

void write_card_file(const std::string& path, const std::string& text, const card_fields& fields,
                     const card_output_options& o) {
  const auto format = card_format_from_path(path);
  if (!format) throw failure("card '" + path + "': give a file name ending in .png, .svg or .pdf");
  const auto bytes = take(render_card(text, fields, *format, card_options_from(o)), path);
  write_file_atomic(path, {reinterpret_cast<const char*>(bytes.data()), bytes.size()}, 0644,
                    overwrite::allow);
}

}  // namespace qrseal::cli
