/* Shared by the differential fuzzers (callfuzz.c, ipcfuzz.c, kifuzz.c): the random numbers of
 * a fixed seed, a page of random bytes at a fixed address with an unmapped page after it (so
 * that the addresses are the same in every run), and one random argument. */
#ifndef FUZZ_H
#define FUZZ_H
#include <fcntl.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

static unsigned long long fuzz_state;

static unsigned long long rnd(void) {
    fuzz_state = fuzz_state * 6364136223846793005ULL + 1442695040888963407ULL;
    return fuzz_state >> 17;
}

/* The command line is SEED COUNT: seeds the numbers, returns COUNT. stdin, stdout and stderr
 * become /dev/null (no call can block on them or write to the trace). Exits 2 on another
 * command line. */
static long fuzz_start(int argc, char **argv) {
    if (argc != 3) exit(2);
    fuzz_state = strtoull(argv[1], NULL, 10);
    int null = open("/dev/null", O_RDWR);
    for (int fd = 0; fd < 3; fd++) dup2(null, fd);
    close(null);
    return atol(argv[2]);
}

/* Two pages of random bytes at 0x200010000 (its low 32 bits far from any signal number), the
 * page after them unmapped. Exits 3 when the address is taken. */
static char *fuzz_page(void) {
    char *page = mmap((void *)0x200010000UL, 3 * 4096, PROT_READ | PROT_WRITE,
                      MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    if (page != (char *)0x200010000UL) exit(3);
    munmap(page + 2 * 4096, 4096);
    for (int i = 0; i < 2 * 4096; i++) page[i] = (char)rnd();
    return page;
}

/* One argument: zero, -1, a small number, a descriptor that is not open, an address in the
 * page, one at most `near_end` bytes before the unmapped page (a structure there runs into
 * it), one in the unmapped page, or a random 64-bit value. */
static long fuzz_argument(char *page, unsigned near_end) {
    switch (rnd() % 10) {
    case 0: return 0;
    case 1: return -1;
    case 2: return (long)(rnd() % 8);
    case 3: return 100 + (long)(rnd() % 4);
    case 4: return (long)(page + rnd() % 8192);
    case 5: return (long)(page + 8192 - rnd() % near_end);
    case 6: return (long)(page + 8192 + rnd() % 4096);
    case 7: return (long)(rnd() << 20);
    case 8: return (long)(rnd() | 0xffffffff00000000UL);
    default: return (long)(page + rnd() % 4096);
    }
}
#endif
