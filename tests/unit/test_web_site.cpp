// The checkpoint site (qrseal web build): the page's files copied, the roots pinned in
// authority.json, the lists as a mirror in lists/, sw.js's SITE line naming every file with a
// version made from their contents; and what is refused (lists the roots do not sign, a folder
// that is not a site, incomplete assets, a sw.js without its SITE line).
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <qrseal/hex.hpp>
#include <qrseal/key_file.hpp>
#include <qrseal/web_site.hpp>
#include <set>
#include <sstream>
#include <string>

#include "fixtures.hpp"

namespace qrseal {
namespace {

namespace fs = std::filesystem;
using namespace fixtures;

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void spit(const fs::path& p, std::string_view text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << text;
}

class WebSiteTest : public ::testing::Test {
 protected:
  void SetUp() override {
    base_ = fs::temp_directory_path() /
            ("qrseal-web-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(base_);
    assets_ = base_ / "assets";
    for (const char* f :
         {"index.html", "app.js", "manifest.webmanifest", "engine/qrseal-engine.mjs",
          "engine/qrseal-engine.wasm", "vendor/zxing/reader/index.js"})
      spit(assets_ / f, std::string("stand-in ") + f);
    spit(assets_ / "sw.js",
         "// head\nconst SITE = {\"version\":\"unbuilt\",\"files\":[]}; // x\n"
         "const CACHE = `c-${SITE.version}`;\n");
    spit(assets_ / ".hidden/secret", "not for the site");
    trust_ = signed_trust_list(default_trust_list(4));
    revocations_ = signed_revocation_list(2);
  }
  void TearDown() override { fs::remove_all(base_); }

  result<web_site_report> build(const fs::path& out,
                                const std::vector<public_key>& roots = pinned_roots()) {
    return write_web_site(assets_.string(), out.string(), roots, trust_,
                          std::span<const std::uint8_t>(revocations_));
  }

  // The SITE object written into sw.js.
  static nlohmann::json site_line(const fs::path& out) {
    const std::string sw = slurp(out / "sw.js");
    const std::size_t at = sw.find("\nconst SITE = ");
    EXPECT_NE(at, std::string::npos) << sw;
    const std::size_t begin = at + 14;
    const std::size_t end = sw.find("; // written by qrseal web build", begin);
    EXPECT_NE(end, std::string::npos) << sw;
    return nlohmann::json::parse(sw.substr(begin, end - begin));
  }

  fs::path base_, assets_;
  bytes trust_, revocations_;
};

TEST_F(WebSiteTest, WritesThePagePinsTheRootsAndNamesEveryFileInTheServiceWorker) {
  const fs::path out = base_ / "site";
  auto r = build(out);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->lists.trust->seq, 4u);
  EXPECT_EQ(r->lists.revocations->seq, 2u);
  EXPECT_EQ(slurp(out / "engine/qrseal-engine.mjs"), "stand-in engine/qrseal-engine.mjs");
  EXPECT_FALSE(fs::exists(out / ".hidden"));

  const auto authority = nlohmann::json::parse(slurp(out / "authority.json"));
  EXPECT_EQ(authority["format"], "qrseal-web 1");
  ASSERT_EQ(authority["roots"].size(), 1u);
  EXPECT_EQ(authority["roots"][0]["pub"], encode_public_key_file(root_key().public_key()));
  EXPECT_EQ(authority["lists"], "lists/");
  auto index = parse_mirror_index(slurp(out / "lists/qrseal-mirror.txt"));
  ASSERT_TRUE(index.ok()) << index.error().message;
  EXPECT_EQ(slurp(out / "lists" / index->trust->file), std::string(trust_.begin(), trust_.end()));

  const auto site = site_line(out);
  std::set<std::string> named(site["files"].begin(), site["files"].end());
  std::set<std::string> on_disk;
  std::uint64_t bytes_on_disk = 0;
  for (const auto& e : fs::recursive_directory_iterator(out)) {
    if (!e.is_regular_file()) continue;
    bytes_on_disk += e.file_size();
    const std::string rel = e.path().lexically_relative(out).generic_string();
    if (rel != "sw.js") on_disk.insert(rel);
  }
  EXPECT_EQ(named, on_disk);
  EXPECT_EQ(site["version"], r->version);
  EXPECT_EQ(r->files, on_disk.size() + 1);
  EXPECT_EQ(r->bytes, bytes_on_disk);
  EXPECT_NE(slurp(out / "sw.js").find("const CACHE = "), std::string::npos);
}

TEST_F(WebSiteTest, TheVersionFollowsTheContentsAndARebuildIsAllowed) {
  const fs::path out = base_ / "site";
  auto first = build(out);
  ASSERT_TRUE(first.ok()) << first.error().message;
  auto same = build(out);
  ASSERT_TRUE(same.ok()) << same.error().message;
  EXPECT_EQ(same->version, first->version);
  spit(assets_ / "app.js", "changed");
  auto changed = build(out);
  ASSERT_TRUE(changed.ok()) << changed.error().message;
  EXPECT_NE(changed->version, first->version);
  EXPECT_EQ(slurp(out / "app.js"), "changed");
}

TEST_F(WebSiteTest, RefusesListsTheRootsDoNotSignBeforeWritingAnyPage) {
  const fs::path out = base_ / "site";
  auto r = build(out, {root2_key().public_key()});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, errc::list_unknown_root) << r.error().message;
  EXPECT_FALSE(fs::exists(out / "index.html"));
  EXPECT_FALSE(build(out, {}).ok());
}

TEST_F(WebSiteTest, RefusesAFolderThatIsNotASite) {
  spit(base_ / "home/notes.txt", "keep");
  auto r = build(base_ / "home");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, errc::invalid_argument);
  EXPECT_NE(r.error().message.find("holds no earlier site"), std::string::npos)
      << r.error().message;
  EXPECT_FALSE(fs::exists(base_ / "home/index.html"));
  spit(base_ / "file", "x");
  EXPECT_FALSE(build(base_ / "file").ok());
}

TEST_F(WebSiteTest, RefusesIncompleteAssets) {
  fs::remove(assets_ / "vendor/zxing/reader/index.js");
  auto r = build(base_ / "site");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("vendor/zxing/reader/index.js"), std::string::npos)
      << r.error().message;
  auto nowhere = write_web_site((base_ / "nowhere").string(), (base_ / "site").string(),
                                pinned_roots(), trust_, std::nullopt);
  ASSERT_FALSE(nowhere.ok());
  EXPECT_NE(nowhere.error().message.find("is not a folder"), std::string::npos);
}

TEST_F(WebSiteTest, RefusesAServiceWorkerWithoutItsSiteLine) {
  spit(assets_ / "sw.js", "self.addEventListener('fetch', () => {});\n");
  auto r = build(base_ / "site");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("const SITE = "), std::string::npos) << r.error().message;
}

TEST_F(WebSiteTest, AssetsAreFoundBesideTheBuildOrTheInstalledBinary) {
  // A build tree: BUILD/qrseal and BUILD/web-assets/index.html.
  spit(base_ / "build/web-assets/index.html", "page");
  EXPECT_EQ(find_web_assets((base_ / "build/qrseal").string()),
            (base_ / "build/web-assets").string());
  // An install: PREFIX/bin/qrseal and PREFIX/share/qrseal/web/index.html.
  spit(base_ / "usr/share/qrseal/web/index.html", "page");
  EXPECT_EQ(find_web_assets((base_ / "usr/bin/qrseal").string()),
            (base_ / "usr/share/qrseal/web").string());
  EXPECT_FALSE(find_web_assets((base_ / "elsewhere/bin/qrseal").string()).has_value());
}

TEST_F(WebSiteTest, ReportTextNamesTheSiteRootsAndLists) {
  auto site = build(base_ / "site");
  ASSERT_TRUE(site.ok()) << site.error().message;
  const std::string text = web_site_report_text(*site, "site", pinned_roots());
  EXPECT_EQ(text, "site: site (" + std::to_string(site->files) + " files, " +
                      std::to_string(site->bytes) + " bytes, version " + site->version +
                      ")\nroots pinned: " + to_hex(root_key().public_key().kid()) +
                      "\ntrust list seq 4\nrevocation list seq 2\n");
}

}  // namespace
}  // namespace qrseal
