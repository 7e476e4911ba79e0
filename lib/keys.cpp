#include <sodium.h>

#include <algorithm>
#include <cstring>
#include <qrseal/keys.hpp>
#include <string>

#include "sodium_init.hpp"

namespace qrseal {
namespace {

static_assert(crypto_sign_PUBLICKEYBYTES == 32 && crypto_sign_SECRETKEYBYTES == 64 &&
              crypto_sign_SEEDBYTES == 32 && crypto_sign_BYTES == 64);
static_assert(crypto_hash_sha256_BYTES >= std::tuple_size_v<key_id>);

using raw_key = std::span<const std::uint8_t, 32>;

// True when the 255-bit y coordinate (the key with its sign bit cleared, little-endian) is
// >= p = 2^255 - 19, i.e. y is not reduced. Those are the 19 values p .. 2^255 - 1, whose
// bytes are ed..ff, then 30 bytes ff, then 7f. This is the test libsodium 1.0.18 calls
// ge25519_is_canonical; it too ignores the sign bit.
bool is_non_canonical(raw_key raw) noexcept {
  if ((raw[31] & 0x7f) != 0x7f) return false;
  for (std::size_t i = 1; i < 31; ++i)
    if (raw[i] != 0xff) return false;
  return raw[0] >= 0xed;
}

// The y coordinates of the 8 points of small order (the torsion subgroup of Edwards25519),
// little-endian. Each y stands for two points (x and -x, told apart by the sign bit), so 5
// values cover all 8 points: y = 1 (the identity, order 1), y = p - 1 (order 2), y = 0 (the
// two points of order 4), and two values for the four points of order 8.
//
// Derived here with a short python3 script doing affine Edwards25519 arithmetic
// (-x^2 + y^2 = 1 + d x^2 y^2, d = -121665/121666 mod p): take a curve point P (the first
// y = 2, 3, ... with a square root for x), Q = [l]P with l the prime group order
// 2^252 + 27742317777372353535851937790883648493, which lies in the torsion subgroup; retry
// until [4]Q is not the identity, so Q has order 8; then [k]Q for k = 0..7 are the 8 points.
// The order-8 y values came out as
//   2707385501144840649318225287225658788936804267575313519463743609750303402022 and
//   55188659117513257062467267217118295137698188065244968500265048394206261417927.
// The tests check each against libsodium (a signature with it is refused, and [8]P is the
// identity), so a typo here cannot pass.
constexpr std::uint8_t small_order_y[5][32] = {
    // y = 0: order 4
    {0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
     0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
     0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00},
    // y = 1: the identity (order 1)
    {0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
     0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
     0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00},
    // y = p - 1: order 2
    {0xec, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
     0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
     0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f},
    // y = 2707385501144840649318225287225658788936804267575313519463743609750303402022: order 8
    {0x26, 0xe8, 0x95, 0x8f, 0xc2, 0xb2, 0x27, 0xb0, 0x45, 0xc3, 0xf4,
     0x89, 0xf2, 0xef, 0x98, 0xf0, 0xd5, 0xdf, 0xac, 0x05, 0xd3, 0xc6,
     0x33, 0x39, 0xb1, 0x38, 0x02, 0x88, 0x6d, 0x53, 0xfc, 0x05},
    // y = 55188659117513257062467267217118295137698188065244968500265048394206261417927: order 8
    {0xc7, 0x17, 0x6a, 0x70, 0x3d, 0x4d, 0xd8, 0x4f, 0xba, 0x3c, 0x0b,
     0x76, 0x0d, 0x10, 0x67, 0x0f, 0x2a, 0x20, 0x53, 0xfa, 0x2c, 0x39,
     0xcc, 0xc6, 0x4e, 0xc7, 0xfd, 0x77, 0x92, 0xac, 0x03, 0x7a},
};

// Canonical encodings of small-order points. The non-canonical encodings of y = 0 and y = 1
// (p and p + 1) are caught by is_non_canonical, as libsodium's list also holds them.
bool is_small_order(raw_key raw) noexcept {
  std::array<std::uint8_t, 32> y{};
  std::copy(raw.begin(), raw.end(), y.begin());
  y[31] &= 0x7f;  // the sign of x does not change the order
  return std::any_of(std::begin(small_order_y), std::end(small_order_y),
                     [&](const std::uint8_t(&candidate)[32]) {
                       return std::memcmp(candidate, y.data(), y.size()) == 0;
                     });
}

}  // namespace

key_id derive_kid(std::span<const std::uint8_t, 32> raw_public_key) noexcept {
  detail::ensure_sodium();
  std::array<std::uint8_t, crypto_hash_sha256_BYTES> digest{};
  crypto_hash_sha256(digest.data(), raw_public_key.data(), raw_public_key.size());
  key_id kid{};
  std::copy_n(digest.begin(), kid.size(), kid.begin());
  return kid;
}

bool is_weak_public_key(std::span<const std::uint8_t, 32> raw) noexcept {
  return is_non_canonical(raw) || is_small_order(raw);
}

result<public_key> public_key::from_bytes(std::span<const std::uint8_t> raw) {
  if (raw.size() != 32)
    return error{errc::key_invalid,
                 "Ed25519 public key must be 32 bytes, got " + std::to_string(raw.size())};
  const raw_key fixed{raw.data(), 32};
  if (is_non_canonical(fixed))
    return error{errc::key_invalid,
                 "Ed25519 public key is non-canonical (its y coordinate is not reduced mod p)"};
  if (is_small_order(fixed))
    return error{errc::key_invalid,
                 "Ed25519 public key is a small-order point (it would accept forged signatures)"};
  public_key key;
  std::copy(raw.begin(), raw.end(), key.bytes_.begin());
  key.kid_ = derive_kid(key.bytes_);
  return key;
}

bool verify_detached(const public_key& key, std::span<const std::uint8_t> message,
                     std::span<const std::uint8_t> sig) noexcept {
  if (sig.size() != crypto_sign_BYTES) return false;
  detail::ensure_sodium();
  // An empty span may have a null data pointer; libsodium should not see one.
  static const std::uint8_t empty = 0;
  const std::uint8_t* m = message.empty() ? &empty : message.data();
  return crypto_sign_verify_detached(sig.data(), m, message.size(), key.bytes().data()) == 0;
}

// ---- secret_string ----

secret_string::secret_string(secret_string&& other) noexcept
    : chars_(std::move(other.chars_)) {}  // a vector move steals the buffer: nothing to wipe

secret_string& secret_string::operator=(secret_string&& other) noexcept {
  if (this != &other) {
    detail::wipe(chars_.data(), chars_.size());
    chars_ = std::move(other.chars_);
    detail::wipe(other.chars_.data(), other.chars_.size());
    other.chars_.clear();
  }
  return *this;
}

secret_string::~secret_string() { detail::wipe(chars_.data(), chars_.size()); }

void secret_string::append(std::string_view text) {
  if (chars_.size() + text.size() > chars_.capacity()) {
    // Grow by hand: letting the vector reallocate would free the old buffer unwiped.
    std::vector<char> bigger;
    bigger.reserve(std::max({chars_.size() + text.size(), 2 * chars_.capacity(), std::size_t{64}}));
    bigger.insert(bigger.end(), chars_.begin(), chars_.end());
    detail::wipe(chars_.data(), chars_.size());
    chars_.swap(bigger);
  }
  chars_.insert(chars_.end(), text.begin(), text.end());
}

// ---- secret_key ----

secret_key::secret_key(const std::uint8_t* expanded, const qrseal::public_key& pub) noexcept
    : public_(pub) {
  std::copy_n(expanded, expanded_.size(), expanded_.begin());
}

secret_key secret_key::generate() {
  detail::ensure_sodium();
  std::array<std::uint8_t, crypto_sign_PUBLICKEYBYTES> pk{};
  std::array<std::uint8_t, crypto_sign_SECRETKEYBYTES> sk{};
  for (;;) {
    crypto_sign_keypair(pk.data(), sk.data());
    // A clamped scalar times the base point always has prime order and a canonical encoding,
    // so this never retries; it keeps the "every public_key is valid" promise unconditional.
    auto pub = qrseal::public_key::from_bytes(pk);
    if (pub) {
      secret_key key(sk.data(), *pub);
      detail::wipe(sk.data(), sk.size());
      return key;
    }
  }
}

result<secret_key> secret_key::from_seed(std::span<const std::uint8_t> seed) {
  if (seed.size() != crypto_sign_SEEDBYTES)
    return error{errc::invalid_argument,
                 "Ed25519 seed must be 32 bytes, got " + std::to_string(seed.size())};
  detail::ensure_sodium();
  std::array<std::uint8_t, crypto_sign_PUBLICKEYBYTES> pk{};
  std::array<std::uint8_t, crypto_sign_SECRETKEYBYTES> sk{};
  crypto_sign_seed_keypair(pk.data(), sk.data(), seed.data());
  auto pub = qrseal::public_key::from_bytes(pk);
  if (!pub) {
    detail::wipe(sk.data(), sk.size());
    return std::move(pub).error();
  }
  secret_key key(sk.data(), *pub);
  detail::wipe(sk.data(), sk.size());
  return key;
}

secret_key::secret_key(secret_key&& other) noexcept
    : expanded_(other.expanded_), public_(other.public_) {
  detail::wipe(other.expanded_.data(), other.expanded_.size());
}

secret_key& secret_key::operator=(secret_key&& other) noexcept {
  if (this != &other) {
    expanded_ = other.expanded_;
    public_ = other.public_;
    detail::wipe(other.expanded_.data(), other.expanded_.size());
  }
  return *this;
}

secret_key::~secret_key() { detail::wipe(expanded_.data(), expanded_.size()); }

signature secret_key::sign(std::span<const std::uint8_t> message) const noexcept {
  detail::ensure_sodium();
  static const std::uint8_t empty = 0;
  const std::uint8_t* m = message.empty() ? &empty : message.data();
  signature sig{};
  crypto_sign_detached(sig.data(), nullptr, m, message.size(), expanded_.data());
  return sig;
}

std::span<const std::uint8_t, 32> secret_key::seed(secret_access) const noexcept {
  return std::span<const std::uint8_t, 32>(expanded_.data(), 32);
}

}  // namespace qrseal
