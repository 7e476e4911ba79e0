#include <unistd.h>

#include <qrseal/key_pair_files.hpp>

#include "try.hpp"

namespace qrseal {

status check_key_pair_prefix(const std::string& prefix, overwrite policy) {
  if (prefix.empty() || prefix.back() == '/')
    return error{errc::invalid_argument,
                 "'" + prefix +
                     "' must be a path prefix such as keys/issuer (the files are PREFIX.key and "
                     "PREFIX.pub)"};
  if (policy == overwrite::refuse)
    for (const std::string& path : {prefix + ".key", prefix + ".pub"})
      if (::access(path.c_str(), F_OK) == 0)
        return error{errc::file_exists, "'" + path + "' already exists; refusing to overwrite it"};
  return success();
}

status write_key_pair(const std::string& prefix, const secret_key& key, std::string_view passphrase,
                      kdf_preset preset, overwrite policy) {
  const std::string key_path = prefix + ".key";
  auto file = encode_secret_key_file(key, passphrase, preset);
  if (!file) return error{file.code(), key_path + ": " + file.error().message};
  QRSEAL_TRY_STATUS(write_file_atomically(key_path, file->view(secret_access{}),
                                          {.mode = 0600, .existing = policy}));
  return write_file_atomically(prefix + ".pub", encode_public_key_file(key.public_key()),
                               {.mode = 0644, .existing = policy});
}

}  // namespace qrseal
