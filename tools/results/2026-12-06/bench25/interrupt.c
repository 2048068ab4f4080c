/* Wakes every PERIOD_US microseconds, touches TOUCH random 4 KiB pages of a 256 MB buffer (a pipeline thread's
   short burst, which evicts TLB entries and cache lines of whatever it preempted), then sleeps again. */
#include <stdlib.h>
#include <unistd.h>
#include <stdint.h>
int main(int argc, char** argv) {
  int period = atoi(argv[1]), touch = atoi(argv[2]);
  size_t n = 256UL << 20; volatile char* p = malloc(n); for (size_t i = 0; i < n; i += 4096) p[i] = 1;
  uint64_t x = 88172645463325252ULL;
  for (;;) { for (int i = 0; i < touch; i++) { x ^= x << 13; x ^= x >> 7; x ^= x << 17; p[(x % (n / 4096)) * 4096] += 1; } usleep(period); }
}
