// Keys and passphrases from the files a person names (read as input_file.hpp reads them): a
// secret key file only its owner may reach, a passphrase file's first line, a public key in any
// form qrseal reads. Errors after the file is read name it: "PATH: <why>".
#pragma once

#include <functional>
#include <optional>
#include <qrseal/keys.hpp>
#include <qrseal/result.hpp>
#include <string>
#include <string_view>

namespace qrseal {

// The first line of a passphrase file (owner-only, at most max_passphrase_bytes). An empty line
// or a longer one is invalid_argument.
result<secret_string> passphrase_from_file(const std::string& path);

// Editors add what the terminal never typed: "; note: the first line of passphrase file 'PATH':
// it starts with a UTF-8 byte-order mark ..." (or ends in a space or tab), for a wrong
// passphrase read from `path`; empty when the passphrase has neither.
std::string passphrase_file_hint(std::string_view passphrase, const std::string& path);

// Where an encrypted key's passphrase comes from when no passphrase file is given: the front end
// asks its user (the CLI on the terminal), told the key file's path.
using passphrase_prompt = std::function<result<secret_string>(const std::string& key_path)>;

// A secret key from a qrseal .key file or an unencrypted PKCS#8 PEM (owner-only, at most
// max_key_file_bytes). An encrypted key's passphrase is the first line of `passphrase_file` when
// given, else what `ask` answers (not called for an unencrypted key); with neither the error is
// key_passphrase_required. A wrong passphrase from a file carries passphrase_file_hint.
result<secret_key> load_secret_key(const std::string& path,
                                   const std::optional<std::string>& passphrase_file,
                                   const passphrase_prompt& ask = {});

// A public key from a qrseal .pub file or an SPKI PEM (key_file.hpp's parse_public_key).
result<public_key> load_public_key(const std::string& path);

}  // namespace qrseal
