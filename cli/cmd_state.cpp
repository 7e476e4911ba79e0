// qrseal state init --state DIR --root ROOT.pub [--root ...]     a new device pins its roots
// qrseal state update --state DIR [--trust F] [--revocations F]  take newer lists
// qrseal state show --state DIR                                   what the device holds
// qrseal state reset-clock --state DIR [--now T]                  set a wrong clock mark back
#include <iostream>
#include <memory>
#include <qrseal/device_state.hpp>
#include <qrseal/device_state_json.hpp>
#include <qrseal/hex.hpp>
#include <qrseal/time.hpp>

#include "commands.hpp"
#include "common.hpp"

namespace qrseal::cli {
namespace {

struct state_options {
  std::string state;
  std::vector<std::string> roots;
  std::optional<std::string> trust;
  std::optional<std::string> revocations;
  std::optional<std::string> now;
};

int run_state_init(const state_options& o) {
  if (o.roots.empty()) throw failure("state init: give the root key(s) to pin with --root");
  std::vector<public_key> roots;
  for (const std::string& path : o.roots) roots.push_back(load_public_key(path));
  const device_state s = take(device_state::init(o.state, roots));
  std::cerr << "qrseal: state " << o.state << " pins " << roots.size() << " root(s):";
  for (const public_key& k : s.roots()) std::cerr << " " << to_hex(k.kid());
  std::cerr << "\n";
  return exit_ok;
}

int run_state_update(const state_options& o) {
  if (!o.trust && !o.revocations)
    throw failure("state update: give --trust F and/or --revocations F");
  device_state s = take(device_state::open(o.state));
  verifier v = take(s.make_verifier());
  bool all_taken = true;
  auto offer = [&](const std::string& path, std::string_view what, bool trust) {
    const std::string bytes = read_file(path, max_list_file_bytes + 1, what);
    const std::span<const std::uint8_t> cose = as_bytes(bytes);
    const list_offer r =
        take(trust ? s.offer_trust_list(v, cose) : s.offer_revocation_list(v, cose));
    std::cout << what << " " << path << ": " << to_string(r.result);
    if (!r.message.empty()) std::cout << " (" << r.message << ")";
    std::cout << "\n";
    all_taken =
        all_taken && (r.result == list_result::accepted || r.result == list_result::unchanged);
  };
  if (o.trust) offer(*o.trust, "trust list", true);
  if (o.revocations) offer(*o.revocations, "revocation list", false);
  return all_taken ? exit_ok : exit_usage;
}

int run_state_show(const state_options& o) {
  std::cout << take(device_state_json(take(device_state::open(o.state)))) << "\n";
  return exit_ok;
}

int run_state_reset_clock(const state_options& o) {
  device_state s = take(device_state::open(o.state));
  const std::int64_t now = now_or(o.now);
  const auto previous = take(s.reset_clock(now));
  std::cerr << "qrseal: state " << o.state << ": clock high-water mark "
            << (previous ? format_rfc3339(*previous) : std::string("(none)")) << " set to "
            << format_rfc3339(now) << "; recorded in the journal as a clock_reset event\n";
  return exit_ok;
}

}  // namespace

void add_state_command(CLI::App& app) {
  CLI::App* state = app.add_subcommand(
      "state", "A checkpoint device's state directory: pinned roots, lists, clock, journal");
  state->require_subcommand(1);

  auto i = std::make_shared<state_options>();
  CLI::App* init = state->add_subcommand("init", "Pin the root keys on a new device");
  init->add_option("--state", i->state, "The state directory to create")->required();
  init->add_option("--root", i->roots, "A root public key to pin (.pub or PEM; repeatable)")
      ->allow_extra_args(false);
  init->callback([i] { exit_status() = run_state_init(*i); });

  auto u = std::make_shared<state_options>();
  CLI::App* update = state->add_subcommand(
      "update", "Offer new lists; each is kept only if a pinned root signed it and it is newer");
  update->add_option("--state", u->state, "The state directory")->required();
  update->add_option("--trust", u->trust, "A signed trust list");
  update->add_option("--revocations", u->revocations, "A signed revocation list");
  update->callback([u] { exit_status() = run_state_update(*u); });

  auto s = std::make_shared<state_options>();
  CLI::App* show = state->add_subcommand("show", "Print what the device holds, as JSON");
  show->add_option("--state", s->state, "The state directory")->required();
  show->callback([s] { exit_status() = run_state_show(*s); });

  auto r = std::make_shared<state_options>();
  CLI::App* reset = state->add_subcommand(
      "reset-clock",
      "Set the clock high-water mark to the device clock (after a wrong time raised it); "
      "recorded in the journal");
  reset->add_option("--state", r->state, "The state directory")->required();
  reset->add_option("--now", r->now, "The correct time (default: the device clock)");
  reset->callback([r] { exit_status() = run_state_reset_clock(*r); });
}

}  // namespace qrseal::cli
