#include <qrseal/name_mask.hpp>
#include <qrseal/utf8.hpp>
#include <vector>

namespace qrseal {
namespace {

// Splits valid UTF-8 into its characters (code points), each as its bytes.
std::vector<std::string_view> characters(std::string_view text) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < text.size()) {
    const auto lead = static_cast<unsigned char>(text[i]);
    const std::size_t n = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
    out.push_back(text.substr(i, n));
    i += n;
  }
  return out;
}

}  // namespace

std::string mask_name(std::string_view name) {
  if (!is_valid_utf8(name)) return std::string(name);
  const auto chars = characters(name);
  std::string out;
  out.reserve(name.size());
  if (name.find(' ') == std::string_view::npos) {
    for (std::size_t i = 0; i < chars.size(); ++i) {
      const bool keep = i == 0 || (i + 1 == chars.size() && chars.size() > 2);
      out += keep ? chars[i] : std::string_view("*");
    }
    return out;
  }
  bool word_start = true;
  for (std::string_view c : chars) {
    if (c == " ") {
      out += c;
      word_start = true;
    } else {
      out += word_start ? c : std::string_view("*");
      word_start = false;
    }
  }
  return out;
}

}  // namespace qrseal
