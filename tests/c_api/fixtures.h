/* The fixed times of the C API test fixtures (tests/c_api/make_fixtures.cpp writes them, the C
 * tests read them), so every verdict is reproducible. C and C++. */
#ifndef QRSEAL_TESTS_C_API_FIXTURES_H
#define QRSEAL_TESTS_C_API_FIXTURES_H

#define FIX_LIST_ISSUED 1639958400 /* 2021-12-20T00:00:00Z: lists' issued_at */
#define FIX_LIST_NEXT 1640563200   /* 2021-12-27T00:00:00Z: lists' next_update */
#define FIX_IAT 1639987200         /* 2021-12-20T08:00:00Z: credentials' iat */
#define FIX_EXP (FIX_IAT + 48 * 3600)
#define FIX_NOW 1639990800        /* 2021-12-20T09:00:00Z: the checks */
#define FIX_NBF (FIX_NOW + 86400) /* cred_nbf.txt: valid from tomorrow */
#define FIX_SAMPLED 1639980000    /* 2021-12-20T06:00:00Z: the test in cred.txt */
#define FIX_LAST_DOSE 1630000000
#define FIX_ISS "CN-610100"
#define FIX_NAME "\xe5\xbc\xa0*\xe6\x98\x8e" /* 张*明 */

#endif
