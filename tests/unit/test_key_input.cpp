// Keys and passphrases from files: a passphrase file's first line (empty, too long, the hint for a
// byte-order mark or a trailing space), a secret key loaded with a passphrase file or a prompt
// (asked only when the key is encrypted), errors naming the key file, a public key in any form.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <qrseal/key_file.hpp>
#include <qrseal/key_input.hpp>
#include <qrseal/pem.hpp>
#include <stdexcept>
#include <string>

#include "fixtures.hpp"

namespace qrseal {
namespace {

namespace fs = std::filesystem;
using namespace fixtures;

std::string text_of(const secret_string& s) { return std::string(s.view(secret_access{})); }

secret_string secret(std::string_view text) {
  secret_string s;
  s.append(text);
  return s;
}

struct KeyInput : ::testing::Test {
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "qrseal-keyinput-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp");
    dir = pattern;
  }
  void TearDown() override { fs::remove_all(dir); }
  std::string write(const char* name, std::string_view content, unsigned mode = 0600) const {
    const std::string p = (dir / name).string();
    std::ofstream(p, std::ios::binary) << content;
    ::chmod(p.c_str(), mode);
    return p;
  }
  std::string encrypted_key(const char* name, std::string_view passphrase) const {
    auto file = encode_secret_key_file(issuer_a(), passphrase, kdf_preset::interactive);
    if (!file) throw std::runtime_error(file.error().message);
    return write(name, text_of(*file));
  }
  fs::path dir;
};

TEST_F(KeyInput, APassphraseFileGivesItsFirstLine) {
  auto p = passphrase_from_file(write("pass", "correct horse\r\nsecond line\n"));
  ASSERT_TRUE(p.ok()) << p.error().message;
  EXPECT_EQ(text_of(*p), "correct horse");
  EXPECT_EQ(text_of(*passphrase_from_file(write("bare", "no newline"))), "no newline");
}

TEST_F(KeyInput, AnEmptyOrTooLongPassphraseIsRefused) {
  const std::string empty = write("empty", "\nsecond");
  auto e = passphrase_from_file(empty);
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.code(), errc::invalid_argument);
  EXPECT_EQ(e.error().message, "passphrase file '" + empty + "' is empty");
  EXPECT_EQ(passphrase_from_file(write("nothing", "")).error().message,
            "passphrase file '" + (dir / "nothing").string() + "' is empty");
  const std::string longest = write("longest", std::string(max_passphrase_bytes, 'x') + "\n");
  EXPECT_TRUE(passphrase_from_file(longest).ok());
  const std::string too_long = write("long", std::string(max_passphrase_bytes + 1, 'x') + "\n");
  EXPECT_EQ(passphrase_from_file(too_long).error().message,
            "passphrase in '" + too_long + "' is longer than 1024 bytes");
  // A file far longer than any passphrase is not read to its end.
  const std::string huge = write("huge", std::string(max_passphrase_bytes + 3, 'x'));
  EXPECT_NE(passphrase_from_file(huge).error().message.find("is larger than the limit of 1026"),
            std::string::npos);
}

TEST_F(KeyInput, APassphraseFileOthersCanReadIsRefused) {
  const std::string p = write("pass", "secret\n", 0640);
  EXPECT_EQ(passphrase_from_file(p).error().message,
            "passphrase file '" + p +
                "' has mode 0640: group or others can read or change it, so qrseal refuses it (as "
                "ssh refuses such a private key); run: chmod 600 '" +
                p + "'");
}

TEST(PassphraseFileHint, NamesWhatAnEditorAdds) {
  EXPECT_EQ(passphrase_file_hint("secret", "p"), "");
  EXPECT_EQ(passphrase_file_hint("", "p"), "");
  EXPECT_EQ(passphrase_file_hint("\xEF\xBB\xBFsecret", "p"),
            "; note: the first line of passphrase file 'p': it starts with a UTF-8 byte-order mark "
            "(EF BB BF), which is part of the passphrase (save the file without it if that was "
            "not meant)");
  EXPECT_EQ(passphrase_file_hint("secret\t", "p"),
            "; note: the first line of passphrase file 'p': it ends in a space or tab, which is "
            "part of the passphrase (save the file without it if that was not meant)");
  EXPECT_EQ(passphrase_file_hint("\xEF\xBB\xBFsecret ", "p"),
            "; note: the first line of passphrase file 'p': it starts with a UTF-8 byte-order mark "
            "(EF BB BF), which is part of the passphrase; it ends in a space or tab, which is part "
            "of the passphrase (save the file without it if that was not meant)");
}

TEST_F(KeyInput, AnEncryptedKeyTakesThePassphraseFileOrThePrompt) {
  const std::string key = encrypted_key("issuer.key", "secret");
  auto from_file = load_secret_key(key, write("pass", "secret\n"));
  ASSERT_TRUE(from_file.ok()) << from_file.error().message;
  EXPECT_EQ(from_file->public_key(), issuer_a().public_key());

  std::string asked_for;
  auto from_prompt = load_secret_key(key, std::nullopt, [&](const std::string& path) {
    asked_for = path;
    return result<secret_string>(secret("secret"));
  });
  ASSERT_TRUE(from_prompt.ok()) << from_prompt.error().message;
  EXPECT_EQ(asked_for, key);

  // The prompt's own failure comes back as it is.
  auto refused = load_secret_key(key, std::nullopt, [](const std::string&) {
    return result<secret_string>(errc::key_passphrase_required, "no terminal");
  });
  EXPECT_EQ(refused.error().message, "no terminal");
  // Neither a file nor a prompt.
  auto neither = load_secret_key(key, std::nullopt);
  EXPECT_EQ(neither.code(), errc::key_passphrase_required);
  EXPECT_EQ(neither.error().message.rfind(key + ": ", 0), 0u);
}

TEST_F(KeyInput, AWrongPassphraseFromAFileCarriesTheHint) {
  const std::string key = encrypted_key("issuer.key", "secret");
  const std::string pass = write("pass", "\xEF\xBB\xBFsecret \n");
  auto wrong = load_secret_key(key, pass);
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.code(), errc::key_wrong_passphrase);
  std::ifstream in(key, std::ios::binary);
  const std::string key_text{std::istreambuf_iterator<char>(in), {}};
  auto plain = decode_secret_key_file(key_text, "nope");
  EXPECT_EQ(wrong.error().message,
            key + ": " + plain.error().message + passphrase_file_hint("\xEF\xBB\xBFsecret ", pass));
  // A prompt's wrong passphrase has no file to hint about.
  auto prompted = load_secret_key(
      key, std::nullopt, [](const std::string&) { return result<secret_string>(secret("nope")); });
  EXPECT_EQ(prompted.error().message, key + ": " + plain.error().message);
}

TEST_F(KeyInput, AnUnencryptedKeyOrPemNeedsNoPassphrase) {
  bool asked = false;
  const auto never = [&](const std::string&) {
    asked = true;
    return result<secret_string>(secret("x"));
  };
  auto none = encode_secret_key_file(issuer_b(), "", kdf_preset::none);
  auto from_none = load_secret_key(write("none.key", text_of(*none)), std::nullopt, never);
  ASSERT_TRUE(from_none.ok()) << from_none.error().message;
  EXPECT_EQ(from_none->public_key(), issuer_b().public_key());
  auto from_pem =
      load_secret_key(write("k.pem", text_of(secret_key_to_pem(issuer_b()))), std::nullopt, never);
  ASSERT_TRUE(from_pem.ok()) << from_pem.error().message;
  EXPECT_EQ(from_pem->public_key(), issuer_b().public_key());
  EXPECT_FALSE(asked);
  // Errors after the read name the file; the read's own errors already do.
  const std::string bad = write("bad.key", "-----BEGIN PRIVATE KEY-----\nzz\n");
  EXPECT_EQ(load_secret_key(bad, std::nullopt).error().message.rfind(bad + ": ", 0), 0u);
  const std::string shared = write("shared.key", text_of(*none), 0644);
  EXPECT_EQ(load_secret_key(shared, std::nullopt).error().message.rfind("secret key file '", 0),
            0u);
}

TEST_F(KeyInput, APublicKeyInAnyForm) {
  const public_key want = issuer_a().public_key();
  auto pub = load_public_key(write("a.pub", encode_public_key_file(want), 0644));
  ASSERT_TRUE(pub.ok()) << pub.error().message;
  EXPECT_EQ(*pub, want);
  EXPECT_EQ(*load_public_key(write("a.pem", public_key_to_pem(want), 0644)), want);
  const std::string wrong = write("claims.json", "{}", 0644);
  auto bad = load_public_key(wrong);
  EXPECT_EQ(bad.code(), errc::key_file_format);
  EXPECT_EQ(bad.error().message.rfind(wrong + ": ", 0), 0u);
  const std::string missing = (dir / "missing.pub").string();
  EXPECT_EQ(load_public_key(missing).error().message,
            "cannot open public key file '" + missing + "': No such file or directory");
}

}  // namespace
}  // namespace qrseal
