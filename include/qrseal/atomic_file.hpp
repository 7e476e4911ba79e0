// Whole-file writes that a crash cannot leave half done: a temporary file in the same
// directory, fsync, rename (or link, when an existing file must not be replaced), fsync of the
// directory. Every file qrseal writes whole (keys, lists, pictures, a device's state) goes
// through here.
#pragma once

#include <qrseal/result.hpp>
#include <string>
#include <string_view>

namespace qrseal {

enum class overwrite {
  allow,   // an existing file is replaced (readers see the old or the new one, never a mix)
  refuse,  // an existing file is an error (errc::file_exists), checked atomically by link()
};

enum class durability {
  synced,  // the file and its directory entry are on disk when the call returns
  // Written and checked but not flushed: for many files that the caller makes durable together
  // (a batch chunk's pictures, flushed once before the chunk is published).
  deferred,
};

struct write_options {
  unsigned mode = 0644;  // 0600 for anything secret
  overwrite existing = overwrite::allow;
  durability sync = durability::synced;
};

// Writes `data` to `path` as one step. Errors: errc::file_exists (overwrite::refuse and the file
// is there), errc::io_error (anything else: the message names the file and the system's reason).
[[nodiscard]] status write_file_atomically(const std::string& path, std::string_view data,
                                           const write_options& options = {});

// Flushes every file directly inside `dir`, and `dir` itself, to disk (one syncfs of its file
// system): what makes a folder of durability::deferred files durable before it is renamed.
[[nodiscard]] status sync_folder(const std::string& dir);

}  // namespace qrseal
