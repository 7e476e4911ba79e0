// The holder side of the C API: the phone's key pair and its live codes (spec §4).
#include <cstring>
#include <qrseal/keys.hpp>
#include <qrseal/live.hpp>

#include "c_api.hpp"

using namespace qrseal;
using c_api::fail;
using c_api::guarded;

extern "C" {

int qrseal_holder_keygen(uint8_t public_key[QRSEAL_KEY_BYTES],
                         uint8_t secret_seed[QRSEAL_KEY_BYTES]) {
  return guarded([&]() -> int {
    if (public_key == nullptr || secret_seed == nullptr)
      return fail(QRSEAL_ERR_INVALID_ARGUMENT, "public_key or secret_seed is NULL");
    const secret_key key = secret_key::generate();  // wiped when it goes
    const auto seed = key.seed(secret_access{});
    std::memcpy(secret_seed, seed.data(), seed.size());
    std::memcpy(public_key, key.public_key().bytes().data(), QRSEAL_KEY_BYTES);
    return QRSEAL_OK;
  });
}

int qrseal_holder_public_key(const uint8_t secret_seed[QRSEAL_KEY_BYTES],
                             uint8_t public_key[QRSEAL_KEY_BYTES]) {
  return guarded([&]() -> int {
    if (public_key == nullptr || secret_seed == nullptr)
      return fail(QRSEAL_ERR_INVALID_ARGUMENT, "public_key or secret_seed is NULL");
    auto key = secret_key::from_seed({secret_seed, QRSEAL_KEY_BYTES});
    if (!key) return fail(c_api::error_code_of(key.code()), key.error().message);
    std::memcpy(public_key, key->public_key().bytes().data(), QRSEAL_KEY_BYTES);
    return QRSEAL_OK;
  });
}

int qrseal_live_code(const char* credential_text, size_t len,
                     const uint8_t secret_seed[QRSEAL_KEY_BYTES], uint64_t t, char* out,
                     size_t out_size, size_t* out_len) {
  if (out_len != nullptr) *out_len = 0;
  if (out != nullptr && out_size > 0) out[0] = '\0';
  return guarded([&]() -> int {
    if (credential_text == nullptr) return fail(QRSEAL_ERR_INVALID_ARGUMENT, "credential is NULL");
    if (secret_seed == nullptr) return fail(QRSEAL_ERR_INVALID_ARGUMENT, "secret_seed is NULL");
    if (out == nullptr) return fail(QRSEAL_ERR_INVALID_ARGUMENT, "out is NULL");
    // The secret key keeps its own copy of the seed and wipes it when it goes.
    auto holder = secret_key::from_seed({secret_seed, QRSEAL_KEY_BYTES});
    if (!holder) return fail(c_api::error_code_of(holder.code()), holder.error().message);
    auto text = make_live_code({credential_text, len}, *holder, t);
    if (!text) {
      const int code = text.code() == errc::invalid_argument ? QRSEAL_ERR_BAD_TEXT
                                                             : c_api::error_code_of(text.code());
      return fail(code, text.error().message);
    }
    if (out_len != nullptr) *out_len = text->size();
    if (text->size() >= out_size)
      return fail(QRSEAL_ERR_BUFFER_TOO_SMALL,
                  "the live code needs " + std::to_string(text->size() + 1) + " bytes");
    std::memcpy(out, text->data(), text->size() + 1);
    return QRSEAL_OK;
  });
}

}  // extern "C"
