// qrseal scan [verify options] [--state DIR] [journal options] [--json] [--lang zh|en] [--beep]
//             IMAGE...|--frames WxH -      one line per person (or JSON) per code found
// qrseal scan --raw IMAGE...               the full text of every code, whatever it holds
#include <chrono>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <qrseal/image.hpp>
#include <qrseal/scan.hpp>
#include <qrseal/verdict_words.hpp>

#include "checkpoint.hpp"
#include "commands.hpp"
#include "common.hpp"
#include "handheld.hpp"
#include "verifier_options.hpp"

namespace qrseal::cli {
namespace {

struct scan_cli_options {
  verifier_options verifier;
  checkpoint_options checkpoint;
  bool raw = false;
  std::vector<std::string> images;
  std::optional<std::string> frames;
  std::string pix_fmt = "gray";
  std::string hold = "3s";
  bool all_frames = false;
};

int run_frames(const scan_cli_options& o, checkpoint* cp) {
  if (o.images.size() != 1 || o.images[0] != "-")
    throw failure("scan --frames reads raw frames from standard input: give - as the only input");
  handheld_options h;
  take(parse_frame_size(*o.frames, h.pump), "--frames");
  h.pump.format = take(parse_frame_format(o.pix_fmt), "--pix-fmt");
  h.pump.hold_seconds = static_cast<double>(parse_duration_arg(o.hold, "--hold"));
  h.pump.all_frames = o.all_frames;
  h.pump.read_code128 = cp && cp->sample_desk();
  h.raw = o.raw;
  if (o.verifier.now) h.fixed_now = now_or(o.verifier.now);
  return run_handheld(
      h, [&](const scanned_code& code, std::int64_t now, std::uint64_t frame, double ms) {
        if (!cp) {
          std::cout << code.text << std::endl;
          return true;
        }
        const checkpoint_event e = cp->handle(code.text, code.code128, now);
        cp->print(e, {{"frame", frame}, {"ms", ms}});
        return e.passed();
      });
}

double ms_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
      .count();
}

int run_scan(const scan_cli_options& o) {
  std::optional<checkpoint> cp;
  if (!o.raw) cp.emplace(o.verifier, o.checkpoint);
  if (o.frames) return run_frames(o, cp ? &*cp : nullptr);
  const std::int64_t now = now_or(o.verifier.now);
  bool all_valid = true;
  bool any_error = false;
  for (const std::string& path : o.images) {
    const auto start = std::chrono::steady_clock::now();
    std::vector<scanned_code> codes;
    try {
      const std::string bytes = read_file(path, std::size_t{64} << 20, "image");
      scan_options several;  // a photo or a printed sheet may hold many codes
      several.max_codes = 64;
      several.read_code128 = cp && cp->sample_desk();
      codes = take(scan_image_file(as_bytes(bytes), several), path);
    } catch (const failure& f) {
      // One unreadable file must not stop a batch: report it and go on.
      std::cerr << "qrseal: " << f.what() << "\n";
      any_error = true;
      continue;
    }
    const double scan_ms = ms_since(start);
    if (codes.empty()) {
      all_valid = false;
      if (o.raw)
        std::cerr << "qrseal: " << path << ": no QR code found\n";
      else if (o.checkpoint.json)
        std::cout << nlohmann::ordered_json{{"file", path}, {"found", 0}, {"ms", scan_ms}}.dump()
                  << "\n";
      else
        std::cout << no_code_words(path, cp->lang()) << "\n";
      continue;
    }
    for (const scanned_code& code : codes) {
      if (o.raw) {
        std::cout << code.text << "\n";
        continue;
      }
      const checkpoint_event e = cp->handle(code.text, code.code128, now);
      all_valid = all_valid && e.passed();
      nlohmann::ordered_json extra{{"file", path}, {"prefix", code.text.substr(0, 4)}};
      if (code.inverted) extra["inverted"] = true;
      extra["ms"] = ms_since(start);
      cp->print(e, extra);
    }
  }
  if (any_error) return exit_usage;
  return all_valid ? exit_ok : exit_rejected;
}

}  // namespace

void add_scan_command(CLI::App& app) {
  auto o = std::make_shared<scan_cli_options>();
  CLI::App* cmd = app.add_subcommand(
      "scan",
      "Find QR codes in PNG/JPEG images or camera frames and check each (a line per "
      "person, or JSON with --json)");
  add_verifier_options(*cmd, o->verifier, false);
  add_checkpoint_options(*cmd, o->checkpoint, true);
  cmd->add_flag("--raw", o->raw, "Print the full text of every code found; verify nothing");
  cmd->add_option("--frames", o->frames,
                  "Handheld mode: raw WIDTHxHEIGHT camera frames on stdin (give - as input)");
  cmd->add_option("--pix-fmt", o->pix_fmt, "Frame pixel format: gray (default), yuyv or nv12");
  cmd->add_flag("--all-frames", o->all_frames,
                "Decode every frame (recorded footage) instead of dropping stale ones");
  cmd->add_option("--hold", o->hold, "Report the same code again only after this (default 3s)");
  cmd->add_option("IMAGE", o->images, "PNG or JPEG files, or - with --frames")->required();
  cmd->callback([o] { exit_status() = run_scan(*o); });
}

}  // namespace qrseal::cli
