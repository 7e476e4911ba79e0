#include <array>
#include <qrseal/detail/base45.hpp>

namespace qrseal {
namespace {

constexpr std::string_view alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";

constexpr std::array<std::int8_t, 256> make_decode_table() {
  std::array<std::int8_t, 256> table{};
  for (auto& v : table) v = -1;
  for (std::size_t i = 0; i < alphabet.size(); ++i)
    table[static_cast<unsigned char>(alphabet[i])] = static_cast<std::int8_t>(i);
  return table;
}
constexpr auto decode_table = make_decode_table();

std::string describe_char(char c) {
  const auto u = static_cast<unsigned char>(c);
  if (u >= 0x20 && u < 0x7f) return std::string("'") + c + "'";
  static constexpr char digits[] = "0123456789abcdef";
  return std::string("byte 0x") + digits[u >> 4] + digits[u & 15];
}

}  // namespace

std::string base45_encode(std::span<const std::uint8_t> bytes) {
  std::string out(bytes.size() / 2 * 3 + (bytes.size() % 2 ? 2 : 0), '\0');
  char* o = out.data();
  std::size_t i = 0;
  for (; i + 1 < bytes.size(); i += 2) {
    unsigned n = bytes[i] * 256u + bytes[i + 1];
    *o++ = alphabet[n % 45];
    n /= 45;
    *o++ = alphabet[n % 45];
    *o++ = alphabet[n / 45];
  }
  if (i < bytes.size()) {
    const unsigned n = bytes[i];
    *o++ = alphabet[n % 45];
    *o++ = alphabet[n / 45];
  }
  return out;
}

result<std::vector<std::uint8_t>> base45_decode(std::string_view text) {
  if (text.size() % 3 == 1)
    return error{errc::base45_dangling,
                 "Base45: " + std::to_string(text.size()) +
                     " characters leave one dangling character at the end (a group is 2 or 3)"};
  std::vector<std::uint8_t> out;
  out.reserve(text.size() / 3 * 2 + 1);
  for (std::size_t i = 0; i < text.size(); i += 3) {
    const std::size_t group = text.size() - i >= 3 ? 3 : 2;
    unsigned value = 0;
    unsigned weight = 1;
    for (std::size_t k = 0; k < group; ++k) {
      const int digit = decode_table[static_cast<unsigned char>(text[i + k])];
      if (digit < 0)
        return error{errc::base45_bad_char, "Base45: character " + std::to_string(i + k + 1) +
                                                " (" + describe_char(text[i + k]) +
                                                ") is not in the Base45 alphabet"};
      value += static_cast<unsigned>(digit) * weight;
      weight *= 45;
    }
    if (group == 3) {
      if (value > 0xffff)
        return error{errc::base45_out_of_range, "Base45: group at character " +
                                                    std::to_string(i + 1) + " has value " +
                                                    std::to_string(value) + ", above 65535"};
      out.push_back(static_cast<std::uint8_t>(value >> 8));
      out.push_back(static_cast<std::uint8_t>(value & 0xff));
    } else {
      if (value > 0xff)
        return error{errc::base45_out_of_range, "Base45: final pair at character " +
                                                    std::to_string(i + 1) + " has value " +
                                                    std::to_string(value) + ", above 255"};
      out.push_back(static_cast<std::uint8_t>(value));
    }
  }
  return out;
}

}  // namespace qrseal
