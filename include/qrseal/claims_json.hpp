// Claims as JSON with the spec's names (status profile fields at the top level).
#pragma once

#include <qrseal/claims.hpp>
#include <qrseal/result.hpp>
#include <string>
#include <string_view>

namespace qrseal {

enum class time_style { integer, rfc3339 };

// {"iss", "iat", "exp", "nbf"?, "cti" (hex), "cnf"? (hex key), "status": "green|yellow|red",
//  "name"?, "id_hint"?, "test"?: {"result": "negative|positive", "sampled_at", "site"?},
//  "vaccination"?: {"doses", "last_dose"}}; times as integers or RFC 3339 strings.
std::string claims_to_json(const claims& c, time_style times = time_style::integer);

// The same object as input; every field may be absent (the issuer fills iss, iat and exp),
// except "status". Times are integers or RFC 3339 strings; unknown fields are refused, so a
// misspelt field is not silently dropped.
result<claims> claims_from_json(std::string_view json);

}  // namespace qrseal
