/* One verifier shared by several scanning threads (the thread-safety promise of qrseal.h): four
 * threads verify texts and camera frames while a fifth keeps changing the verifier (offering
 * the same lists, raising the clock mark below the checks' time, setting the same policy,
 * adding roots). Every verdict must be exactly what a lone thread gets. The scanners also share
 * one journal, and every record they made must be in it. Compiled as C.
 *
 * usage: test_c_api_threads FIXTURE_DIR */
#define _XOPEN_SOURCE 700
#include <ftw.h>
#include <pthread.h>
#include <qrseal/qrseal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixtures.h"
#include "test_util.h"

#define SCANNERS 4
#define ROUNDS 400
#define FRAME_EVERY 40
#define RECORD_EVERY 25

struct shared {
  const char* dir;
  qrseal_verifier* v;
  char* cred;
  size_t cred_len;
  char* revoked;
  size_t revoked_len;
  char live[QRSEAL_MAX_TEXT + 1];
  size_t live_len;
  struct frame cred_frame;
  struct frame revoked_frame;
  qrseal_journal* journal;
  int scanners_done; /* under lock */
  pthread_mutex_t lock;
};

struct scanner {
  struct shared* s;
  int index;
  int failures;
  int verdicts;
  int records;
};

static void expect(struct scanner* t, int rc, const qrseal_result* r, int outcome,
                   const char* what) {
  ++t->verdicts;
  if (rc != QRSEAL_OK || r->outcome != outcome || r->warnings != 0 || r->detail[0] == '\0' ||
      (outcome == QRSEAL_OUTCOME_VALID && strcmp(r->iss, FIX_ISS) != 0)) {
    if (t->failures++ < 5)
      fprintf(stderr, "thread %d, %s: rc %s, outcome %s (%s), expected %s\n", t->index, what,
              qrseal_error_name(rc), qrseal_outcome_name(r->outcome), r->detail,
              qrseal_outcome_name(outcome));
  }
}

/* A misuse on this thread: its message must be this thread's, whatever the others do. */
static void expect_own_error(struct scanner* t) {
  static const char* const expected[SCANNERS] = {"verifier is NULL", "text is NULL", "luma is NULL",
                                                 "out is NULL"};
  qrseal_result r;
  int rc = QRSEAL_OK;
  switch (t->index) {
    case 0:
      rc = qrseal_verify_text(NULL, "x", 1, FIX_NOW, &r);
      break;
    case 1:
      rc = qrseal_verify_text(t->s->v, NULL, 1, FIX_NOW, &r);
      break;
    case 2:
      rc = qrseal_verify_frame(t->s->v, NULL, 1, 1, 1, 1, FIX_NOW, &r);
      break;
    default:
      rc = qrseal_verify_text(t->s->v, "x", 1, FIX_NOW, NULL);
      break;
  }
  if (rc != QRSEAL_ERR_INVALID_ARGUMENT || strcmp(qrseal_last_error(), expected[t->index]) != 0) {
    if (t->failures++ < 5)
      fprintf(stderr, "thread %d: last error \"%s\", expected \"%s\"\n", t->index,
              qrseal_last_error(), expected[t->index]);
  }
}

static void* scan(void* arg) {
  struct scanner* t = arg;
  struct shared* s = t->s;
  qrseal_result r;
  int i;
  for (i = 0; i < ROUNDS; ++i) {
    const int k = (i + t->index) % 4;
    if (i % FRAME_EVERY == 0) {
      const struct frame* f = (i / FRAME_EVERY) % 2 ? &s->revoked_frame : &s->cred_frame;
      const int rc = qrseal_verify_frame(s->v, f->pixels, (size_t)f->width * (size_t)f->height,
                                         f->width, f->height, f->width, FIX_NOW, &r);
      expect(t, rc, &r, f == &s->cred_frame ? QRSEAL_OUTCOME_VALID : QRSEAL_OUTCOME_REVOKED,
             "frame");
    } else if (k == 0) {
      expect(t, qrseal_verify_text(s->v, s->cred, s->cred_len, FIX_NOW, &r), &r,
             QRSEAL_OUTCOME_VALID, "cred.txt");
    } else if (k == 1) {
      expect(t, qrseal_verify_text(s->v, s->revoked, s->revoked_len, FIX_NOW, &r), &r,
             QRSEAL_OUTCOME_REVOKED, "revoked_cred.txt");
    } else if (k == 2) {
      expect(t, qrseal_verify_text(s->v, "QS1:NOT-BASE45~", 15, FIX_NOW, &r), &r,
             QRSEAL_OUTCOME_MALFORMED, "garbage");
    } else {
      expect(t, qrseal_verify_text(s->v, s->live, s->live_len, FIX_NOW, &r), &r,
             QRSEAL_OUTCOME_VALID, "live code");
    }
    if (i % 50 == 0) expect_own_error(t);
    if (i % RECORD_EVERY == 0) {
      char checkpoint[16];
      snprintf(checkpoint, sizeof checkpoint, "gate-%d", t->index);
      if (qrseal_journal_record(s->journal, &r, FIX_NOW + i, checkpoint, 1, NULL) == QRSEAL_OK)
        ++t->records;
      else if (t->failures++ < 5)
        fprintf(stderr, "thread %d: journal: %s\n", t->index, qrseal_last_error());
    }
  }
  return NULL;
}

/* Changes the verifier without changing any verdict, until the scanners are done. */
static void* mutate(void* arg) {
  struct shared* s = arg;
  size_t trust_len, revoked_len, root_len, root2_len;
  uint8_t* trust = read_fixture(s->dir, "trust1.cose", &trust_len);
  uint8_t* revoked = read_fixture(s->dir, "revoked1.cose", &revoked_len);
  uint8_t* root = read_fixture(s->dir, "root.raw", &root_len);
  uint8_t* root2 = read_fixture(s->dir, "root2.raw", &root2_len);
  qrseal_policy p;
  qrseal_verifier_info info;
  long rounds = 0;
  int bad = 0;
  qrseal_policy_init(&p);
  for (;;) {
    int done;
    pthread_mutex_lock(&s->lock);
    done = s->scanners_done;
    pthread_mutex_unlock(&s->lock);
    if (done) break;
    if (qrseal_verifier_load_trust_list(s->v, trust, trust_len, NULL, 0) != QRSEAL_LIST_UNCHANGED)
      ++bad;
    if (qrseal_verifier_load_revocation_list(s->v, revoked, revoked_len, NULL, 0) !=
        QRSEAL_LIST_UNCHANGED)
      ++bad;
    if (qrseal_verifier_observe_time(s->v, FIX_LIST_ISSUED + rounds % 1000) != QRSEAL_OK) ++bad;
    if (qrseal_verifier_set_policy(s->v, &p) != QRSEAL_OK) ++bad;
    if (qrseal_verifier_add_root(s->v, rounds % 2 ? root : root2, 32, NULL, 0) != QRSEAL_OK) ++bad;
    if (qrseal_verifier_get_info(s->v, &info) != QRSEAL_OK || info.trust_seq != 1) ++bad;
    ++rounds;
  }
  if (bad != 0) fprintf(stderr, "mutator: %d unexpected results\n", bad);
  printf("mutator: %ld rounds of changes while the scanners ran\n", rounds);
  free(trust);
  free(revoked);
  free(root);
  free(root2);
  return bad != 0 ? (void*)1 : NULL;
}

static int remove_one(const char* path, const struct stat* st, int flag, struct FTW* ftw) {
  (void)st;
  (void)flag;
  (void)ftw;
  return remove(path);
}

int main(int argc, char** argv) {
  char journal_dir[] = "/tmp/qrseal-c-api-threads.XXXXXX";
  char journal_path[64];
  size_t journal_total = 0;
  int records = 0;
  struct shared s;
  struct scanner scanners[SCANNERS];
  pthread_t threads[SCANNERS], mutator;
  void* mutator_result = NULL;
  size_t len;
  uint8_t* seed;
  char* bound;
  int i, total = 0;

  if (argc != 2) {
    fprintf(stderr, "usage: %s FIXTURE_DIR\n", argv[0]);
    return 2;
  }
  memset(&s, 0, sizeof s);
  s.dir = argv[1];
  s.v = new_loaded_verifier(s.dir);
  s.cred = (char*)read_fixture(s.dir, "cred.txt", &s.cred_len);
  s.revoked = (char*)read_fixture(s.dir, "revoked_cred.txt", &s.revoked_len);
  seed = read_fixture(s.dir, "holder.seed", &len);
  bound = (char*)read_fixture(s.dir, "holder_cred.txt", &len);
  CHECK_INT(qrseal_live_code(bound, len, seed, FIX_NOW, s.live, sizeof s.live, &s.live_len),
            QRSEAL_OK);
  s.cred_frame = read_frame(s.dir, "cred_frame.gray");
  s.revoked_frame = read_frame(s.dir, "revoked_frame.gray");
  pthread_mutex_init(&s.lock, NULL);
  if (mkdtemp(journal_dir) == NULL) {
    perror("mkdtemp");
    return 2;
  }
  snprintf(journal_path, sizeof journal_path, "%s/journal.db", journal_dir);
  CHECK_INT(qrseal_journal_open(journal_path, &s.journal), QRSEAL_OK);

  CHECK_INT(pthread_create(&mutator, NULL, mutate, &s), 0);
  for (i = 0; i < SCANNERS; ++i) {
    scanners[i].s = &s;
    scanners[i].index = i;
    scanners[i].failures = 0;
    scanners[i].verdicts = 0;
    scanners[i].records = 0;
    CHECK_INT(pthread_create(&threads[i], NULL, scan, &scanners[i]), 0);
  }
  for (i = 0; i < SCANNERS; ++i) {
    CHECK_INT(pthread_join(threads[i], NULL), 0);
    CHECK_INT(scanners[i].failures, 0);
    CHECK_INT(scanners[i].verdicts, ROUNDS);
    total += scanners[i].verdicts;
    records += scanners[i].records;
  }
  pthread_mutex_lock(&s.lock);
  s.scanners_done = 1;
  pthread_mutex_unlock(&s.lock);
  CHECK_INT(pthread_join(mutator, &mutator_result), 0);
  CHECK(mutator_result == NULL);
  printf("%d verdicts on %d threads\n", total, SCANNERS);
  CHECK_INT(records, SCANNERS * (ROUNDS / RECORD_EVERY));
  CHECK_INT(qrseal_journal_read(s.journal, 0, 0, NULL, 0, NULL, &journal_total), QRSEAL_OK);
  CHECK_INT(journal_total, records);
  qrseal_journal_free(s.journal);
  if (nftw(journal_dir, remove_one, 16, FTW_DEPTH | FTW_PHYS) != 0) perror("removing the journal");

  pthread_mutex_destroy(&s.lock);
  qrseal_verifier_free(s.v);
  free(s.cred);
  free(s.revoked);
  free(seed);
  free(bound);
  free(s.cred_frame.pixels);
  free(s.revoked_frame.pixels);
  return report("test_c_api_threads");
}
