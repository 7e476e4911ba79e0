// Live codes (spec §4): the holder's phone signs (credential, time) with the key in cnf, so a
// screenshot stops working after the live window.
#pragma once

#include <cstdint>
#include <qrseal/keys.hpp>
#include <qrseal/result.hpp>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace qrseal {

struct live_code {
  std::span<const std::uint8_t> credential;  // the COSE_Sign1 bytes, a view into the decoded text
  std::uint64_t t = 0;                       // NumericDate the phone signed
  signature sig{};
};

// Strict parse of the QL1 array [cred: bstr starting 0xD2, t: uint, sig: bstr(64)].
result<live_code> decode_live_array(std::span<const std::uint8_t> bytes);

// "qrseal-live/1" || 0x00 || SHA-256(cred) || t as 8-byte big-endian.
std::vector<std::uint8_t> live_signed_message(std::span<const std::uint8_t> credential,
                                              std::uint64_t t);

// Holder side: QS1 credential text + the holder secret key matching its cnf + time -> QL1 text.
result<std::string> make_live_code(std::string_view credential_text, const secret_key& holder,
                                   std::uint64_t t);

}  // namespace qrseal
