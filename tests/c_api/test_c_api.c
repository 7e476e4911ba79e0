/* The C API (include/qrseal/qrseal.h) from C: every function, every list result, the outcomes
 * a verifier can give, live codes, camera frames, and misuse (NULL, empty, garbage, small
 * buffers). Compiled as C. Reads the fixtures written by make_fixtures.
 *
 * usage: test_c_api FIXTURE_DIR */
#include <qrseal/qrseal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixtures.h"
#include "test_util.h"

static const char* dir;

/* ---- version and names ------------------------------------------------------------------ */

static void test_version(void) {
  CHECK_STR(qrseal_version(), QRSEAL_EXPECTED_VERSION);
  CHECK_INT(qrseal_c_api_version(), QRSEAL_C_API_VERSION);
  CHECK_INT(QRSEAL_C_API_VERSION, 1);
}

static void test_names(void) {
  static const char* const outcomes[] = {"malformed",
                                         "unsupported_alg",
                                         "unknown_key",
                                         "bad_signature",
                                         "key_not_valid",
                                         "not_yet_valid",
                                         "expired",
                                         "revoked",
                                         "live_required",
                                         "live_stale",
                                         "live_bad_signature",
                                         "status_not_accepted",
                                         "test_positive",
                                         "test_too_old",
                                         "lists_too_stale",
                                         "clock_behind",
                                         "valid"};
  static const char* const lists[] = {"list_accepted",     "list_unchanged",     "list_rollback",
                                      "list_unknown_root", "list_bad_signature", "list_malformed"};
  int i;
  CHECK_INT((int)(sizeof outcomes / sizeof outcomes[0]), QRSEAL_OUTCOME_VALID + 1);
  for (i = 0; i <= QRSEAL_OUTCOME_VALID; ++i) CHECK_STR(qrseal_outcome_name(i), outcomes[i]);
  CHECK_STR(qrseal_outcome_name(-1), "unknown");
  CHECK_STR(qrseal_outcome_name(QRSEAL_OUTCOME_VALID + 1), "unknown");
  for (i = 0; i <= QRSEAL_LIST_MALFORMED; ++i) CHECK_STR(qrseal_list_result_name(i), lists[i]);
  CHECK_STR(qrseal_list_result_name(6), "unknown");
  CHECK_STR(qrseal_list_result_name(QRSEAL_ERR_INVALID_ARGUMENT), "invalid_argument");

  CHECK_STR(qrseal_warning_name(QRSEAL_WARNING_TRUST_LIST_STALE), "trust_list_stale");
  CHECK_STR(qrseal_warning_name(QRSEAL_WARNING_REVOCATION_LIST_STALE), "revocation_list_stale");
  CHECK_STR(qrseal_warning_name(QRSEAL_WARNING_CLOCK_BEHIND), "clock_behind");
  CHECK_STR(qrseal_warning_name(0), "unknown");
  CHECK_STR(qrseal_warning_name(3), "unknown");
  CHECK_STR(qrseal_warning_name(8), "unknown");

  CHECK_STR(qrseal_status_name(QRSEAL_STATUS_GREEN), "green");
  CHECK_STR(qrseal_status_name(QRSEAL_STATUS_YELLOW), "yellow");
  CHECK_STR(qrseal_status_name(QRSEAL_STATUS_RED), "red");
  CHECK_STR(qrseal_status_name(3), "unknown");
  CHECK_STR(qrseal_status_name(-1), "unknown");

  CHECK_STR(qrseal_error_name(QRSEAL_OK), "ok");
  CHECK_STR(qrseal_error_name(QRSEAL_NO_CODE), "no_code");
  CHECK_STR(qrseal_error_name(QRSEAL_SAME_CODE), "same_code");
  CHECK_STR(qrseal_error_name(QRSEAL_ERR_INVALID_ARGUMENT), "invalid_argument");
  CHECK_STR(qrseal_error_name(QRSEAL_ERR_BUFFER_TOO_SMALL), "buffer_too_small");
  CHECK_STR(qrseal_error_name(QRSEAL_ERR_NO_MEMORY), "no_memory");
  CHECK_STR(qrseal_error_name(QRSEAL_ERR_INTERNAL), "internal");
  CHECK_STR(qrseal_error_name(QRSEAL_ERR_BAD_KEY), "bad_key");
  CHECK_STR(qrseal_error_name(QRSEAL_ERR_BAD_TEXT), "bad_text");
  CHECK_STR(qrseal_error_name(QRSEAL_ERR_STORAGE), "storage");
  CHECK_STR(qrseal_error_name(QRSEAL_ERR_STATE), "state");
  CHECK_STR(qrseal_error_name(42), "unknown");
  CHECK_STR(qrseal_error_name(-42), "unknown");
}

/* ---- roots -------------------------------------------------------------------------------- */

static void test_roots(void) {
  qrseal_verifier* v = qrseal_verifier_new();
  qrseal_verifier_info info;
  char msg[256];
  size_t root_len, pub_len, pem_len, root2_len;
  uint8_t* root = read_fixture(dir, "root.raw", &root_len);
  uint8_t* pub = read_fixture(dir, "root.pub", &pub_len);
  uint8_t* pem = read_fixture(dir, "root.pem", &pem_len);
  uint8_t* root2 = read_fixture(dir, "root2.raw", &root2_len);
  static const uint8_t weak[32] = {1}; /* the identity point: small order */
  static const char secret_file[] = "qrseal-secret-key/1\nkid: 00\n";
  uint8_t* huge = calloc(70000, 1);

  CHECK(v != NULL);
  CHECK_INT(root_len, 32);
  strcpy(msg, "stale");
  CHECK_INT(qrseal_verifier_add_root(v, root, root_len, msg, sizeof msg), QRSEAL_OK);
  CHECK_STR(msg, "");
  CHECK_INT(qrseal_verifier_add_root(v, root, root_len, NULL, 0), QRSEAL_OK); /* again: nothing */
  CHECK_INT(qrseal_verifier_get_info(v, &info), QRSEAL_OK);
  CHECK_INT(info.roots, 1);
  /* The same key as a .pub file and as PEM. */
  CHECK_INT(qrseal_verifier_add_root(v, pub, pub_len, msg, sizeof msg), QRSEAL_OK);
  CHECK_INT(qrseal_verifier_add_root(v, pem, pem_len, msg, sizeof msg), QRSEAL_OK);
  CHECK_INT(qrseal_verifier_get_info(v, &info), QRSEAL_OK);
  CHECK_INT(info.roots, 1);
  CHECK_INT(qrseal_verifier_add_root(v, root2, root2_len, msg, sizeof msg), QRSEAL_OK);
  CHECK_INT(qrseal_verifier_get_info(v, &info), QRSEAL_OK);
  CHECK_INT(info.roots, 2);
  CHECK_INT(info.has_trust_list, 0);
  CHECK_INT(info.has_revocation_list, 0);

  /* Bad keys: the reason comes back in the message and in qrseal_last_error(). */
  CHECK_INT(qrseal_verifier_add_root(v, (const uint8_t*)"hello", 5, msg, sizeof msg),
            QRSEAL_ERR_BAD_KEY);
  CHECK(strstr(msg, "neither") != NULL);
  CHECK_STR(qrseal_last_error(), msg);
  CHECK_INT(qrseal_verifier_add_root(v, weak, sizeof weak, msg, sizeof msg), QRSEAL_ERR_BAD_KEY);
  CHECK(msg[0] != '\0');
  CHECK_INT(qrseal_verifier_add_root(v, root, 0, msg, sizeof msg), QRSEAL_ERR_BAD_KEY);
  CHECK_INT(qrseal_verifier_add_root(v, root, 31, msg, sizeof msg), QRSEAL_ERR_BAD_KEY);
  CHECK_INT(qrseal_verifier_add_root(v, (const uint8_t*)secret_file, sizeof secret_file - 1, msg,
                                     sizeof msg),
            QRSEAL_ERR_BAD_KEY);
  CHECK(strstr(msg, "secret key") != NULL);
  CHECK_INT(qrseal_verifier_add_root(v, pub, pub_len - 10, msg, sizeof msg), QRSEAL_ERR_BAD_KEY);
  CHECK_INT(qrseal_verifier_add_root(v, pem, pem_len / 2, msg, sizeof msg), QRSEAL_ERR_BAD_KEY);
  CHECK_INT(qrseal_verifier_add_root(v, huge, 70000, msg, sizeof msg), QRSEAL_ERR_BAD_KEY);
  CHECK_INT(qrseal_verifier_get_info(v, &info), QRSEAL_OK);
  CHECK_INT(info.roots, 2);

  /* Messages: truncated to fit and always terminated; NULL or size 0 is fine. */
  memset(msg, 'x', sizeof msg);
  CHECK_INT(qrseal_verifier_add_root(v, (const uint8_t*)"hello", 5, msg, 6), QRSEAL_ERR_BAD_KEY);
  CHECK_INT(strlen(msg), 5);
  CHECK_INT(msg[6], 'x');
  CHECK_INT(qrseal_verifier_add_root(v, (const uint8_t*)"hello", 5, msg, 1), QRSEAL_ERR_BAD_KEY);
  CHECK_STR(msg, "");
  msg[0] = 'x';
  CHECK_INT(qrseal_verifier_add_root(v, (const uint8_t*)"hello", 5, msg, 0), QRSEAL_ERR_BAD_KEY);
  CHECK_INT(msg[0], 'x');
  CHECK_INT(qrseal_verifier_add_root(v, (const uint8_t*)"hello", 5, NULL, 100), QRSEAL_ERR_BAD_KEY);

  /* Misuse. */
  CHECK_INT(qrseal_verifier_add_root(NULL, root, root_len, msg, sizeof msg),
            QRSEAL_ERR_INVALID_ARGUMENT);
  CHECK_STR(msg, "verifier is NULL");
  CHECK_STR(qrseal_last_error(), "verifier is NULL");
  CHECK_INT(qrseal_verifier_add_root(v, NULL, 32, msg, sizeof msg), QRSEAL_ERR_INVALID_ARGUMENT);
  CHECK_STR(msg, "key is NULL");
  CHECK_INT(qrseal_verifier_add_root(v, NULL, 0, NULL, 0), QRSEAL_ERR_INVALID_ARGUMENT);
  CHECK_INT(qrseal_verifier_get_info(NULL, &info), QRSEAL_ERR_INVALID_ARGUMENT);
  CHECK_INT(qrseal_verifier_get_info(v, NULL), QRSEAL_ERR_INVALID_ARGUMENT);

  qrseal_verifier_free(v);
  qrseal_verifier_free(NULL);
  free(root);
  free(pub);
  free(pem);
  free(root2);
  free(huge);
}

/* ---- lists -------------------------------------------------------------------------------- */

static int offer_trust(qrseal_verifier* v, const char* name, char* msg, size_t size) {
  size_t len;
  uint8_t* bytes = read_fixture(dir, name, &len);
  int r = qrseal_verifier_load_trust_list(v, bytes, len, msg, size);
  free(bytes);
  return r;
}

static int offer_revocations(qrseal_verifier* v, const char* name, char* msg, size_t size) {
  size_t len;
  uint8_t* bytes = read_fixture(dir, name, &len);
  int r = qrseal_verifier_load_revocation_list(v, bytes, len, msg, size);
  free(bytes);
  return r;
}

static void test_lists(void) {
  qrseal_verifier* v = new_verifier_with_root(dir);
  qrseal_verifier* bare = qrseal_verifier_new();
  qrseal_verifier* fresh = new_verifier_with_root(dir);
  qrseal_verifier_info info;
  char msg[256], small[8];
  size_t len, qt1_len, cred_len;
  static const uint8_t garbage[] = {0xd2, 0x84, 0x43, 0xa1, 0x01, 0x27, 0xff};
  char* qt1 = (char*)read_fixture(dir, "trust1.qt1", &qt1_len);
  char* cred = (char*)read_fixture(dir, "cred.txt", &cred_len);
  uint8_t* root2 = read_fixture(dir, "root2.raw", &len);

  /* Trust lists: every list result. */
  CHECK_INT(offer_trust(v, "trust1.cose", msg, sizeof msg), QRSEAL_LIST_ACCEPTED);
  CHECK(strstr(msg, "seq 1") != NULL);
  CHECK_INT(offer_trust(v, "trust1.cose", msg, sizeof msg), QRSEAL_LIST_UNCHANGED);
  CHECK_INT(offer_trust(v, "trust2.cose", msg, sizeof msg), QRSEAL_LIST_ACCEPTED);
  CHECK_INT(offer_trust(v, "trust1.cose", msg, sizeof msg), QRSEAL_LIST_ROLLBACK);
  CHECK(strstr(msg, "older") != NULL);
  CHECK_INT(offer_trust(v, "trust2b.cose", msg, sizeof msg), QRSEAL_LIST_ROLLBACK);
  CHECK_INT(offer_trust(v, "trust_unknown_root.cose", msg, sizeof msg), QRSEAL_LIST_UNKNOWN_ROOT);
  CHECK_INT(offer_trust(v, "trust_bad_sig.cose", msg, sizeof msg), QRSEAL_LIST_BAD_SIGNATURE);
  CHECK_INT(qrseal_verifier_load_trust_list(v, garbage, sizeof garbage, msg, sizeof msg),
            QRSEAL_LIST_MALFORMED);
  CHECK(msg[0] != '\0');
  CHECK_INT(qrseal_verifier_load_trust_list(v, garbage, 0, msg, sizeof msg), QRSEAL_LIST_MALFORMED);
  CHECK_INT(qrseal_verifier_load_trust_list(v, (const uint8_t*)cred, cred_len, NULL, 0),
            QRSEAL_LIST_MALFORMED);
  /* A revocation list is not a trust list (its own external_aad and payload). */
  CHECK(offer_trust(v, "revoked1.cose", msg, sizeof msg) != QRSEAL_LIST_ACCEPTED);
  CHECK_INT(qrseal_verifier_get_info(v, &info), QRSEAL_OK);
  CHECK_INT(info.has_trust_list, 1);
  CHECK_INT(info.trust_seq, 2);
  CHECK_INT(info.trust_issued_at, FIX_LIST_ISSUED);
  CHECK_INT(info.trust_next_update, FIX_LIST_NEXT);
  CHECK_INT(info.trust_keys, 1);

  /* Revocation lists. */
  CHECK_INT(offer_revocations(v, "revoked1.cose", msg, sizeof msg), QRSEAL_LIST_ACCEPTED);
  CHECK_INT(offer_revocations(v, "revoked1.cose", msg, sizeof msg), QRSEAL_LIST_UNCHANGED);
  CHECK_INT(offer_revocations(v, "revoked2.cose", msg, sizeof msg), QRSEAL_LIST_ACCEPTED);
  CHECK_INT(offer_revocations(v, "revoked1.cose", msg, sizeof msg), QRSEAL_LIST_ROLLBACK);
  CHECK_INT(offer_revocations(v, "revoked_unknown_root.cose", msg, sizeof msg),
            QRSEAL_LIST_UNKNOWN_ROOT);
  CHECK_INT(offer_revocations(v, "revoked_bad_sig.cose", msg, sizeof msg),
            QRSEAL_LIST_BAD_SIGNATURE);
  CHECK_INT(qrseal_verifier_load_revocation_list(v, garbage, sizeof garbage, msg, sizeof msg),
            QRSEAL_LIST_MALFORMED);
  CHECK_INT(qrseal_verifier_load_revocation_list(v, garbage, 0, NULL, 0), QRSEAL_LIST_MALFORMED);
  CHECK(offer_revocations(v, "trust2.cose", msg, sizeof msg) != QRSEAL_LIST_ACCEPTED);
  CHECK_INT(qrseal_verifier_get_info(v, &info), QRSEAL_OK);
  CHECK_INT(info.has_revocation_list, 1);
  CHECK_INT(info.revocation_seq, 2);
  CHECK_INT(info.revoked, 2);
  CHECK_INT(info.revocation_next_update, FIX_LIST_NEXT);
  CHECK_INT(info.revocation_issued_at, FIX_LIST_ISSUED);

  /* A new root and a new policy keep the lists held. */
  CHECK_INT(qrseal_verifier_add_root(v, root2, len, NULL, 0), QRSEAL_OK);
  {
    qrseal_policy p;
    qrseal_policy_init(&p);
    p.accept = QRSEAL_ACCEPT_GREEN | QRSEAL_ACCEPT_YELLOW;
    CHECK_INT(qrseal_verifier_set_policy(v, &p), QRSEAL_OK);
  }
  CHECK_INT(qrseal_verifier_get_info(v, &info), QRSEAL_OK);
  CHECK_INT(info.roots, 2);
  CHECK_INT(info.trust_seq, 2);
  CHECK_INT(info.revocation_seq, 2);
  CHECK_INT(offer_trust(v, "trust2.cose", msg, sizeof msg), QRSEAL_LIST_UNCHANGED);
  CHECK_INT(offer_revocations(v, "revoked2.cose", msg, sizeof msg), QRSEAL_LIST_UNCHANGED);

  /* Without a pinned root no list is anyone's. */
  CHECK_INT(offer_trust(bare, "trust1.cose", msg, sizeof msg), QRSEAL_LIST_UNKNOWN_ROOT);
  CHECK_INT(offer_revocations(bare, "revoked1.cose", msg, sizeof msg), QRSEAL_LIST_UNKNOWN_ROOT);

  /* QT1: from a key-update sheet. */
  CHECK_INT(qrseal_verifier_load_trust_list_text(fresh, qt1, qt1_len, msg, sizeof msg),
            QRSEAL_LIST_ACCEPTED);
  CHECK_INT(qrseal_verifier_load_trust_list_text(fresh, qt1, qt1_len, msg, sizeof msg),
            QRSEAL_LIST_UNCHANGED);
  CHECK_INT(offer_trust(fresh, "trust1.cose", msg, sizeof msg), QRSEAL_LIST_UNCHANGED);
  CHECK_INT(qrseal_verifier_load_trust_list_text(fresh, "QT1:garbage", 11, msg, sizeof msg),
            QRSEAL_LIST_MALFORMED);
  CHECK_INT(qrseal_verifier_load_trust_list_text(fresh, cred, cred_len, msg, sizeof msg),
            QRSEAL_LIST_MALFORMED);
  CHECK(strstr(msg, "QT1") != NULL);
  CHECK_INT(qrseal_verifier_load_trust_list_text(fresh, qt1, 0, msg, sizeof msg),
            QRSEAL_LIST_MALFORMED);
  CHECK_INT(qrseal_verifier_load_trust_list_text(fresh, qt1, qt1_len - 1, msg, sizeof msg),
            QRSEAL_LIST_MALFORMED);
  CHECK_INT(qrseal_verifier_get_info(fresh, &info), QRSEAL_OK);
  CHECK_INT(info.trust_seq, 1);
  CHECK_INT(info.has_revocation_list, 0);

  /* Messages truncated to fit. */
  memset(small, 'x', sizeof small);
  CHECK_INT(offer_trust(v, "trust1.cose", small, sizeof small), QRSEAL_LIST_ROLLBACK);
  CHECK_INT(strlen(small), sizeof small - 1);
  CHECK_INT(offer_trust(v, "trust1.cose", small, 1), QRSEAL_LIST_ROLLBACK);
  CHECK_STR(small, "");

  /* Misuse: a negative qrseal_error, never a list result. */
  CHECK_INT(qrseal_verifier_load_trust_list(NULL, garbage, sizeof garbage, msg, sizeof msg),
            QRSEAL_ERR_INVALID_ARGUMENT);
  CHECK_STR(msg, "verifier is NULL");
  CHECK_INT(qrseal_verifier_load_trust_list(v, NULL, 10, msg, sizeof msg),
            QRSEAL_ERR_INVALID_ARGUMENT);
  CHECK_STR(msg, "list bytes are NULL");
  CHECK_INT(qrseal_verifier_load_revocation_list(NULL, garbage, 1, NULL, 0),
            QRSEAL_ERR_INVALID_ARGUMENT);
  CHECK_INT(qrseal_verifier_load_revocation_list(v, NULL, 0, NULL, 0), QRSEAL_ERR_INVALID_ARGUMENT);
  CHECK_INT(qrseal_verifier_load_trust_list_text(NULL, qt1, qt1_len, NULL, 0),
            QRSEAL_ERR_INVALID_ARGUMENT);
  CHECK_INT(qrseal_verifier_load_trust_list_text(v, NULL, 5, NULL, 0), QRSEAL_ERR_INVALID_ARGUMENT);
  CHECK_INT(qrseal_verifier_get_info(v, &info), QRSEAL_OK);
  CHECK_INT(info.trust_seq, 2);

  qrseal_verifier_free(v);
  qrseal_verifier_free(bare);
  qrseal_verifier_free(fresh);
  free(qt1);
  free(cred);
  free(root2);
}

/* ---- verifying texts ---------------------------------------------------------------------- */

static void test_display_fields(qrseal_verifier* v) {
  qrseal_result r;
  size_t len;
  uint8_t* cti = read_fixture(dir, "cred.cti", &len);
  uint8_t* kid = read_fixture(dir, "issuer.kid", &len);

  CHECK_INT(verify_fixture(v, dir, "cred.txt", FIX_NOW, &r), QRSEAL_OUTCOME_VALID);
  CHECK_STR(r.detail, "valid");
  CHECK_INT(r.warnings, 0);
  CHECK_INT(r.kind, QRSEAL_KIND_CREDENTIAL);
  CHECK_INT(r.has_kid, 1);
  CHECK(memcmp(r.kid, kid, 8) == 0);
  CHECK_INT(r.has_display, 1);
  CHECK_STR(r.iss, FIX_ISS);
  CHECK_INT(r.iat, FIX_IAT);
  CHECK_INT(r.exp, FIX_EXP);
  CHECK_INT(r.has_nbf, 0);
  CHECK(memcmp(r.cti, cti, 16) == 0);
  CHECK_INT(r.has_holder_key, 0);
  CHECK_INT(r.status, QRSEAL_STATUS_GREEN);
  CHECK_STR(r.name, FIX_NAME);
  CHECK_STR(r.id_hint, "1234");
  CHECK_INT(r.has_test, 1);
  CHECK_INT(r.test_positive, 0);
  CHECK_INT(r.test_sampled_at, FIX_SAMPLED);
  CHECK_STR(r.test_site, "XA-07");
  CHECK_INT(r.has_vaccination, 1);
  CHECK_INT(r.doses, 3);
  CHECK_INT(r.last_dose, FIX_LAST_DOSE);
  free(cti);
  free(kid);
}

static void test_outcomes(void) {
  qrseal_verifier* v = new_loaded_verifier(dir);
  qrseal_result r;
  char* long_text = malloc(QRSEAL_MAX_TEXT + 2);
  size_t qt1_len;
  char* qt1 = (char*)read_fixture(dir, "trust1.qt1", &qt1_len);

  test_display_fields(v);
  CHECK_INT(verify_fixture(v, dir, "cred.txt", FIX_EXP + 299, &r), QRSEAL_OUTCOME_VALID);
  CHECK_INT(verify_fixture(v, dir, "cred.txt", FIX_EXP + 300, &r), QRSEAL_OUTCOME_EXPIRED);
  CHECK_INT(r.has_display, 1);
  CHECK(strstr(r.detail, "expired") != NULL);
  CHECK_INT(verify_fixture(v, dir, "cred_nbf.txt", FIX_NOW, &r), QRSEAL_OUTCOME_NOT_YET_VALID);
  CHECK_INT(r.has_nbf, 1);
  CHECK_INT(r.nbf, FIX_NBF);
  CHECK_INT(verify_fixture(v, dir, "cred_nbf.txt", FIX_NBF, &r), QRSEAL_OUTCOME_VALID);
  CHECK_INT(verify_fixture(v, dir, "revoked_cred.txt", FIX_NOW, &r), QRSEAL_OUTCOME_REVOKED);
  CHECK_INT(r.has_display, 1);
  CHECK_INT(verify_fixture(v, dir, "unknown_key.txt", FIX_NOW, &r), QRSEAL_OUTCOME_UNKNOWN_KEY);
  CHECK_INT(r.has_display, 0);
  CHECK_INT(r.has_kid, 1);
  CHECK_STR(r.name, "");
  CHECK_INT(verify_fixture(v, dir, "bad_sig.txt", FIX_NOW, &r), QRSEAL_OUTCOME_BAD_SIGNATURE);
  CHECK_INT(r.has_display, 0);
  CHECK_INT(verify_fixture(v, dir, "unsupported_alg.txt", FIX_NOW, &r),
            QRSEAL_OUTCOME_UNSUPPORTED_ALG);
  CHECK_INT(verify_fixture(v, dir, "yellow.txt", FIX_NOW, &r), QRSEAL_OUTCOME_STATUS_NOT_ACCEPTED);
  CHECK_INT(r.status, QRSEAL_STATUS_YELLOW);
  CHECK_INT(verify_fixture(v, dir, "positive.txt", FIX_NOW, &r), QRSEAL_OUTCOME_VALID);
  CHECK_INT(r.test_positive, 1);
  CHECK_STR(r.test_site, "");

  /* Garbage, empty and oversized texts are malformed verdicts, not errors. */
  CHECK_INT(qrseal_verify_text(v, "garbage", 7, FIX_NOW, &r), QRSEAL_OK);
  CHECK_INT(r.outcome, QRSEAL_OUTCOME_MALFORMED);
  CHECK_INT(r.kind, QRSEAL_KIND_NONE);
  CHECK_INT(r.has_kid, 0);
  CHECK(r.detail[0] != '\0');
  CHECK_INT(qrseal_verify_text(v, "", 0, FIX_NOW, &r), QRSEAL_OK);
  CHECK_INT(r.outcome, QRSEAL_OUTCOME_MALFORMED);
  CHECK_INT(qrseal_verify_text(v, "QS1:", 4, FIX_NOW, &r), QRSEAL_OK);
  CHECK_INT(r.outcome, QRSEAL_OUTCOME_MALFORMED);
  CHECK_INT(qrseal_verify_text(v, qt1, qt1_len, FIX_NOW, &r), QRSEAL_OK);
  CHECK_INT(r.outcome, QRSEAL_OUTCOME_MALFORMED);
  CHECK(strstr(r.detail, "QT1") != NULL);
  memcpy(long_text, "QS1:", 4);
  memset(long_text + 4, 'A', QRSEAL_MAX_TEXT - 3);
  CHECK_INT(qrseal_verify_text(v, long_text, QRSEAL_MAX_TEXT + 1, FIX_NOW, &r), QRSEAL_OK);
  CHECK_INT(r.outcome, QRSEAL_OUTCOME_MALFORMED);
  CHECK(strstr(r.detail, "4296") != NULL);
  {
    /* Every byte value, including NUL: the length is what counts. */
    char bytes[256];
    int i;
    for (i = 0; i < 256; ++i) bytes[i] = (char)i;
    CHECK_INT(qrseal_verify_text(v, bytes, sizeof bytes, FIX_NOW, &r), QRSEAL_OK);
    CHECK_INT(r.outcome, QRSEAL_OUTCOME_MALFORMED);
  }

  /* Warnings hold whatever the outcome. */
  CHECK_INT(verify_fixture(v, dir, "long.txt", FIX_LIST_NEXT + 1, &r), QRSEAL_OUTCOME_VALID);
  CHECK_INT(r.warnings, QRSEAL_WARNING_TRUST_LIST_STALE | QRSEAL_WARNING_REVOCATION_LIST_STALE);
  CHECK_INT(qrseal_verify_text(v, "garbage", 7, FIX_LIST_NEXT + 1, &r), QRSEAL_OK);
  CHECK_INT(r.warnings, QRSEAL_WARNING_TRUST_LIST_STALE | QRSEAL_WARNING_REVOCATION_LIST_STALE);
  CHECK_INT(verify_fixture(v, dir, "cred.txt", FIX_LIST_ISSUED - 301, &r), QRSEAL_OUTCOME_VALID);
  CHECK_INT(r.warnings, QRSEAL_WARNING_CLOCK_BEHIND);
  CHECK_INT(verify_fixture(v, dir, "cred.txt", FIX_LIST_ISSUED - 300, &r), QRSEAL_OUTCOME_VALID);
  CHECK_INT(r.warnings, 0);
  /* The device saw a later time: a clock set back is behind. */
  CHECK_INT(qrseal_verifier_observe_time(v, FIX_NOW + 3600), QRSEAL_OK);
  CHECK_INT(qrseal_verifier_observe_time(v, FIX_NOW), QRSEAL_OK); /* never lowers the mark */
  CHECK_INT(verify_fixture(v, dir, "cred.txt", FIX_NOW, &r), QRSEAL_OUTCOME_VALID);
  CHECK_INT(r.warnings, QRSEAL_WARNING_CLOCK_BEHIND);
  CHECK_INT(verify_fixture(v, dir, "cred.txt", FIX_NOW + 3300, &r), QRSEAL_OUTCOME_VALID);
  CHECK_INT(r.warnings, 0);
  CHECK_INT(qrseal_verifier_observe_time(NULL, FIX_NOW), QRSEAL_ERR_INVALID_ARGUMENT);

  qrseal_verifier_free(v);
  free(long_text);
  free(qt1);
}

static void test_policy(void) {
  qrseal_verifier* v = new_loaded_verifier(dir);
  qrseal_policy p;
  qrseal_result r;

  qrseal_policy_init(NULL);
  memset(&p, 0xff, sizeof p);
  qrseal_policy_init(&p);
  CHECK_INT(p.accept, 0);
  CHECK_INT(p.max_test_age, 0);
  CHECK_INT(p.require_live, 0);
  CHECK_INT(p.max_stale, 0);
  CHECK_INT(p.max_validity, 0);
  CHECK_INT(p.skew, 300);
  CHECK_INT(p.live_window, 60);
  CHECK_INT(p.reject_clock_behind, 0);

  p.accept = QRSEAL_ACCEPT_GREEN | QRSEAL_ACCEPT_YELLOW;
  CHECK_INT(qrseal_verifier_set_policy(v, &p), QRSEAL_OK);
  CHECK_INT(verify_fixture(v, dir, "yellow.txt", FIX_NOW, &r), QRSEAL_OUTCOME_VALID);
  p.accept = QRSEAL_ACCEPT_YELLOW;
  CHECK_INT(qrseal_verifier_set_policy(v, &p), QRSEAL_OK);
  CHECK_INT(verify_fixture(v, dir, "cred.txt", FIX_NOW, &r), QRSEAL_OUTCOME_STATUS_NOT_ACCEPTED);
  p.accept = 0;

  p.max_test_age = 86400;
  CHECK_INT(qrseal_verifier_set_policy(v, &p), QRSEAL_OK);
  CHECK_INT(verify_fixture(v, dir, "cred.txt", FIX_NOW, &r), QRSEAL_OUTCOME_VALID);
  CHECK_INT(verify_fixture(v, dir, "positive.txt", FIX_NOW, &r), QRSEAL_OUTCOME_TEST_POSITIVE);
  CHECK_INT(verify_fixture(v, dir, "holder_cred.txt", FIX_NOW, &r), QRSEAL_OUTCOME_TEST_TOO_OLD);
  p.max_test_age = 3600; /* the test in cred.txt was sampled 3 h before FIX_NOW */
  CHECK_INT(qrseal_verifier_set_policy(v, &p), QRSEAL_OK);
  CHECK_INT(verify_fixture(v, dir, "cred.txt", FIX_NOW, &r), QRSEAL_OUTCOME_TEST_TOO_OLD);
  p.max_test_age = 0;

  p.max_validity = 24 * 3600;
  CHECK_INT(qrseal_verifier_set_policy(v, &p), QRSEAL_OK);
  CHECK_INT(verify_fixture(v, dir, "cred.txt", FIX_NOW, &r), QRSEAL_OUTCOME_KEY_NOT_VALID);
  CHECK_INT(r.has_display, 1);
  p.max_validity = 0;

  p.max_stale = 3600;
  CHECK_INT(qrseal_verifier_set_policy(v, &p), QRSEAL_OK);
  CHECK_INT(verify_fixture(v, dir, "long.txt", FIX_LIST_NEXT + 3600, &r), QRSEAL_OUTCOME_VALID);
  CHECK_INT(verify_fixture(v, dir, "long.txt", FIX_LIST_NEXT + 3601, &r),
            QRSEAL_OUTCOME_LISTS_TOO_STALE);
  CHECK(strstr(r.detail, "trust list") != NULL);
  p.max_stale = 0;

  p.require_live = 1;
  CHECK_INT(qrseal_verifier_set_policy(v, &p), QRSEAL_OK);
  CHECK_INT(verify_fixture(v, dir, "holder_cred.txt", FIX_NOW, &r), QRSEAL_OUTCOME_LIVE_REQUIRED);
  CHECK_INT(r.has_holder_key, 1);
  CHECK_INT(verify_fixture(v, dir, "cred.txt", FIX_NOW, &r), QRSEAL_OUTCOME_VALID); /* no cnf */
  p.require_live = 0;

  p.skew = 0;
  CHECK_INT(qrseal_verifier_set_policy(v, &p), QRSEAL_OK);
  CHECK_INT(verify_fixture(v, dir, "cred.txt", FIX_EXP - 1, &r), QRSEAL_OUTCOME_VALID);
  CHECK_INT(verify_fixture(v, dir, "cred.txt", FIX_EXP, &r), QRSEAL_OUTCOME_EXPIRED);
  p.skew = 300;

  p.reject_clock_behind = 1;
  CHECK_INT(qrseal_verifier_set_policy(v, &p), QRSEAL_OK);
  CHECK_INT(verify_fixture(v, dir, "cred.txt", FIX_NOW, &r), QRSEAL_OUTCOME_VALID);
  CHECK_INT(qrseal_verifier_observe_time(v, FIX_NOW + 3600), QRSEAL_OK);
  CHECK_INT(verify_fixture(v, dir, "cred.txt", FIX_NOW, &r), QRSEAL_OUTCOME_CLOCK_BEHIND);
  /* The high-water mark survives a new policy. */
  p.reject_clock_behind = 0;
  CHECK_INT(qrseal_verifier_set_policy(v, &p), QRSEAL_OK);
  CHECK_INT(verify_fixture(v, dir, "cred.txt", FIX_NOW, &r), QRSEAL_OUTCOME_VALID);
  CHECK_INT(r.warnings, QRSEAL_WARNING_CLOCK_BEHIND);

  /* Misuse changes nothing. */
  p.accept = 8;
  CHECK_INT(qrseal_verifier_set_policy(v, &p), QRSEAL_ERR_INVALID_ARGUMENT);
  CHECK(strstr(qrseal_last_error(), "accept") != NULL);
  p.accept = 0;
  CHECK_INT(qrseal_verifier_set_policy(v, NULL), QRSEAL_ERR_INVALID_ARGUMENT);
  CHECK_INT(qrseal_verifier_set_policy(NULL, &p), QRSEAL_ERR_INVALID_ARGUMENT);
  CHECK_INT(verify_fixture(v, dir, "yellow.txt", FIX_NOW + 3600, &r),
            QRSEAL_OUTCOME_STATUS_NOT_ACCEPTED);

  qrseal_verifier_free(v);
}

static void test_verify_misuse(void) {
  qrseal_verifier* v = new_loaded_verifier(dir);
  qrseal_result r;
  size_t len;
  char* cred = (char*)read_fixture(dir, "cred.txt", &len);

  /* An error never leaves a valid-looking verdict behind. */
  CHECK_INT(qrseal_verify_text(v, cred, len, FIX_NOW, &r), QRSEAL_OK);
  CHECK_INT(r.outcome, QRSEAL_OUTCOME_VALID);
  CHECK_INT(qrseal_verify_text(NULL, cred, len, FIX_NOW, &r), QRSEAL_ERR_INVALID_ARGUMENT);
  CHECK_INT(r.outcome, QRSEAL_OUTCOME_MALFORMED);
  CHECK_INT(r.has_display, 0);
  CHECK_STR(r.name, "");
  CHECK_STR(r.detail, "verifier is NULL");
  CHECK_STR(qrseal_last_error(), "verifier is NULL");
  CHECK_INT(qrseal_verify_text(v, cred, len, FIX_NOW, &r), QRSEAL_OK);
  CHECK_INT(qrseal_verify_text(v, NULL, len, FIX_NOW, &r), QRSEAL_ERR_INVALID_ARGUMENT);
  CHECK_INT(r.outcome, QRSEAL_OUTCOME_MALFORMED);
  CHECK_STR(r.detail, "text is NULL");
  CHECK_INT(qrseal_verify_text(v, NULL, 0, FIX_NOW, &r), QRSEAL_ERR_INVALID_ARGUMENT);
  CHECK_INT(qrseal_verify_text(v, cred, len, FIX_NOW, NULL), QRSEAL_ERR_INVALID_ARGUMENT);
  CHECK_STR(qrseal_last_error(), "out is NULL");
  /* Extreme times are verdicts too. */
  CHECK_INT(verify_fixture(v, dir, "cred.txt", INT64_MIN, &r), QRSEAL_OUTCOME_VALID);
  CHECK_INT(r.warnings, QRSEAL_WARNING_CLOCK_BEHIND);
  CHECK_INT(verify_fixture(v, dir, "cred.txt", INT64_MAX, &r), QRSEAL_OUTCOME_EXPIRED);

  qrseal_verifier_free(v);
  free(cred);
}

/* ---- the holder's phone ------------------------------------------------------------------- */

static void test_holder(void) {
  qrseal_verifier* v = new_loaded_verifier(dir);
  qrseal_result r;
  qrseal_policy p;
  size_t len, cred_len, bound_len, n;
  uint8_t* seed = read_fixture(dir, "holder.seed", &len);
  uint8_t* expected_pub = read_fixture(dir, "holder.raw", &len);
  char* bound = (char*)read_fixture(dir, "holder_cred.txt", &bound_len);
  char* card = (char*)read_fixture(dir, "cred.txt", &cred_len);
  uint8_t pub[32], pub2[32], seed2[32], seed3[32];
  char live[QRSEAL_MAX_TEXT + 1], again[QRSEAL_MAX_TEXT + 1], small[16];

  /* Keys. */
  CHECK_INT(qrseal_holder_public_key(seed, pub), QRSEAL_OK);
  CHECK(memcmp(pub, expected_pub, 32) == 0);
  CHECK_INT(qrseal_holder_keygen(pub, seed2), QRSEAL_OK);
  CHECK_INT(qrseal_holder_public_key(seed2, pub2), QRSEAL_OK);
  CHECK(memcmp(pub, pub2, 32) == 0);
  CHECK_INT(qrseal_holder_keygen(pub2, seed3), QRSEAL_OK);
  CHECK(memcmp(seed2, seed3, 32) != 0);
  CHECK(memcmp(pub, pub2, 32) != 0);
  CHECK_INT(qrseal_holder_keygen(NULL, seed2), QRSEAL_ERR_INVALID_ARGUMENT);
  CHECK_INT(qrseal_holder_keygen(pub, NULL), QRSEAL_ERR_INVALID_ARGUMENT);
  CHECK_INT(qrseal_holder_public_key(NULL, pub), QRSEAL_ERR_INVALID_ARGUMENT);
  CHECK_INT(qrseal_holder_public_key(seed, NULL), QRSEAL_ERR_INVALID_ARGUMENT);

  /* Live codes. */
  CHECK_INT(qrseal_live_code(bound, bound_len, seed, FIX_NOW, live, sizeof live, &n), QRSEAL_OK);
  CHECK_INT(n, strlen(live));
  CHECK(strncmp(live, "QL1:", 4) == 0);
  CHECK_INT(qrseal_live_code(bound, bound_len, seed, FIX_NOW, again, sizeof again, NULL),
            QRSEAL_OK);
  CHECK_STR(again, live); /* Ed25519 is deterministic */

  CHECK_INT(qrseal_verify_text(v, live, n, FIX_NOW, &r), QRSEAL_OK);
  CHECK_INT(r.outcome, QRSEAL_OUTCOME_VALID);
  CHECK_INT(r.kind, QRSEAL_KIND_LIVE);
  CHECK_INT(r.has_holder_key, 1);
  CHECK(memcmp(r.holder_key, expected_pub, 32) == 0);
  CHECK_STR(r.name, "H*");
  CHECK_INT(qrseal_verify_text(v, live, n, FIX_NOW + 60, &r), QRSEAL_OK);
  CHECK_INT(r.outcome, QRSEAL_OUTCOME_VALID);
  CHECK_INT(qrseal_verify_text(v, live, n, FIX_NOW + 61, &r), QRSEAL_OK);
  CHECK_INT(r.outcome, QRSEAL_OUTCOME_LIVE_STALE);
  CHECK_INT(qrseal_verify_text(v, live, n, FIX_NOW - 61, &r), QRSEAL_OK);
  CHECK_INT(r.outcome, QRSEAL_OUTCOME_LIVE_STALE);
  CHECK_INT(verify_fixture(v, dir, "live_bad_sig.txt", FIX_NOW, &r),
            QRSEAL_OUTCOME_LIVE_BAD_SIGNATURE);
  qrseal_policy_init(&p);
  p.require_live = 1;
  p.live_window = 120;
  CHECK_INT(qrseal_verifier_set_policy(v, &p), QRSEAL_OK);
  CHECK_INT(qrseal_verify_text(v, live, n, FIX_NOW + 61, &r), QRSEAL_OK);
  CHECK_INT(r.outcome, QRSEAL_OUTCOME_VALID);
  CHECK_INT(qrseal_verify_text(v, bound, bound_len, FIX_NOW, &r), QRSEAL_OK);
  CHECK_INT(r.outcome, QRSEAL_OUTCOME_LIVE_REQUIRED);

  /* Buffers: too small leaves "" and says how much is needed. */
  memset(small, 'x', sizeof small);
  CHECK_INT(qrseal_live_code(bound, bound_len, seed, FIX_NOW, small, sizeof small, &len),
            QRSEAL_ERR_BUFFER_TOO_SMALL);
  CHECK_INT(len, n);
  CHECK_STR(small, "");
  CHECK(strstr(qrseal_last_error(), "needs") != NULL);
  CHECK_INT(qrseal_live_code(bound, bound_len, seed, FIX_NOW, again, n, &len),
            QRSEAL_ERR_BUFFER_TOO_SMALL);
  CHECK_INT(qrseal_live_code(bound, bound_len, seed, FIX_NOW, again, n + 1, &len), QRSEAL_OK);
  CHECK_STR(again, live);
  CHECK_INT(qrseal_live_code(bound, bound_len, seed, FIX_NOW, again, 0, &len),
            QRSEAL_ERR_BUFFER_TOO_SMALL);

  /* Refusals. */
  CHECK_INT(qrseal_live_code(bound, bound_len, seed2, FIX_NOW, live, sizeof live, &len),
            QRSEAL_ERR_BAD_KEY);
  CHECK(strstr(qrseal_last_error(), "cnf") != NULL);
  CHECK_INT(len, 0);
  CHECK_STR(live, "");
  CHECK_INT(qrseal_live_code(card, cred_len, seed, FIX_NOW, live, sizeof live, &len),
            QRSEAL_ERR_BAD_KEY);
  CHECK_INT(qrseal_live_code("garbage", 7, seed, FIX_NOW, live, sizeof live, &len),
            QRSEAL_ERR_BAD_TEXT);
  CHECK_INT(qrseal_live_code(bound, 0, seed, FIX_NOW, live, sizeof live, &len),
            QRSEAL_ERR_BAD_TEXT);
  CHECK_INT(qrseal_live_code(bound, bound_len - 3, seed, FIX_NOW, live, sizeof live, &len),
            QRSEAL_ERR_BAD_TEXT);
  CHECK_INT(qrseal_live_code(bound, bound_len, seed, FIX_NOW, again, sizeof again, &len),
            QRSEAL_OK);
  CHECK_INT(qrseal_live_code(again, len, seed, FIX_NOW, live, sizeof live, NULL),
            QRSEAL_ERR_BAD_TEXT); /* a live code is no credential */
  CHECK_INT(qrseal_live_code(NULL, 10, seed, FIX_NOW, live, sizeof live, &len),
            QRSEAL_ERR_INVALID_ARGUMENT);
  CHECK_INT(qrseal_live_code(bound, bound_len, NULL, FIX_NOW, live, sizeof live, &len),
            QRSEAL_ERR_INVALID_ARGUMENT);
  CHECK_INT(qrseal_live_code(bound, bound_len, seed, FIX_NOW, NULL, sizeof live, &len),
            QRSEAL_ERR_INVALID_ARGUMENT);
  CHECK_INT(qrseal_live_code(bound, bound_len, seed, FIX_NOW, NULL, 0, NULL),
            QRSEAL_ERR_INVALID_ARGUMENT);

  qrseal_verifier_free(v);
  free(seed);
  free(expected_pub);
  free(bound);
  free(card);
}

/* ---- camera frames ------------------------------------------------------------------------ */

static void test_frames(void) {
  qrseal_verifier* v = new_loaded_verifier(dir);
  qrseal_result r;
  struct frame cred = read_frame(dir, "cred_frame.gray");
  struct frame revoked = read_frame(dir, "revoked_frame.gray");
  const int w = cred.width, h = cred.height;
  const size_t size = (size_t)w * (size_t)h;
  const int stride = w + 13;
  uint8_t* padded = malloc((size_t)stride * (size_t)h);
  uint8_t* blank = malloc(size);
  int y;

  CHECK_INT(qrseal_verify_frame(v, cred.pixels, size, w, h, w, FIX_NOW, &r), QRSEAL_OK);
  CHECK_INT(r.outcome, QRSEAL_OUTCOME_VALID);
  CHECK_STR(r.name, FIX_NAME);
  CHECK_INT(r.kind, QRSEAL_KIND_CREDENTIAL);
  CHECK_INT(qrseal_verify_frame(v, cred.pixels, size, w, h, 0, FIX_NOW, &r), QRSEAL_OK);
  CHECK_INT(r.outcome, QRSEAL_OUTCOME_VALID);
  CHECK_INT(qrseal_verify_frame(v, revoked.pixels, size, w, h, w, FIX_NOW, &r), QRSEAL_OK);
  CHECK_INT(r.outcome, QRSEAL_OUTCOME_REVOKED);
  CHECK_INT(qrseal_verify_frame(v, cred.pixels, size, w, h, w, FIX_EXP + 300, &r), QRSEAL_OK);
  CHECK_INT(r.outcome, QRSEAL_OUTCOME_EXPIRED);

  /* A row stride wider than the image, as camera planes have; the last row may be short. */
  memset(padded, 0, (size_t)stride * (size_t)h);
  for (y = 0; y < h; ++y)
    memcpy(padded + (size_t)y * (size_t)stride, cred.pixels + (size_t)y * (size_t)w, (size_t)w);
  CHECK_INT(qrseal_verify_frame(v, padded, (size_t)stride * (size_t)h, w, h, stride, FIX_NOW, &r),
            QRSEAL_OK);
  CHECK_INT(r.outcome, QRSEAL_OUTCOME_VALID);
  CHECK_INT(qrseal_verify_frame(v, padded, (size_t)stride * (size_t)(h - 1) + (size_t)w, w, h,
                                stride, FIX_NOW, &r),
            QRSEAL_OK);
  CHECK_INT(r.outcome, QRSEAL_OUTCOME_VALID);

  /* No code: its own answer, with a verdict that is not valid. */
  memset(blank, 190, size);
  r.outcome = QRSEAL_OUTCOME_VALID;
  CHECK_INT(qrseal_verify_frame(v, blank, size, w, h, w, FIX_NOW, &r), QRSEAL_NO_CODE);
  CHECK_INT(r.outcome, QRSEAL_OUTCOME_MALFORMED);
  CHECK_INT(r.kind, QRSEAL_KIND_NONE);
  CHECK(strstr(r.detail, "no QR code") != NULL);
  {
    size_t i;
    uint32_t x = 12345;
    for (i = 0; i < size; ++i) {
      x = x * 1103515245u + 12345u;
      blank[i] = (uint8_t)(x >> 24);
    }
  }
  CHECK_INT(qrseal_verify_frame(v, blank, size, w, h, w, FIX_NOW, &r), QRSEAL_NO_CODE);
  CHECK_INT(qrseal_verify_frame(v, blank, 1, 1, 1, 1, FIX_NOW, &r), QRSEAL_NO_CODE);

  /* Misuse: sizes, strides, sides, NULLs. */
  CHECK_INT(qrseal_verify_frame(v, cred.pixels, size - 1, w, h, w, FIX_NOW, &r),
            QRSEAL_ERR_INVALID_ARGUMENT);
  CHECK_INT(r.outcome, QRSEAL_OUTCOME_MALFORMED);
  CHECK(strstr(r.detail, "bytes do not cover") != NULL);
  CHECK_INT(qrseal_verify_frame(v, cred.pixels, 0, w, h, w, FIX_NOW, &r),
            QRSEAL_ERR_INVALID_ARGUMENT);
  CHECK_INT(qrseal_verify_frame(v, cred.pixels, size, w, h, w - 1, FIX_NOW, &r),
            QRSEAL_ERR_INVALID_ARGUMENT);
  CHECK(strstr(qrseal_last_error(), "stride") != NULL);
  CHECK_INT(qrseal_verify_frame(v, cred.pixels, size, w, h, -w, FIX_NOW, &r),
            QRSEAL_ERR_INVALID_ARGUMENT);
  CHECK_INT(qrseal_verify_frame(v, cred.pixels, size, 0, h, w, FIX_NOW, &r),
            QRSEAL_ERR_INVALID_ARGUMENT);
  CHECK_INT(qrseal_verify_frame(v, cred.pixels, size, w, 0, w, FIX_NOW, &r),
            QRSEAL_ERR_INVALID_ARGUMENT);
  CHECK_INT(qrseal_verify_frame(v, cred.pixels, size, -1, h, w, FIX_NOW, &r),
            QRSEAL_ERR_INVALID_ARGUMENT);
  CHECK_INT(qrseal_verify_frame(v, cred.pixels, size, w, -5, w, FIX_NOW, &r),
            QRSEAL_ERR_INVALID_ARGUMENT);
  CHECK_INT(qrseal_verify_frame(v, cred.pixels, size, QRSEAL_MAX_IMAGE_SIDE + 1, 1, 0, FIX_NOW, &r),
            QRSEAL_ERR_INVALID_ARGUMENT);
  CHECK(strstr(qrseal_last_error(), "8192") != NULL);
  /* Sides at the limit and a stride near INT_MAX: the size check refuses, nothing is read. */
  CHECK_INT(qrseal_verify_frame(v, cred.pixels, size, QRSEAL_MAX_IMAGE_SIDE, QRSEAL_MAX_IMAGE_SIDE,
                                0x7fffffff, FIX_NOW, &r),
            QRSEAL_ERR_INVALID_ARGUMENT);
  CHECK_INT(qrseal_verify_frame(v, NULL, size, w, h, w, FIX_NOW, &r), QRSEAL_ERR_INVALID_ARGUMENT);
  CHECK_STR(r.detail, "luma is NULL");
  CHECK_INT(qrseal_verify_frame(NULL, cred.pixels, size, w, h, w, FIX_NOW, &r),
            QRSEAL_ERR_INVALID_ARGUMENT);
  CHECK_INT(qrseal_verify_frame(v, cred.pixels, size, w, h, w, FIX_NOW, NULL),
            QRSEAL_ERR_INVALID_ARGUMENT);

  qrseal_verifier_free(v);
  free(cred.pixels);
  free(revoked.pixels);
  free(padded);
  free(blank);
}

/* ---- a live camera: one verdict per presentation ---------------------------------------- */

static void test_stream(void) {
  qrseal_verifier* v = new_loaded_verifier(dir);
  qrseal_result r;
  qrseal_stream_options o;
  qrseal_stream* s;
  struct frame cred = read_frame(dir, "cred_frame.gray");
  struct frame revoked = read_frame(dir, "revoked_frame.gray");
  const int w = cred.width, h = cred.height;
  const size_t size = (size_t)w * (size_t)h;
  uint8_t* blank = malloc(size);
  int64_t t = 0;
  int i, ok = 0, same = 0, none = 0;

  qrseal_stream_options_init(&o);
  CHECK(o.gone_after_ms == 1500);
  CHECK(o.extra_reads_per_frame > 0.29 && o.extra_reads_per_frame < 0.31);
  s = qrseal_stream_new(&o);
  CHECK(s != NULL);
  memset(blank, 190, size);

  /* Held up for a second: one verdict, then "already reported" for every later frame. */
  for (i = 0; i < 30; ++i, t += 33) {
    const int rc = qrseal_stream_feed(s, v, cred.pixels, size, w, h, w, t, FIX_NOW, &r);
    if (rc == QRSEAL_OK) {
      ++ok;
      CHECK_INT(r.outcome, QRSEAL_OUTCOME_VALID);
      CHECK_STR(r.name, FIX_NAME);
    } else {
      CHECK_INT(rc, QRSEAL_SAME_CODE);
      CHECK_INT(r.outcome, QRSEAL_OUTCOME_MALFORMED);
      CHECK(strstr(r.detail, "reported already") != NULL);
      ++same;
    }
  }
  CHECK_INT(ok, 1);
  CHECK_INT(same, 29);
  /* Another person's code right after: its own verdict. */
  CHECK_INT(qrseal_stream_feed(s, v, revoked.pixels, size, w, h, 0, t, FIX_NOW, &r), QRSEAL_OK);
  CHECK_INT(r.outcome, QRSEAL_OUTCOME_REVOKED);
  t += 33;
  /* Two seconds of an empty gate, then the first code again: a new presentation. */
  for (i = 0; i < 60; ++i, t += 33)
    none += qrseal_stream_feed(s, v, blank, size, w, h, w, t, FIX_NOW, &r) == QRSEAL_NO_CODE;
  CHECK_INT(none, 60);
  CHECK_INT(r.kind, QRSEAL_KIND_NONE);
  CHECK(strstr(r.detail, "no QR code") != NULL);
  CHECK_INT(qrseal_stream_feed(s, v, cred.pixels, size, w, h, w, t, FIX_NOW, &r), QRSEAL_OK);
  CHECK_INT(r.outcome, QRSEAL_OUTCOME_VALID);
  t += 33;
  /* reset forgets: the same code at once is new again. */
  CHECK_INT(qrseal_stream_reset(s), QRSEAL_OK);
  CHECK_INT(qrseal_stream_feed(s, v, cred.pixels, size, w, h, w, t, FIX_NOW, &r), QRSEAL_OK);

  /* Misuse: an error, a fail-closed verdict, and the stream goes on. */
  CHECK_INT(qrseal_stream_feed(s, v, cred.pixels, size - 1, w, h, w, t, FIX_NOW, &r),
            QRSEAL_ERR_INVALID_ARGUMENT);
  CHECK_INT(r.outcome, QRSEAL_OUTCOME_MALFORMED);
  CHECK(strstr(r.detail, "bytes do not cover") != NULL);
  CHECK_INT(qrseal_stream_feed(s, v, NULL, size, w, h, w, t, FIX_NOW, &r),
            QRSEAL_ERR_INVALID_ARGUMENT);
  CHECK_STR(r.detail, "luma is NULL");
  CHECK_INT(qrseal_stream_feed(NULL, v, cred.pixels, size, w, h, w, t, FIX_NOW, &r),
            QRSEAL_ERR_INVALID_ARGUMENT);
  CHECK_INT(qrseal_stream_feed(s, NULL, cred.pixels, size, w, h, w, t, FIX_NOW, &r),
            QRSEAL_ERR_INVALID_ARGUMENT);
  CHECK_INT(qrseal_stream_feed(s, v, cred.pixels, size, w, h, w, t, FIX_NOW, NULL),
            QRSEAL_ERR_INVALID_ARGUMENT);
  CHECK_INT(qrseal_stream_feed(s, v, cred.pixels, size, 0, h, w, t, FIX_NOW, &r),
            QRSEAL_ERR_INVALID_ARGUMENT);
  CHECK_INT(qrseal_stream_feed(s, v, cred.pixels, size, w, h, w, t + 33, FIX_NOW, &r),
            QRSEAL_SAME_CODE);
  CHECK_INT(qrseal_stream_reset(NULL), QRSEAL_ERR_INVALID_ARGUMENT);
  qrseal_stream_free(s);
  qrseal_stream_free(NULL);

  /* Options: NULL is the defaults; out-of-range values are refused. */
  s = qrseal_stream_new(NULL);
  CHECK(s != NULL);
  qrseal_stream_free(s);
  o.gone_after_ms = -1;
  CHECK(qrseal_stream_new(&o) == NULL);
  CHECK(strstr(qrseal_last_error(), "gone_after_ms") != NULL);
  qrseal_stream_options_init(&o);
  o.extra_reads_per_frame = -0.5;
  CHECK(qrseal_stream_new(&o) == NULL);
  CHECK(strstr(qrseal_last_error(), "extra_reads_per_frame") != NULL);
  /* No budget at all: still one verdict per presentation from the first pass. */
  o.extra_reads_per_frame = 0;
  s = qrseal_stream_new(&o);
  CHECK(s != NULL);
  CHECK_INT(qrseal_stream_feed(s, v, cred.pixels, size, w, h, w, 0, FIX_NOW, &r), QRSEAL_OK);
  CHECK_INT(qrseal_stream_feed(s, v, cred.pixels, size, w, h, w, 33, FIX_NOW, &r),
            QRSEAL_SAME_CODE);
  qrseal_stream_free(s);

  qrseal_verifier_free(v);
  free(cred.pixels);
  free(revoked.pixels);
  free(blank);
}

int main(int argc, char** argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s FIXTURE_DIR\n", argv[0]);
    return 2;
  }
  dir = argv[1];
  test_version();
  test_names();
  test_roots();
  test_lists();
  test_outcomes();
  test_policy();
  test_verify_misuse();
  test_holder();
  test_frames();
  test_stream();
  return report("test_c_api");
}
