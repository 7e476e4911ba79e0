/* qrseal's C API: a thin, stable layer over the C++ library for apps that cannot link C++
 * directly (Android through JNI, iOS through a bridging header, other languages' FFIs).
 *
 * Link: -lqrseal_c (pkg-config qrseal, or CMake find_package(qrseal) -> qrseal::qrseal_c).
 * The C++ library is linked into libqrseal_c privately; only qrseal_* symbols are exported.
 *
 * Rules that hold for every function here:
 *   - No exception, abort or crash on bad input. A NULL pointer where data is required, a
 *     negative or absurd size, an unknown enum value or flag is caller misuse: the function
 *     returns a negative qrseal_error (QRSEAL_ERR_INVALID_ARGUMENT) and changes nothing.
 *     Empty or garbage data (a zero-length text, random bytes offered as a list) is bad data,
 *     not misuse: it gets its verdict (QRSEAL_OUTCOME_MALFORMED, QRSEAL_LIST_MALFORMED, ...).
 *   - Out-parameters are caller-allocated and fixed-size; nothing returned needs freeing except
 *     the handles (qrseal_verifier, qrseal_stream, qrseal_state, qrseal_journal,
 *     qrseal_checkpoint), each freed by its *_free() (which accepts NULL).
 *   - Texts and keys passed in are (pointer, length) pairs, not NUL-terminated; file paths and
 *     short ids (a checkpoint, a sample) are NUL-terminated. Strings written out are always
 *     NUL-terminated UTF-8, truncated at a character boundary to fit the buffer.
 *   - When a function returns a negative qrseal_error, qrseal_last_error() says why (per thread).
 *   - The library never reads the clock: `now` (seconds since 1970-01-01T00:00:00Z, UTC) is
 *     always passed in by the app.
 *
 * Thread safety: a qrseal_verifier may be shared by any number of threads. qrseal_verify_text()
 * and qrseal_verify_frame() take a shared (reader) lock inside the handle, so they run in
 * parallel; the functions that change a verifier (add_root, set_policy, load_*, observe_time)
 * take an exclusive lock and wait for the verifications in progress. A qrseal_stream, a
 * qrseal_state, a qrseal_journal and a qrseal_checkpoint serialise their calls with a lock of
 * their own, so they may be shared too.
 * Only a *_free() must not overlap with any other call on the same handle. Every other function
 * is reentrant.
 */
#ifndef QRSEAL_QRSEAL_H
#define QRSEAL_QRSEAL_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__) || defined(__clang__)
#define QRSEAL_API __attribute__((visibility("default")))
#define QRSEAL_NODISCARD __attribute__((warn_unused_result))
#else
#define QRSEAL_API
#define QRSEAL_NODISCARD
#endif

/* The version of this C interface. It changes only when a struct layout or a function's meaning
 * changes; compare it with qrseal_c_api_version() at startup to catch a mismatched library. */
#define QRSEAL_C_API_VERSION 1

/* The most characters a QR code (and so a qrseal text) holds; a buffer of
 * QRSEAL_MAX_TEXT + 1 bytes always fits a live code. */
#define QRSEAL_MAX_TEXT 4296
#define QRSEAL_KEY_BYTES 32 /* raw Ed25519 public key; also the size of a secret seed */
#define QRSEAL_KID_BYTES 8  /* key id: first 8 bytes of SHA-256 of the public key */
#define QRSEAL_CTI_BYTES 16 /* credential id */
#define QRSEAL_MAX_IMAGE_SIDE 8192

/* The library version, e.g. "0.1.0". */
QRSEAL_API const char* qrseal_version(void);
QRSEAL_API int qrseal_c_api_version(void);

/* What a call returns. 0 is success; QRSEAL_NO_CODE is a normal answer of verify_frame; the
 * negative codes are errors and set qrseal_last_error(). */
typedef enum qrseal_error {
  QRSEAL_OK = 0,
  QRSEAL_NO_CODE = 1,               /* verify_frame: no QR code found in the frame */
  QRSEAL_SAME_CODE = 2,             /* stream_feed: the code in view was reported already */
  QRSEAL_ERR_INVALID_ARGUMENT = -1, /* NULL handle or pointer, bad size, bad enum value */
  QRSEAL_ERR_BUFFER_TOO_SMALL = -2, /* the output did not fit; *out_len says how much it needs */
  QRSEAL_ERR_NO_MEMORY = -3,
  QRSEAL_ERR_INTERNAL = -4, /* a bug: please report with qrseal_last_error() */
  QRSEAL_ERR_BAD_KEY = -5,  /* unreadable or weak key, or not the credential's cnf key */
  QRSEAL_ERR_BAD_TEXT = -6, /* a text that is not a usable QS1 credential */
  QRSEAL_ERR_STORAGE = -7,  /* journal or state directory: a read or write failed */
  QRSEAL_ERR_STATE = -8     /* state directory: missing, damaged, or already there */
} qrseal_error;

/* "ok", "no_code", "invalid_argument", ...; "unknown" for any other value. */
QRSEAL_API const char* qrseal_error_name(int error);

/* Why the last call on this thread that returned a negative qrseal_error failed; "" before any
 * call has failed. It is never cleared: a call that succeeds (or returns QRSEAL_NO_CODE) leaves
 * it as it was, and only the next failing call on the same thread replaces it. So read it right
 * after a call returned a negative code, never to ask whether a call failed. The pointer is to
 * a per-thread buffer: never NULL, valid while the thread lives, its text changed by that
 * thread's next failing call. */
QRSEAL_API const char* qrseal_last_error(void);

/* ---- Verdicts (spec §5), in the order they are checked. Values are fixed. ---------------- */

typedef enum qrseal_outcome {
  QRSEAL_OUTCOME_MALFORMED = 0,
  QRSEAL_OUTCOME_UNSUPPORTED_ALG = 1,
  QRSEAL_OUTCOME_UNKNOWN_KEY = 2,
  QRSEAL_OUTCOME_BAD_SIGNATURE = 3,
  QRSEAL_OUTCOME_KEY_NOT_VALID = 4,
  QRSEAL_OUTCOME_NOT_YET_VALID = 5,
  QRSEAL_OUTCOME_EXPIRED = 6,
  QRSEAL_OUTCOME_REVOKED = 7,
  QRSEAL_OUTCOME_LIVE_REQUIRED = 8,
  QRSEAL_OUTCOME_LIVE_STALE = 9,
  QRSEAL_OUTCOME_LIVE_BAD_SIGNATURE = 10,
  QRSEAL_OUTCOME_STATUS_NOT_ACCEPTED = 11,
  QRSEAL_OUTCOME_TEST_POSITIVE = 12,
  QRSEAL_OUTCOME_TEST_TOO_OLD = 13,
  QRSEAL_OUTCOME_LISTS_TOO_STALE = 14,
  QRSEAL_OUTCOME_CLOCK_BEHIND = 15,
  QRSEAL_OUTCOME_VALID = 16
} qrseal_outcome;

/* The spec's names: "malformed", ..., "valid"; "unknown" for any other value. */
QRSEAL_API const char* qrseal_outcome_name(int outcome);

/* Bit flags in qrseal_result.warnings; they hold whatever the outcome. */
typedef enum qrseal_warning {
  QRSEAL_WARNING_TRUST_LIST_STALE = 1,
  QRSEAL_WARNING_REVOCATION_LIST_STALE = 2,
  QRSEAL_WARNING_CLOCK_BEHIND = 4
} qrseal_warning;

/* The name of one flag: "trust_list_stale", ...; "unknown" for anything else. */
QRSEAL_API const char* qrseal_warning_name(int warning);

/* The result of offering a list (spec §3, docs/format.md A.1). */
typedef enum qrseal_list_result {
  QRSEAL_LIST_ACCEPTED = 0,
  QRSEAL_LIST_UNCHANGED = 1,
  QRSEAL_LIST_ROLLBACK = 2,
  QRSEAL_LIST_UNKNOWN_ROOT = 3,
  QRSEAL_LIST_BAD_SIGNATURE = 4,
  QRSEAL_LIST_MALFORMED = 5
} qrseal_list_result;

/* "list_accepted", ..., "list_malformed"; for a negative value the qrseal_error_name(). */
QRSEAL_API const char* qrseal_list_result_name(int result);

/* The colour of a credential (claim -65537 "status"). */
typedef enum qrseal_status {
  QRSEAL_STATUS_GREEN = 0,
  QRSEAL_STATUS_YELLOW = 1,
  QRSEAL_STATUS_RED = 2
} qrseal_status;

/* "green", "yellow", "red"; "unknown" for any other value. */
QRSEAL_API const char* qrseal_status_name(int status);

typedef enum qrseal_kind {
  QRSEAL_KIND_NONE = 0,       /* the text did not parse (outcome malformed) */
  QRSEAL_KIND_CREDENTIAL = 1, /* "QS1:" */
  QRSEAL_KIND_LIVE = 2        /* "QL1:", a holder's live code */
} qrseal_kind;

/* One verdict. Caller-allocated, fixed size, nothing inside to free. Strings are NUL-terminated
 * UTF-8 ("" when absent); each buffer holds the spec's limit plus the NUL, so nothing valid is
 * ever cut (a string with an embedded U+0000 shows up to it). The display fields are filled
 * only when has_display is set: from QRSEAL_OUTCOME_KEY_NOT_VALID on, once the issuer's
 * signature has been checked. Show them only together with the outcome. */
typedef struct qrseal_result {
  int outcome;       /* qrseal_outcome */
  unsigned warnings; /* qrseal_warning bits */
  char detail[256];  /* why, in English, for logs and support (may be truncated) */
  int kind;          /* qrseal_kind */
  int has_kid;       /* the text parsed: kid is the signing key's id */
  uint8_t kid[QRSEAL_KID_BYTES];

  int has_display;
  char iss[33];
  uint64_t iat; /* NumericDate (seconds since 1970, UTC) */
  uint64_t exp;
  int has_nbf;
  uint64_t nbf;
  uint8_t cti[QRSEAL_CTI_BYTES];
  int has_holder_key; /* the credential is bound to a phone (cnf); holder_key is its key */
  uint8_t holder_key[QRSEAL_KEY_BYTES];
  int status;    /* qrseal_status */
  char name[49]; /* usually masked, e.g. 张*明 */
  char id_hint[9];
  int has_test;
  int test_positive;
  uint64_t test_sampled_at;
  char test_site[17];
  int has_vaccination;
  uint64_t doses;
  uint64_t last_dose;
} qrseal_result;

/* ---- The verifier (a checkpoint, a gate, a handheld) ------------------------------------- */

typedef struct qrseal_verifier qrseal_verifier;

/* Accept-mask bits of qrseal_policy.accept. */
#define QRSEAL_ACCEPT_GREEN (1u << QRSEAL_STATUS_GREEN)
#define QRSEAL_ACCEPT_YELLOW (1u << QRSEAL_STATUS_YELLOW)
#define QRSEAL_ACCEPT_RED (1u << QRSEAL_STATUS_RED)

/* The device's own settings. They tighten the trust list's policy, never loosen it. Start from
 * qrseal_policy_init(); a field left 0 is "not set" where the comment says so. */
typedef struct qrseal_policy {
  unsigned accept;         /* QRSEAL_ACCEPT_* bits; 0 = not set (the list's, else green only) */
  uint64_t max_test_age;   /* seconds a test may age; 0 = not set (no test needed) */
  int require_live;        /* holder-bound credentials must be shown as live codes */
  uint64_t max_stale;      /* seconds a list may be past next_update; 0 = not set (warn only) */
  uint64_t max_validity;   /* the most exp - iat may be, seconds; 0 = not set */
  uint64_t skew;           /* clock skew allowed, seconds (default 300) */
  uint64_t live_window;    /* how old or early a live code may be, seconds (default 60) */
  int reject_clock_behind; /* outcome clock_behind instead of only the warning */
} qrseal_policy;

/* The defaults of docs/format.md §5: nothing set, skew 300 s, live window 60 s. */
QRSEAL_API void qrseal_policy_init(qrseal_policy* policy);

/* A verifier with no roots, no lists and the default policy. NULL only when out of memory. */
QRSEAL_API qrseal_verifier* qrseal_verifier_new(void);
QRSEAL_API void qrseal_verifier_free(qrseal_verifier* verifier);

/* Pins a root key: the 32 raw bytes, or the text of a qrseal .pub file, or an SPKI PEM
 * ("-----BEGIN PUBLIC KEY-----"). Adding a root already pinned does nothing. The lists held are
 * kept. QRSEAL_ERR_BAD_KEY (with the reason in `message`) for anything else. `message` may be
 * NULL; otherwise it always receives a NUL-terminated text (empty on success). */
QRSEAL_API int qrseal_verifier_add_root(qrseal_verifier* verifier, const uint8_t* key,
                                        size_t key_len, char* message, size_t message_size);

/* Replaces the local policy (the lists held are kept). */
QRSEAL_API int qrseal_verifier_set_policy(qrseal_verifier* verifier, const qrseal_policy* policy);

/* Offers a signed trust list / revocation list (the COSE_Sign1 bytes of trust.cose or
 * revoked.cose). Returns a qrseal_list_result (>= 0), or a negative qrseal_error on misuse. Only
 * QRSEAL_LIST_ACCEPTED replaces the list held; the app should then store the bytes and offer
 * them again at the next start. `message` as for add_root (the reason, or what was accepted). */
QRSEAL_API int qrseal_verifier_load_trust_list(qrseal_verifier* verifier, const uint8_t* bytes,
                                               size_t len, char* message, size_t message_size);
QRSEAL_API int qrseal_verifier_load_revocation_list(qrseal_verifier* verifier, const uint8_t* bytes,
                                                    size_t len, char* message, size_t message_size);
/* A "QT1:" text scanned from a printed key-update sheet. */
QRSEAL_API int qrseal_verifier_load_trust_list_text(qrseal_verifier* verifier, const char* text,
                                                    size_t len, char* message, size_t message_size);

/* The latest time the device has seen (from a trusted source, or the last check's `now`): a
 * clock later set back before it is reported as clock_behind. Only ever raises the mark. */
QRSEAL_API int qrseal_verifier_observe_time(qrseal_verifier* verifier, int64_t seen);

/* What a verifier holds, for a status screen. */
typedef struct qrseal_verifier_info {
  unsigned roots;
  int has_trust_list;
  uint64_t trust_seq;
  uint64_t trust_issued_at;
  uint64_t trust_next_update;
  unsigned trust_keys; /* entries in the trust list */
  int has_revocation_list;
  uint64_t revocation_seq;
  uint64_t revocation_issued_at;
  uint64_t revocation_next_update;
  uint64_t revoked; /* entries in the revocation list */
} qrseal_verifier_info;

QRSEAL_API int qrseal_verifier_get_info(const qrseal_verifier* verifier,
                                        qrseal_verifier_info* info);

/* Checks one scanned text (exactly as scanned: never trimmed) at `now`. Returns QRSEAL_OK with
 * the verdict in *out, or a negative qrseal_error on misuse. Whenever out is not NULL it is
 * written: on an error it holds outcome malformed and the reason in detail, never a stale or
 * valid-looking verdict. */
QRSEAL_API QRSEAL_NODISCARD int qrseal_verify_text(const qrseal_verifier* verifier,
                                                   const char* text, size_t len, int64_t now,
                                                   qrseal_result* out);

/* Finds the QR code in a camera frame and checks it. `luma` is an 8-bit grey plane: a grey
 * image, or the Y plane of a YUV 4:2:0 frame (NV12, NV21, I420: Android's ImageFormat.YUV_420_888
 * plane 0, iOS's kCVPixelFormatType_420YpCbCr8BiPlanar* plane 0). `stride` is the bytes from one
 * row to the next (>= width; 0 = width), `size` the bytes readable at `luma` (at least
 * stride * (height - 1) + width). Sides are 1..QRSEAL_MAX_IMAGE_SIDE. Returns QRSEAL_OK with the
 * verdict, QRSEAL_NO_CODE when the frame shows no readable code (out then holds outcome
 * malformed, kind none), or a negative qrseal_error on misuse. Takes tens of milliseconds:
 * call it from a worker thread, not the UI thread. */
QRSEAL_API QRSEAL_NODISCARD int qrseal_verify_frame(const qrseal_verifier* verifier,
                                                    const uint8_t* luma, size_t size, int width,
                                                    int height, int stride, int64_t now,
                                                    qrseal_result* out);

/* ---- A live camera: frames one after another (include/qrseal/scan_stream.hpp) ------------
 * Feed every camera frame to one qrseal_stream. It reports each code once per presentation
 * (while the code stays in view, with gaps shorter than gone_after_ms), not once per frame, so
 * one person holding a code up gets one beep. Frames without a code cost about one ZXing read:
 * the inverted and recovery passes run within a budget, where a cheap look finds something
 * finder-like, and on a crop where the stream last saw a code (docs/scanning.md). */

typedef struct qrseal_stream qrseal_stream;

typedef struct qrseal_stream_options {
  int64_t gone_after_ms;        /* a code unread this long has left; shown again, it is new */
  double extra_reads_per_frame; /* average cost of the later passes, in ZXing reads; >= 0 */
} qrseal_stream_options;

/* The defaults: gone_after_ms 1500, extra_reads_per_frame 0.3. */
QRSEAL_API void qrseal_stream_options_init(qrseal_stream_options* options);

/* A stream with these options (NULL: the defaults). NULL when out of memory or when an option
 * is out of range (gone_after_ms < 0, extra_reads_per_frame < 0 or not a number); see
 * qrseal_last_error(). */
QRSEAL_API qrseal_stream* qrseal_stream_new(const qrseal_stream_options* options);
QRSEAL_API void qrseal_stream_free(qrseal_stream* stream);

/* Forgets every presentation (a new session at the gate). */
QRSEAL_API int qrseal_stream_reset(qrseal_stream* stream);

/* The next frame, as for qrseal_verify_frame, taken at `frame_ms` (the camera's timestamp in
 * milliseconds, e.g. Android's Image.getTimestamp() / 1000000), checked at `now`. Returns
 * QRSEAL_OK with the verdict of a new presentation in *out; QRSEAL_SAME_CODE when the only code
 * in view was reported already (out then holds outcome malformed, kind none: keep showing the
 * earlier verdict); QRSEAL_NO_CODE when no code was read in this frame; or a negative
 * qrseal_error on misuse (the stream is unchanged). */
QRSEAL_API QRSEAL_NODISCARD int qrseal_stream_feed(qrseal_stream* stream,
                                                   const qrseal_verifier* verifier,
                                                   const uint8_t* luma, size_t size, int width,
                                                   int height, int stride, int64_t frame_ms,
                                                   int64_t now, qrseal_result* out);

/* ---- The holder's phone: live codes (spec §4) -------------------------------------------- */

/* A new holder key pair from the system's random source. The phone keeps the 32-byte seed in
 * its keystore (Android Keystore-wrapped, iOS Keychain) and sends the public key to the issuer,
 * who binds credentials to it (cnf). */
QRSEAL_API int qrseal_holder_keygen(uint8_t public_key[QRSEAL_KEY_BYTES],
                                    uint8_t secret_seed[QRSEAL_KEY_BYTES]);

/* The public key of a seed (deterministic). */
QRSEAL_API int qrseal_holder_public_key(const uint8_t secret_seed[QRSEAL_KEY_BYTES],
                                        uint8_t public_key[QRSEAL_KEY_BYTES]);

/* The "QL1:" live code of a holder-bound "QS1:" credential at time t (the phone's clock, in
 * seconds): show it as a QR code and make a new one every few seconds. Writes the text and its
 * NUL to out (QRSEAL_MAX_TEXT + 1 bytes always suffice) and its length, without the NUL, to
 * *out_len (may be NULL). QRSEAL_ERR_BUFFER_TOO_SMALL leaves "" in out and sets *out_len to the
 * length needed; QRSEAL_ERR_BAD_TEXT for a text that is no QS1 credential; QRSEAL_ERR_BAD_KEY
 * when the credential has no cnf or another key's. The seed is only read, never kept. */
QRSEAL_API QRSEAL_NODISCARD int qrseal_live_code(const char* credential_text, size_t len,
                                                 const uint8_t secret_seed[QRSEAL_KEY_BYTES],
                                                 uint64_t t, char* out, size_t out_size,
                                                 size_t* out_len);

/* ---- A checkpoint's state directory (include/qrseal/device_state.hpp) --------------------
 * What a handheld keeps between runs so it goes on working through any outage: the pinned
 * roots, the lists held, the latest time seen, the journal's key and the scan journal. Every
 * file is replaced atomically. The app then does not store lists or times itself. */

typedef struct qrseal_state qrseal_state;

/* Makes a new state directory (0700 if missing) pinning `root_count` root keys, given as
 * root_count * 32 raw bytes back to back. QRSEAL_ERR_STATE when `dir` already holds a state or
 * cannot be made. On success *out is a handle to free with qrseal_state_free(). */
QRSEAL_API int qrseal_state_init(const char* dir, const uint8_t* roots, size_t root_count,
                                 qrseal_state** out);

/* Opens an existing state directory; QRSEAL_ERR_STATE when it is missing or damaged. */
QRSEAL_API int qrseal_state_open(const char* dir, qrseal_state** out);
QRSEAL_API void qrseal_state_free(qrseal_state* state);

/* A verifier with the state's roots, its lists and its latest time, and `policy` (NULL: the
 * defaults); free it with qrseal_verifier_free(). QRSEAL_ERR_STATE when a stored list no longer
 * loads. Offer new lists and times to this verifier through the state (below), so both agree. */
QRSEAL_API int qrseal_state_make_verifier(qrseal_state* state, const qrseal_policy* policy,
                                          qrseal_verifier** out);

/* As qrseal_verifier_load_*, and an accepted list is also stored in the state. Returns the
 * list result (>= 0), or a negative qrseal_error: QRSEAL_ERR_STATE when storing it failed (the
 * verifier then holds the new list, the state directory the old one). */
QRSEAL_API int qrseal_state_load_trust_list(qrseal_state* state, qrseal_verifier* verifier,
                                            const uint8_t* bytes, size_t len, char* message,
                                            size_t message_size);
QRSEAL_API int qrseal_state_load_revocation_list(qrseal_state* state, qrseal_verifier* verifier,
                                                 const uint8_t* bytes, size_t len, char* message,
                                                 size_t message_size);
QRSEAL_API int qrseal_state_load_trust_list_text(qrseal_state* state, qrseal_verifier* verifier,
                                                 const char* text, size_t len, char* message,
                                                 size_t message_size);

/* The device clock at a check: raises the verifier's mark, and the stored one when it moved on
 * by a minute or more (so a busy gate does not write a file per person). */
QRSEAL_API int qrseal_state_observe_time(qrseal_state* state, qrseal_verifier* verifier,
                                         int64_t now);

/* ---- The offline scan journal (include/qrseal/journal.hpp) --------------------------------
 * One record per verification, in SQLite (WAL, synchronous=FULL): when qrseal_journal_record()
 * returns, the record is on disk. Never the name: a credential appears only as an 8-byte
 * reference, keyed (HMAC under the state's journal key, so journals of different doors cannot be
 * joined) or linkable (the revocation prefix, which the authority can resolve). */

typedef struct qrseal_journal qrseal_journal;

typedef enum qrseal_ref_form {
  QRSEAL_REF_NONE = 0, /* no credential in the verdict (outcomes before key_not_valid) */
  QRSEAL_REF_KEYED = 1,
  QRSEAL_REF_LINKABLE = 2
} qrseal_ref_form;

#define QRSEAL_MAX_CHECKPOINT_BYTES 64
#define QRSEAL_MAX_SAMPLE_ID_BYTES 64

/* The state's journal (journal.db in its directory), able to write keyed references. */
QRSEAL_API int qrseal_state_open_journal(qrseal_state* state, qrseal_journal** out);

/* A journal file by its path (made if missing). Without the state's key it can only write
 * linkable references; it reads everything. QRSEAL_ERR_STORAGE when SQLite refuses the file. */
QRSEAL_API int qrseal_journal_open(const char* path, qrseal_journal** out);
QRSEAL_API void qrseal_journal_free(qrseal_journal* journal);

/* Appends the record of a verdict checked at `time` at `checkpoint` (a NUL-terminated UTF-8 id of
 * 1..64 bytes, e.g. "gate-3"): its outcome, warnings, kid and, when the verdict carries the
 * credential (has_display), its reference: keyed unless `linkable` is set. *id (may be NULL)
 * receives the record's id, for qrseal_journal_link_sample(). */
QRSEAL_API int qrseal_journal_record(qrseal_journal* journal, const qrseal_result* verdict,
                                     int64_t time, const char* checkpoint, int linkable,
                                     int64_t* id);

/* Links a test sample's id (NUL-terminated UTF-8, 1..64 bytes: the tube's Code 128, scanned
 * right after the person's code) to a record. QRSEAL_ERR_STORAGE when the record does not exist
 * or already has one. */
QRSEAL_API int qrseal_journal_link_sample(qrseal_journal* journal, int64_t id,
                                          const char* sample_id);

typedef struct qrseal_journal_entry {
  int64_t id;
  int64_t time;
  char checkpoint[QRSEAL_MAX_CHECKPOINT_BYTES + 1];
  int outcome;       /* qrseal_outcome */
  unsigned warnings; /* qrseal_warning bits */
  int has_kid;
  uint8_t kid[QRSEAL_KID_BYTES];
  int ref_form; /* qrseal_ref_form; credential_ref is set unless QRSEAL_REF_NONE */
  uint8_t credential_ref[8];
  int has_sample_id;
  char sample_id[QRSEAL_MAX_SAMPLE_ID_BYTES + 1];
} qrseal_journal_entry;

/* The records with time >= since, in id order, from the `offset`-th on: up to `capacity` of them
 * into out[], their number into *written and the number of all such records into *total (either
 * may be NULL). Page through a long journal with a growing offset. */
QRSEAL_API int qrseal_journal_read(qrseal_journal* journal, int64_t since, size_t offset,
                                   qrseal_journal_entry* out, size_t capacity, size_t* written,
                                   size_t* total);

typedef struct qrseal_hour_count {
  int64_t hour; /* the hour's first second */
  int outcome;  /* qrseal_outcome */
  uint64_t count;
} qrseal_hour_count;

/* Counts per outcome per hour from `since`, in hour then outcome order, as qrseal_journal_read. */
QRSEAL_API int qrseal_journal_counts(qrseal_journal* journal, int64_t since, size_t offset,
                                     qrseal_hour_count* out, size_t capacity, size_t* written,
                                     size_t* total);

/* ---- A checkpoint session (include/qrseal/checkpoint.hpp) --------------------------------
 * A checkpoint app's whole loop: open its state directory once, open a session on it, and hand
 * the session every scanned text (or camera frame). One call per scan verifies a credential,
 * takes a key-update sheet ("QT1:") into the state, or links a sample tube at a test desk; it
 * raises and stores the clock mark and writes the journal record, and returns one event:
 *
 *   qrseal_state_open(dir, &state);
 *   qrseal_checkpoint_options_init(&options);
 *   options.checkpoint = "gate-3";
 *   qrseal_checkpoint_open(state, NULL, &options, &cp);
 *   for each scan: qrseal_checkpoint_handle(cp, text, len, QRSEAL_SYMBOLOGY_QR, now, &event);
 *   qrseal_checkpoint_free(cp); qrseal_state_free(state);
 *
 * The decisions are the library's (the same as `qrseal scan --state`); the app shows the event. */

typedef struct qrseal_checkpoint qrseal_checkpoint;

typedef struct qrseal_checkpoint_options {
  const char* checkpoint; /* the id in journal records (NUL-terminated UTF-8, 1..64 bytes, e.g.
                             "gate-3"); NULL or "": nothing is journaled */
  int linkable;           /* journal linkable references (the authority can resolve them) */
  int sample_desk;        /* a tube's code scanned after a person's is their sample (linkable) */
  const char* sample_id;  /* NULL, or a sample id linked to every record (linkable) */
  int take_key_updates; /* a "QT1:" text is a key update (default 1), else a malformed credential */
} qrseal_checkpoint_options;

/* The defaults: no checkpoint id (no journal), keyed references, key updates taken. */
QRSEAL_API void qrseal_checkpoint_options_init(qrseal_checkpoint_options* options);

/* A session on `state` (which must outlive it: free the checkpoint first), with a verifier made
 * from the state as qrseal_state_make_verifier() does (policy may be NULL: the defaults) and, with
 * a checkpoint id, the state's journal. The option strings are copied. QRSEAL_ERR_INVALID_ARGUMENT
 * for an id that is too long or not UTF-8, or sample options without an id; QRSEAL_ERR_STATE or
 * QRSEAL_ERR_STORAGE when a stored list or the journal does not open. */
QRSEAL_API int qrseal_checkpoint_open(qrseal_state* state, const qrseal_policy* policy,
                                      const qrseal_checkpoint_options* options,
                                      qrseal_checkpoint** out);
QRSEAL_API void qrseal_checkpoint_free(qrseal_checkpoint* checkpoint);

typedef enum qrseal_symbology {
  QRSEAL_SYMBOLOGY_QR = 0,
  QRSEAL_SYMBOLOGY_CODE128 = 1 /* a sample tube's barcode */
} qrseal_symbology;

typedef enum qrseal_event_kind {
  QRSEAL_EVENT_CREDENTIAL = 0, /* a credential was verified: see verdict */
  QRSEAL_EVENT_KEY_UPDATE = 1, /* a QT1 sheet was offered: see list_result */
  QRSEAL_EVENT_SAMPLE = 2      /* a sample tube at a test desk: see linked */
} qrseal_event_kind;

/* Bit flags in qrseal_checkpoint_event.notices: what the operator should know beyond the
 * verdict; they never change it. */
typedef enum qrseal_notice {
  QRSEAL_NOTICE_CLOCK_IMPLAUSIBLE = 1,     /* the clock is far past the lists' next update: the
                                              mark was not raised (once per session) */
  QRSEAL_NOTICE_CLOCK_NOT_SAVED = 2,       /* the raised clock mark could not be written */
  QRSEAL_NOTICE_SAMPLE_ALREADY_LINKED = 4, /* the tube label is linked to another record too */
  QRSEAL_NOTICE_SAMPLE_NOT_LINKED = 8      /* the journal refused to link the sample */
} qrseal_notice;

/* "clock_implausible", ...; "unknown" for anything else. */
QRSEAL_API const char* qrseal_notice_name(int notice);

/* What one scan did. Caller-allocated, nothing inside to free. */
typedef struct qrseal_checkpoint_event {
  int kind;                /* qrseal_event_kind */
  int passed;              /* a valid credential, a key update accepted or already held, a sample
                              linked: the one field a gate's light needs */
  qrseal_result verdict;   /* QRSEAL_EVENT_CREDENTIAL; otherwise outcome malformed, kind none */
  int list_result;         /* QRSEAL_EVENT_KEY_UPDATE: qrseal_list_result */
  uint64_t trust_list_seq; /* QRSEAL_EVENT_KEY_UPDATE: the trust list's seq held after it */
  int stored;              /* QRSEAL_EVENT_KEY_UPDATE: the accepted list was written to the state */
  char sample[QRSEAL_MAX_SAMPLE_ID_BYTES + 1]; /* QRSEAL_EVENT_SAMPLE: the tube's text */
  int linked;     /* QRSEAL_EVENT_SAMPLE: linked to the person scanned before it */
  int has_record; /* the journal record written (credential) or linked to (sample) */
  int64_t record;
  unsigned notices;  /* qrseal_notice bits */
  char message[512]; /* the key update's message, then each notice's, joined by "; " */
} qrseal_checkpoint_event;

/* One scanned text (exactly as scanned) at device time `now`, from a barcode of `symbology`.
 * Returns QRSEAL_OK with the event in *out, or a negative qrseal_error: on misuse, and
 * QRSEAL_ERR_STORAGE / QRSEAL_ERR_STATE when the journal record or an accepted list could not be
 * written (stop the gate: a check must not go unrecorded). Whenever out is not NULL it is
 * written; after an error it holds a credential event with outcome malformed, passed 0. */
QRSEAL_API QRSEAL_NODISCARD int qrseal_checkpoint_handle(qrseal_checkpoint* checkpoint,
                                                         const char* text, size_t len,
                                                         int symbology, int64_t now,
                                                         qrseal_checkpoint_event* out);

/* The first code in a camera frame (as qrseal_verify_frame; a sample desk also reads Code 128),
 * handled as above. QRSEAL_NO_CODE when the frame shows no readable code (out as after an
 * error, with nothing journaled). */
QRSEAL_API QRSEAL_NODISCARD int qrseal_checkpoint_handle_frame(qrseal_checkpoint* checkpoint,
                                                               const uint8_t* luma, size_t size,
                                                               int width, int height, int stride,
                                                               int64_t now,
                                                               qrseal_checkpoint_event* out);

/* What the session's verifier holds (lists, seq numbers), for a status screen. */
QRSEAL_API int qrseal_checkpoint_get_info(qrseal_checkpoint* checkpoint,
                                          qrseal_verifier_info* info);

/* The session's journal, for qrseal_journal_read() and qrseal_journal_counts() (an export, a
 * status screen); NULL when the session journals nothing. It belongs to the checkpoint: never
 * free it, and do not use it after qrseal_checkpoint_free(). */
QRSEAL_API qrseal_journal* qrseal_checkpoint_journal(qrseal_checkpoint* checkpoint);

/* Sizes for bindings that do not parse this header (FFI, WebAssembly): sizeof the structs. */
QRSEAL_API size_t qrseal_checkpoint_event_size(void);
QRSEAL_API size_t qrseal_result_size(void);

#ifdef __cplusplus
}
#endif

#endif /* QRSEAL_QRSEAL_H */
