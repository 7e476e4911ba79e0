// Input files: the size limit, a directory refused, standard input as "-", an owner-only secret
// refused with its mode and the chmod that fixes it, a QR text's line ends, and what a file given
// in the wrong place seems to be.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <qrseal/input_file.hpp>
#include <stdexcept>
#include <string>

namespace qrseal {
namespace {

namespace fs = std::filesystem;

std::string text_of(const secret_string& s) { return std::string(s.view(secret_access{})); }

struct InputFile : ::testing::Test {
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "qrseal-input-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp");
    dir = pattern;
  }
  void TearDown() override { fs::remove_all(dir); }
  std::string write(const char* name, const std::string& content, unsigned mode = 0600) const {
    const std::string p = (dir / name).string();
    std::ofstream(p, std::ios::binary) << content;
    ::chmod(p.c_str(), mode);
    return p;
  }
  // Runs `read` with standard input coming from a file holding `content`.
  template <class Read>
  auto with_stdin(const std::string& content, Read read) const {
    const std::string p = write("stdin", content);
    const int saved = ::dup(STDIN_FILENO);
    const int fd = ::open(p.c_str(), O_RDONLY);
    ::dup2(fd, STDIN_FILENO);
    ::close(fd);
    auto r = read();
    ::dup2(saved, STDIN_FILENO);
    ::close(saved);
    return r;
  }
  fs::path dir;
};

TEST_F(InputFile, ReadsUpToTheLimitAndRefusesMore) {
  const std::string p = write("list.cose", "12345");
  auto whole = read_file(p, 5, "trust list");
  ASSERT_TRUE(whole.ok()) << whole.error().message;
  EXPECT_EQ(*whole, "12345");
  auto over = read_file(p, 4, "trust list");
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(over.code(), errc::io_error);
  EXPECT_EQ(over.error().message, "trust list '" + p + "' is larger than the limit of 4 bytes");
  auto secret = read_secret_file(p, 5, "key file");
  ASSERT_TRUE(secret.ok());
  EXPECT_EQ(text_of(*secret), "12345");
  EXPECT_EQ(read_secret_file(p, 4, "key file").error().message,
            "key file '" + p + "' is larger than the limit of 4 bytes");
}

TEST_F(InputFile, RefusesADirectoryAndNamesAMissingFile) {
  auto d = read_file(dir.string(), 100, "--previous");
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.error().message, "--previous '" + dir.string() + "' is a directory");
  const std::string missing = (dir / "nope").string();
  EXPECT_EQ(read_file(missing, 100, "trust list").error().message,
            "cannot open trust list '" + missing + "': No such file or directory");
  EXPECT_EQ(read_private_file(dir.string(), 100, "secret key file").error().message,
            "secret key file '" + dir.string() + "' is a directory");
}

TEST_F(InputFile, DashIsStandardInput) {
  auto r = with_stdin("from stdin", [] { return read_file("-", 100, "claims JSON"); });
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(*r, "from stdin");
  auto big = with_stdin("0123456789", [] { return read_file("-", 9, "claims JSON"); });
  EXPECT_EQ(big.error().message,
            "claims JSON 'standard input' is larger than the limit of 9 bytes");
  // Standard input is never judged by its mode.
  auto secret = with_stdin("k", [] { return read_private_file("-", 9, "secret key file"); });
  ASSERT_TRUE(secret.ok());
  EXPECT_EQ(text_of(*secret), "k");
}

TEST_F(InputFile, AnOwnerOnlyFileOthersCanReachIsRefusedWithTheChmod) {
  const std::string p = write("issuer.key", "secret", 0644);
  auto shared = read_private_file(p, 100, "secret key file");
  ASSERT_FALSE(shared.ok());
  EXPECT_EQ(shared.code(), errc::io_error);
  EXPECT_EQ(shared.error().message,
            "secret key file '" + p +
                "' has mode 0644: group or others can read or change it, so qrseal refuses it (as "
                "ssh refuses such a private key); run: chmod 600 '" +
                p + "'");
  ::chmod(p.c_str(), 0620);
  EXPECT_NE(read_private_file(p, 100, "passphrase file").error().message.find("has mode 0620"),
            std::string::npos);
  ::chmod(p.c_str(), 0600);
  auto own = read_private_file(p, 100, "secret key file");
  ASSERT_TRUE(own.ok()) << own.error().message;
  EXPECT_EQ(text_of(*own), "secret");
  // Only secrets are held to the rule.
  ::chmod(p.c_str(), 0644);
  EXPECT_TRUE(read_secret_file(p, 100, "key file").ok());
}

TEST_F(InputFile, AQrTextLosesOnlyItsTrailingLineEnds) {
  auto r = with_stdin(" QS1:ABC \r\n\n", [] { return read_qr_text_file("-", "text"); });
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, " QS1:ABC ");
  const std::string p = write("text", "QS1:\nX\n", 0644);
  EXPECT_EQ(*read_qr_text_file(p, "text"), "QS1:\nX");
}

TEST(WhatFileSeems, NamesWhatQrsealKnows) {
  EXPECT_EQ(what_file_seems("qrseal-public-key/1\nkid: 00\n"),
            "it looks like a qrseal public key file (.pub)");
  EXPECT_EQ(what_file_seems("qrseal-secret-key/1\n"),
            "it looks like a qrseal SECRET key file (.key)");
  EXPECT_EQ(what_file_seems("junk\n-----BEGIN PUBLIC KEY-----\nMCow\n"),
            "it looks like a public key (PEM)");
  EXPECT_EQ(what_file_seems("-----BEGIN PRIVATE KEY-----\n"), "it looks like a SECRET key (PEM)");
  EXPECT_EQ(what_file_seems("-----BEGIN ENCRYPTED PRIVATE KEY-----\n"),
            "it looks like a SECRET key (PEM)");
  EXPECT_EQ(what_file_seems("QS1:6BF"), "it looks like a credential's QR text");
  EXPECT_EQ(what_file_seems("QL1:6BF"), "it looks like a credential's QR text");
  EXPECT_EQ(what_file_seems("QT1:6BF"),
            "it looks like a key-update sheet's text (QT1:); give the .cose file");
  EXPECT_EQ(what_file_seems(std::string_view("\x89PNG\r\n", 6)), "it looks like an image");
  EXPECT_EQ(what_file_seems("\xFF\xD8\xFF\xE0"), "it looks like an image");
  EXPECT_EQ(what_file_seems("SQLite format 3"), "it looks like an SQLite database");
  EXPECT_EQ(what_file_seems(""), "");
  EXPECT_EQ(what_file_seems("\xD2\x84"), "");
  EXPECT_EQ(what_file_seems(" QS1:6BF"), "");  // prefixes count only at the start
}

}  // namespace
}  // namespace qrseal
