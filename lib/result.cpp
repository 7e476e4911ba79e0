// Names of the error codes, each spelled exactly like its enumerator so that messages, logs and
// tests can name a code. The switch has no default, so -Wswitch flags a code added to errc but
// not here.
#include <qrseal/result.hpp>

namespace qrseal {

std::string_view to_string(errc code) noexcept {
  switch (code) {
    case errc::ok:
      return "ok";
    case errc::text_too_long:
      return "text_too_long";
    case errc::text_bad_prefix:
      return "text_bad_prefix";
    case errc::base45_bad_char:
      return "base45_bad_char";
    case errc::base45_dangling:
      return "base45_dangling";
    case errc::base45_out_of_range:
      return "base45_out_of_range";
    case errc::body_empty:
      return "body_empty";
    case errc::body_unknown_form:
      return "body_unknown_form";
    case errc::zlib_corrupt:
      return "zlib_corrupt";
    case errc::zlib_dictionary:
      return "zlib_dictionary";
    case errc::zlib_too_large:
      return "zlib_too_large";
    case errc::zlib_trailing:
      return "zlib_trailing";
    case errc::cbor_truncated:
      return "cbor_truncated";
    case errc::cbor_reserved:
      return "cbor_reserved";
    case errc::cbor_indefinite:
      return "cbor_indefinite";
    case errc::cbor_non_shortest:
      return "cbor_non_shortest";
    case errc::cbor_simple:
      return "cbor_simple";
    case errc::cbor_tag:
      return "cbor_tag";
    case errc::cbor_bad_utf8:
      return "cbor_bad_utf8";
    case errc::cbor_unsorted_keys:
      return "cbor_unsorted_keys";
    case errc::cbor_duplicate_key:
      return "cbor_duplicate_key";
    case errc::cbor_too_deep:
      return "cbor_too_deep";
    case errc::cbor_trailing:
      return "cbor_trailing";
    case errc::cbor_too_large:
      return "cbor_too_large";
    case errc::cose_structure:
      return "cose_structure";
    case errc::cose_protected_header:
      return "cose_protected_header";
    case errc::cose_unprotected_header:
      return "cose_unprotected_header";
    case errc::cose_kid_size:
      return "cose_kid_size";
    case errc::cose_signature_size:
      return "cose_signature_size";
    case errc::cose_unsupported_alg:
      return "cose_unsupported_alg";
    case errc::claims_not_map:
      return "claims_not_map";
    case errc::claims_missing:
      return "claims_missing";
    case errc::claims_wrong_type:
      return "claims_wrong_type";
    case errc::claims_unknown_key:
      return "claims_unknown_key";
    case errc::claims_bad_value:
      return "claims_bad_value";
    case errc::claims_too_long:
      return "claims_too_long";
    case errc::claims_bad_key:
      return "claims_bad_key";
    case errc::key_invalid:
      return "key_invalid";
    case errc::key_file_format:
      return "key_file_format";
    case errc::key_file_kdf:
      return "key_file_kdf";
    case errc::key_wrong_passphrase:
      return "key_wrong_passphrase";
    case errc::key_passphrase_required:
      return "key_passphrase_required";
    case errc::key_pem_format:
      return "key_pem_format";
    case errc::key_mismatch:
      return "key_mismatch";
    case errc::key_is_root:
      return "key_is_root";
    case errc::list_malformed:
      return "list_malformed";
    case errc::list_unknown_root:
      return "list_unknown_root";
    case errc::list_bad_signature:
      return "list_bad_signature";
    case errc::list_rollback:
      return "list_rollback";
    case errc::io_error:
      return "io_error";
    case errc::json_error:
      return "json_error";
    case errc::time_format:
      return "time_format";
    case errc::duration_format:
      return "duration_format";
    case errc::invalid_argument:
      return "invalid_argument";
    case errc::crypto_failure:
      return "crypto_failure";
  }
  return "unknown";
}

}  // namespace qrseal
