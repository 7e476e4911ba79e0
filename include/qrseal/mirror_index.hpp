// A mirror's layout (qrseal publish writes it, qrseal sync reads it): plain static files that any
// web server, CDN, object store or USB stick can hold. The lists are signed, so the mirror is
// not trusted; its index only says which files are current, so an unchanged mirror costs one
// small (conditional) request:
//
//   qrseal-mirror.txt                       the index, at most 4096 bytes of ASCII:
//     qrseal-mirror 1\n
//     trust <seq> <size> <sha256 hex> <file>\n          (optional)
//     revocations <seq> <size> <sha256 hex> <file>\n    (optional; at least one of the two)
//   trust-<seq>-<16 hex>.cose                the lists, named by seq and content, so a mirror
//   revocations-<seq>-<16 hex>.cose          being updated never serves an index with the wrong
//   file
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <qrseal/result.hpp>
#include <span>
#include <string>
#include <string_view>

namespace qrseal {

inline constexpr std::string_view mirror_index_name = "qrseal-mirror.txt";
inline constexpr std::size_t max_mirror_index_bytes = 4096;

using sha256_digest = std::array<std::uint8_t, 32>;
sha256_digest sha256_of(std::span<const std::uint8_t> bytes) noexcept;

struct mirror_entry {
  std::uint64_t seq = 0;
  std::uint64_t size = 0;  // at most max_list_file_bytes
  sha256_digest sha256{};
  std::string file;  // [a-z0-9._-], 1-100 characters, not starting with '.', ending ".cose"
  friend bool operator==(const mirror_entry&, const mirror_entry&) = default;
};

struct mirror_index {
  std::optional<mirror_entry> trust;
  std::optional<mirror_entry> revocations;
  friend bool operator==(const mirror_index&, const mirror_index&) = default;
};

// The entry for a list of this kind ("trust" or "revocations"), its seq and bytes.
mirror_entry mirror_entry_of(std::string_view kind, std::uint64_t seq,
                             std::span<const std::uint8_t> bytes);

// Strict: exactly the format above, nothing before or after; errc::mirror_index_malformed with
// the line and the reason otherwise.
result<mirror_index> parse_mirror_index(std::string_view text);
std::string format_mirror_index(const mirror_index& index);

}  // namespace qrseal
