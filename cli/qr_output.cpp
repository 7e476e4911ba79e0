#include "qr_output.hpp"

#include "common.hpp"

#include <qrseal/png.hpp>
#include <qrseal/qr_encode.hpp>
#include <qrseal/qr_render.hpp>

#include <iostream>

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
    const auto png = take(encode_png(rasterize(m, r), o.one_bit ? png_depth::bilevel : png_depth::gray8));
    write_file_atomic(*o.png, {reinterpret_cast<const char*>(png.data()), png.size()}, 0644,
                      overwrite::allow);
  }
  if (o.svg) write_file_atomic(*o.svg, render_svg(m, r), 0644, overwrite::allow);
  if (o.terminal) std::cout << render_terminal(m, o.quiet_zone);
  std::cerr << "qrseal: QR version " << m.version << " (" << m.size << "x" << m.size
            << " modules), ECC " << o.ecc << ", " << text.size() << " characters\n";
}

}  // namespace qrseal::cli
