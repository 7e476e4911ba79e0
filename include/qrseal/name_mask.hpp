// Masking a full name for the credential, for authorities whose records hold full names.
#pragma once

#include <string>
#include <string_view>

namespace qrseal {

// Without spaces (CJK names): keeps the first and last character, one '*' for each one between
// (张三明 -> 张*明, 欧阳娜娜 -> 欧**娜; two characters: 张三 -> 张*). With spaces (Latin names):
// keeps the first letter of each word, one '*' for each other letter (Alice Smith ->
// A**** S****). Text that is not valid UTF-8 is returned unchanged (the row check refuses it).
std::string mask_name(std::string_view name);

}  // namespace qrseal
