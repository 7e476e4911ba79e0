// What a batch job tells its operator before and after a run (batch_issue.hpp).
#include <cstdio>
#include <qrseal/batch_issue.hpp>
#include <qrseal/time.hpp>

namespace qrseal {

std::vector<std::string> batch_resume_lines(const batch_resume& r) {
  std::vector<std::string> out;
  if (r.redone_chunk)
    out.push_back("completed the output of chunk " + std::to_string(*r.redone_chunk) +
                  " from its redo record");
  if (r.resumed && !r.was_complete)
    out.push_back("resuming: " + std::to_string(r.skipped_rows) +
                  " rows done before were skipped (" + std::to_string(r.issued_before) +
                  " issued, " + std::to_string(r.rejected_before) + " rejected)");
  return out;
}

std::vector<std::string> batch_done_lines(const batch_resume& r, const batch_summary& s,
                                          double seconds) {
  const std::uint64_t rows = s.issued_now + s.rejected_now;
  if (r.was_complete && rows == 0)
    return {"this job is already complete with the same input: " + std::to_string(s.issued) +
            " issued, " + std::to_string(s.rejected) + " rejected; nothing to do (" +
            std::to_string(r.skipped_rows) + " rows skipped)"};
  std::vector<std::string> out;
  if (r.was_complete)
    out.push_back("the finished job's input has grown: " + std::to_string(r.skipped_rows) +
                  " rows issued before were skipped, the new rows were issued");
  char rate[32];
  std::snprintf(rate, sizeof rate, "%.0f", seconds > 0 ? static_cast<double>(rows) / seconds : 0.0);
  std::string done = "batch done: " + std::to_string(s.issued_now) + " issued, " +
                     std::to_string(s.rejected_now) + " rejected";
  if (r.skipped_rows) done += ", " + std::to_string(r.skipped_rows) + " skipped (done before)";
  out.push_back(done + " in " + format_elapsed(seconds) + " (" + rate + " rows/s); job total " +
                std::to_string(s.issued) + " issued, " + std::to_string(s.rejected) +
                " rejected -> " + s.out_dir + "/credentials.jsonl");
  if (s.rejected > 0)
    out.push_back("see " + s.out_dir + "/rejected.jsonl for the rejected rows and why");
  return out;
}

}  // namespace qrseal
