// CWT claims and the health status profile (spec §1) as typed values, with their strict
// deterministic CBOR form.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <qrseal/keys.hpp>
#include <qrseal/result.hpp>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace qrseal {

enum class health_status : std::uint8_t { green = 0, yellow = 1, red = 2 };

std::string_view to_string(health_status value) noexcept;
std::optional<health_status> parse_health_status(std::string_view name) noexcept;
// "green,yellow" -> statuses. An empty or unknown name is invalid_argument; so is an empty text,
// unless `empty_is_none` (a verifier may accept no status at all, a trust list's policy may not).
result<std::vector<health_status>> parse_health_status_list(std::string_view text,
                                                            bool empty_is_none = false);

inline constexpr std::size_t max_iss_bytes = 32;
inline constexpr std::size_t max_name_bytes = 48;
inline constexpr std::size_t max_id_hint_bytes = 8;
inline constexpr std::size_t max_site_bytes = 16;
inline constexpr std::uint64_t status_profile_v1 = 1;

using credential_id = std::array<std::uint8_t, 16>;

struct test_info {
  bool positive = false;
  std::uint64_t sampled_at = 0;  // NumericDate
  std::optional<std::string> site;
  friend bool operator==(const test_info&, const test_info&) = default;
};

struct vaccination_info {
  std::uint64_t doses = 0;
  std::uint64_t last_dose = 0;  // NumericDate
  friend bool operator==(const vaccination_info&, const vaccination_info&) = default;
};

// Claim -65537, profile 1 (the only profile of version 1).
struct status_profile {
  health_status status = health_status::green;
  std::optional<std::string> name;     // usually masked, e.g. 张*明
  std::optional<std::string> id_hint;  // e.g. the last 4 characters of the ID document
  std::optional<test_info> test;
  std::optional<vaccination_info> vaccination;
  friend bool operator==(const status_profile&, const status_profile&) = default;
};

struct claims {
  std::string iss;
  std::uint64_t exp = 0;
  std::optional<std::uint64_t> nbf;
  std::uint64_t iat = 0;
  credential_id cti{};
  std::optional<public_key> holder_key;  // cnf: the key that signs live codes
  status_profile status;
  friend bool operator==(const claims&, const claims&) = default;
};

// Checks what the CBOR form cannot carry: lengths, UTF-8, a non-empty iss.
status validate_claims(const claims& c);

// Deterministic CBOR of the claims map (keys 1, 4, 5, 6, 7, 8, -65537).
std::vector<std::uint8_t> encode_claims(const claims& c);

// Strict decoding of a credential's payload. Unknown top-level claims are ignored (RFC 8392)
// but must be strict CBOR; unknown keys anywhere in the status profile or cnf are malformed.
result<claims> decode_claims(std::span<const std::uint8_t> payload);

}  // namespace qrseal
