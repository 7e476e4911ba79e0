// The next trust list of an authority (docs/operations.md, key rotation): built on the list it
// replaces, so entries and policy carry forward unless removed or changed on purpose.
#pragma once

#include <cstdint>
#include <optional>
#include <qrseal/claims.hpp>
#include <qrseal/keys.hpp>
#include <qrseal/lists.hpp>
#include <qrseal/result.hpp>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace qrseal {

// Policy fields to set; a field left empty keeps what the list had.
struct policy_change {
  std::optional<std::vector<health_status>> accepted;
  std::optional<std::uint64_t> max_test_age;
  bool require_live = false;  // sets require_live (a list cannot unset it but by clearing)
  std::optional<std::uint64_t> max_stale;
  std::optional<std::uint64_t> max_validity;

  bool any() const noexcept {
    return accepted || max_test_age || require_live || max_stale || max_validity;
  }
};

// `base` with the fields of `change` set (none given: `base` as it is).
std::optional<authority_policy> apply_policy_change(std::optional<authority_policy> base,
                                                    const policy_change& change);

struct trust_build_plan {
  // The list this one replaces, checked with load_previous_trust_list; absent: a fresh list.
  std::optional<trust_list> previous;
  std::string previous_name = "the previous list";  // how errors name it
  std::vector<key_id> remove;        // entries of `previous` to drop (each kid must be there)
  bool policy_clear = false;         // do not carry the previous policy
  std::vector<trust_entry> add;      // appended unless already held
  std::optional<std::uint64_t> seq;  // default: previous seq + 1 (required without previous)
  std::uint64_t issued_at = 0;
  std::uint64_t next_update = 0;
  policy_change policy;
  // A list due the moment it is signed is stale on every verifier at once; refused unless set.
  bool allow_overdue = false;
};

// A list due the moment it is signed (next_update not after issued_at) is refused unless allowed.
status check_trust_list_dates(std::uint64_t issued_at, std::uint64_t next_update,
                              bool allow_overdue);

// The list to sign, or why not: no seq, a seq not above the previous one, a kid to remove that
// the previous list does not hold, removal without a previous list, next_update not after
// issued_at. Nothing is signed here: sign_trust_list() signs the result.
result<trust_list> build_trust_list(const trust_build_plan& plan);

// The list a new one is built on: a well-formed trust list signed by `root` (a list of another
// root is named as such: a list is carried forward only from its own authority). Errors name the
// list and the root as the caller calls them (`name`, `root_name`); list_malformed means the
// bytes are no trust list at all.
result<trust_list> load_previous_trust_list(std::span<const std::uint8_t> bytes,
                                            const public_key& root,
                                            std::string_view name = "the previous list",
                                            std::string_view root_name = "the root given");

// A list built without a previous one replaces wholesale whatever list is at its destination.
// When `existing` (the bytes there) is a list of `root`, what the new list drops from it, since
// forgetting the previous list is how a rotation loses the policy; nullopt otherwise.
struct wholesale_replacement {
  std::uint64_t replaced_seq = 0;
  std::string changes;  // trust_list_changes(replaced, list)
};
std::optional<wholesale_replacement> replaced_wholesale(std::span<const std::uint8_t> existing,
                                                        const trust_list& list,
                                                        const public_key& root);

// A trust entry from its text parts, checked: ISS of 1-32 bytes and NOT_BEFORE <= NOT_AFTER.
result<trust_entry> make_trust_entry(public_key key, std::string iss, std::uint64_t not_before,
                                     std::uint64_t not_after);

// "0011223344556677" -> a kid (exactly 16 hex digits).
result<key_id> parse_kid(std::string_view text);

}  // namespace qrseal
