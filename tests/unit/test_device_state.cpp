// The state directory: init pins roots once, lists are stored only when a pinned root signed
// them and they are newer, a QT1 key-update text replaces the trust list, the clock high-water
// mark survives a restart and catches a clock set back, and damage is reported.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <qrseal/device_state.hpp>
#include <qrseal/device_state_json.hpp>
#include <qrseal/hex.hpp>
#include <qrseal/issuer.hpp>
#include <qrseal/time.hpp>
#include <string>

#include "fixtures.hpp"

namespace qrseal {
namespace {

namespace fs = std::filesystem;
using namespace fixtures;

class DeviceStateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    base_ = fs::temp_directory_path() /
            ("qrseal-state-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(base_);
    fs::create_directories(base_);
    dir_ = (base_ / "state").string();
  }
  void TearDown() override { fs::remove_all(base_); }
  fs::path base_;
  std::string dir_;
};

TEST_F(DeviceStateTest, InitPinsRootsOnceWithAPrivateJournalKey) {
  const auto roots = pinned_roots();
  auto s = device_state::init(dir_, roots);
  ASSERT_TRUE(s.ok()) << s.error().message;
  struct stat st {};
  ASSERT_EQ(::stat((dir_ + "/journal.key").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  ASSERT_EQ(::stat(dir_.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0700u);
  auto again = device_state::init(dir_, roots);
  ASSERT_FALSE(again.ok());
  EXPECT_NE(again.error().message.find("already holds a state"), std::string::npos);
  EXPECT_FALSE(device_state::init((base_ / "empty").string(), {}).ok());

  auto opened = device_state::open(dir_);
  ASSERT_TRUE(opened.ok()) << opened.error().message;
  EXPECT_EQ(opened->roots(), roots);
  EXPECT_EQ(opened->journal_secret(), s->journal_secret());
  EXPECT_FALSE(opened->holds_trust_list());
  EXPECT_FALSE(opened->high_water());
}

TEST_F(DeviceStateTest, ListsAreKeptOnlyWhenAcceptedAndSurviveARestart) {
  auto s = device_state::init(dir_, pinned_roots());
  ASSERT_TRUE(s.ok());
  auto v = s->make_verifier();
  ASSERT_TRUE(v.ok());
  const auto credential = issue(default_claims());
  EXPECT_EQ(v->verify(credential, now0).outcome(), outcome::unknown_key);  // no trust list yet

  auto offer = s->offer_trust_list(*v, signed_trust_list(default_trust_list(2)));
  ASSERT_TRUE(offer.ok());
  EXPECT_EQ(offer->result, list_result::accepted);
  auto rolled = s->offer_trust_list(*v, signed_trust_list(default_trust_list(1)));
  EXPECT_EQ(rolled->result, list_result::rollback);
  auto stranger = s->offer_trust_list(*v, signed_trust_list(default_trust_list(3), issuer_b()));
  EXPECT_EQ(stranger->result, list_result::unknown_root);
  revocation_prefix revoked = revocation_prefix_of(default_claims().cti);
  EXPECT_EQ(s->offer_revocation_list(*v, signed_revocation_list(1, {revoked}))->result,
            list_result::accepted);

  // After a restart the device holds seq 2 and the revocation list: the credential is revoked,
  // and seq 1 is still a rollback.
  auto reopened = device_state::open(dir_);
  ASSERT_TRUE(reopened.ok()) << reopened.error().message;
  auto v2 = reopened->make_verifier();
  ASSERT_TRUE(v2.ok());
  ASSERT_TRUE(v2->trust());
  EXPECT_EQ(v2->trust()->seq, 2u);
  EXPECT_EQ(v2->verify(credential, now0).outcome(), outcome::revoked);
  EXPECT_EQ(reopened->offer_trust_list(*v2, signed_trust_list(default_trust_list(1)))->result,
            list_result::rollback);
}

TEST_F(DeviceStateTest, KeyUpdateByQt1Text) {
  auto s = device_state::init(dir_, pinned_roots());
  ASSERT_TRUE(s.ok());
  auto v = s->make_verifier();
  ASSERT_TRUE(v.ok());
  const auto sheet = trust_list_text(signed_trust_list(default_trust_list(5)));
  ASSERT_TRUE(sheet.ok());
  EXPECT_EQ(s->offer_trust_list_text(*v, *sheet)->result, list_result::accepted);
  EXPECT_EQ(s->offer_trust_list_text(*v, *sheet)->result, list_result::unchanged);
  EXPECT_EQ(s->offer_trust_list_text(*v, "QT1:NOT BASE45!")->result, list_result::malformed);
  auto reopened = device_state::open(dir_);
  ASSERT_TRUE(reopened.ok());
  EXPECT_EQ(reopened->make_verifier()->trust()->seq, 5u);
}

TEST_F(DeviceStateTest, ClockHighWaterSurvivesARestartAndCatchesAClockSetBack) {
  auto s = device_state::init(dir_, pinned_roots());
  ASSERT_TRUE(s.ok());
  auto v = s->make_verifier();
  ASSERT_TRUE(v.ok());
  ASSERT_TRUE(s->offer_trust_list(*v, signed_trust_list(default_trust_list())).ok());
  const std::int64_t later = now0 + 2 * static_cast<std::int64_t>(day);
  ASSERT_TRUE(s->observe_time(*v, later).ok());
  auto reopened = device_state::open(dir_);
  ASSERT_TRUE(reopened.ok());
  EXPECT_EQ(reopened->high_water(), later);
  auto v2 = reopened->make_verifier();
  // The device clock now says a day earlier than it has already seen.
  const auto verdict = v2->verify(issue(default_claims()), now0 + static_cast<std::int64_t>(day));
  const auto& w = verdict.warnings();
  EXPECT_NE(std::find(w.begin(), w.end(), warning::clock_behind), w.end());
  // Small steps forward are kept in memory, and written once they add up to a minute.
  ASSERT_TRUE(reopened->observe_time(*v2, later + 30).ok());
  EXPECT_EQ(device_state::open(dir_)->high_water(), later);
  ASSERT_TRUE(reopened->observe_time(*v2, later + 61).ok());
  EXPECT_EQ(device_state::open(dir_)->high_water(), later + 61);
}

TEST_F(DeviceStateTest, DamageIsReported) {
  EXPECT_EQ(device_state::open(dir_).code(), errc::state_error);  // nothing there
  ASSERT_TRUE(device_state::init(dir_, pinned_roots()).ok());
  std::ofstream(dir_ + "/clock") << "yesterday";
  auto clock = device_state::open(dir_);
  ASSERT_FALSE(clock.ok());
  EXPECT_NE(clock.error().message.find("clock"), std::string::npos);
  std::ofstream(dir_ + "/clock") << "1700000000\n";
  std::ofstream(dir_ + "/trust.cose") << "not a list";
  auto s = device_state::open(dir_);
  ASSERT_TRUE(s.ok());
  auto v = s->make_verifier();
  ASSERT_FALSE(v.ok());
  EXPECT_NE(v.error().message.find("stored trust list"), std::string::npos);
  std::ofstream(dir_ + "/roots") << "zz\n";
  EXPECT_FALSE(device_state::open(dir_).ok());
}

}  // namespace
}  // namespace qrseal

namespace qrseal {
namespace {

using namespace fixtures;

class DeviceClockTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = (std::filesystem::temp_directory_path() /
            ("qrseal-clock-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name()))
               .string();
    std::filesystem::remove_all(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string dir_;
};

TEST_F(DeviceClockTest, AnImplausibleTimeRaisesNothingAndResetClockIsJournaled) {
  auto s = device_state::init(dir_, pinned_roots());
  ASSERT_TRUE(s.ok());
  auto v = s->make_verifier();
  ASSERT_TRUE(v.ok());
  // Without lists no time is plausible: nothing verifies anyway.
  ASSERT_TRUE(s->observe_time(*v, now0).ok());
  EXPECT_FALSE(s->high_water().has_value());
  ASSERT_TRUE(s->offer_trust_list(*v, signed_trust_list(default_trust_list())).ok());
  const auto until = v->plausible_until();
  ASSERT_TRUE(until.has_value());
  EXPECT_EQ(*until, static_cast<std::int64_t>(t0 + 30 * day) + verifier::clock_plausibility_margin);
  // A year ahead (a typo, a glitch): the mark does not move, in memory or on disk.
  ASSERT_TRUE(s->observe_time(*v, now0 + 365 * static_cast<std::int64_t>(day)).ok());
  EXPECT_FALSE(s->high_water().has_value());
  const auto ok = v->verify(issue(default_claims()), now0);
  EXPECT_TRUE(ok.warnings().empty());
  // A plausible future time does raise it; reset_clock brings it back and says so in the journal.
  const std::int64_t ahead = now0 + 2 * static_cast<std::int64_t>(day);
  ASSERT_TRUE(s->observe_time(*v, ahead).ok());
  EXPECT_EQ(device_state::open(dir_)->high_water(), ahead);
  auto previous = s->reset_clock(now0);
  ASSERT_TRUE(previous.ok()) << previous.error().message;
  EXPECT_EQ(*previous, ahead);
  EXPECT_EQ(device_state::open(dir_)->high_water(), now0);
  auto book = journal::open(s->journal_path());
  ASSERT_TRUE(book.ok());
  const auto events = book->events();
  ASSERT_TRUE(events.ok());
  ASSERT_EQ(events->size(), 1u);
  EXPECT_EQ((*events)[0].kind, "clock_reset");
  EXPECT_EQ((*events)[0].time, now0);
  auto fresh = device_state::open(dir_)->make_verifier();
  EXPECT_TRUE(fresh->verify(issue(default_claims()), now0).warnings().empty());
}

TEST_F(DeviceClockTest, StateJsonSaysWhatTheDeviceHolds) {
  auto s = device_state::init(dir_, pinned_roots());
  ASSERT_TRUE(s.ok());
  auto fresh = device_state_json(*s);
  ASSERT_TRUE(fresh.ok()) << fresh.error().message;
  auto j = nlohmann::json::parse(*fresh);
  EXPECT_EQ(j["state"], dir_);
  ASSERT_EQ(j["roots"].size(), 1u);
  EXPECT_EQ(j["roots"][0], to_hex(root_key().public_key().kid()));
  EXPECT_FALSE(j.contains("trust_list"));
  EXPECT_FALSE(j.contains("clock_high_water"));
  EXPECT_TRUE(j["clock_resets"].empty());

  auto v = s->make_verifier();
  ASSERT_TRUE(v.ok());
  ASSERT_TRUE(s->offer_trust_list(*v, signed_trust_list(default_trust_list(2))).ok());
  ASSERT_TRUE(s->offer_revocation_list(
                   *v, signed_revocation_list(5, {revocation_prefix_of(default_claims().cti)}))
                  .ok());
  ASSERT_TRUE(s->reset_clock(now0).ok());
  auto held = device_state_json(*device_state::open(dir_));
  ASSERT_TRUE(held.ok()) << held.error().message;
  j = nlohmann::json::parse(*held);
  EXPECT_EQ(j["trust_list"]["seq"], 2);
  EXPECT_EQ(j["trust_list"]["entries"], default_trust_list(2).entries.size());
  EXPECT_EQ(j["revocation_list"]["seq"], 5);
  EXPECT_EQ(j["revocation_list"]["entries"], 1);
  EXPECT_EQ(j["clock_high_water"], format_rfc3339(now0));
  ASSERT_EQ(j["clock_resets"].size(), 1u);
  EXPECT_EQ(j["clock_resets"][0]["time"], format_rfc3339(now0));
  // The keys come in the order people read them.
  EXPECT_EQ(held->find("\"state\""), held->find('"'));
}

TEST_F(DeviceClockTest, OverridesReplaceWhatTheStateHoldsForOneVerifierOnly) {
  auto s = device_state::init(dir_, pinned_roots());
  ASSERT_TRUE(s.ok());
  auto v = s->make_verifier();
  ASSERT_TRUE(v.ok());
  ASSERT_TRUE(s->offer_trust_list(*v, signed_trust_list(default_trust_list(3))).ok());
  ASSERT_TRUE(s->observe_time(*v, now0).ok());
  const auto credential = issue(default_claims());

  // Nothing given: the state's roots, list and clock mark.
  auto plain = make_verifier(&*s, {}, {});
  ASSERT_TRUE(plain.ok()) << plain.error().message;
  EXPECT_EQ(plain->trust()->seq, 3u);
  EXPECT_EQ(plain->high_water(), s->high_water());
  EXPECT_TRUE(plain->verify(credential, now0).is_valid());

  // An older list given for one run replaces the state's there (no anti-rollback against a
  // file the operator names), and the state keeps seq 3.
  const auto older = signed_trust_list(default_trust_list(1));
  verifier_overrides given;
  given.trust = named_list_bytes{"old.cose", older};
  auto one_run = make_verifier(&*s, given, {});
  ASSERT_TRUE(one_run.ok()) << one_run.error().message;
  EXPECT_EQ(one_run->trust()->seq, 1u);
  EXPECT_EQ(device_state::open(dir_)->make_verifier()->trust()->seq, 3u);

  // A list the roots did not sign is an error that names it and keeps the list's code.
  const auto foreign = signed_trust_list(default_trust_list(4), issuer_b());
  given.trust = named_list_bytes{"foreign.cose", foreign};
  auto refused = make_verifier(&*s, given, {});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.code(), errc::list_unknown_root);
  EXPECT_EQ(
      refused.error().message.rfind("trust list 'foreign.cose' refused: list_unknown_root: ", 0),
      0u);
  // Other roots given replace the pinned ones: the state's list is then not theirs.
  given = {};
  given.roots = {issuer_b().public_key()};
  EXPECT_EQ(make_verifier(&*s, given, {}).code(), errc::list_unknown_root);

  // Without a state: roots and a trust list are needed.
  EXPECT_EQ(make_verifier(nullptr, {}, {}).code(), errc::invalid_argument);
  given = {};
  given.roots = pinned_roots();
  EXPECT_EQ(make_verifier(nullptr, given, {}).code(), errc::invalid_argument);
  const auto list = signed_trust_list(default_trust_list(2));
  given.trust = named_list_bytes{"trust.cose", list};
  auto stateless = make_verifier(nullptr, given, {});
  ASSERT_TRUE(stateless.ok());
  EXPECT_FALSE(stateless->high_water().has_value());
  EXPECT_TRUE(stateless->verify(credential, now0).is_valid());
}

}  // namespace
}  // namespace qrseal
