#include <cstdint>
#include <qrseal/input_file.hpp>
#include <qrseal/key_file.hpp>
#include <qrseal/key_input.hpp>
#include <qrseal/pem.hpp>

#include "try.hpp"

namespace qrseal {
namespace {

std::string_view reveal(const secret_string& s) { return s.view(secret_access{}); }

// An error about a file already read, named by its path.
template <class T>
result<T> named(const std::string& path, result<T> r) {
  if (r) return r;
  return error{r.code(), path + ": " + r.error().message};
}

bool looks_like_pem(std::string_view text) {
  return text.find("-----BEGIN ") != std::string_view::npos;
}

}  // namespace

result<secret_string> passphrase_from_file(const std::string& path) {
  QRSEAL_TRY(content, read_private_file(path, max_passphrase_bytes + 2, "passphrase file"));
  std::string_view line = reveal(content);
  line = line.substr(0, line.find_first_of("\r\n"));
  if (line.size() > max_passphrase_bytes)
    return error{errc::invalid_argument, "passphrase in '" + path + "' is longer than " +
                                             std::to_string(max_passphrase_bytes) + " bytes"};
  if (line.empty()) return error{errc::invalid_argument, "passphrase file '" + path + "' is empty"};
  secret_string passphrase;
  passphrase.append(line);
  return passphrase;
}

std::string passphrase_file_hint(std::string_view passphrase, const std::string& path) {
  std::string hint;
  if (passphrase.starts_with("\xEF\xBB\xBF"))
    hint = "it starts with a UTF-8 byte-order mark (EF BB BF), which is part of the passphrase";
  if (!passphrase.empty() && (passphrase.back() == ' ' || passphrase.back() == '\t'))
    hint += std::string(hint.empty() ? "it" : "; it") +
            " ends in a space or tab, which is part of the passphrase";
  if (hint.empty()) return {};
  return "; note: the first line of passphrase file '" + path + "': " + hint +
         " (save the file without it if that was not meant)";
}

result<secret_key> load_secret_key(const std::string& path,
                                   const std::optional<std::string>& passphrase_file,
                                   const passphrase_prompt& ask) {
  QRSEAL_TRY(text, read_private_file(path, max_key_file_bytes, "secret key file"));
  if (looks_like_pem(reveal(text))) return named(path, secret_key_from_pem(reveal(text)));
  if (!secret_key_file_is_encrypted(reveal(text)) || (!passphrase_file && !ask))
    return named(path, decode_secret_key_file(reveal(text), ""));
  QRSEAL_TRY(passphrase, passphrase_file ? passphrase_from_file(*passphrase_file) : ask(path));
  auto key = decode_secret_key_file(reveal(text), reveal(passphrase));
  if (!key && key.code() == errc::key_wrong_passphrase && passphrase_file)
    return error{key.code(), path + ": " + key.error().message +
                                 passphrase_file_hint(reveal(passphrase), *passphrase_file)};
  return named(path, std::move(key));
}

result<public_key> load_public_key(const std::string& path) {
  QRSEAL_TRY(text, read_file(path, max_key_file_bytes, "public key file"));
  return named(path,
               parse_public_key({reinterpret_cast<const std::uint8_t*>(text.data()), text.size()}));
}

}  // namespace qrseal
