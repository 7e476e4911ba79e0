// qrseal scan [verify options] IMAGE...   one JSON line per code found
// qrseal scan --raw IMAGE...               the full text of every code, whatever it holds
#include <chrono>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <qrseal/image.hpp>
#include <qrseal/scan.hpp>

#include "commands.hpp"
#include "common.hpp"
#include "handheld.hpp"
#include "verdict_output.hpp"
#include "verifier_options.hpp"

namespace qrseal::cli {
namespace {

struct scan_cli_options {
  verifier_options verifier;
  bool raw = false;
  std::vector<std::string> images;
  std::optional<std::string> frames;
  std::string pix_fmt = "gray";
  std::string hold = "3s";
  bool all_frames = false;
};

int run_frames(const scan_cli_options& o, const verifier* v) {
  if (o.images.size() != 1 || o.images[0] != "-")
    throw failure("scan --frames reads raw frames from standard input: give - as the only input");
  handheld_options h;
  parse_frame_size(*o.frames, h);
  h.format = parse_pix_fmt(o.pix_fmt);
  h.hold_seconds = static_cast<double>(parse_duration_arg(o.hold, "--hold"));
  h.raw = o.raw;
  h.all_frames = o.all_frames;
  if (o.verifier.now) h.fixed_now = now_or(o.verifier.now);
  return run_handheld(h, v);
}

double ms_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
      .count();
}

int run_scan(const scan_cli_options& o) {
  std::optional<verifier> v;
  if (!o.raw) v = make_verifier(o.verifier);
  if (o.frames) return run_frames(o, v ? &*v : nullptr);
  const std::int64_t now = now_or(o.verifier.now);
  bool all_valid = true;
  bool any_error = false;
  for (const std::string& path : o.images) {
    const auto start = std::chrono::steady_clock::now();
    std::vector<scanned_code> codes;
    try {
      const std::string bytes = read_file(path, std::size_t{64} << 20, "image");
      const gray_image img = take(
          decode_image_file({reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()}),
          path);
      scan_options several;  // a photo or a printed sheet may hold many codes
      several.max_codes = 64;
      codes = take(scan_image({img.pixels.data(), img.width, img.height, 0, pixel_format::gray},
                              img.pixels.size(), several),
                   path);
    } catch (const failure& f) {
      // One unreadable file must not stop a batch: report it and go on.
      std::cerr << "qrseal: " << f.what() << "\n";
      any_error = true;
      continue;
    }
    const double scan_ms = ms_since(start);
    if (codes.empty()) {
      all_valid = false;
      if (!o.raw)
        std::cout << nlohmann::ordered_json{{"file", path}, {"found", 0}, {"ms", scan_ms}}.dump()
                  << "\n";
      else
        std::cerr << "qrseal: " << path << ": no QR code found\n";
      continue;
    }
    for (const scanned_code& code : codes) {
      if (o.raw) {
        std::cout << code.text << "\n";
        continue;
      }
      const verification verdict = v->verify(code.text, now);
      all_valid = all_valid && verdict.is_valid();
      auto j = nlohmann::ordered_json::parse(verdict_json(verdict));
      nlohmann::ordered_json line{{"file", path}, {"prefix", code.text.substr(0, 4)}};
      if (code.inverted) line["inverted"] = true;
      for (auto it = j.begin(); it != j.end(); ++it) line[it.key()] = it.value();
      line["ms"] = ms_since(start);
      std::cout << line.dump() << "\n";
    }
  }
  if (any_error) return exit_usage;
  return all_valid ? exit_ok : exit_rejected;
}

}  // namespace

void add_scan_command(CLI::App& app) {
  auto o = std::make_shared<scan_cli_options>();
  CLI::App* cmd = app.add_subcommand(
      "scan", "Find QR codes in PNG/JPEG images and check each (one JSON line per code)");
  add_verifier_options(*cmd, o->verifier, false);
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
