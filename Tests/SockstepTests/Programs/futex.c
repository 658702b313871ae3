/* futex with every command, good and bad arguments; clock_nanosleep, nanosleep, clock_getres,
 * clock_gettime (clock_gettime's result only filled in by the program, the real one changes
 * from run to run). */
#include "decoders.h"
#include <linux/futex.h>
#include <stdint.h>
#include <time.h>

int main(void) {
    void *bad = unreadable_page();
    uint32_t f = 1, g = 2;
    struct timespec ts = { 0, 1000 };
    syscall(SYS_futex, &f, FUTEX_WAKE, 1, NULL, NULL, 0);
    syscall(SYS_futex, &f, FUTEX_WAKE_PRIVATE, 2147483647, NULL, NULL, 0);
    syscall(SYS_futex, &f, FUTEX_WAIT, 0, NULL, NULL, 0);
    syscall(SYS_futex, &f, FUTEX_WAIT_PRIVATE, 1, &ts, NULL, 0);
    syscall(SYS_futex, &f, FUTEX_WAIT_BITSET_PRIVATE | FUTEX_CLOCK_REALTIME, 0, NULL, NULL, FUTEX_BITSET_MATCH_ANY);
    syscall(SYS_futex, &f, FUTEX_WAIT_BITSET | FUTEX_CLOCK_REALTIME, 1, &ts, NULL, 0x10);
    syscall(SYS_futex, &f, FUTEX_WAKE_BITSET_PRIVATE, 1, NULL, NULL, FUTEX_BITSET_MATCH_ANY);
    syscall(SYS_futex, &f, FUTEX_REQUEUE_PRIVATE, 1, 2, &g, 0);
    syscall(SYS_futex, &f, FUTEX_CMP_REQUEUE_PRIVATE, 1, 2, &g, 1);
    syscall(SYS_futex, &f, FUTEX_WAKE_OP_PRIVATE, 1, 1, &g, FUTEX_OP(FUTEX_OP_SET, 1, FUTEX_OP_CMP_GT, 1));
    syscall(SYS_futex, &f, FUTEX_WAKE_OP, 1, 1, &g, (8u << 28) | (5u << 28) | (0xfffu << 12) | (15u << 24) | 0xfff);
    syscall(SYS_futex, &f, FUTEX_WAKE_OP, -1, -2, &g, 0x7fffffff);
    syscall(SYS_futex, &f, FUTEX_LOCK_PI_PRIVATE, 0, NULL, NULL, 0);
    syscall(SYS_futex, &f, FUTEX_UNLOCK_PI_PRIVATE, 0, NULL, NULL, 0);
    syscall(SYS_futex, &f, FUTEX_TRYLOCK_PI, 0, NULL, NULL, 0);
    syscall(SYS_futex, &f, FUTEX_WAIT_REQUEUE_PI_PRIVATE, 1, &ts, &g, 0);
    syscall(SYS_futex, &f, FUTEX_CMP_REQUEUE_PI_PRIVATE, 1, 2, &g, 1);
    syscall(SYS_futex, &f, FUTEX_LOCK_PI2_PRIVATE, 0, &ts, NULL, 0);
    syscall(SYS_futex, &f, FUTEX_FD, 0, NULL, NULL, 0);
    syscall(SYS_futex, &f, FUTEX_FD | FUTEX_PRIVATE_FLAG, 0, NULL, NULL, 0);
    syscall(SYS_futex, &f, 99, 1, 2, 3, 4);
    syscall(SYS_futex, &f, 0x180 | FUTEX_WAKE, 1, 0, 0, 0);
    syscall(SYS_futex, &f, 0x180 | FUTEX_WAIT, 1, 0, 0, 0);
    syscall(SYS_futex, &f, 0x100 | FUTEX_WAKE_OP, 1, 0, 0, 0);
    syscall(SYS_futex, &f, 0x7fffff00 | FUTEX_WAIT_BITSET, 0, 0, 0, 0);
    syscall(SYS_futex, &f, -1L, 0, 0, 0, 0);
    syscall(SYS_futex, &f, FUTEX_WAIT, -1, 0, 0, 0);
    syscall(SYS_futex, &f, FUTEX_CMP_REQUEUE, -1, -5, &g, -7);
    syscall(SYS_futex, &f, FUTEX_WAIT, 1, bad, NULL, 0);
    syscall(SYS_futex, NULL, FUTEX_WAKE, 1, NULL, NULL, 0);
    syscall(SYS_futex, bad, FUTEX_WAIT, 1, NULL, NULL, 0);
    struct timespec rem;
    clock_nanosleep(CLOCK_REALTIME, 0, &ts, &rem);
    clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL);
    syscall(SYS_clock_nanosleep, 99, 0x10, bad, NULL);
    syscall(SYS_clock_nanosleep, CLOCK_BOOTTIME, 0, NULL, NULL);
    syscall(SYS_clock_nanosleep, CLOCK_REALTIME, TIMER_ABSTIME | 2, &ts, NULL);
    nanosleep(&ts, NULL);
    syscall(SYS_nanosleep, bad, bad);
    struct timespec neg = { 0, -1 };
    syscall(SYS_nanosleep, &neg, NULL);
    neg.tv_sec = -5;
    neg.tv_nsec = 1000000000;
    syscall(SYS_nanosleep, &neg, NULL);
    syscall(SYS_clock_getres, CLOCK_REALTIME, &ts);
    syscall(SYS_clock_getres, CLOCK_MONOTONIC, NULL);
    syscall(SYS_clock_getres, 12345, &ts);
    syscall(SYS_clock_gettime, CLOCK_PROCESS_CPUTIME_ID, bad);
    syscall(SYS_clock_gettime, -1, &ts);

    int faked[] = { SYS_clock_gettime };
    pretend_success(faked, 1);
    ts.tv_sec = 1234567;
    ts.tv_nsec = 89;
    syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &ts);
    return 0;
}
