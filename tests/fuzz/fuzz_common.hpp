// Fixed keys for the fuzz targets: the conformance vectors' seeds (vectors/keys/*.json), so the
// seed corpora made from vectors/ reach the signature checks and beyond.
#pragma once

#include <sodium.h>

#include <array>
#include <cstdint>
#include <cstdlib>
#include <qrseal/keys.hpp>
#include <string>
#include <string_view>
#include <utility>

namespace qrseal::fuzz {

// 1700000000: the vectors' T; the cases are checked an hour later.
inline constexpr std::uint64_t t = 1'700'000'000;
inline constexpr std::uint64_t day = 86'400;

// SHA-256("qrseal-vectors/1 seed <name>"), as vectors/keys/<name>.json says.
inline secret_key vector_key(std::string_view name) {
  const std::string label = "qrseal-vectors/1 seed " + std::string(name);
  std::array<std::uint8_t, 32> seed{};
  crypto_hash_sha256(seed.data(), reinterpret_cast<const unsigned char*>(label.data()),
                     label.size());
  auto key = secret_key::from_seed(seed);
  if (!key) std::abort();
  return std::move(key).value();
}

}  // namespace qrseal::fuzz
