// A key pair on disk, as keygen and key import-pem write it: PREFIX.key (the secret key file,
// 0600, encrypted unless the preset is none) and PREFIX.pub (0644).
#pragma once

#include <qrseal/atomic_file.hpp>
#include <qrseal/key_file.hpp>
#include <qrseal/keys.hpp>
#include <qrseal/result.hpp>
#include <string>
#include <string_view>

namespace qrseal {

// Checked before a passphrase is asked for: PREFIX names files (not empty, not a folder: "keys/"
// would write "keys/.key"), and with overwrite::refuse neither file exists, so a pair is never
// half-replaced. Errors: invalid_argument, file_exists (naming the file).
status check_key_pair_prefix(const std::string& prefix, overwrite policy);

// Writes both files, each atomically: the secret one first, encrypted with `passphrase` under
// `preset`. Errors: encode_secret_key_file's, prefixed with the file's name; the writer's.
status write_key_pair(const std::string& prefix, const secret_key& key, std::string_view passphrase,
                      kdf_preset preset, overwrite policy);

}  // namespace qrseal
