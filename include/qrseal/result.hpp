// Errors as values: one enum of precise codes grouped by layer, and a result type.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace qrseal {

enum class errc : std::uint16_t {
  ok = 0,

  // QR text (spec §1)
  text_too_long = 100,  // more than 4296 characters
  text_bad_prefix,      // not "QS1:", "QL1:" or "QT1:" as expected

  // Base45 (RFC 9285)
  base45_bad_char = 200,  // a character outside the 45-character alphabet
  base45_dangling,        // a single character left over at the end
  base45_out_of_range,    // a group whose value is too large for its byte count

  // Body: raw COSE or zlib
  body_empty = 300,
  body_unknown_form,  // first byte neither 0x78 (zlib) nor 0xD2 (COSE tag)
  zlib_corrupt,       // zlib refused the stream, or it ends early
  zlib_dictionary,    // FDICT set
  zlib_too_large,     // more than 4096 bytes of output
  zlib_trailing,      // bytes after the end of the zlib stream

  // Strict CBOR (spec §1 "Strict CBOR")
  cbor_truncated = 400,
  cbor_reserved,      // additional information 28-30
  cbor_indefinite,    // indefinite-length string, array or map
  cbor_non_shortest,  // integer, length or tag not in its shortest form
  cbor_simple,        // major type 7: float, bool, null, undefined, simple
  cbor_tag,           // a tag other than the one outer 18
  cbor_bad_utf8,      // text string that is not valid UTF-8
  cbor_unsorted_keys,
  cbor_duplicate_key,
  cbor_too_deep,   // nesting deeper than 8
  cbor_trailing,   // bytes after the item
  cbor_too_large,  // a length that cannot fit the input

  // COSE_Sign1 (spec §1)
  cose_structure = 500,   // not a tagged 4-element array of the right types
  cose_protected_header,  // not exactly {1: alg, 4: kid}
  cose_unprotected_header,
  cose_kid_size,
  cose_signature_size,
  cose_unsupported_alg,  // well-formed alg other than -8

  // CWT claims and status profile (spec §1)
  claims_not_map = 600,
  claims_missing,      // a required claim or field is absent
  claims_wrong_type,   // a claim of the wrong CBOR type
  claims_unknown_key,  // unknown key where version 1 forbids it
  claims_bad_value,    // value out of range (status above 2, profile other than 1, ...)
  claims_too_long,     // string longer than its limit
  claims_bad_key,      // a small-order or non-canonical cnf key

  // Keys (spec §2)
  key_invalid = 700,  // small-order or non-canonical public key
  key_file_format,    // a key file we cannot read
  key_file_kdf,       // KDF parameters that are not a documented preset
  key_wrong_passphrase,
  key_passphrase_required,
  key_pem_format,
  key_mismatch,  // a secret key whose public half does not match
  key_is_root,   // a pinned root key used where an issuing key belongs

  // Lists (spec §3)
  list_malformed = 800,
  list_unknown_root,
  list_bad_signature,
  list_rollback,

  // Operations outside the format
  io_error = 900,
  json_error,
  time_format,
  duration_format,
  invalid_argument,
  crypto_failure,  // libsodium or the self-check refused (should never happen)
  not_issuable,    // the trust list would refuse what is about to be signed (issue --trust)
  file_exists,     // a file that must not be replaced is already there (keygen without --force)

  // The issuing authority's batch input and ledger
  batch_header = 1000,  // a CSV header with an unknown, duplicate or missing column
  batch_row,            // one input row that cannot be issued (the reason says which field)
  ledger_error,         // the SQLite ledger refused a read or write
  journal_error,        // the checkpoint's scan journal refused a read or write
  state_error,          // the device's state directory cannot be read or written
  batch_job_mismatch,   // an output directory whose job (settings, input, files) is not this one
  batch_encoding,       // batch input that is not UTF-8 (a spreadsheet's GBK, say)

  // Lists and journals over the network (mirror sync, journal push)
  net_refused = 1100,  // no connection: refused, unreachable, or the name does not resolve
  net_timeout,         // no connection in time, too slow (trickle), or the whole transfer too long
  net_too_large,       // the body is larger than the cap
  net_truncated,       // the connection closed before the announced length arrived
  net_http_status,     // an HTTP status that is not success (or 304 where asked)
  net_redirects,       // more redirects than allowed (a loop)
  net_tls,             // the TLS handshake or the server's certificate was refused
  net_error,           // any other transfer failure (reset, protocol error)
  mirror_index_malformed,  // the mirror's index does not parse
  mirror_list_mismatch,    // a list's size or SHA-256 is not what the index names
};

// Stable snake_case name of a code, e.g. "cbor_non_shortest".
std::string_view to_string(errc code) noexcept;

struct error {
  errc code = errc::ok;
  std::string message;  // what, where, why
};

// A value or an error; never both. Bad data gives an error, never an exception.
template <class T>
class [[nodiscard]] result {
 public:
  result(T value) : state_(std::in_place_index<0>, std::move(value)) {}
  result(qrseal::error err) : state_(std::in_place_index<1>, std::move(err)) {}
  result(errc code, std::string message)
      : state_(std::in_place_index<1>, qrseal::error{code, std::move(message)}) {}

  bool ok() const noexcept { return state_.index() == 0; }
  explicit operator bool() const noexcept { return ok(); }

  T& value() & { return std::get<0>(state_); }
  const T& value() const& { return std::get<0>(state_); }
  T&& value() && { return std::get<0>(std::move(state_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  const qrseal::error& error() const& { return std::get<1>(state_); }
  qrseal::error&& error() && { return std::get<1>(std::move(state_)); }
  errc code() const noexcept { return ok() ? errc::ok : std::get<1>(state_).code; }

 private:
  std::variant<T, qrseal::error> state_;
};

// For operations that return nothing but may fail.
struct done {};
using status = result<done>;
inline status success() { return done{}; }

}  // namespace qrseal
