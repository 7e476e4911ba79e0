// The QR text layer (spec §1, §3, §4): "QS1:", "QL1:" or "QT1:" followed by Base45.
#pragma once

#include <cstddef>
#include <cstdint>
#include <qrseal/result.hpp>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace qrseal {

inline constexpr std::size_t max_qr_text = 4296;  // the most a QR code holds

enum class text_kind {
  credential,  // "QS1:" || Base45(body)
  live,        // "QL1:" || Base45([cred, t, sig])
  trust_list,  // "QT1:" || Base45(body)
};

std::string_view text_prefix(text_kind kind) noexcept;

struct split_text {
  text_kind kind = text_kind::credential;
  std::vector<std::uint8_t> bytes;  // Base45-decoded, still compressed for QS1/QT1
};

// Used exactly as scanned: never trimmed, the prefix is case-sensitive, at most 4296 characters.
result<split_text> split_qr_text(std::string_view text);

std::string join_qr_text(text_kind kind, std::span<const std::uint8_t> bytes);

}  // namespace qrseal
