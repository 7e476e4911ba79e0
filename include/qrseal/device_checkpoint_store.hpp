// A native checkpoint's store (checkpoint.hpp) over its state directory (device_state.hpp) and
// its SQLite journal (journal.hpp): what `qrseal scan --state` and qrseal_checkpoint_* keep.
#pragma once

#include <optional>
#include <qrseal/checkpoint.hpp>
#include <qrseal/device_state.hpp>
#include <qrseal/journal.hpp>
#include <string>

namespace qrseal {

class device_checkpoint_store final : public checkpoint_store {
 public:
  // Either may be null: no state keeps no lists and no clock mark (and has no key for keyed
  // references); no journal journals nothing. `keep_lists` false: the state's lists are not
  // replaced (a run checking against other lists than the device's). Both must outlive the
  // store.
  device_checkpoint_store(device_state* state, journal* journal, bool keep_lists = true)
      : state_(state), journal_(journal), keep_lists_(keep_lists && state != nullptr) {}

  bool keeps_lists() const override { return keep_lists_; }
  status save_lists(const verifier& v) override;
  bool keeps_clock_mark() const override { return state_ != nullptr; }
  std::optional<std::int64_t> saved_clock_mark() const override;
  status save_clock_mark(std::int64_t mark) override;
  bool has_journal() const override { return journal_ != nullptr; }
  const journal_key* journal_secret() const override;
  result<std::int64_t> append_record(const journal_record& record) override;
  status link_sample(std::int64_t record, std::string_view sample_id) override;
  result<std::vector<std::int64_t>> records_with_sample(std::string_view sample_id) override;

 private:
  device_state* state_;
  journal* journal_;
  bool keep_lists_;
};

// What an operator asks of a checkpoint run on a device (the CLI's `scan` and `verify` flags).
struct device_checkpoint_request {
  // The journal file; by default, with a state and a checkpoint id, the state's own.
  std::optional<std::string> journal;
  std::optional<std::string> checkpoint;  // this device's id in journal records
  bool linkable = false;
  std::optional<std::string> sample_id;
  bool sample_desk = false;
  // A QT1 sheet is a key update (a run with a state always takes them), not a credential.
  bool take_key_updates = false;
  // The run checks against the state's own roots and lists, not ones given for this run: only
  // then does the state keep the list a key-update sheet brings.
  bool own_lists = true;
};

// How to set the run up: the journal to open, the store's keeping of lists, the session's
// options.
struct device_checkpoint_plan {
  std::optional<std::string> journal;  // nullopt: nothing is journaled
  bool keep_lists = true;
  checkpoint_options session;
};

// The plan for `request` on `state` (null: a run without one). Refuses (errc::invalid_argument)
// a journal without a checkpoint id, keyed references without the state that holds their key
// (linkable references and sample desks need none), and journal options without a journal; the
// messages name the CLI's flags, as the operator gave them.
result<device_checkpoint_plan> plan_device_checkpoint(const device_state* state,
                                                      const device_checkpoint_request& request);

}  // namespace qrseal
