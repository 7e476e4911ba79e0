// The scan journal: records of verdicts with keyed or linkable references, samples linked after
// the fact, reading back, counts per hour, and refusing bad input.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <qrseal/journal.hpp>
#include <qrseal/lists.hpp>
#include <string>

#include "fixtures.hpp"

namespace qrseal {
namespace {

namespace fs = std::filesystem;
using namespace fixtures;

class JournalTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("qrseal-journal-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string path(const char* name) const { return (dir_ / name).string(); }
  fs::path dir_;
};

verifier default_verifier() {
  verifier v(pinned_roots());
  EXPECT_EQ(v.offer_trust_list(signed_trust_list(default_trust_list())).result,
            list_result::accepted);
  return v;
}

TEST(JournalRefs, KeyedDependsOnTheKeyLinkableIsTheRevocationPrefix) {
  const claims c = default_claims();
  journal_key a{}, b{};
  a.fill(1);
  b.fill(2);
  EXPECT_NE(keyed_credential_ref(a, c.cti), keyed_credential_ref(b, c.cti));
  EXPECT_EQ(keyed_credential_ref(a, c.cti), keyed_credential_ref(a, c.cti));
  EXPECT_EQ(linkable_credential_ref(c.cti), revocation_prefix_of(c.cti));
  EXPECT_NE(keyed_credential_ref(a, c.cti), linkable_credential_ref(c.cti));
  EXPECT_NE(new_journal_key(), new_journal_key());
}

TEST(JournalRefs, RecordOfAVerdictNeverHoldsTheName) {
  const verifier v = default_verifier();
  const claims c = default_claims();
  const auto verdict = v.verify(issue(c), now0);
  ASSERT_TRUE(verdict.is_valid()) << verdict.detail();
  journal_key key{};
  key.fill(7);
  const auto keyed = journal_record_of(verdict, now0, "bus-7 door", key, false);
  EXPECT_EQ(keyed.result, outcome::valid);
  EXPECT_EQ(keyed.form, ref_form::keyed);
  EXPECT_EQ(keyed.credential, keyed_credential_ref(key, c.cti));
  EXPECT_EQ(keyed.kid, issuer_a().public_key().kid());
  const auto linkable = journal_record_of(verdict, now0, "desk-1", key, true);
  EXPECT_EQ(linkable.form, ref_form::linkable);
  EXPECT_EQ(linkable.credential, linkable_credential_ref(c.cti));
  // A malformed text has no credential to refer to.
  const auto bad = journal_record_of(v.verify("QS1:???", now0), now0, "desk-1", key, true);
  EXPECT_EQ(bad.result, outcome::malformed);
  EXPECT_EQ(bad.form, ref_form::none);
  EXPECT_FALSE(bad.credential);
  EXPECT_FALSE(bad.kid);
}

TEST_F(JournalTest, AppendReadLinkAndCount) {
  auto j = journal::open(path("j.db"));
  ASSERT_TRUE(j.ok()) << j.error().message;
  const verifier v = default_verifier();
  journal_key key{};
  key.fill(3);
  auto r1 = journal_record_of(v.verify(issue(default_claims()), now0), now0, "gate-1", key, false);
  auto id1 = j->append(r1);
  ASSERT_TRUE(id1.ok()) << id1.error().message;
  auto r2 = journal_record_of(v.verify(issue(default_claims()), now0 + 10), now0 + 10, "desk-2",
                              key, true);
  r2.sample_id = "TUBE-0001";
  auto id2 = j->append(r2);
  ASSERT_TRUE(id2.ok());
  auto r3 = journal_record_of(v.verify("garbage", now0 + 4000), now0 + 4000, "gate-1", key, false);
  r3.warnings = {warning::trust_list_stale, warning::clock_behind};
  auto id3 = j->append(r3);
  ASSERT_TRUE(id3.ok());
  EXPECT_LT(*id1, *id2);
  EXPECT_LT(*id2, *id3);

  ASSERT_TRUE(j->link_sample(*id1, "TUBE-0002").ok());
  const auto again = j->link_sample(*id1, "TUBE-0003");
  ASSERT_FALSE(again.ok());
  EXPECT_NE(again.error().message.find("already has a sample id"), std::string::npos);
  EXPECT_FALSE(j->link_sample(999, "TUBE-9").ok());

  // Read back through a second connection: exactly what was written.
  auto other = journal::open(path("j.db"));
  ASSERT_TRUE(other.ok());
  auto all = other->records();
  ASSERT_TRUE(all.ok()) << all.error().message;
  ASSERT_EQ(all->size(), 3u);
  r1.id = *id1;
  r1.sample_id = "TUBE-0002";
  r2.id = *id2;
  r3.id = *id3;
  EXPECT_EQ((*all)[0], r1);
  EXPECT_EQ((*all)[1], r2);
  EXPECT_EQ((*all)[2], r3);
  EXPECT_EQ(other->records(now0 + 5)->size(), 2u);

  auto counts = other->counts_per_hour();
  ASSERT_TRUE(counts.ok());
  const std::int64_t h0 = now0 - now0 % 3600;
  const std::vector<journal_hour_count> want{{h0, outcome::valid, 2},
                                             {h0 + 3600, outcome::malformed, 1}};
  EXPECT_EQ(*counts, want);
}

TEST_F(JournalTest, RefusesBadRecordsAndForeignFiles) {
  auto j = journal::open(path("j.db"));
  ASSERT_TRUE(j.ok());
  journal_record r;
  r.time = now0;
  EXPECT_EQ(j->append(r).code(), errc::journal_error);  // empty checkpoint
  r.checkpoint = std::string(65, 'c');
  EXPECT_FALSE(j->append(r).ok());
  r.checkpoint = "\xff";
  EXPECT_FALSE(j->append(r).ok());
  // A line break or tab in an id would split its line in an export: refused, with where.
  r.checkpoint = "gate\n3";
  auto broken = j->append(r);
  ASSERT_FALSE(broken.ok());
  EXPECT_EQ(broken.error().message,
            "checkpoint id holds the control character 0x0A at byte 4 (ids are printed in "
            "exports, one record a line)");
  r.checkpoint = "ok";
  r.sample_id = std::string(65, 's');
  EXPECT_FALSE(j->append(r).ok());
  r.sample_id = "S-1\t2";
  EXPECT_EQ(j->append(r).code(), errc::journal_error);
  r.sample_id = "样本-1";  // any printable UTF-8 is an id
  EXPECT_TRUE(j->append(r).ok());
  r.sample_id.reset();
  r.form = ref_form::keyed;  // a form without a reference
  EXPECT_FALSE(j->append(r).ok());
  r.form = ref_form::none;
  EXPECT_TRUE(j->append(r).ok());

  auto ledger_like = journal::open(path("not-a-journal.txt"));
  ASSERT_TRUE(ledger_like.ok());  // a new file becomes a journal
  {
    std::ofstream f(path("text.db"));
    f << "plain text, not SQLite, long enough to fill a database header page at least......";
  }
  auto text = journal::open(path("text.db"));
  ASSERT_FALSE(text.ok());
  EXPECT_EQ(text.code(), errc::journal_error);
}

}  // namespace
}  // namespace qrseal
