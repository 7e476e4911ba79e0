// Shared test fixtures: deterministic keys from fixed seeds, default claims for a green person
// with a negative test, and helpers that build and sign trust and revocation lists.
#pragma once

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <cstdlib>
#include <qrseal/claims.hpp>
#include <qrseal/cose.hpp>
#include <qrseal/detail/cbor.hpp>
#include <qrseal/issuer.hpp>
#include <qrseal/keys.hpp>
#include <qrseal/lists.hpp>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace qrseal::fixtures {

using bytes = std::vector<std::uint8_t>;

inline constexpr std::uint64_t minute = 60;
inline constexpr std::uint64_t hour = 60 * minute;
inline constexpr std::uint64_t day = 24 * hour;

// 2023-11-14T22:13:20Z: the issuing time of the default credential.
inline constexpr std::uint64_t t0 = 1'700'000'000;
// A time at which the default credential and the default lists are all fine.
inline constexpr std::int64_t now0 = static_cast<std::int64_t>(t0 + hour);

inline constexpr std::string_view default_iss = "CN-610100";

// A key from a seed of 32 times `fill`. Seeds never give a weak key, so failure is a bug.
inline secret_key key_from_fill(std::uint8_t fill) {
  std::array<std::uint8_t, 32> seed{};
  seed.fill(fill);
  auto key = secret_key::from_seed(seed);
  if (!key) std::abort();
  return std::move(key).value();
}

inline const secret_key& root_key() {
  static const secret_key key = key_from_fill(0x11);
  return key;
}
// A second root, pinned in some tests, never in the default verifier.
inline const secret_key& root2_key() {
  static const secret_key key = key_from_fill(0x12);
  return key;
}
inline const secret_key& issuer_a() {
  static const secret_key key = key_from_fill(0xA1);
  return key;
}
inline const secret_key& issuer_b() {
  static const secret_key key = key_from_fill(0xB2);
  return key;
}
inline const secret_key& holder_key() {
  static const secret_key key = key_from_fill(0xC3);
  return key;
}

inline std::vector<public_key> pinned_roots() { return {root_key().public_key()}; }

// A green person with a negative test taken an hour before issue, issued by issuer A at t0 for
// a week, without cnf.
inline claims default_claims() {
  claims c;
  c.iss = std::string(default_iss);
  c.iat = t0;
  c.exp = t0 + 7 * day;
  for (std::size_t i = 0; i < c.cti.size(); ++i) c.cti[i] = static_cast<std::uint8_t>(0x40 + i);
  c.status.status = health_status::green;
  c.status.name = "张*明";
  c.status.id_hint = "1234";
  c.status.test = test_info{false, t0 - hour, std::string("XA-01")};
  return c;
}

// The same, bound to the holder key (cnf), so it can be shown as a live code.
inline claims default_claims_with_cnf() {
  claims c = default_claims();
  c.holder_key = holder_key().public_key();
  return c;
}

inline trust_entry entry_for(const secret_key& key, std::string_view iss = default_iss,
                             std::uint64_t not_before = t0 - 365 * day,
                             std::uint64_t not_after = t0 + 365 * day) {
  return trust_entry{key.public_key(), std::string(iss), not_before, not_after};
}

// Issuer A for the default iss over two years around t0; issued a day before t0, due a month
// after.
inline trust_list default_trust_list(std::uint64_t seq = 1) {
  trust_list list;
  list.seq = seq;
  list.issued_at = t0 - day;
  list.next_update = t0 + 30 * day;
  list.entries.push_back(entry_for(issuer_a()));
  return list;
}

inline bytes signed_trust_list(const trust_list& list, const secret_key& root = root_key()) {
  auto signed_list = sign_trust_list(list, root);
  if (!signed_list) {
    ADD_FAILURE() << "sign_trust_list: " << signed_list.error().message;
    return {};
  }
  return std::move(signed_list).value();
}

inline bytes signed_revocation_list(std::uint64_t seq, std::vector<revocation_prefix> revoked = {},
                                    std::uint64_t issued_at = t0 - day,
                                    std::uint64_t next_update = t0 + 7 * day,
                                    const secret_key& root = root_key()) {
  auto signed_list = sign_revocation_list(seq, issued_at, next_update, std::move(revoked), root);
  if (!signed_list) {
    ADD_FAILURE() << "sign_revocation_list: " << signed_list.error().message;
    return {};
  }
  return std::move(signed_list).value();
}

// QS1 text of `c` signed by `key`, through the real issuer.
inline std::string issue(const claims& c, const secret_key& key = issuer_a(),
                         compression body = compression::when_shorter) {
  auto text = issue_credential(c, key, issue_options{body});
  if (!text) {
    ADD_FAILURE() << "issue_credential: " << text.error().message;
    return {};
  }
  return std::move(text).value();
}

// A protected header {1: alg, 4: kid} written by hand, so tests can put any alg in it.
inline bytes protected_header(std::int64_t alg, const key_id& kid) {
  cbor::writer w;
  w.map(2).uint(1).integer(alg).uint(4).bytes(kid);
  return w.take();
}

// A tagged COSE_Sign1 with the given protected header and payload, signed by `key` over the
// Sig_structure of `type` (whatever the header says), with an empty unprotected header.
inline bytes hand_signed_cose(document_type type, std::span<const std::uint8_t> header,
                              std::span<const std::uint8_t> payload, const secret_key& key) {
  const signature sig = key.sign(sig_structure(type, header, payload));
  cbor::writer w;
  w.tag(18).array(4).bytes(header).map(0).bytes(payload).bytes(sig);
  return w.take();
}

}  // namespace qrseal::fixtures
