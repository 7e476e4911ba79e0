// The in-memory checkpoint store refuses what the SQLite journal refuses, so a session (and the
// browser that copies this store to IndexedDB) behaves as on a native device.
#include <gtest/gtest.h>

#include <qrseal/checkpoint.hpp>

#include "fixtures.hpp"

namespace qrseal {
namespace {

using namespace fixtures;

TEST(MemoryCheckpointStore, RecordsGetIdsInOrderAndOneSampleEach) {
  memory_checkpoint_store store;
  journal_record r;
  r.checkpoint = "gate-1";
  EXPECT_EQ(*store.append_record(r), 1);
  r.id = 77;  // ignored
  EXPECT_EQ(*store.append_record(r), 2);
  EXPECT_EQ(store.records()[1].id, 2);
  EXPECT_TRUE(store.link_sample(2, "TUBE-1").ok());
  EXPECT_FALSE(store.link_sample(2, "TUBE-2").ok());  // already has one
  EXPECT_FALSE(store.link_sample(3, "TUBE-2").ok());  // no such record
  EXPECT_FALSE(store.link_sample(0, "TUBE-2").ok());
  EXPECT_FALSE(store.link_sample(1, "").ok());
  EXPECT_FALSE(store.link_sample(1, "TUBE\r\n1").ok());  // a line break would split an export
  EXPECT_FALSE(store.link_sample(1, std::string(65, 'x')).ok());
  EXPECT_FALSE(store.link_sample(1, "\xc3").ok());
  EXPECT_TRUE(store.link_sample(1, "TUBE-1").ok());
  EXPECT_EQ(*store.records_with_sample("TUBE-1"), (std::vector<std::int64_t>{1, 2}));
  EXPECT_TRUE(store.records_with_sample("TUBE-9")->empty());
}

TEST(MemoryCheckpointStore, KeepsTheVerifiersListsAndARisingMark) {
  journal_key key{};
  key.fill(7);
  memory_checkpoint_store store(key);
  ASSERT_NE(store.journal_secret(), nullptr);
  EXPECT_EQ(*store.journal_secret(), key);
  verifier v(pinned_roots());
  ASSERT_EQ(v.offer_trust_list(signed_trust_list(default_trust_list())).result,
            list_result::accepted);
  ASSERT_EQ(v.offer_revocation_list(signed_revocation_list(1)).result, list_result::accepted);
  EXPECT_TRUE(store.save_lists(v).ok());
  EXPECT_EQ(store.trust_list_bytes(), v.trust_bytes());
  EXPECT_EQ(store.revocation_list_bytes(), v.revocation_bytes());
  EXPECT_FALSE(store.saved_clock_mark());
  EXPECT_TRUE(store.save_clock_mark(now0).ok());
  EXPECT_TRUE(store.save_clock_mark(now0 - 5).ok());
  EXPECT_EQ(store.saved_clock_mark(), now0);
}

TEST(MemoryCheckpointStore, WithoutAJournalItRefusesRecords) {
  memory_checkpoint_store store(std::nullopt, false);
  EXPECT_FALSE(store.has_journal());
  EXPECT_EQ(store.journal_secret(), nullptr);
  EXPECT_EQ(store.append_record({}).code(), errc::journal_error);
}

}  // namespace
}  // namespace qrseal
