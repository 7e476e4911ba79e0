// COSE_Sign1 with Ed25519 (spec §1): tagged, protected header exactly {1: alg, 4: kid},
// empty unprotected header, and a per-document external_aad so signatures never cross kinds.
#pragma once

#include <cstdint>
#include <qrseal/keys.hpp>
#include <qrseal/result.hpp>
#include <span>
#include <string_view>
#include <vector>

namespace qrseal {

enum class document_type { credential, trust_list, revocation_list };

// "qrseal/1 credential", "qrseal/1 trust-list", "qrseal/1 revocation-list".
std::string_view external_aad(document_type type) noexcept;

inline constexpr std::int64_t cose_alg_eddsa = -8;

// A parsed, unverified COSE_Sign1. Views point into the bytes given to parse_cose_sign1.
struct cose_sign1 {
  std::span<const std::uint8_t> protected_header;  // content of the protected bstr
  bool alg_is_eddsa = false;  // false: a well-formed integer or text alg other than -8
  key_id kid{};
  std::span<const std::uint8_t> payload;  // content of the payload bstr
  signature sig{};
};

// Strict parse: any departure from the shape above is malformed. An alg other than -8 is
// reported through alg_is_eddsa, not as an error, so callers finish parsing first.
result<cose_sign1> parse_cose_sign1(std::span<const std::uint8_t> cose);

// ["Signature1", protected, external_aad, payload] as deterministic CBOR.
std::vector<std::uint8_t> sig_structure(document_type type,
                                        std::span<const std::uint8_t> protected_header,
                                        std::span<const std::uint8_t> payload);

// Signs `payload` (already-encoded CBOR) and returns the tagged COSE_Sign1 bytes.
std::vector<std::uint8_t> sign_cose_sign1(document_type type, std::span<const std::uint8_t> payload,
                                          const secret_key& key);

// Checks the signature over the bytes as received; false for a non-EdDSA alg.
[[nodiscard]] bool verify_cose_sign1(const cose_sign1& cose, document_type type,
                                     const public_key& key);

}  // namespace qrseal
