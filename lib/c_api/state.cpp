// The C API of a checkpoint's state directory (device_state.hpp).
#include <algorithm>
#include <cstring>
#include <memory>
#include <mutex>
#include <qrseal/device_state.hpp>
#include <string>

#include "c_api.hpp"
#include "handles.hpp"
#include "verifier_handle.hpp"

using namespace qrseal;
using c_api::fail;
using c_api::guarded;
using c_api::refuse;
using c_api::write_message;

namespace {

// Roots beyond any real device's: keeps root_count * 32 far from overflowing.
constexpr std::size_t max_roots = 1024;

int check_dir(const char* dir) noexcept {
  if (dir == nullptr || dir[0] == '\0')
    return fail(QRSEAL_ERR_INVALID_ARGUMENT, "dir is NULL or empty");
  return QRSEAL_OK;
}

// The state writes what the verifier accepted; a verifier pinning other roots could make it
// store a list the state's roots do not sign, and the state would no longer open.
bool same_roots(const qrseal_verifier& h, const device_state& s) {
  const auto roots = h.v.roots();
  if (roots.size() != s.roots().size()) return false;
  return std::all_of(roots.begin(), roots.end(), [&](const public_key& k) {
    return std::find(s.roots().begin(), s.roots().end(), k) != s.roots().end();
  });
}

template <class Offer>
int state_load(qrseal_state* st, qrseal_verifier* h, const void* data, std::size_t len,
               char* message, std::size_t message_size, Offer offer) noexcept {
  write_message(message, message_size, "");
  const int code = guarded([&]() -> int {
    if (st == nullptr)
      return refuse(message, message_size, QRSEAL_ERR_INVALID_ARGUMENT, "state is NULL");
    if (h == nullptr)
      return refuse(message, message_size, QRSEAL_ERR_INVALID_ARGUMENT, "verifier is NULL");
    if (data == nullptr)
      return refuse(message, message_size, QRSEAL_ERR_INVALID_ARGUMENT, "list bytes are NULL");
    std::lock_guard state_lock(st->mutex);
    std::unique_lock verifier_lock(h->mutex);
    if (!same_roots(*h, st->state))
      return refuse(message, message_size, QRSEAL_ERR_INVALID_ARGUMENT,
                    "the verifier pins other roots than the state: make it with "
                    "qrseal_state_make_verifier");
    const result<list_offer> r = offer(st->state, h->v, data, len);
    if (!r) return refuse(message, message_size, c_api::error_code_of(r.code()), r.error().message);
    write_message(message, message_size, r->message);
    return static_cast<int>(r->result);
  });
  if (code < 0 && message != nullptr && message_size > 0 && message[0] == '\0')
    write_message(message, message_size, qrseal_last_error());
  return code;
}

}  // namespace

extern "C" {

int qrseal_state_init(const char* dir, const uint8_t* roots, size_t root_count,
                      qrseal_state** out) {
  if (out != nullptr) *out = nullptr;
  return guarded([&]() -> int {
    if (out == nullptr) return fail(QRSEAL_ERR_INVALID_ARGUMENT, "out is NULL");
    if (int c = check_dir(dir); c != QRSEAL_OK) return c;
    if (roots == nullptr) return fail(QRSEAL_ERR_INVALID_ARGUMENT, "roots is NULL");
    if (root_count == 0 || root_count > max_roots)
      return fail(QRSEAL_ERR_INVALID_ARGUMENT,
                  "root_count must be 1.." + std::to_string(max_roots));
    std::vector<public_key> keys;
    for (std::size_t i = 0; i < root_count; ++i) {
      auto key = public_key::from_bytes({roots + 32 * i, 32});
      if (!key)
        return fail(QRSEAL_ERR_BAD_KEY, "root " + std::to_string(i) + ": " + key.error().message);
      keys.push_back(*key);
    }
    auto s = device_state::init(dir, keys);
    if (!s) return fail(c_api::error_code_of(s.code()), s.error().message);
    *out = new qrseal_state(std::move(*s));
    return QRSEAL_OK;
  });
}

int qrseal_state_open(const char* dir, qrseal_state** out) {
  if (out != nullptr) *out = nullptr;
  return guarded([&]() -> int {
    if (out == nullptr) return fail(QRSEAL_ERR_INVALID_ARGUMENT, "out is NULL");
    if (int c = check_dir(dir); c != QRSEAL_OK) return c;
    auto s = device_state::open(dir);
    if (!s) return fail(c_api::error_code_of(s.code()), s.error().message);
    *out = new qrseal_state(std::move(*s));
    return QRSEAL_OK;
  });
}

void qrseal_state_free(qrseal_state* state) { delete state; }

int qrseal_state_make_verifier(qrseal_state* st, const qrseal_policy* policy,
                               qrseal_verifier** out) {
  if (out != nullptr) *out = nullptr;
  return guarded([&]() -> int {
    if (out == nullptr) return fail(QRSEAL_ERR_INVALID_ARGUMENT, "out is NULL");
    if (st == nullptr) return fail(QRSEAL_ERR_INVALID_ARGUMENT, "state is NULL");
    local_policy local;
    if (int c = c_api::to_local_policy(policy, local); c != QRSEAL_OK) return c;
    std::lock_guard lock(st->mutex);
    auto v = st->state.make_verifier(local);
    if (!v) return fail(c_api::error_code_of(v.code()), v.error().message);
    auto h = std::make_unique<qrseal_verifier>();
    h->v = std::move(*v);
    *out = h.release();
    return QRSEAL_OK;
  });
}

int qrseal_state_load_trust_list(qrseal_state* st, qrseal_verifier* h, const uint8_t* bytes,
                                 size_t len, char* message, size_t message_size) {
  return state_load(st, h, bytes, len, message, message_size,
                    [](device_state& s, verifier& v, const void* data, std::size_t n) {
                      return s.offer_trust_list(v, {static_cast<const std::uint8_t*>(data), n});
                    });
}

int qrseal_state_load_revocation_list(qrseal_state* st, qrseal_verifier* h, const uint8_t* bytes,
                                      size_t len, char* message, size_t message_size) {
  return state_load(
      st, h, bytes, len, message, message_size,
      [](device_state& s, verifier& v, const void* data, std::size_t n) {
        return s.offer_revocation_list(v, {static_cast<const std::uint8_t*>(data), n});
      });
}

int qrseal_state_load_trust_list_text(qrseal_state* st, qrseal_verifier* h, const char* text,
                                      size_t len, char* message, size_t message_size) {
  return state_load(st, h, text, len, message, message_size,
                    [](device_state& s, verifier& v, const void* data, std::size_t n) {
                      return s.offer_trust_list_text(v, {static_cast<const char*>(data), n});
                    });
}

int qrseal_state_observe_time(qrseal_state* st, qrseal_verifier* h, int64_t now) {
  return guarded([&]() -> int {
    if (st == nullptr) return fail(QRSEAL_ERR_INVALID_ARGUMENT, "state is NULL");
    if (h == nullptr) return fail(QRSEAL_ERR_INVALID_ARGUMENT, "verifier is NULL");
    std::lock_guard state_lock(st->mutex);
    std::unique_lock verifier_lock(h->mutex);
    auto s = st->state.observe_time(h->v, now);
    if (!s) return fail(c_api::error_code_of(s.code()), s.error().message);
    return QRSEAL_OK;
  });
}

}  // extern "C"

namespace qrseal::c_api {

// For qrseal_state_open_journal (journal.cpp): the state's journal path and key, under its lock.
void state_journal(qrseal_state& st, std::string& path, journal_key& key) {
  std::lock_guard lock(st.mutex);
  path = st.state.journal_path();
  key = st.state.journal_secret();
}

}  // namespace qrseal::c_api
