/* Vectored I/O, signal waits and queues, and timers with good and bad arguments: readv,
 * writev, preadv, pwritev, preadv2, pwritev2 (iovecs cut by the result and -s, RWF_ flags),
 * rt_sigsuspend, rt_sigtimedwait, rt_sigqueueinfo, rt_tgsigqueueinfo, tkill, pause,
 * signalfd4, waitid, timer_create and friends, timerfd_*, setitimer, getitimer, alarm.
 * Timers that are read back are never armed, so their values do not vary. */
#include "decoders.h"
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <sys/uio.h>

static void iovecs(void *bad) {
    int p[2];
    CHECK(pipe(p) == 0);
    char a[] = "hello", b[] = " world, and more bytes than -s shows\n";
    struct iovec out[3] = { { a, 5 }, { b, sizeof b - 1 }, { NULL, 0 } };
    writev(p[1], out, 3);
    char r1[4], r2[64];
    struct iovec in[2] = { { r1, sizeof r1 }, { r2, sizeof r2 } };
    readv(p[0], in, 2);
    writev(p[1], out, 1);
    in[1].iov_base = bad;
    readv(p[0], in, 2);          /* only 4 bytes: the second iovec's data is not shown */
    writev(p[1], out, 0);
    writev(p[1], NULL, 1);
    writev(p[1], bad, 2);
    writev(-1, out, 2);
    readv(-1, in, 2);
    readv(p[0], bad, 1);
    struct iovec badbase[1] = { { bad, 10 } };
    writev(p[1], badbase, 1);
    struct iovec partly[2] = { { a, 5 }, { b, 3 } };
    char *two = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK(two != MAP_FAILED && mprotect(two + 4096, 4096, PROT_NONE) == 0);
    char *end = two + 4096 - sizeof(struct iovec);
    memcpy(end, &partly[0], sizeof partly[0]);
    writev(p[1], (struct iovec *)end, 2);  /* the second iovec is unreadable */
    readv(p[0], in, 1);
    struct iovec many[40];
    for (int i = 0; i < 40; i++) { many[i].iov_base = a; many[i].iov_len = 1; }
    writev(p[1], many, 40);
    readv(p[0], many, 40);
    writev(p[1], out, 1);
    readv(p[0], in, 0);
    syscall(SYS_readv, p[0], in, -1L);

    int f = open("/dev/zero", O_RDONLY);
    int w = open("/dev/null", O_WRONLY);
    preadv(f, in, 1, 0);
    preadv(f, in, 1, 1234567);
    pwritev(w, out, 2, 99);
    syscall(SYS_preadv, f, in, 1, -1L, 0L);
    preadv2(f, in, 1, -1, RWF_HIPRI | RWF_NOWAIT);
    preadv2(f, in, 1, 7, 0);
    pwritev2(w, out, 2, 8, RWF_DSYNC | RWF_SYNC | RWF_APPEND);
    pwritev2(w, out, 2, 8, 0x100);
    pwritev2(w, out, 2, 8, RWF_HIPRI | 0x100);
    syscall(SYS_pwritev2, w, out, 2, 3L, 0L, 0x10L);
    syscall(SYS_preadv2, f, bad, 1, 3L, 0L, 0L);
    close(f);
    close(w);
    close(p[0]);
    close(p[1]);
}

int main(int argc, char **argv) {
    void *bad = unreadable_page();
    (void)argc; (void)argv;
    iovecs(bad);
    return 0;
}
