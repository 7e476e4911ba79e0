// The state directory: init pins roots once, lists are stored only when a pinned root signed
// them and they are newer, a QT1 key-update text replaces the trust list, the clock high-water
// mark survives a restart and catches a clock set back, and damage is reported.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <qrseal/device_state.hpp>
#include <qrseal/issuer.hpp>
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

}  // namespace
}  // namespace qrseal
