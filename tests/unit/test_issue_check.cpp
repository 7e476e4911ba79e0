// Issuing checked against the verifiers' trust list: from the operator's file (with or without its
// root) or a state directory; a revocation list or a foreign root's list in its place; a wrong iss,
// an unlisted key and a root used to issue refused before anything is signed.
#include <gtest/gtest.h>

#include <filesystem>
#include <qrseal/device_state.hpp>
#include <qrseal/hex.hpp>
#include <qrseal/issue_check.hpp>
#include <stdexcept>
#include <string>

#include "fixtures.hpp"

namespace qrseal {
namespace {

namespace fs = std::filesystem;
using namespace fixtures;

constexpr std::string_view source = "--trust 'trust.cose'";

TEST(IssueTrustFromFile, ReadsTheListWithOrWithoutItsRoot) {
  const bytes cose = signed_trust_list(default_trust_list(7));
  auto unchecked = issue_trust_from_file(cose, std::nullopt, source);
  ASSERT_TRUE(unchecked.ok()) << unchecked.error().message;
  EXPECT_EQ(unchecked->list.seq, 7u);
  EXPECT_EQ(unchecked->signer, root_key().public_key().kid());
  EXPECT_TRUE(unchecked->roots.empty());
  auto checked = issue_trust_from_file(cose, root_key().public_key(), source);
  ASSERT_TRUE(checked.ok()) << checked.error().message;
  EXPECT_EQ(checked->list.seq, 7u);
}

TEST(IssueTrustFromFile, NamesWhatIsWrongWithTheFile) {
  const bytes cose = signed_trust_list(default_trust_list());
  auto foreign = issue_trust_from_file(cose, root2_key().public_key(), source);
  ASSERT_FALSE(foreign.ok());
  EXPECT_EQ(foreign.code(), errc::list_unknown_root);
  EXPECT_EQ(foreign.error().message.rfind("--trust 'trust.cose': list_unknown_root: ", 0), 0u);

  auto revocations = issue_trust_from_file(signed_revocation_list(1), std::nullopt, source);
  EXPECT_EQ(revocations.code(), errc::list_malformed);
  EXPECT_EQ(revocations.error().message,
            "--trust 'trust.cose' is a revocation list, not a trust list");

  const bytes junk{0x01, 0x02, 0x03};
  auto malformed = issue_trust_from_file(junk, std::nullopt, source);
  EXPECT_EQ(malformed.code(), errc::list_malformed);
  EXPECT_EQ(malformed.error().message.rfind("--trust 'trust.cose': list_malformed: ", 0), 0u);
}

TEST(CheckBeforeSigning, RefusesAWrongIssAnUnknownKeyAndARoot) {
  auto trust = issue_trust_from_file(signed_trust_list(default_trust_list()), std::nullopt, source);
  ASSERT_TRUE(trust.ok());
  const claims c = default_claims();
  EXPECT_TRUE(check_before_signing(*trust, c, issuer_a().public_key()).ok());

  claims typo = c;
  typo.iss = "CN-61010";
  auto iss = check_before_signing(*trust, typo, issuer_a().public_key());
  EXPECT_EQ(iss.code(), errc::not_issuable);
  EXPECT_EQ(iss.error().message,
            "refusing to sign: " +
                check_issuable(trust->list, trust->signer, typo, issuer_a().public_key())
                    .error()
                    .message);
  EXPECT_NE(iss.error().message.find("not for iss 'CN-61010'"), std::string::npos);

  auto unknown = check_before_signing(*trust, c, issuer_b().public_key());
  EXPECT_EQ(unknown.code(), errc::not_issuable);
  EXPECT_EQ(unknown.error().message.rfind("refusing to sign: key " +
                                              to_hex(issuer_b().public_key().kid()) +
                                              " is not in the trust list (trust list seq 1)",
                                          0),
            0u);

  auto root = check_before_signing(*trust, c, root_key().public_key());
  EXPECT_EQ(root.code(), errc::key_is_root);
  EXPECT_EQ(root.error().message.rfind("refusing to sign: this key (kid ", 0), 0u);
}

struct IssueTrustFromState : ::testing::Test {
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "qrseal-issuecheck-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp");
    base = pattern;
    dir = (base / "state").string();
  }
  void TearDown() override { fs::remove_all(base); }
  fs::path base;
  std::string dir;
};

TEST_F(IssueTrustFromState, UsesTheStateListAndKnowsItsPinnedRoots) {
  auto state = device_state::init(dir, pinned_roots());
  ASSERT_TRUE(state.ok()) << state.error().message;
  auto empty = issue_trust_from_state(dir, "--state 'st'");
  EXPECT_EQ(empty.code(), errc::state_error);
  EXPECT_EQ(empty.error().message, "--state 'st' holds no trust list to check against");

  auto v = state->make_verifier();
  ASSERT_TRUE(v.ok());
  ASSERT_EQ(state->offer_trust_list(*v, signed_trust_list(default_trust_list(3)))->result,
            list_result::accepted);
  auto trust = issue_trust_from_state(dir, "--state 'st'");
  ASSERT_TRUE(trust.ok()) << trust.error().message;
  EXPECT_EQ(trust->list.seq, 3u);
  EXPECT_EQ(trust->roots, pinned_roots());
  EXPECT_TRUE(check_before_signing(*trust, default_claims(), issuer_a().public_key()).ok());
  // The state names no signer, but a pinned root used to issue is still named as a root.
  EXPECT_EQ(check_before_signing(*trust, default_claims(), root_key().public_key()).code(),
            errc::key_is_root);
  claims other = default_claims();
  other.iss = "CN-999999";
  EXPECT_EQ(check_before_signing(*trust, other, issuer_a().public_key()).code(),
            errc::not_issuable);

  EXPECT_FALSE(issue_trust_from_state((base / "missing").string(), "--state 'x'").ok());
}

}  // namespace
}  // namespace qrseal
