#include <gtest/gtest.h>

#include <qrseal/mirror_index.hpp>
#include <string>
#include <vector>

namespace qrseal {
namespace {

const std::string hex64(64, 'a');

std::string good() {
  return "qrseal-mirror 1\ntrust 3 412 " + hex64 + " trust-3-0123456789abcdef.cose\n" +
         "revocations 12 800136 " + hex64 + " revocations-12-0123456789abcdef.cose\n";
}

TEST(MirrorIndex, RoundTrip) {
  auto index = parse_mirror_index(good());
  ASSERT_TRUE(index) << index.error().message;
  ASSERT_TRUE(index->trust);
  EXPECT_EQ(index->trust->seq, 3u);
  EXPECT_EQ(index->trust->size, 412u);
  EXPECT_EQ(index->trust->file, "trust-3-0123456789abcdef.cose");
  ASSERT_TRUE(index->revocations);
  EXPECT_EQ(index->revocations->seq, 12u);
  EXPECT_EQ(format_mirror_index(*index), good());
}

TEST(MirrorIndex, EntryOfNamesByContent) {
  const std::vector<std::uint8_t> bytes{1, 2, 3};
  const mirror_entry e = mirror_entry_of("trust", 7, bytes);
  EXPECT_EQ(e.size, 3u);
  EXPECT_EQ(e.sha256, sha256_of(bytes));
  // SHA-256 of 01 02 03 begins 039058c6f2c0cb49.
  EXPECT_EQ(e.file, "trust-7-039058c6f2c0cb49.cose");
  mirror_index index;
  index.trust = e;
  auto back = parse_mirror_index(format_mirror_index(index));
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, index);
}

TEST(MirrorIndex, RefusesAnythingElse) {
  const std::string entry = " 412 " + hex64 + " trust-3-x.cose\n";
  const std::vector<std::string> bad{
      "",
      "qrseal-mirror 1\n",                                             // names no list
      "qrseal-mirror 2\ntrust 3" + entry,                              // another version
      "qrseal-mirror 1\r\ntrust 3" + entry,                            // CR
      "qrseal-mirror 1\ntrust 3" + entry.substr(0, entry.size() - 1),  // no final newline
      "qrseal-mirror 1\ntrust 03" + entry,                             // leading zero
      "qrseal-mirror 1\ntrust -3" + entry,                             // sign
      "qrseal-mirror 1\ntrust 18446744073709551616" + entry,           // 2^64
      "qrseal-mirror 1\ntrust  3" + entry,                             // two spaces
      "qrseal-mirror 1\ntrust 3" + entry + "trust 4" + entry,          // twice
      "qrseal-mirror 1\nrevocations 3 412 " + hex64 + " r.cose\ntrust 3" + entry,  // order
      "qrseal-mirror 1\ntrust 3 0 " + hex64 + " t.cose\n",                         // size 0
      "qrseal-mirror 1\ntrust 3 999999999999 " + hex64 + " t.cose\n",        // over the list cap
      "qrseal-mirror 1\ntrust 3 412 " + std::string(64, 'A') + " t.cose\n",  // uppercase
      "qrseal-mirror 1\ntrust 3 412 " + hex64 + " ../t.cose\n",              // a path
      "qrseal-mirror 1\ntrust 3 412 " + hex64 + " .t.cose\n",                // hidden
      "qrseal-mirror 1\ntrust 3 412 " + hex64 + " t.txt\n",                  // not .cose
      "qrseal-mirror 1\ntrust 3 412 " + hex64 + " t.cose extra\n",           // sixth field
      "qrseal-mirror 1\nfoo 3" + entry,                                      // unknown kind
      "qrseal-mirror 1\ntrust 3" + entry + std::string(4096, '#'),           // too long
  };
  for (const std::string& text : bad) {
    auto index = parse_mirror_index(text);
    EXPECT_FALSE(index) << "accepted: " << text.substr(0, 200);
    EXPECT_EQ(index.code(), errc::mirror_index_malformed);
  }
}

}  // namespace
}  // namespace qrseal
