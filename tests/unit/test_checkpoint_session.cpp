// The checkpoint session: one event per scanned text (a verdict journaled, a key update kept, a
// sample linked), the clock mark raised and kept once a minute, warnings as values, and a store
// that fails stopping the checkpoint rather than losing a record.
#include <gtest/gtest.h>

#include <qrseal/checkpoint.hpp>
#include <qrseal/lists.hpp>
#include <string>

#include "fixtures.hpp"

namespace qrseal {
namespace {

using namespace fixtures;

verifier loaded_verifier() {
  verifier v(pinned_roots());
  EXPECT_EQ(v.offer_trust_list(signed_trust_list(default_trust_list())).result,
            list_result::accepted);
  return v;
}

journal_key test_key() {
  journal_key k{};
  k.fill(0x5A);
  return k;
}

// Options: a checkpoint id (empty: none), linkable references, a sample desk.
checkpoint_options with(std::string id, bool linkable = false, bool sample_desk = false) {
  checkpoint_options o;
  o.checkpoint = std::move(id);
  o.linkable = linkable;
  o.sample_desk = sample_desk;
  return o;
}

checkpoint_options with_sample_id(std::string id, std::string sample) {
  checkpoint_options o = with(std::move(id));
  o.sample_id = std::move(sample);
  return o;
}

checkpoint_session open_session(checkpoint_store* store, checkpoint_options o = {}) {
  auto s = checkpoint_session::open(loaded_verifier(), store, std::move(o));
  EXPECT_TRUE(s.ok()) << s.error().message;
  return std::move(s).value();
}

bool has_notice(const checkpoint_event& e, checkpoint_notice_code code) {
  for (const auto& n : e.notices)
    if (n.code == code) return true;
  return false;
}

TEST(CheckpointSession, ACredentialIsVerifiedJournaledAndRaisesTheKeptMarkOnceAMinute) {
  memory_checkpoint_store store(test_key());
  auto session = open_session(&store, with("gate-3"));
  const std::string cred = issue(default_claims());
  auto e = session.handle(cred, now0);
  ASSERT_TRUE(e.ok()) << e.error().message;
  EXPECT_EQ(e->kind, checkpoint_event_kind::credential);
  ASSERT_TRUE(e->verdict);
  EXPECT_TRUE(e->verdict->is_valid());
  EXPECT_TRUE(e->passed());
  EXPECT_TRUE(e->notices.empty());
  ASSERT_EQ(e->record, 1);
  ASSERT_EQ(store.records().size(), 1u);
  const journal_record& r = store.records()[0];
  EXPECT_EQ(r.checkpoint, "gate-3");
  EXPECT_EQ(r.result, outcome::valid);
  EXPECT_EQ(r.form, ref_form::keyed);
  EXPECT_EQ(r.credential, keyed_credential_ref(test_key(), e->verdict->credential()->cti));
  EXPECT_EQ(store.saved_clock_mark(), now0);
  EXPECT_EQ(session.get().high_water(), now0);

  // Within a minute the mark rises in the verifier only; a minute on, it is kept again.
  ASSERT_TRUE(session.handle(cred, now0 + 30).ok());
  EXPECT_EQ(session.get().high_water(), now0 + 30);
  EXPECT_EQ(store.saved_clock_mark(), now0);
  ASSERT_TRUE(session.handle(cred, now0 + 61).ok());
  EXPECT_EQ(store.saved_clock_mark(), now0 + 61);

  // A clock set back: clock_behind from the mark, and the mark does not fall.
  auto behind = session.handle(cred, now0 - 3600);
  ASSERT_TRUE(behind.ok());
  EXPECT_FALSE(behind->verdict->warnings().empty());
  EXPECT_EQ(session.get().high_water(), now0 + 61);
  EXPECT_EQ(store.records().size(), 4u);
}

TEST(CheckpointSession, AnImplausibleClockRaisesNothingAndIsToldOnce) {
  memory_checkpoint_store store;
  auto session = open_session(&store);
  const std::int64_t far = now0 + 365 * static_cast<std::int64_t>(day);
  auto e = session.handle(issue(default_claims()), far);
  ASSERT_TRUE(e.ok());
  ASSERT_EQ(e->notices.size(), 1u);
  EXPECT_EQ(e->notices[0].code, checkpoint_notice_code::clock_implausible);
  EXPECT_NE(e->notices[0].message.find("far past the lists' next update"), std::string::npos);
  EXPECT_FALSE(session.get().high_water());
  EXPECT_FALSE(store.saved_clock_mark());
  auto again = session.handle(issue(default_claims()), far);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->notices.empty());
  EXPECT_FALSE(e->record);  // no checkpoint id: nothing journaled
  EXPECT_TRUE(store.records().empty());
}

TEST(CheckpointSession, WithoutAStoreNothingIsKeptAndTheMarkIsTheCallers) {
  auto session = open_session(nullptr);
  auto e = session.handle(issue(default_claims()), now0);
  ASSERT_TRUE(e.ok());
  EXPECT_TRUE(e->passed());
  EXPECT_FALSE(session.get().high_water());
  auto update = session.handle(*trust_list_text(signed_trust_list(default_trust_list(4))), now0);
  ASSERT_TRUE(update.ok());
  EXPECT_EQ(update->key_update->result, list_result::accepted);
  EXPECT_FALSE(update->stored);  // for this session only
  EXPECT_EQ(update->trust_list_seq, 4u);
}

TEST(CheckpointSession, AKeyUpdateSheetIsOfferedAndKeptOnlyWhenAccepted) {
  memory_checkpoint_store store;
  auto session = open_session(&store);
  const auto sheet = trust_list_text(signed_trust_list(default_trust_list(5)));
  ASSERT_TRUE(sheet.ok());
  auto e = session.handle(*sheet, now0);
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(e->kind, checkpoint_event_kind::key_update);
  EXPECT_EQ(e->key_update->result, list_result::accepted);
  EXPECT_TRUE(e->stored);
  EXPECT_TRUE(e->passed());
  EXPECT_EQ(e->trust_list_seq, 5u);
  EXPECT_EQ(store.trust_list_bytes(), session.get().trust_bytes());

  auto same = session.handle(*sheet, now0);
  EXPECT_EQ(same->key_update->result, list_result::unchanged);
  EXPECT_FALSE(same->stored);
  EXPECT_TRUE(same->passed());
  const auto older = trust_list_text(signed_trust_list(default_trust_list(2)));
  auto rollback = session.handle(*older, now0);
  EXPECT_EQ(rollback->key_update->result, list_result::rollback);
  EXPECT_FALSE(rollback->passed());
  auto stranger =
      session.handle(*trust_list_text(signed_trust_list(default_trust_list(9), root2_key())), now0);
  EXPECT_EQ(stranger->key_update->result, list_result::unknown_root);
  EXPECT_EQ(session.get().trust()->seq, 5u);

  // Read as a barcode that is no QR code, or with key updates off, it is a credential: malformed.
  auto as_code128 = session.handle(*sheet, now0, symbology::code128);
  EXPECT_EQ(as_code128->kind, checkpoint_event_kind::credential);
  auto off = open_session(&store, [] {
    checkpoint_options o;
    o.take_key_updates = false;
    return o;
  }());
  auto refused = off.handle(*sheet, now0);
  EXPECT_EQ(refused->kind, checkpoint_event_kind::credential);
  EXPECT_EQ(refused->verdict->outcome(), outcome::malformed);
}

TEST(CheckpointSession, ListsFromFilesAreOfferedAndKeptOnlyWhenAccepted) {
  memory_checkpoint_store store;
  auto session = open_session(&store);
  auto trust = session.offer_trust_list(signed_trust_list(default_trust_list(7)));
  ASSERT_TRUE(trust.ok());
  EXPECT_EQ(trust->result, list_result::accepted);
  EXPECT_EQ(session.get().trust()->seq, 7u);
  EXPECT_EQ(store.trust_list_bytes(), session.get().trust_bytes());
  const auto kept = store.trust_list_bytes();
  EXPECT_EQ(session.offer_trust_list(signed_trust_list(default_trust_list(3)))->result,
            list_result::rollback);
  EXPECT_EQ(session.offer_trust_list(bytes{0x01, 0x02})->result, list_result::malformed);
  EXPECT_EQ(store.trust_list_bytes(), kept);

  auto revocations = session.offer_revocation_list(signed_revocation_list(4));
  ASSERT_TRUE(revocations.ok());
  EXPECT_EQ(revocations->result, list_result::accepted);
  EXPECT_EQ(store.revocation_list_bytes(), session.get().revocation_bytes());
  EXPECT_EQ(
      session
          .offer_revocation_list(signed_revocation_list(4, {}, t0 - day, t0 + 7 * day, root2_key()))
          ->result,
      list_result::unknown_root);

  // A sheet's text offered on purpose: a credential's text is no trust list.
  EXPECT_EQ(session.offer_trust_list_text(issue(default_claims()))->result, list_result::malformed);
  const auto sheet = trust_list_text(signed_trust_list(default_trust_list(8)));
  EXPECT_EQ(session.offer_trust_list_text(*sheet)->result, list_result::accepted);
  EXPECT_EQ(store.trust_list_bytes(), session.get().trust_bytes());
}

TEST(CheckpointSession, ASampleDeskLinksTheTubeAfterAPersonToThatPersonsLinkableRecord) {
  memory_checkpoint_store store;  // no key: a desk journals linkable references anyway
  auto session = open_session(&store, with("desk-1", false, true));
  EXPECT_TRUE(session.options().linkable);
  const std::string cred = issue(default_claims());

  auto alone = session.handle("TUBE-0001", now0, symbology::code128);
  ASSERT_TRUE(alone.ok());
  EXPECT_EQ(alone->kind, checkpoint_event_kind::sample);
  EXPECT_FALSE(alone->linked);  // nobody before it
  EXPECT_FALSE(alone->passed());

  auto person = session.handle(cred, now0);
  ASSERT_TRUE(person.ok());
  EXPECT_EQ(store.records().back().form, ref_form::linkable);
  auto tube = session.handle("TUBE-0001", now0, symbology::code128);
  ASSERT_TRUE(tube.ok());
  EXPECT_TRUE(tube->linked);
  EXPECT_EQ(tube->record, person->record);
  EXPECT_TRUE(tube->notices.empty());
  EXPECT_EQ(store.records().back().sample_id, "TUBE-0001");

  // One tube per person: a second tube right after is not linked.
  auto second = session.handle("TUBE-0002", now0, symbology::code128);
  EXPECT_FALSE(second->linked);

  // The same label on another person: linked, and the operator is told.
  ASSERT_TRUE(session.handle(cred, now0).ok());
  auto reused = session.handle("TUBE-0001", now0);  // a QR code that is no credential
  ASSERT_TRUE(reused.ok());
  EXPECT_EQ(reused->kind, checkpoint_event_kind::sample);
  EXPECT_TRUE(reused->linked);
  EXPECT_TRUE(has_notice(*reused, checkpoint_notice_code::sample_already_linked));

  // A label the journal refuses (too long): not linked, and why.
  ASSERT_TRUE(session.handle(cred, now0).ok());
  auto too_long = session.handle(std::string(100, 'X'), now0, symbology::code128);
  EXPECT_FALSE(too_long->linked);
  EXPECT_TRUE(has_notice(*too_long, checkpoint_notice_code::sample_not_linked));

  // A credential that does not verify has no credential to link a sample to.
  ASSERT_TRUE(session.handle("QS1:garbage", now0).ok());
  EXPECT_FALSE(session.handle("TUBE-0009", now0, symbology::code128)->linked);
}

TEST(CheckpointSession, ASampleIdOptionGoesIntoEveryRecord) {
  memory_checkpoint_store store;
  auto session = open_session(&store, with_sample_id("desk-2", "TUBE-7"));
  auto first = session.handle(issue(default_claims()), now0);
  ASSERT_TRUE(first.ok());
  EXPECT_TRUE(first->notices.empty());
  EXPECT_EQ(store.records().back().sample_id, "TUBE-7");
  auto second = session.handle(issue(default_claims()), now0);
  EXPECT_TRUE(has_notice(*second, checkpoint_notice_code::sample_already_linked));
}

TEST(CheckpointSession, OpenRefusesWhatCannotBeJournaledAsAsked) {
  memory_checkpoint_store keyless;
  memory_checkpoint_store no_journal(test_key(), false);
  auto refused = [](checkpoint_store* store, checkpoint_options o) {
    auto s = checkpoint_session::open(loaded_verifier(), store, std::move(o));
    EXPECT_FALSE(s.ok());
    return s.ok() ? errc::ok : s.code();
  };
  EXPECT_EQ(refused(&keyless, with("gate-3")), errc::invalid_argument);  // keyed
  EXPECT_EQ(refused(&no_journal, with("gate-3")), errc::invalid_argument);
  EXPECT_EQ(refused(nullptr, with("gate-3", true)), errc::invalid_argument);
  EXPECT_EQ(refused(&keyless, with(std::string(65, 'g'), true)), errc::invalid_argument);
  EXPECT_EQ(refused(&keyless, with("\xff", true)), errc::invalid_argument);
  EXPECT_EQ(refused(&keyless, with("", false, true)), errc::invalid_argument);
  EXPECT_EQ(refused(&keyless, with_sample_id("d", "")), errc::invalid_argument);
  EXPECT_TRUE(checkpoint_session::open(loaded_verifier(), &keyless, with("gate-3", true)).ok());
}

// A store whose journal or list storage fails, to see the session stop rather than lose them.
class failing_store final : public checkpoint_store {
 public:
  bool keeps_lists() const override { return true; }
  status save_lists(const verifier&) override {
    return error{errc::state_error, "state 'x': disk full"};
  }
  bool keeps_clock_mark() const override { return true; }
  std::optional<std::int64_t> saved_clock_mark() const override { return std::nullopt; }
  status save_clock_mark(std::int64_t) override {
    return error{errc::state_error, "state 'x': clock not written"};
  }
  bool has_journal() const override { return true; }
  const journal_key* journal_secret() const override { return nullptr; }
  result<std::int64_t> append_record(const journal_record&) override {
    return error{errc::journal_error, "journal: disk full"};
  }
  status link_sample(std::int64_t, std::string_view) override { return success(); }
  result<std::vector<std::int64_t>> records_with_sample(std::string_view) override {
    return std::vector<std::int64_t>{};
  }
};

TEST(CheckpointSession, AStoreThatFailsStopsTheCheckpointAndAMarkNotKeptIsANotice) {
  failing_store store;
  auto session = open_session(&store, with("gate-3", true));
  auto e = session.handle(issue(default_claims()), now0);
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.code(), errc::journal_error);
  EXPECT_EQ(e.error().message, "journal: journal: disk full");
  auto update = session.handle(*trust_list_text(signed_trust_list(default_trust_list(6))), now0);
  ASSERT_FALSE(update.ok());
  EXPECT_EQ(update.code(), errc::state_error);
  auto offered = session.offer_trust_list(signed_trust_list(default_trust_list(7)));
  ASSERT_FALSE(offered.ok());
  EXPECT_EQ(offered.code(), errc::state_error);

  auto unjournaled = open_session(&store);
  auto seen = unjournaled.handle(issue(default_claims()), now0);
  ASSERT_TRUE(seen.ok());
  ASSERT_TRUE(has_notice(*seen, checkpoint_notice_code::clock_not_saved));
  EXPECT_TRUE(seen->passed());  // a notice never changes the verdict
}

TEST(RaiseClockMark, RisesOnlyWithinPlausibilityAndAsksToKeepItOnceAMinute) {
  verifier bare(pinned_roots());
  EXPECT_EQ(raise_clock_mark(bare, now0, std::nullopt), std::nullopt);  // no lists: no mark
  EXPECT_FALSE(bare.high_water());
  verifier v = loaded_verifier();
  const auto until = v.plausible_until();
  ASSERT_TRUE(until);
  EXPECT_EQ(*until, static_cast<std::int64_t>(t0 + 30 * day) + verifier::clock_plausibility_margin);
  EXPECT_EQ(raise_clock_mark(v, *until + 1, std::nullopt), std::nullopt);
  EXPECT_FALSE(v.high_water());
  EXPECT_EQ(raise_clock_mark(v, now0, std::nullopt), now0);
  EXPECT_EQ(raise_clock_mark(v, now0 + 59, now0), std::nullopt);
  EXPECT_EQ(v.high_water(), now0 + 59);
  EXPECT_EQ(raise_clock_mark(v, now0 + 10, now0), std::nullopt);  // never falls
  EXPECT_EQ(v.high_water(), now0 + 59);
  EXPECT_EQ(raise_clock_mark(v, now0 + 60, now0), now0 + 60);
}

TEST(CheckpointNames, EveryCodeHasItsName) {
  EXPECT_EQ(to_string(checkpoint_notice_code::sample_already_linked), "sample_already_linked");
  EXPECT_EQ(to_string(checkpoint_notice_code::clock_implausible), "clock_implausible");
  EXPECT_EQ(to_string(checkpoint_event_kind::key_update), "key_update");
}

}  // namespace
}  // namespace qrseal
