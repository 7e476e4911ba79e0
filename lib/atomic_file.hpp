// Inside the library: whole-file writes that a crash cannot leave half done (temporary file in
// the same directory, fsync, rename, fsync of the directory), and bounded whole-file reads.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <qrseal/result.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace qrseal::detail {

status write_file_atomically(const std::string& path, std::string_view data, unsigned mode,
                             errc code);
// nullopt-like: an empty optional when the file does not exist; an error when it cannot be read
// or is larger than max_bytes.
result<std::optional<std::string>> read_small_file(const std::string& path, std::size_t max_bytes,
                                                   errc code);

}  // namespace qrseal::detail
