// qrseal verify --root ROOT.pub|ROOT.pem [--root ...] --trust trust.cose [--revocations F]
//               [--now T] [policy options] [--json] (TEXT|- | --image FILE)
// qrseal verify --state DIR [--journal J.db --checkpoint ID [--linkable] [--sample-id ID]] ...
// Exit 0 valid, 1 any other outcome, 2 usage or I/O errors (including a list that is refused).
#include <iostream>
#include <memory>
#include <qrseal/image.hpp>
#include <qrseal/scan.hpp>

#include "checkpoint.hpp"
#include "commands.hpp"
#include "common.hpp"
#include "verdict_output.hpp"
#include "verifier_options.hpp"

namespace qrseal::cli {
namespace {

struct verify_options {
  verifier_options verifier;
  checkpoint_options checkpoint;
  bool json = false;
  std::optional<std::string> text;
  std::optional<std::string> image;
};

// The text of the one code in the image; several or none is an error a person can act on.
std::string text_from_image(const std::string& path) {
  const std::string bytes = read_file(path, std::size_t{64} << 20, "image");
  scan_options two;  // enough to tell "one code" from "several"
  two.max_codes = 2;
  const auto codes = take(scan_image_file(as_bytes(bytes), two), path);
  if (codes.empty()) throw failure(path + ": no QR code found in the image", exit_rejected);
  if (codes.size() > 1)
    throw failure(path + ": " + std::to_string(codes.size()) +
                  " QR codes in the image; use `qrseal scan` to check each");
  return codes.front().text;
}

int run_verify(const verify_options& o) {
  if (o.text.has_value() == o.image.has_value())
    throw failure("verify: give either TEXT (or - for stdin) or --image FILE");
  checkpoint cp(o.verifier, o.checkpoint);
  const std::string text = o.image ? text_from_image(*o.image) : text_argument(*o.text, "text");
  const checkpoint_event e = cp.handle(text, false, now_or(o.verifier.now));
  if (!e.verdict) {
    // A key-update sheet (QT1): taken into the state, or refused like a list file.
    std::cout << (o.json ? cp.json(e).dump() : cp.line(e)) << "\n";
    return e.passed() ? exit_ok : exit_usage;
  }
  std::cout << (o.json ? cp.json(e).dump() : verdict_line(*e.verdict)) << "\n";
  return e.verdict->is_valid() ? exit_ok : exit_rejected;
}

}  // namespace

void add_verify_command(CLI::App& app) {
  auto o = std::make_shared<verify_options>();
  CLI::App* cmd = app.add_subcommand(
      "verify", "Check a QS1:/QL1: text or a QR image offline; exit 0 only if valid");
  add_verifier_options(*cmd, o->verifier, false);
  add_checkpoint_options(*cmd, o->checkpoint, false);
  cmd->add_flag("--json", o->json, "Print one JSON object");
  cmd->add_option("--image", o->image, "Read the code from a PNG or JPEG image");
  cmd->add_option("TEXT", o->text, "The scanned text, or - for stdin");
  cmd->callback([o] { exit_status() = run_verify(*o); });
}

}  // namespace qrseal::cli
