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
  for (std::uint8_t b : {1, 2, 3})
    before.prefixes.insert(before.prefixes.end(), {0, 0, 0, 0, 0, 0, 0, b});
  for (std::uint8_t b : {2, 4, 5}) now.prefixes.insert(now.prefixes.end(), {0, 0, 0, 0, 0, 0, 0, b});
  const std::string text = revocation_list_changes(before, now);
  EXPECT_TRUE(has(text, "revoked      +2 added, -2 removed\n")) << text;
  EXPECT_TRUE(has(text, "  - 0000000000000001  (UN-REVOKED)\n"));
  EXPECT_TRUE(has(text, "  - 0000000000000003  (UN-REVOKED)\n"));
  EXPECT_TRUE(has(revocation_list_listing(now), "revoked      3 credential(s)"));
}

}  // namespace
}  // namespace qrseal
