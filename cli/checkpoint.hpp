// A checkpoint run, shared by `verify` and `scan`: the verifier from flags and/or a state
// directory, each scanned text handled (a credential verified and journaled, a QT1 key-update
// sheet offered to the state, a sample tube linked at a test desk) and shown as a human line or
// JSON.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <qrseal/device_state.hpp>
#include <qrseal/journal.hpp>
#include <qrseal/verifier.hpp>
#include <string>

#include "human_output.hpp"
#include "verifier_options.hpp"

namespace qrseal::cli {

struct checkpoint_options {
  std::optional<std::string> state;
  std::optional<std::string> journal;     // default with --state and --checkpoint: DIR/journal.db
  std::optional<std::string> checkpoint;  // this device's id in journal records
  bool linkable = false;
  std::optional<std::string> sample_id;
  bool sample_desk = false;  // scan: a tube's barcode right after a person's code is their sample
  bool json = false;
  std::optional<std::string> lang;
  bool beep = false;
  // A QT1 key-update sheet is taken (into the state, or for this run) rather than verified as a
  // credential (malformed): always when scanning, and for `verify` with --state.
  bool take_key_updates = false;
};

// --state, --journal, --checkpoint, --linkable, --sample-id; with `scan_flags` also
// --sample-desk, --json, --lang and --beep (verify has its own --json).
void add_checkpoint_options(CLI::App& cmd, checkpoint_options& o, bool scan_flags);

class checkpoint {
 public:
  checkpoint(const verifier_options& flags, const checkpoint_options& options);

  struct event {
    nlohmann::ordered_json json;  // the machine form
    std::string line;             // the human form
    bool valid = false;           // a valid credential (or an accepted key update)
    bool credential = false;      // a credential was checked (not a key update or a sample)
    std::optional<verification> verdict;
  };

  // One scanned text at device time `now`. `code128`: it came from a Code 128 barcode.
  event handle(const std::string& text, bool code128, std::int64_t now);

  // Prints an event (the JSON gets `extra` fields first), and rings the bell when asked.
  void print(const event& e, const nlohmann::ordered_json& extra = {}) const;

  const verifier& get() const { return *verifier_; }
  bool sample_desk() const { return options_.sample_desk; }

 private:
  event verify_text(const std::string& text, std::int64_t now);
  event key_update(const std::string& text);
  event sample(const std::string& text);

  checkpoint_options options_;
  std::optional<device_state> state_;
  bool state_lists_ = false;  // the run uses the state's own trust list (no --trust override)
  std::optional<verifier> verifier_;
  std::optional<journal> journal_;
  human_style style_;
  std::optional<std::int64_t> last_record_;  // the last credential journaled in this run
  bool warned_implausible_clock_ = false;
};

}  // namespace qrseal::cli
