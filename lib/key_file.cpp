#include <sodium.h>

#include <array>
#include <optional>
#include <qrseal/hex.hpp>
#include <qrseal/key_file.hpp>
#include <qrseal/pem.hpp>
#include <string>

#include "sodium_init.hpp"
#include "try.hpp"

namespace qrseal {
namespace {

constexpr std::string_view secret_magic = "qrseal-secret-key/1";
constexpr std::string_view public_magic = "qrseal-public-key/1";

constexpr std::size_t seed_bytes = crypto_sign_SEEDBYTES;
constexpr std::size_t salt_bytes = crypto_pwhash_SALTBYTES;
constexpr std::size_t nonce_bytes = crypto_secretbox_NONCEBYTES;
constexpr std::size_t box_bytes = crypto_secretbox_MACBYTES + seed_bytes;

// The presets are part of the file format, so their numbers are fixed here and only checked
// against libsodium's names (which have had these values since Argon2id became the default).
struct argon2id_params {
  unsigned long long opslimit;
  std::size_t memlimit;
};
constexpr argon2id_params interactive_params{2, std::size_t{64} << 20};
constexpr argon2id_params moderate_params{3, std::size_t{256} << 20};
static_assert(interactive_params.opslimit == crypto_pwhash_OPSLIMIT_INTERACTIVE &&
              interactive_params.memlimit == crypto_pwhash_MEMLIMIT_INTERACTIVE);
static_assert(moderate_params.opslimit == crypto_pwhash_OPSLIMIT_MODERATE &&
              moderate_params.memlimit == crypto_pwhash_MEMLIMIT_MODERATE);
static_assert(salt_bytes == 16 && nonce_bytes == 24 && box_bytes == 48 &&
              crypto_secretbox_KEYBYTES == 32);

argon2id_params params_of(kdf_preset preset) noexcept {
  return preset == kdf_preset::moderate ? moderate_params : interactive_params;
}

error format_error(std::size_t line, const std::string& why) {
  return error{errc::key_file_format, "key file line " + std::to_string(line) + ": " + why};
}

// For quoting untrusted text in a message: at most 40 characters, control bytes as '?'.
std::string quoted(std::string_view text) {
  std::string out = "'";
  for (std::size_t i = 0; i < text.size() && i < 40; ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    out += (c < 0x20 || c == 0x7f) ? '?' : text[i];
  }
  if (text.size() > 40) out += "...";
  return out + "'";
}

// Walks the file line by line. Lines end in LF; a CR before it is dropped; the last line may
// lack its LF.
class line_reader {
 public:
  explicit line_reader(std::string_view text) : text_(text) {}

  // The next physical line, or nullopt at the end of the text.
  std::optional<std::string_view> next() {
    if (pos_ >= text_.size()) return std::nullopt;
    const std::size_t end = text_.find('\n', pos_);
    std::string_view line =
        end == std::string_view::npos ? text_.substr(pos_) : text_.substr(pos_, end - pos_);
    pos_ = end == std::string_view::npos ? text_.size() : end + 1;
    ++line_no_;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    return line;
  }

  // The next line that is neither empty nor a '#' comment.
  std::optional<std::string_view> next_content() {
    while (auto line = next()) {
      if (!line->empty() && line->front() != '#') return line;
    }
    return std::nullopt;
  }

  std::size_t line_no() const noexcept { return line_no_; }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
  std::size_t line_no_ = 0;
};

struct field {
  std::string_view value;
  std::size_t line = 0;
};

// Reads the next "<name>: <value>" line.
result<field> read_field(line_reader& reader, std::string_view name) {
  const auto line = reader.next_content();
  if (!line)
    return format_error(reader.line_no() + 1,
                        "missing '" + std::string(name) + ":' line (the file ends early)");
  const std::string prefix = std::string(name) + ": ";
  if (line->substr(0, prefix.size()) != prefix)
    return format_error(reader.line_no(), "expected '" + prefix + "...'");
  return field{line->substr(prefix.size()), reader.line_no()};
}

status expect_end(line_reader& reader) {
  if (reader.next_content())
    return format_error(reader.line_no(), "unexpected text after the last field");
  return success();
}

// Decodes a hex field of exactly out.size() bytes into out. Checks digits itself so the
// message can name the field and line; never quotes the value (it may be a seed).
status decode_hex_field(const field& f, std::string_view name, std::span<std::uint8_t> out) {
  if (f.value.size() != 2 * out.size())
    return format_error(f.line, std::string(name) + " must be " + std::to_string(2 * out.size()) +
                                    " hex digits, got " + std::to_string(f.value.size()) +
                                    " characters");
  for (std::size_t i = 0; i < f.value.size(); ++i) {
    const char c = f.value[i];
    const bool hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    if (!hex)
      return format_error(f.line, std::string(name) + ": character " + std::to_string(i + 1) +
                                      " is not a hex digit");
  }
  auto bytes = from_hex(f.value);  // cannot fail after the checks above
  if (!bytes || bytes->size() != out.size())
    return format_error(f.line, std::string(name) + " is not valid hex");
  std::copy(bytes->begin(), bytes->end(), out.begin());
  detail::wipe(bytes->data(), bytes->size());
  return success();
}

// Appends lower-case hex without leaving an unwiped temporary (the bytes may be a seed).
void append_hex(secret_string& out, std::span<const std::uint8_t> bytes) {
  static constexpr char digits[] = "0123456789abcdef";
  std::array<char, 64> chunk{};
  std::size_t used = 0;
  for (const std::uint8_t b : bytes) {
    chunk[used++] = digits[b >> 4];
    chunk[used++] = digits[b & 0x0f];
    if (used == chunk.size()) {
      out.append({chunk.data(), used});
      used = 0;
    }
  }
  out.append({chunk.data(), used});
  detail::wipe(chunk.data(), chunk.size());
}

status check_magic(line_reader& reader, std::string_view expected, std::string_view kind) {
  const auto first = reader.next();
  if (!first) return format_error(1, "the " + std::string(kind) + " file is empty");
  if (*first == expected) return success();
  const std::string wanted = " (expected '" + std::string(expected) + "')";
  if (*first == secret_magic)
    return format_error(1, "this is a qrseal secret key file, not a public key file");
  if (*first == public_magic)
    return format_error(1, "this is a qrseal public key file, not a secret key file");
  if (first->starts_with("-----BEGIN "))
    return format_error(1, "this looks like a PEM file; import it as PEM instead" + wanted);
  return format_error(1, "not a qrseal " + std::string(kind) + " file" + wanted);
}

// The public part shared by both file kinds: kid and public-key lines, checked against each
// other.
result<public_key> read_public_fields(line_reader& reader) {
  QRSEAL_TRY(kid_line, read_field(reader, "kid"));
  key_id kid{};
  QRSEAL_TRY_STATUS(decode_hex_field(kid_line, "kid", kid));

  QRSEAL_TRY(pk_line, read_field(reader, "public-key"));
  std::array<std::uint8_t, 32> raw{};
  QRSEAL_TRY_STATUS(decode_hex_field(pk_line, "public-key", raw));
  auto key = public_key::from_bytes(raw);
  if (!key)
    return error{errc::key_invalid,
                 "key file line " + std::to_string(pk_line.line) + ": " + key.error().message};
  if (key->kid() != kid)
    return format_error(
        kid_line.line,
        "kid " + to_hex(kid) + " is not the kid of the public key (" + to_hex(key->kid()) + ")");
  return key;
}

struct parsed_secret_file {
  std::optional<public_key> pub;  // always set after a successful parse
  kdf_preset preset = kdf_preset::none;
  std::array<std::uint8_t, salt_bytes> salt{};
  std::array<std::uint8_t, nonce_bytes> nonce{};
  std::array<std::uint8_t, box_bytes> box{};
  detail::wiped_bytes seed{seed_bytes};  // kdf none only
};

result<parsed_secret_file> parse_secret_file(std::string_view text) {
  if (text.size() > max_key_file_bytes)
    return error{errc::key_file_format, "key file is larger than " +
                                            std::to_string(max_key_file_bytes) +
                                            " bytes, the most a key file may be"};
  line_reader reader(text);
  QRSEAL_TRY_STATUS(check_magic(reader, secret_magic, "secret key"));
  parsed_secret_file parsed;
  QRSEAL_TRY(pub, read_public_fields(reader));
  parsed.pub = pub;

  QRSEAL_TRY(kdf, read_field(reader, "kdf"));
  if (kdf.value == to_string(kdf_preset::none)) {
    parsed.preset = kdf_preset::none;
  } else if (kdf.value == to_string(kdf_preset::interactive)) {
    parsed.preset = kdf_preset::interactive;
  } else if (kdf.value == to_string(kdf_preset::moderate)) {
    parsed.preset = kdf_preset::moderate;
  } else {
    return error{errc::key_file_kdf,
                 "key file line " + std::to_string(kdf.line) + ": KDF " + quoted(kdf.value) +
                     " is not a supported preset (none, argon2id-interactive, argon2id-moderate)"};
  }

  if (parsed.preset == kdf_preset::none) {
    QRSEAL_TRY(seed, read_field(reader, "seed"));
    QRSEAL_TRY_STATUS(decode_hex_field(seed, "seed", parsed.seed.span()));
  } else {
    QRSEAL_TRY(salt, read_field(reader, "salt"));
    QRSEAL_TRY_STATUS(decode_hex_field(salt, "salt", parsed.salt));
    QRSEAL_TRY(nonce, read_field(reader, "nonce"));
    QRSEAL_TRY_STATUS(decode_hex_field(nonce, "nonce", parsed.nonce));
    QRSEAL_TRY(box, read_field(reader, "encrypted-seed"));
    QRSEAL_TRY_STATUS(decode_hex_field(box, "encrypted-seed", parsed.box));
  }
  QRSEAL_TRY_STATUS(expect_end(reader));
  return parsed;
}

status check_passphrase_length(std::string_view passphrase) {
  if (passphrase.size() > max_passphrase_bytes)
    return error{errc::invalid_argument, "passphrase is longer than " +
                                             std::to_string(max_passphrase_bytes) +
                                             " bytes, the most accepted"};
  return success();
}

// The 32-byte secretbox key for `passphrase` under a preset.
result<detail::wiped_bytes> derive_box_key(std::string_view passphrase, kdf_preset preset,
                                           std::span<const std::uint8_t, salt_bytes> salt) {
  const argon2id_params params = params_of(preset);
  detail::wiped_bytes key(crypto_secretbox_KEYBYTES);
  if (crypto_pwhash(key.data(), key.size(), passphrase.data(), passphrase.size(), salt.data(),
                    params.opslimit, params.memlimit, crypto_pwhash_ALG_ARGON2ID13) != 0)
    return error{errc::crypto_failure, "Argon2id key derivation failed (could not allocate " +
                                           std::to_string(params.memlimit >> 20) + " MiB?)"};
  return key;
}

// The seed's key must be the one the file names: otherwise a file could pair one person's
// public key with another's secret.
result<secret_key> key_from_seed(std::span<const std::uint8_t> seed, const public_key& stored) {
  QRSEAL_TRY(key, secret_key::from_seed(seed));
  if (key.public_key() != stored)
    return error{errc::key_mismatch,
                 "key file: the seed belongs to kid " + to_hex(key.public_key().kid()) +
                     ", not to the public key the file names (kid " + to_hex(stored.kid()) + ")"};
  return key;
}

}  // namespace

std::string_view to_string(kdf_preset preset) noexcept {
  switch (preset) {
    case kdf_preset::none:
      return "none";
    case kdf_preset::interactive:
      return "argon2id-interactive";
    case kdf_preset::moderate:
      return "argon2id-moderate";
  }
  return {};
}

result<secret_string> encode_secret_key_file(const secret_key& key, std::string_view passphrase,
                                             kdf_preset preset) {
  detail::ensure_sodium();
  const public_key& pub = key.public_key();
  secret_string out;
  out.append(secret_magic);
  out.append("\nkid: ");
  out.append(to_hex(pub.kid()));
  out.append("\npublic-key: ");
  out.append(to_hex(pub.bytes()));
  out.append("\nkdf: ");
  out.append(to_string(preset));
  out.append("\n");
  const auto seed = key.seed(secret_access{});
  if (preset == kdf_preset::none) {
    out.append("seed: ");
    append_hex(out, seed);
    out.append("\n");
    return out;
  }

  if (passphrase.empty())
    return error{errc::invalid_argument,
                 "empty passphrase: it would protect nothing; store the key unencrypted "
                 "explicitly (kdf none) if that is what you want"};
  QRSEAL_TRY_STATUS(check_passphrase_length(passphrase));
  std::array<std::uint8_t, salt_bytes> salt{};
  std::array<std::uint8_t, nonce_bytes> nonce{};
  randombytes_buf(salt.data(), salt.size());
  randombytes_buf(nonce.data(), nonce.size());
  QRSEAL_TRY(box_key, derive_box_key(passphrase, preset, salt));
  std::array<std::uint8_t, box_bytes> box{};
  crypto_secretbox_easy(box.data(), seed.data(), seed.size(), nonce.data(), box_key.data());
  out.append("salt: ");
  out.append(to_hex(salt));
  out.append("\nnonce: ");
  out.append(to_hex(nonce));
  out.append("\nencrypted-seed: ");
  out.append(to_hex(box));
  out.append("\n");
  return out;
}

bool secret_key_file_is_encrypted(std::string_view file_text) {
  auto parsed = parse_secret_file(file_text);
  return parsed && parsed->preset != kdf_preset::none;
}

result<secret_key> decode_secret_key_file(std::string_view file_text, std::string_view passphrase) {
  detail::ensure_sodium();
  QRSEAL_TRY(parsed, parse_secret_file(file_text));
  const public_key& stored = *parsed.pub;
  if (parsed.preset == kdf_preset::none) return key_from_seed(parsed.seed.span(), stored);

  if (passphrase.empty())
    return error{errc::key_passphrase_required, "key file is encrypted (" +
                                                    std::string(to_string(parsed.preset)) +
                                                    "): a passphrase is required"};
  QRSEAL_TRY_STATUS(check_passphrase_length(passphrase));
  QRSEAL_TRY(box_key, derive_box_key(passphrase, parsed.preset, parsed.salt));
  detail::wiped_bytes seed(seed_bytes);
  if (crypto_secretbox_open_easy(seed.data(), parsed.box.data(), parsed.box.size(),
                                 parsed.nonce.data(), box_key.data()) != 0)
    return error{errc::key_wrong_passphrase,
                 "wrong passphrase (or the file's salt, nonce or encrypted seed was altered)"};
  return key_from_seed(seed.span(), stored);
}

std::string encode_public_key_file(const public_key& key) {
  std::string out(public_magic);
  out += "\nkid: " + to_hex(key.kid());
  out += "\npublic-key: " + to_hex(key.bytes());
  out += "\n";
  return out;
}

result<public_key> decode_public_key_file(std::string_view file_text) {
  if (file_text.size() > max_key_file_bytes)
    return error{errc::key_file_format, "key file is larger than " +
                                            std::to_string(max_key_file_bytes) +
                                            " bytes, the most a key file may be"};
  line_reader reader(file_text);
  QRSEAL_TRY_STATUS(check_magic(reader, public_magic, "public key"));
  auto key = read_public_fields(reader);
  if (!key) return key;
  QRSEAL_TRY_STATUS(expect_end(reader));
  return key;
}

result<public_key> parse_public_key(std::span<const std::uint8_t> bytes) {
  if (bytes.size() == 32) return public_key::from_bytes(bytes);
  if (bytes.size() > max_key_file_bytes)
    return error{errc::key_file_format, "key: " + std::to_string(bytes.size()) +
                                            " bytes, more than a key file or PEM may have"};
  const std::string_view text(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  if (text.starts_with(public_magic)) return decode_public_key_file(text);
  if (text.starts_with(secret_magic))
    return error{errc::key_file_format,
                 "key: this is a secret key file; pin the public key (.pub) instead"};
  if (text.find("-----BEGIN") != std::string_view::npos) return public_key_from_pem(text);
  return error{errc::key_file_format,
               "key: " + std::to_string(bytes.size()) +
                   " bytes are neither a raw 32-byte key, a qrseal .pub file nor a PEM public key"};
}

}  // namespace qrseal
