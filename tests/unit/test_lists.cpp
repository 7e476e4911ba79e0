// Trust lists and revocation lists (spec §3): signing and loading round trips, and every
// list_result of load_*. Broken payloads are written by hand with cbor::writer and signed by
// the pinned root, so each test differs from a valid list in exactly one defect.
#include <gtest/gtest.h>
#include <sodium.h>

#include <algorithm>
#include <cstring>
#include <functional>
#include <map>
#include <qrseal/cose.hpp>
#include <qrseal/detail/cbor.hpp>
#include <qrseal/lists.hpp>
#include <string>
#include <vector>

#include "fixtures.hpp"

namespace qrseal {
namespace {

using namespace fixtures;

// A payload map as key -> already-encoded value; std::map keeps the small uint keys in
// deterministic order.
using fields = std::map<std::uint64_t, bytes>;

bytes encode_map(const fields& f) {
  cbor::writer w;
  w.map(f.size());
  for (const auto& [k, v] : f) w.uint(k).raw(v);
  return w.take();
}

bytes text_item(std::string_view s) {
  cbor::writer w;
  w.text(s);
  return w.take();
}

bytes uint_item(std::uint64_t v) {
  cbor::writer w;
  w.uint(v);
  return w.take();
}

bytes bytes_item(std::span<const std::uint8_t> b) {
  cbor::writer w;
  w.bytes(b);
  return w.take();
}

struct raw_entry {
  bytes kid;
  bytes key;
  std::string iss;
  std::uint64_t not_before = 0;
  std::uint64_t not_after = 0;
};

raw_entry raw_entry_for(const public_key& key) {
  return raw_entry{bytes(key.kid().begin(), key.kid().end()),
                   bytes(key.bytes().begin(), key.bytes().end()), std::string(default_iss),
                   t0 - 365 * day, t0 + 365 * day};
}

// A raw 32-byte key with its own (correct) kid, whatever the bytes are.
raw_entry raw_entry_for_bytes(const bytes& key) {
  std::array<std::uint8_t, 32> raw{};
  std::copy(key.begin(), key.end(), raw.begin());
  const key_id kid = derive_kid(raw);
  return raw_entry{bytes(kid.begin(), kid.end()), key, std::string(default_iss), t0 - 365 * day,
                   t0 + 365 * day};
}

bytes entries_item(const std::vector<raw_entry>& entries) {
  cbor::writer w;
  w.array(entries.size());
  for (const raw_entry& e : entries) {
    w.map(5);
    w.uint(1).bytes(e.kid);
    w.uint(2).bytes(e.key);
    w.uint(3).text(e.iss);
    w.uint(4).uint(e.not_before);
    w.uint(5).uint(e.not_after);
  }
  return w.take();
}

// The same payload as sign_trust_list(default_trust_list()) writes.
fields default_trust_fields() {
  return {{1, text_item("trust-list/1")},
          {2, uint_item(1)},
          {3, uint_item(t0 - day)},
          {4, uint_item(t0 + 30 * day)},
          {5, entries_item({raw_entry_for(issuer_a().public_key())})}};
}

fields default_revocation_fields(const bytes& blob) {
  return {{1, text_item("revocation-list/1")},
          {2, uint_item(1)},
          {3, uint_item(t0 - day)},
          {4, uint_item(t0 + 7 * day)},
          {5, bytes_item(blob)}};
}

bytes concat_prefixes(std::vector<revocation_prefix> prefixes) {
  bytes out;
  for (const auto& p : prefixes) out.insert(out.end(), p.begin(), p.end());
  return out;
}

credential_id cti_with(std::uint8_t fill) {
  credential_id id{};
  id.fill(fill);
  return id;
}

class lists : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { ASSERT_GE(sodium_init(), 0); }

  const std::vector<public_key> roots_ = pinned_roots();

  loaded_list<trust_list> load_trust(std::span<const std::uint8_t> cose) {
    return load_trust_list(cose, roots_);
  }
  loaded_list<revocation_list> load_revocations(std::span<const std::uint8_t> cose) {
    return load_revocation_list(cose, roots_);
  }
  // Signs a hand-built trust payload with the pinned root under the trust-list external_aad.
  loaded_list<trust_list> load_trust_fields(const fields& f) {
    return load_trust(sign_cose_sign1(document_type::trust_list, encode_map(f), root_key()));
  }
  loaded_list<revocation_list> load_revocation_fields(const fields& f) {
    return load_revocations(
        sign_cose_sign1(document_type::revocation_list, encode_map(f), root_key()));
  }
};

#define EXPECT_LIST_RESULT(loaded, expected)                                      \
  do {                                                                            \
    const auto& loaded_ = (loaded);                                               \
    EXPECT_EQ(to_string(loaded_.result), to_string(expected)) << loaded_.message; \
    EXPECT_EQ(loaded_.list.has_value(), (expected) == list_result::accepted);     \
  } while (0)

// ---- trust list round trips ----------------------------------------------------------------

TEST_F(lists, trust_list_without_policy_round_trips) {
  trust_list list = default_trust_list(7);
  list.entries.push_back(entry_for(issuer_b(), "CN-110000", t0, t0 + 10 * day));
  const bytes cose = signed_trust_list(list);
  auto loaded = load_trust(cose);
  ASSERT_EQ(loaded.result, list_result::accepted) << loaded.message;
  ASSERT_TRUE(loaded.list);
  EXPECT_EQ(*loaded.list, list);
  EXPECT_FALSE(loaded.list->policy.has_value());
  EXPECT_EQ(loaded.signer, root_key().public_key().kid());
  EXPECT_FALSE(loaded.message.empty());
}

TEST_F(lists, trust_list_with_every_policy_field_round_trips) {
  trust_list list = default_trust_list(3);
  list.policy = authority_policy{std::vector{health_status::green, health_status::yellow}, 2 * day,
                                 true, day, 14 * day};
  auto loaded = load_trust(signed_trust_list(list));
  ASSERT_EQ(loaded.result, list_result::accepted) << loaded.message;
  ASSERT_TRUE(loaded.list);
  EXPECT_EQ(*loaded.list, list);
  ASSERT_TRUE(loaded.list->policy);
  EXPECT_EQ(loaded.list->policy->require_live, std::optional<bool>(true));
  EXPECT_EQ(loaded.list->policy->max_validity, std::optional<std::uint64_t>(14 * day));
}

TEST_F(lists, trust_list_policy_require_live_false_and_empty_accept_round_trip) {
  trust_list list = default_trust_list();
  list.policy = authority_policy{};
  list.policy->require_live = false;
  list.policy->accepted = std::vector<health_status>{};
  auto loaded = load_trust(signed_trust_list(list));
  ASSERT_EQ(loaded.result, list_result::accepted) << loaded.message;
  EXPECT_EQ(*loaded.list, list);
  EXPECT_EQ(loaded.list->policy->require_live, std::optional<bool>(false));
  EXPECT_FALSE(loaded.list->policy->max_test_age.has_value());
}

TEST_F(lists, trust_list_with_empty_policy_map_round_trips) {
  trust_list list = default_trust_list();
  list.policy = authority_policy{};
  auto loaded = load_trust(signed_trust_list(list));
  ASSERT_EQ(loaded.result, list_result::accepted) << loaded.message;
  EXPECT_EQ(*loaded.list, list);
  EXPECT_TRUE(loaded.list->policy.has_value());
}

TEST_F(lists, trust_list_entries_may_share_a_key) {
  trust_list list = default_trust_list();
  list.entries.push_back(entry_for(issuer_a(), "CN-110000"));
  list.entries.push_back(entry_for(issuer_a(), default_iss, t0 + 400 * day, t0 + 800 * day));
  auto loaded = load_trust(signed_trust_list(list));
  ASSERT_EQ(loaded.result, list_result::accepted) << loaded.message;
  EXPECT_EQ(loaded.list->entries.size(), 3u);
}

TEST_F(lists, trust_list_with_no_entries_is_valid) {
  trust_list list = default_trust_list();
  list.entries.clear();
  auto loaded = load_trust(signed_trust_list(list));
  ASSERT_EQ(loaded.result, list_result::accepted) << loaded.message;
  EXPECT_TRUE(loaded.list->entries.empty());
}

TEST_F(lists, hand_built_payload_matches_the_signer_exactly) {
  // The baseline for every malformed test below: without a defect, the hand-built payload is
  // byte for byte what sign_trust_list writes, and it loads.
  const bytes signed_list = signed_trust_list(default_trust_list());
  auto signed_cose = parse_cose_sign1(signed_list);
  ASSERT_TRUE(signed_cose.ok());
  const bytes signer_payload(signed_cose->payload.begin(), signed_cose->payload.end());
  EXPECT_EQ(encode_map(default_trust_fields()), signer_payload);
  EXPECT_LIST_RESULT(load_trust_fields(default_trust_fields()), list_result::accepted);

  const revocation_prefix p = revocation_prefix_of(cti_with(1));
  const bytes signed_rev_list = signed_revocation_list(1, {p});
  auto signed_rev = parse_cose_sign1(signed_rev_list);
  ASSERT_TRUE(signed_rev.ok());
  const bytes rev_payload(signed_rev->payload.begin(), signed_rev->payload.end());
  EXPECT_EQ(encode_map(default_revocation_fields(concat_prefixes({p}))), rev_payload);
  EXPECT_LIST_RESULT(load_revocation_fields(default_revocation_fields(concat_prefixes({p}))),
                     list_result::accepted);
}

TEST_F(lists, second_pinned_root_may_sign) {
  const std::vector<public_key> two_roots = {root_key().public_key(), root2_key().public_key()};
  auto loaded = load_trust_list(signed_trust_list(default_trust_list(), root2_key()), two_roots);
  ASSERT_EQ(loaded.result, list_result::accepted) << loaded.message;
  EXPECT_EQ(loaded.signer, root2_key().public_key().kid());
}

TEST_F(lists, sign_trust_list_refuses_the_root_as_an_entry) {
  trust_list list = default_trust_list();
  list.entries.push_back(entry_for(root_key()));
  auto signed_list = sign_trust_list(list, root_key());
  ASSERT_FALSE(signed_list.ok());
  EXPECT_EQ(signed_list.code(), errc::key_is_root);
  EXPECT_FALSE(signed_list.error().message.empty());
}

TEST_F(lists, sign_trust_list_refuses_an_empty_iss) {
  trust_list list = default_trust_list();
  list.entries[0].iss.clear();
  EXPECT_FALSE(sign_trust_list(list, root_key()).ok());
  list.entries[0].iss = std::string(33, 'X');
  EXPECT_FALSE(sign_trust_list(list, root_key()).ok());
}

// ---- revocation list round trips -----------------------------------------------------------

TEST_F(lists, revocation_prefix_is_first_8_bytes_of_sha256_of_cti_content) {
  const credential_id cti = {0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77,
                             0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff};
  std::uint8_t digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, cti.data(), cti.size());
  const revocation_prefix p = revocation_prefix_of(cti);
  EXPECT_TRUE(std::equal(p.begin(), p.end(), digest));
  // Not the hash of the CBOR item (0x50 header + 16 bytes).
  std::uint8_t item[17] = {0x50};
  std::memcpy(item + 1, cti.data(), cti.size());
  crypto_hash_sha256(digest, item, sizeof item);
  EXPECT_FALSE(std::equal(p.begin(), p.end(), digest));
}

TEST_F(lists, empty_revocation_list_is_valid) {
  auto loaded = load_revocations(signed_revocation_list(4));
  ASSERT_EQ(loaded.result, list_result::accepted) << loaded.message;
  EXPECT_EQ(loaded.list->seq, 4u);
  EXPECT_EQ(loaded.list->issued_at, t0 - day);
  EXPECT_EQ(loaded.list->next_update, t0 + 7 * day);
  EXPECT_EQ(loaded.list->size(), 0u);
  EXPECT_TRUE(loaded.list->prefixes.empty());
  EXPECT_FALSE(loaded.list->contains(cti_with(1)));
  EXPECT_EQ(loaded.signer, root_key().public_key().kid());
}

TEST_F(lists, sign_revocation_list_sorts_and_deduplicates) {
  std::vector<revocation_prefix> revoked;
  for (std::uint8_t i = 1; i <= 5; ++i) revoked.push_back(revocation_prefix_of(cti_with(i)));
  std::vector<revocation_prefix> offered = {revoked[3], revoked[0], revoked[4], revoked[0],
                                            revoked[2], revoked[1], revoked[3]};
  auto loaded = load_revocations(signed_revocation_list(2, offered));
  ASSERT_EQ(loaded.result, list_result::accepted) << loaded.message;
  std::sort(revoked.begin(), revoked.end());
  EXPECT_EQ(loaded.list->size(), 5u);
  EXPECT_EQ(loaded.list->prefixes, concat_prefixes(revoked));
  for (std::uint8_t i = 1; i <= 5; ++i) EXPECT_TRUE(loaded.list->contains(cti_with(i))) << int(i);
  EXPECT_FALSE(loaded.list->contains(cti_with(6)));
  EXPECT_FALSE(loaded.list->contains(cti_with(0)));
}

TEST_F(lists, contains_finds_every_prefix_and_nothing_else) {
  std::vector<revocation_prefix> revoked;
  for (int i = 0; i < 200; i += 2)
    revoked.push_back(revocation_prefix_of(cti_with(std::uint8_t(i))));
  auto loaded = load_revocations(signed_revocation_list(1, revoked));
  ASSERT_EQ(loaded.result, list_result::accepted) << loaded.message;
  ASSERT_EQ(loaded.list->size(), 100u);
  for (int i = 0; i < 200; ++i) {
    const credential_id cti = cti_with(std::uint8_t(i));
    EXPECT_EQ(loaded.list->contains(cti), i % 2 == 0) << i;
    EXPECT_EQ(loaded.list->contains(revocation_prefix_of(cti)), i % 2 == 0) << i;
  }
  // The smallest and largest possible prefixes are not in it.
  EXPECT_FALSE(loaded.list->contains(revocation_prefix{}));
  revocation_prefix top;
  top.fill(0xff);
  EXPECT_FALSE(loaded.list->contains(top));
}

// ---- unknown_root and bad_signature --------------------------------------------------------

TEST_F(lists, list_signed_by_a_key_that_is_not_pinned_is_unknown_root) {
  EXPECT_LIST_RESULT(load_trust(signed_trust_list(default_trust_list(), issuer_b())),
                     list_result::unknown_root);
  EXPECT_LIST_RESULT(load_trust(signed_trust_list(default_trust_list(), root2_key())),
                     list_result::unknown_root);
  EXPECT_LIST_RESULT(load_revocations(signed_revocation_list(1, {}, t0, t0 + day, root2_key())),
                     list_result::unknown_root);
}

TEST_F(lists, flipped_signature_bit_is_bad_signature) {
  bytes trust = signed_trust_list(default_trust_list());
  trust.back() ^= 0x01;
  EXPECT_LIST_RESULT(load_trust(trust), list_result::bad_signature);
  bytes rev = signed_revocation_list(1, {revocation_prefix_of(cti_with(1))});
  rev[rev.size() - 64] ^= 0x80;
  EXPECT_LIST_RESULT(load_revocations(rev), list_result::bad_signature);
}

TEST_F(lists, flipped_payload_bit_is_bad_signature) {
  // next_update t0 + 30 days ends the header; change a byte of the entry's iss instead.
  bytes trust = signed_trust_list(default_trust_list());
  const std::string iss(default_iss);
  auto at = std::search(trust.begin(), trust.end(), iss.begin(), iss.end());
  ASSERT_NE(at, trust.end());
  *at = 'D';  // "DN-610100": still a valid list, no longer the signed one
  EXPECT_LIST_RESULT(load_trust(trust), list_result::bad_signature);
}

TEST_F(lists, list_signed_for_another_document_type_is_bad_signature) {
  const bytes trust_payload = encode_map(default_trust_fields());
  EXPECT_LIST_RESULT(
      load_trust(sign_cose_sign1(document_type::credential, trust_payload, root_key())),
      list_result::bad_signature);
  EXPECT_LIST_RESULT(
      load_trust(sign_cose_sign1(document_type::revocation_list, trust_payload, root_key())),
      list_result::bad_signature);
  const bytes rev_payload = encode_map(default_revocation_fields({}));
  EXPECT_LIST_RESULT(
      load_revocations(sign_cose_sign1(document_type::credential, rev_payload, root_key())),
      list_result::bad_signature);
  EXPECT_LIST_RESULT(
      load_revocations(sign_cose_sign1(document_type::trust_list, rev_payload, root_key())),
      list_result::bad_signature);
}

TEST_F(lists, a_trust_list_is_not_a_revocation_list) {
  EXPECT_LIST_RESULT(load_revocations(signed_trust_list(default_trust_list())),
                     list_result::malformed);
  EXPECT_LIST_RESULT(load_trust(signed_revocation_list(1)), list_result::malformed);
}

TEST_F(lists, a_swapped_list_says_what_it_is) {
  const auto t = load_trust(signed_revocation_list(1));
  EXPECT_NE(t.message.find("this is a revocation list, not a trust list"), std::string::npos)
      << t.message;
  const auto r = load_revocations(signed_trust_list(default_trust_list()));
  EXPECT_NE(r.message.find("this is a trust list, not a revocation list"), std::string::npos)
      << r.message;
  // A policy (key 6, which a revocation list may not have) does not hide what the file is.
  trust_list with_policy = default_trust_list();
  with_policy.policy = authority_policy{};
  const auto p = load_revocations(signed_trust_list(with_policy));
  EXPECT_NE(p.message.find("this is a trust list, not a revocation list"), std::string::npos)
      << p.message;
}

// ---- unchecked reads (for an operator reviewing files, never for a verdict) ----------------

TEST_F(lists, unchecked_read_parses_a_list_of_any_root_and_names_its_signer) {
  trust_list list = default_trust_list(9);
  list.policy =
      authority_policy{std::vector<health_status>{health_status::green}, 3600, {}, {}, {}};
  for (const secret_key* root : {&root_key(), &root2_key(), &issuer_b()}) {
    auto loaded = read_trust_list_unchecked(signed_trust_list(list, *root));
    ASSERT_EQ(loaded.result, list_result::accepted) << loaded.message;
    ASSERT_TRUE(loaded.list);
    EXPECT_EQ(*loaded.list, list);
    EXPECT_EQ(loaded.signer, root->public_key().kid());
    EXPECT_NE(loaded.message.find("NOT checked"), std::string::npos) << loaded.message;
  }
  auto rev = read_revocation_list_unchecked(
      signed_revocation_list(4, {revocation_prefix_of(cti_with(2))}, t0, t0 + day, root2_key()));
  ASSERT_EQ(rev.result, list_result::accepted) << rev.message;
  EXPECT_EQ(rev.list->seq, 4u);
  EXPECT_TRUE(rev.list->contains(cti_with(2)));
  EXPECT_EQ(rev.signer, root2_key().public_key().kid());
}

TEST_F(lists, unchecked_read_does_not_look_at_the_signature_but_is_as_strict_otherwise) {
  bytes trust = signed_trust_list(default_trust_list());
  trust.back() ^= 0x01;
  EXPECT_LIST_RESULT(read_trust_list_unchecked(trust), list_result::accepted);
  EXPECT_LIST_RESULT(read_trust_list_unchecked(signed_revocation_list(1)), list_result::malformed);
  EXPECT_LIST_RESULT(read_revocation_list_unchecked(signed_trust_list(default_trust_list())),
                     list_result::malformed);
  fields f = default_trust_fields();
  f[6] = uint_item(1);  // policy that is not a map
  EXPECT_LIST_RESULT(read_trust_list_unchecked(
                         sign_cose_sign1(document_type::trust_list, encode_map(f), root_key())),
                     list_result::malformed);
  // The signer named as an issuing key: malformed even with no root pinned.
  f = default_trust_fields();
  f[5] = entries_item({raw_entry_for(root_key().public_key())});
  EXPECT_LIST_RESULT(read_trust_list_unchecked(
                         sign_cose_sign1(document_type::trust_list, encode_map(f), root_key())),
                     list_result::malformed);
  const bytes garbage = {0x01, 0x02, 0x03};
  EXPECT_LIST_RESULT(read_trust_list_unchecked(garbage), list_result::malformed);
}

// ---- malformed trust lists -----------------------------------------------------------------

TEST_F(lists, trust_list_with_wrong_label_is_malformed) {
  fields f = default_trust_fields();
  f[1] = text_item("trust-list/2");
  EXPECT_LIST_RESULT(load_trust_fields(f), list_result::malformed);
  f[1] = text_item("revocation-list/1");
  EXPECT_LIST_RESULT(load_trust_fields(f), list_result::malformed);
  f[1] = uint_item(1);
  EXPECT_LIST_RESULT(load_trust_fields(f), list_result::malformed);
}

TEST_F(lists, trust_list_missing_a_key_is_malformed) {
  for (std::uint64_t key = 1; key <= 5; ++key) {
    fields f = default_trust_fields();
    f.erase(key);
    SCOPED_TRACE("without key " + std::to_string(key));
    EXPECT_LIST_RESULT(load_trust_fields(f), list_result::malformed);
  }
}

TEST_F(lists, trust_list_with_extra_key_is_malformed) {
  fields f = default_trust_fields();
  f[7] = uint_item(0);
  EXPECT_LIST_RESULT(load_trust_fields(f), list_result::malformed);
  f = default_trust_fields();
  f[0] = uint_item(0);
  EXPECT_LIST_RESULT(load_trust_fields(f), list_result::malformed);
}

TEST_F(lists, trust_list_with_text_key_is_malformed) {
  cbor::writer w;
  w.map(6);
  for (const auto& [k, v] : default_trust_fields()) w.uint(k).raw(v);
  w.text("x").uint(1);
  EXPECT_LIST_RESULT(load_trust(sign_cose_sign1(document_type::trust_list, w.data(), root_key())),
                     list_result::malformed);
}

TEST_F(lists, trust_list_with_wrong_type_of_seq_is_malformed) {
  fields f = default_trust_fields();
  f[2] = text_item("1");
  EXPECT_LIST_RESULT(load_trust_fields(f), list_result::malformed);
  cbor::writer negative;
  negative.integer(-1);
  f[2] = negative.take();
  EXPECT_LIST_RESULT(load_trust_fields(f), list_result::malformed);
  f = default_trust_fields();
  f[3] = bytes_item(bytes{1});
  EXPECT_LIST_RESULT(load_trust_fields(f), list_result::malformed);
  f = default_trust_fields();
  f[4] = text_item("tomorrow");
  EXPECT_LIST_RESULT(load_trust_fields(f), list_result::malformed);
}

TEST_F(lists, trust_list_payload_not_a_map_is_malformed) {
  EXPECT_LIST_RESULT(
      load_trust(sign_cose_sign1(document_type::trust_list, uint_item(1), root_key())),
      list_result::malformed);
}

TEST_F(lists, trust_list_entries_not_an_array_is_malformed) {
  fields f = default_trust_fields();
  f[5] = bytes_item(bytes(8, 0));
  EXPECT_LIST_RESULT(load_trust_fields(f), list_result::malformed);
}

TEST_F(lists, entry_whose_kid_is_not_its_keys_kid_is_malformed) {
  raw_entry e = raw_entry_for(issuer_a().public_key());
  const key_id other = issuer_b().public_key().kid();
  e.kid.assign(other.begin(), other.end());
  fields f = default_trust_fields();
  f[5] = entries_item({e});
  EXPECT_LIST_RESULT(load_trust_fields(f), list_result::malformed);
}

TEST_F(lists, one_kid_with_two_different_keys_is_malformed) {
  // Issuer B's key under issuer A's kid, next to a correct entry for A.
  raw_entry a = raw_entry_for(issuer_a().public_key());
  raw_entry b = raw_entry_for(issuer_b().public_key());
  b.kid = a.kid;
  fields f = default_trust_fields();
  f[5] = entries_item({a, b});
  EXPECT_LIST_RESULT(load_trust_fields(f), list_result::malformed);
}

TEST_F(lists, entry_whose_key_is_a_pinned_root_is_malformed) {
  fields f = default_trust_fields();
  f[5] = entries_item(
      {raw_entry_for(issuer_a().public_key()), raw_entry_for(root_key().public_key())});
  EXPECT_LIST_RESULT(load_trust_fields(f), list_result::malformed);

  // Any pinned root, not only the one that signed.
  const std::vector<public_key> two_roots = {root_key().public_key(), root2_key().public_key()};
  f[5] = entries_item({raw_entry_for(root2_key().public_key())});
  auto loaded = load_trust_list(
      sign_cose_sign1(document_type::trust_list, encode_map(f), root_key()), two_roots);
  EXPECT_LIST_RESULT(loaded, list_result::malformed);
}

TEST_F(lists, small_order_entry_key_is_malformed) {
  bytes zeros(32, 0);
  bytes identity(32, 0);
  identity[0] = 0x01;  // the neutral point
  for (const bytes& key : {zeros, identity}) {
    fields f = default_trust_fields();
    f[5] = entries_item({raw_entry_for(issuer_a().public_key()), raw_entry_for_bytes(key)});
    EXPECT_LIST_RESULT(load_trust_fields(f), list_result::malformed);
  }
}

TEST_F(lists, non_canonical_entry_key_is_malformed) {
  // y = p (2^255 - 19) is not reduced.
  bytes key(32, 0xff);
  key[0] = 0xed;
  key[31] = 0x7f;
  fields f = default_trust_fields();
  f[5] = entries_item({raw_entry_for_bytes(key)});
  EXPECT_LIST_RESULT(load_trust_fields(f), list_result::malformed);
}

TEST_F(lists, entry_with_wrong_shape_is_malformed) {
  raw_entry e = raw_entry_for(issuer_a().public_key());
  {
    raw_entry empty_iss = e;
    empty_iss.iss.clear();
    fields f = default_trust_fields();
    f[5] = entries_item({empty_iss});
    EXPECT_LIST_RESULT(load_trust_fields(f), list_result::malformed);
  }
  {
    raw_entry long_iss = e;
    long_iss.iss = std::string(33, 'C');
    fields f = default_trust_fields();
    f[5] = entries_item({long_iss});
    EXPECT_LIST_RESULT(load_trust_fields(f), list_result::malformed);
  }
  {
    raw_entry short_kid = e;
    short_kid.kid.pop_back();
    fields f = default_trust_fields();
    f[5] = entries_item({short_kid});
    EXPECT_LIST_RESULT(load_trust_fields(f), list_result::malformed);
  }
  {
    // An entry map with a sixth key.
    cbor::writer w;
    w.array(1).map(6);
    w.uint(1).bytes(e.kid).uint(2).bytes(e.key).uint(3).text(e.iss);
    w.uint(4).uint(e.not_before).uint(5).uint(e.not_after).uint(6).uint(0);
    fields f = default_trust_fields();
    f[5] = w.take();
    EXPECT_LIST_RESULT(load_trust_fields(f), list_result::malformed);
  }
  {
    // An entry map without not_after.
    cbor::writer w;
    w.array(1).map(4);
    w.uint(1).bytes(e.kid).uint(2).bytes(e.key).uint(3).text(e.iss).uint(4).uint(e.not_before);
    fields f = default_trust_fields();
    f[5] = w.take();
    EXPECT_LIST_RESULT(load_trust_fields(f), list_result::malformed);
  }
}

bytes policy_item(const std::function<void(cbor::writer&)>& write) {
  cbor::writer w;
  write(w);
  return w.take();
}

TEST_F(lists, policy_round_trips_when_hand_built) {
  fields f = default_trust_fields();
  f[6] = policy_item(
      [](cbor::writer& w) { w.map(2).uint(1).array(2).uint(0).uint(2).uint(3).uint(1); });
  auto loaded = load_trust_fields(f);
  ASSERT_EQ(loaded.result, list_result::accepted) << loaded.message;
  ASSERT_TRUE(loaded.list->policy);
  EXPECT_EQ(loaded.list->policy->accepted, (std::vector{health_status::green, health_status::red}));
  EXPECT_EQ(loaded.list->policy->require_live, std::optional<bool>(true));
}

TEST_F(lists, policy_with_unknown_key_is_malformed) {
  fields f = default_trust_fields();
  f[6] = policy_item([](cbor::writer& w) { w.map(1).uint(6).uint(0); });
  EXPECT_LIST_RESULT(load_trust_fields(f), list_result::malformed);
  f[6] = policy_item([](cbor::writer& w) { w.map(2).uint(2).uint(60).uint(6).uint(0); });
  EXPECT_LIST_RESULT(load_trust_fields(f), list_result::malformed);
  f[6] = policy_item([](cbor::writer& w) { w.map(1).uint(0).uint(0); });
  EXPECT_LIST_RESULT(load_trust_fields(f), list_result::malformed);
}

TEST_F(lists, policy_accepting_status_3_is_malformed) {
  fields f = default_trust_fields();
  f[6] = policy_item([](cbor::writer& w) { w.map(1).uint(1).array(2).uint(0).uint(3); });
  EXPECT_LIST_RESULT(load_trust_fields(f), list_result::malformed);
  f[6] = policy_item([](cbor::writer& w) { w.map(1).uint(1).uint(0); });
  EXPECT_LIST_RESULT(load_trust_fields(f), list_result::malformed);
}

TEST_F(lists, policy_require_live_2_is_malformed) {
  fields f = default_trust_fields();
  f[6] = policy_item([](cbor::writer& w) { w.map(1).uint(3).uint(2); });
  EXPECT_LIST_RESULT(load_trust_fields(f), list_result::malformed);
}

TEST_F(lists, policy_with_wrong_types_is_malformed) {
  fields f = default_trust_fields();
  f[6] = uint_item(0);
  EXPECT_LIST_RESULT(load_trust_fields(f), list_result::malformed);
  f[6] = policy_item([](cbor::writer& w) { w.map(1).uint(2).text("2d"); });
  EXPECT_LIST_RESULT(load_trust_fields(f), list_result::malformed);
  f[6] = policy_item([](cbor::writer& w) { w.map(1).uint(5).integer(-1); });
  EXPECT_LIST_RESULT(load_trust_fields(f), list_result::malformed);
}

// ---- malformed revocation lists ------------------------------------------------------------

TEST_F(lists, revocation_blob_of_length_12_is_malformed) {
  EXPECT_LIST_RESULT(load_revocation_fields(default_revocation_fields(bytes(12, 0x01))),
                     list_result::malformed);
  EXPECT_LIST_RESULT(load_revocation_fields(default_revocation_fields(bytes(7, 0x01))),
                     list_result::malformed);
}

TEST_F(lists, revocation_prefixes_that_do_not_strictly_ascend_are_malformed) {
  const revocation_prefix lo = {0, 0, 0, 0, 0, 0, 0, 1};
  const revocation_prefix mid = {0, 0, 0, 0, 0, 0, 1, 0};
  const revocation_prefix hi = {0xff, 0, 0, 0, 0, 0, 0, 0};
  EXPECT_LIST_RESULT(
      load_revocation_fields(default_revocation_fields(concat_prefixes({lo, mid, hi}))),
      list_result::accepted);
  EXPECT_LIST_RESULT(
      load_revocation_fields(default_revocation_fields(concat_prefixes({lo, mid, mid}))),
      list_result::malformed);
  EXPECT_LIST_RESULT(load_revocation_fields(default_revocation_fields(concat_prefixes({mid, mid}))),
                     list_result::malformed);
  EXPECT_LIST_RESULT(
      load_revocation_fields(default_revocation_fields(concat_prefixes({lo, hi, mid}))),
      list_result::malformed);
  EXPECT_LIST_RESULT(load_revocation_fields(default_revocation_fields(concat_prefixes({hi, lo}))),
                     list_result::malformed);
}

TEST_F(lists, revocation_list_with_wrong_shape_is_malformed) {
  fields f = default_revocation_fields({});
  f[1] = text_item("trust-list/1");
  EXPECT_LIST_RESULT(load_revocation_fields(f), list_result::malformed);
  f = default_revocation_fields({});
  f[6] = policy_item([](cbor::writer& w) { w.map(0); });  // a policy belongs to trust lists
  EXPECT_LIST_RESULT(load_revocation_fields(f), list_result::malformed);
  f = default_revocation_fields({});
  f.erase(4);
  EXPECT_LIST_RESULT(load_revocation_fields(f), list_result::malformed);
  f = default_revocation_fields({});
  f[5] = text_item("");
  EXPECT_LIST_RESULT(load_revocation_fields(f), list_result::malformed);
  f = default_revocation_fields({});
  f[2] = text_item("1");
  EXPECT_LIST_RESULT(load_revocation_fields(f), list_result::malformed);
}

// ---- not a list at all ---------------------------------------------------------------------

TEST_F(lists, bytes_that_are_not_cose_are_malformed) {
  const bytes hello = {'h', 'e', 'l', 'l', 'o'};
  EXPECT_LIST_RESULT(load_trust(hello), list_result::malformed);
  EXPECT_LIST_RESULT(load_revocations(hello), list_result::malformed);
  EXPECT_LIST_RESULT(load_trust(bytes{}), list_result::malformed);
  EXPECT_LIST_RESULT(load_trust(encode_map(default_trust_fields())), list_result::malformed);
  bytes truncated = signed_trust_list(default_trust_list());
  truncated.pop_back();
  EXPECT_LIST_RESULT(load_trust(truncated), list_result::malformed);
  bytes trailing = signed_trust_list(default_trust_list());
  trailing.push_back(0x00);
  EXPECT_LIST_RESULT(load_trust(trailing), list_result::malformed);
}

TEST_F(lists, tag_other_than_18_is_malformed) {
  bytes cose = signed_trust_list(default_trust_list());
  ASSERT_EQ(cose[0], 0xD2);
  cose[0] = 0xD1;  // tag 17 (COSE_Mac0) around the same array
  EXPECT_LIST_RESULT(load_trust(cose), list_result::malformed);

  bytes untagged(signed_trust_list(default_trust_list()));
  untagged.erase(untagged.begin());
  EXPECT_LIST_RESULT(load_trust(untagged), list_result::malformed);

  cbor::writer w;
  w.tag(98).raw(untagged);
  EXPECT_LIST_RESULT(load_trust(w.data()), list_result::malformed);
}

TEST_F(lists, list_with_bad_cose_header_is_malformed) {
  // The root's kid but a 63-byte signature.
  const bytes payload = encode_map(default_trust_fields());
  cbor::writer w;
  w.tag(18).array(4).bytes(protected_header(cose_alg_eddsa, root_key().public_key().kid()));
  w.map(0).bytes(payload).bytes(bytes(63, 0));
  EXPECT_LIST_RESULT(load_trust(w.data()), list_result::malformed);
}

TEST_F(lists, list_with_alg_other_than_eddsa_is_not_accepted) {
  // Lists have no unsupported_alg result: a pinned root's list under alg -7 cannot hold.
  const bytes cose = hand_signed_cose(document_type::trust_list,
                                      protected_header(-7, root_key().public_key().kid()),
                                      encode_map(default_trust_fields()), root_key());
  EXPECT_LIST_RESULT(load_trust(cose), list_result::bad_signature);
}

// The size limit is checked before any parsing: a list file one byte over 128 MiB is refused
// with a message naming the limit, whatever its content.
TEST(list_size_limit, one_byte_over_128_mib_is_malformed) {
  const bytes huge(max_list_file_bytes + 1, 0);
  const auto roots = pinned_roots();
  auto trust = load_trust_list(huge, roots);
  EXPECT_EQ(trust.result, list_result::malformed);
  EXPECT_NE(trust.message.find("128 MiB"), std::string::npos) << trust.message;
  auto revocations = load_revocation_list(huge, roots);
  EXPECT_EQ(revocations.result, list_result::malformed);
  EXPECT_NE(revocations.message.find("128 MiB"), std::string::npos) << revocations.message;
}

TEST(list_result_names, are_the_spec_names) {
  EXPECT_EQ(to_string(list_result::accepted), "list_accepted");
  EXPECT_EQ(to_string(list_result::unchanged), "list_unchanged");
  EXPECT_EQ(to_string(list_result::rollback), "list_rollback");
  EXPECT_EQ(to_string(list_result::unknown_root), "list_unknown_root");
  EXPECT_EQ(to_string(list_result::bad_signature), "list_bad_signature");
  EXPECT_EQ(to_string(list_result::malformed), "list_malformed");
}

TEST(parse_seq, takes_plain_decimal_digits_from_0_to_2_64_minus_1) {
  EXPECT_EQ(*parse_seq("0"), 0u);
  EXPECT_EQ(*parse_seq("42"), 42u);
  EXPECT_EQ(*parse_seq("007"), 7u);
  EXPECT_EQ(*parse_seq("18446744073709551615"), UINT64_MAX);
  for (const char* bad : {"18446744073709551616", "99999999999999999999", "000000000000000000001",
                          "-1", "+1", "0x1", "1e3", " 1", "1 ", "", "１"}) {
    auto r = parse_seq(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.code(), errc::invalid_argument);
    EXPECT_EQ(r.error().message,
              "'" + std::string(bad) +
                  "' is not a sequence number (decimal digits, 0 to 18446744073709551615)");
  }
}

}  // namespace
}  // namespace qrseal
