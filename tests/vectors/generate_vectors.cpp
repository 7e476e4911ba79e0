// Writes every file under vectors/ (keys, lists, cases, images) from fixed seeds, fixed times and
// fixed credential ids: no clock, no random source. Run as
//
//   generate_vectors OUTDIR
//
// and OUTDIR/{keys,lists,cases,images} are replaced with what this program writes (plus
// OUTDIR/README.md and OUTDIR/index.json). The test vectors_up_to_date runs it into a temporary
// directory and compares every file with the committed vectors/.
//
// The expected results of the cases are written down here from the spec
// (shared/spec/qrseal-format-v1.md, copied into docs/format.md) and never computed by the
// library. Every structure a verifier checks (claims, Sig_structure, COSE, zlib, Base45, live
// messages, lists) is assembled here; of the library only the CBOR head writer, Ed25519 key
// pairs from seeds, the public key file writer and the QR encoder (for the images) are used.
// The case schema is described in docs/conformance.md.
#include <sodium.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <qrseal/detail/cbor.hpp>
#include <qrseal/claims.hpp>
#include <qrseal/cose.hpp>
#include <qrseal/hex.hpp>
#include <qrseal/key_file.hpp>
#include <qrseal/keys.hpp>
#include <qrseal/lists.hpp>
#include <qrseal/qr_encode.hpp>
#include <qrseal/qr_render.hpp>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace {

using namespace qrseal;
using bytes = std::vector<std::uint8_t>;
using json = nlohmann::ordered_json;
namespace fs = std::filesystem;

[[noreturn]] void die(const std::string& why) {
  std::cerr << "generate_vectors: " << why << "\n";
  std::exit(1);
}

template <class T>
T must(result<T> r, std::string_view what) {
  if (!r) die(std::string(what) + ": " + r.error().message);
  return std::move(r).value();
}

bytes to_bytes(std::string_view s) { return bytes(s.begin(), s.end()); }

bytes cat(std::initializer_list<std::span<const std::uint8_t>> parts) {
  bytes out;
  for (auto p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

std::string hex(std::span<const std::uint8_t> b) { return to_hex(b); }

bytes lit(std::initializer_list<int> values) {
  bytes out;
  for (int v : values) out.push_back(static_cast<std::uint8_t>(v));
  return out;
}

std::array<std::uint8_t, 32> sha256(std::span<const std::uint8_t> data) {
  std::array<std::uint8_t, 32> out{};
  crypto_hash_sha256(out.data(), data.data(), data.size());
  return out;
}

std::array<std::uint8_t, 32> sha256(std::string_view s) {
  return sha256(std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(s.data()),
                                              s.size()));
}

// ---------------------------------------------------------------------------------------------
// Times. T is the issuing time of the default credential; most cases check one hour later.

constexpr std::uint64_t minute = 60;
constexpr std::uint64_t hour = 60 * minute;
constexpr std::uint64_t day = 24 * hour;
constexpr std::uint64_t T = 1'700'000'000;  // 2023-11-14T22:13:20Z
constexpr std::int64_t now0 = static_cast<std::int64_t>(T + hour);
constexpr std::int64_t at(std::uint64_t t) { return static_cast<std::int64_t>(t); }

// ---------------------------------------------------------------------------------------------
// Deflate (RFC 1951) with the fixed Huffman code and a greedy LZ77 search, and zlib (RFC 1950)
// around it. Written here, not taken from the system zlib, so the vectors do not change when
// zlib's own choices do (zlib-ng and zlib emit different, equally valid, streams).

class bit_writer {
 public:
  void bits(std::uint32_t value, int count) {  // least significant bit first
    for (int i = 0; i < count; ++i) put((value >> i) & 1u);
  }
  void huffman(std::uint32_t code, int length) {  // Huffman codes go most significant bit first
    for (int i = length - 1; i >= 0; --i) put((code >> i) & 1u);
  }
  bytes finish() {
    if (nbits_ != 0) out_.push_back(cur_);
    cur_ = 0;
    nbits_ = 0;
    return std::move(out_);
  }

 private:
  void put(std::uint32_t bit) {
    cur_ = static_cast<std::uint8_t>(cur_ | (bit << nbits_));
    if (++nbits_ == 8) {
      out_.push_back(cur_);
      cur_ = 0;
      nbits_ = 0;
    }
  }
  bytes out_;
  std::uint8_t cur_ = 0;
  int nbits_ = 0;
};

void fixed_symbol(bit_writer& w, unsigned sym) {
  if (sym < 144)
    w.huffman(0x30 + sym, 8);
  else if (sym < 256)
    w.huffman(0x190 + sym - 144, 9);
  else if (sym < 280)
    w.huffman(sym - 256, 7);
  else
    w.huffman(0xC0 + sym - 280, 8);
}

constexpr unsigned len_base[29] = {3,  4,  5,  6,  7,  8,  9,  10,  11,  13,  15,  17,  19,  23, 27,
                                   31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258};
constexpr int len_extra[29] = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2,
                               2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0};
constexpr unsigned dist_base[30] = {1,    2,    3,    4,    5,    7,     9,     13,    17,  25,
                                    33,   49,   65,   97,   129,  193,   257,   385,   513, 769,
                                    1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577};
constexpr int dist_extra[30] = {0, 0, 0, 0, 1, 1, 2, 2,  3,  3,  4,  4,  5,  5,  6,
                                6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13};

void emit_match(bit_writer& w, unsigned length, unsigned distance) {
  unsigned li = 28;
  while (len_base[li] > length) --li;
  fixed_symbol(w, 257 + li);
  w.bits(length - len_base[li], len_extra[li]);
  unsigned di = 29;
  while (dist_base[di] > distance) --di;
  w.huffman(di, 5);
  w.bits(distance - dist_base[di], dist_extra[di]);
}

bytes deflate_fixed(std::span<const std::uint8_t> in) {
  bit_writer w;
  w.bits(1, 1);  // BFINAL
  w.bits(1, 2);  // BTYPE 01: fixed Huffman codes
  constexpr std::size_t window = 32768;
  constexpr std::size_t hash_size = std::size_t{1} << 15;
  constexpr std::size_t no_pos = SIZE_MAX;
  std::vector<std::size_t> head(hash_size, no_pos), prev(in.size(), no_pos);
  auto hash3 = [&](std::size_t i) {
    return ((std::size_t{in[i]} << 10) ^ (std::size_t{in[i + 1]} << 5) ^ in[i + 2]) &
           (hash_size - 1);
  };
  auto insert = [&](std::size_t i) {
    if (i + 2 < in.size()) {
      const std::size_t h = hash3(i);
      prev[i] = head[h];
      head[h] = i;
    }
  };
  std::size_t i = 0;
  while (i < in.size()) {
    std::size_t best_len = 0, best_dist = 0;
    if (i + 2 < in.size()) {
      std::size_t cand = head[hash3(i)];
      const std::size_t max_len = std::min<std::size_t>(258, in.size() - i);
      for (int chain = 0; cand != no_pos && i - cand <= window && chain < 128; ++chain) {
        std::size_t len = 0;
        while (len < max_len && in[cand + len] == in[i + len]) ++len;
        if (len > best_len) {
          best_len = len;
          best_dist = i - cand;
          if (len == max_len) break;
        }
        cand = prev[cand];
      }
    }
    if (best_len >= 3) {
      emit_match(w, static_cast<unsigned>(best_len), static_cast<unsigned>(best_dist));
      for (std::size_t k = 0; k < best_len; ++k) insert(i + k);
      i += best_len;
    } else {
      fixed_symbol(w, in[i]);
      insert(i);
      ++i;
    }
  }
  fixed_symbol(w, 256);  // end of block
  return w.finish();
}

// Stored (uncompressed) blocks: what zlib level 0 writes.
bytes deflate_stored(std::span<const std::uint8_t> in) {
  bytes out;
  std::size_t pos = 0;
  do {
    const std::size_t n = std::min<std::size_t>(65535, in.size() - pos);
    const bool last = pos + n == in.size();
    out.push_back(last ? 1 : 0);  // BFINAL, BTYPE 00, then padding to the byte boundary
    out.push_back(static_cast<std::uint8_t>(n & 0xff));
    out.push_back(static_cast<std::uint8_t>(n >> 8));
    out.push_back(static_cast<std::uint8_t>(~n & 0xff));
    out.push_back(static_cast<std::uint8_t>((~n >> 8) & 0xff));
    out.insert(out.end(), in.begin() + static_cast<std::ptrdiff_t>(pos),
               in.begin() + static_cast<std::ptrdiff_t>(pos + n));
    pos += n;
  } while (pos < in.size());
  return out;
}

std::uint32_t adler32(std::span<const std::uint8_t> data) {
  std::uint32_t a = 1, b = 0;
  for (std::uint8_t x : data) {
    a = (a + x) % 65521;
    b = (b + a) % 65521;
  }
  return (b << 16) | a;
}

void put_be32(bytes& out, std::uint32_t v) {
  for (int s = 24; s >= 0; s -= 8) out.push_back(static_cast<std::uint8_t>(v >> s));
}

// zlib stream: CMF 0x78 (deflate, 32 KiB window), FLG chosen so (CMF*256 + FLG) % 31 == 0.
bytes zlib_wrap(std::uint8_t flg, std::span<const std::uint8_t> deflated,
                std::span<const std::uint8_t> original) {
  bytes out = {0x78, flg};
  out.insert(out.end(), deflated.begin(), deflated.end());
  put_be32(out, adler32(original));
  return out;
}

bytes zlib_fixed(std::span<const std::uint8_t> data) {
  return zlib_wrap(0xDA, deflate_fixed(data), data);
}
bytes zlib_stored(std::span<const std::uint8_t> data) {
  return zlib_wrap(0x01, deflate_stored(data), data);
}

// ---------------------------------------------------------------------------------------------
// PNG (8-bit grey, filter None), written with the deflate above.

std::uint32_t crc32(std::span<const std::uint8_t> data) {
  static const auto table = [] {
    std::array<std::uint32_t, 256> t{};
    for (std::uint32_t n = 0; n < 256; ++n) {
      std::uint32_t c = n;
      for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
      t[n] = c;
    }
    return t;
  }();
  std::uint32_t c = 0xFFFFFFFFu;
  for (std::uint8_t x : data) c = table[(c ^ x) & 0xff] ^ (c >> 8);
  return c ^ 0xFFFFFFFFu;
}

void png_chunk(bytes& out, std::string_view type, std::span<const std::uint8_t> data) {
  put_be32(out, static_cast<std::uint32_t>(data.size()));
  const bytes body = cat({to_bytes(type), data});
  out.insert(out.end(), body.begin(), body.end());
  put_be32(out, crc32(body));
}

bytes png_gray8(const gray_image& img) {
  bytes out = lit({0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
  bytes ihdr;
  put_be32(ihdr, static_cast<std::uint32_t>(img.width));
  put_be32(ihdr, static_cast<std::uint32_t>(img.height));
  ihdr.insert(ihdr.end(), {8, 0, 0, 0, 0});  // depth 8, grey, deflate, filter 0, no interlace
  png_chunk(out, "IHDR", ihdr);
  bytes raw;
  raw.reserve(static_cast<std::size_t>((img.width + 1) * img.height));
  for (int y = 0; y < img.height; ++y) {
    raw.push_back(0);  // filter None
    const auto row = img.pixels.begin() + static_cast<std::ptrdiff_t>(y) * img.width;
    raw.insert(raw.end(), row, row + img.width);
  }
  png_chunk(out, "IDAT", zlib_fixed(raw));
  png_chunk(out, "IEND", {});
  return out;
}

// ---------------------------------------------------------------------------------------------
// Base45 (RFC 9285) and the QR texts.

constexpr std::string_view b45_alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";

std::string b45(std::span<const std::uint8_t> data) {
  std::string out;
  std::size_t i = 0;
  for (; i + 1 < data.size(); i += 2) {
    unsigned n = data[i] * 256u + data[i + 1];
    out += b45_alphabet[n % 45];
    n /= 45;
    out += b45_alphabet[n % 45];
    out += b45_alphabet[n / 45];
  }
  if (i < data.size()) {
    out += b45_alphabet[data[i] % 45];
    out += b45_alphabet[data[i] / 45];
  }
  return out;
}

std::string qs1(std::span<const std::uint8_t> body) { return "QS1:" + b45(body); }
std::string ql1(std::span<const std::uint8_t> array) { return "QL1:" + b45(array); }
std::string qt1(std::span<const std::uint8_t> body) { return "QT1:" + b45(body); }

// ---------------------------------------------------------------------------------------------
// CBOR items. The writer only emits shortest heads; anything non-deterministic is spelt out in
// bytes where a case needs it.

bytes enc(const std::function<void(cbor::writer&)>& f) {
  cbor::writer w;
  f(w);
  return w.take();
}
bytes u(std::uint64_t v) {
  return enc([&](cbor::writer& w) { w.uint(v); });
}
bytes n(std::int64_t v) {
  return enc([&](cbor::writer& w) { w.integer(v); });
}
bytes tx(std::string_view s) {
  return enc([&](cbor::writer& w) { w.text(s); });
}
bytes bs(std::span<const std::uint8_t> b) {
  return enc([&](cbor::writer& w) { w.bytes(b); });
}
bytes arr(std::initializer_list<std::span<const std::uint8_t>> items) {
  bytes out = enc([&](cbor::writer& w) { w.array(items.size()); });
  for (auto it : items) out.insert(out.end(), it.begin(), it.end());
  return out;
}

// A map as (encoded key, encoded value) pairs, written in the order given.
using pairs = std::vector<std::pair<bytes, bytes>>;

bytes join_map(const pairs& p) {
  bytes out = enc([&](cbor::writer& w) { w.map(p.size()); });
  for (const auto& [k, v] : p) {
    out.insert(out.end(), k.begin(), k.end());
    out.insert(out.end(), v.begin(), v.end());
  }
  return out;
}

void set_value(pairs& p, const bytes& key, bytes value) {
  for (auto& [k, v] : p)
    if (k == key) {
      v = std::move(value);
      return;
    }
  die("set_value: no such key " + hex(key));
}

void remove_key(pairs& p, const bytes& key) {
  const auto before = p.size();
  std::erase_if(p, [&](const auto& kv) { return kv.first == key; });
  if (p.size() == before) die("remove_key: no such key " + hex(key));
}

// Inserts in deterministic order (bytewise by encoded key, RFC 8949 §4.2.1).
void insert_sorted(pairs& p, bytes key, bytes value) {
  auto pos = std::find_if(p.begin(), p.end(), [&](const auto& kv) { return key < kv.first; });
  p.insert(pos, {std::move(key), std::move(value)});
}

// Claim keys (spec §1) and the status profile's keys.
const bytes k_iss = u(1), k_exp = u(4), k_nbf = u(5), k_iat = u(6), k_cti = u(7), k_cnf = u(8),
            k_status = n(-65537);
const bytes s_profile = u(1), s_status = u(2), s_name = u(3), s_id_hint = u(4), s_test = u(5),
            s_vaccination = u(6);

}  // namespace

namespace {

// ---------------------------------------------------------------------------------------------
// Keys: seed = SHA-256("qrseal-vectors/1 seed " || name).

struct vector_key {
  std::string name, role, note;
  std::array<std::uint8_t, 32> seed{};
  secret_key key;
};

std::vector<vector_key>& all_keys() {
  static std::vector<vector_key> keys;
  return keys;
}

void make_key(const std::string& name, const std::string& role, const std::string& note) {
  const auto seed = sha256("qrseal-vectors/1 seed " + name);
  auto k = must(secret_key::from_seed(seed), "key " + name);
  all_keys().push_back(vector_key{name, role, note, seed, std::move(k)});
}

const vector_key& vkey(std::string_view name) {
  for (const auto& k : all_keys())
    if (k.name == name) return k;
  die("no key " + std::string(name));
}
const secret_key& key(std::string_view name) { return vkey(name).key; }

bytes pub(const secret_key& k) {
  const auto& b = k.public_key().bytes();
  return bytes(b.begin(), b.end());
}

// kid = the first 8 bytes of SHA-256 of the raw public key (spec §1).
bytes kid_of_raw(std::span<const std::uint8_t> raw) {
  const auto h = sha256(raw);
  return bytes(h.begin(), h.begin() + 8);
}
bytes kid(const secret_key& k) { return kid_of_raw(pub(k)); }

// ---------------------------------------------------------------------------------------------
// Claims (spec §1) and their deterministic CBOR, written here independently of the library.

constexpr std::string_view default_iss = "CN-610100";

credential_id cti_of(std::string_view label) {
  const auto h = sha256("qrseal-vectors/1 cti " + std::string(label));
  credential_id id{};
  std::copy_n(h.begin(), id.size(), id.begin());
  return id;
}

// A green person with a negative test three hours before issue and three vaccine doses, issued
// at T for a week, without nbf and cnf.
claims base_claims(std::string_view cti_label) {
  claims c;
  c.iss = std::string(default_iss);
  c.iat = T;
  c.exp = T + 7 * day;
  c.cti = cti_of(cti_label);
  c.status.status = health_status::green;
  c.status.name = "张*明";
  c.status.id_hint = "1234";
  c.status.test = test_info{false, T - 3 * hour, std::string("XA-07")};
  c.status.vaccination = vaccination_info{3, T - 200 * day};
  return c;
}

pairs test_pairs(const test_info& t) {
  pairs p{{u(1), u(t.positive ? 1 : 0)}, {u(2), u(t.sampled_at)}};
  if (t.site) p.push_back({u(3), tx(*t.site)});
  return p;
}

pairs status_pairs(const status_profile& s) {
  pairs p{{s_profile, u(1)}, {s_status, u(static_cast<std::uint64_t>(s.status))}};
  if (s.name) p.push_back({s_name, tx(*s.name)});
  if (s.id_hint) p.push_back({s_id_hint, tx(*s.id_hint)});
  if (s.test) p.push_back({s_test, join_map(test_pairs(*s.test))});
  if (s.vaccination)
    p.push_back({s_vaccination,
                 join_map({{u(1), u(s.vaccination->doses)}, {u(2), u(s.vaccination->last_dose)}})});
  return p;
}

// cnf = {1: COSE_Key {1: 1 (OKP), -1: 6 (Ed25519), -2: x}}
bytes cnf_value(std::span<const std::uint8_t> x) {
  return join_map({{u(1), join_map({{u(1), u(1)}, {n(-1), u(6)}, {n(-2), bs(x)}})}});
}

pairs claim_pairs(const claims& c) {
  pairs p{{k_iss, tx(c.iss)}, {k_exp, u(c.exp)}};
  if (c.nbf) p.push_back({k_nbf, u(*c.nbf)});
  p.push_back({k_iat, u(c.iat)});
  p.push_back({k_cti, bs(c.cti)});
  if (c.holder_key) p.push_back({k_cnf, cnf_value(c.holder_key->bytes())});
  p.push_back({k_status, join_map(status_pairs(c.status))});
  return p;
}

bytes payload_of(const claims& c) { return join_map(claim_pairs(c)); }

// The claims with a changed status map (for cases that break something inside it).
pairs claim_pairs_with_status(const claims& c, const pairs& status) {
  pairs p = claim_pairs(c);
  set_value(p, k_status, join_map(status));
  return p;
}

// The display fields (spec §5, JSON names of docs/format.md A.5).
json display_json(const claims& c) {
  json j;
  j["iss"] = c.iss;
  j["iat"] = c.iat;
  j["exp"] = c.exp;
  if (c.nbf) j["nbf"] = *c.nbf;
  j["cti"] = hex(c.cti);
  if (c.holder_key) j["cnf"] = hex(c.holder_key->bytes());
  j["status"] = c.status.status == health_status::green    ? "green"
                : c.status.status == health_status::yellow ? "yellow"
                                                           : "red";
  if (c.status.name) j["name"] = *c.status.name;
  if (c.status.id_hint) j["id_hint"] = *c.status.id_hint;
  if (c.status.test) {
    json t;
    t["result"] = c.status.test->positive ? "positive" : "negative";
    t["sampled_at"] = c.status.test->sampled_at;
    if (c.status.test->site) t["site"] = *c.status.test->site;
    j["test"] = t;
  }
  if (c.status.vaccination) {
    json v;
    v["doses"] = c.status.vaccination->doses;
    v["last_dose"] = c.status.vaccination->last_dose;
    j["vaccination"] = v;
  }
  return j;
}

// ---------------------------------------------------------------------------------------------
// COSE_Sign1 (spec §1).

std::string_view aad_text(document_type t) {
  switch (t) {
    case document_type::credential:
      return "qrseal/1 credential";
    case document_type::trust_list:
      return "qrseal/1 trust-list";
    case document_type::revocation_list:
      return "qrseal/1 revocation-list";
  }
  die("aad_text");
}

bytes protected_header(std::int64_t alg, std::span<const std::uint8_t> key_id) {
  return join_map({{u(1), n(alg)}, {u(4), bs(key_id)}});
}

// Sig_structure = ["Signature1", protected, external_aad, payload]
bytes to_be_signed(document_type t, std::span<const std::uint8_t> prot,
                   std::span<const std::uint8_t> payload) {
  return arr({tx("Signature1"), bs(prot), bs(to_bytes(aad_text(t))), bs(payload)});
}

bytes sign(const secret_key& k, std::span<const std::uint8_t> message) {
  const signature s = k.sign(message);
  return bytes(s.begin(), s.end());
}

const bytes empty_map = {0xA0};

bytes cose_from(std::span<const std::uint8_t> prot, std::span<const std::uint8_t> unprot_encoded,
                std::span<const std::uint8_t> payload, std::span<const std::uint8_t> sig) {
  return cat({lit({0xD2}), arr({bs(prot), unprot_encoded, bs(payload), bs(sig)})});
}

struct signed_cose {
  bytes prot, payload, sig, cose;
};

signed_cose sign_cose(std::span<const std::uint8_t> payload, const secret_key& k,
                      document_type signed_as = document_type::credential,
                      std::optional<bytes> prot = std::nullopt) {
  signed_cose s;
  s.prot = prot ? *prot : protected_header(-8, kid(k));
  s.payload.assign(payload.begin(), payload.end());
  s.sig = sign(k, to_be_signed(signed_as, s.prot, s.payload));
  s.cose = cose_from(s.prot, empty_map, s.payload, s.sig);
  return s;
}

// ---------------------------------------------------------------------------------------------
// Live codes (spec §4).

bytes live_message(std::span<const std::uint8_t> cred, std::uint64_t t) {
  bytes m = to_bytes("qrseal-live/1");
  m.push_back(0x00);
  const auto h = sha256(cred);
  m.insert(m.end(), h.begin(), h.end());
  for (int s = 56; s >= 0; s -= 8) m.push_back(static_cast<std::uint8_t>(t >> s));
  return m;
}

// ---------------------------------------------------------------------------------------------
// Trust lists and revocation lists (spec §3).

struct entry_spec {
  bytes kid, key;
  std::string iss;
  std::uint64_t not_before = 0, not_after = 0;
  std::string key_name;  // the file in vectors/keys/, or a description of a key that has none
};

entry_spec entry(std::string_view key_name, std::string_view iss, std::uint64_t nb,
                 std::uint64_t na) {
  const secret_key& k = key(key_name);
  return entry_spec{kid(k), pub(k), std::string(iss), nb, na, std::string(key_name)};
}

bytes array_of(const std::vector<bytes>& items) {
  bytes out = enc([&](cbor::writer& w) { w.array(items.size()); });
  for (const auto& it : items) out.insert(out.end(), it.begin(), it.end());
  return out;
}

bytes entry_map(const entry_spec& e) {
  return join_map({{u(1), bs(e.kid)},
                   {u(2), bs(e.key)},
                   {u(3), tx(e.iss)},
                   {u(4), u(e.not_before)},
                   {u(5), u(e.not_after)}});
}

bytes policy_map(const authority_policy& p) {
  pairs m;
  if (p.accepted) {
    std::vector<bytes> s;
    for (health_status x : *p.accepted) s.push_back(u(static_cast<std::uint64_t>(x)));
    m.push_back({u(1), array_of(s)});
  }
  if (p.max_test_age) m.push_back({u(2), u(*p.max_test_age)});
  if (p.require_live) m.push_back({u(3), u(*p.require_live ? 1 : 0)});
  if (p.max_stale) m.push_back({u(4), u(*p.max_stale)});
  if (p.max_validity) m.push_back({u(5), u(*p.max_validity)});
  return join_map(m);
}

pairs trust_pairs(std::uint64_t seq, std::uint64_t issued_at, std::uint64_t next_update,
                  const std::vector<entry_spec>& entries,
                  const std::optional<authority_policy>& policy = std::nullopt) {
  std::vector<bytes> e;
  for (const auto& x : entries) e.push_back(entry_map(x));
  pairs p{{u(1), tx("trust-list/1")},
          {u(2), u(seq)},
          {u(3), u(issued_at)},
          {u(4), u(next_update)},
          {u(5), array_of(e)}};
  if (policy) p.push_back({u(6), policy_map(*policy)});
  return p;
}

bytes prefix_of(const credential_id& cti) {
  const auto h = sha256(cti);
  return bytes(h.begin(), h.begin() + 8);
}

// Sorted, unique prefixes, concatenated.
bytes revocation_blob(const std::vector<bytes>& prefixes) {
  std::vector<bytes> sorted = prefixes;
  std::sort(sorted.begin(), sorted.end());
  sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
  bytes blob;
  for (const auto& p : sorted) blob.insert(blob.end(), p.begin(), p.end());
  return blob;
}

pairs revocation_pairs(std::uint64_t seq, std::uint64_t issued_at, std::uint64_t next_update,
                       std::span<const std::uint8_t> blob) {
  return pairs{{u(1), tx("revocation-list/1")},
               {u(2), u(seq)},
               {u(3), u(issued_at)},
               {u(4), u(next_update)},
               {u(5), bs(blob)}};
}

// ---------------------------------------------------------------------------------------------
// Output: every file goes through here, then is written at the end.

std::map<std::string, bytes>& out_files() {
  static std::map<std::string, bytes> files;
  return files;
}

void put_file(const std::string& path, bytes content) {
  if (out_files().count(path) != 0) die("written twice: " + path);
  out_files()[path] = std::move(content);
}

void put_json(const std::string& path, const json& j) { put_file(path, to_bytes(j.dump(2) + "\n")); }

std::string status_name(health_status s) {
  return s == health_status::green ? "green" : s == health_status::yellow ? "yellow" : "red";
}

json policy_json(const authority_policy& p) {
  json j;
  if (p.accepted) {
    j["accepted"] = json::array();
    for (health_status s : *p.accepted) j["accepted"].push_back(status_name(s));
  }
  if (p.max_test_age) j["max_test_age"] = *p.max_test_age;
  if (p.require_live) j["require_live"] = *p.require_live;
  if (p.max_stale) j["max_stale"] = *p.max_stale;
  if (p.max_validity) j["max_validity"] = *p.max_validity;
  return j;
}

// ---------------------------------------------------------------------------------------------
// List files: vectors/lists/NAME.cose and their description in vectors/lists/lists.json.

struct list_doc {
  std::string name, type;
  bytes cose;
  json desc;
};

std::vector<list_doc>& all_lists() {
  static std::vector<list_doc> lists;
  return lists;
}

const list_doc& list(std::string_view name) {
  for (const auto& l : all_lists())
    if (l.name == name) return l;
  die("no list " + std::string(name));
}

std::string list_path(std::string_view name) {
  (void)list(name);
  return "lists/" + std::string(name) + ".cose";
}

json entries_json(const std::vector<entry_spec>& entries) {
  json a = json::array();
  for (const auto& e : entries) {
    json j;
    j["key"] = e.key_name;
    j["kid"] = hex(e.kid);
    j["public_key"] = hex(e.key);
    j["iss"] = e.iss;
    j["not_before"] = e.not_before;
    j["not_after"] = e.not_after;
    a.push_back(j);
  }
  return a;
}

struct list_meta {
  std::string type;  // "trust_list" or "revocation_list"
  std::optional<std::uint64_t> seq, issued_at, next_update;
  std::string signed_by = "root";
  document_type signed_as = document_type::trust_list;
  std::string defect;  // empty for a well-formed list
  json content;        // entries/policy or revoked prefixes
};

void add_list(const std::string& name, const std::string& description, const bytes& cose,
              const list_meta& m) {
  json d;
  d["file"] = "lists/" + name + ".cose";
  d["type"] = m.type;
  d["description"] = description;
  d["seq"] = m.seq ? json(*m.seq) : json(nullptr);
  d["issued_at"] = m.issued_at ? json(*m.issued_at) : json(nullptr);
  d["next_update"] = m.next_update ? json(*m.next_update) : json(nullptr);
  d["signed_by"] = m.signed_by;
  d["external_aad"] = std::string(aad_text(m.signed_as));
  d["defect"] = m.defect.empty() ? json(nullptr) : json(m.defect);
  for (auto it = m.content.begin(); it != m.content.end(); ++it) d[it.key()] = it.value();
  d["cose_hex"] = hex(cose);
  all_lists().push_back(list_doc{name, m.type, cose, d});
  put_file("lists/" + name + ".cose", cose);
}

}  // namespace

namespace {

// ---------------------------------------------------------------------------------------------
// Cases. One file per case: vectors/cases/NNNN-name.json, NNNN = block * 100 + position.

const std::vector<std::string> outcome_order = {
    "malformed",      "unsupported_alg",     "unknown_key",   "bad_signature",
    "key_not_valid",  "not_yet_valid",       "expired",       "revoked",
    "live_required",  "live_stale",          "live_bad_signature",
    "status_not_accepted", "test_positive",  "test_too_old",  "lists_too_stale",
    "clock_behind",   "valid"};

std::size_t outcome_rank(const std::string& o) {
  const auto it = std::find(outcome_order.begin(), outcome_order.end(), o);
  if (it == outcome_order.end()) die("unknown outcome " + o);
  return static_cast<std::size_t>(it - outcome_order.begin());
}

const std::map<int, std::string> block_names = {
    {1, "text-and-body"},     {2, "strict-cbor"},         {3, "claims"},
    {4, "cose"},              {5, "keys-and-signatures"}, {6, "time"},
    {7, "revocation"},        {8, "live"},                {9, "policy"},
    {10, "staleness-and-clock"}, {11, "trust-list-files"}, {12, "trust-list-qt1"},
    {13, "revocation-list-files"}, {14, "images"}};

std::string next_id(int block) {
  static std::map<int, int> counters;
  const int k = ++counters[block];
  if (k > 99) die("block " + std::to_string(block) + " is full");
  std::string id = std::to_string(block * 100 + k);
  while (id.size() < 4) id = "0" + id;
  return id;
}

json& index_json() {
  static json index = json::array();
  return index;
}

// A credential input with every layer that exists for it.
struct cred {
  std::string text;
  bool live = false;
  std::optional<bytes> body;
  std::string body_form;  // "raw", "zlib" or "" (unknown or not applicable)
  std::optional<bytes> live_array;
  std::optional<std::uint64_t> live_t;
  std::optional<bytes> live_sig;
  std::optional<bytes> cose;
  std::optional<bytes> prot, payload, sig;
  std::optional<claims> cl;  // what the payload says, when it is a correct claims map
  std::map<std::string, std::string> notes;
};

enum class form { raw, zlib, zlib_stored };

void set_body(cred& c, const bytes& cose, form f) {
  switch (f) {
    case form::raw:
      c.body = cose;
      c.body_form = "raw";
      break;
    case form::zlib:
      c.body = zlib_fixed(cose);
      c.body_form = "zlib";
      break;
    case form::zlib_stored:
      c.body = zlib_stored(cose);
      c.body_form = "zlib";
      break;
  }
  c.text = qs1(*c.body);
}

cred from_signed(const signed_cose& s, std::optional<claims> cl, form f = form::raw) {
  cred c;
  c.cose = s.cose;
  c.prot = s.prot;
  c.payload = s.payload;
  c.sig = s.sig;
  c.cl = std::move(cl);
  set_body(c, s.cose, f);
  return c;
}

cred issue(const claims& cl, std::string_view signer = "issuer-a", form f = form::raw) {
  return from_signed(sign_cose(payload_of(cl), key(signer)), cl, f);
}

// A credential whose payload breaks a rule; `why` says what a verifier must find.
cred issue_payload(const bytes& payload, std::string why, std::string_view signer = "issuer-a") {
  cred c = from_signed(sign_cose(payload, key(signer)), std::nullopt);
  c.notes["claims"] = "not produced: " + std::move(why);
  return c;
}

// A COSE_Sign1 given whole, as a raw body.
cred from_cose(const bytes& cose, std::string why) {
  cred c;
  c.cose = cose;
  c.body = cose;
  c.body_form = "raw";
  c.text = qs1(cose);
  c.notes["claims"] = "not produced: " + std::move(why);
  return c;
}

// A text that fails before the body, with the notes for every later layer.
cred text_only(std::string text, const std::string& why) {
  cred c;
  c.text = std::move(text);
  c.notes["body_hex"] = "not produced: " + why;
  return c;
}

cred live_code(const cred& base, std::string_view holder, std::uint64_t t,
               std::optional<std::uint64_t> signed_t = std::nullopt) {
  cred c = base;
  c.live = true;
  c.body.reset();
  c.body_form.clear();
  c.live_t = t;
  c.live_sig = sign(key(holder), live_message(*base.cose, signed_t.value_or(t)));
  c.live_array = arr({bs(*base.cose), u(t), bs(*c.live_sig)});
  c.text = ql1(*c.live_array);
  return c;
}

// A live text whose array is given whole.
cred live_array_text(const cred& base, const bytes& array, std::string why) {
  cred c = base;
  c.live = true;
  c.body.reset();
  c.body_form.clear();
  c.live_array = array;
  c.text = ql1(array);
  c.cose.reset();
  c.prot.reset();
  c.payload.reset();
  c.sig.reset();
  c.cl.reset();
  c.notes["cose_hex"] = "not produced: " + std::move(why);
  return c;
}

struct context {
  std::int64_t now = now0;
  std::uint64_t skew = 300;
  std::uint64_t window = 60;
  std::optional<std::vector<std::string>> accept;
  std::optional<std::uint64_t> max_test_age;
  bool require_live = false;
  std::optional<std::uint64_t> max_stale;
  std::optional<std::uint64_t> max_validity;
  bool reject_clock_behind = false;
  std::vector<std::string> roots{"root"};
  std::optional<std::string> trust{"trust-current"};
  std::optional<std::string> revocations{"revocation-current"};
  std::optional<std::int64_t> observed;
};

struct expect {
  std::string outcome;
  std::vector<std::string> warnings{};
  std::string step{};    // malformed only: the layer that is rejected
  std::string reason{};  // malformed only: the library's error code there (informative)
};

json opt_json(const std::optional<std::uint64_t>& v) { return v ? json(*v) : json(nullptr); }
json opt_hex(const std::optional<bytes>& v) { return v ? json(hex(*v)) : json(nullptr); }

json roots_json(const std::vector<std::string>& roots) {
  json a = json::array();
  for (const auto& r : roots) {
    (void)vkey(r);
    a.push_back("keys/" + r + ".json");
  }
  return a;
}

json context_json(const context& c) {
  json j;
  j["now"] = c.now;
  j["skew"] = c.skew;
  j["window"] = c.window;
  json p;
  if (c.accept) {
    p["accept"] = *c.accept;
  } else {
    p["accept"] = nullptr;
  }
  p["max_test_age"] = opt_json(c.max_test_age);
  p["require_live"] = c.require_live;
  p["max_stale"] = opt_json(c.max_stale);
  p["max_validity"] = opt_json(c.max_validity);
  p["reject_clock_behind"] = c.reject_clock_behind;
  j["policy"] = p;
  j["roots"] = roots_json(c.roots);
  j["trust_list"] = c.trust ? json(list_path(*c.trust)) : json(nullptr);
  j["revocation_list"] = c.revocations ? json(list_path(*c.revocations)) : json(nullptr);
  j["observed_time"] = c.observed ? json(*c.observed) : json(nullptr);
  return j;
}

std::vector<std::string> credential_steps(bool live) {
  return {"text", "base45",       live ? "live_array" : "body", "cose", "claims",
          "alg",  "key",          "signature",                  "key_validity", "nbf",
          "exp",  "revocation",   "live",                       "policy"};
}

std::string deciding_step(const expect& e) {
  const std::string& o = e.outcome;
  if (o == "malformed") return e.step;
  if (o == "unsupported_alg") return "alg";
  if (o == "unknown_key") return "key";
  if (o == "bad_signature") return "signature";
  if (o == "key_not_valid") return "key_validity";
  if (o == "not_yet_valid") return "nbf";
  if (o == "expired") return "exp";
  if (o == "revoked") return "revocation";
  if (o.starts_with("live_")) return "live";
  if (o == "valid") return "";
  return "policy";
}

json steps_json(const std::vector<std::string>& steps, const std::string& deciding,
                const std::string& verdict) {
  json j;
  bool reached = true;
  for (const auto& s : steps) {
    if (!reached) {
      j[s] = "not reached";
    } else if (s == deciding) {
      j[s] = verdict;
      reached = false;
    } else {
      j[s] = "pass";
    }
  }
  if (!deciding.empty() && reached) die("deciding step " + deciding + " is not a step");
  return j;
}

void add_index(const std::string& id, const std::string& name, int block, const std::string& kind,
               const std::string& expected) {
  json j;
  j["id"] = id;
  j["file"] = "cases/" + id + "-" + name + ".json";
  j["category"] = block_names.at(block);
  j["kind"] = kind;
  j["expected"] = expected;
  index_json().push_back(j);
}

enum class image_style { clean, dark, photo };

// Renders `text` as vectors/images/ID-NAME.png and lists it in images.json; returns the path.
std::string add_image(image_style style, const std::string& id, const std::string& name,
                      const std::string& text, const std::string& description);

void credential_case(int block, const std::string& name, const std::string& description,
                     const cred& c, const context& cx, const expect& e,
                     const std::optional<image_style>& style = std::nullopt) {
  const std::string id = next_id(block);
  const std::optional<std::string> image =
      style ? std::optional(add_image(*style, id, name, c.text, description)) : std::nullopt;
  const std::size_t rank = outcome_rank(e.outcome);
  if ((e.outcome == "malformed") != !e.step.empty()) die(id + ": step goes with malformed only");
  if ((e.outcome == "malformed") != !e.reason.empty()) die(id + ": reason goes with malformed");
  const bool shows = rank >= outcome_rank("key_not_valid");
  if (shows && !c.cl) die(id + ": an outcome with display fields needs the claims");

  json j;
  j["id"] = id;
  j["name"] = name;
  j["category"] = block_names.at(block);
  j["description"] = description;
  json in;
  in["kind"] = "credential";
  in["form"] = image ? "image" : "text";
  in["text"] = c.text;
  in["image"] = image ? json(*image) : json(nullptr);
  j["input"] = in;

  const auto steps = credential_steps(c.live);
  const std::string deciding = deciding_step(e);
  const std::size_t deciding_pos = deciding.empty()
      ? steps.size()
      : static_cast<std::size_t>(std::find(steps.begin(), steps.end(), deciding) - steps.begin());
  auto missing_note = [&](const std::string& layer) -> json {
    if (auto it = c.notes.find(layer); it != c.notes.end()) return it->second;
    if (deciding_pos <= 4)
      return "not produced: the input is rejected at the '" + deciding + "' step";
    return "not produced";
  };

  json L;
  json notes = json::object();
  L["text"] = c.text;
  L["body_hex"] = opt_hex(c.body);
  if (!c.live && !c.body) notes["body_hex"] = missing_note("body_hex");
  if (c.live) notes["body_hex"] = "a QL1 text carries the live array [cred, t, sig], not a body";
  L["body_form"] = c.body_form.empty() ? json(nullptr) : json(c.body_form);
  L["live_array_hex"] = opt_hex(c.live_array);
  L["live_t"] = opt_json(c.live_t);
  L["live_signature_hex"] = opt_hex(c.live_sig);
  L["live_message_hex"] =
      c.live_t && c.cose ? json(hex(live_message(*c.cose, *c.live_t))) : json(nullptr);
  L["cose_hex"] = opt_hex(c.cose);
  if (!c.cose) notes["cose_hex"] = missing_note("cose_hex");
  L["protected_hex"] = opt_hex(c.prot);
  L["payload_hex"] = opt_hex(c.payload);
  L["signature_hex"] = opt_hex(c.sig);
  L["to_be_signed_hex"] = c.prot && c.payload
                              ? json(hex(to_be_signed(document_type::credential, *c.prot,
                                                      *c.payload)))
                              : json(nullptr);
  L["claims"] = c.cl ? display_json(*c.cl) : json(nullptr);
  if (!c.cl) notes["claims"] = missing_note("claims");
  for (const auto& [k, v] : c.notes)
    if (!notes.contains(k)) notes[k] = v;
  L["notes"] = notes;
  j["layers"] = L;

  j["context"] = context_json(cx);
  json x;
  x["outcome"] = e.outcome;
  x["warnings"] = e.warnings;
  x["display"] = shows ? display_json(*c.cl) : json(nullptr);
  x["reason"] = e.reason.empty() ? json(nullptr) : json(e.reason);
  j["expected"] = x;
  j["steps"] = steps_json(steps, deciding, e.outcome);

  put_json("cases/" + id + "-" + name + ".json", j);
  add_index(id, name, block, "credential", e.outcome);
}

// A list offered to a verifier: a file of vectors/lists/, or a QT1 text (typed or scanned).
struct list_offer_input {
  std::string kind;  // "trust_list" or "revocation_list"
  std::string file;  // list name, for an offered file
  std::string text;  // for QT1 text and images
  std::optional<bytes> body;
  std::string body_form;
  std::optional<bytes> cose;
  std::map<std::string, std::string> notes;
};

list_offer_input offer_file(const std::string& kind, const std::string& name) {
  list_offer_input in;
  in.kind = kind;
  in.file = name;
  in.cose = list(name).cose;
  return in;
}

list_offer_input offer_text(const std::string& name, form f) {
  list_offer_input in;
  in.kind = "trust_list";
  in.cose = list(name).cose;
  in.body = f == form::raw ? *in.cose : zlib_fixed(*in.cose);
  in.body_form = f == form::raw ? "raw" : "zlib";
  in.text = qt1(*in.body);
  return in;
}

list_offer_input offer_bad_text(std::string text, const std::string& why) {
  list_offer_input in;
  in.kind = "trust_list";
  in.text = std::move(text);
  in.notes["body_hex"] = "not produced: " + why;
  in.notes["cose_hex"] = "not produced: " + why;
  return in;
}

void list_case(int block, const std::string& name, const std::string& description,
               const list_offer_input& in, const std::vector<std::string>& roots,
               const std::optional<std::string>& held, const std::string& result,
               const std::string& malformed_step = "",
               const std::optional<image_style>& style = std::nullopt) {
  const std::string id = next_id(block);
  const std::optional<std::string> image =
      style ? std::optional(add_image(*style, id, name, in.text, description)) : std::nullopt;
  static const std::vector<std::string> results = {
      "list_accepted",      "list_unchanged", "list_rollback", "list_unknown_root",
      "list_bad_signature", "list_malformed"};
  if (std::find(results.begin(), results.end(), result) == results.end())
    die(id + ": unknown list result " + result);
  if ((result == "list_malformed") != !malformed_step.empty())
    die(id + ": malformed_step goes with list_malformed only");
  const bool is_text = in.file.empty();
  if (!in.file.empty() && list(in.file).type != in.kind && result != "list_malformed")
    die(id + ": a list of the other type can only be malformed");
  if (held && list(*held).type != in.kind) die(id + ": held list of the wrong type");

  json j;
  j["id"] = id;
  j["name"] = name;
  j["category"] = block_names.at(block);
  j["description"] = description;
  json input;
  input["kind"] = in.kind;
  input["form"] = image ? "image" : is_text ? "text" : "file";
  input["file"] = is_text ? json(nullptr) : json(list_path(in.file));
  input["text"] = is_text ? json(in.text) : json(nullptr);
  input["image"] = image ? json(*image) : json(nullptr);
  j["input"] = input;

  json L;
  json notes = json::object();
  L["text"] = is_text ? json(in.text) : json(nullptr);
  L["body_hex"] = opt_hex(in.body);
  L["body_form"] = in.body_form.empty() ? json(nullptr) : json(in.body_form);
  L["cose_hex"] = opt_hex(in.cose);
  if (!is_text) notes["text"] = "offered as a file: the file's bytes are the COSE_Sign1";
  for (const auto& [k, v] : in.notes) notes[k] = v;
  L["notes"] = notes;
  j["layers"] = L;

  json cx;
  cx["roots"] = roots_json(roots);
  cx["held"] = held ? json(list_path(*held)) : json(nullptr);
  j["context"] = cx;

  std::optional<std::string> held_after = held;
  if (result == "list_accepted") {
    if (in.file.empty()) {
      // A QT1 text: the held bytes are its COSE, which is one of the list files.
      for (const auto& l : all_lists())
        if (l.cose == *in.cose) held_after = l.name;
    } else {
      held_after = in.file;
    }
  }
  json x;
  x["list_result"] = result;
  x["held_after"] = held_after ? json(list_path(*held_after)) : json(nullptr);
  j["expected"] = x;

  std::vector<std::string> steps;
  if (is_text) steps.push_back("text");
  for (const char* s : {"parse", "root", "signature", "seq"}) steps.push_back(s);
  std::string deciding;
  if (result == "list_malformed") deciding = malformed_step;
  if (result == "list_unknown_root") deciding = "root";
  if (result == "list_bad_signature") deciding = "signature";
  if (result == "list_rollback" || result == "list_unchanged") deciding = "seq";
  j["steps"] = steps_json(steps, deciding, result);

  put_json("cases/" + id + "-" + name + ".json", j);
  add_index(id, name, block, in.kind, result);
}

}  // namespace

namespace {

// ---------------------------------------------------------------------------------------------
// vectors/keys/

void make_keys() {
  make_key("root", "root", "The authority's root key, pinned by every verifier in the cases.");
  make_key("root-other", "root",
           "A root key that the cases do not pin (except where said): lists it signs are "
           "list_unknown_root.");
  make_key("issuer-a", "issuing",
           "The current issuing key: trusted for CN-610100 from T-365d to T+365d and for "
           "CN-310000 from T-10d to T+10d.");
  make_key("issuer-b", "issuing",
           "An issuing key rotated out: trusted for CN-610100 from T-730d to T-30d only.");
  make_key("issuer-unlisted", "issuing", "An issuing key that no trust list names.");
  make_key("holder", "holder", "The holder key in cnf: signs the live codes.");
  make_key("holder-other", "holder", "Another holder's key: its live signatures must fail.");

  for (const auto& k : all_keys()) {
    const bytes p = pub(k.key);
    const bytes id = kid_of_raw(p);
    if (!std::equal(id.begin(), id.end(), k.key.public_key().kid().begin()))
      die("kid of " + k.name + " differs from the library's");
    json j;
    j["name"] = k.name;
    j["role"] = k.role;
    j["note"] = k.note;
    j["seed_derivation"] = "SHA-256(\"qrseal-vectors/1 seed " + k.name + "\")";
    j["seed_hex"] = hex(k.seed);
    j["public_key_hex"] = hex(p);
    j["kid_hex"] = hex(id);
    j["public_key_file"] = "keys/" + k.name + ".pub";
    put_json("keys/" + k.name + ".json", j);
    put_file("keys/" + k.name + ".pub", to_bytes(encode_public_key_file(k.key.public_key())));
  }
}

// Keys no one may use (spec §1): small-order and non-canonical encodings.
bytes identity_point() {  // y = 1: the neutral element, order 1
  bytes b(32, 0);
  b[0] = 1;
  return b;
}
bytes order8_point() {
  return must(from_hex("26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05"),
              "order-8 point");
}
bytes non_canonical_point() {  // y = p + 3, not reduced mod p = 2^255 - 19
  bytes b(32, 0xff);
  b[0] = 0xf0;
  b[31] = 0x7f;
  return b;
}

// ---------------------------------------------------------------------------------------------
// vectors/lists/

std::vector<entry_spec> standard_entries() {
  return {entry("issuer-a", "CN-610100", T - 365 * day, T + 365 * day),
          entry("issuer-b", "CN-610100", T - 730 * day, T - 30 * day),
          entry("issuer-a", "CN-310000", T - 10 * day, T + 10 * day)};
}

// Labels of the credentials on the revocation lists, and prefixes of credentials not in any case.
const std::vector<std::string> revoked_labels = {"revoked", "revoked-live", "revoked-image"};

bytes filler_prefix(int n) {
  const auto h = sha256("qrseal-vectors/1 filler " + std::to_string(n));
  return bytes(h.begin(), h.begin() + 8);
}

std::vector<bytes> revoked_prefixes(int fillers) {
  std::vector<bytes> p;
  for (const auto& l : revoked_labels) p.push_back(prefix_of(cti_of(l)));
  for (int i = 1; i <= fillers; ++i) p.push_back(filler_prefix(i));
  return p;
}

json revocation_content(std::span<const std::uint8_t> blob) {
  json j;
  json prefixes = json::array();
  for (std::size_t i = 0; i + 8 <= blob.size(); i += 8) prefixes.push_back(hex(blob.subspan(i, 8)));
  j["prefixes"] = prefixes;
  json revoked = json::array();
  for (const auto& l : revoked_labels) {
    const bytes p = prefix_of(cti_of(l));
    for (std::size_t i = 0; i + 8 <= blob.size(); i += 8)
      if (std::equal(p.begin(), p.end(), blob.begin() + static_cast<std::ptrdiff_t>(i))) {
        json r;
        r["cti"] = hex(cti_of(l));
        r["prefix"] = hex(p);
        revoked.push_back(r);
      }
  }
  j["revoked_ctis"] = revoked;
  if (blob.size() % 8 != 0) j["blob_hex"] = hex(blob);
  return j;
}

bytes sign_list(const bytes& payload, std::string_view signer, document_type as,
                std::optional<bytes> prot = std::nullopt) {
  return sign_cose(payload, key(signer), as, std::move(prot)).cose;
}

bytes flip(bytes b, std::size_t pos, std::uint8_t mask = 0x01) {
  b.at(pos) ^= mask;
  return b;
}

// Byte offset of the signature's first byte in a COSE_Sign1 we built (it ends the array).
std::size_t signature_offset(const bytes& cose) { return cose.size() - 64; }

void trust_list_file(const std::string& name, const std::string& description, std::uint64_t seq,
                     std::uint64_t issued_at, std::uint64_t next_update,
                     const std::vector<entry_spec>& entries,
                     const std::optional<authority_policy>& policy = std::nullopt,
                     const std::string& signer = "root",
                     document_type as = document_type::trust_list, const std::string& defect = "") {
  const bytes cose =
      sign_list(join_map(trust_pairs(seq, issued_at, next_update, entries, policy)), signer, as);
  list_meta m;
  m.type = "trust_list";
  m.seq = seq;
  m.issued_at = issued_at;
  m.next_update = next_update;
  m.signed_by = signer;
  m.signed_as = as;
  m.defect = defect;
  m.content["entries"] = entries_json(entries);
  m.content["policy"] = policy ? policy_json(*policy) : json(nullptr);
  add_list(name, description, cose, m);
}

// A trust list whose payload is given as pairs (for payloads that break a rule).
void trust_list_raw(const std::string& name, const std::string& description, const bytes& cose,
                    const std::string& defect, const std::string& signer = "root",
                    document_type as = document_type::trust_list) {
  list_meta m;
  m.type = "trust_list";
  m.signed_by = signer;
  m.signed_as = as;
  m.defect = defect;
  add_list(name, description, cose, m);
}

void revocation_list_file(const std::string& name, const std::string& description,
                          std::uint64_t seq, std::uint64_t issued_at, std::uint64_t next_update,
                          const bytes& blob, const std::string& signer = "root",
                          document_type as = document_type::revocation_list,
                          const std::string& defect = "") {
  const bytes cose =
      sign_list(join_map(revocation_pairs(seq, issued_at, next_update, blob)), signer, as);
  list_meta m;
  m.type = "revocation_list";
  m.seq = seq;
  m.issued_at = issued_at;
  m.next_update = next_update;
  m.signed_by = signer;
  m.signed_as = as;
  m.defect = defect;
  m.content = revocation_content(blob);
  add_list(name, description, cose, m);
}

void revocation_list_raw(const std::string& name, const std::string& description,
                         const bytes& cose, const std::string& defect,
                         document_type as = document_type::revocation_list) {
  list_meta m;
  m.type = "revocation_list";
  m.signed_as = as;
  m.defect = defect;
  add_list(name, description, cose, m);
}

authority_policy strict_policy() {
  authority_policy p;
  p.accepted = std::vector<health_status>{health_status::green, health_status::yellow};
  p.max_test_age = 48 * hour;
  p.max_stale = 2 * day;
  p.max_validity = 14 * day;
  return p;
}

void make_lists() {
  const auto entries = standard_entries();
  trust_list_file("trust-current", "The trust list every credential case holds unless said.", 5,
                  T - day, T + 30 * day, entries);
  trust_list_file("trust-next", "The next trust list (seq 6): accepted over trust-current.", 6, T,
                  T + 30 * day, entries);
  trust_list_file("trust-stale", "An older trust list (seq 4), past its next_update at T-30d.",
                  4, T - 60 * day, T - 30 * day, entries);
  trust_list_file("trust-rollback", "A much older trust list (seq 3): a rollback.", 3,
                  T - 90 * day, T - 60 * day, entries);
  trust_list_file("trust-same-seq", "Seq 5 again with another next_update: other bytes.", 5,
                  T - day, T + 31 * day, entries);
  trust_list_raw("trust-bad-signature", "trust-current with one bit of the signature flipped.",
                 flip(list("trust-current").cose, signature_offset(list("trust-current").cose) + 10),
                 "signature bit flipped");
  trust_list_file("trust-unknown-root", "A trust list (seq 7) signed by root-other.", 7, T - day,
                  T + 30 * day, entries, std::nullopt, "root-other");
  trust_list_file("trust-policy",
                  "A trust list (seq 10) with a policy: green and yellow, tests at most 48 h old, "
                  "2 days of staleness at most, credentials valid 14 days at most; due at T+1d.",
                  10, T - day, T + day, entries, strict_policy());
  authority_policy live_policy;
  live_policy.require_live = true;
  trust_list_file("trust-policy-live", "A trust list (seq 11) whose policy requires live codes.",
                  11, T - day, T + 30 * day, entries, live_policy);
  authority_policy none;
  none.accepted = std::vector<health_status>{};
  trust_list_file("trust-policy-accept-none",
                  "A trust list (seq 13) whose policy accepts no status at all (an empty "
                  "accepted array, docs/format.md A.1).",
                  13, T - day, T + 30 * day, entries, none);
  trust_list_file("trust-window-inverted",
                  "A trust list (seq 12) whose only entry has not_before after not_after: "
                  "well-formed (docs/format.md A.1), it matches no credential.",
                  12, T - day, T + 30 * day,
                  {entry("issuer-a", "CN-610100", T + day, T - day)});

  const bytes next_payload = join_map(trust_pairs(6, T, T + 30 * day, entries));
  trust_list_raw("trust-signed-as-credential",
                 "trust-next's payload signed by the root over the credential external_aad "
                 "(\"qrseal/1 credential\"): domain separation must refuse it.",
                 sign_list(next_payload, "root", document_type::credential),
                 "signed with the credential external_aad", "root", document_type::credential);
  trust_list_raw("trust-signed-as-revocation-list",
                 "trust-next's payload signed over the revocation-list external_aad.",
                 sign_list(next_payload, "root", document_type::revocation_list),
                 "signed with the revocation-list external_aad", "root",
                 document_type::revocation_list);
  trust_list_raw("trust-alg-es256",
                 "trust-next's payload with alg -7 (ES256) in the protected header, signed with "
                 "Ed25519 over that header.",
                 sign_list(next_payload, "root", document_type::trust_list,
                           protected_header(-7, kid(key("root")))),
                 "alg is not -8");

  auto malformed_trust = [&](const std::string& name, const std::string& description,
                             pairs p, const std::string& signer = "root") {
    trust_list_raw(name, description, sign_list(join_map(p), signer, document_type::trust_list),
                   description, signer);
  };
  {
    pairs p = trust_pairs(6, T, T + 30 * day, entries);
    set_value(p, u(1), tx("trust-list/2"));
    malformed_trust("trust-bad-label", "label (key 1) is \"trust-list/2\"", p);
    malformed_trust("trust-bad-label-other-root",
                    "label (key 1) is \"trust-list/2\", and signed by root-other", p, "root-other");
  }
  {
    pairs p = trust_pairs(6, T, T + 30 * day, entries);
    remove_key(p, u(4));
    malformed_trust("trust-missing-next-update", "next_update (key 4) is missing", p);
  }
  {
    pairs p = trust_pairs(6, T, T + 30 * day, entries);
    p.push_back({u(7), u(0)});
    malformed_trust("trust-extra-key", "an extra key 7 in the payload", p);
  }
  {
    auto e = entries;
    e[0].kid = kid(key("issuer-b"));
    malformed_trust("trust-kid-mismatch", "entry 1 carries issuer-b's kid with issuer-a's key",
                    trust_pairs(6, T, T + 30 * day, e));
  }
  {
    auto e = entries;
    e.push_back(entry("root", "CN-610100", T - day, T + day));
    malformed_trust("trust-root-as-issuer", "entry 4 names the pinned root key as an issuing key",
                    trust_pairs(6, T, T + 30 * day, e));
  }
  {
    auto e = entries;
    e.push_back(entry_spec{kid_of_raw(order8_point()), order8_point(), "CN-610100", T - day,
                           T + day, "a point of order 8 (no key file)"});
    malformed_trust("trust-small-order-key",
                    "entry 4's key is a point of order 8 (its kid is that key's kid)",
                    trust_pairs(6, T, T + 30 * day, e));
  }
  {
    auto e = entries;
    e.push_back(entry_spec{kid_of_raw(non_canonical_point()), non_canonical_point(), "CN-610100",
                           T - day, T + day, "a non-canonical encoding (no key file)"});
    malformed_trust("trust-non-canonical-key",
                    "entry 4's key is a non-canonical encoding (y = p + 3)",
                    trust_pairs(6, T, T + 30 * day, e));
  }
  {
    auto e = entries;
    e[0].iss = "CN-610100-ABCDEFGHIJKLMNOPQRSTUVW";  // 33 bytes
    malformed_trust("trust-iss-too-long", "entry 1's iss has 33 bytes",
                    trust_pairs(6, T, T + 30 * day, e));
  }
  {
    pairs p = trust_pairs(6, T, T + 30 * day, entries);
    p.push_back({u(6), join_map({{u(1), array_of({u(0), u(3)})}})});
    malformed_trust("trust-policy-bad-status", "policy.accepted holds 3", p);
  }
  {
    pairs p = trust_pairs(6, T, T + 30 * day, entries);
    p.push_back({u(6), join_map({{u(6), u(1)}})});
    malformed_trust("trust-policy-unknown-key", "policy has an unknown key 6", p);
  }
  {
    pairs p = trust_pairs(6, T, T + 30 * day, entries);
    std::swap(p[1], p[2]);
    malformed_trust("trust-unsorted-keys",
                    "payload keys out of order (3 before 2): not deterministic CBOR", p);
  }
  {
    const bytes prot = protected_header(-8, kid(key("root")));
    const bytes sig = sign(key("root"), to_be_signed(document_type::trust_list, prot, next_payload));
    trust_list_raw("trust-unprotected-header",
                   "trust-next's payload with kid also in the unprotected header",
                   cose_from(prot, join_map({{u(4), bs(kid(key("root")))}}), next_payload, sig),
                   "unprotected header is not empty");
  }
  trust_list_raw("trust-empty-file", "An empty file.", {}, "empty file");

  // Revocation lists.
  const bytes blob = revocation_blob(revoked_prefixes(3));
  revocation_list_file("revocation-current",
                       "The revocation list every credential case holds unless said: the "
                       "credentials 'revoked', 'revoked-live', 'revoked-image' and three others.",
                       3, T - 2 * hour, T + day, blob);
  revocation_list_file("revocation-next", "The next revocation list (seq 4), one more prefix.", 4,
                       T, T + 2 * day, revocation_blob(revoked_prefixes(4)));
  revocation_list_file("revocation-stale",
                       "An older revocation list (seq 2), past its next_update at T-3d.", 2,
                       T - 10 * day, T - 3 * day, revocation_blob(revoked_prefixes(2)));
  revocation_list_file("revocation-rollback", "A much older revocation list (seq 1).", 1,
                       T - 20 * day, T - 13 * day, revocation_blob(revoked_prefixes(1)));
  revocation_list_file("revocation-same-seq", "Seq 3 again with one prefix less: other bytes.", 3,
                       T - 2 * hour, T + day, revocation_blob(revoked_prefixes(2)));
  revocation_list_raw(
      "revocation-bad-signature", "revocation-current with one bit of the signature flipped.",
      flip(list("revocation-current").cose, signature_offset(list("revocation-current").cose) + 10),
      "signature bit flipped");
  revocation_list_file("revocation-unknown-root", "A revocation list (seq 6) signed by root-other.",
                       6, T - hour, T + day, blob, "root-other");
  revocation_list_file("revocation-empty",
                       "A revocation list (seq 5) with an empty blob: valid, nothing revoked.", 5,
                       T - hour, T + day, {});
  const bytes next_rev = join_map(revocation_pairs(4, T, T + 2 * day, blob));
  revocation_list_raw("revocation-signed-as-trust-list",
                      "A revocation payload (seq 4) signed over the trust-list external_aad.",
                      sign_list(next_rev, "root", document_type::trust_list),
                      "signed with the trust-list external_aad", document_type::trust_list);
  revocation_list_raw("revocation-signed-as-credential",
                      "A revocation payload (seq 4) signed over the credential external_aad.",
                      sign_list(next_rev, "root", document_type::credential),
                      "signed with the credential external_aad", document_type::credential);
  auto malformed_rev = [&](const std::string& name, const std::string& description, pairs p) {
    revocation_list_raw(name, description,
                        sign_list(join_map(p), "root", document_type::revocation_list),
                        description);
  };
  {
    bytes b = blob;
    b.resize(12);
    malformed_rev("revocation-length-12", "the blob has 12 bytes, not a multiple of 8",
                  revocation_pairs(4, T, T + 2 * day, b));
  }
  {
    const bytes b = cat({std::span(blob).subspan(8, 8), std::span(blob).subspan(0, 8)});
    malformed_rev("revocation-descending", "the two prefixes of the blob descend",
                  revocation_pairs(4, T, T + 2 * day, b));
  }
  {
    const bytes b = cat({std::span(blob).subspan(0, 8), std::span(blob).subspan(0, 8)});
    malformed_rev("revocation-duplicate-prefix", "the blob holds one prefix twice",
                  revocation_pairs(4, T, T + 2 * day, b));
  }
  {
    pairs p = revocation_pairs(4, T, T + 2 * day, blob);
    set_value(p, u(1), tx("trust-list/1"));
    malformed_rev("revocation-bad-label", "label (key 1) is \"trust-list/1\"", p);
  }
  {
    pairs p = revocation_pairs(4, T, T + 2 * day, blob);
    p.push_back({u(6), join_map({})});
    malformed_rev("revocation-extra-key-6", "a key 6 (a trust list's policy) in the payload", p);
  }
  {
    pairs p = revocation_pairs(4, T, T + 2 * day, blob);
    set_value(p, u(5), array_of({bs(std::span(blob).subspan(0, 8))}));
    malformed_rev("revocation-blob-array", "the prefixes (key 5) are an array, not a byte string",
                  p);
  }
}

}  // namespace

namespace {

// ---------------------------------------------------------------------------------------------
// Case helpers.

bytes uint_head8(std::uint64_t v) {  // an unsigned integer in the 9-byte head, whatever its size
  bytes b{0x1B};
  for (int s = 56; s >= 0; s -= 8) b.push_back(static_cast<std::uint8_t>(v >> s));
  return b;
}

bytes indefinite_map(const pairs& p) {
  bytes out{0xBF};
  for (const auto& [k, v] : p) {
    out.insert(out.end(), k.begin(), k.end());
    out.insert(out.end(), v.begin(), v.end());
  }
  out.push_back(0xFF);
  return out;
}

bytes text_head_raw(std::span<const std::uint8_t> content) {  // a text string of any bytes
  bytes out;
  const std::size_t len = content.size();
  if (len >= 24) die("text_head_raw: short strings only");
  out.push_back(static_cast<std::uint8_t>(0x60 + len));
  out.insert(out.end(), content.begin(), content.end());
  return out;
}

// The payload of `cl` with an unknown claim 100 holding `value`.
bytes with_claim_100(const claims& cl, const bytes& value) {
  pairs p = claim_pairs(cl);
  insert_sorted(p, u(100), value);
  return join_map(p);
}

// A signed credential whose payload carries claims `cl` plus an unknown claim: valid.
cred issue_with_unknown(const claims& cl, const bytes& payload, const std::string& note,
                        form f = form::raw) {
  cred c = from_signed(sign_cose(payload, key("issuer-a")), cl, f);
  c.notes["claims"] = note;
  return c;
}

// A credential padded with an unknown claim 100 (a byte string of zeros) to a COSE of `size`.
cred padded(const claims& cl, std::size_t size, form f) {
  const key_id& id = key("issuer-a").public_key().kid();
  const bytes prot = protected_header(-8, bytes(id.begin(), id.end()));
  for (std::size_t pad = 0; pad < 8000; ++pad) {
    const bytes payload = with_claim_100(cl, bs(bytes(pad, 0)));
    const std::size_t got = cose_from(prot, empty_map, payload, bytes(64, 0)).size();
    if (got == size)
      return issue_with_unknown(cl, payload,
                                "the payload also holds claim 100, an unknown claim (a byte "
                                "string of " +
                                    std::to_string(pad) + " zero bytes) that verifiers ignore",
                                f);
    if (got > size) break;
  }
  die("no padding gives a COSE of " + std::to_string(size) + " bytes");
}

// A body that is refused before its COSE is reached.
cred body_only(const bytes& body, const std::string& body_form, const std::string& why) {
  cred c;
  c.body = body;
  c.body_form = body_form;
  c.text = qs1(body);
  c.notes["cose_hex"] = "not produced: " + why;
  return c;
}

const context ctx{};

context no_revocations() {
  context c;
  c.revocations.reset();
  return c;
}

expect malformed(std::string step, std::string reason, std::vector<std::string> warnings = {}) {
  return expect{"malformed", std::move(warnings), std::move(step), std::move(reason)};
}

// ---------------------------------------------------------------------------------------------
// 01xx: the QR text, Base45 and the two body forms.

void text_and_body_cases() {
  const int B = 1;
  const claims valid = base_claims("valid");
  const cred v = issue(valid);
  credential_case(B, "valid-raw-body",
                  "A valid credential in the raw body form (the COSE_Sign1 bytes): green, a "
                  "negative test, three doses, no nbf, no cnf. Issued by issuer-a at T, checked "
                  "at T+1h.",
                  v, ctx, {"valid"});
  credential_case(B, "valid-zlib-body",
                  "The valid credential of 0101 in the zlib body form (fixed Huffman codes). A "
                  "verifier accepts either form at any length and any zlib level.",
                  issue(valid, "issuer-a", form::zlib), ctx, {"valid"});
  credential_case(B, "valid-zlib-stored-body",
                  "The valid credential of 0101 as a zlib stream of stored blocks (zlib level 0, "
                  "longer than the raw form): still accepted.",
                  issue(valid, "issuer-a", form::zlib_stored), ctx, {"valid"});
  {
    claims c = base_claims("minimal");
    c.status.name.reset();
    c.status.id_hint.reset();
    c.status.test.reset();
    c.status.vaccination.reset();
    credential_case(B, "valid-minimal-claims",
                    "Only the required claims: iss, exp, iat, cti and status {profile, status}.",
                    issue(c), ctx, {"valid"});
  }
  {
    claims c = base_claims("all-fields");
    c.nbf = T;
    c.holder_key = key("holder").public_key();
    c.status.status = health_status::green;
    credential_case(B, "valid-all-fields",
                    "Every claim: nbf and cnf too. Shown as plain QS1 text, allowed as the policy "
                    "does not require live codes.",
                    issue(c), ctx, {"valid"});
  }
  credential_case(B, "text-prefix-lowercase",
                  "The prefix is case-sensitive: \"qs1:\" is not \"QS1:\".",
                  text_only("qs1:" + v.text.substr(4), "the prefix is not QS1: or QL1:"), ctx,
                  malformed("text", "text_bad_prefix"));
  credential_case(B, "text-prefix-hc1", "An EU DCC prefix (HC1:) in front of a qrseal body.",
                  text_only("HC1:" + v.text.substr(4), "the prefix is not QS1: or QL1:"), ctx,
                  malformed("text", "text_bad_prefix"));
  credential_case(B, "text-leading-space",
                  "A space before the prefix: texts are used exactly as scanned, never trimmed.",
                  text_only(" " + v.text, "the text does not start with QS1: or QL1:"), ctx,
                  malformed("text", "text_bad_prefix"));
  credential_case(B, "text-trailing-newline",
                  "A newline after a valid text: never trimmed, and not a Base45 character.",
                  text_only(v.text + "\n", "Base45 decoding fails"), ctx,
                  malformed("base45", "base45_bad_char"));
  credential_case(B, "text-empty", "An empty text.", text_only("", "there is no prefix"), ctx,
                  malformed("text", "text_bad_prefix"));
  {
    cred c;
    c.text = "QS1:";
    c.body = bytes{};
    c.notes["cose_hex"] = "not produced: the body is empty";
    credential_case(B, "text-prefix-only", "The prefix alone: an empty body.", c, ctx,
                    malformed("body", "body_empty"));
  }
  credential_case(B, "text-qt1-offered-as-credential",
                  "A trust list's QT1 text given to the credential check: malformed (it is a key "
                  "update, offered with the trust-list functions; docs/format.md A.3).",
                  text_only(qt1(list("trust-current").cose),
                            "a QT1 text is not a credential"),
                  ctx, malformed("text", "text_bad_prefix"));
  {
    const cred c = padded(base_claims("text-4296"), 2861, form::raw);
    if (c.text.size() != 4296) die("text-4296 has " + std::to_string(c.text.size()));
    credential_case(B, "text-4296-characters",
                    "A raw body of 2861 bytes makes a text of exactly 4296 characters, the most a "
                    "QR code holds: valid.",
                    c, ctx, {"valid"});
  }
  {
    cred c = padded(base_claims("text-4297"), 2862, form::raw);
    if (c.text.size() != 4297) die("text-4297 has " + std::to_string(c.text.size()));
    c.notes["body_hex"] = "what the text holds (a verifier stops at the length)";
    credential_case(B, "text-4297-characters",
                    "A validly signed credential whose text has 4297 characters, one more than a "
                    "QR code holds: malformed before decoding.",
                    c, ctx, malformed("text", "text_too_long"));
  }
  {
    std::string t = v.text;
    t[10] = 'a';
    credential_case(B, "base45-lowercase-character",
                    "A lower-case letter in the Base45 part (only the 45-character alphabet "
                    "counts).",
                    text_only(t, "Base45 decoding fails"), ctx,
                    malformed("base45", "base45_bad_char"));
  }
  {
    const std::size_t m = (v.text.size() - 4) % 3;
    const std::string t = m == 0 ? v.text + "0" : m == 2 ? v.text.substr(0, v.text.size() - 1) : "";
    if (t.empty()) die("base45 length");
    credential_case(B, "base45-dangling-character",
                    "The Base45 part has 3k+1 characters: one character dangles at the end.",
                    text_only(t, "Base45 decoding fails"), ctx,
                    malformed("base45", "base45_dangling"));
  }
  {
    std::string t = v.text;
    t.replace(4, 3, ":::");
    credential_case(B, "base45-group-above-65535",
                    "The first three-character group is \":::\" = 91124, above 65535.",
                    text_only(t, "Base45 decoding fails"), ctx,
                    malformed("base45", "base45_out_of_range"));
  }
  {
    const std::size_t m = (v.text.size() - 4) % 3;
    const std::string t = m == 0 ? v.text + "::" : v.text.substr(0, v.text.size() - 2) + "::";
    credential_case(B, "base45-final-pair-above-255",
                    "The final two-character group is \"::\" = 2024, above 255.",
                    text_only(t, "Base45 decoding fails"), ctx,
                    malformed("base45", "base45_out_of_range"));
  }
  credential_case(B, "body-untagged-cose",
                  "The COSE_Sign1 array without its tag: the body starts 0x84, neither 0x78 "
                  "(zlib) nor 0xD2 (tag 18).",
                  body_only(bytes(v.cose->begin() + 1, v.cose->end()), "",
                            "the first byte names no body form"),
                  ctx, malformed("body", "body_unknown_form"));
  credential_case(B, "body-cwt-tag-61",
                  "The COSE_Sign1 wrapped in the CWT tag 61: the body starts 0xD8.",
                  body_only(cat({lit({0xD8, 0x3D}), *v.cose}), "",
                            "the first byte names no body form"),
                  ctx, malformed("body", "body_unknown_form"));
  {
    bytes body = {0x78, 0xBB};  // FLG with FDICT set; (0x78BB % 31 == 0)
    put_be32(body, adler32(to_bytes("qrseal")));
    const bytes d = deflate_fixed(*v.cose);
    body.insert(body.end(), d.begin(), d.end());
    put_be32(body, adler32(*v.cose));
    credential_case(B, "zlib-preset-dictionary",
                    "A zlib stream that asks for a preset dictionary (FDICT set, DICTID = Adler-32 "
                    "of \"qrseal\").",
                    body_only(body, "zlib", "the zlib stream asks for a preset dictionary"), ctx,
                    malformed("body", "zlib_dictionary"));
  }
  {
    const bytes z = zlib_fixed(*v.cose);
    credential_case(B, "zlib-trailing-byte",
                    "A valid zlib stream followed by one byte 0x00.",
                    body_only(cat({z, lit({0x00})}), "zlib",
                              "bytes follow the end of the zlib stream"),
                    ctx, malformed("body", "zlib_trailing"));
    credential_case(B, "zlib-truncated", "A zlib stream without its Adler-32 checksum.",
                    body_only(bytes(z.begin(), z.end() - 4), "zlib",
                              "the zlib stream ends early"),
                    ctx, malformed("body", "zlib_corrupt"));
    credential_case(B, "zlib-bad-checksum", "A zlib stream whose Adler-32 is off by one bit.",
                    body_only(flip(z, z.size() - 1), "zlib", "the zlib checksum fails"), ctx,
                    malformed("body", "zlib_corrupt"));
  }
  {
    bytes body = {0x68, 0x05};  // CMF: deflate with a 16 KiB window; (0x6805 % 31 == 0)
    const bytes d = deflate_fixed(*v.cose);
    body.insert(body.end(), d.begin(), d.end());
    put_be32(body, adler32(*v.cose));
    credential_case(B, "zlib-16k-window-first-byte-68",
                    "A valid zlib stream with a 16 KiB window: its first byte is 0x68, and only "
                    "0x78 names the zlib form.",
                    body_only(body, "", "the first byte names no body form"), ctx,
                    malformed("body", "body_unknown_form"));
  }
  {
    const cred c = padded(base_claims("inflate-4096"), 4096, form::zlib);
    credential_case(B, "zlib-inflates-to-4096",
                    "A zlib body that inflates to exactly 4096 bytes (a credential padded with an "
                    "unknown claim of zeros; its text stays short): valid.",
                    c, ctx, {"valid"});
  }
  {
    cred c = padded(base_claims("inflate-4097"), 4097, form::zlib);
    c.notes["cose_hex"] =
        "what the stream inflates to (4097 bytes, a validly signed COSE_Sign1); a verifier "
        "stops after 4096";
    credential_case(B, "zlib-inflates-to-4097",
                    "A padded, validly signed credential whose zlib body inflates to 4097 bytes, "
                    "one above the bound of 4096.",
                    c, ctx, malformed("body", "zlib_too_large"));
  }
}

// ---------------------------------------------------------------------------------------------
// 02xx: strict CBOR, one rejection per case. Every payload here is validly signed by issuer-a,
// so a lenient parser would call it valid.

void strict_cbor_cases() {
  const int B = 2;
  const claims base = base_claims("strict");
  const std::string why = "the payload is not strict CBOR";
  credential_case(B, "indefinite-length-map",
                  "The claims map has an indefinite length (0xBF ... 0xFF).",
                  issue_payload(indefinite_map(claim_pairs(base)), why), ctx,
                  malformed("claims", "cbor_indefinite"));
  {
    pairs s = status_pairs(base.status);
    set_value(s, s_name, cat({lit({0x7F}), tx("张*"), tx("明"), lit({0xFF})}));
    credential_case(B, "indefinite-length-text",
                    "The name is an indefinite-length text string of two chunks.",
                    issue_payload(join_map(claim_pairs_with_status(base, s)), why), ctx,
                    malformed("claims", "cbor_indefinite"));
  }
  {
    const signed_cose s = sign_cose(payload_of(base), key("issuer-a"));
    const bytes cose =
        cat({lit({0xD2, 0x9F}), bs(s.prot), empty_map, bs(s.payload), bs(s.sig), lit({0xFF})});
    credential_case(B, "indefinite-length-cose-array",
                    "The COSE_Sign1 array has an indefinite length (0x9F ... 0xFF).",
                    from_cose(cose, "the COSE_Sign1 is not strict CBOR"), ctx,
                    malformed("cose", "cbor_indefinite"));
  }
  {
    pairs p = claim_pairs(base);
    set_value(p, k_iat, uint_head8(base.iat));
    credential_case(B, "non-shortest-integer",
                    "iat in a 9-byte head (0x1B 00 00 00 00 ...) where 5 bytes suffice.",
                    issue_payload(join_map(p), why), ctx,
                    malformed("claims", "cbor_non_shortest"));
  }
  {
    pairs p = claim_pairs(base);
    set_value(p, k_iss, cat({lit({0x78, 0x09}), to_bytes("CN-610100")}));
    credential_case(B, "non-shortest-length",
                    "iss (9 bytes) with its length in a 2-byte head (0x78 0x09).",
                    issue_payload(join_map(p), why), ctx,
                    malformed("claims", "cbor_non_shortest"));
  }
  {
    const key_id& id = key("issuer-a").public_key().kid();
    const bytes prot = cat({lit({0xA2, 0x01, 0x38, 0x07, 0x04, 0x48}), id});
    const signed_cose s =
        sign_cose(payload_of(base), key("issuer-a"), document_type::credential, prot);
    credential_case(B, "non-shortest-alg",
                    "The protected header writes alg -8 as 0x38 0x07 instead of 0x27; the "
                    "signature covers these very bytes, and still the header is refused.",
                    from_cose(s.cose, "the protected header is not strict CBOR"), ctx,
                    malformed("cose", "cbor_non_shortest"));
  }
  {
    const cred v = issue(base);
    credential_case(B, "non-shortest-tag",
                    "Tag 18 in a 2-byte head (0xD8 0x12): the body then starts 0xD8, which names "
                    "no body form.",
                    body_only(cat({lit({0xD8, 0x12}), bytes(v.cose->begin() + 1, v.cose->end())}),
                              "", "the first byte names no body form"),
                    ctx, malformed("body", "body_unknown_form"));
  }
  {
    pairs p = claim_pairs(base);
    std::swap(p[1], p[2]);  // iss, iat, exp, ...
    credential_case(B, "unsorted-claim-keys", "The claims in the order 1, 6, 4, 7, -65537.",
                    issue_payload(join_map(p), why), ctx,
                    malformed("claims", "cbor_unsorted_keys"));
  }
  {
    claims c = base;
    c.holder_key = key("holder").public_key();
    pairs p = claim_pairs(c);
    const bytes x = pub(key("holder"));
    set_value(p, k_cnf, join_map({{u(1), join_map({{u(1), u(1)}, {n(-2), bs(x)}, {n(-1), u(6)}})}}));
    credential_case(B, "unsorted-cose-key",
                    "The cnf COSE_Key in the order 1, -2, -1 (deterministic order is 1, -1, -2).",
                    issue_payload(join_map(p), why), ctx,
                    malformed("claims", "cbor_unsorted_keys"));
  }
  {
    pairs p = claim_pairs(base);
    std::rotate(p.rbegin(), p.rbegin() + 1, p.rend());  // status claim first
    credential_case(B, "unsorted-negative-key-first",
                    "The status claim -65537 (0x3A...) before claim 1: negative keys sort after "
                    "positive ones by their encoded bytes.",
                    issue_payload(join_map(p), why), ctx,
                    malformed("claims", "cbor_unsorted_keys"));
  }
  {
    pairs p = claim_pairs(base);
    p.insert(p.begin() + 1, p[0]);
    credential_case(B, "duplicate-claim-key", "iss twice, with the same value.",
                    issue_payload(join_map(p), why), ctx,
                    malformed("claims", "cbor_duplicate_key"));
  }
  {
    pairs s = status_pairs(base.status);
    s.insert(s.begin() + 2, s[1]);
    credential_case(B, "duplicate-status-key", "The status map holds key 2 (status) twice.",
                    issue_payload(join_map(claim_pairs_with_status(base, s)), why), ctx,
                    malformed("claims", "cbor_duplicate_key"));
  }
  {
    const cred v = issue(base);
    credential_case(B, "trailing-byte-after-cose",
                    "A raw body of a valid COSE_Sign1 followed by one byte 0x00.",
                    from_cose(cat({*v.cose, lit({0x00})}),
                              "the COSE_Sign1 has a byte after its end"),
                    ctx, malformed("cose", "cbor_trailing"));
  }
  credential_case(B, "trailing-byte-in-payload",
                  "The payload is the claims map followed by one byte 0x00 (signed so).",
                  issue_payload(cat({payload_of(base), lit({0x00})}), why), ctx,
                  malformed("claims", "cbor_trailing"));
  {
    const key_id& id = key("issuer-a").public_key().kid();
    const bytes prot = cat({protected_header(-8, bytes(id.begin(), id.end())), lit({0x00})});
    credential_case(B, "trailing-byte-in-protected-header",
                    "The protected header is {1: -8, 4: kid} followed by one byte 0x00.",
                    from_cose(sign_cose(payload_of(base), key("issuer-a"),
                                        document_type::credential, prot)
                                  .cose,
                              "the protected header has a byte after its end"),
                    ctx, malformed("cose", "cbor_trailing"));
  }
  {
    bytes nest(7, 0x81);
    nest.push_back(0x00);
    credential_case(B, "nesting-depth-8",
                    "An unknown claim 100 = [[[[[[[0]]]]]]]: the claims map is level 1 and the "
                    "innermost array level 8, the most allowed. The payload counts afresh from "
                    "level 1 although it sits inside the tag and the COSE array. Valid.",
                    issue_with_unknown(base, with_claim_100(base, nest),
                                       "the payload also holds claim 100 (seven nested arrays), "
                                       "an unknown claim that verifiers ignore"),
                    ctx, {"valid"});
    bytes deeper(8, 0x81);
    deeper.push_back(0x00);
    credential_case(B, "nesting-depth-9",
                    "An unknown claim 100 = [[[[[[[[0]]]]]]]] (eight nested arrays): the innermost "
                    "is at level 9, one too deep.",
                    issue_payload(with_claim_100(base, deeper), why), ctx,
                    malformed("claims", "cbor_too_deep"));
  }
  {
    pairs p = claim_pairs(base);
    const auto bits = std::bit_cast<std::uint64_t>(static_cast<double>(base.exp));
    bytes f{0xFB};
    for (int s = 56; s >= 0; s -= 8) f.push_back(static_cast<std::uint8_t>(bits >> s));
    set_value(p, k_exp, f);
    credential_case(B, "float-exp", "exp as a double-precision float (0xFB ...).",
                    issue_payload(join_map(p), why), ctx, malformed("claims", "cbor_simple"));
  }
  credential_case(B, "half-float-unknown-claim",
                  "An unknown claim 100 holding the half-precision float 1.0 (0xF9 3C 00): "
                  "unknown claims are ignored but must still be strict CBOR.",
                  issue_payload(with_claim_100(base, lit({0xF9, 0x3C, 0x00})), why), ctx,
                  malformed("claims", "cbor_simple"));
  credential_case(B, "true-unknown-claim", "An unknown claim 100 holding true (0xF5).",
                  issue_payload(with_claim_100(base, lit({0xF5})), why), ctx,
                  malformed("claims", "cbor_simple"));
  {
    pairs s = status_pairs(base.status);
    set_value(s, s_name, lit({0xF6}));
    credential_case(B, "null-name", "The name is null (0xF6).",
                    issue_payload(join_map(claim_pairs_with_status(base, s)), why), ctx,
                    malformed("claims", "cbor_simple"));
  }
  credential_case(B, "undefined-unknown-claim", "An unknown claim 100 holding undefined (0xF7).",
                  issue_payload(with_claim_100(base, lit({0xF7})), why), ctx,
                  malformed("claims", "cbor_simple"));
  credential_case(B, "simple-value-unknown-claim",
                  "An unknown claim 100 holding simple(32) (0xF8 0x20).",
                  issue_payload(with_claim_100(base, lit({0xF8, 0x20})), why), ctx,
                  malformed("claims", "cbor_simple"));
  {
    pairs s = status_pairs(base.status);
    set_value(s, s_name, text_head_raw(lit({0xC3, 0x28})));
    credential_case(B, "invalid-utf8-name", "The name holds the bytes C3 28 (not UTF-8).",
                    issue_payload(join_map(claim_pairs_with_status(base, s)), why), ctx,
                    malformed("claims", "cbor_bad_utf8"));
  }
  {
    pairs p = claim_pairs(base);
    set_value(p, k_iss, text_head_raw(cat({to_bytes("CN-"), lit({0xED, 0xA0, 0x80})})));
    credential_case(B, "utf8-surrogate-iss",
                    "iss holds ED A0 80, the encoded surrogate U+D800 (not UTF-8 by RFC 3629).",
                    issue_payload(join_map(p), why), ctx, malformed("claims", "cbor_bad_utf8"));
  }
  {
    pairs s = status_pairs(base.status);
    set_value(s, s_id_hint, text_head_raw(lit({0xC0, 0xAF})));
    credential_case(B, "utf8-overlong-id-hint",
                    "id_hint holds C0 AF, an overlong encoding of '/'.",
                    issue_payload(join_map(claim_pairs_with_status(base, s)), why), ctx,
                    malformed("claims", "cbor_bad_utf8"));
  }
  {
    pairs p = claim_pairs(base);
    set_value(p, k_exp, cat({lit({0xC1}), u(base.exp)}));
    credential_case(B, "tag-on-claim", "exp wrapped in tag 1 (epoch time): only the outer 18 "
                    "is allowed.",
                    issue_payload(join_map(p), why), ctx, malformed("claims", "cbor_tag"));
  }
  credential_case(B, "nested-tag-18", "An unknown claim 100 holding 18([]) (0xD2 0x80).",
                  issue_payload(with_claim_100(base, lit({0xD2, 0x80})), why), ctx,
                  malformed("claims", "cbor_tag"));
  {
    const signed_cose s = sign_cose(payload_of(base), key("issuer-a"));
    const bytes cose = cat({lit({0xD2, 0x84}), bs(s.prot), empty_map, lit({0xD8, 0x18}),
                            bs(s.payload), bs(s.sig)});
    credential_case(B, "tag-on-cose-payload",
                    "The COSE payload byte string wrapped in tag 24 (encoded CBOR).",
                    from_cose(cose, "the COSE_Sign1 holds a tag other than the outer 18"), ctx,
                    malformed("cose", "cbor_tag"));
  }
  credential_case(B, "reserved-additional-information",
                  "An unknown claim 100 holding 0x1C (additional information 28 is reserved).",
                  issue_payload(with_claim_100(base, lit({0x1C})), why), ctx,
                  malformed("claims", "cbor_reserved"));
  {
    bytes p = payload_of(base);
    p.pop_back();
    credential_case(B, "truncated-payload",
                    "The claims map without its last byte (signed so): it ends inside an item.",
                    issue_payload(p, why), ctx, malformed("claims", "cbor_truncated"));
  }
}

// ---------------------------------------------------------------------------------------------
// 03xx: claim types, values and string limits.

void claims_cases() {
  const int B = 3;
  const claims base = base_claims("claims");
  const std::string why = "the claims break the profile";
  auto with_iss = [&](std::string iss) {
    claims c = base;
    c.iss = std::move(iss);
    return c;
  };
  credential_case(B, "iss-33-bytes", "iss has 33 bytes (limit 32).",
                  issue_payload(payload_of(with_iss("CN-610100-ABCDEFGHIJKLMNOPQRSTUVW")), why),
                  ctx, malformed("claims", "claims_too_long"));
  credential_case(B, "iss-32-bytes",
                  "iss has 32 bytes, the most allowed: it parses, and as no trust-list entry names "
                  "it the key is not valid for it.",
                  issue(with_iss("CN-610100-ABCDEFGHIJKLMNOPQRSTUV")), ctx, {"key_not_valid"});
  credential_case(B, "iss-empty", "iss is empty (it needs 1 to 32 bytes).",
                  issue_payload(payload_of(with_iss("")), why), ctx,
                  malformed("claims", "claims_bad_value"));
  {
    std::string name;
    for (int i = 0; i < 16; ++i) name += "张";
    claims c = base;
    c.status.name = name;
    credential_case(B, "name-48-bytes",
                    "A name of 16 CJK characters = 48 bytes of UTF-8, the most allowed.",
                    issue(c), ctx, {"valid"});
    c.status.name = name + "x";
    credential_case(B, "name-49-bytes",
                    "A name of 17 characters but 49 bytes: limits count UTF-8 bytes.",
                    issue_payload(payload_of(c), why), ctx,
                    malformed("claims", "claims_too_long"));
  }
  {
    claims c = base;
    c.status.name = "";
    c.status.id_hint = "";
    c.status.test->site = "";
    credential_case(B, "empty-name-id-hint-site", "name, id_hint and site may be empty.",
                    issue(c), ctx, {"valid"});
  }
  {
    claims c = base;
    c.status.id_hint = "123456789";
    credential_case(B, "id-hint-9-bytes", "id_hint has 9 bytes (limit 8).",
                    issue_payload(payload_of(c), why), ctx,
                    malformed("claims", "claims_too_long"));
  }
  {
    claims c = base;
    c.status.test->site = "XA-0123456789ABC";  // 16 bytes
    credential_case(B, "site-16-bytes", "A test site of 16 bytes, the most allowed.", issue(c),
                    ctx, {"valid"});
    c.status.test->site = "XA-0123456789ABCD";  // 17 bytes
    credential_case(B, "site-17-bytes", "A test site of 17 bytes (limit 16).",
                    issue_payload(payload_of(c), why), ctx,
                    malformed("claims", "claims_too_long"));
  }
  auto with_claim = [&](const bytes& k, const bytes& value) {
    pairs p = claim_pairs(base);
    set_value(p, k, value);
    return join_map(p);
  };
  auto with_status = [&](const bytes& k, const bytes& value) {
    pairs s = status_pairs(base.status);
    set_value(s, k, value);
    return join_map(claim_pairs_with_status(base, s));
  };
  credential_case(B, "iss-byte-string", "iss is a byte string, not a text string.",
                  issue_payload(with_claim(k_iss, bs(to_bytes("CN-610100"))), why), ctx,
                  malformed("claims", "claims_wrong_type"));
  credential_case(B, "exp-text", "exp is the text \"1700604800\".",
                  issue_payload(with_claim(k_exp, tx(std::to_string(base.exp))), why), ctx,
                  malformed("claims", "claims_wrong_type"));
  credential_case(B, "exp-negative", "exp is -1: NumericDate here is an unsigned integer.",
                  issue_payload(with_claim(k_exp, n(-1)), why), ctx,
                  malformed("claims", "claims_wrong_type"));
  credential_case(B, "cti-15-bytes", "cti has 15 bytes (exactly 16 needed).",
                  issue_payload(with_claim(k_cti, bs(std::span(base.cti).first(15))), why), ctx,
                  malformed("claims", "claims_bad_value"));
  credential_case(B, "cti-text", "cti is a text string.",
                  issue_payload(with_claim(k_cti, tx("0123456789abcdef")), why), ctx,
                  malformed("claims", "claims_wrong_type"));
  {
    pairs p = claim_pairs(base);
    remove_key(p, k_iat);
    credential_case(B, "missing-iat", "No iat claim.", issue_payload(join_map(p), why), ctx,
                    malformed("claims", "claims_missing"));
  }
  {
    pairs p = claim_pairs(base);
    remove_key(p, k_status);
    credential_case(B, "missing-status-claim", "No status claim (-65537).",
                    issue_payload(join_map(p), why), ctx, malformed("claims", "claims_missing"));
  }
  credential_case(B, "status-claim-text", "The status claim is the text \"green\", not a map.",
                  issue_payload(with_claim(k_status, tx("green")), why), ctx,
                  malformed("claims", "claims_wrong_type"));
  credential_case(B, "status-3", "status is 3 (0 green, 1 yellow, 2 red).",
                  issue_payload(with_status(s_status, u(3)), why), ctx,
                  malformed("claims", "claims_bad_value"));
  credential_case(B, "profile-2", "profile is 2: version 1 knows only profile 1.",
                  issue_payload(with_status(s_profile, u(2)), why), ctx,
                  malformed("claims", "claims_bad_value"));
  credential_case(B, "test-result-2", "The test result is 2 (0 negative, 1 positive).",
                  issue_payload(with_status(s_test, join_map({{u(1), u(2)}, {u(2), u(T)}})), why),
                  ctx, malformed("claims", "claims_bad_value"));
  {
    pairs s = status_pairs(base.status);
    s.push_back({u(7), u(0)});
    credential_case(B, "status-unknown-key", "The status map has an unknown key 7.",
                    issue_payload(join_map(claim_pairs_with_status(base, s)), why), ctx,
                    malformed("claims", "claims_unknown_key"));
  }
  credential_case(
      B, "test-unknown-key", "The test map has an unknown key 4.",
      issue_payload(with_status(s_test, join_map({{u(1), u(0)}, {u(2), u(T)}, {u(4), u(0)}})),
                    why),
      ctx, malformed("claims", "claims_unknown_key"));
  credential_case(B, "test-missing-sampled-at", "The test map has no sampled_at (key 2).",
                  issue_payload(with_status(s_test, join_map({{u(1), u(0)}})), why), ctx,
                  malformed("claims", "claims_missing"));
  credential_case(B, "vaccination-doses-text", "vaccination.doses is a text string.",
                  issue_payload(with_status(s_vaccination,
                                            join_map({{u(1), tx("3")}, {u(2), u(T)}})),
                                why),
                  ctx, malformed("claims", "claims_wrong_type"));
  {
    claims c = base;
    c.holder_key = key("holder").public_key();
    pairs p = claim_pairs(c);
    const bytes x = pub(key("holder"));
    set_value(p, k_cnf,
              join_map({{u(1), join_map({{u(1), u(1)}, {n(-1), u(6)}, {n(-2), bs(x)}})},
                        {u(2), u(0)}}));
    credential_case(B, "cnf-extra-key", "cnf is {1: COSE_Key, 2: 0}: only key 1 is allowed.",
                    issue_payload(join_map(p), why), ctx,
                    malformed("claims", "claims_unknown_key"));
  }
  credential_case(B, "payload-array", "The payload is an array, not a map.",
                  issue_payload(array_of({tx("CN-610100")}), why), ctx,
                  malformed("claims", "claims_not_map"));
  {
    pairs p = claim_pairs(base);
    insert_sorted(p, bs(to_bytes("x")), u(0));  // 0x41 0x78 sorts after 0x3A (-65537)
    credential_case(B, "byte-string-claim-key",
                    "A claim whose key is a byte string: claim keys are integers or text strings.",
                    issue_payload(join_map(p), why), ctx,
                    malformed("claims", "claims_wrong_type"));
  }
  {
    pairs p = claim_pairs(base);
    insert_sorted(p, u(100), tx("anything"));
    insert_sorted(p, tx("note"), tx("hello"));
    credential_case(B, "unknown-claims-ignored",
                    "Unknown claims 100 and \"note\" (strict CBOR, in deterministic order): "
                    "ignored, as RFC 8392 says. Valid.",
                    issue_with_unknown(base, join_map(p),
                                       "the payload also holds claims 100 and \"note\", unknown "
                                       "claims that verifiers ignore"),
                    ctx, {"valid"});
  }
  {
    claims c = base;
    c.nbf = T - day;
    credential_case(B, "nbf-before-iat",
                    "nbf a day before iat: iat, nbf and exp need no particular order.", issue(c),
                    ctx, {"valid"});
    c = base;
    c.exp = T - 1;
    credential_case(B, "exp-before-iat",
                    "exp one second before iat: not malformed, simply expired.", issue(c), ctx,
                    {"expired"});
  }
  {
    // Claim keys compare as mathematical integers: these two keys are unknown claims, and only
    // a reader that squeezes them into 64-bit signed integers would see -65537 or 1 in them.
    claims red = base;
    red.status.status = health_status::red;
    pairs p = claim_pairs(base);
    insert_sorted(p, u(UINT64_MAX - 65536), join_map(status_pairs(red.status)));
    credential_case(B, "claim-key-2-64-minus-65537",
                    "An unknown claim with key 2^64 - 65537 (0x1B FFFFFFFFFFFEFFFF) holding a red "
                    "status map: as a 64-bit signed integer it would read -65537. Ignored: valid "
                    "and green.",
                    issue_with_unknown(base, join_map(p),
                                       "the payload also holds claim 18446744073709486079 (a red "
                                       "status map), an unknown claim that verifiers ignore"),
                    ctx, {"valid"});
    p = claim_pairs(base);
    insert_sorted(p, enc([](cbor::writer& w) { w.negint_raw(UINT64_MAX - 1); }), tx("CN-999999"));
    credential_case(B, "claim-key-minus-2-64-plus-1",
                    "An unknown claim with key -(2^64 - 1) (0x3B FFFFFFFFFFFFFFFE) holding "
                    "\"CN-999999\": computed as -1 - n in 64 bits it would wrap to 1 (iss). "
                    "Ignored: valid, iss CN-610100.",
                    issue_with_unknown(base, join_map(p),
                                       "the payload also holds claim -18446744073709551615, an "
                                       "unknown claim that verifiers ignore"),
                    ctx, {"valid"});
  }
}

// ---------------------------------------------------------------------------------------------
// 04xx: the COSE_Sign1 shape and alg.

void cose_cases() {
  const int B = 4;
  const claims base = base_claims("cose");
  const bytes payload = payload_of(base);
  const secret_key& a = key("issuer-a");
  const bytes kid_a = kid(a);
  const std::string why = "the COSE_Sign1 is malformed";
  {
    const signed_cose s = sign_cose(payload, a);
    credential_case(B, "array-of-3", "A COSE_Sign1 array without the signature.",
                    from_cose(cat({lit({0xD2, 0x83}), bs(s.prot), empty_map, bs(s.payload)}), why),
                    ctx, malformed("cose", "cose_structure"));
  }
  auto with_prot = [&](const bytes& prot) {
    return sign_cose(payload, a, document_type::credential, prot).cose;
  };
  credential_case(B, "protected-extra-key",
                  "The protected header is {1: -8, 3: 61, 4: kid}: exactly {1, 4} is allowed.",
                  from_cose(with_prot(join_map({{u(1), n(-8)}, {u(3), u(61)}, {u(4), bs(kid_a)}})),
                            why),
                  ctx, malformed("cose", "cose_protected_header"));
  credential_case(B, "protected-without-kid", "The protected header is {1: -8}.",
                  from_cose(with_prot(join_map({{u(1), n(-8)}})), why), ctx,
                  malformed("cose", "cose_protected_header"));
  credential_case(B, "protected-empty",
                  "The protected header is the empty byte string.",
                  from_cose(with_prot({}), why), ctx, malformed("cose", "cbor_truncated"));
  {
    const signed_cose s = sign_cose(payload, a);
    credential_case(B, "unprotected-not-empty",
                    "The unprotected header repeats the kid: it must be the empty map.",
                    from_cose(cose_from(s.prot, join_map({{u(4), bs(kid_a)}}), s.payload, s.sig),
                              why),
                    ctx, malformed("cose", "cose_unprotected_header"));
    credential_case(B, "protected-not-byte-string",
                    "The protected header is a map, not a byte string holding one.",
                    from_cose(cat({lit({0xD2, 0x84}), s.prot, empty_map, bs(s.payload), bs(s.sig)}),
                              why),
                    ctx, malformed("cose", "cose_structure"));
    credential_case(B, "payload-not-byte-string",
                    "The payload is the claims map itself, not a byte string holding it.",
                    from_cose(cat({lit({0xD2, 0x84}), bs(s.prot), empty_map, s.payload, bs(s.sig)}),
                              why),
                    ctx, malformed("cose", "cose_structure"));
    credential_case(B, "signature-63-bytes", "The signature has 63 bytes.",
                    from_cose(cose_from(s.prot, empty_map, s.payload,
                                        std::span(s.sig).first(63)),
                              why),
                    ctx, malformed("cose", "cose_signature_size"));
    credential_case(B, "signature-65-bytes", "The signature has 65 bytes.",
                    from_cose(cose_from(s.prot, empty_map, s.payload, cat({s.sig, lit({0x00})})),
                              why),
                    ctx, malformed("cose", "cose_signature_size"));
  }
  credential_case(B, "kid-7-bytes", "The kid has 7 bytes.",
                  from_cose(with_prot(protected_header(-8, std::span(kid_a).first(7))), why), ctx,
                  malformed("cose", "cose_kid_size"));
  credential_case(B, "kid-9-bytes-alg-es256",
                  "alg -7 and a 9-byte kid: a kid that is not 8 bytes is malformed whatever alg "
                  "says (not unsupported_alg).",
                  from_cose(with_prot(protected_header(-7, cat({kid_a, lit({0x00})}))), why), ctx,
                  malformed("cose", "cose_kid_size"));
  credential_case(B, "alg-es256",
                  "alg -7 (ES256), everything else well-formed (the signature is Ed25519 over "
                  "this header): unsupported_alg, never ignored.",
                  from_signed(sign_cose(payload, a, document_type::credential,
                                        protected_header(-7, kid_a)),
                              base),
                  ctx, {"unsupported_alg"});
  {
    const bytes prot = join_map({{u(1), tx("EdDSA")}, {u(4), bs(kid_a)}});
    credential_case(B, "alg-text", "alg is the text \"EdDSA\": a well-formed alg other than -8.",
                    from_signed(sign_cose(payload, a, document_type::credential, prot), base),
                    ctx, {"unsupported_alg"});
  }
  credential_case(B, "alg-byte-string", "alg is a byte string: neither an integer nor a text.",
                  from_cose(with_prot(join_map({{u(1), bs(lit({0xF8}))}, {u(4), bs(kid_a)}})),
                            why),
                  ctx, malformed("cose", "cose_protected_header"));
  {
    cred c = from_signed(sign_cose(indefinite_map(claim_pairs(base)), a,
                                   document_type::credential, protected_header(-7, kid_a)),
                         std::nullopt);
    c.notes["claims"] = "not produced: the payload is not strict CBOR";
    credential_case(B, "alg-es256-with-broken-claims",
                    "alg -7 and an indefinite-length claims map: parsing is complete before alg "
                    "is looked at, so this is malformed, not unsupported_alg.",
                    c, ctx, malformed("claims", "cbor_indefinite"));
  }
  credential_case(B, "alg-2-64-minus-8",
                  "alg is the unsigned integer 2^64 - 8 (0x1B FFFFFFFFFFFFFFF8), which a reader "
                  "casting to a 64-bit signed integer would take for -8: unsupported_alg (the "
                  "signature is a valid Ed25519 signature over this header).",
                  from_signed(sign_cose(payload, a, document_type::credential,
                                        join_map({{u(1), u(UINT64_MAX - 7)}, {u(4), bs(kid_a)}})),
                              base),
                  ctx, {"unsupported_alg"});
  credential_case(B, "alg-es256-unknown-kid",
                  "alg -7 with the kid of a key no trust list holds: unsupported_alg comes before "
                  "unknown_key.",
                  from_signed(sign_cose(payload, key("issuer-unlisted"), document_type::credential,
                                        protected_header(-7, kid(key("issuer-unlisted")))),
                              base),
                  ctx, {"unsupported_alg"});
}

}  // namespace

namespace {

// S + L: the same signature with a non-canonical S (libsodium refuses S >= L).
bytes add_group_order(bytes sig) {
  static constexpr std::uint8_t L[32] = {0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58,
                                         0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
                                         0,    0,    0,    0,    0,    0,    0,    0,
                                         0,    0,    0,    0,    0,    0,    0,    0x10};
  unsigned carry = 0;
  for (std::size_t i = 0; i < 32; ++i) {
    const unsigned sum = sig[32 + i] + L[i] + carry;
    sig[32 + i] = static_cast<std::uint8_t>(sum & 0xff);
    carry = sum >> 8;
  }
  if (carry != 0) die("S + L overflows");
  return sig;
}

// ---------------------------------------------------------------------------------------------
// 05xx: keys, kids and signatures.

void key_and_signature_cases() {
  const int B = 5;
  const claims base = base_claims("keys");
  const secret_key& a = key("issuer-a");
  credential_case(B, "unknown-key", "Signed by issuer-unlisted, whose kid no trust-list entry has.",
                  issue(base, "issuer-unlisted"), ctx, {"unknown_key"});
  {
    context c;
    c.trust.reset();
    c.revocations.reset();
    credential_case(B, "no-trust-list",
                    "No trust list is held: every well-formed EdDSA credential is unknown_key "
                    "(docs/format.md A.3).",
                    issue(base), c, {"unknown_key"});
  }
  credential_case(B, "signed-by-root",
                  "Signed by the pinned root key: a root never signs credentials, and no trust-list "
                  "entry names it.",
                  issue(base, "root"), ctx, {"unknown_key"});
  {
    signed_cose s = sign_cose(payload_of(base), a);
    s.sig[0] ^= 0x01;
    s.cose = cose_from(s.prot, empty_map, s.payload, s.sig);
    credential_case(B, "signature-bit-flipped", "The first bit of the signature flipped.",
                    from_signed(s, base), ctx, {"bad_signature"});
  }
  {
    claims red = base;
    red.status.status = health_status::red;
    signed_cose s = sign_cose(payload_of(red), a);
    s.payload = payload_of(base);
    s.cose = cose_from(s.prot, empty_map, s.payload, s.sig);
    cred c = from_signed(s, base);
    c.notes["claims"] = "what the payload says (green); the signature was made over status red";
    credential_case(B, "altered-payload",
                    "A red credential whose payload was changed to green, signature kept.", c, ctx,
                    {"bad_signature"});
  }
  credential_case(B, "other-key-same-kid",
                  "Signed by issuer-b under issuer-a's kid: only the key with that kid is tried.",
                  from_signed(sign_cose(payload_of(base), key("issuer-b"),
                                        document_type::credential, protected_header(-8, kid(a))),
                              base),
                  ctx, {"bad_signature"});
  {
    signed_cose s = sign_cose(payload_of(base), a);
    s.sig = add_group_order(s.sig);
    s.cose = cose_from(s.prot, empty_map, s.payload, s.sig);
    credential_case(B, "non-canonical-s",
                    "A valid signature with L added to S (S >= L): libsodium's verify refuses it, "
                    "so signatures cannot be malleated.",
                    from_signed(s, base), ctx, {"bad_signature"});
  }
  {
    signed_cose s = sign_cose(payload_of(base), a);
    s.sig = cat({identity_point(), bytes(32, 0)});
    s.cose = cose_from(s.prot, empty_map, s.payload, s.sig);
    credential_case(B, "small-order-r",
                    "A signature R = identity, S = 0, which passes the bare Ed25519 equation for a "
                    "small-order key: refused as libsodium refuses a small-order R.",
                    from_signed(s, base), ctx, {"bad_signature"});
  }
  credential_case(B, "signed-as-trust-list",
                  "Domain separation: signed by issuer-a over the trust-list external_aad "
                  "(\"qrseal/1 trust-list\") instead of \"qrseal/1 credential\".",
                  from_signed(sign_cose(payload_of(base), a, document_type::trust_list), base),
                  ctx, {"bad_signature"});
  auto with_cnf_x = [&](const bytes& x) {
    pairs p = claim_pairs(base);
    insert_sorted(p, k_cnf, cnf_value(x));
    return join_map(p);
  };
  credential_case(B, "cnf-identity-point",
                  "cnf holds the identity point (small order 1): the credential is malformed.",
                  issue_payload(with_cnf_x(identity_point()), "the cnf key is small-order"), ctx,
                  malformed("claims", "claims_bad_key"));
  credential_case(B, "cnf-order-8-point", "cnf holds a point of order 8.",
                  issue_payload(with_cnf_x(order8_point()), "the cnf key is small-order"), ctx,
                  malformed("claims", "claims_bad_key"));
  credential_case(B, "cnf-non-canonical",
                  "cnf holds a non-canonical encoding (y = p + 3, not reduced).",
                  issue_payload(with_cnf_x(non_canonical_point()), "the cnf key is non-canonical"),
                  ctx, malformed("claims", "claims_bad_key"));
  credential_case(B, "cnf-31-bytes", "cnf holds a 31-byte x.",
                  issue_payload(with_cnf_x(bytes(31, 0x42)), "the cnf key is not 32 bytes"), ctx,
                  malformed("claims", "claims_bad_key"));
  {
    claims c = base;
    c.iss = "CN-999999";
    credential_case(B, "iss-not-in-entry",
                    "issuer-a signs for iss CN-999999, which no entry of its key names.", issue(c),
                    ctx, {"key_not_valid"});
    c.exp = T - day;
    credential_case(B, "key-not-valid-before-expired",
                    "issuer-a signs for iss CN-999999 (no entry) and the credential is also "
                    "expired: key_not_valid is checked first.", issue(c), ctx,
                    {"key_not_valid"});
  }
  {
    claims c = base;
    c.iat = T - 365 * day;
    c.exp = T + 7 * day;
    credential_case(B, "key-window-start",
                    "iat exactly at the not_before of issuer-a's entry (inclusive): valid.",
                    issue(c), ctx, {"valid"});
    c.iat -= 1;
    credential_case(B, "key-window-start-minus-1", "iat one second before not_before.", issue(c),
                    ctx, {"key_not_valid"});
  }
  {
    claims c = base;
    c.iat = T - 30 * day;
    c.exp = T + 7 * day;
    credential_case(B, "rotated-key-window-end",
                    "issuer-b, rotated out at T-30d, signed at exactly its not_after (inclusive): "
                    "its credentials stay valid.",
                    issue(c, "issuer-b"), ctx, {"valid"});
    c.iat += 1;
    credential_case(B, "rotated-key-after-window",
                    "issuer-b signed one second after its not_after: a rotated-out (or leaked and "
                    "withdrawn) key cannot issue new credentials.",
                    issue(c, "issuer-b"), ctx, {"key_not_valid"});
  }
  {
    claims c = base;
    c.iss = "CN-310000";
    credential_case(B, "key-shared-second-entry",
                    "issuer-a signs for CN-310000: its second entry (another iss and window) "
                    "matches.",
                    issue(c), ctx, {"valid"});
    c.iat = T + 10 * day + 1;
    c.exp = c.iat + 7 * day;
    context inverted = no_revocations();
    inverted.trust = "trust-window-inverted";
    credential_case(B, "key-window-inverted-entry",
                    "trust-window-inverted's only entry (issuer-a) has not_before after not_after: "
                    "it matches no credential.",
                    issue(base), inverted, {"key_not_valid"});
    credential_case(B, "key-shared-entry-window-miss",
                    "issuer-a for CN-310000 at T+10d+1, after that entry's not_after (the other "
                    "entry's window covers the time but names another iss).",
                    issue(c), ctx, {"key_not_valid"});
  }
}

// ---------------------------------------------------------------------------------------------
// 06xx: time boundaries. No revocation list here, so no staleness warning at later times.

void time_cases() {
  const int B = 6;
  claims c = base_claims("time");
  c.nbf = T + 2 * hour;
  auto at_time = [](std::int64_t now, std::uint64_t skew = 300) {
    context x = no_revocations();
    x.now = now;
    x.skew = skew;
    return x;
  };
  const cred nbf = issue(c);
  credential_case(B, "nbf-minus-skew", "now = nbf - skew exactly: now + skew < nbf is false.",
                  nbf, at_time(at(T + 2 * hour - 300)), {"valid"});
  credential_case(B, "nbf-minus-skew-minus-1", "now = nbf - skew - 1.", nbf,
                  at_time(at(T + 2 * hour - 301)), {"not_yet_valid"});
  credential_case(B, "nbf-skew-0", "skew 0, now = nbf - 1.", nbf, at_time(at(T + 2 * hour - 1), 0),
                  {"not_yet_valid"});
  const claims e = base_claims("time");
  const cred exp = issue(e);
  credential_case(B, "exp-plus-skew-minus-1", "now = exp + skew - 1: the last valid second.", exp,
                  at_time(at(e.exp + 299)), {"valid"});
  credential_case(B, "exp-plus-skew", "now = exp + skew: now >= exp + skew.", exp,
                  at_time(at(e.exp + 300)), {"expired"});
  credential_case(B, "exp-skew-0", "skew 0, now = exp.", exp, at_time(at(e.exp), 0), {"expired"});
  credential_case(B, "exp-skew-0-minus-1", "skew 0, now = exp - 1.", exp,
                  at_time(at(e.exp - 1), 0), {"valid"});
  {
    claims x = base_claims("time-order");
    x.nbf = T + 30 * day;
    x.exp = T + day;
    credential_case(B, "not-yet-valid-before-expired",
                    "nbf T+30d, exp T+1d, now T+2d: both fail, not_yet_valid is checked first.",
                    issue(x), at_time(at(T + 2 * day)), {"not_yet_valid"});
  }
  {
    claims x = base_claims("time-max");
    x.exp = UINT64_MAX;
    credential_case(B, "exp-max-uint64",
                    "exp = 2^64 - 1: exp + skew must not wrap (times compare as unbounded "
                    "integers).",
                    issue(x), at_time(now0), {"valid"});
    x = base_claims("time-max");
    x.nbf = UINT64_MAX;
    credential_case(B, "nbf-max-uint64", "nbf = 2^64 - 1: not valid before the end of time.",
                    issue(x), at_time(now0), {"not_yet_valid"});
  }
  {
    claims x = base_claims("time-iat");
    x.iat = T + day;
    x.exp = T + 8 * day;
    credential_case(B, "iat-in-future-without-nbf",
                    "iat a day after now and no nbf: only nbf and exp are time checks (iat is "
                    "checked against the key's window only).",
                    issue(x), at_time(now0), {"valid"});
  }
}

// ---------------------------------------------------------------------------------------------
// 07xx: revocation.

void revocation_cases() {
  const int B = 7;
  const claims r = base_claims("revoked");
  credential_case(B, "revoked",
                  "The credential's cti is on revocation-current (prefix of SHA-256(cti)).",
                  issue(r), ctx, {"revoked"});
  {
    claims x = r;
    x.exp = T + 30 * minute;
    credential_case(B, "revoked-and-expired", "Revoked and expired: expired is checked first.",
                    issue(x), ctx, {"expired"});
    x = r;
    x.nbf = T + 2 * hour;
    credential_case(B, "revoked-and-not-yet-valid",
                    "Revoked and not yet valid: not_yet_valid is checked first.", issue(x), ctx,
                    {"not_yet_valid"});
  }
  credential_case(B, "revoked-cti-without-list",
                  "A credential whose cti is on revocation-current, checked with no revocation "
                  "list held: valid.", issue(r),
                  no_revocations(), {"valid"});
  {
    context x;
    x.revocations = "revocation-stale";
    credential_case(B, "revoked-on-stale-list",
                    "Revoked on a stale revocation list: still revoked, with the warning.",
                    issue(r), x, {"revoked", {"revocation_list_stale"}});
    x.revocations = "revocation-empty";
    credential_case(B, "empty-revocation-list",
                    "A credential whose cti is on revocation-current, checked against "
                    "revocation-empty: valid.", issue(r), x,
                    {"valid"});
  }
}

// ---------------------------------------------------------------------------------------------
// 08xx: live codes.

void live_cases() {
  const int B = 8;
  claims lc = base_claims("live");
  lc.holder_key = key("holder").public_key();
  const cred plain = issue(lc);
  const auto t = static_cast<std::uint64_t>(now0);
  credential_case(B, "live-valid", "A live code signed by the holder at now.",
                  live_code(plain, "holder", t), ctx, {"valid"});
  credential_case(B, "live-t-now-minus-60", "t = now - 60: |now - t| <= window (60).",
                  live_code(plain, "holder", t - 60), ctx, {"valid"});
  credential_case(B, "live-t-now-minus-61", "t = now - 61: a screenshot a minute old.",
                  live_code(plain, "holder", t - 61), ctx, {"live_stale"});
  credential_case(B, "live-t-now-plus-60", "t = now + 60.", live_code(plain, "holder", t + 60),
                  ctx, {"valid"});
  credential_case(B, "live-t-now-plus-61", "t = now + 61.", live_code(plain, "holder", t + 61),
                  ctx, {"live_stale"});
  {
    context x;
    x.window = 120;
    credential_case(B, "live-window-120", "A local window of 120 s, t = now - 120.",
                    live_code(plain, "holder", t - 120), x, {"valid"});
    x = context{};
    x.skew = 3600;
    credential_case(B, "live-skew-does-not-widen",
                    "Clock skew 3600 s, t = now - 61: the general skew does not widen the live "
                    "window.",
                    live_code(plain, "holder", t - 61), x, {"live_stale"});
  }
  credential_case(B, "live-other-holder", "Signed by holder-other, not the key in cnf.",
                  live_code(plain, "holder-other", t), ctx, {"live_bad_signature"});
  credential_case(B, "live-t-altered",
                  "The array says t = now, the holder signed t = now - 10.",
                  live_code(plain, "holder", t, t - 10), ctx, {"live_bad_signature"});
  credential_case(B, "live-stale-before-signature",
                  "Stale (t = now - 61) and signed by the wrong key: live_stale is checked first.",
                  live_code(plain, "holder-other", t - 61), ctx, {"live_stale"});
  {
    signed_cose s = sign_cose(payload_of(lc), key("issuer-a"));
    s.sig[5] ^= 0x01;
    s.cose = cose_from(s.prot, empty_map, s.payload, s.sig);
    credential_case(B, "live-bad-credential-signature",
                    "A live code, correctly signed by the holder, around a credential whose "
                    "issuer signature is broken: bad_signature, before any live check.",
                    live_code(from_signed(s, lc), "holder", t), ctx, {"bad_signature"});
  }
  credential_case(B, "live-without-cnf",
                  "A credential without cnf shown as a live code: live_bad_signature.",
                  live_code(issue(base_claims("live-no-cnf")), "holder", t), ctx,
                  {"live_bad_signature"});
  {
    const bytes sig = sign(key("holder"), live_message(*plain.cose, t));
    credential_case(B, "live-compressed-credential",
                    "cred in the array is the zlib form: it must be the uncompressed COSE_Sign1 "
                    "(starting 0xD2).",
                    live_array_text(plain, arr({bs(zlib_fixed(*plain.cose)), u(t), bs(sig)}),
                                    "cred does not start with 0xD2"),
                    ctx, malformed("live_array", "cose_structure"));
    credential_case(B, "live-array-of-4", "The live array has a fourth item.",
                    live_array_text(plain, arr({bs(*plain.cose), u(t), bs(sig), u(0)}),
                                    "the live array is not [cred, t, sig]"),
                    ctx, malformed("live_array", "cose_structure"));
    credential_case(B, "live-signature-63-bytes", "The live signature has 63 bytes.",
                    live_array_text(plain,
                                    arr({bs(*plain.cose), u(t), bs(std::span(sig).first(63))}),
                                    "the live signature is not 64 bytes"),
                    ctx, malformed("live_array", "cose_signature_size"));
    credential_case(B, "live-t-text", "t is a text string.",
                    live_array_text(plain, arr({bs(*plain.cose), tx(std::to_string(t)), bs(sig)}),
                                    "t is not an unsigned integer"),
                    ctx, malformed("live_array", "claims_wrong_type"));
    credential_case(B, "live-array-trailing-byte", "One byte 0x00 after the live array.",
                    live_array_text(plain,
                                    cat({arr({bs(*plain.cose), u(t), bs(sig)}), lit({0x00})}),
                                    "a byte follows the live array"),
                    ctx, malformed("live_array", "cbor_trailing"));
  }
  {
    claims x = base_claims("revoked-live");
    x.holder_key = key("holder").public_key();
    credential_case(B, "live-revoked", "A revoked credential as a fresh live code.",
                    live_code(issue(x), "holder", t), ctx, {"revoked"});
    x = lc;
    x.exp = T + 30 * minute;
    credential_case(B, "live-expired", "An expired credential as a fresh live code.",
                    live_code(issue(x), "holder", t), ctx, {"expired"});
    x = lc;
    x.status.status = health_status::yellow;
    credential_case(B, "live-yellow",
                    "A yellow credential as a fresh live code: the policy is checked after the "
                    "live checks.",
                    live_code(issue(x), "holder", t), ctx, {"status_not_accepted"});
  }
  {
    context x;
    x.require_live = true;
    credential_case(B, "require-live-plain-text",
                    "The local policy requires live codes; a credential with cnf shown as QS1.",
                    plain, x, {"live_required"});
    credential_case(B, "require-live-live-code", "The local policy requires live codes; a credential with cnf shown as a live "
                    "code.",
                    live_code(plain, "holder", t), x, {"valid"});
    credential_case(B, "require-live-printed-card",
                    "A credential without cnf (a printed card) as QS1: not affected.",
                    issue(base_claims("card")), x, {"valid"});
  }
  {
    context x = no_revocations();
    x.trust = "trust-policy-live";
    credential_case(B, "require-live-from-trust-list",
                    "trust-policy-live's policy requires live codes; the local one does not (and "
                    "cannot switch it off).",
                    plain, x, {"live_required"});
    credential_case(B, "require-live-from-trust-list-live-code",
                    "trust-policy-live's policy requires live codes; a credential with cnf shown "
                    "as a live code.", live_code(plain, "holder", t), x,
                    {"valid"});
  }
}

// ---------------------------------------------------------------------------------------------
// 09xx: policy, local and from the trust list.

void policy_cases() {
  const int B = 9;
  auto with_status = [](std::string label, health_status s) {
    claims c = base_claims(label);
    c.status.status = s;
    return c;
  };
  credential_case(B, "yellow-default-policy",
                  "A yellow credential under the default policy (green only).",
                  issue(with_status("yellow", health_status::yellow)), ctx,
                  {"status_not_accepted"});
  {
    context x;
    x.accept = std::vector<std::string>{"green", "yellow"};
    credential_case(B, "yellow-accepted-locally", "The local policy accepts green and yellow.",
                    issue(with_status("yellow", health_status::yellow)), x, {"valid"});
    credential_case(B, "red-not-accepted-locally", "A red credential, green and yellow accepted.",
                    issue(with_status("red", health_status::red)), x, {"status_not_accepted"});
  }
  claims positive = base_claims("positive");
  positive.status.test->positive = true;
  {
    context x;
    x.max_test_age = 72 * hour;
    credential_case(B, "test-positive-with-limit",
                    "A positive test with a test limit set (72 h).", issue(positive), x,
                    {"test_positive"});
    credential_case(B, "test-positive-without-limit",
                    "A positive test, green status and no test limit: test_positive needs a limit.",
                    issue(positive), ctx, {"valid"});
  }
  {
    context x;
    x.max_test_age = 4 * hour;
    const cred c = issue(base_claims("test-age"));
    credential_case(B, "test-age-at-limit",
                    "Test sampled at T-3h, now T+1h: age 4 h, limit 4 h.", c, x, {"valid"});
    x.max_test_age = 4 * hour - 1;
    credential_case(B, "test-age-over-limit", "Test sampled at T-3h, now T+1h: age 4 h, limit 4 h - 1 s.", c, x,
                    {"test_too_old"});
  }
  {
    context x;
    x.max_test_age = 72 * hour;
    claims c = base_claims("no-test");
    c.status.test.reset();
    credential_case(B, "no-test-with-limit", "No test at all, and a test limit is set.", issue(c),
                    x, {"test_too_old"});
  }
  {
    context x;
    x.max_test_age = 0;
    claims c = base_claims("test-future");
    c.status.test->sampled_at = T + 2 * hour;
    credential_case(B, "test-in-future-limit-0",
                    "A test sampled an hour after now, limit 0: age is max(0, now - sampled_at) "
                    "= 0.",
                    issue(c), x, {"valid"});
  }
  {
    context x;
    x.max_test_age = 72 * hour;
    claims c = positive;
    c.status.status = health_status::yellow;
    credential_case(B, "status-before-test",
                    "Yellow with a positive test and a limit: status_not_accepted comes first.",
                    issue(c), x, {"status_not_accepted"});
    c = positive;
    c.status.test->sampled_at = T - 10 * day;
    credential_case(B, "positive-before-age",
                    "A positive test ten days old, limit 72 h: test_positive comes first.",
                    issue(c), x, {"test_positive"});
  }
  {
    context x;
    x.max_validity = 7 * day;
    const cred c = issue(base_claims("validity"));
    credential_case(B, "max-validity-at-limit", "exp - iat = 7 d, local max_validity 7 d.", c, x,
                    {"valid"});
    x.max_validity = 7 * day - 1;
    credential_case(B, "max-validity-over-limit",
                    "exp - iat = 7 d, local max_validity 7 d - 1 s: key_not_valid.", c, x,
                    {"key_not_valid"});
  }

  {
    context x = no_revocations();
    x.trust = "trust-policy-accept-none";
    credential_case(B, "list-policy-accepts-nothing",
                    "trust-policy-accept-none accepts no status: a green credential is refused.",
                    issue(base_claims("accept-none")), x, {"status_not_accepted"});
  }

  // The trust list's policy (trust-policy: green and yellow, tests 48 h, stale 2 d, validity
  // 14 d; due T+1d). No revocation list, so only the trust list can be stale.
  auto lp = [] {
    context x = no_revocations();
    x.trust = "trust-policy";
    return x;
  };
  credential_case(B, "list-policy-yellow",
                  "The trust list accepts yellow: the default green-only does not apply.",
                  issue(with_status("yellow", health_status::yellow)), lp(), {"valid"});
  credential_case(B, "list-policy-red", "The trust list accepts green and yellow; red.",
                  issue(with_status("red", health_status::red)), lp(), {"status_not_accepted"});
  {
    context x = lp();
    x.accept = std::vector<std::string>{"green", "yellow", "red"};
    credential_case(B, "list-policy-local-accepts-red",
                    "The local policy accepts red too: it cannot loosen the list's policy.",
                    issue(with_status("red", health_status::red)), x, {"status_not_accepted"});
    x.accept = std::vector<std::string>{"green"};
    credential_case(B, "list-policy-local-green-only",
                    "The local policy accepts green only: it tightens the list's policy.",
                    issue(with_status("yellow", health_status::yellow)), x,
                    {"status_not_accepted"});
  }
  {
    claims c = base_claims("list-test-age");
    c.status.test->sampled_at = static_cast<std::uint64_t>(now0) - 48 * hour;
    credential_case(B, "list-policy-test-age-at-limit", "A test exactly 48 h old under trust-policy (max_test_age 48 h).", issue(c),
                    lp(), {"valid"});
    c.status.test->sampled_at -= 1;
    credential_case(B, "list-policy-test-too-old", "A test 48 h + 1 s old under trust-policy (max_test_age 48 h).", issue(c), lp(),
                    {"test_too_old"});
    context x = lp();
    x.max_test_age = 7 * day;
    credential_case(B, "list-policy-local-test-age-longer",
                    "A test 48 h + 1 s old under trust-policy (48 h) with a local limit of 7 days: "
                    "the local setting cannot loosen the list's.",
                    issue(c), x, {"test_too_old"});
    x.max_test_age = 2 * hour;
    credential_case(B, "list-policy-local-test-age-shorter",
                    "A 4-hour-old test with a local limit of 2 h: it tightens the list's 48 h.",
                    issue(base_claims("list-test-local")), x, {"test_too_old"});
  }
  credential_case(B, "list-policy-test-positive",
                  "A positive test: the list's policy sets a test limit.", issue(positive), lp(),
                  {"test_positive"});
  {
    claims c = base_claims("list-no-test");
    c.status.test.reset();
    credential_case(B, "list-policy-no-test", "No test, and the list's policy sets a test limit.",
                    issue(c), lp(), {"test_too_old"});
  }
  {
    claims c = base_claims("list-validity");
    c.exp = c.iat + 14 * day;
    credential_case(B, "list-policy-validity-at-limit", "exp - iat = 14 d under trust-policy (max_validity 14 d).",
                    issue(c), lp(), {"valid"});
    c.exp += 1;
    credential_case(B, "list-policy-validity-over-limit", "exp - iat = 14 d + 1 s under trust-policy (max_validity 14 d).", issue(c),
                    lp(), {"key_not_valid"});
    context x = lp();
    x.max_validity = 30 * day;
    credential_case(B, "list-policy-local-validity-longer",
                    "exp - iat = 14 d + 1 s under trust-policy (14 d) with a local max_validity of "
                    "30 d: the local setting cannot loosen the list's.",
                    issue(c), x, {"key_not_valid"});
    x.max_validity = 7 * day - 1;
    credential_case(B, "list-policy-local-validity-shorter",
                    "A 7-day credential with a local max_validity of 7 d - 1 s.",
                    issue(base_claims("list-validity-local")), x, {"key_not_valid"});
  }
  {
    // At T+3d the list (due T+1d) is 2 days stale, exactly its max_stale.
    auto fresh_test = [](std::string label, std::int64_t now) {
      claims c = base_claims(label);
      c.status.test->sampled_at = static_cast<std::uint64_t>(now) - hour;
      return c;
    };
    context x = lp();
    x.now = at(T + 3 * day);
    credential_case(B, "list-policy-stale-at-max-stale",
                    "now = next_update + max_stale (2 d): stale, warned, still valid.",
                    issue(fresh_test("list-stale", x.now)), x, {"valid", {"trust_list_stale"}});
    x.now = at(T + 3 * day + 1);
    credential_case(B, "list-policy-lists-too-stale", "trust-policy (due T+1d, max_stale 2 d) at now = next_update + max_stale + 1.",
                    issue(fresh_test("list-too-stale", x.now)), x,
                    {"lists_too_stale", {"trust_list_stale"}});
    x.max_stale = 30 * day;
    credential_case(B, "list-policy-local-max-stale-longer",
                    "trust-policy 2 d + 1 s past next_update (its max_stale is 2 d) with a local "
                    "max_stale of 30 d: the local setting cannot loosen the list's.",
                    issue(fresh_test("list-too-stale", x.now)), x,
                    {"lists_too_stale", {"trust_list_stale"}});
    x.now = at(T + 2 * day + 1);
    x.max_stale = day;
    credential_case(B, "list-policy-local-max-stale-shorter",
                    "1 d + 1 s past next_update with a local max_stale of 1 d: it tightens the "
                    "list's 2 d.",
                    issue(fresh_test("list-stale-local", x.now)), x,
                    {"lists_too_stale", {"trust_list_stale"}});
  }
}

// ---------------------------------------------------------------------------------------------
// 10xx: stale lists and device clocks.

void staleness_and_clock_cases() {
  const int B = 10;
  const cred v = issue(base_claims("stale"));
  {
    context x;
    x.trust = "trust-stale";
    credential_case(B, "trust-list-stale", "trust-stale (due T-30d) at T+1h: a warning only.", v,
                    x, {"valid", {"trust_list_stale"}});
    x.revocations = "revocation-stale";
    credential_case(B, "both-lists-stale", "Both lists past next_update: both warnings.", v, x,
                    {"valid", {"trust_list_stale", "revocation_list_stale"}});
    x.revocations = "revocation-current";
    x.max_stale = 30 * day + hour;
    credential_case(B, "local-max-stale-at-limit",
                    "trust-stale is 30 d + 1 h past next_update, local max_stale 30 d + 1 h.", v,
                    x, {"valid", {"trust_list_stale"}});
    x.max_stale = 30 * day + hour - 1;
    credential_case(B, "local-max-stale-exceeded", "trust-stale is 30 d + 1 h past next_update, local max_stale 30 d + 1 h - 1 s.", v,
                    x, {"lists_too_stale", {"trust_list_stale"}});
  }
  {
    context x;
    x.revocations = "revocation-stale";
    credential_case(B, "revocation-list-stale", "revocation-stale (due T-3d) at T+1h.", v, x,
                    {"valid", {"revocation_list_stale"}});
    x.max_stale = 3 * day + hour;
    credential_case(B, "revocation-list-max-stale-at-limit",
                    "revocation-stale 3 d + 1 h past next_update, max_stale 3 d + 1 h.", v, x,
                    {"valid", {"revocation_list_stale"}});
    x.max_stale = 3 * day + hour - 1;
    credential_case(B, "revocation-list-too-stale",
                    "revocation-stale is 3 d + 1 h past next_update, max_stale 3 d + 1 h - 1 s: "
                    "the revocation list is too stale.",
                    v, x, {"lists_too_stale", {"revocation_list_stale"}});
  }
  {
    claims c = base_claims("long");
    c.exp = T + 60 * day;
    context x = no_revocations();
    x.now = at(T + 30 * day);
    credential_case(B, "next-update-exact",
                    "now = next_update of trust-current (T+30d): not stale (stale is now > "
                    "next_update).",
                    issue(c), x, {"valid"});
    x.now += 1;
    credential_case(B, "next-update-plus-1", "trust-current (due T+30d) at now = next_update + 1: stale, warned.", issue(c), x,
                    {"valid", {"trust_list_stale"}});
  }
  {
    context x;
    x.trust = "trust-stale";
    credential_case(B, "stale-warning-on-malformed",
                    "Every outcome carries the warnings, malformed too.",
                    text_only("QS1:", "the body is empty"), x,
                    malformed("body", "body_empty", {"trust_list_stale"}));
    credential_case(B, "stale-warning-on-unknown-key", "An unknown key with a stale trust list.",
                    issue(base_claims("stale"), "issuer-unlisted"), x,
                    {"unknown_key", {"trust_list_stale"}});
  }

  // The latest issued_at of the lists held is revocation-current's, T-2h.
  claims early = base_claims("clock");
  early.iat = T - 3 * day;
  early.exp = T + 4 * day;
  early.status.test->sampled_at = early.iat - 3 * hour;
  const cred ce = issue(early);
  {
    context x;
    x.now = at(T - 2 * hour - 301);
    credential_case(B, "clock-behind-warning",
                    "now + skew is one second before the revocation list's issued_at (T-2h): the "
                    "device clock cannot be right.",
                    ce, x, {"valid", {"clock_behind"}});
    x.reject_clock_behind = true;
    credential_case(B, "clock-behind-rejected",
                    "now + skew one second before the latest issued_at (T-2h), with the local "
                    "setting that rejects on clock_behind.", ce, x,
                    {"clock_behind", {"clock_behind"}});
    credential_case(B, "clock-behind-on-malformed",
                    "A malformed text with the clock behind and rejection on: malformed comes "
                    "first, the warning stays.",
                    text_only("QS1:", "the body is empty"), x,
                    malformed("body", "body_empty", {"clock_behind"}));
    x.reject_clock_behind = false;
    x.now = at(T - 2 * hour - 300);
    credential_case(B, "clock-behind-boundary", "now + skew = the latest issued_at: not behind.",
                    ce, x, {"valid"});
    x.skew = 0;
    x.now = at(T - 2 * hour - 1);
    credential_case(B, "clock-behind-skew-0", "skew 0, now one second before the issued_at.", ce,
                    x, {"valid", {"clock_behind"}});
    x.now = at(T - 2 * hour);
    credential_case(B, "clock-behind-skew-0-boundary", "skew 0, now = the issued_at.", ce, x,
                    {"valid"});
  }
  {
    claims c = base_claims("clock-nbf");
    c.nbf = T;
    context x;
    x.now = at(T - 2 * hour - 301);
    credential_case(B, "clock-behind-not-yet-valid",
                    "A credential with nbf = T checked with the clock behind: not_yet_valid, with "
                    "the warning.",
                    issue(c), x, {"not_yet_valid", {"clock_behind"}});
  }
  {
    context x = no_revocations();
    x.observed = at(T + 10 * day);
    credential_case(B, "clock-behind-observed-time",
                    "The device has seen T+10d (observed_time, its high-water mark); now T+1h is "
                    "behind it.",
                    v, x, {"valid", {"clock_behind"}});
    x.trust = "trust-stale";
    x.observed = at(T + 100 * day);
    x.max_stale = day;
    x.reject_clock_behind = true;
    credential_case(B, "lists-too-stale-before-clock-behind",
                    "A too-stale trust list and a clock behind the observed time, with rejection "
                    "on: lists_too_stale comes first.",
                    v, x, {"lists_too_stale", {"trust_list_stale", "clock_behind"}});
  }
}

}  // namespace

namespace {

// ---------------------------------------------------------------------------------------------
// 11xx, 12xx, 13xx: offering lists.

const std::vector<std::string> pinned{"root"};

void trust_list_file_cases() {
  const int B = 11;
  auto offer = [&](const std::string& name, const std::string& description,
                   const std::string& file, std::optional<std::string> held,
                   const std::string& result, const std::string& step = "",
                   const std::vector<std::string>& roots = pinned) {
    list_case(B, name, description, offer_file("trust_list", file), roots, held, result, step);
  };
  const std::string current = "trust-current";
  offer("accepted-first", "No list held; trust-current (seq 5) is offered.", current, std::nullopt,
        "list_accepted");
  offer("accepted-higher-seq", "trust-current held; trust-next (seq 6) is offered.", "trust-next",
        current, "list_accepted");
  offer("unchanged", "trust-current held and offered again: same seq, same bytes.", current,
        current, "list_unchanged");
  offer("rollback-lower-seq", "trust-current (seq 5) held; trust-rollback (seq 3) offered.",
        "trust-rollback", current, "list_rollback");
  offer("rollback-stale-list", "trust-current held; the older trust-stale (seq 4) offered.",
        "trust-stale", current, "list_rollback");
  offer("rollback-same-seq-other-bytes",
        "trust-current held; trust-same-seq (seq 5, other next_update) offered.", "trust-same-seq",
        current, "list_rollback");
  offer("unknown-root", "Signed by root-other, which is not pinned.", "trust-unknown-root", current,
        "list_unknown_root");
  offer("second-pinned-root",
        "Signed by root-other with both root and root-other pinned: accepted.",
        "trust-unknown-root", std::nullopt, "list_accepted", "", {"root", "root-other"});
  offer("bad-signature", "trust-current with a bit of its signature flipped.",
        "trust-bad-signature", current, "list_bad_signature");
  offer("signed-as-credential",
        "Domain separation: a trust-list payload signed by the root over the credential "
        "external_aad (a credential's signature offered as a list's).",
        "trust-signed-as-credential", current, "list_bad_signature");
  offer("signed-as-revocation-list",
        "A trust-list payload signed over the revocation-list external_aad.",
        "trust-signed-as-revocation-list", current, "list_bad_signature");
  offer("alg-es256",
        "alg -7: a list has no unsupported_alg result; its signature cannot be verified "
        "(docs/format.md A.1).",
        "trust-alg-es256", current, "list_bad_signature");
  offer("malformed-label", "The label is \"trust-list/2\".", "trust-bad-label", current,
        "list_malformed", "parse");
  offer("malformed-missing-next-update", "No next_update.", "trust-missing-next-update", current,
        "list_malformed", "parse");
  offer("malformed-extra-key", "An extra key 7.", "trust-extra-key", current, "list_malformed",
        "parse");
  offer("malformed-kid-mismatch", "An entry whose kid is not its key's kid.", "trust-kid-mismatch",
        current, "list_malformed", "parse");
  offer("malformed-root-as-issuer", "An entry names the pinned root as an issuing key.",
        "trust-root-as-issuer", current, "list_malformed", "parse");
  offer("malformed-small-order-key", "An entry whose key is a point of order 8.",
        "trust-small-order-key", current, "list_malformed", "parse");
  offer("malformed-non-canonical-key", "An entry whose key is a non-canonical encoding.",
        "trust-non-canonical-key", current, "list_malformed", "parse");
  offer("malformed-iss-too-long", "An entry whose iss has 33 bytes.", "trust-iss-too-long", current,
        "list_malformed", "parse");
  offer("malformed-policy-status", "policy.accepted holds 3.", "trust-policy-bad-status", current,
        "list_malformed", "parse");
  offer("malformed-policy-unknown-key", "The policy has an unknown key 6.",
        "trust-policy-unknown-key", current, "list_malformed", "parse");
  offer("malformed-unsorted-keys", "Payload keys out of deterministic order.",
        "trust-unsorted-keys", current, "list_malformed", "parse");
  offer("malformed-unprotected-header", "The unprotected header is not empty.",
        "trust-unprotected-header", current, "list_malformed", "parse");
  offer("malformed-before-unknown-root",
        "Malformed and signed by an unpinned root: malformed is checked first (docs/format.md "
        "A.1).",
        "trust-bad-label-other-root", current, "list_malformed", "parse");
  offer("malformed-revocation-list-offered", "revocation-current offered as a trust list.",
        "revocation-current", current, "list_malformed", "parse");
  offer("malformed-credential-offered", "A credential's COSE_Sign1 offered as a trust list.",
        "credential-not-a-list", current, "list_malformed", "parse");
  offer("malformed-empty-file", "An empty file.", "trust-empty-file", current, "list_malformed",
        "parse");
  offer("inverted-window-accepted",
        "An entry with not_before after not_after is not malformed (docs/format.md A.1).",
        "trust-window-inverted", current, "list_accepted");
  offer("policy-list-accepted", "trust-policy (seq 10, with a policy) over trust-current.",
        "trust-policy", current, "list_accepted");
}

void trust_list_text_cases() {
  const int B = 12;
  const std::string current = "trust-current";
  list_case(B, "qt1-accepted-first", "trust-current as a QT1 text (raw body); no list held.",
            offer_text(current, form::raw), pinned, std::nullopt, "list_accepted");
  list_case(B, "qt1-accepted-zlib", "trust-next as a QT1 text with a zlib body; trust-current held.",
            offer_text("trust-next", form::zlib), pinned, current, "list_accepted");
  list_case(B, "qt1-unchanged", "trust-current held; its QT1 text scanned again.",
            offer_text(current, form::raw), pinned, current, "list_unchanged");
  list_case(B, "qt1-rollback", "trust-current held; trust-rollback's QT1 text scanned.",
            offer_text("trust-rollback", form::raw), pinned, current, "list_rollback");
  list_case(B, "qt1-unknown-root", "A QT1 sheet signed by root-other.",
            offer_text("trust-unknown-root", form::raw), pinned, current, "list_unknown_root");
  list_case(B, "qt1-bad-signature", "A QT1 sheet whose signature has a flipped bit.",
            offer_text("trust-bad-signature", form::raw), pinned, current, "list_bad_signature");
  list_case(B, "qt1-signed-as-credential",
            "A QT1 sheet whose list is signed over the credential external_aad.",
            offer_text("trust-signed-as-credential", form::raw), pinned, current,
            "list_bad_signature");
  list_case(B, "qt1-malformed-list", "A QT1 sheet of trust-bad-label.",
            offer_text("trust-bad-label", form::raw), pinned, current, "list_malformed", "parse");
  {
    std::string t = offer_text("trust-next", form::raw).text;
    t[8] = 'a';
    list_case(B, "qt1-bad-base45", "trust-next's QT1 text with a lower-case letter in it.",
              offer_bad_text(t, "Base45 decoding fails"), pinned, current, "list_malformed",
              "text");
    t = offer_text("trust-next", form::raw).text;
    list_case(B, "qt1-lowercase-prefix", "\"qt1:\" instead of \"QT1:\".",
              offer_bad_text("qt1:" + t.substr(4), "the prefix is not QT1:"), pinned, current,
              "list_malformed", "text");
  }
  list_case(B, "qt1-credential-text", "A credential's QS1 text offered as a key update.",
            offer_bad_text(issue(base_claims("valid")).text, "the prefix is not QT1:"), pinned,
            current, "list_malformed", "text");
  {
    list_offer_input in = offer_text("trust-next", form::zlib);
    in.body = cat({*in.body, lit({0x00})});
    in.text = qt1(*in.body);
    in.cose.reset();
    in.notes["cose_hex"] = "not produced: bytes follow the end of the zlib stream";
    list_case(B, "qt1-zlib-trailing-byte", "trust-next's zlib body followed by a byte 0x00.", in,
              pinned, current, "list_malformed", "text");
  }
}

void revocation_list_file_cases() {
  const int B = 13;
  auto offer = [&](const std::string& name, const std::string& description,
                   const std::string& file, std::optional<std::string> held,
                   const std::string& result, const std::string& step = "") {
    list_case(B, name, description, offer_file("revocation_list", file), pinned, held, result,
              step);
  };
  const std::string current = "revocation-current";
  offer("accepted-first", "No list held; revocation-current (seq 3) offered.", current,
        std::nullopt, "list_accepted");
  offer("accepted-higher-seq", "revocation-current held; revocation-next (seq 4) offered.",
        "revocation-next", current, "list_accepted");
  offer("unchanged", "revocation-current held and offered again.", current, current,
        "list_unchanged");
  offer("rollback-lower-seq", "revocation-current held; revocation-rollback (seq 1) offered.",
        "revocation-rollback", current, "list_rollback");
  offer("rollback-stale-list", "revocation-current held; revocation-stale (seq 2) offered.",
        "revocation-stale", current, "list_rollback");
  offer("rollback-same-seq-other-bytes",
        "revocation-current held; revocation-same-seq (seq 3, one prefix less) offered: an "
        "attempt to un-revoke.",
        "revocation-same-seq", current, "list_rollback");
  offer("unknown-root", "Signed by root-other.", "revocation-unknown-root", current,
        "list_unknown_root");
  offer("bad-signature", "A flipped bit in the signature.", "revocation-bad-signature", current,
        "list_bad_signature");
  offer("signed-as-trust-list",
        "A revocation payload signed over the trust-list external_aad.",
        "revocation-signed-as-trust-list", current, "list_bad_signature");
  offer("signed-as-credential",
        "A revocation payload signed over the credential external_aad.",
        "revocation-signed-as-credential", current, "list_bad_signature");
  offer("malformed-length", "A blob of 12 bytes.", "revocation-length-12", current,
        "list_malformed", "parse");
  offer("malformed-descending", "Prefixes that descend.", "revocation-descending", current,
        "list_malformed", "parse");
  offer("malformed-duplicate-prefix", "One prefix twice (not strictly ascending).",
        "revocation-duplicate-prefix", current, "list_malformed", "parse");
  offer("malformed-label", "The label of a trust list.", "revocation-bad-label", current,
        "list_malformed", "parse");
  offer("malformed-extra-key", "A key 6 in a revocation list.", "revocation-extra-key-6", current,
        "list_malformed", "parse");
  offer("malformed-blob-array", "The prefixes as an array.", "revocation-blob-array", current,
        "list_malformed", "parse");
  offer("malformed-trust-list-offered", "trust-current offered as a revocation list.",
        "trust-current", current, "list_malformed", "parse");
  offer("empty-list-accepted", "revocation-empty (seq 5, empty blob) over revocation-current.",
        "revocation-empty", current, "list_accepted");
}

// ---------------------------------------------------------------------------------------------
// 14xx: images. PNG renderings; the photo-like one is rotated, keystoned, unevenly lit, blurred
// and noisy, all in integer arithmetic with a fixed seed.

json& images_json() {
  static json images = json::array();
  return images;
}

std::uint64_t splitmix64(std::uint64_t& state) {
  state += 0x9E3779B97F4A7C15ull;
  std::uint64_t z = state;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

gray_image photo_like(const gray_image& src) {
  const int S = src.width;
  const int D = S + S / 3;
  // About 8 degrees: cos and sin in units of 1/65536.
  constexpr std::int64_t c = 64898, s = 9121;
  std::vector<int> img(static_cast<std::size_t>(D * D));
  auto px = [&](std::int64_t x, std::int64_t y) -> int {
    if (x < 0 || y < 0 || x >= S || y >= S) return 255;
    return src.pixels[static_cast<std::size_t>(y * S + x)];
  };
  for (int y = 0; y < D; ++y)
    for (int x = 0; x < D; ++x) {
      const std::int64_t dx = x - D / 2, dy = y - D / 2;
      std::int64_t sx = c * dx + s * dy;  // 16.16 fixed point
      std::int64_t sy = -s * dx + c * dy;
      // Perspective (a projective map, so lines stay straight): the code's top edge is further
      // from the camera than its bottom edge, as when a phone is held at a slant.
      const std::int64_t w = 65536 + (sy >> 16) * 32;
      sx = sx * 65536 / w;
      sy = sy * 65536 / w;
      const std::int64_t fx = sx + (std::int64_t{S / 2} << 16);
      const std::int64_t fy = sy + (std::int64_t{S / 2} << 16);
      const std::int64_t ix = fx >> 16, iy = fy >> 16;
      const std::int64_t ax = (fx >> 8) & 255, ay = (fy >> 8) & 255;
      const std::int64_t top = px(ix, iy) * (256 - ax) + px(ix + 1, iy) * ax;
      const std::int64_t bottom = px(ix, iy + 1) * (256 - ax) + px(ix + 1, iy + 1) * ax;
      const std::int64_t v = (top * (256 - ay) + bottom * ay) >> 16;
      // Ink is not black nor paper white, and the light falls off towards one corner.
      const std::int64_t inked = 38 + v * (214 - 38) / 255;
      const std::int64_t light = 256 - 64 * (x + y) / (2 * D);
      img[static_cast<std::size_t>(y * D + x)] = static_cast<int>(inked * light / 256);
    }
  // Two 3x3 box blurs: about a Gaussian of one pixel, like a slightly soft focus.
  for (int pass = 0; pass < 2; ++pass) {
    std::vector<int> out(img.size());
    for (int y = 0; y < D; ++y)
      for (int x = 0; x < D; ++x) {
        int sum = 0, count = 0;
        for (int ky = -1; ky <= 1; ++ky)
          for (int kx = -1; kx <= 1; ++kx) {
            const int xx = x + kx, yy = y + ky;
            if (xx < 0 || yy < 0 || xx >= D || yy >= D) continue;
            sum += img[static_cast<std::size_t>(yy * D + xx)];
            ++count;
          }
        out[static_cast<std::size_t>(y * D + x)] = sum / count;
      }
    img = std::move(out);
  }
  std::uint64_t state = 0x716573ea1ull;  // fixed seed
  gray_image out;
  out.width = D;
  out.height = D;
  out.pixels.resize(img.size());
  for (std::size_t i = 0; i < img.size(); ++i) {
    const int noise = static_cast<int>(splitmix64(state) % 25) - 12;
    out.pixels[i] = static_cast<std::uint8_t>(std::clamp(img[i] + noise, 0, 255));
  }
  return out;
}

std::string add_image(image_style style, const std::string& id, const std::string& name,
                      const std::string& text, const std::string& description) {
  const qr_matrix m = must(encode_qr(text, ecc_level::M), "encode_qr " + id);
  render_options o;
  o.module_px = 4;
  o.quiet_zone = 4;
  gray_image img = rasterize(m, o);
  std::string style_name = "clean";
  if (style == image_style::dark) {
    for (auto& p : img.pixels) p = static_cast<std::uint8_t>(255 - p);
    style_name = "dark";
  } else if (style == image_style::photo) {
    img = photo_like(img);
    style_name = "photo";
  }
  const std::string path = "images/" + id + "-" + name + ".png";
  put_file(path, png_gray8(img));
  json j;
  j["file"] = path;
  j["case"] = "cases/" + id + "-" + name + ".json";
  j["style"] = style_name;
  j["qr_version"] = m.version;
  j["ecc"] = "M";
  j["width"] = img.width;
  j["height"] = img.height;
  j["text"] = text;
  j["description"] = description;
  images_json().push_back(j);
  return path;
}

void image_cases() {
  const int B = 14;
  const cred v = issue(base_claims("image"));
  credential_case(B, "image-clean",
                  "A valid credential rendered as a clean PNG (4 px per module, quiet zone 4).", v,
                  ctx, {"valid"}, image_style::clean);
  credential_case(B, "image-dark-mode",
                  "A valid credential rendered inverted, as a dark-mode phone shows it (light "
                  "modules on dark).", v,
                  ctx, {"valid"}, image_style::dark);
  credential_case(B, "image-photo",
                  "A valid credential as a photo would show it: rotated about 8 degrees, in "
                  "perspective, grey ink on grey paper under uneven light, blurred and noisy.",
                  v, ctx, {"valid"}, image_style::photo);
  {
    claims lc = base_claims("image-live");
    lc.holder_key = key("holder").public_key();
    credential_case(B, "image-live-code", "A live code as the holder's phone shows it.",
                    live_code(issue(lc), "holder", static_cast<std::uint64_t>(now0)), ctx,
                    {"valid"}, image_style::clean);
  }
  credential_case(B, "image-revoked", "A revoked credential's code: scanned, then revoked.",
                  issue(base_claims("revoked-image")), ctx, {"revoked"}, image_style::clean);
  list_case(B, "image-trust-list-sheet",
            "A printed key-update sheet: trust-next as QT1 with trust-current held.",
            offer_text("trust-next", form::raw), pinned, "trust-current", "list_accepted", "",
            image_style::clean);
}

// ---------------------------------------------------------------------------------------------

const char* readme_text =
    "# qrseal conformance vectors\n"
    "\n"
    "Generated by tests/vectors/generate_vectors.cpp from fixed seeds; do not edit by hand.\n"
    "How to use them, the case schema and the list of cases: docs/conformance.md.\n"
    "\n"
    "- keys/: the Ed25519 keys (seed, public key, kid) as JSON, and .pub files for the CLI\n"
    "- lists/: trust lists and revocation lists (.cose), described in lists/lists.json\n"
    "- cases/: one case per file, NNNN-name.json; index.json lists them all\n"
    "- images/: PNG renderings of some cases, described in images/images.json\n";

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: generate_vectors OUTDIR   (writes OUTDIR/{keys,lists,cases,images})\n";
    return 2;
  }
  if (sodium_init() < 0) die("libsodium could not be initialised");
  make_keys();
  make_lists();
  {
    // A credential offered as a trust list (11xx).
    list_meta m;
    m.type = "credential";
    m.signed_by = "issuer-a";
    m.signed_as = document_type::credential;
    m.defect = "a credential, not a list";
    add_list("credential-not-a-list", "A valid credential's COSE_Sign1 (not a list at all).",
             *issue(base_claims("valid")).cose, m);
  }
  text_and_body_cases();
  strict_cbor_cases();
  claims_cases();
  cose_cases();
  key_and_signature_cases();
  time_cases();
  revocation_cases();
  live_cases();
  policy_cases();
  staleness_and_clock_cases();
  trust_list_file_cases();
  trust_list_text_cases();
  revocation_list_file_cases();
  image_cases();

  json lists = json::array();
  for (const auto& l : all_lists()) lists.push_back(l.desc);
  put_json("lists/lists.json", lists);
  put_json("images/images.json", images_json());
  json index;
  index["schema"] = "qrseal-conformance/1";
  index["generator"] = "tests/vectors/generate_vectors.cpp";
  index["cases"] = index_json();
  put_json("index.json", index);
  put_file("README.md", to_bytes(readme_text));

  const fs::path out = argv[1];
  std::error_code ec;
  for (const char* sub : {"keys", "lists", "cases", "images"}) {
    fs::remove_all(out / sub, ec);
    if (ec) die("cannot clear " + (out / sub).string() + ": " + ec.message());
    fs::create_directories(out / sub, ec);
    if (ec) die("cannot create " + (out / sub).string() + ": " + ec.message());
  }
  for (const auto& [path, content] : out_files()) {
    std::ofstream f(out / path, std::ios::binary | std::ios::trunc);
    f.write(reinterpret_cast<const char*>(content.data()),
            static_cast<std::streamsize>(content.size()));
    if (!f) die("cannot write " + (out / path).string());
  }
  std::cout << "generate_vectors: wrote " << out_files().size() << " files ("
            << index_json().size() << " cases) to " << out.string() << "\n";
  return 0;
}
