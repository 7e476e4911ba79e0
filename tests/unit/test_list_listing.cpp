// Readable listings of trust and revocation lists, and what changed from the list before.
#include <gtest/gtest.h>
#include <sodium.h>

#include <qrseal/hex.hpp>
#include <qrseal/list_listing.hpp>
#include <string>

#include "fixtures.hpp"

namespace qrseal {
namespace {

using namespace fixtures;

class list_listing : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { ASSERT_GE(sodium_init(), 0); }
};

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST_F(list_listing, trust_list_one_item_a_line) {
  trust_list l = default_trust_list(7);
  authority_policy p;
  p.max_test_age = 72 * hour;
  p.max_stale = 7 * day;
  l.policy = p;
  const std::string text = trust_list_listing(l);
  EXPECT_TRUE(has(text, "seq          7\n")) << text;
  EXPECT_TRUE(has(text, "kid " + to_hex(issuer_a().public_key().kid()) + "  iss CN-610100"));
  EXPECT_TRUE(has(text, "  max-test-age  72h\n")) << text;
  EXPECT_TRUE(has(text, "  max-stale     7d\n")) << text;
  EXPECT_TRUE(has(text, "  accept        (not set: green only)\n")) << text;
  l.policy.reset();
  EXPECT_TRUE(has(trust_list_listing(l), "(none: verifiers use their defaults)"));
}

TEST_F(list_listing, trust_list_changes) {
  const trust_list before = default_trust_list(1);
  trust_list now = before;
  now.seq = 2;
  now.entries.push_back(entry_for(issuer_b()));
  const std::string same_policy = trust_list_changes(before, now);
  EXPECT_TRUE(has(same_policy, "seq          1 -> 2\n"));
  EXPECT_TRUE(has(same_policy, "  + kid " + to_hex(issuer_b().public_key().kid())));
  EXPECT_TRUE(has(same_policy, "policy       unchanged"));

  now.entries.erase(now.entries.begin());
  now.policy = authority_policy{};
  now.policy->accepted = std::vector<health_status>{health_status::green, health_status::yellow};
  now.seq = 1;
  const std::string changed = trust_list_changes(before, now);
  EXPECT_TRUE(has(changed, "  - kid " + to_hex(issuer_a().public_key().kid())));
  EXPECT_TRUE(has(changed, "policy accept: (not set: green only) -> green,yellow")) << changed;
  EXPECT_TRUE(has(changed, "(NOT higher: verifiers holding seq 1 refuse it)"));
}

TEST_F(list_listing, revocation_changes_name_every_unrevoked_prefix) {
  revocation_list before, now;
  before.seq = 1;
  now.seq = 2;
  for (const std::uint8_t b : std::initializer_list<std::uint8_t>{1, 2, 3})
    before.prefixes.insert(before.prefixes.end(), {0, 0, 0, 0, 0, 0, 0, b});
  for (const std::uint8_t b : std::initializer_list<std::uint8_t>{2, 4, 5})
    now.prefixes.insert(now.prefixes.end(), {0, 0, 0, 0, 0, 0, 0, b});
  const std::string text = revocation_list_changes(before, now);
  EXPECT_TRUE(has(text, "revoked      +2 added, -2 removed\n")) << text;
  EXPECT_TRUE(has(text, "  - 0000000000000001  (UN-REVOKED)\n"));
  EXPECT_TRUE(has(text, "  - 0000000000000003  (UN-REVOKED)\n"));
  EXPECT_TRUE(has(revocation_list_listing(now), "revoked      3 credential(s)"));
}

TEST_F(list_listing, any_list_reads_either_kind_unchecked) {
  const bytes trust = signed_trust_list(default_trust_list(3), root2_key());
  auto t = read_any_list_unchecked(trust);
  ASSERT_TRUE(t.ok()) << t.error().message;
  EXPECT_TRUE(t->is_trust());
  EXPECT_EQ(t->kind_name(), "trust list");
  EXPECT_EQ(t->signer, root2_key().public_key().kid());  // not checked: any root reads
  EXPECT_EQ(any_list_listing(*t), trust_list_listing(*t->trust));

  const bytes revoked = signed_revocation_list(5, {{0, 0, 0, 0, 0, 0, 0, 9}});
  auto r = read_any_list_unchecked(revoked);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_FALSE(r->is_trust());
  EXPECT_EQ(r->kind_name(), "revocation list");
  EXPECT_EQ(r->revocation->seq, 5u);

  const bytes junk{0x01, 0x02, 0x03};
  auto neither = read_any_list_unchecked(junk);
  ASSERT_FALSE(neither.ok());
  EXPECT_EQ(neither.code(), errc::list_malformed);
  EXPECT_EQ(neither.error().message, read_trust_list_unchecked(junk).message);
}

TEST_F(list_listing, any_list_signature_is_checked_against_the_roots) {
  const bytes trust = signed_trust_list(default_trust_list());
  const any_list t = *read_any_list_unchecked(trust);
  EXPECT_TRUE(check_list_signature(t, trust, pinned_roots()).ok());
  const std::vector<public_key> other{root2_key().public_key()};
  const list_signature_check refused = check_list_signature(t, trust, other);
  EXPECT_EQ(refused.result, list_result::unknown_root);
  EXPECT_FALSE(refused.message.empty());

  const bytes revoked = signed_revocation_list(1, {}, t0 - day, t0 + 7 * day, root2_key());
  const any_list r = *read_any_list_unchecked(revoked);
  EXPECT_TRUE(check_list_signature(r, revoked, other).ok());
  EXPECT_FALSE(check_list_signature(r, revoked, pinned_roots()).ok());
}

TEST_F(list_listing, any_list_changes_of_the_same_kind_only) {
  const any_list one = *read_any_list_unchecked(signed_trust_list(default_trust_list(1)));
  const any_list two = *read_any_list_unchecked(signed_trust_list(default_trust_list(2)));
  auto same_root = any_list_changes(one, two);
  ASSERT_TRUE(same_root.ok());
  EXPECT_EQ(*same_root, trust_list_changes(*one.trust, *two.trust));

  const any_list moved =
      *read_any_list_unchecked(signed_trust_list(default_trust_list(2), root2_key()));
  auto other_root = any_list_changes(one, moved);
  ASSERT_TRUE(other_root.ok());
  EXPECT_EQ(other_root->substr(0, other_root->find('\n') + 1),
            "signed by    root " + to_hex(root_key().public_key().kid()) + " -> " +
                to_hex(root2_key().public_key().kid()) + "  (a different root)\n");

  const any_list revoked = *read_any_list_unchecked(signed_revocation_list(1));
  auto mixed = any_list_changes(one, revoked);
  ASSERT_FALSE(mixed.ok());
  EXPECT_EQ(mixed.code(), errc::invalid_argument);
}

}  // namespace
}  // namespace qrseal
