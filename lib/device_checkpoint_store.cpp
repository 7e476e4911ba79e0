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

result<device_checkpoint_plan> plan_device_checkpoint(const device_state* state,
                                                      const device_checkpoint_request& request) {
  const auto refused = [](std::string why) {
    return error{errc::invalid_argument, std::move(why)};
  };
  const bool samples = request.sample_desk || request.sample_id;
  device_checkpoint_plan plan;
  plan.journal = request.journal;
  if (!plan.journal && state && request.checkpoint) plan.journal = state->journal_path();
  if (plan.journal) {
    if (!request.checkpoint)
      return refused("--journal needs --checkpoint ID (which door or desk the records are from)");
    // A sample desk journals the linkable form (checkpoint_session::open), which needs no key.
    if (!state && !request.linkable && !samples)
      return refused(
          "journal records refer to credentials by a hash keyed with the device's key: "
          "give --state DIR, or --linkable for the resolvable form");
  } else if (request.checkpoint || request.linkable || samples) {
    return refused(
        "--checkpoint, --linkable, --sample-id and --sample-desk are for the journal: "
        "give --journal J.db (or --state DIR with --checkpoint)");
  }
  plan.keep_lists = request.own_lists;
  plan.session.checkpoint = request.checkpoint.value_or("");
  plan.session.linkable = request.linkable;
  plan.session.sample_id = request.sample_id;
  plan.session.sample_desk = request.sample_desk;
  plan.session.take_key_updates = request.take_key_updates || state != nullptr;
  return plan;
}

}  // namespace qrseal
