// text_of_list_line: plain texts kept byte for byte (trailing spaces are Base45), CRLF, blank
// lines, JSON lines with a "text" field, and every refusal.
#include <gtest/gtest.h>

#include <qrseal/text_list.hpp>
#include <string>

namespace qrseal {
namespace {

TEST(TextList, PlainLinesAreTheText) {
  EXPECT_EQ(*text_of_list_line("QS1:ABC"), "QS1:ABC");
  EXPECT_EQ(*text_of_list_line("QS1:AB  "), "QS1:AB  ");  // a space may end a Base45 text
  EXPECT_EQ(*text_of_list_line("QS1:AB \r"), "QS1:AB ");  // only the CR of CRLF goes
  EXPECT_EQ(*text_of_list_line("  QS1:X"), "  QS1:X");
}

TEST(TextList, BlankLinesAreEmpty) {
  EXPECT_EQ(*text_of_list_line(""), "");
  EXPECT_EQ(*text_of_list_line(" \t "), "");
  EXPECT_EQ(*text_of_list_line("\r"), "");
}

TEST(TextList, JsonLinesGiveTheirTextField) {
  EXPECT_EQ(*text_of_list_line(R"({"subject_id":"7","text":"QS1:K9"})"), "QS1:K9");
  EXPECT_EQ(*text_of_list_line(" {\"text\":\"QS1:A B\"}\r"), "QS1:A B");
}

TEST(TextList, RefusalsSayWhy) {
  auto bad = text_of_list_line("{not json");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().message, "not valid JSON");
  for (const char* line : {R"({"txt":"QS1:A"})", R"({"text":7})", "{}"}) {
    auto no_text = text_of_list_line(line);
    ASSERT_FALSE(no_text.ok()) << line;
    EXPECT_EQ(no_text.error().message, "a JSON line needs a \"text\" field holding the QS1 text");
  }
}

TEST(TextList, LongLinesAreRefusedAtTheLimit) {
  const std::string at_limit(max_text_list_line_bytes, 'A');
  EXPECT_EQ(text_of_list_line(at_limit)->size(), max_text_list_line_bytes);
  auto over = text_of_list_line(at_limit + "A");
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(over.error().message, "longer than 1048576 bytes");
}

}  // namespace
}  // namespace qrseal
