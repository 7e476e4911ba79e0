// Inside the library: the claims JSON reader on an already parsed value, shared with the batch
// row reader (JSON Lines).
#pragma once

#include <nlohmann/json.hpp>
#include <qrseal/claims.hpp>
#include <qrseal/result.hpp>
#include <string_view>

namespace qrseal::detail {

// Parses one JSON object, refusing duplicate keys (nlohmann would keep the last silently).
result<nlohmann::json> parse_json_object(std::string_view text);

// claims_from_json on a parsed object; messages start with "claims JSON: ".
result<claims> claims_from_json_value(const nlohmann::json& j);

}  // namespace qrseal::detail
