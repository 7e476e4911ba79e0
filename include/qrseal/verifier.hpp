// The offline check (spec §5): pinned roots + the lists held + policy + `now` -> one outcome.
#pragma once

#include <cstdint>
#include <optional>
#include <qrseal/claims.hpp>
#include <qrseal/keys.hpp>
#include <qrseal/lists.hpp>
#include <qrseal/result.hpp>
#include <qrseal/text.hpp>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace qrseal {

// In the order they are checked (spec §5).
enum class outcome {
  malformed,
  unsupported_alg,
  unknown_key,
  bad_signature,
  key_not_valid,
  not_yet_valid,
  expired,
  revoked,
  live_required,
  live_stale,
  live_bad_signature,
  status_not_accepted,
  test_positive,
  test_too_old,
  lists_too_stale,
  clock_behind,
  valid,
};
std::string_view to_string(outcome o) noexcept;

enum class warning { trust_list_stale, revocation_list_stale, clock_behind };
std::string_view to_string(warning w) noexcept;

// The device's own settings. They tighten the trust list's policy, never loosen it.
struct local_policy {
  std::optional<std::vector<health_status>> accept;  // default (with no list policy): green only
  std::optional<std::uint64_t> max_test_age;
  bool require_live = false;
  std::optional<std::uint64_t> max_stale;
  std::optional<std::uint64_t> max_validity;
  std::uint64_t skew = 300;
  std::uint64_t live_window = 60;
  bool reject_clock_behind = false;
};

// The policy in force: the trust list's, tightened by the local one.
struct effective_policy {
  std::vector<health_status> accept;
  std::optional<std::uint64_t> max_test_age;
  bool require_live = false;
  std::optional<std::uint64_t> max_stale;
  std::optional<std::uint64_t> max_validity;
};
effective_policy combine_policies(const std::optional<authority_policy>& authority,
                                  const local_policy& local);

// A verdict. Only the verifier makes one, so unverified claims cannot pose as checked.
class verification {
 public:
  qrseal::outcome outcome() const noexcept { return outcome_; }
  bool is_valid() const noexcept { return outcome_ == outcome::valid; }
  const std::string& detail() const noexcept { return detail_; }
  const std::vector<warning>& warnings() const noexcept { return warnings_; }
  // The display fields: present from key_not_valid on (the signature has been checked).
  const std::optional<claims>& credential() const noexcept { return credential_; }
  std::optional<text_kind> kind() const noexcept { return kind_; }
  std::optional<key_id> kid() const noexcept { return kid_; }

 private:
  friend class verifier;
  qrseal::outcome outcome_ = outcome::malformed;
  std::string detail_;
  std::vector<warning> warnings_;
  std::optional<claims> credential_;
  std::optional<text_kind> kind_;
  std::optional<key_id> kid_;
};

struct list_offer {
  list_result result = list_result::malformed;
  std::string message;
};

// Holds pinned roots and the current lists. verify() is const and may run on many threads
// at once; offering lists or times must not overlap with verify() calls.
class verifier {
 public:
  explicit verifier(std::vector<public_key> roots, local_policy policy = {});

  // Accepts a list only if a pinned root signed it and its seq is higher than the held one
  // (same seq and same bytes: unchanged); otherwise keeps the list it had.
  list_offer offer_trust_list(std::span<const std::uint8_t> cose);
  list_offer offer_revocation_list(std::span<const std::uint8_t> cose);
  // A "QT1:" text scanned from a key-update sheet.
  list_offer offer_trust_list_text(std::string_view text);

  // Pins one more root: lists it signs are accepted from now on. The lists held stay; a root
  // already pinned changes nothing.
  void add_root(const public_key& root);
  // Replaces the local policy; the lists held stay.
  void set_policy(local_policy policy);

  // The latest time the device has seen (the clock mark); a clock earlier than this (minus
  // skew) is behind. Only ever rises.
  void observe_time(std::int64_t seen) noexcept;
  std::optional<std::int64_t> high_water() const noexcept { return high_water_; }
  // The latest time the mark may rise to: the held lists' latest next_update plus
  // clock_plausibility_margin; nullopt without lists (nothing verifies then either). A device
  // raises its mark only up to it, so one wrong clock reading (or a mistyped --now) cannot make
  // every later check "clock behind".
  std::optional<std::int64_t> plausible_until() const noexcept;
  static constexpr std::int64_t clock_plausibility_margin = 30 * 24 * 3600;

  [[nodiscard]] verification verify(std::string_view text, std::int64_t now) const;

  const std::optional<trust_list>& trust() const noexcept { return trust_; }
  const std::optional<revocation_list>& revocations() const noexcept { return revocations_; }
  const std::vector<std::uint8_t>& trust_bytes() const noexcept { return trust_bytes_; }
  const std::vector<std::uint8_t>& revocation_bytes() const noexcept { return revocation_bytes_; }
  const local_policy& local() const noexcept { return local_; }
  const effective_policy& policy() const noexcept { return policy_; }
  std::span<const public_key> roots() const noexcept { return roots_; }

 private:
  std::vector<public_key> roots_;
  local_policy local_;
  effective_policy policy_;
  std::optional<trust_list> trust_;
  std::vector<std::uint8_t> trust_bytes_;
  std::optional<revocation_list> revocations_;
  std::vector<std::uint8_t> revocation_bytes_;
  std::optional<std::int64_t> high_water_;
};

}  // namespace qrseal
