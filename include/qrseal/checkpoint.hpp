// A checkpoint session: what a gate, a bus door or a test desk does with every code it scans.
//
// The loop of a checkpoint app, whatever its front end (the CLI's `scan` and `verify`, the C
// API's qrseal_checkpoint_*, the web checkpoint compiled to WebAssembly):
//
//   verifier v = ...;                      // the pinned roots, the lists held, the clock mark
//   my_store store(...);                   // where lists, the mark and the journal are kept
//   auto session = checkpoint_session::open(std::move(v), &store, {.checkpoint = "gate-3"});
//   for (each scanned text or frame's code)
//     auto event = session->handle(text, now);   // now: the device clock, read by the app
//     if (!event) stop: a record could not be written (event.error() says why)
//     show event->verdict / key_update / sample, and event->notices to the operator
//
// One call per scanned text returns one event, and does everything a scan means:
//   - a credential ("QS1:", "QL1:", anything else) is verified; the clock mark rises (when the
//     time is plausible for the lists held, see verifier::plausible_until) and is kept by the
//     store once a minute; the verdict is journaled (when the session has a checkpoint id);
//   - a key-update sheet ("QT1:") is offered to the verifier as a trust list, and an accepted one
//     is kept by the store (never stored unverified);
//   - at a sample desk, a tube's barcode scanned right after a person's code is linked to that
//     person's journal record.
// Nothing is printed; warnings (an implausible clock, a tube label linked twice, a sample that
// could not be linked) are values in the event. The session decides; the store only keeps.
//
// The session needs no file system, no SQLite and no clock: a native device keeps its state with
// device_checkpoint_store (device_checkpoint_store.hpp: a state directory and its SQLite
// journal); memory_checkpoint_store below keeps everything in memory (tests, and the browser,
// which copies it to IndexedDB after each event).
#pragma once

#include <cstdint>
#include <optional>
#include <qrseal/journal_record.hpp>
#include <qrseal/result.hpp>
#include <qrseal/verifier.hpp>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace qrseal {

// What a checkpoint keeps between scans and between runs. Implement it over the platform's
// storage; every call that returns an error is a write or read that failed.
class checkpoint_store {
 public:
  virtual ~checkpoint_store() = default;

  // Whether save_lists() keeps anything. A store that keeps no lists makes an accepted key
  // update hold for this session only (the event says so: stored == false).
  virtual bool keeps_lists() const = 0;
  // The verifier accepted a list: keep the lists it holds now (v.trust_bytes(),
  // v.revocation_bytes()), to offer them again at the next start.
  virtual status save_lists(const verifier& v) = 0;

  // Whether the store keeps the clock mark. Only then does a session raise it: a session whose
  // mark would be forgotten at exit leaves the verifier's as the caller set it.
  virtual bool keeps_clock_mark() const = 0;
  // The clock mark last kept (nullopt: none yet), and keeping a higher one. The session calls
  // save_clock_mark() when the mark moved on by clock_save_interval or more, so a busy gate
  // does not write once per person.
  virtual std::optional<std::int64_t> saved_clock_mark() const = 0;
  virtual status save_clock_mark(std::int64_t mark) = 0;

  // The journal. A store without one (has_journal() false) is never asked to append or link.
  virtual bool has_journal() const = 0;
  // The key of keyed credential references (journal.hpp); nullptr when the store has none, and
  // then a session may only journal linkable references.
  virtual const journal_key* journal_secret() const = 0;
  // Appends a record (its id is ignored) and returns its id; the record must be kept for good
  // when this returns (a checkpoint stops rather than lose records).
  virtual result<std::int64_t> append_record(const journal_record& record) = 0;
  // Links a sample id to an earlier record; refuses a record that already has one.
  virtual status link_sample(std::int64_t record, std::string_view sample_id) = 0;
  // The records already linked to this sample id.
  virtual result<std::vector<std::int64_t>> records_with_sample(std::string_view sample_id) = 0;
};

struct checkpoint_options {
  // This checkpoint's id in journal records (1..max_checkpoint_bytes of UTF-8, e.g. "gate-3").
  // Empty: nothing is journaled.
  std::string checkpoint;
  // Journal the credential's linkable reference (SHA-256 prefix the authority can resolve), not
  // the keyed one. A sample desk (sample_desk or sample_id) always does: a sample linked to a
  // keyed record could never be resolved.
  bool linkable = false;
  // Link this sample id to every credential's record (a desk that types the tube's id in).
  std::optional<std::string> sample_id;
  // A test desk: a Code 128 barcode, or a QR code that is no credential, scanned after a
  // person's code is that person's sample tube.
  bool sample_desk = false;
  // A "QT1:" text is a key update (true), or verified as a credential (false: malformed).
  bool take_key_updates = true;
};

// How far (seconds of device time) the mark moves before a store is asked to keep it again.
inline constexpr std::int64_t clock_save_interval = 60;

// The clock mark's rule, shared by every device: raises v's mark to `now` when `now` is
// plausible (at most v.plausible_until()), and returns the mark to keep when it rose by
// clock_save_interval or more past `saved` (the mark kept last); nullopt when nothing is to be
// kept.
std::optional<std::int64_t> raise_clock_mark(verifier& v, std::int64_t now,
                                             std::optional<std::int64_t> saved);

// Which kind of barcode the text came from (a sample desk reads its tubes' Code 128).
enum class symbology { qr, code128 };

// Something the operator should know beyond the verdict. It never changes the verdict.
enum class checkpoint_notice_code {
  clock_implausible,      // the clock is far past the lists' next update: the mark was not
                          // raised (reported once per session)
  clock_not_saved,        // the store could not keep the raised clock mark
  sample_already_linked,  // this tube label is linked to another record as well
  sample_not_linked,      // the store refused to link the sample (the message says why)
};
std::string_view to_string(checkpoint_notice_code code) noexcept;

struct checkpoint_notice {
  checkpoint_notice_code code;
  std::string message;  // what, and what to do, in English
  friend bool operator==(const checkpoint_notice&, const checkpoint_notice&) = default;
};

enum class checkpoint_event_kind { credential, key_update, sample };
std::string_view to_string(checkpoint_event_kind kind) noexcept;

// What one scanned text did. Exactly the members of its kind are set.
struct checkpoint_event {
  checkpoint_event_kind kind = checkpoint_event_kind::credential;

  // credential: the verdict.
  std::optional<verification> verdict;
  // key_update: the list result, the trust list's seq held after it, whether the store kept it.
  std::optional<list_offer> key_update;
  std::uint64_t trust_list_seq = 0;
  bool stored = false;
  // sample: the tube's text and whether it was linked.
  std::string sample;
  bool linked = false;

  // The journal record written (credential) or linked to (sample); nullopt when none.
  std::optional<std::int64_t> record;
  std::vector<checkpoint_notice> notices;

  // Let the person in / the step worked: a valid credential, a key update accepted or already
  // held, a sample linked.
  bool passed() const noexcept;
};

class checkpoint_session {
 public:
  // A session over `v` (roots, lists, policy and mark already in it) and `store` (may be null:
  // nothing kept, nothing journaled). Refuses (errc::invalid_argument) a checkpoint id that is
  // too long or not UTF-8, journaling without a store that has a journal, keyed references
  // without the store's key, and sample options without a checkpoint id.
  static result<checkpoint_session> open(verifier v, checkpoint_store* store,
                                         checkpoint_options options);

  // One scanned text (exactly as scanned) at device time `now`. An error only when the store
  // failed to keep a list or a journal record: stop, and show the error; the verdict must not
  // be acted on without its record.
  [[nodiscard]] result<checkpoint_event> handle(std::string_view text, std::int64_t now,
                                                symbology from = symbology::qr);

  // A list that came otherwise than scanned (a file, a download, a mirror): offered to the
  // verifier as handle() offers a key-update sheet, and kept by the store when accepted. An
  // error only when the store failed to keep it (the verifier holds it for this session).
  [[nodiscard]] result<list_offer> offer_trust_list(std::span<const std::uint8_t> cose);
  [[nodiscard]] result<list_offer> offer_revocation_list(std::span<const std::uint8_t> cose);
  // A key-update sheet's text offered as one whatever it starts with (handle() takes only texts
  // starting "QT1:" as key updates): anything else is list_malformed.
  [[nodiscard]] result<list_offer> offer_trust_list_text(std::string_view text);

  const verifier& get() const noexcept { return verifier_; }
  const checkpoint_options& options() const noexcept { return options_; }

 private:
  checkpoint_session(verifier v, checkpoint_store* store, checkpoint_options options);
  result<checkpoint_event> verify_text(std::string_view text, std::int64_t now);
  result<checkpoint_event> key_update(std::string_view text);
  result<checkpoint_event> sample(std::string_view text);
  result<list_offer> keep(list_offer offer);
  void observe(std::int64_t now, checkpoint_event& e);

  verifier verifier_;
  checkpoint_store* store_;
  checkpoint_options options_;
  std::optional<std::int64_t> saved_mark_;   // the clock mark the store holds
  std::optional<std::int64_t> last_record_;  // the last person's record, for their sample
  bool told_implausible_clock_ = false;
};

// A store that keeps everything in memory: the lists' bytes, the clock mark and the journal
// records, readable for a caller that persists them elsewhere (a browser's IndexedDB) and for
// tests. With a journal key it writes keyed references too.
class memory_checkpoint_store final : public checkpoint_store {
 public:
  explicit memory_checkpoint_store(std::optional<journal_key> key = std::nullopt,
                                   bool has_journal = true);
  ~memory_checkpoint_store() override;

  bool keeps_lists() const override { return true; }
  status save_lists(const verifier& v) override;
  bool keeps_clock_mark() const override { return true; }
  std::optional<std::int64_t> saved_clock_mark() const override { return mark_; }
  status save_clock_mark(std::int64_t mark) override;
  bool has_journal() const override { return has_journal_; }
  const journal_key* journal_secret() const override { return key_ ? &*key_ : nullptr; }
  result<std::int64_t> append_record(const journal_record& record) override;
  status link_sample(std::int64_t record, std::string_view sample_id) override;
  result<std::vector<std::int64_t>> records_with_sample(std::string_view sample_id) override;

  const std::vector<std::uint8_t>& trust_list_bytes() const noexcept { return trust_; }
  const std::vector<std::uint8_t>& revocation_list_bytes() const noexcept { return revocations_; }
  const std::vector<journal_record>& records() const noexcept { return records_; }

 private:
  std::optional<journal_key> key_;
  bool has_journal_;
  std::vector<std::uint8_t> trust_;
  std::vector<std::uint8_t> revocations_;
  std::optional<std::int64_t> mark_;
  std::vector<journal_record> records_;
};

}  // namespace qrseal
