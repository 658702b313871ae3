/* Random calls to the decoders of vectored I/O, signals, timers, identities, scheduling,
 * splice, inotify, capabilities and pidfds: each argument drawn from zero, -1, small numbers,
 * descriptors that are not open, addresses in a page of random bytes (some so near its end
 * that a structure runs into the unmapped page after it), addresses in that unmapped page, and
 * random 64-bit values. A fixed seed, so that two runs make the same calls.
 *
 * Only calls whose answers do not change from run to run (nothing that writes the time, the
 * CPU or resource usage into the page), that cannot block (stdin, stdout and stderr are
 * /dev/null, waitid has WNOHANG, a descriptor a call made is closed at once) and that touch no
 * other process (signals go to itself, all blocked; pidfd calls get no open pidfd). The page is
 * mapped at a fixed address, so that the addresses are the same in every run.
 * usage: callfuzz SEED COUNT */
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "fuzz.h"

int main(int argc, char **argv) {
    long count = fuzz_start(argc, argv);
    char *page = fuzz_page();
    sigset_t all;
    sigfillset(&all);
    sigprocmask(SIG_BLOCK, &all, NULL);
    static const long calls[] = {
        SYS_readv, SYS_writev, SYS_preadv, SYS_pwritev, SYS_preadv2, SYS_pwritev2,
        SYS_getresuid, SYS_getresgid, SYS_sched_getparam, SYS_sched_getattr, SYS_sched_getscheduler,
        SYS_sched_get_priority_max, SYS_sched_rr_get_interval, SYS_ioprio_get, SYS_capget, SYS_mincore,
        SYS_splice, SYS_tee, SYS_vmsplice, SYS_sync_file_range, SYS_inotify_rm_watch, SYS_waitid,
        SYS_rt_sigqueueinfo, SYS_timer_create, SYS_timer_getoverrun, SYS_timer_delete, SYS_timerfd_create,
        SYS_timerfd_settime, SYS_signalfd4, SYS_pidfd_getfd, SYS_pidfd_send_signal,
    };
    const long kinds = sizeof calls / sizeof calls[0];
    for (long i = 0; i < count; i++) {
        long nr = calls[rnd() % kinds];
        long a[6];
        for (int k = 0; k < 6; k++) a[k] = fuzz_argument(page, 64);
        if (nr == SYS_waitid) a[3] |= WNOHANG;
        if (nr == SYS_rt_sigqueueinfo) a[0] = getpid();
        if (nr == SYS_pidfd_send_signal || nr == SYS_pidfd_getfd) a[0] = 100;
        long r = syscall(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
        if (r >= 0 && (nr == SYS_timerfd_create || nr == SYS_signalfd4)) close((int)r);
    }
    return 0;
}
