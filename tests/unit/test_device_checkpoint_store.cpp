// The native checkpoint store: a session over a state directory and its SQLite journal keeps a
// scanned key update, the clock mark and the records across a restart.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <qrseal/device_checkpoint_store.hpp>

#include "fixtures.hpp"

namespace qrseal {
namespace {

namespace fs = std::filesystem;
using namespace fixtures;

class DeviceCheckpointStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = (fs::temp_directory_path() /
            ("qrseal-dcs-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name()))
               .string();
    fs::remove_all(dir_);
    auto s = device_state::init(dir_, pinned_roots());
    ASSERT_TRUE(s.ok()) << s.error().message;
    auto v = s->make_verifier();
    ASSERT_TRUE(s->offer_trust_list(*v, signed_trust_list(default_trust_list())).ok());
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string dir_;
};

TEST_F(DeviceCheckpointStoreTest, ADayAtTheGateSurvivesARestart) {
  auto state = device_state::open(dir_);
  ASSERT_TRUE(state.ok());
  auto book = journal::open(state->journal_path());
  ASSERT_TRUE(book.ok());
  device_checkpoint_store store(&*state, &*book);
  EXPECT_TRUE(store.keeps_lists());
  EXPECT_TRUE(store.keeps_clock_mark());
  EXPECT_EQ(store.journal_secret(), &state->journal_secret());
  checkpoint_options options;
  options.checkpoint = "g";
  auto session = checkpoint_session::open(*state->make_verifier(), &store, options);
  ASSERT_TRUE(session.ok()) << session.error().message;
  auto e = session->handle(issue(default_claims()), now0);
  ASSERT_TRUE(e.ok()) << e.error().message;
  EXPECT_TRUE(e->passed());
  EXPECT_EQ(e->record, 1);
  auto update = session->handle(*trust_list_text(signed_trust_list(default_trust_list(3))), now0);
  ASSERT_TRUE(update.ok());
  EXPECT_TRUE(update->stored);

  auto reopened = device_state::open(dir_);
  ASSERT_TRUE(reopened.ok());
  EXPECT_EQ(reopened->high_water(), now0);
  EXPECT_EQ(reopened->make_verifier()->trust()->seq, 3u);
  auto records = book->records();
  ASSERT_EQ(records->size(), 1u);
  EXPECT_EQ((*records)[0].form, ref_form::keyed);
}

TEST_F(DeviceCheckpointStoreTest, ARunOnOtherListsOrWithoutStateKeepsNoList) {
  auto state = device_state::open(dir_);
  device_checkpoint_store other_lists(&*state, nullptr, false);
  EXPECT_FALSE(other_lists.keeps_lists());
  EXPECT_TRUE(other_lists.keeps_clock_mark());
  EXPECT_FALSE(other_lists.save_lists(*state->make_verifier()).ok());
  device_checkpoint_store stateless(nullptr, nullptr);
  EXPECT_FALSE(stateless.keeps_lists());
  EXPECT_FALSE(stateless.keeps_clock_mark());
  EXPECT_FALSE(stateless.has_journal());
  EXPECT_EQ(stateless.journal_secret(), nullptr);
  EXPECT_FALSE(stateless.append_record({}).ok());
  EXPECT_FALSE(stateless.save_clock_mark(now0).ok());
}

}  // namespace
}  // namespace qrseal
