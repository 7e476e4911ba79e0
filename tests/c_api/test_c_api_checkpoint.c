/* A checkpoint's day through qrseal_checkpoint_* alone, from C: a new device takes its trust list
 * from a scanned QT1 sheet, checks valid and refused credentials (as texts and as a camera
 * frame), links a sample tube at a test desk, keeps its clock mark and journal across a restart,
 * and counts the day's records; an implausible clock and misuse are told, not crashed on.
 * Compiled as C. Works in a fresh temporary directory.
 *
 * usage: test_c_api_checkpoint FIXTURE_DIR */
#define _XOPEN_SOURCE 700 /* nftw() in temp_dir.h */
#include <qrseal/qrseal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixtures.h"
#include "temp_dir.h"
#include "test_util.h"

static const char* dir;

/* Handles the fixture `name` (a text) and returns the event's rc. */
static int scan_fixture(qrseal_checkpoint* cp, const char* name, int64_t now,
                        qrseal_checkpoint_event* e) {
  size_t len;
  char* text = (char*)read_fixture(dir, name, &len);
  const int rc = qrseal_checkpoint_handle(cp, text, len, QRSEAL_SYMBOLOGY_QR, now, e);
  free(text);
  return rc;
}

static uint64_t count_of(qrseal_journal* j, int outcome) {
  qrseal_hour_count counts[16];
  size_t written = 0, total = 0, i;
  uint64_t n = 0;
  CHECK_INT(qrseal_journal_counts(j, 0, 0, counts, 16, &written, &total), QRSEAL_OK);
  for (i = 0; i < written; ++i)
    if (counts[i].outcome == outcome) n += counts[i].count;
  return n;
}

static void test_day(const char* state_dir) {
  size_t len;
  uint8_t* root = read_fixture(dir, "root.raw", &len);
  qrseal_state* st = NULL;
  qrseal_checkpoint* cp = NULL;
  qrseal_checkpoint_options options;
  qrseal_checkpoint_event e;
  qrseal_policy policy;
  qrseal_verifier_info info;
  qrseal_journal_entry entries[8];
  size_t written = 0, total = 0;
  char path[300];
  uint8_t* clock;
  unsigned w, h;
  uint8_t* frame;
  char* size_text;

  CHECK_INT(qrseal_state_init(state_dir, root, 1, &st), QRSEAL_OK);
  free(root);
  qrseal_checkpoint_options_init(&options);
  CHECK_INT(options.take_key_updates, 1);
  options.checkpoint = "desk-1";
  options.sample_desk = 1;
  qrseal_policy_init(&policy);
  policy.max_test_age = 86400; /* a test desk wants a negative test of the last day */
  CHECK_INT(qrseal_checkpoint_open(st, &policy, &options, &cp), QRSEAL_OK);
  CHECK(qrseal_checkpoint_journal(cp) != NULL);

  /* No list yet: a credential is unknown_key. The QT1 sheet brings the trust list. */
  CHECK_INT(scan_fixture(cp, "cred.txt", FIX_NOW, &e), QRSEAL_OK);
  CHECK_INT(e.kind, QRSEAL_EVENT_CREDENTIAL);
  CHECK_INT(e.verdict.outcome, QRSEAL_OUTCOME_UNKNOWN_KEY);
  CHECK_INT(e.passed, 0);
  CHECK_INT(e.has_record, 1);
  CHECK_INT(e.record, 1);
  CHECK_INT(scan_fixture(cp, "trust1.qt1", FIX_NOW, &e), QRSEAL_OK);
  CHECK_INT(e.kind, QRSEAL_EVENT_KEY_UPDATE);
  CHECK_INT(e.list_result, QRSEAL_LIST_ACCEPTED);
  CHECK_INT(e.stored, 1);
  CHECK_INT(e.passed, 1);
  CHECK_INT((long long)e.trust_list_seq, 1);
  CHECK_INT(e.has_record, 0);
  CHECK_INT(e.verdict.outcome, QRSEAL_OUTCOME_MALFORMED);
  CHECK(strstr(e.message, "seq 1") != NULL);
  CHECK_INT(scan_fixture(cp, "trust1.qt1", FIX_NOW, &e), QRSEAL_OK);
  CHECK_INT(e.list_result, QRSEAL_LIST_UNCHANGED);
  CHECK_INT(e.stored, 0);
  CHECK_INT(qrseal_checkpoint_get_info(cp, &info), QRSEAL_OK);
  CHECK_INT(info.has_trust_list, 1);
  CHECK_INT(info.roots, 1);

  /* A valid person, then their tube (Code 128): linked to their record. */
  CHECK_INT(scan_fixture(cp, "cred.txt", FIX_NOW, &e), QRSEAL_OK);
  CHECK_INT(e.verdict.outcome, QRSEAL_OUTCOME_VALID);
  CHECK_INT(e.passed, 1);
  CHECK_STR(e.verdict.name, FIX_NAME);
  CHECK_INT(e.record, 2);
  CHECK_INT(qrseal_checkpoint_handle(cp, "TUBE-0001", 9, QRSEAL_SYMBOLOGY_CODE128, FIX_NOW, &e),
            QRSEAL_OK);
  CHECK_INT(e.kind, QRSEAL_EVENT_SAMPLE);
  CHECK_STR(e.sample, "TUBE-0001");
  CHECK_INT(e.linked, 1);
  CHECK_INT(e.passed, 1);
  CHECK_INT(e.record, 2);
  CHECK_INT(e.notices, 0);

  /* Refused credentials: journaled all the same; the same tube label again is told. */
  CHECK_INT(scan_fixture(cp, "yellow.txt", FIX_NOW, &e), QRSEAL_OK);
  CHECK_INT(e.verdict.outcome, QRSEAL_OUTCOME_STATUS_NOT_ACCEPTED);
  CHECK_INT(e.passed, 0);
  CHECK_INT(qrseal_checkpoint_handle(cp, "TUBE-0001", 9, QRSEAL_SYMBOLOGY_CODE128, FIX_NOW, &e),
            QRSEAL_OK);
  CHECK_INT(e.linked, 1);
  CHECK_INT(e.notices, QRSEAL_NOTICE_SAMPLE_ALREADY_LINKED);
  CHECK(strstr(e.message, "already linked to record 2") != NULL);
  CHECK_STR(qrseal_notice_name(QRSEAL_NOTICE_SAMPLE_ALREADY_LINKED), "sample_already_linked");
  CHECK_INT(scan_fixture(cp, "positive.txt", FIX_NOW, &e), QRSEAL_OK);
  CHECK_INT(e.verdict.outcome, QRSEAL_OUTCOME_TEST_POSITIVE);
  CHECK_INT(scan_fixture(cp, "unknown_key.txt", FIX_NOW, &e), QRSEAL_OK);
  CHECK_INT(e.verdict.outcome, QRSEAL_OUTCOME_UNKNOWN_KEY);

  /* A camera frame: the first code in it, handled the same way. */
  size_text = (char*)read_fixture(dir, "frame.size", &len);
  CHECK(sscanf(size_text, "%u %u", &w, &h) == 2);
  free(size_text);
  frame = read_fixture(dir, "cred_frame.gray", &len);
  CHECK_INT(qrseal_checkpoint_handle_frame(cp, frame, len, (int)w, (int)h, 0, FIX_NOW + 120, &e),
            QRSEAL_OK);
  CHECK_INT(e.verdict.outcome, QRSEAL_OUTCOME_VALID);
  CHECK_INT(e.record, 6);
  memset(frame, 0xff, len);
  CHECK_INT(qrseal_checkpoint_handle_frame(cp, frame, len, (int)w, (int)h, 0, FIX_NOW, &e),
            QRSEAL_NO_CODE);
  CHECK_INT(e.passed, 0);
  free(frame);

  /* The day's journal, counted and read back through the checkpoint's journal. */
  CHECK_INT((long long)count_of(qrseal_checkpoint_journal(cp), QRSEAL_OUTCOME_VALID), 2);
  CHECK_INT((long long)count_of(qrseal_checkpoint_journal(cp), QRSEAL_OUTCOME_UNKNOWN_KEY), 2);
  CHECK_INT((long long)count_of(qrseal_checkpoint_journal(cp), QRSEAL_OUTCOME_TEST_POSITIVE), 1);
  CHECK_INT(qrseal_journal_read(qrseal_checkpoint_journal(cp), 0, 0, entries, 8, &written, &total),
            QRSEAL_OK);
  CHECK_INT(total, 6);
  CHECK_INT(entries[1].has_sample_id, 1);
  CHECK_STR(entries[1].sample_id, "TUBE-0001");
  CHECK_INT(entries[1].ref_form, QRSEAL_REF_LINKABLE); /* a sample desk: resolvable */
  CHECK_STR(entries[2].sample_id, "TUBE-0001");
  CHECK_STR(entries[1].checkpoint, "desk-1");
  qrseal_checkpoint_free(cp);
  qrseal_state_free(st);

  /* A restart: the trust list from the sheet and the clock mark were kept. */
  snprintf(path, sizeof path, "%s/clock", state_dir);
  clock = read_fixture("", path, &len);
  CHECK_INT(strtoll((const char*)clock, NULL, 10), FIX_NOW + 120);
  free(clock);
  CHECK_INT(qrseal_state_open(state_dir, &st), QRSEAL_OK);
  qrseal_checkpoint_options_init(&options);
  options.checkpoint = "gate-2"; /* keyed references, through the state's key */
  CHECK_INT(qrseal_checkpoint_open(st, NULL, &options, &cp), QRSEAL_OK);
  CHECK_INT(scan_fixture(cp, "cred.txt", FIX_NOW + 180, &e), QRSEAL_OK);
  CHECK_INT(e.verdict.outcome, QRSEAL_OUTCOME_VALID);
  CHECK_INT(e.record, 7);
  /* A clock a year ahead: told once, the mark stays. */
  CHECK_INT(scan_fixture(cp, "cred.txt", FIX_NOW + 366 * 86400LL, &e), QRSEAL_OK);
  CHECK_INT(e.verdict.outcome, QRSEAL_OUTCOME_EXPIRED);
  CHECK_INT(e.notices, QRSEAL_NOTICE_CLOCK_IMPLAUSIBLE);
  CHECK(strstr(e.message, "far past the lists' next update") != NULL);
  CHECK_INT(scan_fixture(cp, "cred.txt", FIX_NOW + 366 * 86400LL, &e), QRSEAL_OK);
  CHECK_INT(e.notices, 0);
  CHECK_INT(qrseal_journal_read(qrseal_checkpoint_journal(cp), 0, 6, entries, 8, &written, &total),
            QRSEAL_OK);
  CHECK_INT(written, 3);
  CHECK_INT(entries[0].ref_form, QRSEAL_REF_KEYED);
  CHECK_STR(entries[0].checkpoint, "gate-2");
  qrseal_checkpoint_free(cp);

  /* Without an id nothing is journaled, and a sample desk needs one. */
  qrseal_checkpoint_options_init(&options);
  CHECK_INT(qrseal_checkpoint_open(st, NULL, &options, &cp), QRSEAL_OK);
  CHECK(qrseal_checkpoint_journal(cp) == NULL);
  CHECK_INT(scan_fixture(cp, "cred.txt", FIX_NOW + 240, &e), QRSEAL_OK);
  CHECK_INT(e.passed, 1);
  CHECK_INT(e.has_record, 0);
  qrseal_checkpoint_free(cp);
  options.sample_desk = 1;
  CHECK_INT(qrseal_checkpoint_open(st, NULL, &options, &cp), QRSEAL_ERR_INVALID_ARGUMENT);
  CHECK(cp == NULL);
  CHECK(strstr(qrseal_last_error(), "checkpoint id") != NULL);
  qrseal_state_free(st);
}

static void test_misuse(const char* state_dir) {
  qrseal_state* st = NULL;
  qrseal_checkpoint* cp = NULL;
  qrseal_checkpoint_options options;
  qrseal_checkpoint_event e;
  qrseal_policy policy;
  char long_id[100];

  qrseal_checkpoint_options_init(NULL);
  qrseal_checkpoint_free(NULL);
  CHECK(qrseal_checkpoint_journal(NULL) == NULL);
  CHECK_INT(qrseal_state_open(state_dir, &st), QRSEAL_OK);
  qrseal_checkpoint_options_init(&options);
  CHECK_INT(qrseal_checkpoint_open(NULL, NULL, &options, &cp), QRSEAL_ERR_INVALID_ARGUMENT);
  CHECK_INT(qrseal_checkpoint_open(st, NULL, NULL, &cp), QRSEAL_ERR_INVALID_ARGUMENT);
  CHECK_INT(qrseal_checkpoint_open(st, NULL, &options, NULL), QRSEAL_ERR_INVALID_ARGUMENT);
  qrseal_policy_init(&policy);
  policy.accept = 0x80;
  CHECK_INT(qrseal_checkpoint_open(st, &policy, &options, &cp), QRSEAL_ERR_INVALID_ARGUMENT);
  memset(long_id, 'g', sizeof long_id - 1);
  long_id[sizeof long_id - 1] = '\0';
  options.checkpoint = long_id;
  CHECK_INT(qrseal_checkpoint_open(st, NULL, &options, &cp), QRSEAL_ERR_INVALID_ARGUMENT);
  options.checkpoint = "\xff\xfe";
  CHECK_INT(qrseal_checkpoint_open(st, NULL, &options, &cp), QRSEAL_ERR_INVALID_ARGUMENT);
  options.checkpoint = "gate-1";
  CHECK_INT(qrseal_checkpoint_open(st, NULL, &options, &cp), QRSEAL_OK);

  memset(&e, 0x55, sizeof e);
  CHECK_INT(qrseal_checkpoint_handle(NULL, "x", 1, QRSEAL_SYMBOLOGY_QR, FIX_NOW, &e),
            QRSEAL_ERR_INVALID_ARGUMENT);
  CHECK_INT(e.verdict.outcome, QRSEAL_OUTCOME_MALFORMED);
  CHECK_INT(e.passed, 0);
  CHECK_INT(qrseal_checkpoint_handle(cp, NULL, 1, QRSEAL_SYMBOLOGY_QR, FIX_NOW, &e),
            QRSEAL_ERR_INVALID_ARGUMENT);
  CHECK_INT(qrseal_checkpoint_handle(cp, "x", 1, 7, FIX_NOW, &e), QRSEAL_ERR_INVALID_ARGUMENT);
  CHECK_INT(qrseal_checkpoint_handle(cp, "x", 1, QRSEAL_SYMBOLOGY_QR, FIX_NOW, NULL),
            QRSEAL_ERR_INVALID_ARGUMENT);
  CHECK_INT(qrseal_checkpoint_handle_frame(cp, NULL, 0, 10, 10, 0, FIX_NOW, &e),
            QRSEAL_ERR_INVALID_ARGUMENT);
  CHECK_INT(qrseal_checkpoint_get_info(cp, NULL), QRSEAL_ERR_INVALID_ARGUMENT);
  /* Bad data is no misuse: an empty text is a malformed verdict, journaled. */
  CHECK_INT(qrseal_checkpoint_handle(cp, "", 0, QRSEAL_SYMBOLOGY_QR, FIX_NOW, &e), QRSEAL_OK);
  CHECK_INT(e.verdict.outcome, QRSEAL_OUTCOME_MALFORMED);
  CHECK_INT(e.has_record, 1);
  CHECK_STR(qrseal_notice_name(3), "unknown");
  CHECK_INT(qrseal_checkpoint_event_size(), sizeof(qrseal_checkpoint_event));
  CHECK_INT(qrseal_result_size(), sizeof(qrseal_result));
  qrseal_checkpoint_free(cp);
  qrseal_state_free(st);
}

int main(int argc, char** argv) {
  char base[] = "/tmp/qrseal-c-api-checkpoint.XXXXXX";
  char state_dir[200];
  int rc;
  if (argc != 2) {
    fprintf(stderr, "usage: %s FIXTURE_DIR\n", argv[0]);
    return 2;
  }
  dir = argv[1];
  if (mkdtemp(base) == NULL) {
    perror("mkdtemp");
    return 2;
  }
  snprintf(state_dir, sizeof state_dir, "%s/state", base);
  test_day(state_dir);
  test_misuse(state_dir);
  rc = report("test_c_api_checkpoint");
  remove_tree(base);
  return rc;
}
