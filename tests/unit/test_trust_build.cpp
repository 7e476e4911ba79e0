// Building the next trust list: what carries from the previous list, what is removed or changed
// on purpose, and what is refused.
#include <gtest/gtest.h>
#include <sodium.h>

#include <qrseal/hex.hpp>
#include <qrseal/trust_build.hpp>

#include "fixtures.hpp"

namespace qrseal {
namespace {

using namespace fixtures;

class trust_build : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { ASSERT_GE(sodium_init(), 0); }
};

trust_list with_policy() {
  trust_list l = default_trust_list(3);
  authority_policy p;
  p.accepted = std::vector<health_status>{health_status::green, health_status::yellow};
  p.max_test_age = 72 * hour;
  l.policy = p;
  return l;
}

trust_build_plan rotation(std::optional<trust_list> previous) {
  trust_build_plan plan;
  plan.previous = std::move(previous);
  plan.issued_at = t0;
  plan.next_update = t0 + 30 * day;
  return plan;
}

TEST_F(trust_build, carries_entries_and_policy_and_takes_the_next_seq) {
  trust_build_plan plan = rotation(with_policy());
  plan.add.push_back(entry_for(issuer_b()));
  plan.add.push_back(entry_for(issuer_a()));  // already held: not twice
  auto list = build_trust_list(plan);
  ASSERT_TRUE(list.ok()) << list.error().message;
  EXPECT_EQ(list->seq, 4u);
  EXPECT_EQ(list->issued_at, t0);
  ASSERT_EQ(list->entries.size(), 2u);
  EXPECT_EQ(list->entries[1], entry_for(issuer_b()));
  EXPECT_EQ(list->policy, with_policy().policy);
}

TEST_F(trust_build, removes_and_changes_only_what_is_asked) {
  trust_build_plan plan = rotation(with_policy());
  plan.remove.push_back(issuer_a().public_key().kid());
  plan.policy.accepted = std::vector<health_status>{health_status::green};
  auto list = build_trust_list(plan);
  ASSERT_TRUE(list.ok()) << list.error().message;
  EXPECT_TRUE(list->entries.empty());
  ASSERT_TRUE(list->policy.has_value());
  EXPECT_EQ(list->policy->accepted, std::vector<health_status>{health_status::green});
  EXPECT_EQ(list->policy->max_test_age, 72 * hour);

  plan.remove.clear();
  plan.policy = {};
  plan.policy_clear = true;
  plan.policy.require_live = true;
  auto cleared = build_trust_list(plan);
  ASSERT_TRUE(cleared.ok());
  ASSERT_TRUE(cleared->policy.has_value());
  EXPECT_EQ(cleared->policy->require_live, true);
  EXPECT_FALSE(cleared->policy->accepted.has_value());
}

TEST_F(trust_build, refusals) {
  trust_build_plan same_seq = rotation(with_policy());
  same_seq.seq = 3;
  same_seq.previous_name = "--previous 'a.cose'";
  auto r = build_trust_list(same_seq);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.code(), errc::list_rollback);
  EXPECT_NE(r.error().message.find("not higher than seq 3 of --previous 'a.cose'"),
            std::string::npos);

  trust_build_plan absent_kid = rotation(with_policy());
  absent_kid.remove.push_back(issuer_b().public_key().kid());
  EXPECT_FALSE(build_trust_list(absent_kid).ok());

  trust_build_plan fresh = rotation(std::nullopt);
  EXPECT_FALSE(build_trust_list(fresh).ok()) << "no seq and no previous list";
  fresh.seq = 1;
  EXPECT_TRUE(build_trust_list(fresh).ok());
  fresh.policy_clear = true;
  EXPECT_FALSE(build_trust_list(fresh).ok()) << "clearing needs a previous list";

  trust_build_plan overdue = rotation(std::nullopt);
  overdue.seq = 1;
  overdue.next_update = overdue.issued_at;
  auto late = build_trust_list(overdue);
  ASSERT_FALSE(late.ok());
  EXPECT_NE(late.error().message.find("overdue the moment it is published"), std::string::npos);
  overdue.allow_overdue = true;
  EXPECT_TRUE(build_trust_list(overdue).ok());
}

TEST_F(trust_build, previous_list_only_from_its_own_root) {
  const bytes signed_list = signed_trust_list(with_policy());
  auto ok = load_previous_trust_list(signed_list, root_key().public_key());
  ASSERT_TRUE(ok.ok()) << ok.error().message;
  EXPECT_EQ(*ok, with_policy());

  auto other =
      load_previous_trust_list(signed_list, root2_key().public_key(), "--previous 'p'", "--root");
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.code(), errc::list_unknown_root);
  EXPECT_NE(other.error().message.find("is signed by root " +
                                       to_hex(root_key().public_key().kid()) + ", not by --root"),
            std::string::npos);

  const bytes revocations = signed_revocation_list(1);
  EXPECT_EQ(load_previous_trust_list(revocations, root_key().public_key()).code(),
            errc::list_malformed);
}

TEST_F(trust_build, entries_and_kids_from_text) {
  EXPECT_TRUE(make_trust_entry(issuer_a().public_key(), "CN-1", 1, 2).ok());
  EXPECT_FALSE(make_trust_entry(issuer_a().public_key(), "", 1, 2).ok());
  EXPECT_FALSE(make_trust_entry(issuer_a().public_key(), std::string(33, 'x'), 1, 2).ok());
  EXPECT_FALSE(make_trust_entry(issuer_a().public_key(), "CN-1", 3, 2).ok());

  const key_id kid = issuer_a().public_key().kid();
  auto parsed = parse_kid(to_hex(kid));
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(*parsed, kid);
  EXPECT_TRUE(parse_kid("00112233445566AA").ok());
  EXPECT_FALSE(parse_kid("0011223344556677ff").ok());
  EXPECT_FALSE(parse_kid("001122334455667g").ok());
  EXPECT_FALSE(parse_kid("").ok());
}

TEST_F(trust_build, a_list_of_the_same_root_replaced_wholesale_is_described) {
  const auto old = signed_trust_list(with_policy());
  trust_list fresh = default_trust_list(4);  // built without the previous one: no policy
  const auto replaced = replaced_wholesale(old, fresh, root_key().public_key());
  ASSERT_TRUE(replaced.has_value());
  EXPECT_EQ(replaced->replaced_seq, 3u);
  // The policy the old list carried is what forgetting --previous loses: it is named.
  EXPECT_EQ(replaced->changes.find("policy       unchanged"), std::string::npos)
      << replaced->changes;
  EXPECT_NE(replaced->changes.find("policy "), std::string::npos) << replaced->changes;
  // Another root's list, or bytes that are no list, are not "this authority's list in force".
  EXPECT_FALSE(replaced_wholesale(old, fresh, root2_key().public_key()).has_value());
  const std::vector<std::uint8_t> junk{1, 2, 3};
  EXPECT_FALSE(replaced_wholesale(junk, fresh, root_key().public_key()).has_value());
}

}  // namespace
}  // namespace qrseal
