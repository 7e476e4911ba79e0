// The native checkpoint store: a session over a state directory and its SQLite journal keeps a
// scanned key update, the clock mark and the records across a restart; and the plan of a run
// from what its operator asked (which journal, whether its options go together).
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

TEST_F(DeviceCheckpointStoreTest, APlanJournalsToTheStatesJournalWhenTheRunHasACheckpointId) {
  auto state = device_state::open(dir_);
  ASSERT_TRUE(state.ok());
  device_checkpoint_request request;
  auto plan = plan_device_checkpoint(&*state, request);
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  EXPECT_FALSE(plan->journal);
  EXPECT_TRUE(plan->keep_lists);
  EXPECT_TRUE(plan->session.checkpoint.empty());
  EXPECT_TRUE(plan->session.take_key_updates);  // a run with a state takes key updates

  request.checkpoint = "gate-3";
  request.own_lists = false;
  plan = plan_device_checkpoint(&*state, request);
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  EXPECT_EQ(plan->journal, state->journal_path());
  EXPECT_FALSE(plan->keep_lists);
  EXPECT_EQ(plan->session.checkpoint, "gate-3");
  EXPECT_FALSE(plan->session.linkable);

  request.journal = "elsewhere.db";
  request.sample_desk = true;
  plan = plan_device_checkpoint(&*state, request);
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  EXPECT_EQ(plan->journal, "elsewhere.db");
  EXPECT_TRUE(plan->session.sample_desk);
}

TEST(DeviceCheckpointPlan, WithoutAStateOnlyLinkableReferencesAreJournaled) {
  device_checkpoint_request request;
  auto plan = plan_device_checkpoint(nullptr, request);
  ASSERT_TRUE(plan.ok());
  EXPECT_FALSE(plan->journal);
  EXPECT_FALSE(plan->session.take_key_updates);
  request.take_key_updates = true;
  EXPECT_TRUE(plan_device_checkpoint(nullptr, request)->session.take_key_updates);

  request.journal = "j.db";
  plan = plan_device_checkpoint(nullptr, request);
  ASSERT_FALSE(plan.ok());
  EXPECT_EQ(plan.code(), errc::invalid_argument);
  EXPECT_EQ(plan.error().message,
            "--journal needs --checkpoint ID (which door or desk the records are from)");

  request.checkpoint = "desk-1";
  plan = plan_device_checkpoint(nullptr, request);
  ASSERT_FALSE(plan.ok());
  EXPECT_EQ(plan.error().message,
            "journal records refer to credentials by a hash keyed with the device's key: give "
            "--state DIR, or --linkable for the resolvable form");
  request.linkable = true;
  EXPECT_TRUE(plan_device_checkpoint(nullptr, request).ok());
  request.linkable = false;
  request.sample_id = "TUBE-1";  // a sample desk journals the linkable form
  plan = plan_device_checkpoint(nullptr, request);
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(plan->session.sample_id, "TUBE-1");

  // Journal options without a journal: a checkpoint id needs a state to find the journal in.
  device_checkpoint_request id, linkable, sample_id, sample_desk;
  id.checkpoint = "g";
  linkable.linkable = true;
  sample_id.sample_id = "T";
  sample_desk.sample_desk = true;
  for (const auto& options : {id, linkable, sample_id, sample_desk}) {
    plan = plan_device_checkpoint(nullptr, options);
    ASSERT_FALSE(plan.ok());
    EXPECT_EQ(plan.error().message,
              "--checkpoint, --linkable, --sample-id and --sample-desk are for the journal: give "
              "--journal J.db (or --state DIR with --checkpoint)");
  }
}

}  // namespace
}  // namespace qrseal
