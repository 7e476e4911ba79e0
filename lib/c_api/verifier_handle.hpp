// What a qrseal_verifier* points to: the C++ verifier and the lock of the header's
// thread-safety note. No state of its own: roots, policy and the clock mark are the verifier's.
#pragma once

#include <qrseal/qrseal.h>

#include <qrseal/verifier.hpp>
#include <shared_mutex>
#include <string_view>
#include <vector>

struct qrseal_verifier {
  // Verifications take it shared, changes exclusive (see the header's thread-safety note).
  mutable std::shared_mutex mutex;
  qrseal::verifier v{{}};
};

namespace qrseal::c_api {

// The C policy as the C++ one (NULL: the defaults); QRSEAL_ERR_INVALID_ARGUMENT, with the last
// error set, for accept bits that name no status.
int to_local_policy(const qrseal_policy* policy, local_policy& out);

// qrseal_warning bits of a verdict's warnings, and back (in the C++ order).
unsigned warning_bits(const std::vector<warning>& warnings) noexcept;
std::vector<warning> warnings_of(unsigned bits);

// The verdict in C; and the fail-closed one (outcome malformed, `why` in detail) after an
// error or when no code was found. Both accept out == NULL / do nothing then.
void fill_result(const verification& v, qrseal_result& out) noexcept;
// What a verifier holds, for qrseal_*_get_info.
void fill_info(const verifier& v, qrseal_verifier_info& info) noexcept;
void malformed_verdict(qrseal_result* out, std::string_view why) noexcept;

}  // namespace qrseal::c_api
