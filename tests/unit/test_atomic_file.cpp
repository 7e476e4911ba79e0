// The one atomic writer: replacing, refusing to replace, modes, deferred flushing of many files
// and a folder synced at once; failures as values naming the file.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <qrseal/atomic_file.hpp>
#include <sstream>
#include <stdexcept>

namespace qrseal {
namespace {

namespace fs = std::filesystem;

struct AtomicFile : ::testing::Test {
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "qrseal-atomic-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp");
    dir = pattern;
  }
  void TearDown() override { fs::remove_all(dir); }
  std::string path(const char* name) const { return (dir / name).string(); }
  static std::string read(const std::string& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }
  static unsigned mode_of(const std::string& p) {
    struct stat st {};
    ::stat(p.c_str(), &st);
    return st.st_mode & 07777;
  }
  bool only(std::initializer_list<const char*> names) const {
    std::size_t n = 0;
    for (const auto& e : fs::directory_iterator(dir)) {
      ++n;
      if (std::find(names.begin(), names.end(), e.path().filename().string()) == names.end())
        return false;
    }
    return n == names.size();
  }
  fs::path dir;
};

TEST_F(AtomicFile, WritesAndReplacesWithTheModeAsked) {
  ASSERT_TRUE(write_file_atomically(path("a"), "one", {.mode = 0600}).ok());
  EXPECT_EQ(read(path("a")), "one");
  EXPECT_EQ(mode_of(path("a")), 0600u);
  ASSERT_TRUE(write_file_atomically(path("a"), "two").ok());
  EXPECT_EQ(read(path("a")), "two");
  EXPECT_EQ(mode_of(path("a")), 0644u);
  EXPECT_TRUE(only({"a"}));  // no temporary file left behind
}

TEST_F(AtomicFile, RefusesToReplaceWhenAsked) {
  ASSERT_TRUE(
      write_file_atomically(path("key"), "secret", {.mode = 0600, .existing = overwrite::refuse})
          .ok());
  auto again = write_file_atomically(path("key"), "other", {.existing = overwrite::refuse});
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.code(), errc::file_exists);
  EXPECT_NE(again.error().message.find(path("key")), std::string::npos);
  EXPECT_EQ(to_string(errc::file_exists), "file_exists");
  EXPECT_EQ(read(path("key")), "secret");
  EXPECT_EQ(mode_of(path("key")), 0600u);
  EXPECT_TRUE(only({"key"}));
}

TEST_F(AtomicFile, DeferredFilesThenOneFolderSync) {
  fs::create_directory(dir / "part");
  for (const char* name : {"part/1", "part/2"})
    ASSERT_TRUE(write_file_atomically(path(name), name, {.sync = durability::deferred}).ok());
  EXPECT_EQ(read(path("part/2")), "part/2");
  EXPECT_TRUE(sync_folder(path("part")).ok());
  EXPECT_EQ(sync_folder(path("missing")).code(), errc::io_error);
}

TEST_F(AtomicFile, FailuresNameTheFile) {
  auto nowhere = write_file_atomically(path("no/such/dir/f"), "x");
  ASSERT_FALSE(nowhere.ok());
  EXPECT_EQ(nowhere.code(), errc::io_error);
  EXPECT_NE(nowhere.error().message.find("no/such/dir/f"), std::string::npos);
  // A directory in the way of a rename is not replaced.
  fs::create_directory(dir / "d");
  EXPECT_EQ(write_file_atomically(path("d"), "x").code(), errc::io_error);
  EXPECT_TRUE(fs::is_directory(dir / "d"));
  EXPECT_TRUE(only({"d"}));
}

}  // namespace
}  // namespace qrseal
