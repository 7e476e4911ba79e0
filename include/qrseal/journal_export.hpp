// A journal's records as the files `journal export` writes for upload (JSON Lines or CSV, the
// forms sample_resolve.hpp reads back), and the totals of its hourly counts.
#pragma once

#include <cstdint>
#include <optional>
#include <qrseal/journal.hpp>
#include <qrseal/verifier.hpp>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace qrseal {

enum class export_format { jsonl, csv };

// "jsonl" or "csv"; anything else is no format.
std::optional<export_format> parse_export_format(std::string_view name) noexcept;

// The whole file: JSON Lines (journal_record_json, one a line), or CSV with the header
// id,time,checkpoint,outcome,warnings,kid,ref_form,credential,sample_id (warnings joined by ';',
// absent fields empty, a field holding a comma, quote, CR or LF quoted RFC 4180-style). Every
// line ends in LF.
std::string journal_export_text(std::span<const journal_record> records, export_format format);

// One hourly count as a JSON line (no newline): {"hour" (RFC 3339), "outcome", "count"}.
std::string journal_hour_count_json(const journal_hour_count& c);

// The counts of every hour added up per outcome, in the order of the outcomes' names.
std::vector<std::pair<outcome, std::uint64_t>> journal_outcome_totals(
    std::span<const journal_hour_count> counts);

// The counts as a table for people (`journal stats`): a line per hour and outcome, then the
// totals per outcome and of all; every line ends in LF.
std::string journal_stats_table(std::span<const journal_hour_count> counts);

}  // namespace qrseal
