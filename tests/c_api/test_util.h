/* Helpers of the C API tests: checks that count failures, reading fixtures, ready verifiers. */
#ifndef QRSEAL_TESTS_C_API_TEST_UTIL_H
#define QRSEAL_TESTS_C_API_TEST_UTIL_H

#include <qrseal/qrseal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixtures.h"

static int test_failures = 0;

#define CHECK(cond)                                                            \
  do {                                                                         \
    if (!(cond)) {                                                             \
      fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
      ++test_failures;                                                         \
    }                                                                          \
  } while (0)

#define CHECK_INT(actual, expected)                                                          \
  do {                                                                                       \
    const long long a_ = (long long)(actual), e_ = (long long)(expected);                    \
    if (a_ != e_) {                                                                          \
      fprintf(stderr, "%s:%d: CHECK_INT failed: %s is %lld, expected %lld (%s)\n", __FILE__, \
              __LINE__, #actual, a_, e_, qrseal_last_error());                               \
      ++test_failures;                                                                       \
    }                                                                                        \
  } while (0)

#define CHECK_STR(actual, expected)                                                         \
  do {                                                                                      \
    const char* a_ = (actual);                                                              \
    const char* e_ = (expected);                                                            \
    if (a_ == NULL || strcmp(a_, e_) != 0) {                                                \
      fprintf(stderr, "%s:%d: CHECK_STR failed: %s is \"%s\", expected \"%s\"\n", __FILE__, \
              __LINE__, #actual, a_ ? a_ : "(null)", e_);                                   \
      ++test_failures;                                                                      \
    }                                                                                       \
  } while (0)

/* The whole file dir/name, with a NUL after it (so texts are C strings too); exits if missing. */
static inline uint8_t* read_fixture(const char* dir, const char* name, size_t* len) {
  char path[1024];
  FILE* f;
  long size;
  uint8_t* data;
  snprintf(path, sizeof path, "%s/%s", dir, name);
  f = fopen(path, "rb");
  if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0 ||
      fseek(f, 0, SEEK_SET) != 0) {
    fprintf(stderr, "cannot read the fixture %s\n", path);
    exit(2);
  }
  data = malloc((size_t)size + 1);
  if (data == NULL || fread(data, 1, (size_t)size, f) != (size_t)size) {
    fprintf(stderr, "cannot read the fixture %s\n", path);
    exit(2);
  }
  fclose(f);
  data[size] = 0;
  *len = (size_t)size;
  return data;
}

struct frame {
  uint8_t* pixels;
  int width;
  int height;
};

/* A raw grey frame; its size is in frame.size. */
static inline struct frame read_frame(const char* dir, const char* name) {
  struct frame fr;
  size_t len, size_len;
  char* size_text = (char*)read_fixture(dir, "frame.size", &size_len);
  fr.pixels = read_fixture(dir, name, &len);
  if (sscanf(size_text, "%d %d", &fr.width, &fr.height) != 2 ||
      (size_t)fr.width * (size_t)fr.height != len) {
    fprintf(stderr, "frame.size does not match %s\n", name);
    exit(2);
  }
  free(size_text);
  return fr;
}

static inline qrseal_verifier* new_verifier_with_root(const char* dir) {
  size_t len;
  uint8_t* root = read_fixture(dir, "root.raw", &len);
  qrseal_verifier* v = qrseal_verifier_new();
  if (v == NULL || qrseal_verifier_add_root(v, root, len, NULL, 0) != QRSEAL_OK) {
    fprintf(stderr, "cannot make a verifier: %s\n", qrseal_last_error());
    exit(2);
  }
  free(root);
  return v;
}

/* The root, trust1.cose and revoked1.cose, default policy. */
static inline qrseal_verifier* new_loaded_verifier(const char* dir) {
  size_t len;
  qrseal_verifier* v = new_verifier_with_root(dir);
  uint8_t* trust = read_fixture(dir, "trust1.cose", &len);
  int trust_result = qrseal_verifier_load_trust_list(v, trust, len, NULL, 0);
  uint8_t* revoked = read_fixture(dir, "revoked1.cose", &len);
  int revoked_result = qrseal_verifier_load_revocation_list(v, revoked, len, NULL, 0);
  if (trust_result != QRSEAL_LIST_ACCEPTED || revoked_result != QRSEAL_LIST_ACCEPTED) {
    fprintf(stderr, "cannot load the fixture lists: %s, %s\n",
            qrseal_list_result_name(trust_result), qrseal_list_result_name(revoked_result));
    exit(2);
  }
  free(trust);
  free(revoked);
  return v;
}

/* Verifies the text in dir/name at `now`; returns the outcome (-1 if the call failed). */
static inline int verify_fixture(const qrseal_verifier* v, const char* dir, const char* name,
                                 int64_t now, qrseal_result* r) {
  size_t len;
  char* text = (char*)read_fixture(dir, name, &len);
  const int rc = qrseal_verify_text(v, text, len, now, r);
  free(text);
  if (rc != QRSEAL_OK) {
    fprintf(stderr, "verify %s: %s (%s)\n", name, qrseal_error_name(rc), qrseal_last_error());
    ++test_failures;
    return -1;
  }
  return r->outcome;
}

static inline int report(const char* name) {
  if (test_failures != 0) {
    fprintf(stderr, "FAIL [%s]: %d check(s) failed\n", name, test_failures);
    return 1;
  }
  printf("PASS [%s]\n", name);
  return 0;
}

#endif
