#include <gtest/gtest.h>

#include <qrseal/hex.hpp>
#include <qrseal/key_file.hpp>
#include <qrseal/pem.hpp>
#include <string>
#include <vector>

namespace qrseal {
namespace {

constexpr std::string_view rfc_seed =
    "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
constexpr std::string_view rfc_public =
    "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
constexpr std::string_view rfc_kid = "21fe31dfa154a261";  // see test_keys.cpp

secret_key rfc_key() {
  auto seed = from_hex(rfc_seed);
  auto key = secret_key::from_seed(*seed);
  EXPECT_TRUE(key.ok());
  return std::move(key).value();
}

std::string text_of(const secret_string& s) { return std::string(s.view(secret_access{})); }

std::string encode(const secret_key& key, std::string_view passphrase, kdf_preset preset) {
  auto file = encode_secret_key_file(key, passphrase, preset);
  EXPECT_TRUE(file.ok()) << file.error().message;
  return file.ok() ? text_of(*file) : std::string{};
}

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t end = text.find('\n', pos);
    lines.push_back(text.substr(pos, end - pos));
    pos = end == std::string::npos ? text.size() : end + 1;
  }
  return lines;
}

std::string join_lines(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& line : lines) out += line + "\n";
  return out;
}

// The file with line `number` (1-based) replaced.
std::string with_line(const std::string& text, std::size_t number, const std::string& line) {
  auto lines = split_lines(text);
  lines.at(number - 1) = line;
  return join_lines(lines);
}

bool contains(const std::string& haystack, std::string_view needle) {
  return haystack.find(needle) != std::string::npos;
}

// ---- public key files ----

const std::string rfc_public_file = "qrseal-public-key/1\nkid: " + std::string(rfc_kid) +
                                    "\npublic-key: " + std::string(rfc_public) + "\n";

TEST(key_file, public_file_exact_text_and_round_trip) {
  const secret_key key = rfc_key();
  EXPECT_EQ(encode_public_key_file(key.public_key()), rfc_public_file);
  auto back = decode_public_key_file(rfc_public_file);
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(*back, key.public_key());
}

TEST(key_file, public_file_layout_tolerance) {
  const secret_key key = rfc_key();
  const std::vector<std::string> variants = {
      "qrseal-public-key/1\n# issuing key 2022-01\n\nkid: " + std::string(rfc_kid) +
          "\n#x\npublic-key: " + std::string(rfc_public) + "\n\n# end\n",
      "qrseal-public-key/1\r\nkid: " + std::string(rfc_kid) +
          "\r\npublic-key: " + std::string(rfc_public) + "\r\n",
      "qrseal-public-key/1\nkid: " + std::string(rfc_kid) +
          "\npublic-key: " + std::string(rfc_public),  // no final newline
      "qrseal-public-key/1\nkid: 21FE31DFA154A261\npublic-key: " + std::string(rfc_public) + "\n",
  };
  for (const auto& text : variants) {
    auto back = decode_public_key_file(text);
    ASSERT_TRUE(back.ok()) << text << "\n" << back.error().message;
    EXPECT_EQ(*back, key.public_key());
  }
}

TEST(key_file, public_file_errors) {
  struct bad_case {
    std::string text;
    errc code;
    std::string_view message;
  };
  const std::string kid_line = "kid: " + std::string(rfc_kid);
  const std::string pk_line = "public-key: " + std::string(rfc_public);
  const std::vector<bad_case> cases = {
      {"", errc::key_file_format, "empty"},
      {"qrseal-public-key/2\n" + kid_line + "\n" + pk_line + "\n", errc::key_file_format,
       "line 1: not a qrseal public key file"},
      {"qrseal-secret-key/1\n" + kid_line + "\n", errc::key_file_format,
       "this is a qrseal secret key file"},
      {"-----BEGIN PUBLIC KEY-----\n", errc::key_file_format, "PEM"},
      {" qrseal-public-key/1\n" + kid_line + "\n" + pk_line + "\n", errc::key_file_format,
       "line 1"},
      {"qrseal-public-key/1\n" + kid_line + "\n", errc::key_file_format,
       "line 3: missing 'public-key:' line"},
      {"qrseal-public-key/1\n" + pk_line + "\n", errc::key_file_format,
       "line 2: expected 'kid: ...'"},
      {"qrseal-public-key/1\nkid:" + std::string(rfc_kid) + "\n" + pk_line + "\n",
       errc::key_file_format, "line 2: expected 'kid: ...'"},
      {"qrseal-public-key/1\nkid: 21fe31dfa154a262\n" + pk_line + "\n", errc::key_file_format,
       "line 2: kid 21fe31dfa154a262 is not the kid of the public key (21fe31dfa154a261)"},
      {"qrseal-public-key/1\nkid: 21fe31dfa154a2\n" + pk_line + "\n", errc::key_file_format,
       "line 2: kid must be 16 hex digits, got 14 characters"},
      {"qrseal-public-key/1\n" + kid_line + "\npublic-key: " + std::string(rfc_public) + " \n",
       errc::key_file_format, "line 3: public-key must be 64 hex digits, got 65 characters"},
      {"qrseal-public-key/1\n" + kid_line + "\npublic-key: x" + std::string(rfc_public.substr(1)) +
           "\n",
       errc::key_file_format, "line 3: public-key: character 1 is not a hex digit"},
      {"qrseal-public-key/1\n" + kid_line + "\n" + pk_line + "\nextra: 1\n", errc::key_file_format,
       "line 4: unexpected text after the last field"},
      {"qrseal-public-key/1\n" + kid_line + "\n" + pk_line + "\n" + pk_line + "\n",
       errc::key_file_format, "line 4: unexpected text"},
      // The identity point: small order.
      {"qrseal-public-key/1\nkid: 0000000000000000\npublic-key: "
       "0100000000000000000000000000000000000000000000000000000000000000\n",
       errc::key_invalid, "line 3: Ed25519 public key is a small-order point"},
      {rfc_public_file + std::string(max_key_file_bytes, '#'), errc::key_file_format, "65536"},
  };
  for (const auto& c : cases) {
    auto result = decode_public_key_file(c.text);
    ASSERT_FALSE(result.ok()) << c.text;
    EXPECT_EQ(result.code(), c.code) << c.text << "\n" << result.error().message;
    EXPECT_TRUE(contains(result.error().message, c.message))
        << "message: " << result.error().message << "\nwanted: " << c.message;
  }
}

// ---- unencrypted secret key files ----

const std::string rfc_plain_file = "qrseal-secret-key/1\nkid: " + std::string(rfc_kid) +
                                   "\npublic-key: " + std::string(rfc_public) +
                                   "\nkdf: none\nseed: " + std::string(rfc_seed) + "\n";

TEST(key_file, unencrypted_exact_text_and_round_trip) {
  const secret_key key = rfc_key();
  EXPECT_EQ(encode(key, "", kdf_preset::none), rfc_plain_file);
  EXPECT_EQ(encode(key, "ignored", kdf_preset::none), rfc_plain_file);
  EXPECT_FALSE(secret_key_file_is_encrypted(rfc_plain_file));
  for (const std::string_view passphrase : {"", "ignored"}) {
    auto back = decode_secret_key_file(rfc_plain_file, passphrase);
    ASSERT_TRUE(back.ok()) << back.error().message;
    EXPECT_EQ(back->public_key(), key.public_key());
    EXPECT_EQ(to_hex(back->seed(secret_access{})), rfc_seed);
  }
}

TEST(key_file, unencrypted_with_comments_and_crlf) {
  std::string text = "qrseal-secret-key/1\r\n# test key\r\n" +
                     rfc_plain_file.substr(rfc_plain_file.find('\n') + 1);
  auto back = decode_secret_key_file(text, "");
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(to_hex(back->seed(secret_access{})), rfc_seed);
}

TEST(key_file, seed_that_does_not_match_the_public_key) {
  const secret_key other = secret_key::generate();
  // The public lines of another key, the RFC seed.
  std::string text = with_line(rfc_plain_file, 2, "kid: " + to_hex(other.public_key().kid()));
  text = with_line(text, 3, "public-key: " + to_hex(other.public_key().bytes()));
  auto result = decode_secret_key_file(text, "");
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.code(), errc::key_mismatch) << result.error().message;
  EXPECT_TRUE(contains(result.error().message, rfc_kid)) << result.error().message;
}

TEST(key_file, secret_file_format_errors) {
  struct bad_case {
    std::string text;
    errc code;
    std::string_view message;
  };
  const std::vector<bad_case> cases = {
      {with_line(rfc_plain_file, 1, "qrseal-public-key/1"), errc::key_file_format,
       "this is a qrseal public key file, not a secret key file"},
      {with_line(rfc_plain_file, 1, "-----BEGIN PRIVATE KEY-----"), errc::key_file_format, "PEM"},
      {with_line(rfc_plain_file, 2, "kid: 0000000000000000"), errc::key_file_format,
       "line 2: kid 0000000000000000 is not the kid of the public key"},
      {with_line(rfc_plain_file, 5, "seed: " + std::string(rfc_seed.substr(2))),
       errc::key_file_format, "line 5: seed must be 64 hex digits, got 62 characters"},
      {with_line(rfc_plain_file, 5, "seed: " + std::string(rfc_seed.substr(1)) + "z"),
       errc::key_file_format, "line 5: seed: character 64 is not a hex digit"},
      {with_line(rfc_plain_file, 5, "salt: 00"), errc::key_file_format,
       "line 5: expected 'seed: ...'"},
      {rfc_plain_file + "seed: " + std::string(rfc_seed) + "\n", errc::key_file_format,
       "line 6: unexpected text after the last field"},
      {with_line(rfc_plain_file, 4, "kdf: None"), errc::key_file_kdf, "'None'"},
      {with_line(rfc_plain_file, 4, "kdf: none "), errc::key_file_kdf, "'none '"},
      {rfc_plain_file + std::string(max_key_file_bytes, '\n'), errc::key_file_format,
       "larger than 65536 bytes"},
  };
  for (const auto& c : cases) {
    auto result = decode_secret_key_file(c.text, "");
    ASSERT_FALSE(result.ok()) << c.text;
    EXPECT_EQ(result.code(), c.code) << c.text << "\n" << result.error().message;
    EXPECT_TRUE(contains(result.error().message, c.message))
        << "message: " << result.error().message << "\nwanted: " << c.message;
    EXPECT_FALSE(secret_key_file_is_encrypted(c.text));
  }
}

TEST(key_file, weak_public_key_in_secret_file) {
  std::string text = with_line(rfc_plain_file, 2, "kid: 0000000000000000");
  text = with_line(text, 3,
                   "public-key: edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f");
  auto result = decode_secret_key_file(text, "");
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.code(), errc::key_invalid);
  EXPECT_TRUE(contains(result.error().message, "line 3: Ed25519 public key is non-canonical"))
      << result.error().message;
}

// ---- encrypted secret key files ----

// One encrypted file shared by the tests below: each Argon2id run costs 64 MiB and some time.
class encrypted_file : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    key_ = new secret_key(secret_key::generate());
    file_ = new std::string(encode(*key_, "correct horse", kdf_preset::interactive));
  }
  static void TearDownTestSuite() {
    delete key_;
    delete file_;
    key_ = nullptr;
    file_ = nullptr;
  }
  static const secret_key& key() { return *key_; }
  static const std::string& file() { return *file_; }

 private:
  static inline secret_key* key_ = nullptr;
  static inline std::string* file_ = nullptr;
};

TEST_F(encrypted_file, layout) {
  const auto lines = split_lines(file());
  ASSERT_EQ(lines.size(), 7u) << file();
  EXPECT_EQ(lines[0], "qrseal-secret-key/1");
  EXPECT_EQ(lines[1], "kid: " + to_hex(key().public_key().kid()));
  EXPECT_EQ(lines[2], "public-key: " + to_hex(key().public_key().bytes()));
  EXPECT_EQ(lines[3], "kdf: argon2id-interactive");
  EXPECT_EQ(lines[4].substr(0, 6), "salt: ");
  EXPECT_EQ(lines[4].size(), 6u + 32u);
  EXPECT_EQ(lines[5].substr(0, 7), "nonce: ");
  EXPECT_EQ(lines[5].size(), 7u + 48u);
  EXPECT_EQ(lines[6].substr(0, 16), "encrypted-seed: ");
  EXPECT_EQ(lines[6].size(), 16u + 96u);
  EXPECT_EQ(file().back(), '\n');
  // The seed appears nowhere in clear.
  EXPECT_FALSE(contains(file(), to_hex(key().seed(secret_access{}))));
  EXPECT_TRUE(secret_key_file_is_encrypted(file()));
}

TEST_F(encrypted_file, round_trip) {
  auto back = decode_secret_key_file(file(), "correct horse");
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(back->public_key(), key().public_key());
  EXPECT_TRUE(std::equal(back->seed(secret_access{}).begin(), back->seed(secret_access{}).end(),
                         key().seed(secret_access{}).begin()));
}

TEST_F(encrypted_file, wrong_passphrase) {
  auto result = decode_secret_key_file(file(), "correct horse ");
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.code(), errc::key_wrong_passphrase);
  EXPECT_TRUE(contains(result.error().message, "wrong passphrase"));
}

TEST_F(encrypted_file, passphrase_required) {
  auto result = decode_secret_key_file(file(), "");
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.code(), errc::key_passphrase_required);
  EXPECT_TRUE(contains(result.error().message, "argon2id-interactive"));
}

// Flips one hex digit of a field line: the secretbox tag must catch it (or, for the salt,
// the derived key changes); all three look like a wrong passphrase.
std::string flip_digit(const std::string& text, std::size_t line_number, std::size_t digit) {
  auto lines = split_lines(text);
  std::string& line = lines.at(line_number - 1);
  const std::size_t at = line.find(": ") + 2 + digit;
  line[at] = line[at] == '0' ? '1' : '0';
  return join_lines(lines);
}

TEST_F(encrypted_file, tampered_ciphertext_tag_nonce_or_salt) {
  for (const auto& [line, digit] :
       std::vector<std::pair<std::size_t, std::size_t>>{{7, 95}, {7, 0}, {6, 10}, {5, 31}}) {
    auto result = decode_secret_key_file(flip_digit(file(), line, digit), "correct horse");
    ASSERT_FALSE(result.ok()) << "line " << line;
    EXPECT_EQ(result.code(), errc::key_wrong_passphrase) << result.error().message;
  }
}

TEST_F(encrypted_file, other_public_key_with_its_kid) {
  const secret_key other = secret_key::generate();
  std::string text = with_line(file(), 2, "kid: " + to_hex(other.public_key().kid()));
  text = with_line(text, 3, "public-key: " + to_hex(other.public_key().bytes()));
  auto result = decode_secret_key_file(text, "correct horse");
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.code(), errc::key_mismatch) << result.error().message;
}

TEST_F(encrypted_file, kdf_lines_demanding_other_parameters) {
  for (const std::string kdf : {"argon2id opslimit=4 memlimit=4294967296", "argon2id-sensitive",
                                "argon2i-interactive", "scrypt", "ARGON2ID-INTERACTIVE",
                                "argon2id-interactive;memlimit=1T", "", "argon2id-\x01\x02"}) {
    const std::string text = with_line(file(), 4, "kdf: " + kdf);
    auto result = decode_secret_key_file(text, "correct horse");
    ASSERT_FALSE(result.ok()) << kdf;
    EXPECT_EQ(result.code(), errc::key_file_kdf) << result.error().message;
    EXPECT_TRUE(contains(result.error().message, "line 4: KDF '"));
    EXPECT_TRUE(contains(result.error().message, "not a supported preset"));
    EXPECT_FALSE(secret_key_file_is_encrypted(text));
  }
  auto result = decode_secret_key_file(with_line(file(), 4, "kdf: argon2id-sensitive"), "x");
  EXPECT_TRUE(contains(result.error().message, "'argon2id-sensitive'")) << result.error().message;
}

TEST_F(encrypted_file, every_truncation_is_refused_before_any_kdf_work) {
  // Cutting only the final newline leaves a complete file; any shorter prefix is incomplete.
  // None of these reaches Argon2id (the test would take minutes if they did).
  for (std::size_t size = 0; size + 1 < file().size(); ++size) {
    auto result = decode_secret_key_file(std::string_view(file()).substr(0, size), "x");
    ASSERT_FALSE(result.ok()) << size;
    EXPECT_TRUE(result.code() == errc::key_file_format || result.code() == errc::key_file_kdf)
        << size << ": " << result.error().message;
  }
  auto last_line = decode_secret_key_file(file().substr(0, file().rfind("encrypted-seed")), "x");
  EXPECT_TRUE(contains(last_line.error().message, "line 7: missing 'encrypted-seed:' line"))
      << last_line.error().message;
}

TEST_F(encrypted_file, hex_errors_name_line_and_field) {
  auto lines = split_lines(file());
  struct bad_case {
    std::size_t line;
    std::string text;
    std::string_view message;
  };
  const std::vector<bad_case> cases = {
      {5, lines[4].substr(0, lines[4].size() - 1), "line 5: salt must be 32 hex digits, got 31"},
      {5, lines[4] + "00", "line 5: salt must be 32 hex digits, got 34"},
      {5, "salt: " + std::string(31, '0') + "g", "line 5: salt: character 32 is not a hex digit"},
      {6, "nonce: " + std::string(46, 'a'), "line 6: nonce must be 48 hex digits"},
      {6, "nonce: " + std::string(47, 'a') + " ", "line 6: nonce: character 48 is not a hex"},
      {7, "encrypted-seed: " + std::string(64, 'a'), "line 7: encrypted-seed must be 96 hex"},
      {7, "encrypted_seed: " + std::string(96, 'a'), "line 7: expected 'encrypted-seed: ...'"},
      {5, lines[5], "line 5: expected 'salt: ...'"},
  };
  for (const auto& c : cases) {
    auto result = decode_secret_key_file(with_line(file(), c.line, c.text), "x");
    ASSERT_FALSE(result.ok()) << c.text;
    EXPECT_EQ(result.code(), errc::key_file_format);
    EXPECT_TRUE(contains(result.error().message, c.message))
        << "message: " << result.error().message << "\nwanted: " << c.message;
  }
}

TEST_F(encrypted_file, passphrase_length_limit) {
  const std::string too_long(max_passphrase_bytes + 1, 'p');
  auto decoded = decode_secret_key_file(file(), too_long);
  ASSERT_FALSE(decoded.ok());
  EXPECT_EQ(decoded.code(), errc::invalid_argument);
  EXPECT_TRUE(contains(decoded.error().message, "1024 bytes")) << decoded.error().message;

  auto encoded = encode_secret_key_file(key(), too_long, kdf_preset::interactive);
  ASSERT_FALSE(encoded.ok());
  EXPECT_EQ(encoded.code(), errc::invalid_argument);
  EXPECT_TRUE(contains(encoded.error().message, "1024 bytes"));

  // Exactly at the limit works.
  const std::string longest(max_passphrase_bytes, 'p');
  const std::string text = encode(key(), longest, kdf_preset::interactive);
  auto back = decode_secret_key_file(text, longest);
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(back->public_key(), key().public_key());
}

TEST(key_file, empty_passphrase_is_refused_when_encrypting) {
  const secret_key key = rfc_key();
  for (const kdf_preset preset : {kdf_preset::interactive, kdf_preset::moderate}) {
    auto encoded = encode_secret_key_file(key, "", preset);
    ASSERT_FALSE(encoded.ok());
    EXPECT_EQ(encoded.code(), errc::invalid_argument);
    EXPECT_TRUE(contains(encoded.error().message, "kdf none"));
  }
}

TEST(key_file, each_encryption_uses_fresh_salt_and_nonce) {
  const secret_key key = rfc_key();
  const std::string a = encode(key, "pw", kdf_preset::interactive);
  const std::string b = encode(key, "pw", kdf_preset::interactive);
  EXPECT_NE(split_lines(a).at(4), split_lines(b).at(4));
  EXPECT_NE(split_lines(a).at(5), split_lines(b).at(5));
  EXPECT_NE(split_lines(a).at(6), split_lines(b).at(6));
}

TEST(key_file, moderate_round_trip) {
  const secret_key key = rfc_key();
  const std::string text = encode(key, "pässwörd ✓", kdf_preset::moderate);
  EXPECT_EQ(split_lines(text).at(3), "kdf: argon2id-moderate");
  EXPECT_TRUE(secret_key_file_is_encrypted(text));
  auto back = decode_secret_key_file(text, "pässwörd ✓");
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(to_hex(back->seed(secret_access{})), rfc_seed);
  EXPECT_EQ(decode_secret_key_file(text, "passwort").code(), errc::key_wrong_passphrase);
}

TEST(key_file, kdf_names) {
  EXPECT_EQ(to_string(kdf_preset::none), "none");
  EXPECT_EQ(to_string(kdf_preset::interactive), "argon2id-interactive");
  EXPECT_EQ(to_string(kdf_preset::moderate), "argon2id-moderate");
}

TEST(key_file, garbage_is_not_encrypted) {
  EXPECT_FALSE(secret_key_file_is_encrypted(""));
  EXPECT_FALSE(secret_key_file_is_encrypted("hello\n"));
  EXPECT_FALSE(secret_key_file_is_encrypted(rfc_public_file));
}

// ---- any public key form (parse_public_key) ----

std::span<const std::uint8_t> bytes_of(std::string_view s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

TEST(parse_public_key, raw_pub_file_and_pem_give_the_same_key) {
  const public_key key = rfc_key().public_key();
  const auto raw = parse_public_key(key.bytes());
  ASSERT_TRUE(raw.ok()) << raw.error().message;
  EXPECT_EQ(*raw, key);
  const auto file = parse_public_key(bytes_of(rfc_public_file));
  ASSERT_TRUE(file.ok()) << file.error().message;
  EXPECT_EQ(*file, key);
  const std::string pem = public_key_to_pem(key);
  const auto from_pem = parse_public_key(bytes_of(pem));
  ASSERT_TRUE(from_pem.ok()) << from_pem.error().message;
  EXPECT_EQ(*from_pem, key);
}

TEST(parse_public_key, anything_else_is_named) {
  const auto garbage = parse_public_key(bytes_of("hello"));
  ASSERT_FALSE(garbage.ok());
  EXPECT_EQ(garbage.code(), errc::key_file_format);
  EXPECT_TRUE(contains(garbage.error().message, "neither a raw 32-byte key"));
  const std::string secret = encode(rfc_key(), "", kdf_preset::none);
  const auto secret_file = parse_public_key(bytes_of(secret));
  ASSERT_FALSE(secret_file.ok());
  EXPECT_TRUE(contains(secret_file.error().message, "secret key file"));
  EXPECT_FALSE(parse_public_key(bytes_of(rfc_public_file.substr(0, 40))).ok());
  EXPECT_FALSE(parse_public_key(bytes_of(std::string(max_key_file_bytes + 1, 'a'))).ok());
  EXPECT_FALSE(parse_public_key(std::vector<std::uint8_t>(32, 0)).ok());  // a weak key
  EXPECT_FALSE(parse_public_key(std::vector<std::uint8_t>(31, 1)).ok());
}

}  // namespace
}  // namespace qrseal
