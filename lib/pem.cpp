#include <sodium.h>

#include <algorithm>
#include <array>
#include <optional>
#include <qrseal/pem.hpp>
#include <string>
#include <vector>

#include "sodium_init.hpp"
#include "try.hpp"

namespace qrseal {
namespace {

// The exact DER prefixes OpenSSL 3 writes for Ed25519 (RFC 8410): each is followed by the
// 32 key bytes and nothing else.
constexpr std::array<std::uint8_t, 16> pkcs8_prefix = {
    0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20};
constexpr std::array<std::uint8_t, 12> spki_prefix = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03,
                                                      0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};
constexpr std::array<std::uint8_t, 3> ed25519_oid = {0x2b, 0x65, 0x70};  // 1.3.101.112
constexpr std::size_t key_bytes = 32;
constexpr std::size_t line_chars = 64;

constexpr std::string_view private_label = "PRIVATE KEY";
constexpr std::string_view public_label = "PUBLIC KEY";

error pem_error(const std::string& why) { return error{errc::key_pem_format, "PEM: " + why}; }

std::string begin_line(std::string_view label) {
  return "-----BEGIN " + std::string(label) + "-----";
}
std::string end_line(std::string_view label) { return "-----END " + std::string(label) + "-----"; }

// Armor, base64 in 64-character lines, armor; built in a secret_string because for a private
// key the base64 is the seed.
secret_string armor(std::string_view label, std::span<const std::uint8_t> der) {
  const std::size_t b64_size =
      sodium_base64_ENCODED_LEN(der.size(), sodium_base64_VARIANT_ORIGINAL);
  detail::wiped_bytes b64(b64_size);
  sodium_bin2base64(reinterpret_cast<char*>(b64.data()), b64.size(), der.data(), der.size(),
                    sodium_base64_VARIANT_ORIGINAL);
  const std::string_view text(reinterpret_cast<const char*>(b64.data()), b64_size - 1);  // no NUL
  secret_string out;
  out.append(begin_line(label));
  out.append("\n");
  for (std::size_t pos = 0; pos < text.size(); pos += line_chars) {
    out.append(text.substr(pos, line_chars));
    out.append("\n");
  }
  out.append(end_line(label));
  out.append("\n");
  return out;
}

bool is_blank(std::string_view line) {
  return std::all_of(line.begin(), line.end(), [](char c) { return c == ' ' || c == '\t'; });
}

// A short description of an object identifier for messages: "1.3.101.110 (X25519)".
std::string describe_oid(std::span<const std::uint8_t> oid) {
  std::vector<std::uint64_t> arcs;
  std::uint64_t value = 0;
  unsigned digits = 0;
  for (const std::uint8_t b : oid) {
    if (++digits > 9) return "an unreadable OID";
    value = (value << 7) | (b & 0x7f);
    if ((b & 0x80) == 0) {
      arcs.push_back(value);
      value = 0;
      digits = 0;
    }
  }
  if (arcs.empty() || digits != 0) return "an unreadable OID";
  const std::uint64_t first = arcs[0] < 40 ? 0 : arcs[0] < 80 ? 1 : 2;
  std::string dotted = std::to_string(first) + "." + std::to_string(arcs[0] - 40 * first);
  for (std::size_t i = 1; i < arcs.size(); ++i) dotted += "." + std::to_string(arcs[i]);
  static constexpr std::pair<std::string_view, std::string_view> known[] = {
      {"1.3.101.110", "X25519"},       {"1.3.101.111", "X448"},     {"1.3.101.113", "Ed448"},
      {"1.2.840.113549.1.1.1", "RSA"}, {"1.2.840.10045.2.1", "EC"}, {"1.2.840.10040.4.1", "DSA"},
  };
  for (const auto& [number, name] : known)
    if (dotted == number) return dotted + " (" + std::string(name) + ")";
  return dotted;
}

// Just enough DER to say why a key is not the one form we accept.
class der_reader {
 public:
  explicit der_reader(std::span<const std::uint8_t> data) : data_(data) {}

  // Reads one element with the given tag; its content, or nullopt if the bytes are not that.
  std::optional<std::span<const std::uint8_t>> read(std::uint8_t tag) {
    if (pos_ + 2 > data_.size() || data_[pos_] != tag) return std::nullopt;
    std::size_t length = data_[pos_ + 1];
    std::size_t header = 2;
    if (length & 0x80) {
      const std::size_t count = length & 0x7f;
      if (count == 0 || count > 2 || pos_ + 2 + count > data_.size()) return std::nullopt;
      length = 0;
      for (std::size_t i = 0; i < count; ++i) length = (length << 8) | data_[pos_ + 2 + i];
      header += count;
    }
    if (length > data_.size() - pos_ - header) return std::nullopt;
    const auto content = data_.subspan(pos_ + header, length);
    pos_ += header + length;
    return content;
  }
  bool at_end() const noexcept { return pos_ == data_.size(); }

 private:
  std::span<const std::uint8_t> data_;
  std::size_t pos_ = 0;
};

constexpr std::uint8_t der_integer = 0x02;
constexpr std::uint8_t der_oid = 0x06;
constexpr std::uint8_t der_sequence = 0x30;

// Called when the DER is not exactly the expected bytes: names the most useful cause.
error explain_der(std::span<const std::uint8_t> der, bool is_private) {
  const std::string structure = is_private ? "a PKCS#8 PrivateKeyInfo" : "a SubjectPublicKeyInfo";
  const std::string expected = is_private
                                   ? "the 48-byte form `openssl genpkey -algorithm ed25519` writes"
                                   : "the 44-byte form `openssl pkey -pubout` writes";
  der_reader outer(der);
  const auto body = outer.read(der_sequence);
  if (!body || !outer.at_end()) return pem_error("the content is not " + structure);
  der_reader fields(*body);
  std::optional<std::span<const std::uint8_t>> version;
  if (is_private) {
    version = fields.read(der_integer);
    if (!version) return pem_error("the content is not " + structure);
  }
  const auto algorithm = fields.read(der_sequence);
  if (!algorithm) return pem_error("the content is not " + structure);
  der_reader algorithm_fields(*algorithm);
  const auto oid = algorithm_fields.read(der_oid);
  if (!oid) return pem_error("the content is not " + structure);
  if (!std::equal(oid->begin(), oid->end(), ed25519_oid.begin(), ed25519_oid.end()))
    return pem_error("not an Ed25519 key (OID is not 1.3.101.112; it is " + describe_oid(*oid) +
                     ")");
  if (!algorithm_fields.at_end())
    return pem_error("the Ed25519 algorithm identifier must have no parameters (RFC 8410)");
  if (version && version->size() == 1 && (*version)[0] == 1)
    return pem_error(
        "PKCS#8 v2 (OneAsymmetricKey, with the public key inside) is not supported; only " +
        expected + " is");
  return pem_error("unexpected DER layout for an Ed25519 " +
                   std::string(is_private ? "private" : "public") + " key; only " + expected +
                   " is accepted");
}

// Finds the one armored block with `label` and returns its decoded DER, wiped on destruction
// (for a private key it holds the seed).
result<detail::wiped_bytes> unarmor(std::string_view text, std::string_view label) {
  if (text.size() > max_pem_bytes)
    return pem_error("the text is larger than " + std::to_string(max_pem_bytes) +
                     " bytes, the most a key may be");
  std::vector<std::string_view> lines;
  for (std::size_t pos = 0; pos < text.size();) {
    const std::size_t end = std::min(text.find('\n', pos), text.size());
    std::string_view line = text.substr(pos, end - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    pos = end + 1;
  }

  std::size_t i = 0;
  while (i < lines.size() && is_blank(lines[i])) ++i;
  const std::string begin = begin_line(label);
  const std::string end = end_line(label);
  const bool want_private = label == private_label;
  if (i == lines.size()) return pem_error("no " + begin + " line (the text is empty)");
  const std::string_view first = lines[i];
  if (first != begin) {
    if (want_private && first == begin_line("ENCRYPTED PRIVATE KEY"))
      return pem_error(
          "encrypted PKCS#8 is not supported; export it unencrypted with openssl pkcs8 -nocrypt "
          "(openssl pkcs8 -topk8 -nocrypt -in key.pem -out plain.pem)");
    if (want_private && first == begin_line(public_label))
      return pem_error("this is a public key (BEGIN PUBLIC KEY); a secret key is needed (" + begin +
                       ")");
    if (!want_private &&
        (first == begin_line(private_label) || first == begin_line("ENCRYPTED PRIVATE KEY")))
      return pem_error(
          "this is a private key; give the public key (openssl pkey -in key.pem -pubout)");
    if (first.starts_with("-----BEGIN ") && first.ends_with("-----") && first.size() <= 80)
      return pem_error("expected " + begin + ", got " + std::string(first) +
                       (want_private ? " (only unencrypted PKCS#8 Ed25519 keys are accepted)"
                                     : " (only SubjectPublicKeyInfo Ed25519 keys are accepted)"));
    return pem_error("line " + std::to_string(i + 1) + ": expected " + begin);
  }

  // The base64 lines, joined in a wiped buffer: for a private key they are the seed.
  detail::wiped_bytes b64(text.size());
  std::size_t b64_size = 0;
  std::size_t j = i + 1;
  for (; j < lines.size() && lines[j] != end; ++j) {
    const std::string_view line = lines[j];
    if (line.find(':') != std::string_view::npos)
      return pem_error("line " + std::to_string(j + 1) +
                       ": PEM headers (such as Proc-Type) are not supported; the key may be "
                       "encrypted in OpenSSL's legacy format");
    if (line.starts_with("-----"))
      return pem_error("line " + std::to_string(j + 1) + ": expected " + end);
    if (line.empty())
      return pem_error("line " + std::to_string(j + 1) + ": empty line in the base64");
    std::copy(line.begin(), line.end(), b64.data() + b64_size);
    b64_size += line.size();
  }
  if (j == lines.size()) return pem_error("missing " + end + " line");
  for (std::size_t k = j + 1; k < lines.size(); ++k)
    if (!is_blank(lines[k]))
      return pem_error("line " + std::to_string(k + 1) + ": unexpected text after " + end +
                       " (give one key per file)");
  if (b64_size == 0) return pem_error("no base64 between " + begin + " and " + end);

  detail::wiped_bytes der(b64_size / 4 * 3 + 3);
  std::size_t der_size = 0;
  // b64_end = nullptr makes libsodium refuse anything but complete, padded, canonical base64.
  if (sodium_base642bin(der.data(), der.size(), reinterpret_cast<const char*>(b64.data()), b64_size,
                        nullptr, &der_size, nullptr, sodium_base64_VARIANT_ORIGINAL) != 0)
    return pem_error("the text between the armor lines is not valid base64");
  detail::wiped_bytes exact(der_size);
  std::copy_n(der.data(), der_size, exact.data());
  return exact;
}

}  // namespace

std::string public_key_to_pem(const public_key& key) {
  detail::ensure_sodium();
  std::array<std::uint8_t, spki_prefix.size() + key_bytes> der{};
  std::copy(spki_prefix.begin(), spki_prefix.end(), der.begin());
  std::copy(key.bytes().begin(), key.bytes().end(), der.begin() + spki_prefix.size());
  const secret_string pem = armor(public_label, der);
  return std::string(pem.view(secret_access{}));  // a public key: the copy needs no wiping
}

secret_string secret_key_to_pem(const secret_key& key) {
  detail::ensure_sodium();
  detail::wiped_bytes der(pkcs8_prefix.size() + key_bytes);
  std::copy(pkcs8_prefix.begin(), pkcs8_prefix.end(), der.data());
  const auto seed = key.seed(secret_access{});
  std::copy(seed.begin(), seed.end(), der.data() + pkcs8_prefix.size());
  return armor(private_label, der.span());
}

result<public_key> public_key_from_pem(std::string_view pem) {
  detail::ensure_sodium();
  QRSEAL_TRY(der, unarmor(pem, public_label));
  const auto bytes = der.span();
  if (bytes.size() != spki_prefix.size() + key_bytes ||
      !std::equal(spki_prefix.begin(), spki_prefix.end(), bytes.begin()))
    return explain_der(bytes, false);
  auto key = public_key::from_bytes(bytes.subspan(spki_prefix.size()));
  if (!key) return error{key.code(), "PEM: " + key.error().message};
  return key;
}

result<secret_key> secret_key_from_pem(std::string_view pem) {
  detail::ensure_sodium();
  QRSEAL_TRY(der, unarmor(pem, private_label));
  const auto bytes = der.span();
  if (bytes.size() != pkcs8_prefix.size() + key_bytes ||
      !std::equal(pkcs8_prefix.begin(), pkcs8_prefix.end(), bytes.begin()))
    return explain_der(bytes, true);
  auto key = secret_key::from_seed(bytes.subspan(pkcs8_prefix.size()));
  if (!key) return error{key.code(), "PEM: " + key.error().message};
  return key;
}

}  // namespace qrseal
