// A native checkpoint's store (checkpoint.hpp) over its state directory (device_state.hpp) and
// its SQLite journal (journal.hpp): what `qrseal scan --state` and qrseal_checkpoint_* keep.
#pragma once

#include <qrseal/checkpoint.hpp>
#include <qrseal/device_state.hpp>
#include <qrseal/journal.hpp>

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

}  // namespace qrseal
