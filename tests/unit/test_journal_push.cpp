// journal_push's pure parts: the report as JSON (the contract of `journal push --json`), the
// device id, and a record's JSON line with and without the device. The pushing itself runs
// against real servers in tests/cli/journal_push*.sh.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <qrseal/journal_push.hpp>
#include <string>

namespace qrseal {
namespace {

TEST(JournalPush, ReportJsonWithoutFault) {
  push_report r;
  r.device = "0011223344556677";
  r.acked_before = 3;
  r.acked = 10;
  r.files = 2;
  r.records = 7;
  r.waiting = 0;
  r.cost.requests = 2;
  r.cost.bytes_in = 20;
  r.cost.bytes_out = 900;
  EXPECT_EQ(push_report_json(r),
            R"({"ok":true,"device":"0011223344556677","acked_before":3,"acked":10,"files":2,)"
            R"("records":7,"waiting":0,"fault":null,"requests":2,"bytes_in":20,"bytes_out":900})");
}

TEST(JournalPush, ReportJsonNamesTheFault) {
  push_report r;
  r.waiting = 5;
  r.fault = error{errc::net_timeout, "no answer in 60 s from \xff"};
  const auto j = nlohmann::json::parse(push_report_json(r));  // invalid UTF-8 is replaced
  EXPECT_EQ(j["ok"], false);
  EXPECT_EQ(j["fault"]["code"], std::string(to_string(errc::net_timeout)));
  EXPECT_EQ(j["fault"]["message"].get<std::string>().substr(0, 21), "no answer in 60 s fro");
  EXPECT_EQ(j["waiting"], 5);
}

TEST(JournalPush, ReportTextSaysWhatWaitsAndHowToGoOn) {
  push_report r;
  r.acked = 10;
  r.files = 2;
  r.records = 7;
  EXPECT_EQ(push_report_text(r),
            "journal push: 7 record(s) in 2 file(s) acknowledged; acknowledged up to id 10; 0 "
            "waiting\n");
  r.waiting = 5;
  r.fault = error{errc::net_timeout, "no answer"};
  EXPECT_EQ(push_report_text(r),
            "journal push: 7 record(s) in 2 file(s) acknowledged; acknowledged up to id 10; 5 "
            "waiting\n  stopped: " +
                std::string(to_string(errc::net_timeout)) +
                ": no answer (run it again: it resumes with the same file)\n");
}

TEST(JournalPush, DeviceIdIsOneWayAndStable) {
  journal_key a{}, b{};
  a.fill(1);
  b.fill(2);
  EXPECT_EQ(journal_device_id(a).size(), 16u);
  EXPECT_EQ(journal_device_id(a), journal_device_id(a));
  EXPECT_NE(journal_device_id(a), journal_device_id(b));
}

TEST(JournalPush, RecordLineCarriesTheDeviceOnlyWhenGiven) {
  journal_record r;
  r.id = 4;
  r.checkpoint = "door";
  EXPECT_FALSE(nlohmann::json::parse(journal_record_json(r)).contains("device"));
  EXPECT_EQ(nlohmann::json::parse(journal_record_json(r, "abcd"))["device"], "abcd");
}

}  // namespace
}  // namespace qrseal
