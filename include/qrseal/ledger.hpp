// The issuing authority's ledger: every credential issued (subject id, cti, kid, iat, exp) in an
// SQLite database (WAL, synchronous=FULL), and the progress of each batch job, so that a killed
// job resumes exactly and a person's credentials can be revoked.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <qrseal/claims.hpp>
#include <qrseal/keys.hpp>
#include <qrseal/lists.hpp>
#include <qrseal/result.hpp>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace qrseal {

struct ledger_entry {
  std::string subject_id;
  credential_id cti{};
  key_id kid{};
  std::uint64_t iat = 0;
  std::uint64_t exp = 0;
  friend bool operator==(const ledger_entry&, const ledger_entry&) = default;
};

// How far a batch job got: everything here is committed together with the chunk's entries.
struct batch_job {
  std::int64_t id = 0;
  std::string out_dir;   // the job's identity: its output directory, as an absolute path
  std::string settings;  // what must not change when it is resumed (iss, kid, format, ...)
  std::uint64_t chunks = 0;
  std::uint64_t input_bytes = 0;  // input consumed by the committed chunks
  std::uint64_t input_lines = 0;
  std::array<std::uint8_t, 32> input_sha256{};  // SHA-256 of those input bytes
  std::uint64_t credentials_bytes = 0;          // length of credentials.jsonl
  std::uint64_t rejected_bytes = 0;             // length of rejected.jsonl
  std::uint64_t issued = 0;
  std::uint64_t rejected = 0;
  bool complete = false;
};

class ledger {
 public:
  // Opens or creates the database (schema, WAL, synchronous=FULL).
  static result<ledger> open(const std::string& path);

  ledger(ledger&&) noexcept;
  ledger& operator=(ledger&&) noexcept;
  ~ledger();

  result<std::optional<batch_job>> find_job(std::string_view out_dir);
  result<batch_job> create_job(std::string_view out_dir, std::string_view settings);

  // In one transaction: the chunk's entries and the job's new progress (`job` as it is after
  // the chunk). When this returns, both are on disk; when it fails, neither is.
  status commit_chunk(const batch_job& job, std::span<const ledger_entry> entries);
  status finish_job(std::int64_t job_id);

  // Credentials issued one at a time (`qrseal issue --ledger`).
  status record(std::span<const ledger_entry> entries);

  // Every credential of `subject_id` with exp after `now`.
  result<std::vector<ledger_entry>> unexpired_of(std::string_view subject_id, std::uint64_t now);

  // For pruning a revocation list: the latest exp of the credentials whose cti has this
  // revocation prefix, or nullopt when the ledger holds none (then the entry must be kept).
  result<std::optional<std::uint64_t>> latest_exp_of(const revocation_prefix& prefix);

  // The entries issued under a revocation prefix (for resolving linkable journal records).
  result<std::vector<ledger_entry>> entries_of(const revocation_prefix& prefix);

  result<std::uint64_t> count();

 private:
  struct impl;
  explicit ledger(std::unique_ptr<impl> p);
  std::unique_ptr<impl> impl_;
};

}  // namespace qrseal
