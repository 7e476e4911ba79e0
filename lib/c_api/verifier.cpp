// The verifier side of the C API: roots, policy, lists, and verifying texts and camera frames.
#include <cstring>
#include <mutex>
#include <qrseal/claims.hpp>
#include <qrseal/image.hpp>
#include <qrseal/key_file.hpp>
#include <qrseal/scan.hpp>
#include <string>
#include <string_view>

#include "c_api.hpp"
#include "verifier_handle.hpp"

using namespace qrseal;
using c_api::fail;
using c_api::guarded;

static_assert(sizeof(qrseal_result{}.iss) == max_iss_bytes + 1);
static_assert(sizeof(qrseal_result{}.name) == max_name_bytes + 1);
static_assert(sizeof(qrseal_result{}.id_hint) == max_id_hint_bytes + 1);
static_assert(sizeof(qrseal_result{}.test_site) == max_site_bytes + 1);
static_assert(QRSEAL_MAX_TEXT == max_qr_text);
static_assert(QRSEAL_MAX_IMAGE_SIDE == max_image_side);

namespace qrseal::c_api {

int to_local_policy(const qrseal_policy* policy, local_policy& l) {
  l = local_policy{};
  if (policy == nullptr) return QRSEAL_OK;
  const qrseal_policy& p = *policy;
  constexpr unsigned all = QRSEAL_ACCEPT_GREEN | QRSEAL_ACCEPT_YELLOW | QRSEAL_ACCEPT_RED;
  if ((p.accept & ~all) != 0)
    return fail(QRSEAL_ERR_INVALID_ARGUMENT, "policy.accept has bits other than QRSEAL_ACCEPT_*");
  if (p.accept != 0) {
    l.accept.emplace();
    for (health_status s : {health_status::green, health_status::yellow, health_status::red})
      if ((p.accept & (1u << static_cast<unsigned>(s))) != 0) l.accept->push_back(s);
  }
  if (p.max_test_age != 0) l.max_test_age = p.max_test_age;
  l.require_live = p.require_live != 0;
  if (p.max_stale != 0) l.max_stale = p.max_stale;
  if (p.max_validity != 0) l.max_validity = p.max_validity;
  l.skew = p.skew;
  l.live_window = p.live_window;
  l.reject_clock_behind = p.reject_clock_behind != 0;
  return QRSEAL_OK;
}

unsigned warning_bits(const std::vector<warning>& warnings) noexcept {
  unsigned bits = 0;
  for (warning w : warnings) switch (w) {
      case warning::trust_list_stale:
        bits |= QRSEAL_WARNING_TRUST_LIST_STALE;
        break;
      case warning::revocation_list_stale:
        bits |= QRSEAL_WARNING_REVOCATION_LIST_STALE;
        break;
      case warning::clock_behind:
        bits |= QRSEAL_WARNING_CLOCK_BEHIND;
        break;
    }
  return bits;
}

std::vector<warning> warnings_of(unsigned bits) {
  std::vector<warning> out;
  if ((bits & QRSEAL_WARNING_TRUST_LIST_STALE) != 0) out.push_back(warning::trust_list_stale);
  if ((bits & QRSEAL_WARNING_REVOCATION_LIST_STALE) != 0)
    out.push_back(warning::revocation_list_stale);
  if ((bits & QRSEAL_WARNING_CLOCK_BEHIND) != 0) out.push_back(warning::clock_behind);
  return out;
}

// Fail closed: after an error or with no code found, *out holds a malformed verdict with the
// reason, never an earlier or valid-looking one.
void malformed_verdict(qrseal_result* out, std::string_view why) noexcept {
  if (out == nullptr) return;
  std::memset(out, 0, sizeof *out);
  out->outcome = QRSEAL_OUTCOME_MALFORMED;
  c_api::copy_text(why, out->detail, sizeof out->detail);
}

void fill_info(const verifier& v, qrseal_verifier_info& info) noexcept {
  std::memset(&info, 0, sizeof info);
  info.roots = static_cast<unsigned>(v.roots().size());
  if (const auto& t = v.trust()) {
    info.has_trust_list = 1;
    info.trust_seq = t->seq;
    info.trust_issued_at = t->issued_at;
    info.trust_next_update = t->next_update;
    info.trust_keys = static_cast<unsigned>(t->entries.size());
  }
  if (const auto& r = v.revocations()) {
    info.has_revocation_list = 1;
    info.revocation_seq = r->seq;
    info.revocation_issued_at = r->issued_at;
    info.revocation_next_update = r->next_update;
    info.revoked = r->size();
  }
}

void fill_result(const verification& v, qrseal_result& out) noexcept {
  std::memset(&out, 0, sizeof out);
  out.outcome = static_cast<int>(v.outcome());
  out.warnings = c_api::warning_bits(v.warnings());
  c_api::copy_text(v.detail(), out.detail, sizeof out.detail);
  if (v.kind()) out.kind = *v.kind() == text_kind::live ? QRSEAL_KIND_LIVE : QRSEAL_KIND_CREDENTIAL;
  if (v.kid()) {
    out.has_kid = 1;
    std::memcpy(out.kid, v.kid()->data(), sizeof out.kid);
  }
  if (!v.credential()) return;
  const claims& c = *v.credential();
  out.has_display = 1;
  c_api::copy_text(c.iss, out.iss, sizeof out.iss);
  out.iat = c.iat;
  out.exp = c.exp;
  if (c.nbf) {
    out.has_nbf = 1;
    out.nbf = *c.nbf;
  }
  std::memcpy(out.cti, c.cti.data(), sizeof out.cti);
  if (c.holder_key) {
    out.has_holder_key = 1;
    std::memcpy(out.holder_key, c.holder_key->bytes().data(), sizeof out.holder_key);
  }
  const status_profile& s = c.status;
  out.status = static_cast<int>(s.status);
  if (s.name) c_api::copy_text(*s.name, out.name, sizeof out.name);
  if (s.id_hint) c_api::copy_text(*s.id_hint, out.id_hint, sizeof out.id_hint);
  if (s.test) {
    out.has_test = 1;
    out.test_positive = s.test->positive ? 1 : 0;
    out.test_sampled_at = s.test->sampled_at;
    if (s.test->site) c_api::copy_text(*s.test->site, out.test_site, sizeof out.test_site);
  }
  if (s.vaccination) {
    out.has_vaccination = 1;
    out.doses = s.vaccination->doses;
    out.last_dose = s.vaccination->last_dose;
  }
}

}  // namespace qrseal::c_api

namespace {

using c_api::fill_result;
using c_api::malformed_verdict;
using c_api::refuse;
using c_api::write_message;

template <class Offer>
int load_list(qrseal_verifier* h, const void* data, std::size_t len, char* message,
              std::size_t message_size, Offer offer) noexcept {
  write_message(message, message_size, "");
  const int code = guarded([&]() -> int {
    if (h == nullptr)
      return refuse(message, message_size, QRSEAL_ERR_INVALID_ARGUMENT, "verifier is NULL");
    if (data == nullptr)
      return refuse(message, message_size, QRSEAL_ERR_INVALID_ARGUMENT, "list bytes are NULL");
    std::unique_lock lock(h->mutex);
    const list_offer r = offer(*h, data, len);
    write_message(message, message_size, r.message);
    return static_cast<int>(r.result);
  });
  if (code < 0 && message != nullptr && message_size > 0 && message[0] == '\0')
    write_message(message, message_size, qrseal_last_error());
  return code;
}

}  // namespace

extern "C" {

void qrseal_policy_init(qrseal_policy* policy) {
  if (policy == nullptr) return;
  std::memset(policy, 0, sizeof *policy);
  const local_policy defaults;
  policy->skew = defaults.skew;
  policy->live_window = defaults.live_window;
}

qrseal_verifier* qrseal_verifier_new(void) {
  try {
    return new qrseal_verifier;
  } catch (...) {
    fail(QRSEAL_ERR_NO_MEMORY, "out of memory");
    return nullptr;
  }
}

void qrseal_verifier_free(qrseal_verifier* h) { delete h; }

int qrseal_verifier_add_root(qrseal_verifier* h, const uint8_t* key, size_t key_len, char* message,
                             size_t message_size) {
  write_message(message, message_size, "");
  const int code = guarded([&]() -> int {
    if (h == nullptr)
      return refuse(message, message_size, QRSEAL_ERR_INVALID_ARGUMENT, "verifier is NULL");
    if (key == nullptr)
      return refuse(message, message_size, QRSEAL_ERR_INVALID_ARGUMENT, "key is NULL");
    auto root = parse_public_key({key, key_len});
    if (!root) return refuse(message, message_size, QRSEAL_ERR_BAD_KEY, root.error().message);
    std::unique_lock lock(h->mutex);
    h->v.add_root(*root);
    return QRSEAL_OK;
  });
  if (code < 0 && message != nullptr && message_size > 0 && message[0] == '\0')
    write_message(message, message_size, qrseal_last_error());
  return code;
}

int qrseal_verifier_set_policy(qrseal_verifier* h, const qrseal_policy* policy) {
  return guarded([&]() -> int {
    if (h == nullptr) return fail(QRSEAL_ERR_INVALID_ARGUMENT, "verifier is NULL");
    if (policy == nullptr) return fail(QRSEAL_ERR_INVALID_ARGUMENT, "policy is NULL");
    local_policy local;
    if (int c = c_api::to_local_policy(policy, local); c != QRSEAL_OK) return c;
    std::unique_lock lock(h->mutex);
    h->v.set_policy(std::move(local));
    return QRSEAL_OK;
  });
}

int qrseal_verifier_load_trust_list(qrseal_verifier* h, const uint8_t* bytes, size_t len,
                                    char* message, size_t message_size) {
  return load_list(h, bytes, len, message, message_size,
                   [](qrseal_verifier& v, const void* data, std::size_t n) {
                     return v.v.offer_trust_list({static_cast<const std::uint8_t*>(data), n});
                   });
}

int qrseal_verifier_load_revocation_list(qrseal_verifier* h, const uint8_t* bytes, size_t len,
                                         char* message, size_t message_size) {
  return load_list(h, bytes, len, message, message_size,
                   [](qrseal_verifier& v, const void* data, std::size_t n) {
                     return v.v.offer_revocation_list({static_cast<const std::uint8_t*>(data), n});
                   });
}

int qrseal_verifier_load_trust_list_text(qrseal_verifier* h, const char* text, size_t len,
                                         char* message, size_t message_size) {
  return load_list(h, text, len, message, message_size,
                   [](qrseal_verifier& v, const void* data, std::size_t n) {
                     return v.v.offer_trust_list_text({static_cast<const char*>(data), n});
                   });
}

int qrseal_verifier_observe_time(qrseal_verifier* h, int64_t seen) {
  return guarded([&]() -> int {
    if (h == nullptr) return fail(QRSEAL_ERR_INVALID_ARGUMENT, "verifier is NULL");
    std::unique_lock lock(h->mutex);
    h->v.observe_time(seen);
    return QRSEAL_OK;
  });
}

int qrseal_verifier_get_info(const qrseal_verifier* h, qrseal_verifier_info* info) {
  return guarded([&]() -> int {
    if (info != nullptr) std::memset(info, 0, sizeof *info);
    if (h == nullptr) return fail(QRSEAL_ERR_INVALID_ARGUMENT, "verifier is NULL");
    if (info == nullptr) return fail(QRSEAL_ERR_INVALID_ARGUMENT, "info is NULL");
    std::shared_lock lock(h->mutex);
    c_api::fill_info(h->v, *info);
    return QRSEAL_OK;
  });
}

int qrseal_verify_text(const qrseal_verifier* h, const char* text, size_t len, int64_t now,
                       qrseal_result* out) {
  const int code = guarded([&]() -> int {
    if (out == nullptr) return fail(QRSEAL_ERR_INVALID_ARGUMENT, "out is NULL");
    if (h == nullptr) return fail(QRSEAL_ERR_INVALID_ARGUMENT, "verifier is NULL");
    if (text == nullptr) return fail(QRSEAL_ERR_INVALID_ARGUMENT, "text is NULL");
    std::shared_lock lock(h->mutex);
    const verification v = h->v.verify({text, len}, now);
    lock.unlock();
    fill_result(v, *out);
    return QRSEAL_OK;
  });
  if (code < 0) malformed_verdict(out, qrseal_last_error());
  return code;
}

int qrseal_verify_frame(const qrseal_verifier* h, const uint8_t* luma, size_t size, int width,
                        int height, int stride, int64_t now, qrseal_result* out) {
  const int code = guarded([&]() -> int {
    if (out == nullptr) return fail(QRSEAL_ERR_INVALID_ARGUMENT, "out is NULL");
    if (h == nullptr) return fail(QRSEAL_ERR_INVALID_ARGUMENT, "verifier is NULL");
    if (luma == nullptr) return fail(QRSEAL_ERR_INVALID_ARGUMENT, "luma is NULL");
    const image_view view{luma, width, height, stride, pixel_format::gray};
    // Scanning needs no verifier: no lock while ZXing looks for the code.
    auto codes = scan_image(view, size);
    if (!codes) return fail(c_api::error_code_of(codes.code()), codes.error().message);
    if (codes->empty()) {
      malformed_verdict(out, "no QR code found in the frame");
      return QRSEAL_NO_CODE;
    }
    std::shared_lock lock(h->mutex);
    const verification v = h->v.verify(codes->front().text, now);
    lock.unlock();
    fill_result(v, *out);
    return QRSEAL_OK;
  });
  if (code < 0) malformed_verdict(out, qrseal_last_error());
  return code;
}

}  // extern "C"
