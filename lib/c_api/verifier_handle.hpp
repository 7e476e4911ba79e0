// What a qrseal_verifier* points to. The C++ verifier takes its roots and policy when it is made,
// so the handle keeps them (and the high-water mark, which the verifier does not show) and makes
// a new verifier when they change, offering it the lists held.
#pragma once

#include <qrseal/qrseal.h>

#include <cstdint>
#include <optional>
#include <qrseal/keys.hpp>
#include <qrseal/verifier.hpp>
#include <shared_mutex>
#include <string_view>
#include <vector>

struct qrseal_verifier {
  // Verifications take it shared, changes exclusive (see the header's thread-safety note).
  mutable std::shared_mutex mutex;
  std::vector<qrseal::public_key> roots;
  qrseal::local_policy policy;
  std::optional<std::int64_t> high_water;
  qrseal::verifier v{{}};
};

namespace qrseal::c_api {

// A verifier with these roots and policy, holding the lists `h` holds (and its high-water
// mark). Strong guarantee: `h` is unchanged if this throws. Call with the mutex held exclusively.
void rebuild(qrseal_verifier& h, std::vector<public_key> roots, local_policy policy);

// The C policy as the C++ one; nullopt for accept bits that name no status.
std::optional<local_policy> to_local_policy(const qrseal_policy& p);

// qrseal_warning bits of a verdict's warnings, and back (in the C++ order).
unsigned warning_bits(const std::vector<warning>& warnings) noexcept;
std::vector<warning> warnings_of(unsigned bits);

// The verdict in C; and the fail-closed one (outcome malformed, `why` in detail) after an
// error or when no code was found. Both accept out == NULL / do nothing then.
void fill_result(const verification& v, qrseal_result& out) noexcept;
void malformed_verdict(qrseal_result* out, std::string_view why) noexcept;

// Takes a verifier made elsewhere (the device state's) into the handle, with its roots and policy.
void adopt(qrseal_verifier& h, verifier v, std::optional<std::int64_t> high_water);

}  // namespace qrseal::c_api
