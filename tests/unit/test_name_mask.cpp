#include <gtest/gtest.h>

#include <qrseal/name_mask.hpp>

namespace qrseal {
namespace {

TEST(MaskName, ChineseNamesKeepFirstAndLast) {
  EXPECT_EQ(mask_name("张三明"), "张*明");
  EXPECT_EQ(mask_name("欧阳娜娜"), "欧**娜");
  EXPECT_EQ(mask_name("张三"), "张*");
  EXPECT_EQ(mask_name("张"), "张");
  EXPECT_EQ(mask_name(""), "");
}

TEST(MaskName, LatinNamesKeepEachWordsFirstLetter) {
  EXPECT_EQ(mask_name("Alice Smith"), "A**** S****");
  EXPECT_EQ(mask_name("Zoë  Li"), "Z**  L*");
  EXPECT_EQ(mask_name("Élodie"), "É****e");  // one word: like a CJK name
}

TEST(MaskName, InvalidUtf8IsLeftForTheRowCheck) { EXPECT_EQ(mask_name("\xff\xfe"), "\xff\xfe"); }

}  // namespace
}  // namespace qrseal
