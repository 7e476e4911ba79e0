// Inside the library: the atomic writer with the caller's error code, and bounded whole-file
// reads.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <qrseal/atomic_file.hpp>
#include <qrseal/result.hpp>
#include <string>
#include <string_view>

namespace qrseal::detail {

// write_file_atomically (replacing, synced) whose failure carries `code` (e.g. state_error).
status write_file_atomically(const std::string& path, std::string_view data, unsigned mode,
                             errc code);
// An empty optional when the file does not exist; an error when it cannot be read or is larger
// than max_bytes.
result<std::optional<std::string>> read_small_file(const std::string& path, std::size_t max_bytes,
                                                   errc code);

}  // namespace qrseal::detail
