#include <sodium.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <qrseal/cose.hpp>
#include <qrseal/detail/cbor.hpp>
#include <qrseal/hex.hpp>
#include <qrseal/lists.hpp>

namespace qrseal {
namespace {

constexpr std::string_view trust_label = "trust-list/1";
constexpr std::string_view revocation_label = "revocation-list/1";

enum : std::int64_t {
  key_label = 1,
  key_seq = 2,
  key_issued_at = 3,
  key_next_update = 4,
  key_body = 5,
  key_policy = 6
};
enum : std::int64_t {
  entry_kid = 1,
  entry_key = 2,
  entry_iss = 3,
  entry_not_before = 4,
  entry_not_after = 5
};
enum : std::int64_t {
  policy_accepted = 1,
  policy_max_test_age = 2,
  policy_require_live = 3,
  policy_max_stale = 4,
  policy_max_validity = 5
};

struct list_error {
  std::string message;
};

list_error malformed(std::string where, std::string why) { return {where + " " + why}; }

// The common header of both lists: {1: label, 2: seq, 3: issued_at, 4: next_update, 5: ...}.
struct list_header {
  std::uint64_t seq = 0, issued_at = 0, next_update = 0;
  const cbor::item* body = nullptr;
  const cbor::item* policy = nullptr;
};

std::optional<list_error> read_header(const cbor::item& map, std::string_view label,
                                      bool policy_allowed, list_header& out) {
  if (map.type != cbor::kind::map) return malformed("payload", "is not a map");
  const cbor::item* slot[7] = {};
  for (std::size_t i = 0; i < map.map_size(); ++i) {
    const cbor::item& k = map.map_key(i);
    if (k.type != cbor::kind::uint || k.value < 1 || k.value > key_policy)
      return malformed("payload", "has an extra key");
    slot[k.value] = &map.map_value(i);
  }
  for (std::int64_t k = key_label; k <= key_body; ++k)
    if (!slot[k]) return malformed("payload", "is missing key " + std::to_string(k));
  if (slot[key_label]->type != cbor::kind::text || slot[key_label]->text() != label) {
    // A swapped file is the likely cause: say what it is, not only what it is not.
    const std::string_view other = label == trust_label ? revocation_label : trust_label;
    if (slot[key_label]->type == cbor::kind::text && slot[key_label]->text() == other)
      return {{label == trust_label ? "this is a revocation list, not a trust list"
                                    : "this is a trust list, not a revocation list"}};
    return malformed("label (1)", "is not \"" + std::string(label) + "\"");
  }
  if (slot[key_policy] && !policy_allowed) return malformed("payload", "has an extra key");
  const char* names[] = {"", "", "seq (2)", "issued_at (3)", "next_update (4)"};
  for (std::int64_t k = key_seq; k <= key_next_update; ++k)
    if (slot[k]->type != cbor::kind::uint) return malformed(names[k], "is not an unsigned integer");
  out.seq = slot[key_seq]->value;
  out.issued_at = slot[key_issued_at]->value;
  out.next_update = slot[key_next_update]->value;
  out.body = slot[key_body];
  out.policy = slot[key_policy];
  return std::nullopt;
}

std::optional<list_error> read_policy(const cbor::item& map, authority_policy& out) {
  if (map.type != cbor::kind::map) return malformed("policy (6)", "is not a map");
  for (std::size_t i = 0; i < map.map_size(); ++i) {
    const cbor::item& k = map.map_key(i);
    const cbor::item& v = map.map_value(i);
    if (k.type != cbor::kind::uint || k.value < 1 || k.value > policy_max_validity)
      return malformed("policy (6)", "has an unknown key");
    if (k.value == policy_accepted) {
      if (v.type != cbor::kind::array) return malformed("policy.accepted", "is not an array");
      std::vector<health_status> statuses;
      for (const cbor::item& s : v.children) {
        if (s.type != cbor::kind::uint || s.value > 2)
          return malformed("policy.accepted", "holds something other than 0, 1 or 2");
        statuses.push_back(static_cast<health_status>(s.value));
      }
      out.accepted = std::move(statuses);
      continue;
    }
    if (v.type != cbor::kind::uint)
      return malformed("policy (6)", "value is not an unsigned integer");
    switch (k.value) {
      case policy_max_test_age:
        out.max_test_age = v.value;
        break;
      case policy_require_live:
        if (v.value > 1) return malformed("policy.require_live", "is not 0 or 1");
        out.require_live = v.value == 1;
        break;
      case policy_max_stale:
        out.max_stale = v.value;
        break;
      case policy_max_validity:
        out.max_validity = v.value;
        break;
      default:
        break;
    }
  }
  return std::nullopt;
}

// `roots` are the pinned roots; `signer` the kid in the COSE header (all an unchecked read has).
std::optional<list_error> read_entries(const cbor::item& array, std::span<const public_key> roots,
                                       const key_id& signer, std::vector<trust_entry>& out) {
  if (array.type != cbor::kind::array) return malformed("entries (5)", "is not an array");
  std::map<key_id, public_key> key_of_kid;
  out.reserve(array.children.size());
  for (std::size_t n = 0; n < array.children.size(); ++n) {
    const cbor::item& e = array.children[n];
    const std::string where = "entry " + std::to_string(n + 1);
    if (e.type != cbor::kind::map || e.map_size() != 5)
      return malformed(where, "is not a map of exactly keys 1-5");
    for (std::size_t i = 0; i < 5; ++i)
      if (!e.map_key(i).equals_integer(static_cast<std::int64_t>(i + 1)))
        return malformed(where, "is not a map of exactly keys 1-5");
    const cbor::item& kid = e.map_value(0);
    const cbor::item& key = e.map_value(1);
    const cbor::item& iss = e.map_value(2);
    const cbor::item& nb = e.map_value(3);
    const cbor::item& na = e.map_value(4);
    if (kid.type != cbor::kind::bytes || kid.content.size() != 8)
      return malformed(where, "kid is not an 8-byte string");
    if (key.type != cbor::kind::bytes || key.content.size() != 32)
      return malformed(where, "key is not a 32-byte string");
    if (iss.type != cbor::kind::text || iss.content.empty() || iss.content.size() > max_iss_bytes)
      return malformed(where, "iss is not a text of 1-32 bytes");
    if (nb.type != cbor::kind::uint || na.type != cbor::kind::uint)
      return malformed(where, "not_before/not_after are not unsigned integers");
    auto pk = public_key::from_bytes(key.content);
    if (!pk) return malformed(where, "key is unusable: " + pk.error().message);
    if (!std::equal(kid.content.begin(), kid.content.end(), pk->kid().begin()))
      return malformed(where,
                       "kid " + to_hex(kid.content) + " is not its key's kid " + to_hex(pk->kid()));
    for (const public_key& root : roots)
      if (root == *pk) return malformed(where, "names a pinned root key as an issuing key");
    if (pk->kid() == signer) return malformed(where, "names its signing root as an issuing key");
    auto [it, inserted] = key_of_kid.emplace(pk->kid(), *pk);
    if (!inserted && !(it->second == *pk))
      return malformed(where, "kid " + to_hex(pk->kid()) + " is used by two different keys");
    out.push_back(trust_entry{*pk, std::string(iss.text()), nb.value, na.value});
  }
  return std::nullopt;
}

// The strict parse shared by the checked and the unchecked read; the signature is not looked at.
// `parse_payload(payload, signer_kid, list)` fills the list.
template <class List, class ParsePayload>
loaded_list<List> parse_list(std::span<const std::uint8_t> bytes, std::string_view what,
                             ParsePayload parse_payload, std::optional<cose_sign1>& cose) {
  loaded_list<List> out;
  auto fail = [&](std::string message) {
    out.result = list_result::malformed;
    out.message = std::string(what) + ": " + std::move(message);
    return std::move(out);
  };
  if (bytes.size() > max_list_file_bytes) return fail("larger than 128 MiB");
  auto parsed = parse_cose_sign1(bytes);
  if (!parsed) return fail(parsed.error().message);
  auto payload = cbor::decode_strict(parsed->payload);
  if (!payload) return fail("payload: " + payload.error().message);
  List list;
  if (auto e = parse_payload(*payload, parsed->kid, list)) return fail(e->message);
  cose = *parsed;
  out.list = std::move(list);
  out.signer = parsed->kid;
  return out;
}

template <class List, class ParsePayload>
loaded_list<List> load_list(std::span<const std::uint8_t> bytes, std::span<const public_key> roots,
                            document_type type, std::string_view what, ParsePayload parse_payload) {
  std::optional<cose_sign1> cose;
  loaded_list<List> out = parse_list<List>(bytes, what, parse_payload, cose);
  if (!cose) return out;
  auto fail = [&](list_result r, std::string message) {
    out.result = r;
    out.message = std::string(what) + ": " + std::move(message);
    out.list.reset();
    out.signer = {};
    return std::move(out);
  };
  const public_key* signer = nullptr;
  for (const public_key& root : roots)
    if (root.kid() == cose->kid) signer = &root;
  if (!signer)
    return fail(list_result::unknown_root,
                "signed by kid " + to_hex(cose->kid) + ", which is not a pinned root key");
  if (!cose->alg_is_eddsa)
    return fail(list_result::bad_signature, "alg is not EdDSA (-8), so the signature cannot hold");
  if (!verify_cose_sign1(*cose, type, *signer))
    return fail(list_result::bad_signature,
                "signature does not verify with root " + to_hex(cose->kid));
  out.result = list_result::accepted;
  out.message = std::string(what) + ": signature by root " + to_hex(cose->kid) + " verified";
  return out;
}

template <class List, class ParsePayload>
loaded_list<List> read_list_unchecked(std::span<const std::uint8_t> bytes, std::string_view what,
                                      ParsePayload parse_payload) {
  std::optional<cose_sign1> cose;
  loaded_list<List> out = parse_list<List>(bytes, what, parse_payload, cose);
  if (!cose) return out;
  out.result = list_result::accepted;
  out.message =
      std::string(what) + ": parsed; signature by kid " + to_hex(cose->kid) + " NOT checked";
  return out;
}

void write_header(cbor::writer& w, std::string_view label, std::uint64_t seq,
                  std::uint64_t issued_at, std::uint64_t next_update, bool has_policy) {
  w.map(has_policy ? 6 : 5);
  w.uint(key_label).text(label);
  w.uint(key_seq).uint(seq);
  w.uint(key_issued_at).uint(issued_at);
  w.uint(key_next_update).uint(next_update);
  w.uint(key_body);
}

}  // namespace

result<std::uint64_t> parse_seq(std::string_view text) {
  std::uint64_t value = 0;
  bool ok = !text.empty() && text.size() <= 20;
  for (const char c : text) {
    if (!ok) break;
    const auto digit = static_cast<unsigned>(c - '0');
    ok = digit <= 9 && value <= (UINT64_MAX - digit) / 10;
    if (ok) value = value * 10 + digit;
  }
  if (!ok)
    return error{errc::invalid_argument,
                 "'" + std::string(text) +
                     "' is not a sequence number (decimal digits, 0 to 18446744073709551615)"};
  return value;
}

std::string_view to_string(list_result r) noexcept {
  switch (r) {
    case list_result::accepted:
      return "list_accepted";
    case list_result::unchanged:
      return "list_unchanged";
    case list_result::rollback:
      return "list_rollback";
    case list_result::unknown_root:
      return "list_unknown_root";
    case list_result::bad_signature:
      return "list_bad_signature";
    case list_result::malformed:
      return "list_malformed";
  }
  return "list_unknown";
}

errc error_code_of(list_result r) noexcept {
  switch (r) {
    case list_result::rollback:
      return errc::list_rollback;
    case list_result::unknown_root:
      return errc::list_unknown_root;
    case list_result::bad_signature:
      return errc::list_bad_signature;
    default:
      return errc::list_malformed;
  }
}

bool allows_signing(const trust_list& list, const key_id& kid, std::string_view iss,
                    std::uint64_t iat) noexcept {
  for (const trust_entry& e : list.entries)
    if (e.key.kid() == kid && e.iss == iss && e.not_before <= iat && iat <= e.not_after)
      return true;
  return false;
}

revocation_prefix revocation_prefix_of(const credential_id& cti) noexcept {
  std::uint8_t digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, cti.data(), cti.size());
  revocation_prefix out;
  std::memcpy(out.data(), digest, out.size());
  return out;
}

bool revocation_list::contains(const credential_id& cti) const noexcept {
  return contains(revocation_prefix_of(cti));
}

bool revocation_list::contains(const revocation_prefix& prefix) const noexcept {
  std::size_t lo = 0, hi = size();
  while (lo < hi) {
    const std::size_t mid = lo + (hi - lo) / 2;
    const int c = std::memcmp(prefixes.data() + mid * 8, prefix.data(), 8);
    if (c == 0) return true;
    if (c < 0)
      lo = mid + 1;
    else
      hi = mid;
  }
  return false;
}

result<std::vector<std::uint8_t>> sign_trust_list(const trust_list& list, const secret_key& root) {
  std::map<key_id, public_key> key_of_kid;
  for (const trust_entry& e : list.entries) {
    if (e.key == root.public_key())
      return error{errc::key_is_root, "trust list: the root key cannot also be an issuing key"};
    if (e.iss.empty() || e.iss.size() > max_iss_bytes)
      return error{errc::invalid_argument, "trust list: iss '" + e.iss + "' must have 1-32 bytes"};
    auto [it, inserted] = key_of_kid.emplace(e.key.kid(), e.key);
    if (!inserted && !(it->second == e.key))
      return error{errc::invalid_argument,
                   "trust list: two different keys share kid " + to_hex(e.key.kid())};
  }
  cbor::writer w;
  write_header(w, trust_label, list.seq, list.issued_at, list.next_update, list.policy.has_value());
  w.array(list.entries.size());
  for (const trust_entry& e : list.entries) {
    w.map(5);
    w.uint(entry_kid).bytes(e.key.kid());
    w.uint(entry_key).bytes(e.key.bytes());
    w.uint(entry_iss).text(e.iss);
    w.uint(entry_not_before).uint(e.not_before);
    w.uint(entry_not_after).uint(e.not_after);
  }
  if (list.policy) {
    const authority_policy& p = *list.policy;
    w.uint(key_policy);
    w.map((p.accepted ? 1 : 0) + (p.max_test_age ? 1 : 0) + (p.require_live ? 1 : 0) +
          (p.max_stale ? 1 : 0) + (p.max_validity ? 1 : 0));
    if (p.accepted) {
      w.uint(policy_accepted).array(p.accepted->size());
      for (health_status s : *p.accepted) w.uint(static_cast<std::uint64_t>(s));
    }
    if (p.max_test_age) w.uint(policy_max_test_age).uint(*p.max_test_age);
    if (p.require_live) w.uint(policy_require_live).uint(*p.require_live ? 1 : 0);
    if (p.max_stale) w.uint(policy_max_stale).uint(*p.max_stale);
    if (p.max_validity) w.uint(policy_max_validity).uint(*p.max_validity);
  }
  return sign_cose_sign1(document_type::trust_list, w.data(), root);
}

result<std::vector<std::uint8_t>> sign_revocation_list(std::uint64_t seq, std::uint64_t issued_at,
                                                       std::uint64_t next_update,
                                                       std::vector<revocation_prefix> revoked,
                                                       const secret_key& root) {
  std::sort(revoked.begin(), revoked.end());
  revoked.erase(std::unique(revoked.begin(), revoked.end()), revoked.end());
  std::vector<std::uint8_t> blob;
  blob.reserve(revoked.size() * 8);
  for (const auto& p : revoked) blob.insert(blob.end(), p.begin(), p.end());
  cbor::writer w;
  w.reserve(blob.size() + 64);
  write_header(w, revocation_label, seq, issued_at, next_update, false);
  w.bytes(blob);
  return sign_cose_sign1(document_type::revocation_list, w.data(), root);
}

namespace {

std::optional<list_error> parse_trust_payload(const cbor::item& payload,
                                              std::span<const public_key> roots,
                                              const key_id& signer, trust_list& list) {
  list_header h;
  if (auto e = read_header(payload, trust_label, true, h)) return e;
  list.seq = h.seq;
  list.issued_at = h.issued_at;
  list.next_update = h.next_update;
  if (auto e = read_entries(*h.body, roots, signer, list.entries)) return e;
  if (h.policy) {
    authority_policy p;
    if (auto e = read_policy(*h.policy, p)) return e;
    list.policy = std::move(p);
  }
  return std::nullopt;
}

std::optional<list_error> parse_revocation_payload(const cbor::item& payload, const key_id&,
                                                   revocation_list& list) {
  list_header h;
  if (auto e = read_header(payload, revocation_label, false, h)) return e;
  list.seq = h.seq;
  list.issued_at = h.issued_at;
  list.next_update = h.next_update;
  const cbor::item& blob = *h.body;
  if (blob.type != cbor::kind::bytes) return malformed("prefixes (5)", "is not a byte string");
  if (blob.content.size() % 8 != 0)
    return malformed("prefixes (5)",
                     "length " + std::to_string(blob.content.size()) + " is not a multiple of 8");
  for (std::size_t i = 8; i < blob.content.size(); i += 8)
    if (std::memcmp(blob.content.data() + i - 8, blob.content.data() + i, 8) >= 0)
      return malformed("prefixes (5)",
                       "entry " + std::to_string(i / 8 + 1) + " does not strictly ascend");
  list.prefixes.assign(blob.content.begin(), blob.content.end());
  return std::nullopt;
}

}  // namespace

loaded_list<trust_list> load_trust_list(std::span<const std::uint8_t> bytes,
                                        std::span<const public_key> roots) {
  return load_list<trust_list>(
      bytes, roots, document_type::trust_list, "trust list",
      [&](const cbor::item& payload, const key_id& signer, trust_list& list) {
        return parse_trust_payload(payload, roots, signer, list);
      });
}

loaded_list<revocation_list> load_revocation_list(std::span<const std::uint8_t> bytes,
                                                  std::span<const public_key> roots) {
  return load_list<revocation_list>(bytes, roots, document_type::revocation_list, "revocation list",
                                    parse_revocation_payload);
}

loaded_list<trust_list> read_trust_list_unchecked(std::span<const std::uint8_t> bytes) {
  return read_list_unchecked<trust_list>(
      bytes, "trust list", [](const cbor::item& payload, const key_id& signer, trust_list& list) {
        return parse_trust_payload(payload, {}, signer, list);
      });
}

loaded_list<revocation_list> read_revocation_list_unchecked(std::span<const std::uint8_t> bytes) {
  return read_list_unchecked<revocation_list>(bytes, "revocation list", parse_revocation_payload);
}

}  // namespace qrseal
