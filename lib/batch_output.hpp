// The output directory of a batch job, written so that a job killed at any moment can be
// resumed exactly. Per chunk, in this order:
//   1. the chunk's lines go to DIR/.pending (fsync): the redo record of this chunk;
//   2. the ledger commits the chunk's credentials and the job's new progress (caller);
//   3. the lines are appended to credentials.jsonl / rejected.jsonl (fsync), and the chunk's
//      images or card sheet, rendered beforehand under a hidden ".part" name, are renamed into
//      place.
// A credential therefore reaches a visible file only after the ledger holds it. On resume the
// files are cut back to the lengths the ledger recorded, and the last committed chunk is
// completed from DIR/.pending if step 3 was cut short; uncommitted ".part" output is removed.
#pragma once

#include <cstdint>
#include <functional>
#include <qrseal/batch_issue.hpp>
#include <qrseal/ledger.hpp>
#include <qrseal/result.hpp>
#include <string>
#include <string_view>

namespace qrseal::detail {

// Every failure is errc::io_error naming the file, except files the ledger contradicts
// (errc::batch_job_mismatch).
class batch_output {
 public:
  // Opens (creating) DIR and its files; `picture` decides the per-chunk picture folder.
  static result<batch_output> open(std::string dir, batch_picture picture);
  ~batch_output();
  batch_output(batch_output&& other) noexcept;
  batch_output& operator=(batch_output&&) = delete;
  batch_output(const batch_output&) = delete;
  batch_output& operator=(const batch_output&) = delete;

  bool has_previous_output() const;  // credentials.jsonl already holds something

  // Brings the files to the state `job` describes (see above). Returns true when the last
  // committed chunk had to be completed from the redo record.
  result<bool> repair(const batch_job& job);

  // Where a worker renders chunk `index`'s pictures before they are final, and the name they
  // get then (relative to DIR, for credentials.jsonl).
  std::string part_path(std::uint64_t index) const;
  std::string final_name(std::uint64_t index) const;

  // Step 1 and step 3 of a chunk; `credentials_at` / `rejected_at` are the file lengths before
  // the chunk (the job's values before it was committed).
  status stage(std::uint64_t index, std::string_view credentials, std::string_view rejected);
  status publish(std::uint64_t index, std::uint64_t credentials_at, std::string_view credentials,
                 std::uint64_t rejected_at, std::string_view rejected);

  // Calls `visit` with the subject id of each credential in the first `length` bytes of
  // credentials.jsonl (a resumed job's round so far).
  status for_each_subject(std::uint64_t length,
                          const std::function<void(std::string_view)>& visit) const;

  // After the ledger marks the job complete: removes the redo record.
  status finish();

  const std::string& dir() const { return dir_; }

 private:
  batch_output(std::string dir, batch_picture picture, int credentials_fd, int rejected_fd)
      : dir_(std::move(dir)),
        picture_(picture),
        credentials_fd_(credentials_fd),
        rejected_fd_(rejected_fd) {}
  status publish_pictures(std::uint64_t index);

  std::string dir_;
  batch_picture picture_;
  int credentials_fd_ = -1;
  int rejected_fd_ = -1;
};

}  // namespace qrseal::detail
