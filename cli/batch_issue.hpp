// qrseal issue --batch: the command line's options for the library's batch job
// (qrseal/batch_issue.hpp), its progress bar and its summary.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <qrseal/keys.hpp>
#include <string>

#include "qr_output.hpp"

namespace qrseal::cli {

struct batch_issue_options {
  std::string input;                        // a file or "-"
  std::optional<std::string> input_format;  // csv | jsonl (default: by extension or content)
  std::string out_dir;
  std::string format = "text";        // text | png | svg | card
  unsigned threads = 0;               // 0: every core
  std::optional<std::string> ledger;  // default: OUT_DIR/ledger.sqlite
  std::uint64_t iat = 0;
  std::uint64_t validity = 0;
  bool mask_name = false;
  bool no_compress = false;
  std::size_t chunk_rows = 4096;
  std::string iss;
  qr_output_options qr;
  card_output_options card;
};

// Exit code: 0, or 3 (exit_rows_rejected) when any row of the job was rejected.
int run_batch_issue(const batch_issue_options& o, const secret_key& key);

}  // namespace qrseal::cli
