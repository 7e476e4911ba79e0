// Ed25519 keys in the unencrypted PEM forms OpenSSL 3 writes (spec §2), byte for byte, so an
// authority can bring keys from its own tooling and take ours back to it.
//
//   secret key: "-----BEGIN PRIVATE KEY-----", PKCS#8 PrivateKeyInfo v1 (RFC 5208/8410), as
//               `openssl genpkey -algorithm ed25519` writes it. DER (48 bytes):
//               30 2e 02 01 00 30 05 06 03 2b 65 70 04 22 04 20 || 32-byte seed
//   public key: "-----BEGIN PUBLIC KEY-----", SubjectPublicKeyInfo, as `openssl pkey -pubout`
//               writes it. DER (44 bytes):
//               30 2a 30 05 06 03 2b 65 70 03 21 00 || 32-byte public key
//
// Writers: the BEGIN line, base64 (RFC 4648, with padding) in lines of 64 characters, the END
// line, each line ending in LF. Readers are strict about the content and lenient only about
// layout: lines may end in CRLF, blank (whitespace-only) lines may surround the block, and the
// base64 may be split into lines of any length; the armor lines must be exact, there may be
// only one block, and the DER must be exactly the bytes above. Encrypted PKCS#8, PKCS#8 v2
// (with the public key inside), other algorithms and PEM headers are refused with
// errc::key_pem_format naming the cause; a small-order or non-canonical key is key_invalid.
#pragma once

#include <cstddef>
#include <qrseal/keys.hpp>
#include <qrseal/result.hpp>
#include <string>
#include <string_view>

namespace qrseal {

inline constexpr std::size_t max_pem_bytes = 64 * 1024;

std::string public_key_to_pem(const public_key& key);

// The PEM holds the seed in clear, hence secret_string (wiped on destruction); whoever copies
// its text elsewhere (e.g. into a write buffer) must wipe that copy.
secret_string secret_key_to_pem(const secret_key& key);

result<public_key> public_key_from_pem(std::string_view pem);

// The caller holds the PEM text and must wipe it: it contains the seed.
result<secret_key> secret_key_from_pem(std::string_view pem);

// What a key file holds, judged by its armor or magic line before anything is parsed, so a tool
// picks the reader (and treats the file as secret) before it reads: a secret key is a PKCS#8 PEM,
// encrypted or not, or a qrseal secret key file; a public key PEM has the SPKI armor.
bool looks_like_secret_key(std::string_view text) noexcept;
bool looks_like_public_key_pem(std::string_view text) noexcept;

}  // namespace qrseal
