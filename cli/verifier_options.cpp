#include "verifier_options.hpp"

#include "common.hpp"

namespace qrseal::cli {

local_policy policy_from(const verifier_options& o) {
  local_policy p;
  if (o.accept) p.accept = parse_status_list(*o.accept, "--accept", true);
  if (o.skew) p.skew = parse_duration_arg(*o.skew, "--skew");
  if (o.window) p.live_window = parse_duration_arg(*o.window, "--window");
  if (o.max_test_age) p.max_test_age = parse_duration_arg(*o.max_test_age, "--max-test-age");
  if (o.max_stale) p.max_stale = parse_duration_arg(*o.max_stale, "--max-stale");
  if (o.max_validity) p.max_validity = parse_duration_arg(*o.max_validity, "--max-validity");
  p.require_live = o.require_live;
  p.reject_clock_behind = o.reject_clock_behind;
  return p;
}

namespace {

// One byte over the limit reaches the library, which names it list_malformed.
std::string read_list_file(const std::string& path, std::string_view what) {
  std::string bytes = read_file(path, max_list_file_bytes + 1, what);
  // A key or a QR text where a list belongs: say what it is rather than where its CBOR breaks.
  if (const std::string seems = what_file_seems(bytes); !seems.empty())
    throw failure(std::string(what) + " '" + path + "' refused: list_malformed: " + seems +
                  ", not a " + std::string(what));
  return bytes;
}

}  // namespace

void add_verifier_options(CLI::App& cmd, verifier_options& o, bool required) {
  auto* root =
      cmd.add_option("--root", o.roots, "A pinned root public key (.pub or PEM; repeatable)");
  // One file per --root: otherwise `--root r.pub TEXT` would take TEXT as a second root.
  root->allow_extra_args(false);
  auto* trust = cmd.add_option("--trust", o.trust, "The signed trust list");
  if (required) {
    root->required();
    trust->required();
  }
  cmd.add_option("--revocations", o.revocations, "The signed revocation list");
  cmd.add_option("--now", o.now, "Check as of this time (default: the clock)");
  cmd.add_option("--skew", o.skew, "Clock skew allowed (default 300s)");
  cmd.add_option("--window", o.window, "Live code window (default 60s)");
  cmd.add_option("--accept", o.accept, "Accepted statuses, e.g. green,yellow (default green)");
  cmd.add_option("--max-test-age", o.max_test_age, "Require a negative test at most this old");
  cmd.add_flag("--require-live", o.require_live, "Require live codes for holder-bound credentials");
  cmd.add_option("--max-stale", o.max_stale, "Reject when a list is this far past next_update");
  cmd.add_option("--max-validity", o.max_validity, "Reject credentials valid longer than this");
  cmd.add_flag("--reject-clock-behind", o.reject_clock_behind,
               "Reject when the clock is earlier than the lists held");
}

verifier make_verifier(const verifier_options& o, const device_state* state) {
  if (!state && o.roots.empty()) throw failure("give at least one pinned root key with --root");
  if (!state && !o.trust) throw failure("give the trust list with --trust");
  verifier_overrides given;
  for (const std::string& path : o.roots) given.roots.push_back(load_public_key(path));
  std::string trust, revocations;
  if (o.trust) {
    trust = read_list_file(*o.trust, "trust list");
    given.trust = named_list_bytes{*o.trust, as_bytes(trust)};
  }
  if (o.revocations) {
    revocations = read_list_file(*o.revocations, "revocation list");
    given.revocations = named_list_bytes{*o.revocations, as_bytes(revocations)};
  }
  return take(qrseal::make_verifier(state, given, policy_from(o)));
}

}  // namespace qrseal::cli
