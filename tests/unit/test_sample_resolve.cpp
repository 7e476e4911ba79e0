// Resolving a checkpoint's exported journal records with the issuance ledger: both export forms
// (JSON Lines, CSV), records counted once, keyed references never resolved.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <qrseal/hex.hpp>
#include <qrseal/ledger.hpp>
#include <qrseal/sample_resolve.hpp>
#include <string>

namespace qrseal {
namespace {

namespace fs = std::filesystem;

class sample_resolve : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("qrseal-resolve-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
            "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string path(const char* name) const { return (dir_ / name).string(); }

  fs::path dir_;
};

TEST_F(sample_resolve, parses_both_export_forms_alike) {
  auto jsonl = parse_journal_export(
      "{\"id\":1,\"time\":\"2021-12-20T08:00:00Z\",\"checkpoint\":\"desk\",\"outcome\":\"valid\","
      "\"ref_form\":\"linkable\",\"credential\":\"00112233aabbccdd\",\"sample_id\":\"S-1\"}\n\n"
      "{\"id\":2,\"ref_form\":\"keyed\",\"device\":\"d1\",\"sample_id\":null}\n");
  ASSERT_TRUE(jsonl.ok()) << jsonl.error().message;
  ASSERT_EQ(jsonl->size(), 2u);
  EXPECT_EQ((*jsonl)[0].id, "1");
  EXPECT_EQ((*jsonl)[0].sample_id, "S-1");
  EXPECT_EQ((*jsonl)[1].device, "d1");
  EXPECT_FALSE((*jsonl)[1].sample_id.has_value());

  auto csv = parse_journal_export(
      "id,time,checkpoint,outcome,warnings,kid,ref_form,credential,sample_id\r\n"
      "1,2021-12-20T08:00:00Z,\"desk, east\",valid,,,linkable,00112233aabbccdd,S-1\r\n"
      "2,2021-12-20T08:01:00Z,desk,expired,,,keyed,ffff,\r\n");
  ASSERT_TRUE(csv.ok()) << csv.error().message;
  ASSERT_EQ(csv->size(), 2u);
  EXPECT_EQ((*csv)[0].checkpoint, "desk, east");
  EXPECT_EQ((*csv)[0].credential, "00112233aabbccdd");
  EXPECT_FALSE((*csv)[1].sample_id.has_value());
}

TEST_F(sample_resolve, errors_name_the_line) {
  auto bad_json = parse_journal_export("{\"id\":1}\n[1,2]\n");
  ASSERT_FALSE(bad_json.ok());
  EXPECT_EQ(bad_json.error().message, "line 2: not a JSON object");
  auto short_row = parse_journal_export("id,time\n1\n");
  ASSERT_FALSE(short_row.ok());
  EXPECT_EQ(short_row.error().message, "line 2: 1 fields, the header has 2");
}

TEST_F(sample_resolve, joins_linkable_records_once) {
  auto book = ledger::open(path("l.sqlite"));
  ASSERT_TRUE(book.ok()) << book.error().message;
  ledger_entry e;
  e.subject_id = "person-7";
  e.cti.fill(0x42);
  e.iat = 1000;
  e.exp = 2000;
  ASSERT_TRUE(book->record(std::span(&e, 1)).ok());
  const revocation_prefix prefix = revocation_prefix_of(e.cti);

  sample_resolver resolver(*book);
  exported_record known{"1", "t", "desk", "valid", "linkable", to_hex(prefix), "dev", "S-1"};
  auto line = resolver.resolve(known);
  ASSERT_TRUE(line.ok()) << line.error().message;
  ASSERT_TRUE(line->has_value());
  EXPECT_NE((*line)->find("\"subject_id\":\"person-7\""), std::string::npos) << **line;
  EXPECT_NE((*line)->find("\"sample_id\":\"S-1\""), std::string::npos);
  // The same record uploaded twice is counted once.
  auto again = resolver.resolve(known);
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(again->has_value());

  exported_record unknown{"2", "t", "desk", "valid", "linkable", "0000000000000000", "", {}};
  auto none = resolver.resolve(unknown);
  ASSERT_TRUE(none.ok());
  EXPECT_NE((*none)->find("\"subject_id\":null"), std::string::npos);
  exported_record keyed{"3", "t", "desk", "valid", "keyed", "abcd", "", {}};
  EXPECT_FALSE(resolver.resolve(keyed)->has_value());
  exported_record broken{"4", "t", "desk", "valid", "linkable", "xyz", "", {}};
  EXPECT_FALSE(resolver.resolve(broken).ok());

  EXPECT_EQ(resolver.counts().resolved, 1u);
  EXPECT_EQ(resolver.counts().unknown, 1u);
  EXPECT_EQ(resolver.counts().not_linkable, 1u);
  EXPECT_EQ(resolver.counts().repeated, 1u);
}

TEST_F(sample_resolve, export_files_expand_folders_in_name_order) {
  fs::create_directories(dir_ / "up");
  for (const char* name : {"up/b.jsonl", "up/a.jsonl", "up/notes.txt", "single.csv"})
    std::ofstream(dir_ / name) << "x\n";
  fs::create_directories(dir_ / "up" / "sub.jsonl");  // a folder, whatever its name: not a file
  const std::vector<std::string> paths{path("single.csv"), path("up"), path("missing.jsonl")};
  auto files = journal_export_files(paths);
  ASSERT_TRUE(files.ok()) << files.error().message;
  EXPECT_EQ(*files,
            (std::vector<std::string>{path("single.csv"), (dir_ / "up" / "a.jsonl").string(),
                                      (dir_ / "up" / "b.jsonl").string(), path("missing.jsonl")}));
  EXPECT_TRUE(journal_export_files({})->empty());
}

}  // namespace
}  // namespace qrseal
