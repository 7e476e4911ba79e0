// The scanning robustness suite: real credentials, photographed the way phones and cameras see
// them (tests/unit/distort.hpp), decoded and verified through verify_frame. Each class of
// distortion has a decode rate over a fixed, seeded set of samples, asserted as a floor a little
// under the rate measured when the floor was set (docs/scanning.md has the table). The rate
// without the recovery pass (ZXing alone, as before it existed) is printed beside it.
//
// QRSEAL_SCAN_SAMPLES=DIR writes the first pictures of every class there as PNG, to look at.
// --gtest_also_run_disabled_tests runs the timing loop behind docs/scanning.md's costs.
#include <gtest/gtest.h>
#include <sodium.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <iomanip>
#include <map>
#include <qrseal/png.hpp>
#include <qrseal/scan.hpp>
#include <qrseal/scan_stream.hpp>
#include <string>
#include <vector>

#include "code_presence.hpp"
#include "distort.hpp"
#include "fixtures.hpp"

namespace qrseal {
namespace {

using namespace fixtures;

constexpr int samples_per_class = 40;

// Decodes out of samples_per_class, with the recovery pass (the default), measured on the seeds
// below; floors set one or two samples lower. Deterministic: a change here means the
// scanner, ZXing or the distortions changed.
const std::map<std::string, int> floors{
    {"scale", 39},              // measured 40 (first pass alone: 39)
    {"rotation", 39},           // measured 40 (first pass alone: 40)
    {"small_rotated", 37},      // measured 38 (first pass alone: 33)
    {"perspective", 39},        // measured 40 (first pass alone: 40)
    {"steep_perspective", 37},  // measured 38 (first pass alone: 35)
    {"blur", 35},               // measured 37 (first pass alone: 30)
    {"noise", 39},              // measured 40 (first pass alone: 40)
    {"low_contrast", 37},       // measured 39 (first pass alone: 33)
    {"jpeg_q30", 39},           // measured 40 (first pass alone: 40)
    {"inverted", 39},           // measured 40 (first pass alone: 40)
    {"glare", 33},              // measured 35 (first pass alone: 29)
    {"frame_fill", 34},         // measured 36 (first pass alone: 34)
    {"hd_noise_blur", 29},      // measured 31 (first pass alone: 1)
};

// A green credential with a negative test, varied the way real ones vary: masked name, ID
// hint, test site, credential id, and a holder key on some (one QR version larger).
std::string random_credential(distort::rng& r) {
  static const char* const names[] = {"张*明", "李*", "王*芳", "欧阳*华", "陈*", "刘*伟"};
  static const char* const sites[] = {"XA-01", "BJ", "SH-PD-12", "GZ-3", "CD-07"};
  claims c = default_claims();
  c.status.name = names[r.integer(0, 5)];
  std::string hint;
  for (int i = 0; i < 4; ++i) hint += static_cast<char>('0' + r.integer(0, 9));
  c.status.id_hint = hint;
  c.status.test->site = sites[r.integer(0, 4)];
  for (auto& b : c.cti) b = static_cast<std::uint8_t>(r.integer(0, 255));
  if (r.uniform() < 0.3) c.holder_key = holder_key().public_key();
  return issue(c);
}

verifier default_verifier() {
  verifier v(pinned_roots());
  const list_offer r = v.offer_trust_list(signed_trust_list(default_trust_list()));
  EXPECT_EQ(r.result, list_result::accepted) << r.message;
  return v;
}

void write_png(const std::string& path, const gray_image& img) {
  auto png = encode_png(img);
  if (!png) return;
  std::ofstream(path, std::ios::binary)
      .write(reinterpret_cast<const char*>(png->data()), static_cast<std::streamsize>(png->size()));
}

class robustness : public ::testing::TestWithParam<std::size_t> {
 protected:
  static void SetUpTestSuite() { ASSERT_GE(sodium_init(), 0); }
};

TEST_P(robustness, decode_rate_is_at_least_the_floor) {
  const std::size_t index = GetParam();
  const distort::distortion_class& c = distort::distortion_classes()[index];
  const verifier v = default_verifier();
  distort::rng credentials(1000 + index), scenes(2000 + index);
  const char* samples_dir = std::getenv("QRSEAL_SCAN_SAMPLES");
  scan_options first_pass_only;
  first_pass_only.try_recovery = false;

  int before = 0, after = 0, stream_count = 0;
  for (int i = 0; i < samples_per_class; ++i) {
    const std::string text = random_credential(credentials);
    auto m = encode_qr(text, ecc_level::M);
    ASSERT_TRUE(m.ok());
    const distort::shot shot = c.make(scenes, *m);
    const gray_image img = distort::photograph(*m, shot, scenes);
    ASSERT_EQ(img.pixels.size(), static_cast<std::size_t>(shot.frame_width) * shot.frame_height);
    if (samples_dir && i < 3)
      write_png(std::string(samples_dir) + "/" + c.name + "_" + std::to_string(i) + ".png", img);
    const image_view view{img.pixels.data(), img.width, img.height, 0, pixel_format::gray};

    // The recovery pass runs only when the first pass finds nothing, and the first pass is the
    // same with or without it: a code found here is found by the default scan too.
    auto first = scan_image(view, img.pixels.size(), first_pass_only);
    ASSERT_TRUE(first.ok());
    // No pass may misread: a wrong text would have to beat ZXing's Reed-Solomon check (and the
    // signature would refuse it anyway).
    const bool found_first = std::any_of(first->begin(), first->end(),
                                         [&](const scanned_code& s) { return s.text == text; });
    bool found = found_first;
    for (const scanned_code& s : *first) EXPECT_EQ(s.text, text) << c.name << " sample " << i;
    if (found_first) {
      EXPECT_EQ(v.verify(text, now0).outcome(), outcome::valid);
    } else {
      auto verdicts = verify_frame(v, view, img.pixels.size(), now0);
      ASSERT_TRUE(verdicts.ok());
      for (const frame_verdict& fv : *verdicts) {
        EXPECT_EQ(fv.code.text, text) << c.name << " sample " << i;
        EXPECT_TRUE(fv.code.recovered);
        if (fv.code.text == text && fv.verdict.is_valid()) found = true;
      }
    }
    // A camera stream (frame_stream) shown the picture after a quiet spell has a whole
    // recovery saved up: it reads what the single-frame scan reads, in the first frame.
    bool found_stream = found_first;
    if (!found_first) {
      frame_stream stream;
      auto step = stream.feed(view, img.pixels.size(), 0);
      ASSERT_TRUE(step.ok());
      for (const scanned_code& s : step->new_codes) found_stream |= s.text == text;
    }
    EXPECT_EQ(found_stream, found) << c.name << " sample " << i;
    before += found_first;
    after += found;
    stream_count += found_stream;
  }
  std::cout << "[ rates    ] " << std::left << std::setw(18) << c.name << " first pass "
            << std::right << std::setw(2) << before << "/" << samples_per_class
            << ", with recovery " << std::setw(2) << after << "/" << samples_per_class
            << ", stream " << std::setw(2) << stream_count << "/" << samples_per_class << " (floor "
            << floors.at(c.name) << ")\n";
  RecordProperty("first_pass", before);
  RecordProperty("with_recovery", after);
  RecordProperty("stream", stream_count);
  EXPECT_GE(after, floors.at(c.name)) << c.what;
}

INSTANTIATE_TEST_SUITE_P(classes, robustness,
                         ::testing::Range(std::size_t{0}, distort::distortion_classes().size()),
                         [](const ::testing::TestParamInfo<std::size_t>& param_info) {
                           return std::string(distort::distortion_classes()[param_info.param].name);
                         });

TEST(robustness_suite, every_class_has_a_floor) {
  for (const auto& c : distort::distortion_classes()) EXPECT_TRUE(floors.count(c.name)) << c.name;
  EXPECT_EQ(floors.size(), distort::distortion_classes().size());
}

// The same seed gives the same picture, bit for bit: the rates above are reproducible.
TEST(robustness_suite, pictures_are_deterministic) {
  auto m = encode_qr("QS1:DETERMINISTIC", ecc_level::M);
  ASSERT_TRUE(m.ok());
  auto picture = [&] {
    distort::rng r(99);
    distort::shot s = distort::distortion_classes().front().make(r, *m);
    s.jpeg_quality = 30;
    s.glare_fraction = 0.05;
    return distort::photograph(*m, s, r).pixels;
  };
  EXPECT_EQ(picture(), picture());
}

// ---- Cost of the extra passes (not a test: prints the figures in docs/scanning.md) --------

double cpu_ms() { return 1000.0 * static_cast<double>(std::clock()) / CLOCKS_PER_SEC; }

TEST(robustness_suite, DISABLED_cost_of_the_extra_passes) {
  ASSERT_GE(sodium_init(), 0);
  const std::string text = issue(default_claims());
  auto m = encode_qr(text, ecc_level::M);
  ASSERT_TRUE(m.ok());
  for (auto [w, h] : {std::pair{640, 480}, std::pair{1280, 720}}) {
    distort::rng r(5);
    const char* kinds[] = {"no code, desk", "no code, printed text", "noisy, no code", "code",
                           "inverted code"};
    for (int kind = 0; kind < 5; ++kind) {
      distort::shot s;
      s.frame_width = w;
      s.frame_height = h;
      s.module_px = 4;
      gray_image img;
      if (kind == 0 || kind == 2) {
        s.centre_x = 50;  // the card is out of the picture
        if (kind == 2) s.noise_sigma = 12;
        img = distort::photograph(*m, s, r);
      } else if (kind == 1) {
        const qr_matrix page = distort::text_page(r);
        s.module_px = 0.8 * h / page.size;
        img = distort::photograph(page, s, r);
      } else {
        s.inverted = kind == 4;
        img = distort::photograph(*m, s, r);
      }
      const image_view view{img.pixels.data(), w, h, 0, pixel_format::gray};
      auto time = [&](bool recovery, std::size_t& found) {
        scan_options o;
        o.try_recovery = recovery;
        std::vector<double> t;
        for (int i = 0; i < 15; ++i) {
          const double start = cpu_ms();
          auto codes = scan_image(view, img.pixels.size(), o);
          t.push_back(cpu_ms() - start);
          found = codes ? codes->size() : 0;
        }
        std::sort(t.begin(), t.end());
        return std::pair{t[0], t[t.size() / 2]};
      };
      std::size_t found_without = 0, found_with = 0;
      const auto [min0, med0] = time(false, found_without);
      const auto [min1, med1] = time(true, found_with);
      std::cout << std::fixed << std::setprecision(2) << w << "x" << h << " " << std::left
                << std::setw(22) << kinds[kind] << std::right << " found " << found_without << "/"
                << found_with << "  first pass min " << min0 << " median " << med0
                << " ms;  with recovery min " << min1 << " median " << med1 << " ms\n";
    }
  }
}

// ---- What the presence check sees (not a test: the measurements behind its rule) ----------

detail::luma_plane plane_of(const gray_image& img) {
  return {img.pixels.data(), img.width, img.height, static_cast<std::size_t>(img.width), 1};
}

TEST(robustness_suite, DISABLED_presence_check) {
  ASSERT_GE(sodium_init(), 0);
  const verifier v = default_verifier();
  scan_options first_pass_only;
  first_pass_only.try_recovery = false;
  const bool classes = std::getenv("QRSEAL_PRESENCE_NO_CLASSES") == nullptr;
  for (std::size_t index = 0; classes && index < distort::distortion_classes().size(); ++index) {
    const auto& c = distort::distortion_classes()[index];
    distort::rng credentials(1000 + index), scenes(2000 + index);
    std::string missed_line, recovered_line;
    int missed = 0, recovered = 0, flagged = 0;
    for (int i = 0; i < samples_per_class; ++i) {
      const std::string text = random_credential(credentials);
      auto m = encode_qr(text, ecc_level::M);
      const distort::shot shot = c.make(scenes, *m);
      const gray_image img = distort::photograph(*m, shot, scenes);
      const image_view view{img.pixels.data(), img.width, img.height, 0, pixel_format::gray};
      auto first = scan_image(view, img.pixels.size(), first_pass_only);
      if (!first->empty()) continue;
      ++missed;
      scan_options all;
      all.recovery_gate = false;
      auto full = scan_image(view, img.pixels.size(), all);
      const auto p = detail::look_for_code(plane_of(img));
      const std::string mark = std::to_string(p.dark_finders) + "/" +
                               std::to_string(p.light_finders) + ":" + std::to_string(p.structure) +
                               " ";
      if (!full->empty()) {
        ++recovered;
        recovered_line += mark;
        flagged += p.finders() > 0;
      } else {
        missed_line += mark;
      }
    }
    std::cout << std::left << std::setw(18) << c.name << " missed " << missed << " recovered "
              << recovered << " flagged " << flagged << " | recovered: " << recovered_line
              << "| lost: " << missed_line << "\n";
  }
  for (auto [w, h] : {std::pair{640, 480}, std::pair{1280, 720}}) {
    const char* kinds[] = {"desk", "text", "texture", "texture_hi"};
    for (int kind = 0; kind < 4; ++kind) {
      distort::rng r(77 + kind);
      int fired = 0;
      std::string line;
      double gate_ms = 0, zx_ms = 0;
      const int n = 40;
      for (int i = 0; i < n; ++i) {
        const std::string text = issue(default_claims());
        auto m = encode_qr(text, ecc_level::M);
        distort::shot s;
        s.frame_width = w;
        s.frame_height = h;
        s.module_px = 4;
        s.noise_sigma = r.uniform(1, 12);
        gray_image img;
        if (kind == 0) {
          s.centre_x = 50;
          img = distort::photograph(*m, s, r);
        } else if (kind == 1) {
          const qr_matrix page = distort::text_page(r);
          s.module_px = r.uniform(0.4, 0.9) * h / page.size;
          s.angle_deg = r.uniform(-20, 20);
          img = distort::photograph(page, s, r);
        } else {
          img = distort::textured_frame(r, w, h, kind == 2 ? 60 : 120, r.uniform(4, 14));
        }
        double t0 = cpu_ms();
        const auto p = detail::look_for_code(plane_of(img));
        gate_ms += cpu_ms() - t0;
        t0 = cpu_ms();
        scan_options o;
        o.try_recovery = false;
        o.try_inverted = false;
        (void)scan_image({img.pixels.data(), w, h, 0, pixel_format::gray}, img.pixels.size(), o);
        zx_ms += cpu_ms() - t0;
        fired += p.finders() > 0;
        line += std::to_string(p.dark_finders) + "/" + std::to_string(p.light_finders) + ":" +
                std::to_string(p.structure) + " ";
      }
      std::cout << w << "x" << h << " " << std::setw(10) << kinds[kind] << " fired " << fired << "/"
                << n << " gate " << gate_ms / n << " ms zxing " << zx_ms / n << " ms | " << line
                << "\n";
    }
  }
}

}  // namespace
}  // namespace qrseal
