#include <gtest/gtest.h>
#include <sodium.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <qrseal/hex.hpp>
#include <qrseal/pem.hpp>
#include <sstream>
#include <string>
#include <vector>

namespace qrseal {
namespace {

constexpr std::string_view rfc_seed =
    "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
constexpr std::string_view rfc_public =
    "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";

// Written by OpenSSL 3.0 for the RFC 8032 TEST 1 key (the DER prefix + seed fed to
// `openssl pkey -inform DER`, then `openssl pkey -pubout`).
constexpr std::string_view rfc_private_pem =
    "-----BEGIN PRIVATE KEY-----\n"
    "MC4CAQAwBQYDK2VwBCIEIJ1hsZ3v/VpguoRK9JLsLMREScVpezJpGXA7rAMcrn9g\n"
    "-----END PRIVATE KEY-----\n";
constexpr std::string_view rfc_public_pem =
    "-----BEGIN PUBLIC KEY-----\n"
    "MCowBQYDK2VwAyEA11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=\n"
    "-----END PUBLIC KEY-----\n";

std::vector<std::uint8_t> hex(std::string_view text) { return *from_hex(text); }

secret_key rfc_key() { return std::move(secret_key::from_seed(hex(rfc_seed))).value(); }

std::string text_of(const secret_string& s) { return std::string(s.view(secret_access{})); }

bool contains(const std::string& haystack, std::string_view needle) {
  return haystack.find(needle) != std::string::npos;
}

// A PEM block around arbitrary DER, for malformed inputs.
std::string pem_of(std::string_view label, const std::vector<std::uint8_t>& der) {
  std::string b64(sodium_base64_ENCODED_LEN(der.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(b64.data(), b64.size(), der.data(), der.size(), sodium_base64_VARIANT_ORIGINAL);
  b64.pop_back();  // NUL
  return "-----BEGIN " + std::string(label) + "-----\n" + b64 + "\n-----END " + std::string(label) +
         "-----\n";
}

TEST(pem, rfc_key_matches_openssl_output_byte_for_byte) {
  const secret_key key = rfc_key();
  EXPECT_EQ(text_of(secret_key_to_pem(key)), rfc_private_pem);
  EXPECT_EQ(public_key_to_pem(key.public_key()), rfc_public_pem);

  auto secret = secret_key_from_pem(rfc_private_pem);
  ASSERT_TRUE(secret.ok()) << secret.error().message;
  EXPECT_EQ(to_hex(secret->seed(secret_access{})), rfc_seed);
  EXPECT_EQ(to_hex(secret->public_key().bytes()), rfc_public);

  auto pub = public_key_from_pem(rfc_public_pem);
  ASSERT_TRUE(pub.ok()) << pub.error().message;
  EXPECT_EQ(to_hex(pub->bytes()), rfc_public);
}

TEST(pem, round_trip_random_keys) {
  for (int i = 0; i < 50; ++i) {
    const secret_key key = secret_key::generate();
    auto secret = secret_key_from_pem(text_of(secret_key_to_pem(key)));
    ASSERT_TRUE(secret.ok()) << secret.error().message;
    EXPECT_EQ(secret->public_key(), key.public_key());
    auto pub = public_key_from_pem(public_key_to_pem(key.public_key()));
    ASSERT_TRUE(pub.ok()) << pub.error().message;
    EXPECT_EQ(*pub, key.public_key());
  }
}

TEST(pem, layout_tolerance) {
  const std::vector<std::string> variants = {
      // CRLF
      "-----BEGIN PUBLIC "
      "KEY-----\r\nMCowBQYDK2VwAyEA11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=\r\n"
      "-----END PUBLIC KEY-----\r\n",
      // surrounding blank and whitespace-only lines, no final newline
      "\n  \n\t\n-----BEGIN PUBLIC "
      "KEY-----\nMCowBQYDK2VwAyEA11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=\n"
      "-----END PUBLIC KEY-----\n\n \n",
      "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=\n"
      "-----END PUBLIC KEY-----",
      // base64 in short lines
      "-----BEGIN PUBLIC "
      "KEY-----\nMCowBQYDK2VwAyEA\n11qYAYKxCrfVS/7TyWQHOg7h\ncvPapiMlrwIaaPcHURo=\n"
      "-----END PUBLIC KEY-----\n",
  };
  for (const auto& text : variants) {
    auto pub = public_key_from_pem(text);
    ASSERT_TRUE(pub.ok()) << text << "\n" << pub.error().message;
    EXPECT_EQ(to_hex(pub->bytes()), rfc_public);
  }
  std::string crlf_private(rfc_private_pem);
  for (std::size_t at = crlf_private.find('\n'); at != std::string::npos;
       at = crlf_private.find('\n', at + 2))
    crlf_private.replace(at, 1, "\r\n");
  auto secret = secret_key_from_pem("\n" + crlf_private + "\r\n");
  ASSERT_TRUE(secret.ok()) << secret.error().message;
  EXPECT_EQ(to_hex(secret->seed(secret_access{})), rfc_seed);
}

struct bad_case {
  std::string text;
  errc code;
  std::string_view message;
};

void expect_public_errors(const std::vector<bad_case>& cases) {
  for (const auto& c : cases) {
    auto result = public_key_from_pem(c.text);
    ASSERT_FALSE(result.ok()) << c.text;
    EXPECT_EQ(result.code(), c.code) << c.text << "\n" << result.error().message;
    EXPECT_TRUE(contains(result.error().message, c.message))
        << "message: " << result.error().message << "\nwanted: " << c.message;
  }
}

void expect_secret_errors(const std::vector<bad_case>& cases) {
  for (const auto& c : cases) {
    auto result = secret_key_from_pem(c.text);
    ASSERT_FALSE(result.ok()) << c.text;
    EXPECT_EQ(result.code(), c.code) << c.text << "\n" << result.error().message;
    EXPECT_TRUE(contains(result.error().message, c.message))
        << "message: " << result.error().message << "\nwanted: " << c.message;
  }
}

const std::string b64_public = "MCowBQYDK2VwAyEA11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=";
const std::string begin_public = "-----BEGIN PUBLIC KEY-----\n";
const std::string end_public = "-----END PUBLIC KEY-----\n";

TEST(pem, armor_errors) {
  expect_public_errors({
      {"", errc::key_pem_format, "PEM: no -----BEGIN PUBLIC KEY----- line"},
      {"\n \n", errc::key_pem_format, "no -----BEGIN PUBLIC KEY----- line"},
      {"hello\n", errc::key_pem_format, "line 1: expected -----BEGIN PUBLIC KEY-----"},
      {" " + begin_public + b64_public + "\n" + end_public, errc::key_pem_format,
       "line 1: expected -----BEGIN PUBLIC KEY-----"},
      {"-----BEGIN PUBLIC KEY----- \n" + b64_public + "\n" + end_public, errc::key_pem_format,
       "expected -----BEGIN PUBLIC KEY-----"},
      {begin_public + b64_public + "\n", errc::key_pem_format,
       "missing -----END PUBLIC KEY----- line"},
      {begin_public + b64_public + "\n-----END PRIVATE KEY-----\n", errc::key_pem_format,
       "line 3: expected -----END PUBLIC KEY-----"},
      {begin_public + b64_public + "\n" + end_public + "junk\n", errc::key_pem_format,
       "line 4: unexpected text after -----END PUBLIC KEY-----"},
      {std::string(rfc_public_pem) + std::string(rfc_public_pem), errc::key_pem_format,
       "give one key per file"},
      {begin_public + end_public, errc::key_pem_format, "no base64 between"},
      {begin_public + "MCowBQYDK2VwAyEA\n\n11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=\n" +
           end_public,
       errc::key_pem_format, "line 3: empty line in the base64"},
      {begin_public + "Proc-Type: 4,ENCRYPTED\n" + b64_public + "\n" + end_public,
       errc::key_pem_format, "PEM headers (such as Proc-Type) are not supported"},
      {std::string(rfc_private_pem), errc::key_pem_format,
       "this is a private key; give the public key"},
      {"-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n", errc::key_pem_format,
       "expected -----BEGIN PUBLIC KEY-----, got -----BEGIN CERTIFICATE-----"},
      {std::string(rfc_public_pem) + std::string(max_pem_bytes, '\n'), errc::key_pem_format,
       "larger than 65536 bytes"},
  });
  expect_secret_errors({
      {std::string(rfc_public_pem), errc::key_pem_format,
       "this is a public key (BEGIN PUBLIC KEY); a secret key is needed"},
      {"-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n",
       errc::key_pem_format,
       "PEM: encrypted PKCS#8 is not supported; export it unencrypted with openssl pkcs8 "
       "-nocrypt"},
      {"-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----\n", errc::key_pem_format,
       "expected -----BEGIN PRIVATE KEY-----, got -----BEGIN EC PRIVATE KEY----- (only "
       "unencrypted PKCS#8 Ed25519 keys are accepted)"},
      {"-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----\n",
       errc::key_pem_format, "got -----BEGIN OPENSSH PRIVATE KEY-----"},
  });
}

TEST(pem, base64_errors) {
  for (const std::string& body : std::vector<std::string>{
           b64_public.substr(0, b64_public.size() - 1),                      // padding missing
           b64_public.substr(0, b64_public.size() - 2),                      // a dangling group
           "MCowBQYDK2VwAyEA11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURp=",   // stray low bits
           "MCowBQYDK2VwAyEA11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo=",   // URL-safe alphabet
           "MCowBQYDK2VwAyEA11qYAYKxCrfVS/7TyWQHOg7hcvPa piMlrwIaaPcHURo=",  // space inside
           b64_public + "AAAA",                                              // after padding
       }) {
    auto result = public_key_from_pem(begin_public + body + "\n" + end_public);
    ASSERT_FALSE(result.ok()) << body;
    EXPECT_EQ(result.code(), errc::key_pem_format);
    EXPECT_TRUE(contains(result.error().message, "not valid base64")) << result.error().message;
  }
}

TEST(pem, der_errors) {
  const auto seed = hex(rfc_seed);
  const auto pub = hex(rfc_public);
  auto concat = [](std::string_view prefix, const std::vector<std::uint8_t>& tail) {
    auto out = hex(prefix);
    out.insert(out.end(), tail.begin(), tail.end());
    return out;
  };
  expect_secret_errors({
      // Ed448 OID in the Ed25519 layout.
      {pem_of("PRIVATE KEY", concat("302e020100300506032b657104220420", seed)),
       errc::key_pem_format,
       "PEM: not an Ed25519 key (OID is not 1.3.101.112; it is 1.3.101.113 (Ed448))"},
      // PKCS#8 v2 with the public key (OpenSSL 3.0 cannot read it either).
      {pem_of("PRIVATE KEY",
              concat("3051020101300506032b657004220420" + std::string(rfc_seed) + "812100", pub)),
       errc::key_pem_format, "PKCS#8 v2 (OneAsymmetricKey, with the public key inside)"},
      // AlgorithmIdentifier with a NULL parameter.
      {pem_of("PRIVATE KEY", concat("3030020100300706032b6570050004220420", seed)),
       errc::key_pem_format, "must have no parameters"},
      // A byte after the structure.
      {pem_of("PRIVATE KEY",
              concat("302e020100300506032b657004220420" + std::string(rfc_seed), {0x00})),
       errc::key_pem_format, "the content is not a PKCS#8 PrivateKeyInfo"},
      // A 31-byte seed, lengths adjusted.
      {pem_of("PRIVATE KEY", concat("302d020100300506032b657004210420",
                                    std::vector<std::uint8_t>(seed.begin(), seed.end() - 1))),
       errc::key_pem_format, "unexpected DER layout for an Ed25519 private key"},
      {pem_of("PRIVATE KEY", {0x01, 0x02, 0x03}), errc::key_pem_format,
       "the content is not a PKCS#8 PrivateKeyInfo"},
      {pem_of("PRIVATE KEY", concat("302e02010030050603", seed)), errc::key_pem_format,
       "the content is not a PKCS#8 PrivateKeyInfo"},
  });
  expect_public_errors({
      {pem_of("PUBLIC KEY", concat("302a300506032b656e032100", pub)), errc::key_pem_format,
       "not an Ed25519 key (OID is not 1.3.101.112; it is 1.3.101.110 (X25519))"},
      // id-ecPublicKey with a P-256 curve parameter: names the OID.
      {pem_of("PUBLIC KEY", hex("3019301306072a8648ce3d020106082a8648ce3d03010703020000")),
       errc::key_pem_format, "it is 1.2.840.10045.2.1 (EC)"},
      {pem_of("PUBLIC KEY", hex("3003020100")), errc::key_pem_format,
       "the content is not a SubjectPublicKeyInfo"},
      // Unused-bits byte of 1.
      {pem_of("PUBLIC KEY", concat("302a300506032b6570032101", pub)), errc::key_pem_format,
       "unexpected DER layout for an Ed25519 public key"},
      // The identity point: small order.
      {pem_of("PUBLIC KEY",
              concat("302a300506032b6570032100",
                     hex("0100000000000000000000000000000000000000000000000000000000000000"))),
       errc::key_invalid, "PEM: Ed25519 public key is a small-order point"},
  });
}

// ---- compatibility with the real openssl command ----

class with_openssl : public ::testing::Test {
 protected:
  void SetUp() override {
    if (std::system("openssl version > /dev/null 2>&1") != 0)
      GTEST_SKIP() << "the openssl command is not available";
    std::string pattern =
        (std::filesystem::temp_directory_path() / "qrseal-test-pem-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override {
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }

  std::string path(std::string_view name) const { return (dir_ / name).string(); }

  // Runs an openssl command line in the temp dir; file names are relative to it.
  void openssl(const std::string& args) const {
    const std::string command = "cd '" + dir_.string() + "' && openssl " + args + " 2> openssl.err";
    ASSERT_EQ(std::system(command.c_str()), 0) << command << "\n" << read("openssl.err");
  }

  std::string read(std::string_view name) const {
    std::ifstream in(path(name), std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
  }

  void write(std::string_view name, std::string_view text) const {
    std::ofstream out(path(name), std::ios::binary);
    out << text;
  }

  std::filesystem::path dir_;
};

TEST_F(with_openssl, import_openssl_keys_and_export_identical_files) {
  for (int i = 0; i < 5; ++i) {
    SCOPED_TRACE(i);
    openssl("genpkey -algorithm ed25519 -out key.pem");
    openssl("pkey -in key.pem -pubout -out pub.pem");
    const std::string private_pem = read("key.pem");
    const std::string public_pem = read("pub.pem");

    auto secret = secret_key_from_pem(private_pem);
    ASSERT_TRUE(secret.ok()) << secret.error().message;
    auto pub = public_key_from_pem(public_pem);
    ASSERT_TRUE(pub.ok()) << pub.error().message;
    EXPECT_EQ(secret->public_key(), *pub);

    EXPECT_EQ(text_of(secret_key_to_pem(*secret)), private_pem);
    EXPECT_EQ(public_key_to_pem(*pub), public_pem);

    // A signature openssl makes with the key verifies with ours: same seed interpretation.
    write("message.bin", "signed by openssl");
    openssl("pkeyutl -sign -inkey key.pem -rawin -in message.bin -out message.sig");
    const std::string sig = read("message.sig");
    const std::string message = read("message.bin");
    EXPECT_TRUE(verify_detached(
        *pub, std::span(reinterpret_cast<const std::uint8_t*>(message.data()), message.size()),
        std::span(reinterpret_cast<const std::uint8_t*>(sig.data()), sig.size())));
  }
}

TEST_F(with_openssl, openssl_reads_our_exports) {
  for (int i = 0; i < 5; ++i) {
    SCOPED_TRACE(i);
    const secret_key key = secret_key::generate();
    const std::string ours_private = text_of(secret_key_to_pem(key));
    const std::string ours_public = public_key_to_pem(key.public_key());
    write("ours.pem", ours_private);
    openssl("pkey -in ours.pem -pubout -out ours.pub.pem");
    EXPECT_EQ(read("ours.pub.pem"), ours_public);
    openssl("pkey -in ours.pem -out again.pem");
    EXPECT_EQ(read("again.pem"), ours_private);
    write("theirs.pub.pem", ours_public);
    openssl("pkey -pubin -in theirs.pub.pem -out theirs.again.pem");
    EXPECT_EQ(read("theirs.again.pem"), ours_public);

    // openssl verifies our signature.
    const std::string message = "signed by qrseal";
    const signature sig =
        key.sign(std::span(reinterpret_cast<const std::uint8_t*>(message.data()), message.size()));
    write("message.bin", message);
    write("message.sig", std::string_view(reinterpret_cast<const char*>(sig.data()), sig.size()));
    openssl(
        "pkeyutl -verify -pubin -inkey ours.pub.pem -rawin -in message.bin -sigfile message.sig "
        "> verify.out");
  }
}

TEST_F(with_openssl, refuses_other_openssl_keys_with_a_clear_message) {
  openssl("genpkey -algorithm ed448 -out ed448.pem");
  openssl("pkey -in ed448.pem -pubout -out ed448.pub.pem");
  auto ed448 = secret_key_from_pem(read("ed448.pem"));
  ASSERT_FALSE(ed448.ok());
  EXPECT_EQ(ed448.code(), errc::key_pem_format);
  EXPECT_TRUE(
      contains(ed448.error().message,
               "PEM: not an Ed25519 key (OID is not 1.3.101.112; it is 1.3.101.113 (Ed448))"))
      << ed448.error().message;
  auto ed448_pub = public_key_from_pem(read("ed448.pub.pem"));
  ASSERT_FALSE(ed448_pub.ok());
  EXPECT_TRUE(contains(ed448_pub.error().message, "1.3.101.113 (Ed448)"));

  openssl("genpkey -algorithm x25519 -out x25519.pem");
  auto x25519 = secret_key_from_pem(read("x25519.pem"));
  ASSERT_FALSE(x25519.ok());
  EXPECT_TRUE(contains(x25519.error().message, "1.3.101.110 (X25519)")) << x25519.error().message;

  openssl("genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out ec.pem");
  auto ec = secret_key_from_pem(read("ec.pem"));
  ASSERT_FALSE(ec.ok());
  EXPECT_TRUE(contains(ec.error().message, "1.2.840.10045.2.1 (EC)")) << ec.error().message;
}

TEST_F(with_openssl, encrypted_pkcs8_is_refused_and_the_suggested_command_works) {
  openssl("genpkey -algorithm ed25519 -out key.pem");
  openssl("pkcs8 -topk8 -in key.pem -out encrypted.pem -passout pass:secret");
  auto encrypted = secret_key_from_pem(read("encrypted.pem"));
  ASSERT_FALSE(encrypted.ok());
  EXPECT_EQ(encrypted.code(), errc::key_pem_format);
  EXPECT_TRUE(contains(encrypted.error().message, "encrypted PKCS#8 is not supported"));
  // The command the message suggests.
  openssl("pkcs8 -topk8 -nocrypt -in encrypted.pem -passin pass:secret -out plain.pem");
  auto plain = secret_key_from_pem(read("plain.pem"));
  ASSERT_TRUE(plain.ok()) << plain.error().message;
  auto original = secret_key_from_pem(read("key.pem"));
  ASSERT_TRUE(original.ok());
  EXPECT_EQ(plain->public_key(), original->public_key());
}

TEST(pem, key_kind_by_armor_or_magic_line) {
  const auto key = secret_key::generate();
  const std::string secret(secret_key_to_pem(key).view(secret_access{}));
  const std::string pub = public_key_to_pem(key.public_key());
  EXPECT_TRUE(looks_like_secret_key(secret));
  EXPECT_FALSE(looks_like_public_key_pem(secret));
  EXPECT_TRUE(looks_like_public_key_pem(pub));
  EXPECT_FALSE(looks_like_secret_key(pub));
  EXPECT_TRUE(looks_like_secret_key("-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIG...\n"));
  EXPECT_TRUE(looks_like_secret_key("qrseal-secret-key/1\nkid: 00\n"));
  EXPECT_FALSE(looks_like_secret_key("qrseal-public-key/1\n"));
  EXPECT_FALSE(looks_like_secret_key("# qrseal-secret-key/1"));  // the magic line comes first
  EXPECT_TRUE(looks_like_public_key_pem("\r\n-----BEGIN PUBLIC KEY-----\r\n"));
  EXPECT_FALSE(looks_like_public_key_pem("-----BEGIN RSA PUBLIC KEY-----"));
  EXPECT_FALSE(looks_like_secret_key(""));
}

}  // namespace
}  // namespace qrseal
