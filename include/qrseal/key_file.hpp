// qrseal's own key files (spec §2): a line-based text format for secret keys (encrypted under a
// passphrase with Argon2id + XSalsa20-Poly1305, or explicitly unencrypted) and public keys.
//
// Secret key file, encrypted (lines end in LF; every value is lower-case hex):
//
//   qrseal-secret-key/1
//   kid: <16 hex digits: first 8 bytes of SHA-256 of the public key>
//   public-key: <64 hex digits: the raw 32-byte Ed25519 public key>
//   kdf: argon2id-interactive            (or: argon2id-moderate)
//   salt: <32 hex digits: 16-byte Argon2id salt, crypto_pwhash_SALTBYTES>
//   nonce: <48 hex digits: 24-byte nonce, crypto_secretbox_NONCEBYTES>
//   encrypted-seed: <96 hex digits: crypto_secretbox_easy of the 32-byte RFC 8032 seed,
//                    i.e. 16-byte Poly1305 tag || 32 encrypted bytes>
//
// The secretbox key is crypto_pwhash(32 bytes, passphrase, salt, opslimit, memlimit,
// crypto_pwhash_ALG_ARGON2ID13) with the preset's fixed parameters:
//
//   argon2id-interactive   opslimit 2, memlimit 67108864 (64 MiB)
//   argon2id-moderate      opslimit 3, memlimit 268435456 (256 MiB)
//
// (libsodium's crypto_pwhash_{OPS,MEM}LIMIT_{INTERACTIVE,MODERATE}; the numbers are part of
// the format, not looked up at run time). A file naming any other KDF is refused, so a
// hostile file cannot make the reader spend gigabytes of memory.
//
// Secret key file, unencrypted (an explicit opt-out):
//
//   qrseal-secret-key/1
//   kid: <16 hex digits>
//   public-key: <64 hex digits>
//   kdf: none
//   seed: <64 hex digits: the 32-byte RFC 8032 seed>
//
// Public key file (.pub):
//
//   qrseal-public-key/1
//   kid: <16 hex digits>
//   public-key: <64 hex digits>
//
// Reading rules, for both kinds: the first line is exactly the magic line; after it, lines
// that are empty or start with '#' are ignored (comments); the fields then come exactly in
// the order above, each as "<name>: <value>" with one space after the colon and nothing else
// on the line; nothing may follow the last field. A CR before the LF is accepted; the final
// LF may be missing. Hex digits may be upper or lower case (writers use lower case). The kid
// must be the kid of the public key, and a decrypted seed must give that public key. Files
// are at most 64 KiB and passphrases at most 1024 bytes. Writers emit exactly the lines
// above, with no comments, each ending in LF.
#pragma once

#include <cstddef>
#include <qrseal/keys.hpp>
#include <qrseal/result.hpp>
#include <span>
#include <string>
#include <string_view>

namespace qrseal {

inline constexpr std::size_t max_key_file_bytes = 64 * 1024;
inline constexpr std::size_t max_passphrase_bytes = 1024;

enum class kdf_preset {
  none,         // unencrypted: the seed is stored in hex (the tools must warn)
  interactive,  // argon2id-interactive: 64 MiB, about a tenth of a second
  moderate,     // argon2id-moderate: 256 MiB, about a second
};

// "none", "argon2id-interactive", "argon2id-moderate": the value of the kdf line.
std::string_view to_string(kdf_preset preset) noexcept;

// The secret key file text. With kdf_preset::none the passphrase is ignored and the text holds
// the seed in clear, hence secret_string. Refuses an empty passphrase for an encrypting preset
// (use kdf_preset::none to store unencrypted on purpose) and one over max_passphrase_bytes
// (errc::invalid_argument); errc::crypto_failure if Argon2id cannot get its memory.
result<secret_string> encode_secret_key_file(const secret_key& key, std::string_view passphrase,
                                             kdf_preset preset);

// True when the file parses and names an encrypting KDF, i.e. decoding needs a passphrase.
// False also for a file that does not parse: decode_secret_key_file then says why, before
// anyone is asked for a passphrase.
bool secret_key_file_is_encrypted(std::string_view file_text);

// Reads a secret key file. The passphrase is ignored for "kdf: none". Errors:
// key_file_format (the message names the line), key_file_kdf (not a documented preset),
// key_invalid (a weak public key), key_passphrase_required (encrypted, empty passphrase),
// key_wrong_passphrase (also for an altered salt, nonce or encrypted seed), key_mismatch (the
// seed's public key is not the stored one), invalid_argument (passphrase too long).
// The caller holds the file text and must wipe it (for "kdf: none" it contains the seed).
result<secret_key> decode_secret_key_file(std::string_view file_text, std::string_view passphrase);

std::string encode_public_key_file(const public_key& key);
result<public_key> decode_public_key_file(std::string_view file_text);

// A public key in any form qrseal reads, told apart by its content: the 32 raw bytes, the text of
// a qrseal .pub file, or an SPKI PEM ("-----BEGIN PUBLIC KEY-----"). key_file_format for anything
// else (a secret key file, more than max_key_file_bytes), naming what it is.
result<public_key> parse_public_key(std::span<const std::uint8_t> bytes);

}  // namespace qrseal
