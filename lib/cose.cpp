#include <algorithm>
#include <qrseal/cose.hpp>
#include <qrseal/detail/cbor.hpp>
#include <string>

#include "try.hpp"

namespace qrseal {
namespace {

constexpr std::uint64_t cose_sign1_tag = 18;
constexpr std::int64_t header_alg = 1;
constexpr std::int64_t header_kid = 4;

error malformed(errc code, std::string why) { return error{code, "COSE_Sign1: " + why}; }

}  // namespace

std::string_view external_aad(document_type type) noexcept {
  switch (type) {
    case document_type::credential:
      return "qrseal/1 credential";
    case document_type::trust_list:
      return "qrseal/1 trust-list";
    case document_type::revocation_list:
      return "qrseal/1 revocation-list";
  }
  return {};
}

result<cose_sign1> parse_cose_sign1(std::span<const std::uint8_t> bytes) {
  QRSEAL_TRY(decoded, cbor::decode_strict(bytes, {.allow_outer_cose_tag = true}));
  const cbor::item& outer = decoded;
  if (outer.type != cbor::kind::tag || outer.value != cose_sign1_tag)
    return malformed(errc::cose_structure, "not tagged 18 (COSE_Sign1)");
  const cbor::item& array = outer.children[0];
  if (array.type != cbor::kind::array || array.children.size() != 4)
    return malformed(errc::cose_structure, "not an array of 4 items");
  const cbor::item& prot = array.children[0];
  const cbor::item& unprot = array.children[1];
  const cbor::item& payload = array.children[2];
  const cbor::item& sig = array.children[3];
  if (prot.type != cbor::kind::bytes)
    return malformed(errc::cose_structure, "protected header is not a byte string");
  if (unprot.type != cbor::kind::map)
    return malformed(errc::cose_structure, "unprotected header is not a map");
  if (payload.type != cbor::kind::bytes)
    return malformed(errc::cose_structure, "payload is not a byte string");
  if (sig.type != cbor::kind::bytes)
    return malformed(errc::cose_structure, "signature is not a byte string");

  // The protected header is its own CBOR document: nesting counts afresh.
  auto header = cbor::decode_strict(prot.content);
  if (!header) return malformed(header.code(), "protected header: " + header.error().message);
  if (header->type != cbor::kind::map || header->map_size() != 2 ||
      !header->map_key(0).equals_integer(header_alg) ||
      !header->map_key(1).equals_integer(header_kid))
    return malformed(errc::cose_protected_header,
                     "protected header must be exactly {1: alg, 4: kid}");
  const cbor::item& alg = header->map_value(0);
  const cbor::item& kid = header->map_value(1);
  if (!alg.is_integer() && alg.type != cbor::kind::text)
    return malformed(errc::cose_protected_header, "alg is neither an integer nor a text string");
  if (kid.type != cbor::kind::bytes)
    return malformed(errc::cose_protected_header, "kid is not a byte string");
  if (kid.content.size() != 8)
    return malformed(errc::cose_kid_size,
                     "kid has " + std::to_string(kid.content.size()) + " bytes, not 8");
  if (unprot.map_size() != 0)
    return malformed(errc::cose_unprotected_header, "unprotected header is not empty");
  if (sig.content.size() != 64)
    return malformed(errc::cose_signature_size,
                     "signature has " + std::to_string(sig.content.size()) + " bytes, not 64");

  cose_sign1 out;
  out.protected_header = prot.content;
  out.alg_is_eddsa = alg.equals_integer(cose_alg_eddsa);
  std::copy(kid.content.begin(), kid.content.end(), out.kid.begin());
  out.payload = payload.content;
  std::copy(sig.content.begin(), sig.content.end(), out.sig.begin());
  return out;
}

std::vector<std::uint8_t> sig_structure(document_type type,
                                        std::span<const std::uint8_t> protected_header,
                                        std::span<const std::uint8_t> payload) {
  const std::string_view aad = external_aad(type);
  cbor::writer w;
  w.reserve(protected_header.size() + payload.size() + aad.size() + 32);
  w.array(4).text("Signature1").bytes(protected_header);
  w.bytes({reinterpret_cast<const std::uint8_t*>(aad.data()), aad.size()});
  w.bytes(payload);
  return w.take();
}

std::vector<std::uint8_t> sign_cose_sign1(document_type type, std::span<const std::uint8_t> payload,
                                          const secret_key& key) {
  cbor::writer header;
  header.map(2).uint(header_alg).integer(cose_alg_eddsa).uint(header_kid);
  header.bytes(key.public_key().kid());
  const signature sig = key.sign(sig_structure(type, header.data(), payload));

  cbor::writer w;
  w.reserve(payload.size() + 96);
  w.tag(cose_sign1_tag).array(4).bytes(header.data()).map(0).bytes(payload).bytes(sig);
  return w.take();
}

bool verify_cose_sign1(const cose_sign1& cose, document_type type, const public_key& key) {
  if (!cose.alg_is_eddsa) return false;
  return verify_detached(key, sig_structure(type, cose.protected_header, cose.payload), cose.sig);
}

}  // namespace qrseal
