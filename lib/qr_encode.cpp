#include <qrencode.h>

#include <cerrno>
#include <memory>
#include <qrseal/qr_encode.hpp>
#include <string>

namespace qrseal {
namespace {

constexpr std::string_view qr_alphanumeric = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";

QRecLevel to_qrencode(ecc_level level) {
  switch (level) {
    case ecc_level::L:
      return QR_ECLEVEL_L;
    case ecc_level::M:
      return QR_ECLEVEL_M;
    case ecc_level::Q:
      return QR_ECLEVEL_Q;
    case ecc_level::H:
      return QR_ECLEVEL_H;
  }
  return QR_ECLEVEL_M;
}

}  // namespace

result<ecc_level> parse_ecc_level(std::string_view name) {
  if (name == "L" || name == "l") return ecc_level::L;
  if (name == "M" || name == "m") return ecc_level::M;
  if (name == "Q" || name == "q") return ecc_level::Q;
  if (name == "H" || name == "h") return ecc_level::H;
  return error{errc::invalid_argument, "ECC level '" + std::string(name) + "' is not L, M, Q or H"};
}

result<qr_matrix> encode_qr(std::string_view text, ecc_level level) {
  const std::size_t bad = text.find_first_not_of(qr_alphanumeric);
  if (bad != std::string_view::npos)
    return error{errc::invalid_argument, "QR: character " + std::to_string(bad + 1) +
                                             " is outside the QR alphanumeric set"};
  if (text.empty()) return error{errc::invalid_argument, "QR: empty text"};
  std::unique_ptr<QRinput, decltype(&QRinput_free)> input(QRinput_new2(0, to_qrencode(level)),
                                                          &QRinput_free);
  if (!input) return error{errc::crypto_failure, "QR: libqrencode could not allocate its input"};
  if (QRinput_append(input.get(), QR_MODE_AN, static_cast<int>(text.size()),
                     reinterpret_cast<const unsigned char*>(text.data())) != 0)
    return error{errc::invalid_argument, "QR: libqrencode refused the text"};
  errno = 0;
  std::unique_ptr<QRcode, decltype(&QRcode_free)> code(QRcode_encodeInput(input.get()),
                                                       &QRcode_free);
  if (!code)
    return error{errc::text_too_long, errno == ERANGE
                                          ? "QR: " + std::to_string(text.size()) +
                                                " characters do not fit any QR version at this "
                                                "ECC level"
                                          : std::string("QR: libqrencode failed")};
  qr_matrix m;
  m.version = code->version;
  m.size = code->width;
  m.modules.resize(static_cast<std::size_t>(m.size) * static_cast<std::size_t>(m.size));
  for (std::size_t i = 0; i < m.modules.size(); ++i) m.modules[i] = code->data[i] & 1;
  return m;
}

}  // namespace qrseal
