/* The floor under verify, in both builds: libsodium's crypto_sign_verify_detached on a 200-byte
 * message, the same C source compiled natively (gcc, Debian's libsodium) and to wasm (emcc,
 * build-wasm/libsodium.a, run in node). scripts/bench-wasm prints the two side by side: the
 * share of wasm's cost that is the signature itself. Prints the median of 5 runs, in µs of this
 * process's CPU time (clock() natively, node's process.cpuUsage() in wasm), which a busy machine
 * inflates less than wall time. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#ifdef __EMSCRIPTEN__
#include <emscripten.h>
static double cpu_ms(void) {
  return EM_ASM_DOUBLE({
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  });
}
#else
static double cpu_ms(void) { return (double)clock() * 1000.0 / CLOCKS_PER_SEC; }
#endif

static int by_value(const void* a, const void* b) {
  const double x = *(const double*)a, y = *(const double*)b;
  return x < y ? -1 : x > y;
}

int main(void) {
  unsigned char pk[32], sk[64], sig[64], m[200];
  if (sodium_init() < 0) return 1;
  for (int i = 0; i < 200; ++i) m[i] = (unsigned char)i;
  crypto_sign_keypair(pk, sk);
  crypto_sign_detached(sig, NULL, m, sizeof m, sk);
  double runs[5];
  for (int r = 0; r < 5; ++r) {
    const int n = 1000;
    int ok = 0;
    const double t0 = cpu_ms();
    for (int i = 0; i < n; ++i) ok += crypto_sign_verify_detached(sig, m, sizeof m, pk) == 0;
    runs[r] = (cpu_ms() - t0) * 1000 / n;
    if (ok != n) return 1;
  }
  qsort(runs, 5, sizeof runs[0], by_value);
  printf("%.2f\n", runs[2]);
  return 0;
}
