// The batch job from C++: rows to credentials.jsonl, rejected.jsonl and the ledger with a
// progress callback; an interrupted run resumed exactly (also from the redo record); a changed
// job refused; pictures; the input's encoding checked first.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <qrseal/batch_issue.hpp>
#include <qrseal/hex.hpp>
#include <qrseal/ledger.hpp>
#include <qrseal/verifier.hpp>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "fixtures.hpp"

namespace qrseal {
namespace {

namespace fs = std::filesystem;
using namespace fixtures;

struct temp_dir {
  fs::path path;
  temp_dir() {
    std::string pattern = (fs::temp_directory_path() / "qrseal-batch-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp");
    path = pattern;
  }
  ~temp_dir() { fs::remove_all(path); }
  std::string operator/(const char* name) const { return (path / name).string(); }
};

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

void spit(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

// `n` good rows P-1 .. P-n, with a bad status on every row whose number is in `bad`.
std::string csv_rows(int n, std::vector<int> bad = {}) {
  std::string csv = "subject_id,status,name\n";
  for (int i = 1; i <= n; ++i) {
    const bool is_bad = std::find(bad.begin(), bad.end(), i) != bad.end();
    csv += "P-" + std::to_string(i) + (is_bad ? ",blue," : ",green,") + "Name " +
           std::to_string(i) + "\n";
  }
  return csv;
}

std::vector<nlohmann::json> json_lines(const std::string& path) {
  std::vector<nlohmann::json> out;
  std::istringstream in(slurp(path));
  for (std::string line; std::getline(in, line);) out.push_back(nlohmann::json::parse(line));
  return out;
}

batch_issue_options options_for(const temp_dir& dir) {
  batch_issue_options o;
  o.out_dir = dir / "out";
  o.iss = std::string(default_iss);
  o.iat = t0;
  o.validity = 2 * day;
  o.threads = 2;
  o.chunk_rows = 3;
  return o;
}

result<batch_summary> run_job(const std::string& input, const batch_issue_options& o,
                              const batch_progress_callback& progress = {}) {
  auto source = batch_source::open(input);
  if (!source) return std::move(source).error();
  auto job = batch_issuer::open(std::move(*source), issuer_a(), o);
  if (!job) return std::move(job).error();
  return job->run(progress);
}

std::vector<std::string> subjects_of(const std::string& credentials) {
  std::vector<std::string> ids;
  for (const auto& j : json_lines(credentials)) ids.push_back(j["subject_id"]);
  return ids;
}

TEST(BatchIssue, RowsBecomeCredentialsInInputOrderWithProgress) {
  temp_dir dir;
  spit(dir / "in.csv", csv_rows(10, {4, 9}));
  std::vector<batch_progress> seen;
  auto done = run_job(dir / "in.csv", options_for(dir),
                      [&seen](const batch_progress& p) { seen.push_back(p); });
  ASSERT_TRUE(done.ok()) << done.error().message;
  EXPECT_EQ(done->issued_now, 8u);
  EXPECT_EQ(done->rejected_now, 2u);
  EXPECT_EQ(done->issued, 8u);
  EXPECT_EQ(done->out_dir, fs::canonical(dir.path / "out").string());

  // One call per chunk of 3 rows, after its commit, rows and bytes growing to the whole input.
  ASSERT_EQ(seen.size(), 4u);
  for (std::size_t i = 1; i < seen.size(); ++i) {
    EXPECT_GT(seen[i].rows, seen[i - 1].rows);
    EXPECT_GT(seen[i].input_bytes, seen[i - 1].input_bytes);
  }
  EXPECT_EQ(seen.back().rows, 10u);
  EXPECT_EQ(seen.back().input_bytes, fs::file_size(dir / "in.csv"));
  EXPECT_EQ(seen.back().input_size, fs::file_size(dir / "in.csv"));

  const auto lines = json_lines(dir / "out/credentials.jsonl");
  EXPECT_EQ(subjects_of(dir / "out/credentials.jsonl"),
            (std::vector<std::string>{"P-1", "P-2", "P-3", "P-5", "P-6", "P-7", "P-8", "P-10"}));
  // Every text verifies and says what its line says.
  verifier v(pinned_roots());
  ASSERT_EQ(v.offer_trust_list(signed_trust_list(default_trust_list())).result,
            list_result::accepted);
  for (const auto& line : lines) {
    const auto verdict = v.verify(line["text"].get<std::string>(), now0);
    ASSERT_EQ(verdict.outcome(), outcome::valid) << line.dump() << verdict.detail();
    EXPECT_EQ(to_hex(verdict.credential()->cti), line["cti"].get<std::string>());
    EXPECT_EQ(line["exp"].get<std::uint64_t>(), t0 + 2 * day);
  }
  const auto rejected = json_lines(dir / "out/rejected.jsonl");
  ASSERT_EQ(rejected.size(), 2u);
  EXPECT_EQ(rejected[0]["line"], 5);  // the header is line 1
  EXPECT_EQ(rejected[1]["line"], 10);
  EXPECT_NE(rejected[0]["reason"].get<std::string>().find("'blue'"), std::string::npos);

  auto book = ledger::open(dir / "out/ledger.sqlite");
  ASSERT_TRUE(book.ok());
  EXPECT_EQ(*book->count(), 8u);
  auto p1 = book->unexpired_of("P-1", t0);
  ASSERT_TRUE(p1.ok());
  ASSERT_EQ(p1->size(), 1u);
  EXPECT_EQ(to_hex((*p1)[0].cti), lines[0]["cti"].get<std::string>());
  EXPECT_FALSE(fs::exists(dir / "out/.pending"));
}

// The caller stops the run from its progress callback after the second chunk: what was committed
// stays, and opening the job again skips it and issues the rest, each person once.
TEST(BatchIssue, ResumesAfterAnInterruptedRun) {
  temp_dir dir;
  spit(dir / "in.csv", csv_rows(11, {2}));
  const auto o = options_for(dir);
  struct stop_here {};
  int chunks = 0;
  EXPECT_THROW((void)run_job(dir / "in.csv", o,
                             [&chunks](const batch_progress&) {
                               if (++chunks == 2) throw stop_here{};
                             }),
               stop_here);
  EXPECT_EQ(subjects_of(dir / "out/credentials.jsonl"),
            (std::vector<std::string>{"P-1", "P-3", "P-4", "P-5", "P-6"}));

  auto source = batch_source::open(dir / "in.csv");
  ASSERT_TRUE(source.ok());
  auto job = batch_issuer::open(std::move(*source), issuer_a(), o);
  ASSERT_TRUE(job.ok()) << job.error().message;
  EXPECT_TRUE(job->resume().resumed);
  EXPECT_FALSE(job->resume().was_complete);
  EXPECT_FALSE(job->resume().redone_chunk);
  EXPECT_EQ(job->resume().skipped_rows, 6u);
  EXPECT_EQ(job->resume().issued_before, 5u);
  EXPECT_EQ(job->resume().rejected_before, 1u);
  auto done = job->run();
  ASSERT_TRUE(done.ok()) << done.error().message;
  EXPECT_EQ(done->issued_now, 5u);
  EXPECT_EQ(done->issued, 10u);
  EXPECT_EQ(done->rejected, 1u);
  EXPECT_EQ(subjects_of(dir / "out/credentials.jsonl"),
            (std::vector<std::string>{"P-1", "P-3", "P-4", "P-5", "P-6", "P-7", "P-8", "P-9",
                                      "P-10", "P-11"}));
  EXPECT_EQ(*ledger::open(dir / "out/ledger.sqlite")->count(), 10u);

  // Run once more: complete, nothing to do, nothing changed.
  const std::string before = slurp(dir / "out/credentials.jsonl");
  auto again = run_job(dir / "in.csv", o);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->issued_now + again->rejected_now, 0u);
  EXPECT_EQ(slurp(dir / "out/credentials.jsonl"), before);
}

// Killed after the ledger committed a chunk but before its lines were all appended: the redo
// record completes them, and lines beyond the ledger's (never committed) are cut off.
TEST(BatchIssue, CompletesTheLastChunkFromItsRedoRecord) {
  temp_dir dir;
  spit(dir / "in.csv", csv_rows(9));
  const auto o = options_for(dir);
  ASSERT_TRUE(run_job(dir / "in.csv", o).ok());
  const std::string full = slurp(dir / "out/credentials.jsonl");
  // Undo the job's end: the ledger still marks it complete, so re-create the state of a kill in
  // publish by hand: the redo record of the last chunk and a file cut inside that chunk.
  // (The ledger's last chunk is chunk 3, whose lines are the last three.)
  std::size_t third_last = full.size();
  for (int n = 0; n < 3; ++n) third_last = full.rfind('\n', third_last - 2) + 1;
  spit(dir / "out/.pending", "qrseal-pending-chunk v1 2 " +
                                 std::to_string(full.size() - third_last) + " 0\n" +
                                 full.substr(third_last));
  fs::resize_file(dir / "out/credentials.jsonl", third_last + 10);

  auto source = batch_source::open(dir / "in.csv");
  ASSERT_TRUE(source.ok());
  auto job = batch_issuer::open(std::move(*source), issuer_a(), o);
  ASSERT_TRUE(job.ok()) << job.error().message;
  EXPECT_EQ(job->resume().redone_chunk, 3u);
  EXPECT_EQ(slurp(dir / "out/credentials.jsonl"), full);

  // Without a usable redo record the shortened file cannot be completed: refused.
  fs::resize_file(dir / "out/credentials.jsonl", third_last);
  fs::remove(dir / "out/.pending");
  auto source2 = batch_source::open(dir / "in.csv");
  ASSERT_TRUE(source2.ok());
  auto refused = batch_issuer::open(std::move(*source2), issuer_a(), o);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.code(), errc::batch_job_mismatch);
  EXPECT_NE(refused.error().message.find("changed by hand"), std::string::npos);
}

TEST(BatchIssue, RefusesAnotherJobInTheSameDirectory) {
  temp_dir dir;
  spit(dir / "in.csv", csv_rows(4));
  auto o = options_for(dir);
  ASSERT_TRUE(run_job(dir / "in.csv", o).ok());

  auto other = o;
  other.validity = day;
  auto settings = run_job(dir / "in.csv", other);
  ASSERT_FALSE(settings.ok());
  EXPECT_EQ(settings.code(), errc::batch_job_mismatch);
  EXPECT_EQ(to_string(errc::batch_job_mismatch), "batch_job_mismatch");
  EXPECT_NE(settings.error().message.find("other settings"), std::string::npos);

  spit(dir / "changed.csv", csv_rows(3) + "P-9,green,Changed\n");
  auto input = run_job(dir / "changed.csv", o);
  ASSERT_FALSE(input.ok());
  EXPECT_EQ(input.code(), errc::batch_job_mismatch);
  EXPECT_NE(input.error().message.find("finished job whose input was not"), std::string::npos);

  // A ledger that knows nothing of the files there.
  other = o;
  other.ledger = dir / "other.sqlite";
  auto unknown = run_job(dir / "in.csv", other);
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.error().message.find("knows nothing of"), std::string::npos);

  // Rows appended to a finished job's input are issued; the rest is skipped.
  spit(dir / "in.csv", csv_rows(6));
  auto grown = run_job(dir / "in.csv", o);
  ASSERT_TRUE(grown.ok()) << grown.error().message;
  EXPECT_EQ(grown->issued_now, 2u);
  EXPECT_EQ(grown->issued, 6u);
}

TEST(BatchIssue, RejectsRepeatedPeopleAndStopsOnAnotherEncoding) {
  temp_dir dir;
  spit(dir / "in.csv", "subject_id,status\nA,green\nB,green\nA,green\nC,green\nB,green\n");
  auto done = run_job(dir / "in.csv", options_for(dir));
  ASSERT_TRUE(done.ok());
  EXPECT_EQ(done->issued, 3u);
  const auto rejected = json_lines(dir / "out/rejected.jsonl");
  ASSERT_EQ(rejected.size(), 2u);
  EXPECT_NE(rejected[0]["reason"].get<std::string>().find("issued from line 2"), std::string::npos);

  temp_dir gbk;
  spit(gbk / "in.csv", "subject_id,status,name\nG-1,green,\xd5\xc5\xc8\xfd\n");
  auto refused = run_job(gbk / "in.csv", options_for(gbk));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.code(), errc::batch_encoding);
  EXPECT_EQ(to_string(errc::batch_encoding), "batch_encoding");
  EXPECT_NE(refused.error().message.find("line 2 is not UTF-8"), std::string::npos);
}

TEST(BatchIssue, PicturesAreWrittenPerChunkAndNamedInTheLines) {
  temp_dir dir;
  spit(dir / "in.jsonl",
       "{\"subject_id\":\"S/"
       "1\",\"status\":\"green\"}\n{\"subject_id\":\"S-2\",\"status\":\"green\"}\n");
  auto o = options_for(dir);
  o.picture = batch_picture::svg;
  auto done = run_job(dir / "in.jsonl", o);
  ASSERT_TRUE(done.ok()) << done.error().message;
  const auto lines = json_lines(dir / "out/credentials.jsonl");
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0]["image"], "svg/chunk-000001/00000001-S_1.svg");
  const std::string svg = slurp(dir / "out/svg/chunk-000001/00000002-S-2.svg");
  EXPECT_NE(svg.find("<svg"), std::string::npos);
  // No temporary file is left beside the pictures.
  for (const auto& entry : fs::directory_iterator(dir.path / "out/svg/chunk-000001"))
    EXPECT_EQ(entry.path().string().find(".tmp"), std::string::npos) << entry.path();
}

TEST(BatchIssue, OptionsAndSourcesAreChecked) {
  temp_dir dir;
  spit(dir / "in.csv", csv_rows(1));
  auto o = options_for(dir);
  o.chunk_rows = 0;
  EXPECT_EQ(run_job(dir / "in.csv", o).code(), errc::invalid_argument);
  o = options_for(dir);
  o.validity = 0;
  EXPECT_EQ(run_job(dir / "in.csv", o).code(), errc::invalid_argument);
  EXPECT_EQ(run_job(dir / "missing.csv", options_for(dir)).code(), errc::io_error);
  spit(dir / "empty.csv", "");
  EXPECT_EQ(run_job(dir / "empty.csv", options_for(dir)).code(), errc::batch_header);
  EXPECT_EQ(parse_batch_picture("gif").code(), errc::invalid_argument);
  EXPECT_EQ(*parse_batch_picture("card"), batch_picture::card);
  EXPECT_EQ(to_string(batch_picture::none), "text");
}

}  // namespace
}  // namespace qrseal
