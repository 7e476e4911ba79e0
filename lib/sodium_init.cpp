#include "sodium_init.hpp"

#include <sodium.h>

#include <cstdlib>

namespace qrseal::detail {

void ensure_sodium() noexcept {
  // A function-local static is initialised exactly once, even with concurrent first calls.
  static const bool initialised = sodium_init() >= 0;
  // sodium_init fails only when the system cannot provide randomness; every key this library
  // would make after that is unsafe, so there is nothing sensible to return to the caller.
  if (!initialised) std::abort();
}

void wipe(void* data, std::size_t size) noexcept {
  if (data != nullptr && size != 0) sodium_memzero(data, size);
}

}  // namespace qrseal::detail
