// The camera stream in the C API: a frame_stream behind a lock, verdicts through the verifier.
#include <qrseal/qrseal.h>

#include <cmath>
#include <mutex>
#include <qrseal/scan_stream.hpp>

#include "c_api.hpp"
#include "verifier_handle.hpp"

struct qrseal_stream {
  std::mutex mutex;
  qrseal::frame_stream stream;
  explicit qrseal_stream(const qrseal::stream_options& o) : stream(o) {}
};

using namespace qrseal;
using c_api::fail;
using c_api::guarded;

extern "C" {

void qrseal_stream_options_init(qrseal_stream_options* options) {
  if (options == nullptr) return;
  const stream_options defaults;
  options->gone_after_ms = defaults.gone_after_ms;
  options->extra_reads_per_frame = defaults.extra_reads_per_frame;
}

qrseal_stream* qrseal_stream_new(const qrseal_stream_options* options) {
  try {
    stream_options o;
    if (options != nullptr) {
      if (options->gone_after_ms < 0) {
        fail(QRSEAL_ERR_INVALID_ARGUMENT, "options.gone_after_ms is negative");
        return nullptr;
      }
      if (!(options->extra_reads_per_frame >= 0) ||
          !std::isfinite(options->extra_reads_per_frame)) {
        fail(QRSEAL_ERR_INVALID_ARGUMENT,
             "options.extra_reads_per_frame is negative or not a number");
        return nullptr;
      }
      o.gone_after_ms = options->gone_after_ms;
      o.extra_reads_per_frame = options->extra_reads_per_frame;
    }
    return new qrseal_stream(o);
  } catch (...) {
    fail(QRSEAL_ERR_NO_MEMORY, "out of memory");
    return nullptr;
  }
}

void qrseal_stream_free(qrseal_stream* stream) { delete stream; }

int qrseal_stream_reset(qrseal_stream* s) {
  return guarded([&]() -> int {
    if (s == nullptr) return fail(QRSEAL_ERR_INVALID_ARGUMENT, "stream is NULL");
    std::lock_guard lock(s->mutex);
    s->stream.reset();
    return QRSEAL_OK;
  });
}

int qrseal_stream_feed(qrseal_stream* s, const qrseal_verifier* h, const uint8_t* luma, size_t size,
                       int width, int height, int stride, int64_t frame_ms, int64_t now,
                       qrseal_result* out) {
  const int code = guarded([&]() -> int {
    if (out == nullptr) return fail(QRSEAL_ERR_INVALID_ARGUMENT, "out is NULL");
    if (s == nullptr) return fail(QRSEAL_ERR_INVALID_ARGUMENT, "stream is NULL");
    if (h == nullptr) return fail(QRSEAL_ERR_INVALID_ARGUMENT, "verifier is NULL");
    if (luma == nullptr) return fail(QRSEAL_ERR_INVALID_ARGUMENT, "luma is NULL");
    const image_view view{luma, width, height, stride, pixel_format::gray};
    std::unique_lock stream_lock(s->mutex);
    auto step = s->stream.feed(view, size, frame_ms);
    stream_lock.unlock();
    if (!step) return fail(c_api::error_code_of(step.code()), step.error().message);
    if (step->new_codes.empty()) {
      c_api::malformed_verdict(out, step->code_in_view ? "the code in view was reported already"
                                                       : "no QR code found in the frame");
      return step->code_in_view ? QRSEAL_SAME_CODE : QRSEAL_NO_CODE;
    }
    std::shared_lock lock(h->mutex);
    const verification v = h->v.verify(step->new_codes.front().text, now);
    lock.unlock();
    c_api::fill_result(v, *out);
    return QRSEAL_OK;
  });
  if (code < 0) c_api::malformed_verdict(out, qrseal_last_error());
  return code;
}

}  // extern "C"
