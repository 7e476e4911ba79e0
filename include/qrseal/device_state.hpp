// A checkpoint's state directory: what a handheld keeps between runs, so it goes on working (and
// keeps records) through any outage.
//   roots         the pinned root keys (64 hex digits a line), set once by init()
//   trust.cose    the trust list held, replaced only by a newer one a pinned root signed
//   revoked.cose  the revocation list held, likewise
//   clock         the latest time the device has seen (a high-water mark: a clock set back is
//                 noticed as clock_behind)
//   journal.key   the key of the journal's keyed credential references (0600, never exported)
//   journal.db    the offline scan journal (journal.hpp)
// Each file is replaced atomically (temporary file, fsync, rename).
#pragma once

#include <cstdint>
#include <optional>
#include <qrseal/journal.hpp>
#include <qrseal/keys.hpp>
#include <qrseal/result.hpp>
#include <qrseal/verifier.hpp>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace qrseal {

class device_state;

// A list the operator gives for one run, and how messages name it (its path).
struct named_list_bytes {
  std::string name;
  std::span<const std::uint8_t> bytes;
};

// What the operator gives for one check instead of what a device holds (verify --root --trust on
// a device, or with no device at all): each part replaces the state's for that verifier only.
struct verifier_overrides {
  std::vector<public_key> roots;
  std::optional<named_list_bytes> trust;
  std::optional<named_list_bytes> revocations;
};

// The verifier of one check: the overrides, over what `state` (may be null) holds, with its
// clock mark. A list that is not accepted is an error named after it, with the list error's
// code ("trust list 'F' refused: list_rollback: ..."); no root at all, or no trust list without
// a state, is invalid_argument.
result<verifier> make_verifier(const device_state* state, const verifier_overrides& overrides,
                               const local_policy& policy);

class device_state {
 public:
  // A new state directory (created 0700 if missing) pinning `roots`; refuses a directory that
  // already holds a state, and an empty list of roots.
  static result<device_state> init(const std::string& dir, std::span<const public_key> roots);
  static result<device_state> open(const std::string& dir);

  const std::string& dir() const noexcept { return dir_; }
  const std::vector<public_key>& roots() const noexcept { return roots_; }
  std::optional<std::int64_t> high_water() const noexcept { return high_water_; }
  const journal_key& journal_secret() const noexcept { return journal_key_; }
  std::string journal_path() const { return dir_ + "/journal.db"; }
  bool holds_trust_list() const noexcept { return !trust_.empty(); }
  bool holds_revocation_list() const noexcept { return !revocations_.empty(); }
  const std::vector<std::uint8_t>& trust_list_bytes() const noexcept { return trust_; }
  const std::vector<std::uint8_t>& revocation_list_bytes() const noexcept { return revocations_; }

  // A verifier with the pinned roots, the lists held and the high-water mark. Fails when a
  // stored list no longer loads (a damaged state).
  result<verifier> make_verifier(const local_policy& policy = {}) const;

  // Offers a list to `v` (made by make_verifier) and stores it when it is accepted; the list
  // result says what happened either way. An error only when storing failed.
  result<list_offer> offer_trust_list(verifier& v, std::span<const std::uint8_t> cose);
  result<list_offer> offer_revocation_list(verifier& v, std::span<const std::uint8_t> cose);
  result<list_offer> offer_trust_list_text(verifier& v, std::string_view qt1_text);

  // Keeps the lists `v` holds (those that differ from the ones stored; an empty one is never
  // stored). Only for a verifier made by make_verifier (its lists are signed by these roots).
  status keep_lists(const verifier& v);

  // The device clock at a check: raises the high-water mark in `v` and, when it moved on by a
  // minute or more, on disk (so a busy gate does not write a file per person). A time past
  // v.plausible_until() raises nothing.
  status observe_time(verifier& v, std::int64_t now);
  // Writes the mark (after raise_clock_mark, checkpoint.hpp, said it is to be kept).
  status keep_clock_mark(std::int64_t mark);

  // The operator's way back from a wrong mark: sets it to `now` (the device clock, checked by a
  // person), on disk and in the journal as a "clock_reset" event. Returns the mark it replaced.
  result<std::optional<std::int64_t>> reset_clock(std::int64_t now);

 private:
  device_state() = default;
  status store(const char* name, std::span<const std::uint8_t> bytes,
               std::vector<std::uint8_t>& held);

  std::string dir_;
  std::vector<public_key> roots_;
  std::vector<std::uint8_t> trust_;
  std::vector<std::uint8_t> revocations_;
  std::optional<std::int64_t> high_water_;
  std::optional<std::int64_t> stored_high_water_;
  journal_key journal_key_{};
};

}  // namespace qrseal
