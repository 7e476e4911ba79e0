// Key files and PEM: secret and public key files, and both PEM forms. The secret key file is
// read with an empty passphrase, so Argon2id (64-256 MiB, a tenth of a second or more) never
// runs here and the parsing gets the executions; a non-empty one is tried only with "kdf: none"
// files, where it is ignored. Wrong passphrases are covered by tests/unit/test_key_file.cpp.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <qrseal/key_file.hpp>
#include <qrseal/pem.hpp>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace qrseal;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const bool encrypted = secret_key_file_is_encrypted(text);
  auto secret = decode_secret_key_file(text, "");
  if (encrypted && secret) std::abort();  // an encrypted file never opens without a passphrase
  if (!encrypted) (void)decode_secret_key_file(text, "wrong passphrase");
  (void)decode_public_key_file(text);
  (void)public_key_from_pem(text);
  (void)secret_key_from_pem(text);
  return 0;
}
