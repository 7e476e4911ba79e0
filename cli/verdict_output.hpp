// How a verdict is shown in one line (`qrseal verify`); its JSON is the library's
// (qrseal/checkpoint_json.hpp).
#pragma once

#include <qrseal/verifier.hpp>
#include <string>

namespace qrseal::cli {

// "VALID  张*明  ID 1234  green  test negative 2021-12-20T08:00:00Z  (reason)".
std::string verdict_line(const verification& v);

}  // namespace qrseal::cli
