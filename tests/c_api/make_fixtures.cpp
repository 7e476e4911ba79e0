// Writes the fixtures of the C API tests into a directory: keys from fixed seeds, signed lists,
// credential texts for several outcomes and raw grey camera frames. Deterministic (Ed25519
// signatures are), so the C tests can check exact values. The C API cannot sign lists or issue
// credentials, hence this small C++ program on top of the library.
//
// usage: make_fixtures DIR
//
//   root.raw root.pub root.pem   the pinned root (raw 32 bytes, .pub file, SPKI PEM)
//   root2.raw                    a second root that signs nothing
//   other_root.raw               a root nobody pins
//   issuer.kid                   the issuing key's 8-byte kid
//   holder.seed holder.raw       the phone's key: 32-byte seed and public key
//   trust1.cose trust2.cose      trust lists seq 1 and 2 (issuer valid for FIX_ISS in 2021-2029)
//   trust2b.cose                 seq 2 again with other bytes (a rollback)
//   trust1.qt1                   trust1.cose as the QT1: text of a key-update sheet
//   trust_unknown_root.cose      seq 3 signed by other_root
//   trust_bad_sig.cose           seq 3 with one signature bit flipped
//   revoked1.cose revoked2.cose  revocation lists seq 1 and 2, both revoking revoked_cred.txt
//   revoked_unknown_root.cose revoked_bad_sig.cose
//   cred.txt cred.cti            green, name/id_hint/test/vaccination, iat FIX_IAT, 48 h
//   cred_nbf.txt                 nbf FIX_NBF
//   revoked_cred.txt yellow.txt positive.txt (green with a positive test)
//   holder_cred.txt              bound to holder.raw (cnf), no test
//   long.txt                     green, valid until 30 days after the lists' next_update
//   live_bad_sig.txt             a QL1 of holder_cred.txt at FIX_NOW signed by another key
//   unknown_key.txt              signed by a key that is on no trust list
//   bad_sig.txt                  cred.txt's COSE with one signature bit flipped (raw body)
//   unsupported_alg.txt          alg -7 (ES256) in the protected header
//   cred_frame.gray revoked_frame.gray    8-bit grey frames showing the codes
//   frame.size                   "WIDTH HEIGHT" of the frames
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <qrseal/claims.hpp>
#include <qrseal/cose.hpp>
#include <qrseal/detail/cbor.hpp>
#include <qrseal/issuer.hpp>
#include <qrseal/key_file.hpp>
#include <qrseal/keys.hpp>
#include <qrseal/lists.hpp>
#include <qrseal/live.hpp>
#include <qrseal/pem.hpp>
#include <qrseal/qr_encode.hpp>
#include <qrseal/qr_render.hpp>
#include <qrseal/text.hpp>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "fixtures.h"

namespace {

using namespace qrseal;
using bytes = std::vector<std::uint8_t>;

constexpr int frame_width = 400;
constexpr int frame_height = 360;

std::string dir;

template <class T>
T must(result<T> r, const char* what) {
  if (!r) throw std::runtime_error(std::string(what) + ": " + r.error().message);
  return std::move(r).value();
}

secret_key key_from(std::uint8_t fill) {
  const std::vector<std::uint8_t> seed(32, fill);
  return must(secret_key::from_seed(seed), "seed");
}

void write(const std::string& name, std::span<const std::uint8_t> data) {
  std::ofstream f(dir + "/" + name, std::ios::binary | std::ios::trunc);
  f.write(reinterpret_cast<const char*>(data.data()), static_cast<std::streamsize>(data.size()));
  if (!f) throw std::runtime_error("cannot write " + dir + "/" + name);
}

void write(const std::string& name, std::string_view text) {
  write(name, std::span(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()));
}

credential_id cti_of(std::uint8_t fill) {
  credential_id cti{};
  for (std::size_t i = 0; i < cti.size(); ++i) cti[i] = static_cast<std::uint8_t>(fill + i);
  return cti;
}

claims base_claims(std::uint8_t cti_fill) {
  claims c;
  c.iss = FIX_ISS;
  c.iat = FIX_IAT;
  c.exp = FIX_EXP;
  c.cti = cti_of(cti_fill);
  c.status.status = health_status::green;
  return c;
}

trust_list trust(std::uint64_t seq, std::uint64_t next_update, const public_key& issuer) {
  trust_list t;
  t.seq = seq;
  t.issued_at = FIX_LIST_ISSUED;
  t.next_update = next_update;
  t.entries.push_back({issuer, FIX_ISS, 1609459200 /* 2021-01-01 */, 1893456000 /* 2030-01-01 */});
  return t;
}

bytes flip_last_bit(bytes b) {
  b.back() ^= 0x01;  // the last byte of a COSE_Sign1 is the signature's
  return b;
}

// The code on a light background, like a phone screen held up to a gate's camera.
void write_frame(const std::string& name, std::string_view text) {
  const gray_image code = rasterize(must(encode_qr(text), "encode_qr"), {4, 4});
  if (code.width > frame_width - 20 || code.height > frame_height - 20)
    throw std::runtime_error("the code does not fit the frame");
  bytes frame(static_cast<std::size_t>(frame_width) * frame_height, 190);
  const int ox = (frame_width - code.width) / 2;
  const int oy = (frame_height - code.height) / 2;
  for (int y = 0; y < code.height; ++y)
    for (int x = 0; x < code.width; ++x)
      frame[static_cast<std::size_t>((oy + y) * frame_width + ox + x)] =
          code.pixels[static_cast<std::size_t>(y * code.width + x)];
  write(name, frame);
}

void make_all() {
  const secret_key root = key_from(0x01);
  const secret_key root2 = key_from(0x02);
  const secret_key other_root = key_from(0x03);
  const secret_key issuer = key_from(0x04);
  const secret_key stranger = key_from(0x05);
  const secret_key holder = key_from(0x06);

  write("root.raw", root.public_key().bytes());
  write("root.pub", encode_public_key_file(root.public_key()));
  write("root.pem", public_key_to_pem(root.public_key()));
  write("root2.raw", root2.public_key().bytes());
  write("other_root.raw", other_root.public_key().bytes());
  write("issuer.kid", issuer.public_key().kid());
  write("holder.seed", holder.seed(secret_access{}));
  write("holder.raw", holder.public_key().bytes());

  const bytes trust1 =
      must(sign_trust_list(trust(1, FIX_LIST_NEXT, issuer.public_key()), root), "trust1");
  write("trust1.cose", trust1);
  write("trust1.qt1", must(trust_list_text(trust1), "trust_list_text"));
  write("trust2.cose",
        must(sign_trust_list(trust(2, FIX_LIST_NEXT, issuer.public_key()), root), "trust2"));
  write("trust2b.cose",
        must(sign_trust_list(trust(2, FIX_LIST_NEXT + 1, issuer.public_key()), root), "trust2b"));
  const bytes trust3 =
      must(sign_trust_list(trust(3, FIX_LIST_NEXT, issuer.public_key()), root), "trust3");
  write("trust_bad_sig.cose", flip_last_bit(trust3));
  write("trust_unknown_root.cose",
        must(sign_trust_list(trust(3, FIX_LIST_NEXT, issuer.public_key()), other_root), "trust3o"));

  const credential_id revoked_cti = cti_of(0xA0);
  const revocation_prefix extra{1, 2, 3, 4, 5, 6, 7, 8};
  write("revoked1.cose", must(sign_revocation_list(1, FIX_LIST_ISSUED, FIX_LIST_NEXT,
                                                   {revocation_prefix_of(revoked_cti)}, root),
                              "revoked1"));
  write("revoked2.cose",
        must(sign_revocation_list(2, FIX_LIST_ISSUED, FIX_LIST_NEXT,
                                  {revocation_prefix_of(revoked_cti), extra}, root),
             "revoked2"));
  const bytes revoked3 =
      must(sign_revocation_list(3, FIX_LIST_ISSUED, FIX_LIST_NEXT, {extra}, root), "revoked3");
  write("revoked_bad_sig.cose", flip_last_bit(revoked3));
  write("revoked_unknown_root.cose",
        must(sign_revocation_list(3, FIX_LIST_ISSUED, FIX_LIST_NEXT, {extra}, other_root),
             "revoked3o"));

  claims cred = base_claims(0x10);
  cred.status.name = FIX_NAME;
  cred.status.id_hint = "1234";
  cred.status.test = test_info{false, FIX_SAMPLED, "XA-07"};
  cred.status.vaccination = vaccination_info{3, FIX_LAST_DOSE};
  const std::string cred_text = must(issue_credential(cred, issuer), "cred");
  write("cred.txt", cred_text);
  write("cred.cti", cred.cti);

  claims nbf = base_claims(0x20);
  nbf.nbf = FIX_NBF;
  write("cred_nbf.txt", must(issue_credential(nbf, issuer), "cred_nbf"));

  const std::string revoked_text = must(issue_credential(base_claims(0xA0), issuer), "revoked");
  write("revoked_cred.txt", revoked_text);

  claims yellow = base_claims(0x30);
  yellow.status.status = health_status::yellow;
  write("yellow.txt", must(issue_credential(yellow, issuer), "yellow"));

  claims positive = base_claims(0x40);
  positive.status.test = test_info{true, FIX_SAMPLED, std::nullopt};
  write("positive.txt", must(issue_credential(positive, issuer), "positive"));

  claims bound = base_claims(0x50);
  bound.holder_key = holder.public_key();
  bound.status.name = "H*";
  write("holder_cred.txt", must(issue_credential(bound, issuer), "holder_cred"));

  claims long_lived = base_claims(0x58);
  long_lived.exp = FIX_LIST_NEXT + 30 * 86400;
  write("long.txt", must(issue_credential(long_lived, issuer), "long"));

  const bytes bound_cose = sign_cose_sign1(document_type::credential, encode_claims(bound), issuer);
  cbor::writer live;
  live.array(3)
      .bytes(bound_cose)
      .uint(FIX_NOW)
      .bytes(stranger.sign(live_signed_message(bound_cose, FIX_NOW)));
  write("live_bad_sig.txt", join_qr_text(text_kind::live, live.data()));

  write("unknown_key.txt", must(issue_credential(base_claims(0x60), stranger), "unknown_key"));

  const bytes cose = sign_cose_sign1(document_type::credential, encode_claims(cred), issuer);
  write("bad_sig.txt", join_qr_text(text_kind::credential, flip_last_bit(cose)));

  cbor::writer protected_header;
  protected_header.map(2).uint(1).integer(-7).uint(4).bytes(issuer.public_key().kid());
  cbor::writer es256;
  es256.tag(18).array(4).bytes(protected_header.data()).map(0).bytes(encode_claims(cred));
  es256.bytes(signature{});
  write("unsupported_alg.txt", join_qr_text(text_kind::credential, es256.data()));

  write_frame("cred_frame.gray", cred_text);
  write_frame("revoked_frame.gray", revoked_text);
  write("frame.size", std::to_string(frame_width) + " " + std::to_string(frame_height) + "\n");
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: make_fixtures DIR\n";
    return 2;
  }
  dir = argv[1];
  try {
    std::filesystem::create_directories(dir);
    make_all();
  } catch (const std::exception& e) {
    std::cerr << "make_fixtures: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
