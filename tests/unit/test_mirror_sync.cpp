// mirror_sync's pure parts: whether a report is ok, and the report as JSON (the contract of
// `sync --json`). Syncing itself runs against real and faulty servers in tests/cli/*sync*.sh.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <qrseal/mirror_sync.hpp>
#include <string>

namespace qrseal {
namespace {

sync_report two_lists() {
  sync_report r;
  list_sync trust;
  trust.kind = "trust";
  trust.action = sync_action::accepted;
  trust.held_seq = 4;
  trust.mirror = "http://a/";
  trust.message = "seq 4 taken";
  list_sync revocations;
  revocations.kind = "revocations";
  revocations.action = sync_action::absent;
  revocations.message = "no mirror publishes one";
  revocations.faults.push_back({"http://b/", errc::net_refused, "refused"});
  r.lists = {trust, revocations};
  r.cost.requests = 3;
  r.cost.bytes_in = 1000;
  r.cost.bytes_out = 10;
  return r;
}

TEST(MirrorSync, ReportJsonIsExact) {
  EXPECT_EQ(sync_report_json(two_lists()),
            R"({"ok":true,"lists":[{"list":"trust","action":"accepted","held_seq":4,)"
            R"("mirror":"http://a/","message":"seq 4 taken","faults":[]},)"
            R"({"list":"revocations","action":"absent","held_seq":null,"mirror":null,)"
            R"("message":"no mirror publishes one","faults":[{"mirror":"http://b/","code":")" +
                std::string(to_string(errc::net_refused)) +
                R"(","message":"refused"}]}],"requests":3,"bytes_in":1000,"bytes_out":10})");
}

TEST(MirrorSync, ReportTextIsALinePerListAndPerFault) {
  EXPECT_EQ(sync_report_text(two_lists()),
            "trust list: accepted, seq 4 held, from http://a/ (seq 4 taken)\n"
            "revocation list: absent (no mirror publishes one)\n"
            "  http://b/: " +
                std::string(to_string(errc::net_refused)) + ": refused\n");
}

TEST(MirrorSync, AFailedListIsNotOk) {
  sync_report r = two_lists();
  EXPECT_TRUE(r.ok());
  r.lists[1].action = sync_action::failed;
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(nlohmann::json::parse(sync_report_json(r))["ok"], false);
}

TEST(MirrorSync, NoListsIsOkAndAnEmptyArray) {
  const auto j = nlohmann::json::parse(sync_report_json(sync_report{}));
  EXPECT_EQ(j["ok"], true);
  EXPECT_TRUE(j["lists"].is_array());
  EXPECT_TRUE(j["lists"].empty());
}

}  // namespace
}  // namespace qrseal
