#include <gtest/gtest.h>
#include <sodium.h>

#include <array>
#include <cstring>
#include <optional>
#include <qrseal/hex.hpp>
#include <qrseal/keys.hpp>
#include <string>
#include <vector>

namespace qrseal {
namespace {

using bytes32 = std::array<std::uint8_t, 32>;

std::vector<std::uint8_t> hex(std::string_view text) {
  auto decoded = from_hex(text);
  EXPECT_TRUE(decoded.ok()) << text;
  return decoded.ok() ? *decoded : std::vector<std::uint8_t>{};
}

bytes32 hex32(std::string_view text) {
  const auto v = hex(text);
  bytes32 out{};
  EXPECT_EQ(v.size(), 32u);
  std::copy_n(v.begin(), std::min<std::size_t>(v.size(), 32), out.begin());
  return out;
}

// RFC 8032 §7.1, TEST 1.
constexpr std::string_view rfc_seed =
    "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
constexpr std::string_view rfc_public =
    "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
constexpr std::string_view rfc_signature =
    "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9"
    "b46bd25bf5f0595bbe24655141438e7a100b";

class keys : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { ASSERT_GE(sodium_init(), 0); }
};

TEST_F(keys, rfc8032_test1_from_seed_sign_verify) {
  auto key = secret_key::from_seed(hex(rfc_seed));
  ASSERT_TRUE(key.ok()) << key.error().message;
  EXPECT_EQ(to_hex(key->public_key().bytes()), rfc_public);
  const signature sig = key->sign({});
  EXPECT_EQ(to_hex(sig), rfc_signature);
  EXPECT_TRUE(verify_detached(key->public_key(), {}, sig));
  EXPECT_EQ(to_hex(key->seed(secret_access{})), rfc_seed);

  auto pub = public_key::from_bytes(hex(rfc_public));
  ASSERT_TRUE(pub.ok());
  EXPECT_TRUE(verify_detached(*pub, {}, hex(rfc_signature)));
  EXPECT_EQ(*pub, key->public_key());
}

TEST_F(keys, verify_rejects_altered_message_signature_and_wrong_sizes) {
  auto key = secret_key::from_seed(hex(rfc_seed));
  ASSERT_TRUE(key.ok());
  const std::vector<std::uint8_t> message = {'h', 'e', 'l', 'l', 'o'};
  signature sig = key->sign(message);
  EXPECT_TRUE(verify_detached(key->public_key(), message, sig));

  auto altered = message;
  altered[0] ^= 1;
  EXPECT_FALSE(verify_detached(key->public_key(), altered, sig));
  EXPECT_FALSE(verify_detached(key->public_key(), {}, sig));

  const std::span<const std::uint8_t> whole(sig);
  EXPECT_FALSE(verify_detached(key->public_key(), message, whole.first(63)));
  std::vector<std::uint8_t> longer(sig.begin(), sig.end());
  longer.push_back(0);
  EXPECT_FALSE(verify_detached(key->public_key(), message, longer));
  EXPECT_FALSE(verify_detached(key->public_key(), message, {}));

  sig[10] ^= 0x40;
  EXPECT_FALSE(verify_detached(key->public_key(), message, sig));

  const secret_key other = secret_key::generate();
  EXPECT_FALSE(verify_detached(other.public_key(), message, key->sign(message)));
}

// Expected kids computed independently with
//   echo -n <public key hex> | xxd -r -p | openssl dgst -sha256
TEST_F(keys, kid_is_first_8_bytes_of_sha256) {
  EXPECT_EQ(to_hex(derive_kid(hex32(rfc_public))), "21fe31dfa154a261");
  // RFC 8032 TEST 2's public key; digest 39f713d0a644253f04529421b9f51b9b...
  EXPECT_EQ(
      to_hex(derive_kid(hex32("3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c"))),
      "39f713d0a644253f");
  auto pub = public_key::from_bytes(hex(rfc_public));
  ASSERT_TRUE(pub.ok());
  EXPECT_EQ(to_hex(pub->kid()), "21fe31dfa154a261");
}

TEST_F(keys, public_key_from_bytes_checks_size) {
  for (const std::size_t size : {0u, 31u, 33u, 64u}) {
    const std::vector<std::uint8_t> raw(size, 0x42);
    auto pub = public_key::from_bytes(raw);
    ASSERT_FALSE(pub.ok());
    EXPECT_EQ(pub.code(), errc::key_invalid);
    EXPECT_NE(pub.error().message.find("got " + std::to_string(size)), std::string::npos)
        << pub.error().message;
  }
}

TEST_F(keys, from_seed_checks_size) {
  for (const std::size_t size : {0u, 31u, 33u, 64u}) {
    const std::vector<std::uint8_t> seed(size, 7);
    auto key = secret_key::from_seed(seed);
    ASSERT_FALSE(key.ok());
    EXPECT_EQ(key.code(), errc::invalid_argument);
    EXPECT_NE(key.error().message.find(std::to_string(size)), std::string::npos);
  }
}

// ---- weak keys ----

// The y coordinates of the small-order points, checked here against libsodium's own point
// arithmetic rather than trusted: see small_order_points_really_have_small_order.
const std::array<std::string_view, 5> small_order_y = {
    "0000000000000000000000000000000000000000000000000000000000000000",
    "0100000000000000000000000000000000000000000000000000000000000000",
    "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
    "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",
    "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",
};

struct weak_key {
  bytes32 encoding;              // as a public key would carry it
  std::optional<bytes32> point;  // a canonical encoding of the same point, if it has small order
  bool canonical = false;
};

// All 48 encodings libsodium 1.0.18 refuses as a public key before any arithmetic:
// 5 small-order y values and the 19 non-reduced y values p .. 2^255 - 1, each with both signs.
std::vector<weak_key> all_weak_keys() {
  std::vector<weak_key> keys;
  for (const auto y : small_order_y) {
    for (const std::uint8_t sign : std::array<std::uint8_t, 2>{0x00, 0x80}) {
      weak_key k;
      k.encoding = hex32(y);
      k.encoding[31] |= sign;
      k.point = k.encoding;
      // x = 0 for y = 1 and y = -1; "-0" is not a point encoding libsodium arithmetic accepts.
      if (y == small_order_y[1] || y == small_order_y[2]) (*k.point)[31] &= 0x7f;
      k.canonical = true;
      keys.push_back(k);
    }
  }
  for (unsigned low = 0xed; low <= 0xff; ++low) {
    for (const std::uint8_t sign : std::array<std::uint8_t, 2>{0x00, 0x80}) {
      weak_key k;
      k.encoding.fill(0xff);
      k.encoding[0] = static_cast<std::uint8_t>(low);
      k.encoding[31] = static_cast<std::uint8_t>(0x7f | sign);
      // y = p is y = 0 (order 4), y = p + 1 is y = 1 (the identity); the rest reduce to
      // y = 2..18, ordinary points or no point at all.
      if (low == 0xed) {
        k.point = hex32(small_order_y[0]);
        (*k.point)[31] |= sign;
      } else if (low == 0xee) {
        k.point = hex32(small_order_y[1]);
      }
      keys.push_back(k);
    }
  }
  return keys;
}

bytes32 add(const bytes32& a, const bytes32& b) {
  bytes32 r{};
  EXPECT_EQ(crypto_core_ed25519_add(r.data(), a.data(), b.data()), 0);
  return r;
}

bytes32 sub(const bytes32& a, const bytes32& b) {
  bytes32 r{};
  EXPECT_EQ(crypto_core_ed25519_sub(r.data(), a.data(), b.data()), 0);
  return r;
}

// [k]P for k = 0..8 by repeated addition (libsodium's scalar multiplication refuses small
// order points).
std::array<bytes32, 9> multiples(const bytes32& point) {
  std::array<bytes32, 9> m{};
  m[0] = hex32(small_order_y[1]);  // the identity
  for (std::size_t k = 1; k < m.size(); ++k) m[k] = add(m[k - 1], point);
  return m;
}

TEST_F(keys, small_order_points_really_have_small_order) {
  for (const auto& k : all_weak_keys()) {
    if (!k.point || !k.canonical) continue;
    const auto m = multiples(*k.point);
    EXPECT_EQ(m[8], m[0]) << to_hex(k.encoding) << ": [8]P is not the identity";
  }
}

// A signature (R, S) that satisfies [S]B = R + [h]A with h = SHA-512(R || A || M): what a
// verifier without libsodium's key checks would accept, although nobody knows a secret key.
// Possible because [h]A only depends on h mod 8 when A has small order: guess [h]A, build R
// from the guess, and retry until the hash agrees (1 try in 8 on average).
std::optional<signature> forge(const weak_key& k, std::span<const std::uint8_t> message) {
  const auto m = multiples(*k.point);
  for (int attempt = 0; attempt < 1000; ++attempt) {
    bytes32 s{};
    crypto_core_ed25519_scalar_random(s.data());
    bytes32 sb{};
    if (crypto_scalarmult_ed25519_base_noclamp(sb.data(), s.data()) != 0) continue;
    for (std::size_t guess = 0; guess < 8; ++guess) {
      const bytes32 r = sub(sb, m[guess]);
      std::array<std::uint8_t, 64> digest{};
      crypto_hash_sha512_state state;
      crypto_hash_sha512_init(&state);
      crypto_hash_sha512_update(&state, r.data(), r.size());
      crypto_hash_sha512_update(&state, k.encoding.data(), k.encoding.size());
      crypto_hash_sha512_update(&state, message.data(), message.size());
      crypto_hash_sha512_final(&state, digest.data());
      bytes32 h{};
      crypto_core_ed25519_scalar_reduce(h.data(), digest.data());
      if (m[h[0] & 7] != m[guess]) continue;
      // The forgery satisfies the group equation: [S]B == R + [h]A.
      EXPECT_EQ(sb, add(r, m[h[0] & 7]));
      signature sig{};
      std::copy(r.begin(), r.end(), sig.begin());
      std::copy(s.begin(), s.end(), sig.begin() + 32);
      return sig;
    }
  }
  return std::nullopt;
}

TEST_F(keys, every_weak_key_is_detected_and_refused_by_libsodium) {
  const auto weak = all_weak_keys();
  ASSERT_EQ(weak.size(), 48u);
  const std::vector<std::uint8_t> message = {'q', 'r', 's', 'e', 'a', 'l'};
  int forged = 0;
  for (const auto& k : weak) {
    SCOPED_TRACE(to_hex(k.encoding));
    EXPECT_TRUE(is_weak_public_key(k.encoding));
    EXPECT_EQ(crypto_core_ed25519_is_valid_point(k.encoding.data()), 0);

    auto pub = public_key::from_bytes(k.encoding);
    ASSERT_FALSE(pub.ok());
    EXPECT_EQ(pub.code(), errc::key_invalid);
    const std::string why = k.canonical ? "small-order" : "non-canonical";
    EXPECT_NE(pub.error().message.find(why), std::string::npos) << pub.error().message;

    if (k.point) {
      // A mathematically valid forgery: only the key checks stop it.
      const auto sig = forge(k, message);
      ASSERT_TRUE(sig.has_value());
      ++forged;
      EXPECT_NE(crypto_sign_verify_detached(sig->data(), message.data(), message.size(),
                                            k.encoding.data()),
                0);
    } else {
      // No small-order point behind it, so no forgery; libsodium still refuses the key.
      const secret_key real = secret_key::generate();
      const signature sig = real.sign(message);
      EXPECT_NE(crypto_sign_verify_detached(sig.data(), message.data(), message.size(),
                                            k.encoding.data()),
                0);
    }
  }
  EXPECT_EQ(forged, 14);  // 10 canonical small-order encodings, plus p and p + 1 with both signs
}

TEST_F(keys, control_a_real_signature_passes_libsodium) {
  // With the same message and call, a real key's signature verifies: the refusals above come
  // from the key checks, not from the way the test calls libsodium.
  const secret_key real = secret_key::generate();
  const std::vector<std::uint8_t> message = {'q', 'r', 's', 'e', 'a', 'l'};
  const signature sig = real.sign(message);
  EXPECT_EQ(crypto_sign_verify_detached(sig.data(), message.data(), message.size(),
                                        real.public_key().bytes().data()),
            0);
}

TEST_F(keys, boundary_encodings) {
  // y = p - 2 and y = 2: canonical, not small order.
  EXPECT_FALSE(is_weak_public_key(
      hex32("ebffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f")));
  EXPECT_FALSE(is_weak_public_key(
      hex32("0200000000000000000000000000000000000000000000000000000000000000")));
  // y = 2^255 - 1, the largest.
  EXPECT_TRUE(is_weak_public_key(
      hex32("ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff")));
  // A small-order y with one bit changed is no longer small order.
  auto y = hex32(small_order_y[3]);
  y[5] ^= 1;
  EXPECT_FALSE(is_weak_public_key(y));
}

TEST_F(keys, off_curve_encoding_is_not_weak_but_never_verifies) {
  // y = 2 has no x on Edwards25519 (checked with the same python arithmetic). The spec makes
  // only small-order and non-canonical keys malformed, so the key is accepted; libsodium
  // fails to decode it and refuses every signature.
  const auto raw = hex32("0200000000000000000000000000000000000000000000000000000000000000");
  EXPECT_FALSE(is_weak_public_key(raw));
  auto pub = public_key::from_bytes(raw);
  ASSERT_TRUE(pub.ok());
  EXPECT_EQ(crypto_core_ed25519_is_valid_point(raw.data()), 0);
  const secret_key real = secret_key::generate();
  const std::vector<std::uint8_t> message = {1};
  EXPECT_FALSE(verify_detached(*pub, message, real.sign(message)));
}

TEST_F(keys, thousand_random_real_keys_are_not_weak) {
  for (int i = 0; i < 1000; ++i) {
    const secret_key key = secret_key::generate();
    EXPECT_FALSE(is_weak_public_key(key.public_key().bytes()));
    EXPECT_TRUE(public_key::from_bytes(key.public_key().bytes()).ok());
    // And libsodium agrees these are fine points.
    EXPECT_EQ(crypto_core_ed25519_is_valid_point(key.public_key().bytes().data()), 1);
  }
}

TEST_F(keys, generate_gives_distinct_working_keys) {
  const secret_key a = secret_key::generate();
  const secret_key b = secret_key::generate();
  EXPECT_NE(a.public_key(), b.public_key());
  const std::vector<std::uint8_t> message = {9, 9, 9};
  EXPECT_TRUE(verify_detached(a.public_key(), message, a.sign(message)));
  EXPECT_FALSE(verify_detached(b.public_key(), message, a.sign(message)));
  // The seed reproduces the key.
  auto again = secret_key::from_seed(a.seed(secret_access{}));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->public_key(), a.public_key());
}

bool all_zero(std::span<const std::uint8_t> bytes) {
  return std::all_of(bytes.begin(), bytes.end(), [](std::uint8_t b) { return b == 0; });
}

TEST_F(keys, move_wipes_the_source) {
  auto made = secret_key::from_seed(hex(rfc_seed));
  ASSERT_TRUE(made.ok());
  secret_key a = std::move(*made);
  EXPECT_TRUE(all_zero(made->seed(secret_access{})));
  EXPECT_EQ(to_hex(a.seed(secret_access{})), rfc_seed);
  EXPECT_EQ(to_hex(a.sign({})), rfc_signature);

  secret_key b = secret_key::generate();
  b = std::move(a);
  EXPECT_TRUE(all_zero(a.seed(secret_access{})));
  EXPECT_EQ(to_hex(b.seed(secret_access{})), rfc_seed);
  EXPECT_EQ(to_hex(b.public_key().bytes()), rfc_public);
  EXPECT_EQ(to_hex(b.sign({})), rfc_signature);
}

TEST_F(keys, secret_string_appends_and_moves) {
  secret_string s;
  EXPECT_TRUE(s.empty());
  std::string expected;
  for (int i = 0; i < 200; ++i) {  // grows several times
    const std::string piece = std::to_string(i) + ",";
    s.append(piece);
    expected += piece;
  }
  EXPECT_EQ(s.view(secret_access{}), expected);
  secret_string t = std::move(s);
  EXPECT_TRUE(s.empty());
  EXPECT_EQ(t.view(secret_access{}), expected);
  secret_string u;
  u.append("old");
  u = std::move(t);
  EXPECT_TRUE(t.empty());
  EXPECT_EQ(u.view(secret_access{}), expected);
}

}  // namespace
}  // namespace qrseal
