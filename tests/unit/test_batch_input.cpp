// Batch input: splitting a byte stream into records (CSV with quoted line breaks, JSON Lines),
// the row length limit, offsets for resuming, and RFC 4180 field splitting.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <qrseal/batch_input.hpp>
#include <string>
#include <vector>

namespace qrseal {
namespace {

// A source that hands out `text` in pieces of at most `piece` bytes (records cross reads).
batch_record_reader::source from_string(std::string text, std::size_t piece = 7) {
  auto state = std::make_shared<std::pair<std::string, std::size_t>>(std::move(text), 0);
  return [state, piece](char* buffer, std::size_t capacity) -> result<std::size_t> {
    auto& [data, at] = *state;
    const std::size_t n = std::min({capacity, piece, data.size() - at});
    std::memcpy(buffer, data.data() + at, n);
    at += n;
    return n;
  };
}

std::vector<batch_record> read_all(batch_format format, std::string text, std::size_t piece = 7) {
  batch_record_reader reader(format, from_string(std::move(text), piece));
  std::vector<batch_record> out;
  for (;;) {
    auto r = reader.next();
    EXPECT_TRUE(r.ok());
    if (!r.ok() || !*r) break;
    out.push_back(std::move(**r));
  }
  return out;
}

TEST(BatchRecordReader, CsvLinesWithLineNumbersAndCrLf) {
  const auto records = read_all(batch_format::csv, "a,b\r\nc,d\n\ne,f");
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[0].text, "a,b");
  EXPECT_EQ(records[0].line, 1u);
  EXPECT_EQ(records[1].text, "c,d");
  EXPECT_EQ(records[1].line, 2u);
  EXPECT_EQ(records[2].text, "e,f");  // no final newline
  EXPECT_EQ(records[2].line, 4u);     // the blank line 3 was skipped but counted
}

TEST(BatchRecordReader, QuotedLineBreakStaysInOneCsvRecord) {
  const auto records = read_all(batch_format::csv, "id,name\n1,\"two\nlines\"\n2,x\n", 3);
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[1].text, "1,\"two\nlines\"");
  EXPECT_EQ(records[1].line, 2u);
  EXPECT_EQ(records[2].line, 4u);
}

TEST(BatchRecordReader, JsonLinesIgnoreQuotes) {
  const auto records = read_all(batch_format::jsonl, "{\"a\":\"\\\"\"}\n{\"b\":1}\n");
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].text, "{\"a\":\"\\\"\"}");
}

TEST(BatchRecordReader, UnclosedQuoteAtEndIsReportedNotSwallowedSilently) {
  const auto records = read_all(batch_format::csv, "1,ok\n2,\"open\n3,more\n");
  ASSERT_EQ(records.size(), 2u);
  EXPECT_FALSE(records[0].problem);
  ASSERT_TRUE(records[1].problem);
  EXPECT_NE(records[1].problem->message.find("not closed"), std::string::npos);
}

TEST(BatchRecordReader, TooLongRowIsRejectedAndReadingGoesOn) {
  std::string text = "1,short\n2," + std::string(max_batch_row_bytes + 10, 'x') + "\n3,after\n";
  const auto records = read_all(batch_format::csv, text, 4096);
  ASSERT_EQ(records.size(), 3u);
  ASSERT_TRUE(records[1].problem);
  EXPECT_EQ(records[1].problem->code, errc::batch_row);
  EXPECT_NE(records[1].problem->message.find("16384"), std::string::npos);
  EXPECT_EQ(records[2].text, "3,after");
  EXPECT_EQ(records[2].line, 3u);
}

TEST(BatchRecordReader, AStrayQuoteCannotSwallowTheFile) {
  // An unbalanced quote would make the rest one record; the length limit cuts it at a line end.
  std::string text = "1,\"stray\n";
  for (int i = 0; i < 2000; ++i) text += std::to_string(i) + ",row row row\n";
  const auto records = read_all(batch_format::csv, text, 65536);
  ASSERT_GE(records.size(), 2u);
  EXPECT_TRUE(records[0].problem);
  EXPECT_EQ(records.back().text, "1999,row row row");
}

TEST(BatchRecordReader, OffsetsLinesAndObserverCoverEveryByte) {
  const std::string text = "h\n\nr1\nr2\n";
  batch_record_reader reader(batch_format::csv, from_string(text, 1));
  std::string seen;
  reader.on_consumed([&](std::string_view bytes) { seen += bytes; });
  ASSERT_TRUE((*reader.next())->text == "h");
  EXPECT_EQ(reader.bytes_consumed(), 2u);
  ASSERT_TRUE((*reader.next())->text == "r1");
  EXPECT_EQ(reader.bytes_consumed(), 6u);
  EXPECT_EQ(reader.lines_consumed(), 3u);
  ASSERT_TRUE(reader.next().ok());
  EXPECT_FALSE(*reader.next());
  EXPECT_EQ(seen, text);
}

TEST(BatchRecordReader, ReadErrorIsPassedOn) {
  batch_record_reader reader(batch_format::csv, [](char*, std::size_t) -> result<std::size_t> {
    return error{errc::io_error, "disk gone"};
  });
  auto r = reader.next();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.code(), errc::io_error);
}

TEST(SplitCsvRecord, FieldsQuotesAndEmpties) {
  auto f = split_csv_record("a,\"b,c\",\"say \"\"hi\"\"\",,\"\"");
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(*f, (std::vector<std::string>{"a", "b,c", "say \"hi\"", "", ""}));
  EXPECT_EQ(*split_csv_record(""), std::vector<std::string>{""});
  EXPECT_EQ(*split_csv_record("x,"), (std::vector<std::string>{"x", ""}));
  EXPECT_EQ(*split_csv_record("\"a\nb\""), std::vector<std::string>{"a\nb"});
}

TEST(SplitCsvRecord, MalformedQuotingIsRefusedWithWhere) {
  auto a = split_csv_record("a,\"b\"c");
  ASSERT_FALSE(a.ok());
  EXPECT_NE(a.error().message.find("field 2"), std::string::npos);
  EXPECT_NE(a.error().message.find("after the closing quote"), std::string::npos);
  auto b = split_csv_record("a,b\"c");
  ASSERT_FALSE(b.ok());
  EXPECT_NE(b.error().message.find("quote inside an unquoted field"), std::string::npos);
  auto c = split_csv_record("\"open");
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.error().message.find("not closed"), std::string::npos);
}

// A file source: its size, the format from the extension or else the first byte (whose bytes
// are read again), and precise errors for a missing file or a directory.
TEST(BatchSource, FilesFormatsAndErrors) {
  std::string pattern = (std::filesystem::temp_directory_path() / "qrseal-source-XXXXXX").string();
  ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
  const std::filesystem::path dir = pattern;
  const std::string rows = "  {\"subject_id\":\"A\",\"status\":\"green\"}\n";
  std::ofstream(dir / "rows.txt") << rows;
  std::ofstream(dir / "rows.csv") << rows;

  auto txt = batch_source::open((dir / "rows.txt").string());
  ASSERT_TRUE(txt.ok()) << txt.error().message;
  EXPECT_EQ(txt->size(), rows.size());
  EXPECT_EQ(txt->format(), batch_format::jsonl);  // by the first non-blank byte
  std::string back(rows.size() + 8, '\0');
  std::size_t got = 0;
  for (;;) {
    auto n = txt->read(back.data() + got, back.size() - got);
    ASSERT_TRUE(n.ok());
    if (*n == 0) break;
    got += *n;
  }
  EXPECT_EQ(back.substr(0, got), rows);  // the sniffed bytes are handed out again

  auto csv = batch_source::open((dir / "rows.csv").string());
  ASSERT_TRUE(csv.ok());
  EXPECT_EQ(csv->format(), batch_format::csv);  // the extension wins over the content
  EXPECT_EQ(csv->format(batch_format::jsonl), batch_format::jsonl);  // and a given format wins

  auto missing = batch_source::open((dir / "missing.csv").string());
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.code(), errc::io_error);
  EXPECT_NE(missing.error().message.find("cannot open the batch input"), std::string::npos);
  auto folder = batch_source::open(dir.string());
  ASSERT_FALSE(folder.ok());
  EXPECT_NE(folder.error().message.find("is a directory"), std::string::npos);
  EXPECT_EQ(batch_source::standard_input().name(), "standard input");
  EXPECT_EQ(*parse_batch_format("jsonl"), batch_format::jsonl);
  EXPECT_EQ(parse_batch_format("xml").code(), errc::invalid_argument);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace qrseal
