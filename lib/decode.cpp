#include <qrseal/decode.hpp>

namespace qrseal {

decoded_text decode_text(std::string_view text) {
  decoded_text d;
  auto split = split_qr_text(text);
  if (!split) {
    d.failure = std::move(split).error();
    return d;
  }
  d.kind = split->kind;
  d.bytes = std::move(split->bytes);
  if (*d.kind == text_kind::live) {
    auto live = decode_live_array(d.bytes);
    if (!live) {
      d.failure = std::move(live).error();
      return d;
    }
    d.live = *live;
    d.cose_bytes = live->credential;
  } else {
    auto body = decode_body(d.bytes);
    if (!body) {
      d.failure = std::move(body).error();
      return d;
    }
    d.form = body->form;
    d.inflated_ = std::move(body->cose);
    d.cose_bytes = d.inflated_;
  }
  auto cose = parse_cose_sign1(d.cose_bytes);
  if (!cose) {
    d.failure = std::move(cose).error();
    return d;
  }
  d.cose = *cose;
  if (*d.kind == text_kind::trust_list) return d;
  auto c = decode_claims(d.cose->payload);
  if (!c) {
    d.failure = std::move(c).error();
    return d;
  }
  d.credential = std::move(*c);
  return d;
}

}  // namespace qrseal
