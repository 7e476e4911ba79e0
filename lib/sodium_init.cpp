#include "sodium_init.hpp"

#include <sodium.h>

#include <cstdlib>
#include <cstring>

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

void random_fill(std::span<std::uint8_t> out) noexcept {
  ensure_sodium();
  if (!out.empty()) randombytes_buf(out.data(), out.size());
}

std::uint64_t short_hash(std::string_view text) noexcept {
  static constexpr unsigned char key[crypto_shorthash_KEYBYTES] = {'q', 'r', 's', 'e',
                                                                   'a', 'l', '-', 's'};
  std::uint64_t h = 0;
  crypto_shorthash(reinterpret_cast<unsigned char*>(&h),
                   reinterpret_cast<const unsigned char*>(text.data()), text.size(), key);
  return h;
}

static_assert(sizeof(crypto_hash_sha256_state) <= 104 && alignof(crypto_hash_sha256_state) <= 8);

sha256_stream::sha256_stream() noexcept {
  crypto_hash_sha256_init(reinterpret_cast<crypto_hash_sha256_state*>(state_.data()));
}

void sha256_stream::update(std::string_view bytes) noexcept {
  crypto_hash_sha256_update(reinterpret_cast<crypto_hash_sha256_state*>(state_.data()),
                            reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
}

std::array<std::uint8_t, 32> sha256_stream::digest() const noexcept {
  auto copy = state_;
  std::array<std::uint8_t, 32> out{};
  crypto_hash_sha256_final(reinterpret_cast<crypto_hash_sha256_state*>(copy.data()), out.data());
  return out;
}

}  // namespace qrseal::detail
