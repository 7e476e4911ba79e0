// One person's row of batch input: the authority's own subject id (never put in a credential),
// the status profile with the spec's JSON names, and optionally the holder's public key.
#pragma once

#include <cstddef>
#include <optional>
#include <qrseal/claims.hpp>
#include <qrseal/keys.hpp>
#include <qrseal/result.hpp>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace qrseal {

inline constexpr std::size_t max_subject_id_bytes = 128;

struct batch_row {
  std::string subject_id;
  status_profile profile;
  std::optional<public_key> holder_key;
  friend bool operator==(const batch_row&, const batch_row&) = default;
};

// The columns of a CSV header: subject_id, status, name, id_hint, test.result,
// test.sampled_at, test.site, vaccination.doses, vaccination.last_dose, cnf (the holder key,
// 64 hex digits). subject_id and status are required; an unknown or repeated column is an
// error naming it, so a misspelt column is never silently dropped.
class csv_columns {
 public:
  static result<csv_columns> from_header(std::span<const std::string> names);

  // A record's fields in header order; an empty field means the value is absent.
  result<batch_row> parse(std::span<const std::string> fields) const;
  std::size_t size() const noexcept { return slots_.size(); }

 private:
  std::vector<int> slots_;  // column index -> field id
};

// {"subject_id": "...", "status": "green", "name": ..., "test": {...}, "cnf": "hex"} with the
// field names and value rules of claims_from_json; iss, iat, exp, nbf and cti are the issuer's
// and are refused in a row.
result<batch_row> parse_jsonl_row(std::string_view line);

}  // namespace qrseal
