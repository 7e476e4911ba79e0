// A key pair on disk: the prefix is checked before any passphrase is asked, an existing pair is
// refused as a whole unless overwriting is allowed, and the files read back as the same key with
// the modes a secret and a public file need.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <qrseal/key_pair_files.hpp>
#include <sstream>

namespace qrseal {
namespace {

namespace fs = std::filesystem;

class KeyPairFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("qrseal-keypair-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    prefix_ = (dir_ / "issuer").string();
  }
  void TearDown() override { fs::remove_all(dir_); }
  static std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
  }
  static unsigned mode_of(const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 ? static_cast<unsigned>(st.st_mode & 07777) : 0;
  }
  fs::path dir_;
  std::string prefix_;
};

TEST_F(KeyPairFiles, PrefixMustNameFiles) {
  for (const std::string& bad : {std::string(), std::string("keys/")}) {
    auto s = check_key_pair_prefix(bad, overwrite::allow);
    ASSERT_FALSE(s.ok()) << bad;
    EXPECT_EQ(s.code(), errc::invalid_argument);
    EXPECT_EQ(s.error().message, "'" + bad +
                                     "' must be a path prefix such as keys/issuer (the files are "
                                     "PREFIX.key and PREFIX.pub)");
  }
  EXPECT_TRUE(check_key_pair_prefix(prefix_, overwrite::refuse).ok());
}

TEST_F(KeyPairFiles, WrittenPairReadsBackWithItsModes) {
  const secret_key key = secret_key::generate();
  ASSERT_TRUE(write_key_pair(prefix_, key, "", kdf_preset::none, overwrite::refuse).ok());
  EXPECT_EQ(mode_of(prefix_ + ".key"), 0600u);
  EXPECT_EQ(mode_of(prefix_ + ".pub"), 0644u);
  auto back = decode_secret_key_file(slurp(prefix_ + ".key"), "");
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(back->public_key(), key.public_key());
  auto pub = decode_public_key_file(slurp(prefix_ + ".pub"));
  ASSERT_TRUE(pub.ok());
  EXPECT_EQ(*pub, key.public_key());
}

TEST_F(KeyPairFiles, AnExistingHalfRefusesThePairUnlessAllowed) {
  std::ofstream(prefix_ + ".pub") << "someone's key";
  auto s = check_key_pair_prefix(prefix_, overwrite::refuse);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.code(), errc::file_exists);
  EXPECT_EQ(s.error().message, "'" + prefix_ + ".pub' already exists; refusing to overwrite it");
  EXPECT_TRUE(check_key_pair_prefix(prefix_, overwrite::allow).ok());
  const secret_key key = secret_key::generate();
  EXPECT_EQ(write_key_pair(prefix_, key, "", kdf_preset::none, overwrite::refuse).code(),
            errc::file_exists);
  EXPECT_EQ(slurp(prefix_ + ".pub"), "someone's key");
  ASSERT_TRUE(write_key_pair(prefix_, key, "", kdf_preset::none, overwrite::allow).ok());
  EXPECT_EQ(*decode_public_key_file(slurp(prefix_ + ".pub")), key.public_key());
}

}  // namespace
}  // namespace qrseal
