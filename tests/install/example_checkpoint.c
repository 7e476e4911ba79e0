/* A gate: open the device's state, open a checkpoint session, hand it every scanned text.
 * usage: example_checkpoint STATE_DIR ROOT_KEY_RAW CHECKPOINT_ID NOW TEXT...
 * (ROOT_KEY_RAW, the 32-byte root key, pins the root when STATE_DIR holds no state yet.)
 * Prints a line per text and the day's count; exit 0 when every text passed, 1 otherwise,
 * 2 for errors. */
#include <qrseal/qrseal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char** argv) {
  qrseal_state* state = NULL;
  qrseal_checkpoint* gate = NULL;
  qrseal_checkpoint_options options;
  qrseal_checkpoint_event event;
  qrseal_hour_count counts[64];
  size_t written = 0, i;
  unsigned char root[QRSEAL_KEY_BYTES];
  int64_t now;
  int arg, all_passed = 1;
  FILE* f;

  if (argc < 6) {
    fprintf(stderr, "usage: %s STATE_DIR ROOT_KEY_RAW CHECKPOINT_ID NOW TEXT...\n", argv[0]);
    return 2;
  }
  /* 1. The device's state: pinned roots, lists, clock mark, journal. Set up once. */
  if (qrseal_state_open(argv[1], &state) != QRSEAL_OK) {
    f = fopen(argv[2], "rb");
    if (f == NULL || fread(root, 1, sizeof root, f) != sizeof root) {
      fprintf(stderr, "root key %s: cannot read 32 bytes\n", argv[2]);
      if (f != NULL) fclose(f);
      return 2;
    }
    fclose(f);
    if (qrseal_state_init(argv[1], root, 1, &state) != QRSEAL_OK) {
      fprintf(stderr, "state %s: %s\n", argv[1], qrseal_last_error());
      return 2;
    }
  }
  /* 2. One session for the gate: its id goes into every journal record. */
  qrseal_checkpoint_options_init(&options);
  options.checkpoint = argv[3];
  if (qrseal_checkpoint_open(state, NULL, &options, &gate) != QRSEAL_OK) {
    fprintf(stderr, "checkpoint: %s\n", qrseal_last_error());
    qrseal_state_free(state);
    return 2;
  }
  /* 3. Every scan: one call, one event. The clock is the app's to read. */
  now = strtoll(argv[4], NULL, 10);
  for (arg = 5; arg < argc; ++arg) {
    if (qrseal_checkpoint_handle(gate, argv[arg], strlen(argv[arg]), QRSEAL_SYMBOLOGY_QR, now,
                                 &event) != QRSEAL_OK) {
      /* A record that cannot be written: stop the gate rather than let people through unseen. */
      fprintf(stderr, "stopped: %s\n", qrseal_last_error());
      qrseal_checkpoint_free(gate);
      qrseal_state_free(state);
      return 2;
    }
    if (event.kind == QRSEAL_EVENT_KEY_UPDATE)
      printf("key update: %s%s\n", qrseal_list_result_name(event.list_result),
             event.stored ? " (stored)" : "");
    else
      printf("%s %s\n", event.passed ? "PASS" : "STOP", qrseal_outcome_name(event.verdict.outcome));
    if (event.notices != 0) printf("  operator: %s\n", event.message);
    if (!event.passed) all_passed = 0;
  }
  /* 4. The journal, for a status screen or an export. */
  if (qrseal_journal_counts(qrseal_checkpoint_journal(gate), 0, 0, counts, 64, &written, NULL) ==
      QRSEAL_OK)
    for (i = 0; i < written; ++i)
      printf("journal: %s %llu\n", qrseal_outcome_name(counts[i].outcome),
             (unsigned long long)counts[i].count);
  qrseal_checkpoint_free(gate);
  qrseal_state_free(state);
  return all_passed ? 0 : 1;
}
