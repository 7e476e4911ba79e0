// The picture options shared by `issue` and `render`: --png, --svg, --terminal, --ecc, ...
#pragma once

#include <CLI/CLI.hpp>

#include <optional>
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

}  // namespace qrseal::cli
