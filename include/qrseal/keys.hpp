// Ed25519 keys (spec §2): validated public keys with their kid, move-only wiped secret keys.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <qrseal/result.hpp>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace qrseal {

using key_id = std::array<std::uint8_t, 8>;
using signature = std::array<std::uint8_t, 64>;

// kid = first 8 bytes of SHA-256 of the 32-byte raw public key.
key_id derive_kid(std::span<const std::uint8_t, 32> raw_public_key) noexcept;

// True for an encoding whose y coordinate is not reduced mod p, or a point of small order
// (the encodings libsodium's crypto_sign_verify_detached refuses as a public key).
// An encoding that is no curve point at all (y with no matching x, about half of all 32-byte
// strings) is not weak by this definition, as the spec names only small-order and
// non-canonical keys; libsodium never verifies a signature with such a key.
bool is_weak_public_key(std::span<const std::uint8_t, 32> raw) noexcept;

// A public key that is known not to be small-order or non-canonical.
class public_key {
 public:
  static result<public_key> from_bytes(std::span<const std::uint8_t> raw);

  const std::array<std::uint8_t, 32>& bytes() const noexcept { return bytes_; }
  const key_id& kid() const noexcept { return kid_; }
  friend bool operator==(const public_key& a, const public_key& b) noexcept {
    return a.bytes_ == b.bytes_;
  }

 private:
  public_key() = default;
  std::array<std::uint8_t, 32> bytes_{};
  key_id kid_{};
};

// Checks a detached Ed25519 signature exactly as libsodium's crypto_sign_verify_detached.
[[nodiscard]] bool verify_detached(const public_key& key, std::span<const std::uint8_t> message,
                                   std::span<const std::uint8_t> sig) noexcept;

// Marks code that reads secret bytes, so every such place can be found with grep.
struct secret_access {
  explicit secret_access() = default;
};

// Text that carries secret bytes (an unencrypted key file, a private-key PEM). Move-only; the
// characters are wiped (sodium_memzero) on destruction and when the buffer grows, so no
// unwiped copy is left on the heap. Reading it takes a secret_access token. Whoever copies the
// text elsewhere (a std::string, a file buffer) must wipe that copy.
class secret_string {
 public:
  secret_string() = default;
  secret_string(secret_string&& other) noexcept;
  secret_string& operator=(secret_string&& other) noexcept;
  secret_string(const secret_string&) = delete;
  secret_string& operator=(const secret_string&) = delete;
  ~secret_string();

  std::string_view view(secret_access) const noexcept { return {chars_.data(), chars_.size()}; }
  std::size_t size() const noexcept { return chars_.size(); }
  bool empty() const noexcept { return chars_.empty(); }
  void append(std::string_view text);

 private:
  std::vector<char> chars_;
};

// An Ed25519 secret key. Move-only; the bytes are wiped (sodium_memzero) on destruction and
// after a move; there is no way to print it.
class secret_key {
 public:
  static secret_key generate();
  // From a 32-byte RFC 8032 seed; refuses (never happens for real seeds) a weak public half.
  static result<secret_key> from_seed(std::span<const std::uint8_t> seed);

  secret_key(secret_key&& other) noexcept;
  secret_key& operator=(secret_key&& other) noexcept;
  secret_key(const secret_key&) = delete;
  secret_key& operator=(const secret_key&) = delete;
  ~secret_key();

  const qrseal::public_key& public_key() const noexcept { return public_; }
  signature sign(std::span<const std::uint8_t> message) const noexcept;
  // The 32-byte seed, for writing key files. Callers must wipe any copy they make.
  std::span<const std::uint8_t, 32> seed(secret_access) const noexcept;

 private:
  secret_key(const std::uint8_t* expanded, const qrseal::public_key& pub) noexcept;
  std::array<std::uint8_t, 64> expanded_{};  // libsodium's seed || public key
  qrseal::public_key public_;
};

}  // namespace qrseal
