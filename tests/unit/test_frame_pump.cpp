// The frame pump (lib/frame_pump.cpp): every frame of recorded footage is decoded, each code is
// reported once until it has been out of sight for the hold time, and the report counts frames,
// codes and a stream that ends inside a frame. The clock is the test's.
#include <gtest/gtest.h>

#include <atomic>
#include <qrseal/frame_pump.hpp>
#include <qrseal/qr_encode.hpp>
#include <string>
#include <vector>

#include "distort.hpp"

namespace qrseal {
namespace {

std::vector<std::uint8_t> frame_of(const std::string& text, double centre_x = 0.5) {
  auto m = encode_qr(text, ecc_level::M);
  EXPECT_TRUE(m.ok());
  distort::shot s;
  s.frame_width = 320;
  s.frame_height = 240;
  s.module_px = 3;
  s.centre_x = centre_x;  // 50: the card is out of the picture
  distort::rng r(7);
  return distort::photograph(*m, s, r).pixels;
}

struct recording {
  std::vector<std::uint8_t> bytes;
  std::size_t at = 0;
  void add(const std::vector<std::uint8_t>& f) { bytes.insert(bytes.end(), f.begin(), f.end()); }
  std::size_t read(std::uint8_t* data, std::size_t n) {
    const std::size_t got = std::min(n, bytes.size() - at);
    std::copy_n(bytes.begin() + static_cast<std::ptrdiff_t>(at), got, data);
    at += got;
    return got;
  }
};

struct run_result {
  frame_pump_report report;
  std::vector<std::pair<std::string, std::uint64_t>> codes;  // text, frame
};

run_result pump(recording& in, double hold_seconds) {
  frame_pump_options o;
  o.width = 320;
  o.height = 240;
  o.all_frames = true;
  o.hold_seconds = hold_seconds;
  std::atomic<std::int64_t> ticks{0};  // every look at the clock: one more second
  run_result out;
  out.report = run_frame_pump(
      o, [&](std::uint8_t* d, std::size_t n) { return in.read(d, n); },
      [&](const scanned_code& c, std::uint64_t frame, double) {
        out.codes.emplace_back(c.text, frame);
      },
      [&] { return static_cast<double>(++ticks) * 1000.0; });
  return out;
}

TEST(FramePump, EachCodeOnceUntilOutOfSightForTheHoldTime) {
  const auto a = frame_of("QS1:AAAA"), b = frame_of("QS1:BBBB"), none = frame_of("X", 50);
  recording in;
  for (const auto* f : {&a, &a, &a, &none, &a, &b, &a}) in.add(*f);
  in.bytes.insert(in.bytes.end(), 100, 0);  // a torn last frame
  const run_result held = pump(in, 1000);
  EXPECT_EQ(held.report.frames_read, 7u);
  EXPECT_EQ(held.report.decoded, 7u);
  EXPECT_EQ(held.report.dropped, 0u);
  EXPECT_TRUE(held.report.partial_tail);
  ASSERT_EQ(held.codes.size(), 2u);
  EXPECT_EQ(held.codes[0], std::make_pair(std::string("QS1:AAAA"), std::uint64_t{1}));
  EXPECT_EQ(held.codes[1], std::make_pair(std::string("QS1:BBBB"), std::uint64_t{6}));
  EXPECT_EQ(held.report.reported, 2u);

  in.at = 0;
  in.bytes.resize(in.bytes.size() - 100);
  const run_result short_hold = pump(in, 0);  // every sighting is news
  EXPECT_FALSE(short_hold.report.partial_tail);
  EXPECT_EQ(short_hold.codes.size(), 6u);
  EXPECT_GT(short_hold.report.decode_ms_p99, 0);
}

TEST(FramePump, FrameSizesFollowTheLayout) {
  frame_pump_options o;
  o.width = 640;
  o.height = 480;
  EXPECT_EQ(frame_bytes(o), 640u * 480u);
  o.format = frame_format::yuyv;
  EXPECT_EQ(frame_bytes(o), 640u * 480u * 2u);
  o.format = frame_format::nv12;
  EXPECT_EQ(frame_bytes(o), 640u * 480u * 3u / 2u);
}

TEST(FramePumpText, FrameSizeAndFormatNames) {
  frame_pump_options o;
  ASSERT_TRUE(parse_frame_size("640x480", o).ok());
  EXPECT_EQ(o.width, 640);
  EXPECT_EQ(o.height, 480);
  ASSERT_TRUE(parse_frame_size("8192X1", o).ok());
  EXPECT_EQ(o.width, 8192);
  for (const char* bad : {"", "640", "640x", "x480", "640x480x", "640*480", "0x480", "640x-1",
                          "8193x1", "640x480 "}) {
    auto r = parse_frame_size(bad, o);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().message,
              "'" + std::string(bad) + "' is not WIDTHxHEIGHT within 1..8192 (e.g. 640x480)");
  }
  EXPECT_EQ(*parse_frame_format("grey"), frame_format::gray);
  EXPECT_EQ(*parse_frame_format("yuyv422"), frame_format::yuyv);
  EXPECT_EQ(*parse_frame_format("yuv420p"), frame_format::nv12);
  EXPECT_EQ(parse_frame_format("rgb24").error().message, "'rgb24' is not gray, yuyv or nv12");
}

TEST(FramePumpText, ReportLine) {
  frame_pump_report r;
  r.frames_read = 90;
  r.decoded = 60;
  r.dropped = 30;
  r.reported = 2;
  r.decode_ms_p50 = 4.5;
  r.decode_ms_p99 = 12.25;
  r.latency_ms_p50 = 6;
  r.latency_ms_p99 = 20.126;
  EXPECT_EQ(frame_pump_report_text(r),
            "frames read 90, decoded 60, dropped 30 (stale), codes reported 2; decode ms p50 4.50 "
            "p99 12.25; frame-to-verdict ms p50 6.00 p99 20.13");
}

}  // namespace
}  // namespace qrseal
