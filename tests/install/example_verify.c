/* A checkpoint: pin the root key, load the lists the device holds, check one scanned text.
 * usage: example_verify ROOT_KEY TRUST_LIST REVOCATION_LIST NOW TEXT
 * Exit 0 for valid, 1 for any other outcome, 2 for errors. */
#include <qrseal/qrseal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The whole file, or NULL. */
static unsigned char* read_file(const char* path, size_t* len) {
  unsigned char* data = NULL;
  long size;
  FILE* f = fopen(path, "rb");
  if (f == NULL) return NULL;
  if (fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) > 0 && fseek(f, 0, SEEK_SET) == 0 &&
      (data = malloc((size_t)size)) != NULL && fread(data, 1, (size_t)size, f) != (size_t)size) {
    free(data);
    data = NULL;
  }
  fclose(f);
  *len = data != NULL ? (size_t)size : 0;
  return data;
}

int main(int argc, char** argv) {
  qrseal_verifier* v;
  qrseal_result r;
  char message[256];
  unsigned char* data;
  size_t len;
  int rc;

  if (argc != 6) {
    fprintf(stderr, "usage: %s ROOT_KEY TRUST_LIST REVOCATION_LIST NOW TEXT\n", argv[0]);
    return 2;
  }
  /* 1. The library the app was built against is the one it runs with. */
  if (qrseal_c_api_version() != QRSEAL_C_API_VERSION) {
    fprintf(stderr, "libqrseal_c %s speaks C API %d, not %d\n", qrseal_version(),
            qrseal_c_api_version(), QRSEAL_C_API_VERSION);
    return 2;
  }
  /* 2. One verifier for the whole app, shared by every scanning thread. */
  v = qrseal_verifier_new();
  if (v == NULL) return 2;
  /* 3. The root key shipped with the app: raw 32 bytes, a .pub file or a PEM. */
  data = read_file(argv[1], &len);
  rc = data != NULL ? qrseal_verifier_add_root(v, data, len, message, sizeof message)
                    : QRSEAL_ERR_INVALID_ARGUMENT;
  if (rc != QRSEAL_OK) {
    fprintf(stderr, "root key %s: %s\n", argv[1], data != NULL ? message : "cannot read it");
    free(data);
    qrseal_verifier_free(v);
    return 2;
  }
  free(data);
  /* 4. The lists the device stored, then any newer ones it downloads or scans (QT1). Only an
   *    accepted list replaces the one held; store its bytes for the next start. */
  data = read_file(argv[2], &len);
  if (data != NULL) {
    rc = qrseal_verifier_load_trust_list(v, data, len, message, sizeof message);
    printf("trust list: %s: %s\n", qrseal_list_result_name(rc), message);
    free(data);
  }
  data = read_file(argv[3], &len);
  if (data != NULL) {
    rc = qrseal_verifier_load_revocation_list(v, data, len, message, sizeof message);
    printf("revocation list: %s: %s\n", qrseal_list_result_name(rc), message);
    free(data);
  }
  /* 5. Each scanned text (or camera frame, qrseal_verify_frame), with the device's clock. */
  rc = qrseal_verify_text(v, argv[5], strlen(argv[5]), strtoll(argv[4], NULL, 10), &r);
  if (rc != QRSEAL_OK) {
    fprintf(stderr, "verify: %s: %s\n", qrseal_error_name(rc), qrseal_last_error());
    qrseal_verifier_free(v);
    return 2;
  }
  /* 6. The outcome decides; the display fields only help the person checking. */
  printf("%s", qrseal_outcome_name(r.outcome));
  if (r.has_display) printf(" %s %s %s", qrseal_status_name(r.status), r.name, r.id_hint);
  for (rc = 1; rc <= QRSEAL_WARNING_CLOCK_BEHIND; rc <<= 1)
    if (r.warnings & (unsigned)rc) printf(" warning:%s", qrseal_warning_name(rc));
  printf("\n");
  qrseal_verifier_free(v);
  return r.outcome == QRSEAL_OUTCOME_VALID ? 0 : 1;
}
