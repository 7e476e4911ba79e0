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

void offer_bytes(std::span<const std::uint8_t> bytes, const std::string& where,
                 std::string_view what,
                 list_offer (verifier::*offer)(std::span<const std::uint8_t>), verifier& v) {
  const list_offer r = (v.*offer)(bytes);
  if (r.result != list_result::accepted)
    throw failure(std::string(what) + " '" + where +
                  "' refused: " + std::string(to_string(r.result)) + ": " + r.message);
}

void offer_file(const std::string& path, std::string_view what,
                list_offer (verifier::*offer)(std::span<const std::uint8_t>), verifier& v) {
  // One byte over the limit reaches the library, which names it list_malformed.
  const std::string bytes = read_file(path, max_list_file_bytes + 1, what);
  // A key or a QR text where a list belongs: say what it is rather than where its CBOR breaks.
  if (const std::string seems = what_file_seems(bytes); !seems.empty())
    throw failure(std::string(what) + " '" + path + "' refused: list_malformed: " + seems +
                  ", not a " + std::string(what));
  offer_bytes({reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()}, path, what,
              offer, v);
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
  verifier v({}, policy_from(o));
  for (const std::string& path : o.roots) v.add_root(load_public_key(path));
  if (o.roots.empty())
    for (const public_key& root : state->roots()) v.add_root(root);
  if (o.trust)
    offer_file(*o.trust, "trust list", &verifier::offer_trust_list, v);
  else if (state->holds_trust_list())
    offer_bytes(state->trust_list_bytes(), state->dir() + "/trust.cose", "trust list",
                &verifier::offer_trust_list, v);
  if (o.revocations)
    offer_file(*o.revocations, "revocation list", &verifier::offer_revocation_list, v);
  else if (state && state->holds_revocation_list())
    offer_bytes(state->revocation_list_bytes(), state->dir() + "/revoked.cose", "revocation list",
                &verifier::offer_revocation_list, v);
  if (state && state->high_water()) v.observe_time(*state->high_water());
  return v;
}

}  // namespace qrseal::cli
