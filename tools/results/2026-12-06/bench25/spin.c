#include <immintrin.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
/* mode 0: integer ALU loop; 1: AVX-512 FMA loop (registers only); 2: stream over 64 MB */
int main(int argc, char** argv) {
  int mode = atoi(argv[1]);
  if (mode == 0) { volatile unsigned long x = 1; for (;;) { x = x * 6364136223846793005UL + 1; } }
  if (mode == 1) { __m512 a = _mm512_set1_ps(1.0001f), b = _mm512_set1_ps(0.9999f), c0 = _mm512_setzero_ps(), c1 = c0, c2 = c0, c3 = c0;
    for (long i = 0;; i++) { c0 = _mm512_fmadd_ps(a, b, c0); c1 = _mm512_fmadd_ps(a, c0, c1); c2 = _mm512_fmadd_ps(b, c1, c2); c3 = _mm512_fmadd_ps(a, c2, c3);
      if (i == -1) printf("%f", _mm512_reduce_add_ps(c3)); } }
  size_t n = 64UL << 20; char* p = malloc(n), *q = malloc(n); memset(p, 1, n);
  for (;;) { memcpy(q, p, n); memcpy(p, q, n); }
}
