// Batch rows: the CSV header and rows, JSON Lines rows, and a precise reason for each bad row.
#include <gtest/gtest.h>

#include <qrseal/batch_row.hpp>
#include <qrseal/hex.hpp>
#include <string>
#include <vector>

#include "fixtures.hpp"

namespace qrseal {
namespace {

using strings = std::vector<std::string>;

csv_columns columns(const strings& names) {
  auto c = csv_columns::from_header(names);
  EXPECT_TRUE(c.ok()) << (c.ok() ? "" : c.error().message);
  return *c;
}

const strings full_header = {"subject_id",
                             "status",
                             "name",
                             "id_hint",
                             "test.result",
                             "test.sampled_at",
                             "test.site",
                             "vaccination.doses",
                             "vaccination.last_dose",
                             "cnf"};

std::string reason(const result<batch_row>& r) { return r.ok() ? "(ok)" : r.error().message; }

TEST(CsvColumns, HeaderNeedsSubjectAndStatusAndKnownColumns) {
  EXPECT_TRUE(csv_columns::from_header(full_header).ok());
  EXPECT_TRUE(csv_columns::from_header(strings{"\xEF\xBB\xBFsubject_id", "status"}).ok());
  auto missing = csv_columns::from_header(strings{"subject_id", "name"});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.code(), errc::batch_header);
  EXPECT_NE(missing.error().message.find("'status' is missing"), std::string::npos);
  auto unknown = csv_columns::from_header(strings{"subject_id", "status", "test.sampled"});
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.error().message.find("column 3 'test.sampled'"), std::string::npos);
  auto issuer = csv_columns::from_header(strings{"subject_id", "status", "exp"});
  ASSERT_FALSE(issuer.ok());
  EXPECT_NE(issuer.error().message.find("set by the issuer"), std::string::npos);
  auto twice = csv_columns::from_header(strings{"subject_id", "status", "status"});
  ASSERT_FALSE(twice.ok());
  EXPECT_NE(twice.error().message.find("appears twice"), std::string::npos);
}

TEST(CsvColumns, FullRowParses) {
  const auto holder = fixtures::key_from_fill(7).public_key();
  auto row =
      columns(full_header)
          .parse(strings{"S-1", "green", "张*明", "1234", "negative", "2021-12-20T08:00:00+08:00",
                         "XA-01", "2", "1630000000", to_hex(holder.bytes())});
  ASSERT_TRUE(row.ok()) << reason(row);
  EXPECT_EQ(row->subject_id, "S-1");
  EXPECT_EQ(row->profile.status, health_status::green);
  EXPECT_EQ(row->profile.name, "张*明");
  EXPECT_EQ(row->profile.id_hint, "1234");
  ASSERT_TRUE(row->profile.test);
  EXPECT_FALSE(row->profile.test->positive);
  EXPECT_EQ(row->profile.test->sampled_at, 1639958400u);
  EXPECT_EQ(row->profile.test->site, "XA-01");
  ASSERT_TRUE(row->profile.vaccination);
  EXPECT_EQ(row->profile.vaccination->doses, 2u);
  EXPECT_EQ(row->holder_key, holder);
}

TEST(CsvColumns, EmptyFieldsAreAbsent) {
  auto row = columns(full_header).parse(strings{"S-2", "yellow", "", "", "", "", "", "", "", ""});
  ASSERT_TRUE(row.ok()) << reason(row);
  EXPECT_FALSE(row->profile.name);
  EXPECT_FALSE(row->profile.test);
  EXPECT_FALSE(row->profile.vaccination);
  EXPECT_FALSE(row->holder_key);
}

TEST(CsvColumns, EachBadRowSaysWhichFieldAndWhy) {
  const csv_columns c = columns(full_header);
  auto row = [&](strings f) { return reason(c.parse(f)); };
  const strings good = {"S", "green", "", "", "negative", "1640000000", "", "", "", ""};
  auto with = [&](std::size_t i, std::string v) {
    strings f = good;
    f[i] = std::move(v);
    return row(f);
  };
  EXPECT_EQ(row(good), "(ok)");
  EXPECT_EQ(row(strings{"S", "green"}), "row: has 2 fields, the header has 10");
  EXPECT_EQ(with(0, ""), "subject_id: is empty");
  EXPECT_EQ(with(0, std::string(129, 'x')), "subject_id: has 129 bytes, more than 128");
  EXPECT_EQ(with(0, "a\tb"), "subject_id: holds a control character");
  EXPECT_EQ(with(1, "blue"), "status: 'blue' is not green, yellow or red");
  EXPECT_EQ(with(1, ""), "status: is empty (green, yellow or red)");
  EXPECT_EQ(with(2, std::string(49, 'n')), "name: has 49 bytes, more than 48");
  EXPECT_EQ(with(2, "\xc3\x28"), "name: is not valid UTF-8");
  EXPECT_EQ(with(3, "123456789"), "id_hint: has 9 bytes, more than 8");
  EXPECT_EQ(with(4, "maybe"), "test.result: 'maybe' is not negative or positive");
  EXPECT_EQ(with(4, ""), "test: needs both test.result and test.sampled_at");
  EXPECT_NE(with(5, "2021-13-45T00:00:00Z").find("test.sampled_at: "), std::string::npos);
  EXPECT_NE(with(5, "yesterday").find("test.sampled_at: "), std::string::npos);
  EXPECT_EQ(with(6, std::string(17, 's')), "test.site: has 17 bytes, more than 16");
  EXPECT_EQ(with(7, "2"), "vaccination: needs both vaccination.doses and vaccination.last_dose");
  strings vax = good;
  vax[7] = "-1";
  vax[8] = "1630000000";
  EXPECT_EQ(row(vax), "vaccination.doses: '-1' is not a non-negative integer");
  EXPECT_EQ(with(9, "abcd"), "cnf: must be 64 hex digits (a 32-byte Ed25519 public key)");
  EXPECT_NE(with(9, std::string(64, '0')).find("cnf: "), std::string::npos);  // small order
}

TEST(JsonlRow, ParsesLikeClaimsJsonPlusSubject) {
  auto row = parse_jsonl_row(
      R"({"subject_id":"S-9","status":"red","name":"李*","test":{"result":"positive","sampled_at":"2021-12-20T08:00:00Z"}})");
  ASSERT_TRUE(row.ok()) << reason(row);
  EXPECT_EQ(row->subject_id, "S-9");
  EXPECT_EQ(row->profile.status, health_status::red);
  ASSERT_TRUE(row->profile.test);
  EXPECT_TRUE(row->profile.test->positive);
}

TEST(JsonlRow, BadRowsSayWhy) {
  EXPECT_EQ(reason(parse_jsonl_row(R"({"status":"green"})")),
            "subject_id: is missing or not a string");
  EXPECT_EQ(reason(parse_jsonl_row(R"({"subject_id":"S","status":"green","exp":1})")),
            "exp: is set by the issuer, not by a row");
  EXPECT_EQ(reason(parse_jsonl_row(R"({"subject_id":"S","status":"teal"})")),
            "status 'teal' is not green, yellow or red");
  EXPECT_EQ(reason(parse_jsonl_row(R"({"subject_id":"S","status":"green","nmae":"x"})")),
            "nmae is not a field of the status profile");
  EXPECT_NE(reason(parse_jsonl_row("{not json")).find("not a JSON object"), std::string::npos);
  EXPECT_NE(reason(parse_jsonl_row(R"({"subject_id":"S","subject_id":"T","status":"green"})"))
                .find("appears twice"),
            std::string::npos);
  EXPECT_EQ(reason(parse_jsonl_row(R"({"subject_id":"S","status":"green","name":")" +
                                   std::string(49, 'n') + "\"}")),
            "name: has 49 bytes, more than 48");
}

}  // namespace
}  // namespace qrseal
