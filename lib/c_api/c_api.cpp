// The C API's version, names of its enums, last error and text copying.
#include "c_api.hpp"

#include <algorithm>
#include <cstring>
#include <qrseal/claims.hpp>
#include <qrseal/lists.hpp>
#include <qrseal/verifier.hpp>

#ifndef QRSEAL_VERSION_STRING
#error "QRSEAL_VERSION_STRING must be defined by the build (the project version)"
#endif

namespace qrseal::c_api {
namespace {

// A fixed buffer: setting it never allocates, so it works in a bad_alloc handler too.
thread_local char last_error[512] = "";

}  // namespace

void set_last_error(std::string_view message, std::string_view more) noexcept {
  copy_text(message, last_error, sizeof last_error);
  const std::size_t n = std::strlen(last_error);
  copy_text(more, last_error + n, sizeof last_error - n);
}

void copy_text(std::string_view text, char* out, std::size_t size) noexcept {
  if (out == nullptr || size == 0) return;
  std::size_t n = std::min(text.size(), size - 1);
  // Cut before a character whose continuation bytes would not fit.
  if (n < text.size())
    while (n > 0 && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80) --n;
  if (n > 0) std::memcpy(out, text.data(), n);
  out[n] = '\0';
}

int error_code_of(errc code) noexcept {
  switch (code) {
    case errc::ok:
      return QRSEAL_OK;
    case errc::key_invalid:
    case errc::key_file_format:
    case errc::key_file_kdf:
    case errc::key_wrong_passphrase:
    case errc::key_passphrase_required:
    case errc::key_pem_format:
    case errc::key_mismatch:
    case errc::key_is_root:
      return QRSEAL_ERR_BAD_KEY;
    case errc::io_error:
    case errc::journal_error:
      return QRSEAL_ERR_STORAGE;
    case errc::state_error:
      return QRSEAL_ERR_STATE;
    case errc::invalid_argument:
      return QRSEAL_ERR_INVALID_ARGUMENT;
    case errc::crypto_failure:
      return QRSEAL_ERR_INTERNAL;
    default:
      return QRSEAL_ERR_BAD_TEXT;
  }
}

}  // namespace qrseal::c_api

using namespace qrseal;

// The C enums are the C++ ones, value for value.
static_assert(QRSEAL_OUTCOME_MALFORMED == static_cast<int>(outcome::malformed));
static_assert(QRSEAL_OUTCOME_UNSUPPORTED_ALG == static_cast<int>(outcome::unsupported_alg));
static_assert(QRSEAL_OUTCOME_UNKNOWN_KEY == static_cast<int>(outcome::unknown_key));
static_assert(QRSEAL_OUTCOME_BAD_SIGNATURE == static_cast<int>(outcome::bad_signature));
static_assert(QRSEAL_OUTCOME_KEY_NOT_VALID == static_cast<int>(outcome::key_not_valid));
static_assert(QRSEAL_OUTCOME_NOT_YET_VALID == static_cast<int>(outcome::not_yet_valid));
static_assert(QRSEAL_OUTCOME_EXPIRED == static_cast<int>(outcome::expired));
static_assert(QRSEAL_OUTCOME_REVOKED == static_cast<int>(outcome::revoked));
static_assert(QRSEAL_OUTCOME_LIVE_REQUIRED == static_cast<int>(outcome::live_required));
static_assert(QRSEAL_OUTCOME_LIVE_STALE == static_cast<int>(outcome::live_stale));
static_assert(QRSEAL_OUTCOME_LIVE_BAD_SIGNATURE == static_cast<int>(outcome::live_bad_signature));
static_assert(QRSEAL_OUTCOME_STATUS_NOT_ACCEPTED == static_cast<int>(outcome::status_not_accepted));
static_assert(QRSEAL_OUTCOME_TEST_POSITIVE == static_cast<int>(outcome::test_positive));
static_assert(QRSEAL_OUTCOME_TEST_TOO_OLD == static_cast<int>(outcome::test_too_old));
static_assert(QRSEAL_OUTCOME_LISTS_TOO_STALE == static_cast<int>(outcome::lists_too_stale));
static_assert(QRSEAL_OUTCOME_CLOCK_BEHIND == static_cast<int>(outcome::clock_behind));
static_assert(QRSEAL_OUTCOME_VALID == static_cast<int>(outcome::valid));
static_assert(QRSEAL_LIST_ACCEPTED == static_cast<int>(list_result::accepted));
static_assert(QRSEAL_LIST_UNCHANGED == static_cast<int>(list_result::unchanged));
static_assert(QRSEAL_LIST_ROLLBACK == static_cast<int>(list_result::rollback));
static_assert(QRSEAL_LIST_UNKNOWN_ROOT == static_cast<int>(list_result::unknown_root));
static_assert(QRSEAL_LIST_BAD_SIGNATURE == static_cast<int>(list_result::bad_signature));
static_assert(QRSEAL_LIST_MALFORMED == static_cast<int>(list_result::malformed));
static_assert(QRSEAL_STATUS_GREEN == static_cast<int>(health_status::green));
static_assert(QRSEAL_STATUS_YELLOW == static_cast<int>(health_status::yellow));
static_assert(QRSEAL_STATUS_RED == static_cast<int>(health_status::red));

extern "C" {

const char* qrseal_version(void) { return QRSEAL_VERSION_STRING; }

int qrseal_c_api_version(void) { return QRSEAL_C_API_VERSION; }

const char* qrseal_last_error(void) { return c_api::last_error; }

const char* qrseal_error_name(int error) {
  switch (error) {
    case QRSEAL_OK:
      return "ok";
    case QRSEAL_NO_CODE:
      return "no_code";
    case QRSEAL_SAME_CODE:
      return "same_code";
    case QRSEAL_ERR_INVALID_ARGUMENT:
      return "invalid_argument";
    case QRSEAL_ERR_BUFFER_TOO_SMALL:
      return "buffer_too_small";
    case QRSEAL_ERR_NO_MEMORY:
      return "no_memory";
    case QRSEAL_ERR_INTERNAL:
      return "internal";
    case QRSEAL_ERR_BAD_KEY:
      return "bad_key";
    case QRSEAL_ERR_BAD_TEXT:
      return "bad_text";
    case QRSEAL_ERR_STORAGE:
      return "storage";
    case QRSEAL_ERR_STATE:
      return "state";
    default:
      return "unknown";
  }
}

// The C++ names are string literals, so their data() is NUL-terminated.
const char* qrseal_outcome_name(int value) {
  if (value < QRSEAL_OUTCOME_MALFORMED || value > QRSEAL_OUTCOME_VALID) return "unknown";
  return to_string(static_cast<outcome>(value)).data();
}

const char* qrseal_warning_name(int value) {
  switch (value) {
    case QRSEAL_WARNING_TRUST_LIST_STALE:
      return to_string(warning::trust_list_stale).data();
    case QRSEAL_WARNING_REVOCATION_LIST_STALE:
      return to_string(warning::revocation_list_stale).data();
    case QRSEAL_WARNING_CLOCK_BEHIND:
      return to_string(warning::clock_behind).data();
    default:
      return "unknown";
  }
}

const char* qrseal_list_result_name(int value) {
  if (value < 0) return qrseal_error_name(value);
  if (value > QRSEAL_LIST_MALFORMED) return "unknown";
  return to_string(static_cast<list_result>(value)).data();
}

const char* qrseal_status_name(int value) {
  if (value < QRSEAL_STATUS_GREEN || value > QRSEAL_STATUS_RED) return "unknown";
  return to_string(static_cast<health_status>(value)).data();
}

}  // extern "C"
