/* The C API of a checkpoint's state directory and its scan journal, from C: a device set up,
 * lists offered and stored, the clock mark kept across a restart, verdicts journalled with keyed
 * and linkable references, samples linked, records paged and counted; misuse and damage.
 * Compiled as C. Works in a fresh temporary directory.
 *
 * usage: test_c_api_state FIXTURE_DIR */
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

/* Well-formed UTF-8 (no cut character at the end, no stray continuation byte). */
static int is_utf8(const char* text) {
  const unsigned char* p = (const unsigned char*)text;
  while (*p != 0) {
    int n = *p < 0x80             ? 0
            : (*p & 0xE0) == 0xC0 ? 1
            : (*p & 0xF0) == 0xE0 ? 2
            : (*p & 0xF8) == 0xF0 ? 3
                                  : -1;
    if (n < 0) return 0;
    for (++p; n > 0; --n, ++p)
      if ((*p & 0xC0) != 0x80) return 0;
  }
  return 1;
}

/* Long messages are cut at a character boundary: a path of 300 three-byte characters makes
 * qrseal_last_error() (511 bytes at most) cut one in the middle unless it takes care. */
static void test_utf8_cut(const char* base) {
  char path[1200];
  qrseal_state* st = NULL;
  size_t n = strlen(base), i;
  memcpy(path, base, n);
  path[n++] = '/';
  for (i = 0; i < 300 && n + 4 < sizeof path; ++i, n += 3) memcpy(path + n, "\xe9\x97\xa8", 3);
  path[n] = '\0';
  CHECK_INT(qrseal_state_open(path, &st), QRSEAL_ERR_STATE);
  CHECK(strlen(qrseal_last_error()) > 400);
  CHECK(strlen(qrseal_last_error()) <= 511);
  CHECK(is_utf8(qrseal_last_error()));
}

static void write_file(const char* path, const char* text) {
  FILE* f = fopen(path, "wb");
  if (f == NULL || fputs(text, f) < 0 || fclose(f) != 0) {
    fprintf(stderr, "cannot write %s\n", path);
    exit(2);
  }
}

static int state_offer(qrseal_state* st, qrseal_verifier* v, const char* name, int revocations) {
  size_t len;
  uint8_t* bytes = read_fixture(dir, name, &len);
  char msg[256];
  const int r = revocations ? qrseal_state_load_revocation_list(st, v, bytes, len, msg, sizeof msg)
                            : qrseal_state_load_trust_list(st, v, bytes, len, msg, sizeof msg);
  free(bytes);
  return r;
}

static void test_state(const char* state_dir) {
  qrseal_state* st = NULL;
  qrseal_verifier* v = NULL;
  qrseal_verifier* other = qrseal_verifier_new();
  qrseal_verifier_info info;
  qrseal_policy p;
  qrseal_result r;
  char msg[256];
  size_t root_len, qt1_len, len;
  uint8_t* root = read_fixture(dir, "root.raw", &root_len);
  char* qt1 = (char*)read_fixture(dir, "trust1.qt1", &qt1_len);
  uint8_t* root2 = read_fixture(dir, "root2.raw", &len);
  uint8_t two_roots[64];
  static const uint8_t weak[32] = {1};

  /* Not there yet. */
  st = (qrseal_state*)&info;
  CHECK_INT(qrseal_state_open(state_dir, &st), QRSEAL_ERR_STATE);
  CHECK(st == NULL);
  CHECK(strstr(qrseal_last_error(), "roots") != NULL);

  /* Misuse of init. */
  CHECK_INT(qrseal_state_init(NULL, root, 1, &st), QRSEAL_ERR_INVALID_ARGUMENT);
  CHECK_INT(qrseal_state_init("", root, 1, &st), QRSEAL_ERR_INVALID_ARGUMENT);
  CHECK_INT(qrseal_state_init(state_dir, NULL, 1, &st), QRSEAL_ERR_INVALID_ARGUMENT);
  CHECK_INT(qrseal_state_init(state_dir, root, 0, &st), QRSEAL_ERR_INVALID_ARGUMENT);
  CHECK_INT(qrseal_state_init(state_dir, root, (size_t)-1, &st), QRSEAL_ERR_INVALID_ARGUMENT);
  CHECK_INT(qrseal_state_init(state_dir, root, 1, NULL), QRSEAL_ERR_INVALID_ARGUMENT);
  CHECK_INT(qrseal_state_init(state_dir, weak, 1, &st), QRSEAL_ERR_BAD_KEY);
  CHECK(st == NULL);

  /* Set up once; never twice. */
  CHECK_INT(qrseal_state_init(state_dir, root, 1, &st), QRSEAL_OK);
  CHECK(st != NULL);
  {
    qrseal_state* again = NULL;
    CHECK_INT(qrseal_state_init(state_dir, root, 1, &again), QRSEAL_ERR_STATE);
    CHECK(again == NULL);
    CHECK(strstr(qrseal_last_error(), "already") != NULL);
  }

  CHECK_INT(qrseal_state_make_verifier(st, NULL, &v), QRSEAL_OK);
  CHECK_INT(qrseal_verifier_get_info(v, &info), QRSEAL_OK);
  CHECK_INT(info.roots, 1);
  CHECK_INT(info.has_trust_list, 0);
  CHECK_INT(verify_fixture(v, dir, "cred.txt", FIX_NOW, &r), QRSEAL_OUTCOME_UNKNOWN_KEY);

  /* Lists through the state: offered to the verifier and stored when accepted. */
  CHECK_INT(state_offer(st, v, "trust1.cose", 0), QRSEAL_LIST_ACCEPTED);
  CHECK_INT(state_offer(st, v, "revoked1.cose", 1), QRSEAL_LIST_ACCEPTED);
  CHECK_INT(verify_fixture(v, dir, "cred.txt", FIX_NOW, &r), QRSEAL_OUTCOME_VALID);
  CHECK_INT(verify_fixture(v, dir, "revoked_cred.txt", FIX_NOW, &r), QRSEAL_OUTCOME_REVOKED);
  CHECK_INT(state_offer(st, v, "trust1.cose", 0), QRSEAL_LIST_UNCHANGED);
  CHECK_INT(state_offer(st, v, "trust_bad_sig.cose", 0), QRSEAL_LIST_BAD_SIGNATURE);
  CHECK_INT(state_offer(st, v, "revoked_unknown_root.cose", 1), QRSEAL_LIST_UNKNOWN_ROOT);
  CHECK_INT(qrseal_state_load_trust_list_text(st, v, qt1, qt1_len, msg, sizeof msg),
            QRSEAL_LIST_UNCHANGED);
  CHECK_INT(qrseal_state_load_trust_list_text(st, v, "QT1:", 4, msg, sizeof msg),
            QRSEAL_LIST_MALFORMED);
  CHECK_INT(qrseal_state_load_trust_list(st, v, root, 0, msg, sizeof msg), QRSEAL_LIST_MALFORMED);

  /* Misuse: NULLs, and a verifier that pins other roots than the state. */
  CHECK_INT(qrseal_verifier_add_root(other, root2, 32, NULL, 0), QRSEAL_OK);
  CHECK_INT(state_offer(st, other, "trust2.cose", 0), QRSEAL_ERR_INVALID_ARGUMENT);
  CHECK(strstr(qrseal_last_error(), "other roots") != NULL);
  CHECK_INT(state_offer(NULL, v, "trust2.cose", 0), QRSEAL_ERR_INVALID_ARGUMENT);
  CHECK_INT(state_offer(st, NULL, "trust2.cose", 1), QRSEAL_ERR_INVALID_ARGUMENT);
  CHECK_INT(qrseal_state_load_trust_list(st, v, NULL, 3, msg, sizeof msg),
            QRSEAL_ERR_INVALID_ARGUMENT);
  CHECK_STR(msg, "list bytes are NULL");
  CHECK_INT(qrseal_state_load_trust_list_text(st, v, NULL, 3, NULL, 0),
            QRSEAL_ERR_INVALID_ARGUMENT);
  CHECK_INT(qrseal_state_observe_time(NULL, v, FIX_NOW), QRSEAL_ERR_INVALID_ARGUMENT);
  CHECK_INT(qrseal_state_observe_time(st, NULL, FIX_NOW), QRSEAL_ERR_INVALID_ARGUMENT);
  {
    qrseal_verifier* none = v;
    CHECK_INT(qrseal_state_make_verifier(NULL, NULL, &none), QRSEAL_ERR_INVALID_ARGUMENT);
    CHECK(none == NULL);
    CHECK_INT(qrseal_state_make_verifier(st, NULL, NULL), QRSEAL_ERR_INVALID_ARGUMENT);
    qrseal_policy_init(&p);
    p.accept = 0x10;
    CHECK_INT(qrseal_state_make_verifier(st, &p, &none), QRSEAL_ERR_INVALID_ARGUMENT);
    CHECK(none == NULL);
  }

  /* The clock: the mark is kept across a restart. */
  CHECK_INT(qrseal_state_observe_time(st, v, FIX_NOW + 3600), QRSEAL_OK);
  CHECK_INT(verify_fixture(v, dir, "cred.txt", FIX_NOW, &r), QRSEAL_OUTCOME_VALID);
  CHECK_INT(r.warnings, QRSEAL_WARNING_CLOCK_BEHIND);
  qrseal_verifier_free(v);
  qrseal_state_free(st);
  v = NULL;
  st = NULL;

  CHECK_INT(qrseal_state_open(state_dir, &st), QRSEAL_OK);
  qrseal_policy_init(&p);
  p.accept = QRSEAL_ACCEPT_GREEN | QRSEAL_ACCEPT_YELLOW;
  CHECK_INT(qrseal_state_make_verifier(st, &p, &v), QRSEAL_OK);
  CHECK_INT(qrseal_verifier_get_info(v, &info), QRSEAL_OK);
  CHECK_INT(info.trust_seq, 1);
  CHECK_INT(info.revocation_seq, 1);
  CHECK_INT(verify_fixture(v, dir, "yellow.txt", FIX_NOW + 3600, &r), QRSEAL_OUTCOME_VALID);
  CHECK_INT(r.warnings, 0);
  CHECK_INT(verify_fixture(v, dir, "cred.txt", FIX_NOW, &r), QRSEAL_OUTCOME_VALID);
  CHECK_INT(r.warnings, QRSEAL_WARNING_CLOCK_BEHIND);
  CHECK_INT(verify_fixture(v, dir, "revoked_cred.txt", FIX_NOW + 3600, &r), QRSEAL_OUTCOME_REVOKED);
  /* The state's verifier is an ordinary verifier: a policy change keeps the lists. */
  CHECK_INT(qrseal_verifier_set_policy(v, &p), QRSEAL_OK);
  CHECK_INT(state_offer(st, v, "trust2.cose", 0), QRSEAL_LIST_ACCEPTED);
  CHECK_INT(state_offer(st, v, "trust1.cose", 0), QRSEAL_LIST_ROLLBACK);
  qrseal_verifier_free(v);
  qrseal_state_free(st);
  CHECK_INT(qrseal_state_open(state_dir, &st), QRSEAL_OK);
  CHECK_INT(qrseal_state_make_verifier(st, NULL, &v), QRSEAL_OK);
  CHECK_INT(qrseal_verifier_get_info(v, &info), QRSEAL_OK);
  CHECK_INT(info.trust_seq, 2);
  qrseal_verifier_free(v);
  qrseal_state_free(st);

  /* Two roots. */
  {
    char two[1100];
    qrseal_state* s2 = NULL;
    snprintf(two, sizeof two, "%s-two", state_dir);
    memcpy(two_roots, root, 32);
    memcpy(two_roots + 32, root2, 32);
    CHECK_INT(qrseal_state_init(two, two_roots, 2, &s2), QRSEAL_OK);
    CHECK_INT(qrseal_state_make_verifier(s2, NULL, &v), QRSEAL_OK);
    CHECK_INT(qrseal_verifier_get_info(v, &info), QRSEAL_OK);
    CHECK_INT(info.roots, 2);
    qrseal_verifier_free(v);
    qrseal_state_free(s2);
  }

  qrseal_verifier_free(other);
  qrseal_state_free(NULL);
  free(root);
  free(root2);
  free(qt1);
}

/* A damaged state refuses to give a verifier rather than check with half its lists. */
static void test_damaged_state(const char* state_dir) {
  char path[1100];
  qrseal_state* st = NULL;
  qrseal_verifier* v = NULL;
  int rc;
  snprintf(path, sizeof path, "%s/trust.cose", state_dir);
  write_file(path, "garbage");
  rc = qrseal_state_open(state_dir, &st);
  if (rc == QRSEAL_OK) {
    CHECK_INT(qrseal_state_make_verifier(st, NULL, &v), QRSEAL_ERR_STATE);
    CHECK(v == NULL);
  } else {
    CHECK_INT(rc, QRSEAL_ERR_STATE);
  }
  CHECK(strstr(qrseal_last_error(), "trust") != NULL);
  qrseal_state_free(st);
  snprintf(path, sizeof path, "%s/roots", state_dir);
  write_file(path, "not hex\n");
  st = NULL;
  CHECK_INT(qrseal_state_open(state_dir, &st), QRSEAL_ERR_STATE);
  CHECK(st == NULL);
}

static void test_journal(const char* state_dir, const char* other_state_dir) {
  qrseal_state* st = NULL;
  qrseal_state* st2 = NULL;
  qrseal_journal* j = NULL;
  qrseal_journal* j2 = NULL;
  qrseal_journal* by_path = NULL;
  qrseal_verifier* v = NULL;
  qrseal_result valid, garbage, revoked, bad;
  qrseal_journal_entry e[8];
  qrseal_hour_count c[8];
  int64_t id1 = -1, id2 = -1, id3 = -1, id4 = -1, id5 = -1;
  size_t written = 99, total = 99, len;
  uint8_t* kid = read_fixture(dir, "issuer.kid", &len);
  uint8_t* root = read_fixture(dir, "root.raw", &len);
  char path[1100], long_id[80];
  const int64_t hour = FIX_NOW - FIX_NOW % 3600;

  CHECK_INT(qrseal_state_open(state_dir, &st), QRSEAL_OK);
  CHECK_INT(qrseal_state_make_verifier(st, NULL, &v), QRSEAL_OK);
  CHECK_INT(verify_fixture(v, dir, "long.txt", FIX_NOW + 3600, &valid), QRSEAL_OUTCOME_VALID);
  CHECK_INT(qrseal_verify_text(v, "garbage", 7, FIX_NOW, &garbage), QRSEAL_OK);
  CHECK_INT(verify_fixture(v, dir, "revoked_cred.txt", FIX_NOW + 3600, &revoked),
            QRSEAL_OUTCOME_REVOKED);

  CHECK_INT(qrseal_state_open_journal(st, &j), QRSEAL_OK);
  CHECK_INT(qrseal_journal_record(j, &valid, FIX_NOW, "gate-3", 0, &id1), QRSEAL_OK);
  CHECK_INT(qrseal_journal_record(j, &garbage, FIX_NOW + 1, "gate-3", 0, &id2), QRSEAL_OK);
  CHECK_INT(qrseal_journal_record(j, &revoked, FIX_NOW + 2, "门 3", 1, &id3), QRSEAL_OK);
  CHECK_INT(qrseal_journal_record(j, &revoked, FIX_NOW + 3, "gate-3", 0, &id4), QRSEAL_OK);
  CHECK(id1 > 0 && id2 > id1 && id3 > id2 && id4 > id3);
  CHECK_INT(qrseal_journal_record(j, &valid, FIX_NOW, "gate-3", 0, NULL), QRSEAL_OK);

  CHECK_INT(qrseal_journal_link_sample(j, id1, "TUBE-0001"), QRSEAL_OK);
  CHECK_INT(qrseal_journal_link_sample(j, id1, "TUBE-0002"), QRSEAL_ERR_STORAGE);
  CHECK_INT(qrseal_journal_link_sample(j, 999999, "TUBE-0003"), QRSEAL_ERR_STORAGE);

  CHECK_INT(qrseal_journal_read(j, 0, 0, e, 8, &written, &total), QRSEAL_OK);
  CHECK_INT(written, 5);
  CHECK_INT(total, 5);
  CHECK_INT(e[0].id, id1);
  CHECK_INT(e[0].time, FIX_NOW);
  CHECK_STR(e[0].checkpoint, "gate-3");
  CHECK_INT(e[0].outcome, QRSEAL_OUTCOME_VALID);
  CHECK_INT(e[0].warnings, 0);
  CHECK_INT(e[0].has_kid, 1);
  CHECK(memcmp(e[0].kid, kid, 8) == 0);
  CHECK_INT(e[0].ref_form, QRSEAL_REF_KEYED);
  CHECK_INT(e[0].has_sample_id, 1);
  CHECK_STR(e[0].sample_id, "TUBE-0001");
  CHECK_INT(e[1].outcome, QRSEAL_OUTCOME_MALFORMED);
  CHECK_INT(e[1].has_kid, 0);
  CHECK_INT(e[1].ref_form, QRSEAL_REF_NONE);
  CHECK_INT(e[1].has_sample_id, 0);
  CHECK_STR(e[1].sample_id, "");
  CHECK_INT(e[2].outcome, QRSEAL_OUTCOME_REVOKED);
  CHECK_STR(e[2].checkpoint, "门 3");
  CHECK_INT(e[2].ref_form, QRSEAL_REF_LINKABLE);
  CHECK_INT(e[3].ref_form, QRSEAL_REF_KEYED);
  CHECK(memcmp(e[2].credential_ref, e[3].credential_ref, 8) != 0);

  /* Paging. */
  CHECK_INT(qrseal_journal_read(j, 0, 1, e, 2, &written, &total), QRSEAL_OK);
  CHECK_INT(written, 2);
  CHECK_INT(total, 5);
  CHECK_INT(e[0].id, id2);
  CHECK_INT(e[1].id, id3);
  CHECK_INT(qrseal_journal_read(j, 0, 9, e, 8, &written, &total), QRSEAL_OK);
  CHECK_INT(written, 0);
  CHECK_INT(qrseal_journal_read(j, 0, 0, NULL, 0, NULL, &total), QRSEAL_OK);
  CHECK_INT(total, 5);
  CHECK_INT(qrseal_journal_read(j, FIX_NOW + 2, 0, e, 8, &written, NULL), QRSEAL_OK);
  CHECK_INT(written, 2);
  CHECK_INT(e[0].id, id3);

  CHECK_INT(qrseal_journal_counts(j, 0, 0, c, 8, &written, &total), QRSEAL_OK);
  CHECK_INT(total, 3);
  CHECK_INT(written, 3);
  CHECK_INT(c[0].hour, hour);
  CHECK_INT(c[0].outcome, QRSEAL_OUTCOME_MALFORMED);
  CHECK_INT(c[0].count, 1);
  CHECK_INT(c[1].outcome, QRSEAL_OUTCOME_REVOKED);
  CHECK_INT(c[1].count, 2);
  CHECK_INT(c[2].outcome, QRSEAL_OUTCOME_VALID);
  CHECK_INT(c[2].count, 2);
  CHECK_INT(qrseal_journal_counts(j, 0, 2, c, 8, &written, &total), QRSEAL_OK);
  CHECK_INT(written, 1);
  CHECK_INT(c[0].outcome, QRSEAL_OUTCOME_VALID);

  /* Another door: keyed references cannot be joined across devices, linkable ones can. */
  CHECK_INT(qrseal_state_init(other_state_dir, root, 1, &st2), QRSEAL_OK);
  CHECK_INT(qrseal_state_open_journal(st2, &j2), QRSEAL_OK);
  CHECK_INT(qrseal_journal_record(j2, &revoked, FIX_NOW, "gate-9", 0, NULL), QRSEAL_OK);
  CHECK_INT(qrseal_journal_record(j2, &revoked, FIX_NOW, "gate-9", 1, NULL), QRSEAL_OK);
  {
    qrseal_journal_entry mine[8], theirs[2];
    CHECK_INT(qrseal_journal_read(j, 0, 0, mine, 8, &written, NULL), QRSEAL_OK);
    CHECK_INT(qrseal_journal_read(j2, 0, 0, theirs, 2, &written, NULL), QRSEAL_OK);
    CHECK_INT(written, 2);
    CHECK(memcmp(mine[3].credential_ref, theirs[0].credential_ref, 8) != 0); /* keyed */
    CHECK(memcmp(mine[2].credential_ref, theirs[1].credential_ref, 8) == 0); /* linkable */
  }

  /* The journal file by its path: reads everything, writes only linkable references. */
  snprintf(path, sizeof path, "%s/journal.db", state_dir);
  CHECK_INT(qrseal_journal_open(path, &by_path), QRSEAL_OK);
  CHECK_INT(qrseal_journal_read(by_path, 0, 0, e, 8, &written, &total), QRSEAL_OK);
  CHECK_INT(total, 5);
  CHECK_INT(qrseal_journal_record(by_path, &revoked, FIX_NOW, "gate-3", 0, &id5),
            QRSEAL_ERR_INVALID_ARGUMENT);
  CHECK(strstr(qrseal_last_error(), "key") != NULL);
  CHECK_INT(id5, 0);
  CHECK_INT(qrseal_journal_record(by_path, &garbage, FIX_NOW, "gate-3", 0, &id5), QRSEAL_OK);
  CHECK_INT(qrseal_journal_record(by_path, &revoked, FIX_NOW, "gate-3", 1, &id5), QRSEAL_OK);
  CHECK_INT(qrseal_journal_read(j, 0, 0, NULL, 0, NULL, &total), QRSEAL_OK);
  CHECK_INT(total, 7);

  qrseal_journal_free(by_path);
  qrseal_journal_free(j2);
  by_path = NULL;
  j2 = NULL;

  /* Misuse. */
  memset(long_id, 'x', sizeof long_id);
  long_id[QRSEAL_MAX_CHECKPOINT_BYTES + 1] = '\0';
  CHECK_INT(qrseal_journal_record(j, &valid, FIX_NOW, long_id, 0, &id5),
            QRSEAL_ERR_INVALID_ARGUMENT);
  long_id[QRSEAL_MAX_CHECKPOINT_BYTES] = '\0';
  CHECK_INT(qrseal_journal_record(j, &valid, FIX_NOW, long_id, 0, &id5), QRSEAL_OK);
  CHECK_INT(qrseal_journal_record(j, &valid, FIX_NOW, "", 0, &id5), QRSEAL_ERR_INVALID_ARGUMENT);
  CHECK_INT(qrseal_journal_record(j, &valid, FIX_NOW, "\xff\xfe", 0, &id5),
            QRSEAL_ERR_INVALID_ARGUMENT);
  CHECK_INT(qrseal_journal_record(j, &valid, FIX_NOW, NULL, 0, &id5), QRSEAL_ERR_INVALID_ARGUMENT);
  CHECK_INT(qrseal_journal_record(j, NULL, FIX_NOW, "gate-3", 0, &id5),
            QRSEAL_ERR_INVALID_ARGUMENT);
  CHECK_INT(qrseal_journal_record(NULL, &valid, FIX_NOW, "gate-3", 0, &id5),
            QRSEAL_ERR_INVALID_ARGUMENT);
  bad = valid;
  bad.outcome = QRSEAL_OUTCOME_VALID + 1;
  CHECK_INT(qrseal_journal_record(j, &bad, FIX_NOW, "gate-3", 0, &id5),
            QRSEAL_ERR_INVALID_ARGUMENT);
  bad = valid;
  bad.warnings = 8;
  CHECK_INT(qrseal_journal_record(j, &bad, FIX_NOW, "gate-3", 0, &id5),
            QRSEAL_ERR_INVALID_ARGUMENT);
  CHECK_INT(qrseal_journal_link_sample(j, id2, ""), QRSEAL_ERR_INVALID_ARGUMENT);
  CHECK_INT(qrseal_journal_link_sample(j, id2, NULL), QRSEAL_ERR_INVALID_ARGUMENT);
  CHECK_INT(qrseal_journal_link_sample(NULL, id2, "T"), QRSEAL_ERR_INVALID_ARGUMENT);
  CHECK_INT(qrseal_journal_read(NULL, 0, 0, e, 8, &written, &total), QRSEAL_ERR_INVALID_ARGUMENT);
  CHECK_INT(qrseal_journal_read(j, 0, 0, NULL, 8, &written, &total), QRSEAL_ERR_INVALID_ARGUMENT);
  CHECK_INT(written, 0);
  CHECK_INT(qrseal_journal_counts(NULL, 0, 0, c, 8, NULL, NULL), QRSEAL_ERR_INVALID_ARGUMENT);
  CHECK_INT(qrseal_journal_counts(j, 0, 0, NULL, 1, NULL, NULL), QRSEAL_ERR_INVALID_ARGUMENT);
  CHECK_INT(qrseal_state_open_journal(NULL, &j2), QRSEAL_ERR_INVALID_ARGUMENT);
  CHECK_INT(qrseal_state_open_journal(st, NULL), QRSEAL_ERR_INVALID_ARGUMENT);
  CHECK_INT(qrseal_journal_open(NULL, &by_path), QRSEAL_ERR_INVALID_ARGUMENT);
  CHECK(by_path == NULL);
  CHECK_INT(qrseal_journal_open(path, NULL), QRSEAL_ERR_INVALID_ARGUMENT);
  CHECK_INT(qrseal_journal_open(state_dir, &by_path), QRSEAL_ERR_STORAGE); /* a directory */
  CHECK(by_path == NULL);
  qrseal_journal_free(NULL);

  qrseal_journal_free(j);
  qrseal_verifier_free(v);
  qrseal_state_free(st);
  qrseal_state_free(st2);
  free(kid);
  free(root);
}

int main(int argc, char** argv) {
  char base[] = "/tmp/qrseal-c-api-state.XXXXXX";
  char state_dir[200], other_dir[200];
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
  snprintf(other_dir, sizeof other_dir, "%s/other", base);
  test_state(state_dir);
  test_journal(state_dir, other_dir);
  test_damaged_state(state_dir);
  test_utf8_cut(base);
  rc = report("test_c_api_state");
  remove_tree(base);
  return rc;
}
