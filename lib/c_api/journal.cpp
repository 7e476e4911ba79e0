// The C API of the offline scan journal (journal.hpp).
#include <algorithm>
#include <cstring>
#include <memory>
#include <mutex>
#include <optional>
#include <qrseal/journal.hpp>
#include <qrseal/utf8.hpp>
#include <string>

#include "c_api.hpp"
#include "handles.hpp"
#include "sodium_init.hpp"
#include "verifier_handle.hpp"

using namespace qrseal;
using c_api::fail;
using c_api::guarded;

static_assert(QRSEAL_REF_NONE == static_cast<int>(ref_form::none));
static_assert(QRSEAL_REF_KEYED == static_cast<int>(ref_form::keyed));
static_assert(QRSEAL_REF_LINKABLE == static_cast<int>(ref_form::linkable));
static_assert(QRSEAL_MAX_CHECKPOINT_BYTES == max_checkpoint_bytes);
static_assert(QRSEAL_MAX_SAMPLE_ID_BYTES == max_sample_id_bytes);
static_assert(sizeof(qrseal_journal_entry{}.credential_ref) == std::tuple_size_v<credential_ref>);

namespace {

// A NUL-terminated id of 1..max bytes of UTF-8, or why not.
int check_id(const char* text, const char* what, std::size_t max, std::string_view& out) {
  if (text == nullptr) return fail(QRSEAL_ERR_INVALID_ARGUMENT, std::string(what) + " is NULL");
  const std::size_t n = strnlen(text, max + 1);
  if (n == 0 || n > max)
    return fail(QRSEAL_ERR_INVALID_ARGUMENT,
                std::string(what) + " must have 1.." + std::to_string(max) + " bytes");
  out = {text, n};
  if (!is_valid_utf8(out))
    return fail(QRSEAL_ERR_INVALID_ARGUMENT, std::string(what) + " is not valid UTF-8");
  return QRSEAL_OK;
}

int open_journal(const std::string& path, const journal_key* key, qrseal_journal** out) {
  auto j = journal::open(path);
  if (!j) return fail(c_api::error_code_of(j.code()), j.error().message);
  *out = new qrseal_journal(std::move(*j), key);
  return QRSEAL_OK;
}

// The journal key's copy on the stack is wiped however the function is left.
struct wiped_key {
  journal_key bytes{};
  wiped_key() = default;
  wiped_key(const wiped_key&) = delete;
  wiped_key& operator=(const wiped_key&) = delete;
  ~wiped_key() { detail::wipe(bytes.data(), bytes.size()); }
};

void fill_entry(const journal_record& r, qrseal_journal_entry& e) noexcept {
  std::memset(&e, 0, sizeof e);
  e.id = r.id;
  e.time = r.time;
  c_api::copy_text(r.checkpoint, e.checkpoint, sizeof e.checkpoint);
  e.outcome = static_cast<int>(r.result);
  e.warnings = c_api::warning_bits(r.warnings);
  if (r.kid) {
    e.has_kid = 1;
    std::memcpy(e.kid, r.kid->data(), sizeof e.kid);
  }
  if (r.credential) {
    e.ref_form = static_cast<int>(r.form);
    std::memcpy(e.credential_ref, r.credential->data(), sizeof e.credential_ref);
  }
  if (r.sample_id) {
    e.has_sample_id = 1;
    c_api::copy_text(*r.sample_id, e.sample_id, sizeof e.sample_id);
  }
}

// Copies items [offset, offset + capacity) of `all` through `fill`.
template <class Item, class Out, class Fill>
int page(const std::vector<Item>& all, std::size_t offset, Out* out, std::size_t capacity,
         std::size_t* written, std::size_t* total, Fill fill) noexcept {
  const std::size_t first = std::min(offset, all.size());
  const std::size_t n = std::min(capacity, all.size() - first);
  for (std::size_t i = 0; i < n; ++i) fill(all[first + i], out[i]);
  if (written != nullptr) *written = n;
  if (total != nullptr) *total = all.size();
  return QRSEAL_OK;
}

}  // namespace

extern "C" {

int qrseal_state_open_journal(qrseal_state* state, qrseal_journal** out) {
  if (out != nullptr) *out = nullptr;
  return guarded([&]() -> int {
    if (out == nullptr) return fail(QRSEAL_ERR_INVALID_ARGUMENT, "out is NULL");
    if (state == nullptr) return fail(QRSEAL_ERR_INVALID_ARGUMENT, "state is NULL");
    std::string path;
    wiped_key key;
    c_api::state_journal(*state, path, key.bytes);
    return open_journal(path, &key.bytes, out);
  });
}

int qrseal_journal_open(const char* path, qrseal_journal** out) {
  if (out != nullptr) *out = nullptr;
  return guarded([&]() -> int {
    if (out == nullptr) return fail(QRSEAL_ERR_INVALID_ARGUMENT, "out is NULL");
    if (path == nullptr || path[0] == '\0')
      return fail(QRSEAL_ERR_INVALID_ARGUMENT, "path is NULL or empty");
    return open_journal(path, nullptr, out);
  });
}

void qrseal_journal_free(qrseal_journal* journal) { delete journal; }

int qrseal_journal_record(qrseal_journal* j, const qrseal_result* verdict, int64_t time,
                          const char* checkpoint, int linkable, int64_t* id) {
  if (id != nullptr) *id = 0;
  return guarded([&]() -> int {
    if (j == nullptr) return fail(QRSEAL_ERR_INVALID_ARGUMENT, "journal is NULL");
    if (verdict == nullptr) return fail(QRSEAL_ERR_INVALID_ARGUMENT, "verdict is NULL");
    std::string_view name;
    if (int c = check_id(checkpoint, "checkpoint", max_checkpoint_bytes, name); c != QRSEAL_OK)
      return c;
    if (verdict->outcome < QRSEAL_OUTCOME_MALFORMED || verdict->outcome > QRSEAL_OUTCOME_VALID)
      return fail(QRSEAL_ERR_INVALID_ARGUMENT, "verdict->outcome is no qrseal_outcome");
    constexpr unsigned all_warnings = QRSEAL_WARNING_TRUST_LIST_STALE |
                                      QRSEAL_WARNING_REVOCATION_LIST_STALE |
                                      QRSEAL_WARNING_CLOCK_BEHIND;
    if ((verdict->warnings & ~all_warnings) != 0)
      return fail(QRSEAL_ERR_INVALID_ARGUMENT, "verdict->warnings has unknown bits");

    // What journal_record_of() makes of a C++ verdict, from the C one.
    journal_record r;
    r.time = time;
    r.checkpoint = name;
    r.result = static_cast<outcome>(verdict->outcome);
    r.warnings = c_api::warnings_of(verdict->warnings);
    if (verdict->has_kid) {
      key_id kid{};
      std::memcpy(kid.data(), verdict->kid, kid.size());
      r.kid = kid;
    }
    std::lock_guard lock(j->mutex);
    if (verdict->has_display) {
      credential_id cti{};
      std::memcpy(cti.data(), verdict->cti, cti.size());
      if (linkable) {
        r.form = ref_form::linkable;
        r.credential = linkable_credential_ref(cti);
      } else {
        if (!j->key)
          return fail(QRSEAL_ERR_INVALID_ARGUMENT,
                      "keyed references need the state's journal key: open the journal with "
                      "qrseal_state_open_journal, or record linkable ones");
        r.form = ref_form::keyed;
        r.credential = keyed_credential_ref(*j->key, cti);
      }
    }
    auto appended = j->j.append(r);
    if (!appended) return fail(c_api::error_code_of(appended.code()), appended.error().message);
    if (id != nullptr) *id = *appended;
    return QRSEAL_OK;
  });
}

int qrseal_journal_link_sample(qrseal_journal* j, int64_t id, const char* sample_id) {
  return guarded([&]() -> int {
    if (j == nullptr) return fail(QRSEAL_ERR_INVALID_ARGUMENT, "journal is NULL");
    std::string_view sample;
    if (int c = check_id(sample_id, "sample_id", max_sample_id_bytes, sample); c != QRSEAL_OK)
      return c;
    std::lock_guard lock(j->mutex);
    auto s = j->j.link_sample(id, sample);
    if (!s) return fail(c_api::error_code_of(s.code()), s.error().message);
    return QRSEAL_OK;
  });
}

int qrseal_journal_read(qrseal_journal* j, int64_t since, size_t offset, qrseal_journal_entry* out,
                        size_t capacity, size_t* written, size_t* total) {
  if (written != nullptr) *written = 0;
  if (total != nullptr) *total = 0;
  return guarded([&]() -> int {
    if (j == nullptr) return fail(QRSEAL_ERR_INVALID_ARGUMENT, "journal is NULL");
    if (out == nullptr && capacity > 0) return fail(QRSEAL_ERR_INVALID_ARGUMENT, "out is NULL");
    std::lock_guard lock(j->mutex);
    auto records = j->j.records(since);
    if (!records) return fail(c_api::error_code_of(records.code()), records.error().message);
    return page(*records, offset, out, capacity, written, total, fill_entry);
  });
}

int qrseal_journal_counts(qrseal_journal* j, int64_t since, size_t offset, qrseal_hour_count* out,
                          size_t capacity, size_t* written, size_t* total) {
  if (written != nullptr) *written = 0;
  if (total != nullptr) *total = 0;
  return guarded([&]() -> int {
    if (j == nullptr) return fail(QRSEAL_ERR_INVALID_ARGUMENT, "journal is NULL");
    if (out == nullptr && capacity > 0) return fail(QRSEAL_ERR_INVALID_ARGUMENT, "out is NULL");
    std::lock_guard lock(j->mutex);
    auto counts = j->j.counts_per_hour(since);
    if (!counts) return fail(c_api::error_code_of(counts.code()), counts.error().message);
    return page(*counts, offset, out, capacity, written, total,
                [](const journal_hour_count& c, qrseal_hour_count& o) {
                  o.hour = c.hour;
                  o.outcome = static_cast<int>(c.result);
                  o.count = c.count;
                });
  });
}

}  // extern "C"
