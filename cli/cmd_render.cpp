// qrseal render TEXT|- [--png F] [--svg F] [--terminal] [--ecc L|M|Q|H] [--module-px N] ...
#include <memory>
#include <qrseal/text.hpp>

#include "commands.hpp"
#include "common.hpp"
#include "qr_output.hpp"

namespace qrseal::cli {
namespace {

struct render_cli_options {
  std::string text;
  qr_output_options qr;
};

int run_render(const render_cli_options& o) {
  const std::string text = text_argument(o.text, "text");
  take(split_qr_text(text), "render");  // only QS1/QL1/QT1 texts are rendered
  if (!o.qr.any()) throw failure("render: give --png F, --svg F or --terminal");
  write_qr_outputs(text, o.qr);
  return exit_ok;
}

}  // namespace

void add_render_command(CLI::App& app) {
  auto o = std::make_shared<render_cli_options>();
  CLI::App* cmd = app.add_subcommand("render", "Draw any QS1:/QL1:/QT1: text as a QR code");
  cmd->add_option("TEXT", o->text, "The text, or - for stdin")->required();
  add_qr_output_options(*cmd, o->qr);
  cmd->callback([o] { exit_status() = run_render(*o); });
}

}  // namespace qrseal::cli
