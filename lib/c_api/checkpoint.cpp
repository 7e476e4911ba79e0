// The C API of a checkpoint session (checkpoint.hpp): the C++ session over a state handle and its
// journal, one event per scan. No decisions here: options in, events out.
#include <cstring>
#include <memory>
#include <mutex>
#include <optional>
#include <qrseal/checkpoint.hpp>
#include <qrseal/device_checkpoint_store.hpp>
#include <qrseal/image.hpp>
#include <qrseal/scan.hpp>
#include <string>

#include "c_api.hpp"
#include "handles.hpp"
#include "verifier_handle.hpp"

using namespace qrseal;
using c_api::fail;
using c_api::guarded;

static_assert(QRSEAL_SYMBOLOGY_CODE128 == static_cast<int>(symbology::code128));
static_assert(QRSEAL_EVENT_SAMPLE == static_cast<int>(checkpoint_event_kind::sample));
static_assert(QRSEAL_EVENT_KEY_UPDATE == static_cast<int>(checkpoint_event_kind::key_update));
static_assert(QRSEAL_NOTICE_CLOCK_IMPLAUSIBLE ==
              1 << static_cast<int>(checkpoint_notice_code::clock_implausible));
static_assert(QRSEAL_NOTICE_CLOCK_NOT_SAVED ==
              1 << static_cast<int>(checkpoint_notice_code::clock_not_saved));
static_assert(QRSEAL_NOTICE_SAMPLE_ALREADY_LINKED ==
              1 << static_cast<int>(checkpoint_notice_code::sample_already_linked));
static_assert(QRSEAL_NOTICE_SAMPLE_NOT_LINKED ==
              1 << static_cast<int>(checkpoint_notice_code::sample_not_linked));

struct qrseal_checkpoint {
  std::mutex mutex;     // one scan at a time; taken after the state's and the journal's
  qrseal_state* state;  // the caller's, outliving this
  std::unique_ptr<qrseal_journal> journal;  // the state's journal, when the session has an id
  std::optional<device_checkpoint_store> store;
  std::optional<checkpoint_session> session;
};

namespace {

unsigned notice_bit(checkpoint_notice_code code) noexcept {
  return 1u << static_cast<unsigned>(code);
}

void failed_event(qrseal_checkpoint_event* out, std::string_view why) noexcept {
  if (out == nullptr) return;
  std::memset(out, 0, sizeof *out);
  c_api::malformed_verdict(&out->verdict, why);
}

void fill_event(const checkpoint_event& e, qrseal_checkpoint_event& out) noexcept {
  std::memset(&out, 0, sizeof out);
  out.kind = static_cast<int>(e.kind);
  out.passed = e.passed() ? 1 : 0;
  if (e.verdict)
    c_api::fill_result(*e.verdict, out.verdict);
  else
    c_api::malformed_verdict(&out.verdict, "");
  std::string message;
  if (e.key_update) {
    out.list_result = static_cast<int>(e.key_update->result);
    out.trust_list_seq = e.trust_list_seq;
    out.stored = e.stored ? 1 : 0;
    message = e.key_update->message;
  }
  c_api::copy_text(e.sample, out.sample, sizeof out.sample);
  out.linked = e.linked ? 1 : 0;
  if (e.record) {
    out.has_record = 1;
    out.record = *e.record;
  }
  for (const checkpoint_notice& n : e.notices) {
    out.notices |= notice_bit(n.code);
    message += (message.empty() ? "" : "; ") + n.message;
  }
  c_api::copy_text(message, out.message, sizeof out.message);
}

// Runs the session on one text with every lock held: the state's (the store writes it), the
// journal's (the store appends to it), the checkpoint's.
int handle_text(qrseal_checkpoint& cp, std::string_view text, symbology from, std::int64_t now,
                qrseal_checkpoint_event& out) {
  std::lock_guard state_lock(cp.state->mutex);
  std::unique_lock<std::mutex> journal_lock;
  if (cp.journal) journal_lock = std::unique_lock(cp.journal->mutex);
  std::lock_guard lock(cp.mutex);
  auto e = cp.session->handle(text, now, from);
  if (!e) return fail(c_api::error_code_of(e.code()), e.error().message);
  fill_event(*e, out);
  return QRSEAL_OK;
}

}  // namespace

extern "C" {

void qrseal_checkpoint_options_init(qrseal_checkpoint_options* options) {
  if (options == nullptr) return;
  std::memset(options, 0, sizeof *options);
  options->take_key_updates = checkpoint_options{}.take_key_updates ? 1 : 0;
}

int qrseal_checkpoint_open(qrseal_state* st, const qrseal_policy* policy,
                           const qrseal_checkpoint_options* options, qrseal_checkpoint** out) {
  if (out != nullptr) *out = nullptr;
  return guarded([&]() -> int {
    if (out == nullptr) return fail(QRSEAL_ERR_INVALID_ARGUMENT, "out is NULL");
    if (st == nullptr) return fail(QRSEAL_ERR_INVALID_ARGUMENT, "state is NULL");
    if (options == nullptr) return fail(QRSEAL_ERR_INVALID_ARGUMENT, "options is NULL");
    local_policy local;
    if (int c = c_api::to_local_policy(policy, local); c != QRSEAL_OK) return c;
    checkpoint_options o;
    // strnlen: an id longer than any allowed is refused without reading on for ever.
    if (options->checkpoint != nullptr)
      o.checkpoint.assign(options->checkpoint, strnlen(options->checkpoint, 1024));
    if (options->sample_id != nullptr)
      o.sample_id.emplace(options->sample_id, strnlen(options->sample_id, 1024));
    o.linkable = options->linkable != 0;
    o.sample_desk = options->sample_desk != 0;
    o.take_key_updates = options->take_key_updates != 0;

    auto cp = std::make_unique<qrseal_checkpoint>();
    cp->state = st;
    std::lock_guard lock(st->mutex);
    auto v = st->state.make_verifier(local);
    if (!v) return fail(c_api::error_code_of(v.code()), v.error().message);
    if (!o.checkpoint.empty()) {
      auto j = journal::open(st->state.journal_path());
      if (!j) return fail(c_api::error_code_of(j.code()), j.error().message);
      cp->journal = std::make_unique<qrseal_journal>(std::move(*j), &st->state.journal_secret());
    }
    cp->store.emplace(&st->state, cp->journal ? &cp->journal->j : nullptr);
    auto session = checkpoint_session::open(std::move(*v), &*cp->store, std::move(o));
    if (!session) return fail(c_api::error_code_of(session.code()), session.error().message);
    cp->session.emplace(std::move(*session));
    *out = cp.release();
    return QRSEAL_OK;
  });
}

void qrseal_checkpoint_free(qrseal_checkpoint* checkpoint) { delete checkpoint; }

int qrseal_checkpoint_handle(qrseal_checkpoint* cp, const char* text, size_t len, int symbology,
                             int64_t now, qrseal_checkpoint_event* out) {
  const int code = guarded([&]() -> int {
    if (out == nullptr) return fail(QRSEAL_ERR_INVALID_ARGUMENT, "out is NULL");
    if (cp == nullptr) return fail(QRSEAL_ERR_INVALID_ARGUMENT, "checkpoint is NULL");
    if (text == nullptr) return fail(QRSEAL_ERR_INVALID_ARGUMENT, "text is NULL");
    if (symbology != QRSEAL_SYMBOLOGY_QR && symbology != QRSEAL_SYMBOLOGY_CODE128)
      return fail(QRSEAL_ERR_INVALID_ARGUMENT, "symbology is no qrseal_symbology");
    return handle_text(*cp, {text, len}, static_cast<qrseal::symbology>(symbology), now, *out);
  });
  if (code < 0) failed_event(out, qrseal_last_error());
  return code;
}

int qrseal_checkpoint_handle_frame(qrseal_checkpoint* cp, const uint8_t* luma, size_t size,
                                   int width, int height, int stride, int64_t now,
                                   qrseal_checkpoint_event* out) {
  const int code = guarded([&]() -> int {
    if (out == nullptr) return fail(QRSEAL_ERR_INVALID_ARGUMENT, "out is NULL");
    if (cp == nullptr) return fail(QRSEAL_ERR_INVALID_ARGUMENT, "checkpoint is NULL");
    if (luma == nullptr) return fail(QRSEAL_ERR_INVALID_ARGUMENT, "luma is NULL");
    scan_options options;
    options.read_code128 = cp->session->options().sample_desk;  // set once, at open
    auto codes = scan_image({luma, width, height, stride, pixel_format::gray}, size, options);
    if (!codes) return fail(c_api::error_code_of(codes.code()), codes.error().message);
    if (codes->empty()) {
      failed_event(out, "no code found in the frame");
      return QRSEAL_NO_CODE;
    }
    const scanned_code& first = codes->front();
    return handle_text(*cp, first.text, first.code128 ? symbology::code128 : symbology::qr, now,
                       *out);
  });
  if (code < 0) failed_event(out, qrseal_last_error());
  return code;
}

int qrseal_checkpoint_get_info(qrseal_checkpoint* cp, qrseal_verifier_info* info) {
  return guarded([&]() -> int {
    if (info != nullptr) std::memset(info, 0, sizeof *info);
    if (cp == nullptr) return fail(QRSEAL_ERR_INVALID_ARGUMENT, "checkpoint is NULL");
    if (info == nullptr) return fail(QRSEAL_ERR_INVALID_ARGUMENT, "info is NULL");
    std::lock_guard lock(cp->mutex);
    c_api::fill_info(cp->session->get(), *info);
    return QRSEAL_OK;
  });
}

qrseal_journal* qrseal_checkpoint_journal(qrseal_checkpoint* cp) {
  return cp != nullptr ? cp->journal.get() : nullptr;
}

const char* qrseal_notice_name(int notice) {
  for (auto code :
       {checkpoint_notice_code::clock_implausible, checkpoint_notice_code::clock_not_saved,
        checkpoint_notice_code::sample_already_linked, checkpoint_notice_code::sample_not_linked})
    if (notice == static_cast<int>(notice_bit(code))) return to_string(code).data();
  return "unknown";
}

size_t qrseal_checkpoint_event_size(void) { return sizeof(qrseal_checkpoint_event); }
size_t qrseal_result_size(void) { return sizeof(qrseal_result); }

}  // extern "C"
