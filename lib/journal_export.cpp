#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <qrseal/checkpoint_json.hpp>
#include <qrseal/hex.hpp>
#include <qrseal/journal_export.hpp>
#include <qrseal/journal_push.hpp>
#include <qrseal/time.hpp>

namespace qrseal {
namespace {

std::string csv_field(std::string_view s) {
  if (s.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(s);
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string csv_line(const journal_record& r) {
  std::string warnings;
  for (warning w : r.warnings) {
    if (!warnings.empty()) warnings += ';';
    warnings += to_string(w);
  }
  std::string line = std::to_string(r.id);
  for (const std::string& field :
       {format_rfc3339(r.time), csv_field(r.checkpoint), std::string(to_string(r.result)), warnings,
        r.kid ? to_hex(*r.kid) : std::string(), std::string(to_string(r.form)),
        r.credential ? to_hex(*r.credential) : std::string(), csv_field(r.sample_id.value_or(""))})
    line += "," + field;
  return line + "\n";
}

}  // namespace

std::optional<export_format> parse_export_format(std::string_view name) noexcept {
  if (name == "jsonl") return export_format::jsonl;
  if (name == "csv") return export_format::csv;
  return std::nullopt;
}

std::string journal_export_text(std::span<const journal_record> records, export_format format) {
  std::string out;
  if (format == export_format::csv)
    out = "id,time,checkpoint,outcome,warnings,kid,ref_form,credential,sample_id\n";
  for (const journal_record& r : records)
    out += format == export_format::csv ? csv_line(r) : journal_record_json(r) + "\n";
  return out;
}

std::string journal_hour_count_json(const journal_hour_count& c) {
  return nlohmann::ordered_json{{"hour", format_rfc3339(c.hour)},
                                {"outcome", std::string(to_string(c.result))},
                                {"count", c.count}}
      .dump();
}

std::vector<std::pair<outcome, std::uint64_t>> journal_outcome_totals(
    std::span<const journal_hour_count> counts) {
  std::vector<std::pair<outcome, std::uint64_t>> totals;
  for (const journal_hour_count& c : counts) {
    auto it = std::find_if(totals.begin(), totals.end(),
                           [&](const auto& t) { return t.first == c.result; });
    if (it == totals.end())
      totals.emplace_back(c.result, c.count);
    else
      it->second += c.count;
  }
  std::sort(totals.begin(), totals.end(),
            [](const auto& a, const auto& b) { return to_string(a.first) < to_string(b.first); });
  return totals;
}

std::string journal_stats_table(std::span<const journal_hour_count> counts) {
  std::string out = "hour (UTC)            outcome               count\n";
  auto row = [&out](const std::string& first, std::string_view result, std::uint64_t count) {
    char line[160];
    std::snprintf(line, sizeof line, "%-21s %-21s %5llu\n", first.c_str(),
                  std::string(result).c_str(), static_cast<unsigned long long>(count));
    out += line;
  };
  for (const journal_hour_count& c : counts)
    row(format_rfc3339(c.hour), to_string(c.result), c.count);
  std::uint64_t all = 0;
  for (const auto& [result, n] : journal_outcome_totals(counts)) {
    row("total", to_string(result), n);
    all += n;
  }
  return out + "total                 all                   " + std::to_string(all) + "\n";
}

}  // namespace qrseal
