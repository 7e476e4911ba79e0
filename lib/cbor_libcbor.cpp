// The native build's CBOR head source: libcbor's streaming decoder (cbor_stream_decode), one
// head per call, told through its callbacks; and cbor::decode_strict on it. The strictness is
// lib/cbor.cpp's, whichever source reads the heads (cbor_head.hpp).
#include <cbor.h>

#include <qrseal/detail/cbor.hpp>

#include "cbor_head.hpp"

namespace qrseal::cbor {

namespace detail {
namespace {

head& event_of(void* ctx) { return *static_cast<head*>(ctx); }
void set(void* ctx, head_kind k, std::uint64_t v, const std::uint8_t* data = nullptr) {
  head& h = event_of(ctx);
  h.kind = k;
  h.value = v;
  h.data = data;
}

void on_uint8(void* ctx, std::uint8_t v) { set(ctx, head_kind::uint, v); }
void on_uint16(void* ctx, std::uint16_t v) { set(ctx, head_kind::uint, v); }
void on_uint32(void* ctx, std::uint32_t v) { set(ctx, head_kind::uint, v); }
void on_uint64(void* ctx, std::uint64_t v) { set(ctx, head_kind::uint, v); }
void on_negint8(void* ctx, std::uint8_t v) { set(ctx, head_kind::negint, v); }
void on_negint16(void* ctx, std::uint16_t v) { set(ctx, head_kind::negint, v); }
void on_negint32(void* ctx, std::uint32_t v) { set(ctx, head_kind::negint, v); }
void on_negint64(void* ctx, std::uint64_t v) { set(ctx, head_kind::negint, v); }
void on_bytes(void* ctx, cbor_data data, std::size_t len) { set(ctx, head_kind::bytes, len, data); }
void on_text(void* ctx, cbor_data data, std::size_t len) { set(ctx, head_kind::text, len, data); }
void on_array(void* ctx, std::size_t n) { set(ctx, head_kind::array, n); }
void on_map(void* ctx, std::size_t n) { set(ctx, head_kind::map, n); }
void on_tag(void* ctx, std::uint64_t v) { set(ctx, head_kind::tag, v); }
void on_indefinite(void* ctx) { event_of(ctx).kind = head_kind::indefinite; }
void on_simple(void* ctx) { event_of(ctx).kind = head_kind::simple; }
void on_bool(void* ctx, bool) { event_of(ctx).kind = head_kind::simple; }
void on_float(void* ctx, float) { event_of(ctx).kind = head_kind::simple; }
void on_double(void* ctx, double) { event_of(ctx).kind = head_kind::simple; }
void on_break(void* ctx) { event_of(ctx).kind = head_kind::stop; }

// Every callback is set, so libcbor never calls into a null pointer whatever the input.
// (libcbor's own field comments swap "definite" and "indefinite" for the string callbacks:
// byte_string/string carry definite strings, byte_string_start/string_start indefinite ones.)
const cbor_callbacks k_callbacks = [] {
  cbor_callbacks cb = cbor_empty_callbacks;
  cb.uint8 = on_uint8;
  cb.uint16 = on_uint16;
  cb.uint32 = on_uint32;
  cb.uint64 = on_uint64;
  cb.negint8 = on_negint8;
  cb.negint16 = on_negint16;
  cb.negint32 = on_negint32;
  cb.negint64 = on_negint64;
  cb.byte_string = on_bytes;
  cb.byte_string_start = on_indefinite;
  cb.string = on_text;
  cb.string_start = on_indefinite;
  cb.array_start = on_array;
  cb.indef_array_start = on_indefinite;
  cb.map_start = on_map;
  cb.indef_map_start = on_indefinite;
  cb.tag = on_tag;
  cb.float2 = on_float;
  cb.float4 = on_float;
  cb.float8 = on_double;
  cb.undefined = on_simple;
  cb.null = on_simple;
  cb.boolean = on_bool;
  cb.indef_break = on_break;
  return cb;
}();

}  // namespace

head read_head_libcbor(const std::uint8_t* data, std::size_t left) noexcept {
  head h;
  const cbor_decoder_result r = cbor_stream_decode(data, left, &k_callbacks, &h);
  if (r.status == CBOR_DECODER_ERROR) return head{head_kind::refused, 0, nullptr, 0};
  if (r.status == CBOR_DECODER_NEDATA) return head{head_kind::truncated, 0, nullptr, 0};
  h.read = r.read;
  return h;
}

}  // namespace detail

result<item> decode_strict(std::span<const std::uint8_t> input, decode_options options) {
  return detail::decode_strict_with(input, options, detail::read_head_libcbor);
}

}  // namespace qrseal::cbor
