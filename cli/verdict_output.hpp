// How a verdict is shown: one JSON object for machines, one line for a person at a gate.
#pragma once

#include <qrseal/verifier.hpp>
#include <string>

namespace qrseal::cli {

// {"outcome", "detail", "warnings", display fields (spec §5) when present}.
std::string verdict_json(const verification& v);

// "VALID  张*明  ID 1234  green  test negative 2021-12-20T08:00:00Z  (reason)".
std::string verdict_line(const verification& v);

}  // namespace qrseal::cli
