// A checkpoint journal's record of one verification, and the credential references in it: the
// values a journal keeps (journal.hpp stores them in SQLite; a checkpoint session makes them).
// Never the name: the credential appears only as an 8-byte reference.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <qrseal/claims.hpp>
#include <qrseal/keys.hpp>
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

// A checkpoint or sample id as a journal keeps it: 1..max_bytes of UTF-8 without a control
// character (ids are printed in exports, where a line break would split a CSV or JSON line).
// The error (journal_error) names `what` ("checkpoint id") and says which rule it breaks.
status check_journal_id(std::string_view id, std::string_view what, std::size_t max_bytes);

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

}  // namespace qrseal
