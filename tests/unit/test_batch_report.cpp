// What a batch job tells its operator: the resume lines before a run and the line after it.
#include <gtest/gtest.h>

#include <qrseal/batch_issue.hpp>

namespace qrseal {
namespace {

TEST(BatchReport, AFreshJobSaysNothingBeforeAndTheCountsAfter) {
  const batch_resume fresh;
  EXPECT_TRUE(batch_resume_lines(fresh).empty());
  batch_summary s;
  s.issued_now = s.issued = 998;
  s.rejected_now = s.rejected = 2;
  s.out_dir = "/srv/round";
  EXPECT_EQ(batch_done_lines(fresh, s, 4.0),
            (std::vector<std::string>{
                "batch done: 998 issued, 2 rejected in 0:04 (250 rows/s); job total 998 issued, 2 "
                "rejected -> /srv/round/credentials.jsonl",
                "see /srv/round/rejected.jsonl for the rejected rows and why"}));
}

TEST(BatchReport, AResumedJobSaysWhatWasSkipped) {
  batch_resume r;
  r.resumed = true;
  r.redone_chunk = 7;
  r.skipped_rows = 700;
  r.issued_before = 690;
  r.rejected_before = 10;
  EXPECT_EQ(batch_resume_lines(r),
            (std::vector<std::string>{
                "completed the output of chunk 7 from its redo record",
                "resuming: 700 rows done before were skipped (690 issued, 10 rejected)"}));
  batch_summary s;
  s.issued_now = 300;
  s.issued = 990;
  s.rejected = 10;
  s.out_dir = "out";
  EXPECT_EQ(batch_done_lines(r, s, 3725.0),
            (std::vector<std::string>{
                "batch done: 300 issued, 0 rejected, 700 skipped (done before) in 1:02:05 (0 "
                "rows/s); job total 990 issued, 10 rejected -> out/credentials.jsonl",
                "see out/rejected.jsonl for the rejected rows and why"}));
  // A complete job run again on the same input has nothing to do.
  r.was_complete = true;
  r.redone_chunk.reset();
  s.issued_now = 0;
  EXPECT_TRUE(batch_resume_lines(r).empty());
  EXPECT_EQ(batch_done_lines(r, s, 0.1),
            (std::vector<std::string>{
                "this job is already complete with the same input: 990 issued, 10 rejected; "
                "nothing to do (700 rows skipped)"}));
  // Run again after rows were appended: the grown input is said first.
  s.issued_now = 5;
  s.issued = 995;
  const auto grown = batch_done_lines(r, s, 1.0);
  ASSERT_EQ(grown.size(), 3u);
  EXPECT_EQ(grown[0],
            "the finished job's input has grown: 700 rows issued before were skipped, the new "
            "rows were issued");
}

}  // namespace
}  // namespace qrseal
