// One decode chain for every QR text (spec §1, §4): "QS1:"/"QL1:"/"QT1:" -> Base45 -> body or
// live array -> COSE_Sign1 -> claims. Nothing here is verified: the parts are for the verifier to
// check, for the issuer's self-check, a card, a live code and `inspect`. Only the verifier makes
// a verified result (verifier.hpp).
#pragma once

#include <cstdint>
#include <optional>
#include <qrseal/body.hpp>
#include <qrseal/claims.hpp>
#include <qrseal/cose.hpp>
#include <qrseal/live.hpp>
#include <qrseal/result.hpp>
#include <qrseal/text.hpp>
#include <span>
#include <string_view>
#include <vector>

namespace qrseal {

// The layers of a text, each present once it was decoded. The views (cose_bytes, cose, live)
// point into this object's own storage, so it may be moved but not copied.
struct decoded_text {
  std::optional<text_kind> kind;    // absent when the text is not "QS1:"/"QL1:"/"QT1:" Base45
  std::vector<std::uint8_t> bytes;  // the Base45-decoded text
  std::optional<body_form> form;    // QS1/QT1: how the body was stored
  std::optional<live_code> live;    // QL1: [cred, t, sig]
  std::span<const std::uint8_t> cose_bytes;  // the COSE_Sign1 exactly as signed
  std::optional<cose_sign1> cose;            // parsed, signature NOT checked
  std::optional<claims> credential;          // QS1/QL1: the payload's claims, unverified
  // Why decoding stopped; absent when every layer of this kind was decoded.
  std::optional<qrseal::error> failure;

  decoded_text() = default;
  decoded_text(decoded_text&&) noexcept = default;
  decoded_text& operator=(decoded_text&&) noexcept = default;
  decoded_text(const decoded_text&) = delete;
  decoded_text& operator=(const decoded_text&) = delete;

  bool complete() const noexcept { return !failure; }

 private:
  friend decoded_text decode_text(std::string_view text);
  std::vector<std::uint8_t> inflated_;  // QS1/QT1: the body's COSE bytes
};

// Decodes layer by layer as far as the text allows; the first layer that fails is `failure` and
// the layers after it stay absent. A trust list (QT1) has no claims.
[[nodiscard]] decoded_text decode_text(std::string_view text);

}  // namespace qrseal
