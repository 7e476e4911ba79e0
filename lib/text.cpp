#include <qrseal/detail/base45.hpp>
#include <qrseal/text.hpp>

namespace qrseal {

std::string_view text_prefix(text_kind kind) noexcept {
  switch (kind) {
    case text_kind::credential:
      return "QS1:";
    case text_kind::live:
      return "QL1:";
    case text_kind::trust_list:
      return "QT1:";
  }
  return {};
}

result<split_text> split_qr_text(std::string_view text) {
  if (text.size() > max_qr_text)
    return error{errc::text_too_long, "text has " + std::to_string(text.size()) +
                                          " characters, more than a QR code holds (4296)"};
  split_text out;
  bool known = false;
  for (text_kind kind : {text_kind::credential, text_kind::live, text_kind::trust_list}) {
    if (text.starts_with(text_prefix(kind))) {
      out.kind = kind;
      known = true;
      break;
    }
  }
  if (!known) {
    std::string shown(text.substr(0, 4));
    for (char& c : shown)
      if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7f) c = '?';
    return error{errc::text_bad_prefix, "text starts with \"" + shown +
                                            "\", not QS1: (credential), QL1: (live code) or "
                                            "QT1: (trust list); prefixes are case-sensitive"};
  }
  auto bytes = base45_decode(text.substr(4));
  if (!bytes)
    return error{bytes.code(), bytes.error().message + " (counting after the 4-character prefix)"};
  out.bytes = std::move(*bytes);
  return out;
}

std::string join_qr_text(text_kind kind, std::span<const std::uint8_t> bytes) {
  std::string out;
  out.reserve(text_prefix(kind).size() + bytes.size() / 2 * 3 + 2);
  out += text_prefix(kind);
  out += base45_encode(bytes);
  return out;
}

}  // namespace qrseal
