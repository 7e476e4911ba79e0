// Trust list and revocation list (spec §3): COSE_Sign1 documents signed by a pinned root key.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <qrseal/claims.hpp>
#include <qrseal/keys.hpp>
#include <qrseal/result.hpp>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace qrseal {

inline constexpr std::size_t max_list_file_bytes = std::size_t{128} << 20;  // 128 MiB

// A list's seq as a person writes it: plain decimal digits only, 0 to 2^64-1 (no sign, hex, octal
// or wrap-around); anything else is invalid_argument.
result<std::uint64_t> parse_seq(std::string_view text);

// The result of offering a list to a verifier (spec §3).
enum class list_result { accepted, unchanged, rollback, unknown_root, bad_signature, malformed };
// "list_accepted", "list_unchanged", ...
std::string_view to_string(list_result r) noexcept;
// The error code of a list that was not taken: list_rollback, list_unknown_root,
// list_bad_signature, else list_malformed.
errc error_code_of(list_result r) noexcept;

// The authority's policy, carried in the trust list; local settings may only tighten it.
struct authority_policy {
  std::optional<std::vector<health_status>> accepted;
  std::optional<std::uint64_t> max_test_age;  // seconds
  std::optional<bool> require_live;
  std::optional<std::uint64_t> max_stale;     // seconds past next_update
  std::optional<std::uint64_t> max_validity;  // the most exp - iat may be
  friend bool operator==(const authority_policy&, const authority_policy&) = default;
};

struct trust_entry {
  public_key key;  // its kid is key.kid()
  std::string iss;
  std::uint64_t not_before = 0;
  std::uint64_t not_after = 0;
  friend bool operator==(const trust_entry&, const trust_entry&) = default;
};

struct trust_list {
  std::uint64_t seq = 0;
  std::uint64_t issued_at = 0;
  std::uint64_t next_update = 0;
  std::vector<trust_entry> entries;
  std::optional<authority_policy> policy;
  friend bool operator==(const trust_list&, const trust_list&) = default;
};

// Spec §5 step 5: the list holds an entry that lets key `kid` sign for `iss` at `iat`.
bool allows_signing(const trust_list& list, const key_id& kid, std::string_view iss,
                    std::uint64_t iat) noexcept;

using revocation_prefix = std::array<std::uint8_t, 8>;

// The first 8 bytes of SHA-256 over the 16 content bytes of cti.
revocation_prefix revocation_prefix_of(const credential_id& cti) noexcept;

struct revocation_list {
  std::uint64_t seq = 0;
  std::uint64_t issued_at = 0;
  std::uint64_t next_update = 0;
  std::vector<std::uint8_t> prefixes;  // sorted, unique 8-byte prefixes, concatenated

  std::size_t size() const noexcept { return prefixes.size() / 8; }
  // Binary search over the sorted prefixes.
  bool contains(const credential_id& cti) const noexcept;
  bool contains(const revocation_prefix& prefix) const noexcept;
};

// Signs a trust list with the root key. Refuses entries that are the root key itself, and a
// kid used by two different keys (the list would be malformed).
result<std::vector<std::uint8_t>> sign_trust_list(const trust_list& list, const secret_key& root);

// Sorts and de-duplicates `revoked` (prefixes of cti), then signs.
result<std::vector<std::uint8_t>> sign_revocation_list(std::uint64_t seq, std::uint64_t issued_at,
                                                       std::uint64_t next_update,
                                                       std::vector<revocation_prefix> revoked,
                                                       const secret_key& root);

// A list that passed parsing and its root signature, or why not.
template <class List>
struct loaded_list {
  list_result result = list_result::malformed;  // accepted when `list` holds a value
  std::string message;
  std::optional<List> list;
  key_id signer{};  // kid of the root that signed it
};

// Parses strictly, then checks the signature against the pinned roots. Never `accepted` with a
// broken list; `unchanged` and `rollback` are decided by the holder (see verifier).
loaded_list<trust_list> load_trust_list(std::span<const std::uint8_t> bytes,
                                        std::span<const public_key> roots);
loaded_list<revocation_list> load_revocation_list(std::span<const std::uint8_t> bytes,
                                                  std::span<const public_key> roots);

// The same strict parse WITHOUT the signature check: for an operator reviewing a file (a listing,
// a diff, the list a new one is built on), never for a verdict. `accepted` here means only "a
// well-formed list of this kind"; `signer` is the kid in its header, unproven. An entry whose kid
// is the signer's is still malformed. Verify with load_*_list before trusting anything in it.
loaded_list<trust_list> read_trust_list_unchecked(std::span<const std::uint8_t> bytes);
loaded_list<revocation_list> read_revocation_list_unchecked(std::span<const std::uint8_t> bytes);

}  // namespace qrseal
