/* The holder's phone: make its key once, then show a fresh live code every few seconds.
 * usage: example_holder keygen SEED_FILE            (prints the public key, hex)
 *        example_holder live SEED_FILE CREDENTIAL T (prints the QL1: text to show)
 * The seed file stands in for the phone's keystore. Exit 0 on success, 2 on errors. */
#include <qrseal/qrseal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char** argv) {
  uint8_t seed[QRSEAL_KEY_BYTES], public_key[QRSEAL_KEY_BYTES];
  char live[QRSEAL_MAX_TEXT + 1];
  size_t i, len;
  int rc;
  FILE* f;

  if (argc == 3 && strcmp(argv[1], "keygen") == 0) {
    /* Once, at enrolment: the seed goes to the keystore, the public key to the issuer. */
    if (qrseal_holder_keygen(public_key, seed) != QRSEAL_OK) return 2;
    f = fopen(argv[2], "wb");
    rc = f != NULL && fwrite(seed, 1, sizeof seed, f) == sizeof seed;
    if (f != NULL && fclose(f) != 0) rc = 0;
    memset(seed, 0, sizeof seed); /* real code: a wipe the compiler keeps (explicit_bzero) */
    if (!rc) return 2;
    for (i = 0; i < sizeof public_key; ++i) printf("%02x", public_key[i]);
    printf("\n");
    return 0;
  }
  if (argc == 5 && strcmp(argv[1], "live") == 0) {
    /* Every few seconds while the code is on screen: t is the phone's clock. */
    f = fopen(argv[2], "rb");
    rc = f != NULL && fread(seed, 1, sizeof seed, f) == sizeof seed;
    if (f != NULL) fclose(f);
    if (!rc) return 2;
    rc = qrseal_live_code(argv[3], strlen(argv[3]), seed, strtoull(argv[4], NULL, 10), live,
                          sizeof live, &len);
    memset(seed, 0, sizeof seed);
    if (rc != QRSEAL_OK) {
      fprintf(stderr, "live code: %s: %s\n", qrseal_error_name(rc), qrseal_last_error());
      return 2;
    }
    printf("%s\n", live); /* render it as a QR code (alphanumeric mode, ECC M) */
    return 0;
  }
  fprintf(stderr, "usage: %s keygen SEED_FILE | live SEED_FILE CREDENTIAL T\n", argv[0]);
  return 2;
}
