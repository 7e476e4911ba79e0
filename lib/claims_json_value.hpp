// Inside the library: the claims JSON reader on an already parsed value, shared with the batch
// row reader (JSON Lines), and the writer's value, shared with the verdict JSON.
#pragma once

#include <nlohmann/json.hpp>
#include <qrseal/claims.hpp>
#include <qrseal/claims_json.hpp>
#include <qrseal/result.hpp>
#include <string_view>

namespace qrseal::detail {

// Parses one JSON object, refusing duplicate keys (nlohmann would keep the last silently).
result<nlohmann::json> parse_json_object(std::string_view text);

// claims_to_json as a value, for callers that embed the claims in a larger object (the verdict
// JSON) without printing and parsing them again.
nlohmann::ordered_json claims_to_json_value(const claims& c, time_style times);

// claims_from_json on a parsed object; messages start with "claims JSON: ".
result<claims> claims_from_json_value(const nlohmann::json& j);

}  // namespace qrseal::detail
