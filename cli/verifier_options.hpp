// The verifier flags shared by `verify` and `scan`: pinned roots, lists, policy and time.
#pragma once

#include <CLI/CLI.hpp>
#include <optional>
#include <qrseal/device_state.hpp>
#include <qrseal/verifier.hpp>
#include <string>
#include <vector>

namespace qrseal::cli {

struct verifier_options {
  std::vector<std::string> roots;
  std::optional<std::string> trust;
  std::optional<std::string> revocations;
  std::optional<std::string> now;
  std::optional<std::string> skew, window, accept, max_test_age, max_stale, max_validity;
  bool require_live = false;
  bool reject_clock_behind = false;
};

// `required`: whether --root and --trust must be given (scan --raw and --state need neither).
void add_verifier_options(CLI::App& cmd, verifier_options& o, bool required);

// Loads the roots and lists (a refused list is a failure naming its list result). With a state
// directory underneath, --root, --trust and --revocations given on the command line replace the
// state's for this run (the state itself is not changed), and the state's clock mark holds.
verifier make_verifier(const verifier_options& o, const device_state* state = nullptr);

local_policy policy_from(const verifier_options& o);

}  // namespace qrseal::cli
