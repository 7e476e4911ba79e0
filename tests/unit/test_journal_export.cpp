// journal_export: both file forms of `journal export`, read back by the authority's parser
// (parse_journal_export), CSV quoting, the format names, and totals of hourly counts.
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <qrseal/journal_export.hpp>
#include <qrseal/sample_resolve.hpp>
#include <string>
#include <vector>

namespace qrseal {
namespace {

std::vector<journal_record> two_records() {
  journal_record a;
  a.id = 1;
  a.time = 1'700'000'000;
  a.checkpoint = "gate, \"north\"";
  a.result = outcome::valid;
  a.warnings = {warning::trust_list_stale, warning::clock_behind};
  a.kid = key_id{0, 1, 2, 3, 4, 5, 6, 7};
  a.form = ref_form::linkable;
  a.credential = credential_ref{0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7};
  a.sample_id = "tube \"4,2\"";
  journal_record b;
  b.id = 2;
  b.time = 1'700'003'600;
  b.checkpoint = "bus-7";
  b.result = outcome::malformed;
  return {a, b};
}

TEST(JournalExport, FormatNames) {
  EXPECT_EQ(parse_export_format("jsonl"), export_format::jsonl);
  EXPECT_EQ(parse_export_format("csv"), export_format::csv);
  EXPECT_FALSE(parse_export_format("CSV").has_value());
  EXPECT_FALSE(parse_export_format("").has_value());
}

TEST(JournalExport, CsvLinesAreExact) {
  const std::string text = journal_export_text(two_records(), export_format::csv);
  EXPECT_EQ(text,
            "id,time,checkpoint,outcome,warnings,kid,ref_form,credential,sample_id\n"
            "1,2023-11-14T22:13:20Z,\"gate, \"\"north\"\"\",valid,"
            "trust_list_stale;clock_behind,0001020304050607,linkable,a0a1a2a3a4a5a6a7,"
            "\"tube \"\"4,2\"\"\"\n"
            "2,2023-11-14T23:13:20Z,bus-7,malformed,,,none,,\n");
}

TEST(JournalExport, EmptyJournalIsAHeaderOrNothing) {
  EXPECT_EQ(journal_export_text({}, export_format::csv),
            "id,time,checkpoint,outcome,warnings,kid,ref_form,credential,sample_id\n");
  EXPECT_EQ(journal_export_text({}, export_format::jsonl), "");
}

TEST(JournalExport, JsonLinesOneARecord) {
  const std::string text = journal_export_text(two_records(), export_format::jsonl);
  ASSERT_EQ(std::count(text.begin(), text.end(), '\n'), 2);
  const auto first = nlohmann::json::parse(text.substr(0, text.find('\n')));
  EXPECT_EQ(first["checkpoint"], "gate, \"north\"");
  EXPECT_EQ(first["warnings"], (nlohmann::json{"trust_list_stale", "clock_behind"}));
  EXPECT_FALSE(first.contains("device"));
}

TEST(JournalExport, BothFormsReadBackTheSame) {
  for (export_format f : {export_format::csv, export_format::jsonl}) {
    auto back = parse_journal_export(journal_export_text(two_records(), f));
    ASSERT_TRUE(back.ok()) << back.error().message;
    ASSERT_EQ(back->size(), 2u);
    EXPECT_EQ((*back)[0].id, "1");
    EXPECT_EQ((*back)[0].checkpoint, "gate, \"north\"");
    EXPECT_EQ((*back)[0].ref_form, "linkable");
    EXPECT_EQ((*back)[0].credential, "a0a1a2a3a4a5a6a7");
    EXPECT_EQ((*back)[0].sample_id, "tube \"4,2\"");
    EXPECT_EQ((*back)[1].outcome, "malformed");
    EXPECT_EQ((*back)[1].credential, "");
  }
}

TEST(JournalExport, HourCountJson) {
  EXPECT_EQ(journal_hour_count_json({1'699'999'200, outcome::expired, 3}),
            R"({"hour":"2023-11-14T22:00:00Z","outcome":"expired","count":3})");
}

TEST(JournalExport, TotalsPerOutcomeInNameOrder) {
  const std::vector<journal_hour_count> counts{{0, outcome::valid, 2},
                                               {0, outcome::expired, 1},
                                               {3600, outcome::valid, 5},
                                               {3600, outcome::bad_signature, 4}};
  const auto totals = journal_outcome_totals(counts);
  ASSERT_EQ(totals.size(), 3u);
  EXPECT_EQ(totals[0], std::make_pair(outcome::bad_signature, std::uint64_t{4}));
  EXPECT_EQ(totals[1], std::make_pair(outcome::expired, std::uint64_t{1}));
  EXPECT_EQ(totals[2], std::make_pair(outcome::valid, std::uint64_t{7}));
  EXPECT_TRUE(journal_outcome_totals({}).empty());
}

TEST(JournalExport, StatsTableForPeople) {
  const std::vector<journal_hour_count> counts{{0, outcome::valid, 2},
                                               {3600, outcome::expired, 1},
                                               {3600, outcome::valid, 5}};
  EXPECT_EQ(journal_stats_table(counts),
            "hour (UTC)            outcome               count\n"
            "1970-01-01T00:00:00Z  valid                     2\n"
            "1970-01-01T01:00:00Z  expired                   1\n"
            "1970-01-01T01:00:00Z  valid                     5\n"
            "total                 expired                   1\n"
            "total                 valid                     7\n"
            "total                 all                   8\n");
  EXPECT_EQ(journal_stats_table({}),
            "hour (UTC)            outcome               count\n"
            "total                 all                   0\n");
}

}  // namespace
}  // namespace qrseal
