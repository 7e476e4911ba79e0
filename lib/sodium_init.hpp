// Internal helpers around libsodium shared by the files that use it.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace qrseal::detail {

// Runs sodium_init() once per process (thread-safe); call it before any other libsodium
// function. libsodium's random generator and CPU dispatch are not usable before it.
void ensure_sodium() noexcept;

// Overwrites memory with zeros in a way the compiler may not optimise away (sodium_memzero).
void wipe(void* data, std::size_t size) noexcept;

// Fills `out` from libsodium's generator (random credential ids, in bulk).
void random_fill(std::span<std::uint8_t> out) noexcept;

// SipHash-2-4 of `text` under a fixed, public key: a fast 64-bit fingerprint, not a secret MAC.
std::uint64_t short_hash(std::string_view text) noexcept;

// SHA-256 over bytes that arrive in pieces. Copyable, so the digest of everything so far can be
// taken (digest() works on a copy) while more keeps coming.
class sha256_stream {
 public:
  sha256_stream() noexcept;
  void update(std::string_view bytes) noexcept;
  std::array<std::uint8_t, 32> digest() const noexcept;

 private:
  alignas(8) std::array<unsigned char, 104> state_{};  // crypto_hash_sha256_state
};

// A heap buffer for secret bytes (seeds, derived keys, decoded DER): fixed size, move-only,
// wiped on destruction. Fixed size because a growing std::vector leaves unwiped copies behind.
class wiped_bytes {
 public:
  explicit wiped_bytes(std::size_t size) : bytes_(size) {}
  wiped_bytes(wiped_bytes&& other) noexcept = default;  // steals the heap buffer, no copy left
  wiped_bytes& operator=(wiped_bytes&&) = delete;
  wiped_bytes(const wiped_bytes&) = delete;
  wiped_bytes& operator=(const wiped_bytes&) = delete;
  ~wiped_bytes() { wipe(bytes_.data(), bytes_.size()); }

  std::uint8_t* data() noexcept { return bytes_.data(); }
  const std::uint8_t* data() const noexcept { return bytes_.data(); }
  std::size_t size() const noexcept { return bytes_.size(); }
  std::span<std::uint8_t> span() noexcept { return bytes_; }
  std::span<const std::uint8_t> span() const noexcept { return bytes_; }

 private:
  std::vector<std::uint8_t> bytes_;
};

}  // namespace qrseal::detail
