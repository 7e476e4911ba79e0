#include <sodium.h>

#include <charconv>
#include <qrseal/hex.hpp>
#include <qrseal/lists.hpp>
#include <qrseal/mirror_index.hpp>

namespace qrseal {
namespace {

constexpr std::string_view header = "qrseal-mirror 1";

error malformed(std::size_t line, const std::string& why) {
  return {errc::mirror_index_malformed,
          "mirror index line " + std::to_string(line) + ": " + why +
              " (is this URL a qrseal mirror? `qrseal publish` writes one)"};
}

// Plain decimal, no sign or leading zero, within 64 bits.
std::optional<std::uint64_t> parse_number(std::string_view s) {
  if (s.empty() || s.size() > 20 || (s.size() > 1 && s[0] == '0')) return std::nullopt;
  for (char c : s)
    if (c < '0' || c > '9') return std::nullopt;
  std::uint64_t v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

bool valid_file_name(std::string_view f) {
  if (f.empty() || f.size() > 100 || f[0] == '.' || !f.ends_with(".cose")) return false;
  for (char c : f)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-'))
      return false;
  return true;
}

}  // namespace

sha256_digest sha256_of(std::span<const std::uint8_t> bytes) noexcept {
  sha256_digest d{};
  crypto_hash_sha256(d.data(), bytes.data(), bytes.size());
  return d;
}

mirror_entry mirror_entry_of(std::string_view kind, std::uint64_t seq,
                             std::span<const std::uint8_t> bytes) {
  mirror_entry e;
  e.seq = seq;
  e.size = bytes.size();
  e.sha256 = sha256_of(bytes);
  e.file = std::string(kind) + "-" + std::to_string(seq) + "-" +
           to_hex(std::span<const std::uint8_t>(e.sha256.data(), 8)) + ".cose";
  return e;
}

result<mirror_index> parse_mirror_index(std::string_view text) {
  if (text.size() > max_mirror_index_bytes)
    return malformed(1, "the index is " + std::to_string(text.size()) + " bytes, more than " +
                            std::to_string(max_mirror_index_bytes));
  mirror_index index;
  std::size_t line_no = 0;
  while (!text.empty()) {
    ++line_no;
    const auto nl = text.find('\n');
    if (nl == std::string_view::npos) return malformed(line_no, "no newline at the end");
    const std::string_view line = text.substr(0, nl);
    text.remove_prefix(nl + 1);
    for (char c : line)
      if (c < 0x20 || c > 0x7E) return malformed(line_no, "a byte that is not printable ASCII");
    if (line_no == 1) {
      if (line != header) return malformed(1, "does not start with \"qrseal-mirror 1\"");
      continue;
    }
    std::string_view fields[5];
    std::string_view rest = line;
    for (int i = 0; i < 5; ++i) {
      const auto sp = rest.find(' ');
      fields[i] = rest.substr(0, sp);
      if (fields[i].empty()) return malformed(line_no, "5 fields separated by single spaces");
      rest = sp == std::string_view::npos ? std::string_view() : rest.substr(sp + 1);
      if (i < 4 && sp == std::string_view::npos)
        return malformed(line_no, "5 fields separated by single spaces");
      if (i == 4 && sp != std::string_view::npos) return malformed(line_no, "more than 5 fields");
    }
    std::optional<mirror_entry>* slot = nullptr;
    if (fields[0] == "trust") {
      if (index.revocations) return malformed(line_no, "trust must come before revocations");
      slot = &index.trust;
    } else if (fields[0] == "revocations") {
      slot = &index.revocations;
    } else {
      return malformed(line_no, "unknown kind '" + std::string(fields[0]) + "'");
    }
    if (slot->has_value())
      return malformed(line_no, "a second " + std::string(fields[0]) + " line");
    mirror_entry e;
    const auto seq = parse_number(fields[1]);
    if (!seq) return malformed(line_no, "the seq is not a plain decimal number");
    const auto size = parse_number(fields[2]);
    if (!size || *size == 0 || *size > max_list_file_bytes)
      return malformed(line_no,
                       "the size is not a number from 1 to " + std::to_string(max_list_file_bytes));
    if (fields[3].size() != 64) return malformed(line_no, "the SHA-256 is not 64 hex digits");
    for (char c : fields[3])
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
        return malformed(line_no, "the SHA-256 is not 64 lowercase hex digits");
    const auto digest = from_hex(fields[3]);
    if (!digest || digest->size() != 32) return malformed(line_no, "the SHA-256 is not hex");
    if (!valid_file_name(fields[4]))
      return malformed(line_no, "the file name is not [a-z0-9._-] ending in .cose");
    e.seq = *seq;
    e.size = *size;
    std::copy(digest->begin(), digest->end(), e.sha256.begin());
    e.file = std::string(fields[4]);
    *slot = std::move(e);
  }
  if (line_no == 0) return malformed(1, "the index is empty");
  if (!index.trust && !index.revocations) return malformed(line_no, "names no list");
  return index;
}

std::string format_mirror_index(const mirror_index& index) {
  std::string out = std::string(header) + "\n";
  auto line = [&](std::string_view kind, const mirror_entry& e) {
    out += std::string(kind) + " " + std::to_string(e.seq) + " " + std::to_string(e.size) + " " +
           to_hex(e.sha256) + " " + e.file + "\n";
  };
  if (index.trust) line("trust", *index.trust);
  if (index.revocations) line("revocations", *index.revocations);
  return out;
}

}  // namespace qrseal
