// The checkpoint's offline scan journal: one record per verification (time, checkpoint, outcome,
// warnings, kid, a reference to the credential, a test sample's id), in SQLite with WAL and
// synchronous=FULL, so a record counts as written when append() returns and survives a dead
// battery. Never the name: the credential appears only as an 8-byte reference.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <qrseal/claims.hpp>
#include <qrseal/keys.hpp>
#include <qrseal/result.hpp>
#include <qrseal/verifier.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace qrseal {

using journal_key = std::array<std::uint8_t, 32>;  // kept in the device's state, never exported
using credential_ref = std::array<std::uint8_t, 8>;

// keyed: HMAC-SHA-256(journal key, cti), first 8 bytes. Journals of different doors cannot be
//        joined by whoever collects them (each device has its own key).
// linkable: the first 8 bytes of SHA-256(cti), the revocation prefix the authority can resolve
//        in its issuance ledger (test-sample desks; contact tracing where the law requires it).
enum class ref_form : std::uint8_t { none, keyed, linkable };
std::string_view to_string(ref_form form) noexcept;
std::optional<ref_form> parse_ref_form(std::string_view name) noexcept;

credential_ref keyed_credential_ref(const journal_key& key, const credential_id& cti) noexcept;
credential_ref linkable_credential_ref(const credential_id& cti) noexcept;
journal_key new_journal_key();

inline constexpr std::size_t max_checkpoint_bytes = 64;
inline constexpr std::size_t max_sample_id_bytes = 64;

struct journal_record {
  std::int64_t id = 0;    // given by append(), in order
  std::int64_t time = 0;  // the device clock at the check (NumericDate)
  std::string checkpoint;
  outcome result = outcome::malformed;
  std::vector<warning> warnings;
  std::optional<key_id> kid;
  ref_form form = ref_form::none;
  std::optional<credential_ref> credential;  // with form keyed or linkable
  std::optional<std::string> sample_id;
  friend bool operator==(const journal_record&, const journal_record&) = default;
};

// The record of a verdict: its outcome, warnings and kid, and the credential's reference in the
// chosen form when the verdict carries the credential (from key_not_valid on).
journal_record journal_record_of(const verification& verdict, std::int64_t time,
                                 std::string_view checkpoint, const journal_key& key,
                                 bool linkable);

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
