// The next revocation list: named credentials and people, the replaced lists carried over and
// pruned of expired credentials through the ledger, un-revoking one entry or all, and refusing a
// rollback or an un-revoke of something not on the list.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <qrseal/revocation_succession.hpp>
#include <stdexcept>

#include "fixtures.hpp"

namespace qrseal {
namespace {

namespace fs = std::filesystem;
using namespace fixtures;

credential_id cti_of(std::uint8_t fill) {
  credential_id c;
  c.fill(fill);
  return c;
}

revocation_list read_back(const std::vector<std::uint8_t>& cose) {
  auto loaded = load_revocation_list(cose, pinned_roots());
  EXPECT_EQ(loaded.result, list_result::accepted) << loaded.message;
  return loaded.list.value_or(revocation_list{});
}

replaced_revocation_list replaced(std::uint64_t seq, std::vector<credential_id> ctis) {
  std::vector<revocation_prefix> prefixes;
  for (const auto& c : ctis) prefixes.push_back(revocation_prefix_of(c));
  return {"old.cose", read_back(signed_revocation_list(seq, prefixes))};
}

class Succession : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "qrseal-succession-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp");
    dir_ = pattern;
    auto opened = ledger::open((dir_ / "ledger.sqlite").string());
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    book_.emplace(std::move(*opened));
    // Ann holds two credentials (one expired at t0 + day), Bob one expiring at t0 + 2 days.
    const std::vector<ledger_entry> entries{
        {"ann", cti_of(1), issuer_a().public_key().kid(), t0 - 3 * day, t0 + day},
        {"ann", cti_of(2), issuer_a().public_key().kid(), t0, t0 + 3 * day},
        {"bob", cti_of(3), issuer_a().public_key().kid(), t0, t0 + 2 * day},
    };
    ASSERT_TRUE(book_->record(entries).ok());
  }
  void TearDown() override {
    book_.reset();
    fs::remove_all(dir_);
  }

  revocation_succession base(std::uint64_t seq = 2) const {
    revocation_succession next;
    next.seq = seq;
    next.issued_at = t0 + 2 * day;
    next.next_update = t0 + 9 * day;
    return next;
  }

  fs::path dir_;
  std::optional<ledger> book_;
};

TEST_F(Succession, NamedCredentialsAndPeopleThroughTheLedger) {
  auto next = base();
  next.revoke = {cti_of(9)};
  next.subjects = {"ann", "bob", "nobody"};
  auto made = sign_successor_revocation_list(next, root_key(), &*book_);
  ASSERT_TRUE(made.ok()) << made.error().message;
  // At t0 + 2 days only Ann's second credential is unexpired; Bob's expires exactly then.
  EXPECT_EQ(made->by_subject, 1u);
  EXPECT_EQ(made->named, 2u);
  EXPECT_EQ(made->entries, 2u);
  EXPECT_EQ(made->subjects_without_credentials, (std::vector<std::string>{"bob", "nobody"}));
  const revocation_list list = read_back(made->cose);
  EXPECT_EQ(list.seq, 2u);
  EXPECT_TRUE(list.contains(cti_of(9)));
  EXPECT_TRUE(list.contains(cti_of(2)));
  EXPECT_FALSE(list.contains(cti_of(1)));
}

TEST_F(Succession, CarriesOverThePreviousListPrunedByExpiry) {
  auto next = base(5);
  // 1 has expired (pruned), 2 has not (kept), 7 is unknown to the ledger (kept: it cannot tell).
  next.replaced = {replaced(4, {cti_of(1), cti_of(2), cti_of(7)})};
  next.revoke = {cti_of(2)};  // named again: still one entry
  auto made = sign_successor_revocation_list(next, root_key(), &*book_);
  ASSERT_TRUE(made.ok()) << made.error().message;
  EXPECT_EQ(made->kept, 2u);
  EXPECT_EQ(made->dropped_expired, 1u);
  EXPECT_EQ(made->entries, 2u);
  const revocation_list list = read_back(made->cose);
  EXPECT_TRUE(list.contains(cti_of(2)));
  EXPECT_TRUE(list.contains(cti_of(7)));
  EXPECT_FALSE(list.contains(cti_of(1)));
  EXPECT_EQ(revocation_successor_summary(next, *made),
            "revocation list seq 5 with 2 credential(s) (1 named now; 2 kept from the previous "
            "list, 1 dropped as expired; it replaces 'old.cose' (seq 4))");

  // Without a ledger nothing can be judged expired: everything carries over.
  auto blind = sign_successor_revocation_list(next, root_key(), nullptr);
  ASSERT_TRUE(blind.ok());
  EXPECT_EQ(blind->kept, 3u);
  EXPECT_EQ(blind->dropped_expired, 0u);
}

TEST_F(Succession, UnrevokeOneOrDropAll) {
  auto next = base(3);
  next.replaced = {replaced(2, {cti_of(2), cti_of(7)}), replaced(1, {cti_of(8)})};
  next.unrevoke = {cti_of(7)};
  auto made = sign_successor_revocation_list(next, root_key(), &*book_);
  ASSERT_TRUE(made.ok()) << made.error().message;
  EXPECT_EQ(made->unrevoked, 1u);
  EXPECT_EQ(made->kept, 2u);
  const revocation_list list = read_back(made->cose);
  EXPECT_FALSE(list.contains(cti_of(7)));
  EXPECT_TRUE(list.contains(cti_of(8)));
  EXPECT_EQ(revocation_successor_summary(next, *made),
            "revocation list seq 3 with 2 credential(s) (0 named now; 2 kept from the previous "
            "list, 0 dropped as expired, 1 un-revoked by --unrevoke; it replaces 'old.cose' (seq "
            "2) and 'old.cose' (seq 1))");

  next.unrevoke = {cti_of(5)};
  auto absent = sign_successor_revocation_list(next, root_key(), &*book_);
  ASSERT_FALSE(absent.ok());
  EXPECT_EQ(absent.code(), errc::invalid_argument);
  EXPECT_NE(absent.error().message.find("not on the list being replaced"), std::string::npos);

  next.unrevoke.clear();
  next.drop_all_previous = true;
  next.revoke = {cti_of(9)};
  auto fresh = sign_successor_revocation_list(next, root_key(), &*book_);
  ASSERT_TRUE(fresh.ok());
  EXPECT_EQ(fresh->dropped_by_request, 3u);
  EXPECT_EQ(fresh->kept, 0u);
  EXPECT_EQ(fresh->entries, 1u);
  EXPECT_NE(revocation_successor_summary(next, *fresh).find(", 3 dropped by --drop-all-previous;"),
            std::string::npos);
}

TEST_F(Succession, RefusesARollbackAndPeopleWithoutALedger) {
  auto next = base(4);
  next.replaced = {replaced(4, {cti_of(2)})};
  auto rollback = sign_successor_revocation_list(next, root_key(), &*book_);
  ASSERT_FALSE(rollback.ok());
  EXPECT_EQ(rollback.code(), errc::list_rollback);
  EXPECT_NE(
      rollback.error().message.find("must be greater than the previous list's 4 ('old.cose')"),
      std::string::npos);

  auto people = base();
  people.subjects = {"ann"};
  EXPECT_EQ(sign_successor_revocation_list(people, root_key(), nullptr).code(),
            errc::invalid_argument);
}

TEST(RevocationInputs, CredentialIdIsExactly32HexDigits) {
  auto cti = parse_credential_id("000102030405060708090a0b0c0d0e0f");
  ASSERT_TRUE(cti.ok());
  EXPECT_EQ((*cti)[15], 0x0f);
  for (const char* bad :
       {"", "00", "000102030405060708090a0b0c0d0e0f00", "zz0102030405060708090a0b0c0d0e0f"}) {
    auto r = parse_credential_id(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.code(), errc::invalid_argument);
    EXPECT_EQ(r.error().message, "'" + std::string(bad) + "' is not a cti of 32 hex digits");
  }
}

TEST(RevocationInputs, IdFileLinesSkipBlanksAndCommentsAndKeepLineNumbers) {
  const auto lines = id_file_lines("# people\r\n  ann \r\n\n\t# bob\n\tcarl\t\nlast-no-newline");
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0].text, "ann");
  EXPECT_EQ(lines[0].number, 2u);
  EXPECT_EQ(lines[1].text, "carl");
  EXPECT_EQ(lines[1].number, 5u);
  EXPECT_EQ(lines[2].text, "last-no-newline");
  EXPECT_EQ(lines[2].number, 6u);
  EXPECT_TRUE(id_file_lines("").empty());
}

TEST(RevocationInputs, CtiFileNamesTheBadLine) {
  auto ok = parse_cti_file("# revoked\n000102030405060708090a0b0c0d0e0f\n", "ctis.txt");
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->size(), 1u);
  auto bad = parse_cti_file("000102030405060708090a0b0c0d0e0f\n\nnot-hex\n", "ctis.txt");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().message, "ctis.txt line 3: 'not-hex' is not a cti of 32 hex digits");
}

TEST(RevocationInputs, ReplacedListIsCheckedAgainstTheRoot) {
  const auto list = signed_revocation_list(4, {revocation_prefix_of(cti_of(7))});
  auto named = read_replaced_revocation_list(list, root_key().public_key(), "old.cose",
                                             "--previous 'old.cose'", replaced_role::named);
  ASSERT_TRUE(named.ok()) << named.error().message;
  EXPECT_EQ(named->name, "old.cose");
  EXPECT_EQ(named->list.seq, 4u);
  // Another root's list, or no list at all, is refused with the reason.
  auto foreign = read_replaced_revocation_list(list, issuer_a().public_key(), "old.cose",
                                               "--previous 'old.cose'", replaced_role::named);
  ASSERT_FALSE(foreign.ok());
  EXPECT_EQ(foreign.code(), errc::list_unknown_root);
  EXPECT_EQ(foreign.error().message.rfind("--previous 'old.cose': list_unknown_root: ", 0), 0u);
  const std::vector<std::uint8_t> junk{'h', 'e', 'l', 'l', 'o'};
  auto at_out = read_replaced_revocation_list(junk, root_key().public_key(), "out.cose",
                                              "--out 'out.cose'", replaced_role::at_output);
  ASSERT_FALSE(at_out.ok());
  EXPECT_EQ(at_out.code(), errc::file_exists);
  EXPECT_NE(at_out.error().message.find("--out 'out.cose' already holds a file that is not a "
                                        "revocation list of this root (list_malformed"),
            std::string::npos);
}

}  // namespace
}  // namespace qrseal
