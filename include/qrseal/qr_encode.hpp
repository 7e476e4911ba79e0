// QR symbols for credential texts: the whole QS1/QL1/QT1 text in alphanumeric mode.
#pragma once

#include <cstdint>
#include <qrseal/result.hpp>
#include <string_view>
#include <vector>

namespace qrseal {

enum class ecc_level { L, M, Q, H };

// "L", "M", "Q", "H".
result<ecc_level> parse_ecc_level(std::string_view name);

// A QR symbol's modules, without any quiet zone.
struct qr_matrix {
  int version = 0;
  int size = 0;                       // modules per side
  std::vector<std::uint8_t> modules;  // size * size, row-major; 1 = dark
  bool dark(int x, int y) const noexcept {
    return modules[static_cast<std::size_t>(y * size + x)] != 0;
  }
};

// The smallest version that holds `text` at `level`, in alphanumeric mode throughout (every
// character of a qrseal text is in the QR alphanumeric set). Other text is refused.
result<qr_matrix> encode_qr(std::string_view text, ecc_level level = ecc_level::M);

}  // namespace qrseal
