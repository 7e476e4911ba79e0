// The authority's side of a test desk (`qrseal ledger resolve`): records a checkpoint exported
// (`journal export`, JSON Lines or CSV) joined with the issuance ledger, so a sample id gets the
// person it was taken from. Only linkable references (the SHA-256(cti) prefix) can be joined;
// keyed ones cannot, by design.
#pragma once

#include <cstddef>
#include <optional>
#include <qrseal/ledger.hpp>
#include <qrseal/result.hpp>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace qrseal {

// One exported record, its fields as text as the export holds them.
struct exported_record {
  std::string id, time, checkpoint, outcome, ref_form, credential, device;
  std::optional<std::string> sample_id;
};

// A whole export file: JSON Lines when its first character is '{', else CSV with a header.
// Blank lines are skipped; errors name the line ("line 3: not a JSON object").
result<std::vector<exported_record>> parse_journal_export(std::string_view text);

struct resolve_counts {
  std::size_t resolved = 0, unknown = 0, not_linkable = 0, repeated = 0;
};

// Joins records with a ledger one at a time, counting each record once: uploaded records carry
// their device, and (device, id) names a record exactly once across files.
class sample_resolver {
 public:
  explicit sample_resolver(ledger& book) : book_(book) {}

  // The JSON line (no newline) for `r`: record, time, checkpoint, device, outcome, sample_id,
  // subject_id (null when the ledger does not know it), cti, and every candidate when two
  // credentials share the prefix. Nothing for a repeated or not linkable record.
  result<std::optional<std::string>> resolve(const exported_record& r);

  const resolve_counts& counts() const noexcept { return counts_; }

 private:
  ledger& book_;
  resolve_counts counts_;
  std::set<std::pair<std::string, std::string>> seen_;
};

}  // namespace qrseal
