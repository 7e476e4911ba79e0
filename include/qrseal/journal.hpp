// The checkpoint's offline scan journal: one record per verification (time, checkpoint, outcome,
// warnings, kid, a reference to the credential, a test sample's id), in SQLite with WAL and
// synchronous=FULL, so a record counts as written when append() returns and survives a dead
// battery. Never the name: the credential appears only as an 8-byte reference.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <qrseal/journal_record.hpp>
#include <qrseal/keys.hpp>
#include <qrseal/result.hpp>
#include <qrseal/verifier.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace qrseal {

// Something that happened to the device rather than a check, e.g. kind "clock_reset" when an
// operator set the clock high-water mark back (qrseal state reset-clock).
struct journal_event {
  std::int64_t id = 0;  // given by append_event(), in order
  std::int64_t time = 0;
  std::string kind;
  std::string detail;
  friend bool operator==(const journal_event&, const journal_event&) = default;
};

struct journal_hour_count {
  std::int64_t hour = 0;  // the hour's first second (NumericDate)
  outcome result = outcome::malformed;
  std::uint64_t count = 0;
  friend bool operator==(const journal_hour_count&, const journal_hour_count&) = default;
};

class journal {
 public:
  static result<journal> open(const std::string& path);
  journal(journal&&) noexcept;
  journal& operator=(journal&&) noexcept;
  ~journal();

  // Appends the record (its id is ignored) and returns its id. When this returns, the record is
  // on disk. Refuses an empty checkpoint, and a checkpoint or sample id too long or not UTF-8.
  result<std::int64_t> append(const journal_record& record);
  // Links a test sample to an earlier record (the tube scanned right after the person's code).
  // Refuses a record that already has a sample id.
  status link_sample(std::int64_t id, std::string_view sample_id);

  // Records with time >= since, in id order.
  result<std::vector<journal_record>> records(std::int64_t since = 0);
  // The records already linked to this sample id (one tube label for two people is a mistake).
  result<std::vector<std::int64_t>> records_with_sample(std::string_view sample_id);
  // Device events (clock resets), appended and read like records.
  result<std::int64_t> append_event(const journal_event& event);
  result<std::vector<journal_event>> events(std::int64_t since = 0);
  // Counts per outcome per hour, in hour then outcome order.
  result<std::vector<journal_hour_count>> counts_per_hour(std::int64_t since = 0);

 private:
  struct impl;
  explicit journal(std::unique_ptr<impl> p);
  std::unique_ptr<impl> impl_;
};

}  // namespace qrseal
