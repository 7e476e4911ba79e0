// Whole input files as front ends read them: a path or "-" for standard input, never more than
// a limit, a directory refused, and a secret (a key, a passphrase file) refused when others can
// reach it. Errors are io_error, worded for the person who named the file:
//   cannot open WHAT 'PATH': <the system's reason>
//   WHAT 'PATH' is a directory
//   WHAT 'PATH' is larger than the limit of N bytes
// where WHAT says what the file was meant to be ("trust list", "secret key file", "--previous").
#pragma once

#include <cstddef>
#include <qrseal/keys.hpp>
#include <qrseal/result.hpp>
#include <string>
#include <string_view>

namespace qrseal {

result<std::string> read_file(const std::string& path, std::size_t max_bytes,
                              std::string_view what);
// The same into a secret_string; the read buffer is wiped.
result<secret_string> read_secret_file(const std::string& path, std::size_t max_bytes,
                                       std::string_view what);
// The same for a file only its owner may reach (a secret key, a passphrase file): a regular file
// whose mode lets group or others read or write it is refused, as ssh refuses such a private key,
// with the mode and the chmod that fixes it. Standard input and pipes pass.
result<secret_string> read_private_file(const std::string& path, std::size_t max_bytes,
                                        std::string_view what);

// A QR text given as a file or "-": at most 1 MiB, without the line ends a file or pipe adds at
// its end (nothing else is trimmed: a QR text is used exactly as scanned).
result<std::string> read_qr_text_file(const std::string& path, std::string_view what);

// For a file given in the wrong place: "it looks like a qrseal public key file (.pub)", ... or
// empty when it looks like nothing qrseal knows.
std::string what_file_seems(std::string_view bytes);

}  // namespace qrseal
