// A checkpoint run, shared by `verify` and `scan`: the library's checkpoint session
// (qrseal/checkpoint.hpp) over the verifier from flags and/or a state directory, and its events
// shown as a human line or JSON.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <qrseal/device_checkpoint_store.hpp>
#include <string>

#include "human_output.hpp"
#include "verifier_options.hpp"

namespace qrseal::cli {

struct checkpoint_options {
  std::optional<std::string> state;
  // --journal, --checkpoint, --linkable, --sample-id, --sample-desk; scanning takes key updates.
  device_checkpoint_request device;
  bool json = false;
  std::optional<std::string> lang;
  bool beep = false;
};

// --state, --journal, --checkpoint, --linkable, --sample-id; with `scan_flags` also
// --sample-desk, --json, --lang and --beep (verify has its own --json).
void add_checkpoint_options(CLI::App& cmd, checkpoint_options& o, bool scan_flags);

class checkpoint {
 public:
  checkpoint(const verifier_options& flags, const checkpoint_options& options);
  checkpoint(const checkpoint&) = delete;
  checkpoint& operator=(const checkpoint&) = delete;

  // One scanned text at device time `now`; its warnings go to stderr. A store failure (a record
  // or list that could not be written) is a failure: the run stops.
  checkpoint_event handle(const std::string& text, bool code128, std::int64_t now);

  nlohmann::ordered_json json(const checkpoint_event& e) const;
  std::string line(const checkpoint_event& e) const;
  // Prints an event (the JSON gets `extra` fields first), and rings the bell when asked.
  void print(const checkpoint_event& e, const nlohmann::ordered_json& extra = {}) const;

  bool sample_desk() const { return options_.device.sample_desk; }
  language lang() const { return reader_.lang; }

 private:
  checkpoint_options options_;
  words_reader reader_;
  bool color_ = false;
  std::optional<device_state> state_;
  std::optional<journal> journal_;
  std::optional<device_checkpoint_store> store_;
  std::optional<checkpoint_session> session_;
};

}  // namespace qrseal::cli
