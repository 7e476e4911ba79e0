// The native checkpoint store: a state directory and its SQLite journal.
#include <qrseal/device_checkpoint_store.hpp>

namespace qrseal {
namespace {

error nothing_there(std::string_view what) {
  return error{errc::invalid_argument, "checkpoint store: " + std::string(what)};
}

}  // namespace

status device_checkpoint_store::save_lists(const verifier& v) {
  if (!keep_lists_) return nothing_there("it keeps no lists");
  return state_->keep_lists(v);
}

std::optional<std::int64_t> device_checkpoint_store::saved_clock_mark() const {
  return state_ ? state_->high_water() : std::nullopt;
}

status device_checkpoint_store::save_clock_mark(std::int64_t mark) {
  if (!state_) return nothing_there("it has no state to keep the clock mark in");
  return state_->keep_clock_mark(mark);
}

const journal_key* device_checkpoint_store::journal_secret() const {
  return state_ ? &state_->journal_secret() : nullptr;
}

result<std::int64_t> device_checkpoint_store::append_record(const journal_record& record) {
  if (!journal_) return nothing_there("it has no journal");
  return journal_->append(record);
}

status device_checkpoint_store::link_sample(std::int64_t record, std::string_view sample_id) {
  if (!journal_) return nothing_there("it has no journal");
  return journal_->link_sample(record, sample_id);
}

result<std::vector<std::int64_t>> device_checkpoint_store::records_with_sample(
    std::string_view sample_id) {
  if (!journal_) return nothing_there("it has no journal");
  return journal_->records_with_sample(sample_id);
}

}  // namespace qrseal
