// qrseal inspect TEXT|-   -> every layer decoded as JSON, without verification.
#include <iostream>
#include <memory>
#include <qrseal/decode.hpp>
#include <qrseal/decode_json.hpp>

#include "commands.hpp"
#include "common.hpp"

namespace qrseal::cli {
namespace {

struct inspect_options {
  std::string text;
};

// Decodes as far as the text allows; the first failure is reported in "error" (exit 1).
int run_inspect(const inspect_options& o) {
  const std::string text = text_argument(o.text, "text");
  const decoded_text d = decode_text(text);
  std::cout << decoded_text_json(d, text.size()) << "\n";
  return d.complete() ? exit_ok : exit_rejected;
}

}  // namespace

void add_inspect_command(CLI::App& app) {
  auto o = std::make_shared<inspect_options>();
  CLI::App* cmd = app.add_subcommand("inspect",
                                     "Decode every layer of a QS1:/QL1:/QT1: text as "
                                     "JSON (no verification)");
  cmd->add_option("TEXT", o->text, "The text, or - for stdin")->required();
  cmd->callback([o] { exit_status() = run_inspect(*o); });
}

}  // namespace qrseal::cli
