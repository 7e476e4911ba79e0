// The issuance ledger: schema, batch job progress committed with its entries, lookups by subject
// and by revocation prefix, and refusing files that are not a qrseal ledger.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <qrseal/ledger.hpp>
#include <string>

namespace qrseal {
namespace {

namespace fs = std::filesystem;

class LedgerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("qrseal-ledger-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
            "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string path(const char* name) const { return (dir_ / name).string(); }

  fs::path dir_;
};

ledger_entry entry(std::string subject, std::uint8_t fill, std::uint64_t exp) {
  ledger_entry e;
  e.subject_id = std::move(subject);
  e.cti.fill(fill);
  e.kid.fill(0xAB);
  e.iat = 1000;
  e.exp = exp;
  return e;
}

TEST_F(LedgerTest, JobProgressAndEntriesCommitTogether) {
  auto book = ledger::open(path("l.sqlite"));
  ASSERT_TRUE(book.ok()) << book.error().message;
  auto none = book->find_job("/out");
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(*none);
  auto job = book->create_job("/out", "iss=X");
  ASSERT_TRUE(job.ok());
  batch_job next = *job;
  next.chunks = 1;
  next.input_bytes = 123;
  next.input_lines = 4;
  next.input_sha256.fill(0x5A);
  next.credentials_bytes = 900;
  next.rejected_bytes = 80;
  next.issued = 2;
  next.rejected = 1;
  const std::vector<ledger_entry> entries{entry("A", 1, 5000), entry("B", 2, 5000)};
  ASSERT_TRUE(book->commit_chunk(next, entries).ok());

  // A second connection sees exactly what was committed.
  auto again = ledger::open(path("l.sqlite"));
  ASSERT_TRUE(again.ok());
  auto found = again->find_job("/out");
  ASSERT_TRUE(found.ok() && *found);
  EXPECT_EQ((*found)->chunks, 1u);
  EXPECT_EQ((*found)->input_bytes, 123u);
  EXPECT_EQ((*found)->input_lines, 4u);
  EXPECT_EQ((*found)->input_sha256, next.input_sha256);
  EXPECT_EQ((*found)->credentials_bytes, 900u);
  EXPECT_EQ((*found)->rejected_bytes, 80u);
  EXPECT_EQ((*found)->issued, 2u);
  EXPECT_EQ((*found)->rejected, 1u);
  EXPECT_EQ((*found)->settings, "iss=X");
  EXPECT_FALSE((*found)->complete);
  EXPECT_EQ(*again->count(), 2u);
  ASSERT_TRUE(again->finish_job(found.value()->id).ok());
  EXPECT_TRUE((*book->find_job("/out"))->complete);
}

TEST_F(LedgerTest, AFailedChunkLeavesNothingBehind) {
  auto book = ledger::open(path("l.sqlite"));
  ASSERT_TRUE(book.ok());
  batch_job ghost;
  ghost.id = 42;  // no such job: the progress update fails, so the entries must roll back
  ghost.chunks = 1;
  const std::vector<ledger_entry> entries{entry("A", 1, 5000)};
  const auto s = book->commit_chunk(ghost, entries);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.code(), errc::ledger_error);
  EXPECT_EQ(*book->count(), 0u);
}

TEST_F(LedgerTest, UnexpiredCredentialsOfASubject) {
  auto book = ledger::open(path("l.sqlite"));
  ASSERT_TRUE(book.ok());
  const std::vector<ledger_entry> entries{entry("A", 1, 2000), entry("A", 2, 3000),
                                          entry("B", 3, 3000), entry("A", 4, 9000)};
  ASSERT_TRUE(book->record(entries).ok());
  auto a = book->unexpired_of("A", 2500);
  ASSERT_TRUE(a.ok());
  ASSERT_EQ(a->size(), 2u);
  EXPECT_EQ((*a)[0], entries[1]);
  EXPECT_EQ((*a)[1], entries[3]);
  EXPECT_TRUE(book->unexpired_of("A", 9000)->empty());  // exp is not after now
  EXPECT_TRUE(book->unexpired_of("nobody", 0)->empty());
}

TEST_F(LedgerTest, LatestExpiryByRevocationPrefix) {
  auto book = ledger::open(path("l.sqlite"));
  ASSERT_TRUE(book.ok());
  const std::vector<ledger_entry> entries{entry("A", 1, 2000), entry("B", 3, 7000)};
  ASSERT_TRUE(book->record(entries).ok());
  auto latest = book->latest_exp_of(revocation_prefix_of(entries[1].cti));
  ASSERT_TRUE(latest.ok());
  EXPECT_EQ(*latest, std::optional<std::uint64_t>(7000));
  credential_id unknown{};
  unknown.fill(9);
  EXPECT_FALSE(*book->latest_exp_of(revocation_prefix_of(unknown)));
  auto found = book->entries_of(revocation_prefix_of(entries[0].cti));
  ASSERT_TRUE(found.ok());
  ASSERT_EQ(found->size(), 1u);
  EXPECT_EQ(found->front().subject_id, "A");
}

TEST_F(LedgerTest, RefusesFilesThatAreNotAQrsealLedger) {
  {
    std::ofstream f(path("text.sqlite"));
    f << "this is not a database, just some text that is long enough to have a header......";
  }
  auto text = ledger::open(path("text.sqlite"));
  ASSERT_FALSE(text.ok());
  EXPECT_EQ(text.code(), errc::ledger_error);
  EXPECT_NE(text.error().message.find("not a readable SQLite database"), std::string::npos);

  auto missing_dir = ledger::open(path("no/such/dir.sqlite"));
  EXPECT_FALSE(missing_dir.ok());
}

TEST_F(LedgerTest, TimesBeyondInt64AreRefused) {
  auto book = ledger::open(path("l.sqlite"));
  ASSERT_TRUE(book.ok());
  const std::vector<ledger_entry> entries{entry("A", 1, ~std::uint64_t{0})};
  EXPECT_FALSE(book->record(entries).ok());
}

}  // namespace
}  // namespace qrseal
