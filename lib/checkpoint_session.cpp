// The checkpoint session (checkpoint.hpp): what one scanned text means at a checkpoint. No file
// system, no SQLite, no clock: persistence is the store's.
#include <qrseal/checkpoint.hpp>
#include <qrseal/time.hpp>

namespace qrseal {
namespace {

error invalid(std::string why) { return error{errc::invalid_argument, "checkpoint: " + why}; }

// The journal's errors name the journal, as the SQLite journal's own messages do not always.
error journal_failed(const error& e) { return error{e.code, "journal: " + e.message}; }

std::string already_linked(std::string_view sample, std::int64_t record) {
  return "sample '" + std::string(sample) + "' is already linked to record " +
         std::to_string(record) +
         ": one tube label now names two people; check the tube and relabel one of them";
}

}  // namespace

std::string_view to_string(checkpoint_notice_code code) noexcept {
  switch (code) {
    case checkpoint_notice_code::clock_implausible:
      return "clock_implausible";
    case checkpoint_notice_code::clock_not_saved:
      return "clock_not_saved";
    case checkpoint_notice_code::sample_already_linked:
      return "sample_already_linked";
    case checkpoint_notice_code::sample_not_linked:
      return "sample_not_linked";
  }
  return "unknown";
}

std::string_view to_string(checkpoint_event_kind kind) noexcept {
  switch (kind) {
    case checkpoint_event_kind::credential:
      return "credential";
    case checkpoint_event_kind::key_update:
      return "key_update";
    case checkpoint_event_kind::sample:
      return "sample";
  }
  return "unknown";
}

bool checkpoint_event::passed() const noexcept {
  switch (kind) {
    case checkpoint_event_kind::credential:
      return verdict && verdict->is_valid();
    case checkpoint_event_kind::key_update:
      return key_update && (key_update->result == list_result::accepted ||
                            key_update->result == list_result::unchanged);
    case checkpoint_event_kind::sample:
      return linked;
  }
  return false;
}

std::optional<std::int64_t> raise_clock_mark(verifier& v, std::int64_t now,
                                             std::optional<std::int64_t> saved) {
  const auto until = v.plausible_until();
  if (!until || now > *until) return std::nullopt;
  const auto before = v.high_water();
  v.observe_time(now);
  if (before && now <= *before) return std::nullopt;
  if (saved && now < *saved + clock_save_interval) return std::nullopt;
  return now;
}

checkpoint_session::checkpoint_session(verifier v, checkpoint_store* store,
                                       checkpoint_options options)
    : verifier_(std::move(v)), store_(store), options_(std::move(options)) {
  if (store_ && store_->keeps_clock_mark()) saved_mark_ = store_->saved_clock_mark();
}

result<checkpoint_session> checkpoint_session::open(verifier v, checkpoint_store* store,
                                                    checkpoint_options options) {
  // A sample linked to a keyed record can never be resolved by the authority (the registration
  // a sample desk exists for): a sample desk always journals the resolvable form.
  if (options.sample_desk || options.sample_id) options.linkable = true;
  if (options.checkpoint.empty()) {
    if (options.sample_desk || options.sample_id)
      return invalid("a sample desk links samples to journal records: give a checkpoint id");
    return checkpoint_session(std::move(v), store, std::move(options));
  }
  if (auto s = check_journal_id(options.checkpoint, "the checkpoint id", max_checkpoint_bytes); !s)
    return invalid(s.error().message);
  if (options.sample_id)
    if (auto s = check_journal_id(*options.sample_id, "the sample id", max_sample_id_bytes); !s)
      return invalid(s.error().message);
  if (store == nullptr || !store->has_journal())
    return invalid("a checkpoint id journals every check, and the store keeps no journal");
  if (!options.linkable && store->journal_secret() == nullptr)
    return invalid(
        "keyed journal references need the device's journal key, which the store does not "
        "hold: journal linkable references, or open the device's state");
  return checkpoint_session(std::move(v), store, std::move(options));
}

result<checkpoint_event> checkpoint_session::handle(std::string_view text, std::int64_t now,
                                                    symbology from) {
  const bool qr = from == symbology::qr;
  if (qr && options_.take_key_updates && text.starts_with("QT1:")) return key_update(text);
  if (options_.sample_desk && (!qr || !(text.starts_with("QS1:") || text.starts_with("QL1:"))))
    return sample(text);
  return verify_text(text, now);
}

void checkpoint_session::observe(std::int64_t now, checkpoint_event& e) {
  if (!store_ || !store_->keeps_clock_mark()) return;
  const auto until = verifier_.plausible_until();
  if (until && now > *until && !told_implausible_clock_) {
    told_implausible_clock_ = true;
    e.notices.push_back(
        {checkpoint_notice_code::clock_implausible,
         "the device clock (" + format_rfc3339(now) +
             ") is far past the lists' next update; the clock high-water mark was not raised. "
             "Check the clock, and update the lists"});
  }
  const auto keep = raise_clock_mark(verifier_, now, saved_mark_);
  if (!keep) return;
  if (auto s = store_->save_clock_mark(*keep); !s)
    e.notices.push_back({checkpoint_notice_code::clock_not_saved, s.error().message});
  else
    saved_mark_ = keep;
}

result<checkpoint_event> checkpoint_session::verify_text(std::string_view text, std::int64_t now) {
  checkpoint_event e;
  e.kind = checkpoint_event_kind::credential;
  const verification verdict = verifier_.verify(text, now);
  observe(now, e);
  if (!options_.checkpoint.empty()) {
    const journal_key* key = store_->journal_secret();
    journal_record record = journal_record_of(verdict, now, options_.checkpoint,
                                              key ? *key : journal_key{}, options_.linkable);
    if (options_.sample_id) {
      record.sample_id = *options_.sample_id;
      auto earlier = store_->records_with_sample(*options_.sample_id);
      if (!earlier) return journal_failed(earlier.error());
      if (!earlier->empty())
        e.notices.push_back({checkpoint_notice_code::sample_already_linked,
                             already_linked(*options_.sample_id, earlier->front())});
    }
    // A record that cannot be written stops the checkpoint: losing records silently is what
    // the journal exists to prevent.
    auto id = store_->append_record(record);
    if (!id) return journal_failed(id.error());
    e.record = *id;
    last_record_ = verdict.credential() && !options_.sample_id ? std::optional(*id) : std::nullopt;
  }
  e.verdict = verdict;
  return e;
}

result<checkpoint_event> checkpoint_session::key_update(std::string_view text) {
  checkpoint_event e;
  e.kind = checkpoint_event_kind::key_update;
  e.key_update = verifier_.offer_trust_list_text(text);
  if (e.key_update->result == list_result::accepted && store_ && store_->keeps_lists()) {
    if (auto s = store_->save_lists(verifier_); !s) return std::move(s).error();
    e.stored = true;
  }
  e.trust_list_seq = verifier_.trust() ? verifier_.trust()->seq : 0;
  return e;
}

result<checkpoint_event> checkpoint_session::sample(std::string_view text) {
  checkpoint_event e;
  e.kind = checkpoint_event_kind::sample;
  e.sample = text;
  if (options_.checkpoint.empty() || !last_record_) return e;
  const std::int64_t record = *last_record_;
  last_record_.reset();  // one tube per person
  auto earlier = store_->records_with_sample(text);
  if (!earlier) return journal_failed(earlier.error());
  if (auto s = store_->link_sample(record, text); !s) {
    e.notices.push_back({checkpoint_notice_code::sample_not_linked, s.error().message});
    return e;
  }
  e.linked = true;
  e.record = record;
  if (!earlier->empty())
    e.notices.push_back(
        {checkpoint_notice_code::sample_already_linked, already_linked(text, earlier->front())});
  return e;
}

result<list_offer> checkpoint_session::keep(list_offer offer) {
  if (offer.result == list_result::accepted && store_ && store_->keeps_lists())
    if (auto s = store_->save_lists(verifier_); !s) return std::move(s).error();
  return offer;
}

result<list_offer> checkpoint_session::offer_trust_list(std::span<const std::uint8_t> cose) {
  return keep(verifier_.offer_trust_list(cose));
}

result<list_offer> checkpoint_session::offer_revocation_list(std::span<const std::uint8_t> cose) {
  return keep(verifier_.offer_revocation_list(cose));
}

result<list_offer> checkpoint_session::offer_trust_list_text(std::string_view text) {
  return keep(verifier_.offer_trust_list_text(text));
}

}  // namespace qrseal
