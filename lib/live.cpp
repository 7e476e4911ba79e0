#include <sodium.h>

#include <algorithm>
#include <cstring>
#include <qrseal/claims.hpp>
#include <qrseal/decode.hpp>
#include <qrseal/detail/cbor.hpp>
#include <qrseal/live.hpp>
#include <qrseal/text.hpp>

namespace qrseal {
namespace {
constexpr std::string_view live_domain = "qrseal-live/1";
constexpr std::uint8_t cose_tag_byte = 0xD2;

error bad_live(errc code, std::string why) { return error{code, "live code: " + why}; }
}  // namespace

result<live_code> decode_live_array(std::span<const std::uint8_t> bytes) {
  auto decoded = cbor::decode_strict(bytes);
  if (!decoded) return bad_live(decoded.code(), decoded.error().message);
  const cbor::item& a = *decoded;
  if (a.type != cbor::kind::array || a.children.size() != 3)
    return bad_live(errc::cose_structure, "not an array of 3 items [cred, t, sig]");
  const cbor::item& cred = a.children[0];
  const cbor::item& t = a.children[1];
  const cbor::item& sig = a.children[2];
  if (cred.type != cbor::kind::bytes)
    return bad_live(errc::cose_structure, "cred is not a byte string");
  if (cred.content.empty() || cred.content[0] != cose_tag_byte)
    return bad_live(errc::cose_structure,
                    "cred does not start with 0xd2 (it must be uncompressed)");
  if (t.type != cbor::kind::uint)
    return bad_live(errc::claims_wrong_type, "t is not an unsigned integer");
  if (sig.type != cbor::kind::bytes || sig.content.size() != 64)
    return bad_live(errc::cose_signature_size, "sig is not a 64-byte string");
  live_code out;
  out.credential = cred.content;
  out.t = t.value;
  std::copy(sig.content.begin(), sig.content.end(), out.sig.begin());
  return out;
}

std::vector<std::uint8_t> live_signed_message(std::span<const std::uint8_t> credential,
                                              std::uint64_t t) {
  std::vector<std::uint8_t> m(live_domain.size() + 1 + crypto_hash_sha256_BYTES + 8);
  std::memcpy(m.data(), live_domain.data(), live_domain.size());
  m[live_domain.size()] = 0x00;
  crypto_hash_sha256(m.data() + live_domain.size() + 1, credential.data(), credential.size());
  for (int i = 0; i < 8; ++i) m[m.size() - 1 - i] = static_cast<std::uint8_t>(t >> (8 * i));
  return m;
}

result<std::string> make_live_code(std::string_view credential_text, const secret_key& holder,
                                   std::uint64_t t) {
  decoded_text d = decode_text(credential_text);
  if (d.kind && *d.kind != text_kind::credential)
    return error{errc::text_bad_prefix, "live code: needs a QS1: credential text"};
  if (!d.complete()) return std::move(*d.failure);
  const claims& c = *d.credential;
  if (!c.holder_key)
    return error{errc::key_mismatch, "live code: the credential carries no holder key (cnf)"};
  if (!(*c.holder_key == holder.public_key()))
    return error{errc::key_mismatch,
                 "live code: the holder key does not match the credential's cnf key"};
  const signature sig = holder.sign(live_signed_message(d.cose_bytes, t));
  cbor::writer w;
  w.reserve(d.cose_bytes.size() + 80);
  w.array(3).bytes(d.cose_bytes).uint(t).bytes(sig);
  std::string text = join_qr_text(text_kind::live, w.data());
  if (text.size() > max_qr_text)
    return error{errc::text_too_long, "live code: " + std::to_string(text.size()) +
                                          " characters, more than a QR code holds (4296)"};
  return text;
}

}  // namespace qrseal
