// The issuing authority's batch job: one credential per input row, signed on every core, into an
// output directory and the ledger; a job killed at any moment resumes exactly when it is run
// again with the same options and input.
//
//   auto source = batch_source::open("round.csv");
//   batch_issue_options o;  o.out_dir = "round-7";  o.iss = "CN-610100";  o.iat = now;  ...
//   auto job = batch_issuer::open(std::move(*source), key, o);   // finds, checks, repairs
//   auto summary = job->run([](const batch_progress& p) { ... });  // after every chunk
//
// The output directory holds credentials.jsonl (one JSON object a line: subject_id, cti, iat,
// exp, text, and the picture's place), rejected.jsonl (line, reason, row) and the pictures
// (png/, svg/ or cards/, one folder or sheet per chunk). The ledger (default
// OUT_DIR/ledger.sqlite) holds every credential issued and the job's progress; a chunk reaches
// the files only after the ledger holds it (the protocol is in lib/batch_output.hpp). A row that
// cannot be issued is rejected with its reason and the job goes on; only a failure of the
// output, the ledger or the signer stops it (nothing of the failed chunk is then issued).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <qrseal/batch_input.hpp>
#include <qrseal/body.hpp>
#include <qrseal/card.hpp>
#include <qrseal/keys.hpp>
#include <qrseal/png.hpp>
#include <qrseal/qr_encode.hpp>
#include <qrseal/qr_render.hpp>
#include <qrseal/result.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace qrseal {

// The pictures made beside each credential: none, one PNG or SVG file each, or a PDF sheet of
// printable cards per chunk.
enum class batch_picture { none, png, svg, card };
// "text", "png", "svg", "card".
std::string_view to_string(batch_picture picture) noexcept;
// The inverse; errc::invalid_argument naming the four otherwise.
result<batch_picture> parse_batch_picture(std::string_view name);

struct batch_issue_options {
  std::string out_dir;                // created when missing; the job's identity in the ledger
  std::optional<std::string> ledger;  // default: OUT_DIR/ledger.sqlite
  std::string iss;
  std::uint64_t iat = 0;       // the issue time of the rows this run signs (the caller's clock)
  std::uint64_t validity = 0;  // exp = iat + validity; must be more than 0
  bool mask_name = false;      // 张三明 -> 张*明
  compression body = compression::when_shorter;
  std::optional<batch_format> input_format;  // default: batch_source::format()'s guess
  batch_picture picture = batch_picture::none;
  ecc_level ecc = ecc_level::M;        // png and svg
  render_options render;               // png and svg
  png_depth depth = png_depth::gray8;  // png
  card_options card;                   // card
  unsigned threads = 0;                // signing threads; 0: every core
  std::size_t chunk_rows = 4096;       // rows per committed chunk (the unit of resuming)
};

// What opening the job found in the output directory and the ledger.
struct batch_resume {
  bool resumed = false;       // an earlier run of this job committed some chunks
  bool was_complete = false;  // ... and finished (a second run issues only appended rows)
  std::optional<std::uint64_t> redone_chunk;  // chunk number completed from its redo record
  std::uint64_t skipped_rows = 0;             // input rows the earlier runs handled, skipped now
  std::uint64_t skipped_bytes = 0;
  std::uint64_t issued_before = 0;
  std::uint64_t rejected_before = 0;
};

// Handed to the progress callback after every committed chunk, on the thread that called run().
struct batch_progress {
  std::uint64_t rows = 0;                   // rows issued or rejected by this run so far
  std::uint64_t input_bytes = 0;            // input consumed, earlier runs included
  std::optional<std::uint64_t> input_size;  // the source's size when known
};
using batch_progress_callback = std::function<void(const batch_progress&)>;

struct batch_summary {
  std::uint64_t issued_now = 0;  // by this run
  std::uint64_t rejected_now = 0;
  std::uint64_t issued = 0;  // the whole job, earlier runs included
  std::uint64_t rejected = 0;
  std::string out_dir;  // absolute
};

// What an operator is told before a run, a line each (none when the job starts afresh): a chunk
// completed from its redo record, the rows an earlier run did and are skipped now.
std::vector<std::string> batch_resume_lines(const batch_resume& r);
// And after it: that a finished job's input has grown; what this run issued and rejected,
// skipped, how long and how fast, and the job's totals; where the rejected rows are. Or only
// that a complete job with the same input had nothing to do.
std::vector<std::string> batch_done_lines(const batch_resume& r, const batch_summary& s,
                                          double seconds);

class batch_issuer {
 public:
  // Opens the ledger and the output directory, finds the job or starts it, brings the files back
  // to the ledger's last chunk, reads the CSV header and skips what earlier runs did, checking
  // it is the same input. A new job's first rows are checked for their encoding. `key` must
  // outlive the issuer. Errors: io_error, ledger_error, batch_header, batch_encoding,
  // batch_job_mismatch (other settings or input than the job in this directory),
  // invalid_argument (an option out of range).
  static result<batch_issuer> open(batch_source source, const secret_key& key,
                                   const batch_issue_options& options);

  batch_issuer(batch_issuer&&) noexcept;
  batch_issuer& operator=(batch_issuer&&) noexcept;
  ~batch_issuer();

  const batch_resume& resume() const noexcept;

  // Issues the rest of the input, calling `progress` after every committed chunk. After an
  // error the job is still resumable: open it again (this issuer is spent).
  result<batch_summary> run(const batch_progress_callback& progress = {});

 private:
  struct impl;
  explicit batch_issuer(std::unique_ptr<impl> p);
  std::unique_ptr<impl> impl_;
};

}  // namespace qrseal
