/* Vectored I/O, signal waits and queues, and timers with good and bad arguments: readv,
 * writev, preadv, pwritev, preadv2, pwritev2 (iovecs cut by the result and -s, RWF_ flags),
 * rt_sigsuspend, rt_sigtimedwait, rt_sigqueueinfo, rt_tgsigqueueinfo, tkill, pause,
 * signalfd4, waitid, timer_create and friends, timerfd_*, setitimer, getitimer, alarm.
 * Timers that are read back are never armed, so their values do not vary. */
#include "decoders.h"
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <sys/signalfd.h>
#include <sys/time.h>
#include <sys/timerfd.h>
#include <time.h>
#include <sys/uio.h>
#include <sys/resource.h>
#include <sys/wait.h>

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
    syscall(SYS_writev, p[1], NULL, 1);
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

static void handler(int s) { (void)s; }

static void signal_calls(void *bad) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = handler;
    sigaction(SIGUSR1, &sa, NULL);
    sigset_t block, empty, wait;
    sigemptyset(&block);
    sigemptyset(&empty);
    sigaddset(&block, SIGUSR1);
    sigaddset(&block, SIGUSR2);
    sigprocmask(SIG_BLOCK, &block, NULL);
    /* A pending SIGUSR1 ends the suspension at once: deterministic. */
    syscall(SYS_tkill, syscall(SYS_gettid), SIGUSR1);
    sigsuspend(&empty);
    syscall(SYS_rt_sigsuspend, bad, 8);
    syscall(SYS_rt_sigsuspend, NULL, 8);
    syscall(SYS_rt_sigsuspend, &empty, 4);
    syscall(SYS_tkill, -1, SIGUSR1);
    syscall(SYS_tkill, syscall(SYS_gettid), 0);
    syscall(SYS_tkill, syscall(SYS_gettid), 99);

    sigemptyset(&wait);
    sigaddset(&wait, SIGUSR2);
    siginfo_t info;
    struct timespec zero = { 0, 0 };
    syscall(SYS_tkill, syscall(SYS_gettid), SIGUSR2);
    syscall(SYS_rt_sigtimedwait, &wait, &info, &zero, 8);
    syscall(SYS_rt_sigtimedwait, &wait, &info, &zero, 8);       /* nothing pending: EAGAIN */
    syscall(SYS_rt_sigtimedwait, &wait, NULL, &zero, 8);
    syscall(SYS_rt_sigtimedwait, &wait, bad, bad, 8);
    syscall(SYS_rt_sigtimedwait, bad, &info, NULL, 8);
    syscall(SYS_rt_sigtimedwait, &wait, &info, &zero, 4);
    struct timespec badtime = { 0, 1000000000 };
    syscall(SYS_rt_sigtimedwait, &wait, &info, &badtime, 8);

    memset(&info, 0, sizeof info);
    info.si_signo = SIGUSR2;
    info.si_code = SI_QUEUE;
    info.si_pid = getpid();
    info.si_uid = getuid();
    info.si_value.sival_int = 42;
    syscall(SYS_rt_sigqueueinfo, getpid(), SIGUSR2, &info);
    syscall(SYS_rt_sigtimedwait, &wait, &info, NULL, 8);
    info.si_code = SI_QUEUE;
    info.si_value.sival_ptr = (void *)0x12345678;
    syscall(SYS_rt_tgsigqueueinfo, getpid(), syscall(SYS_gettid), SIGUSR2, &info);
    syscall(SYS_rt_sigtimedwait, &wait, &info, NULL, 8);
    syscall(SYS_rt_sigqueueinfo, getpid(), SIGUSR2, bad);
    syscall(SYS_rt_sigqueueinfo, getpid(), SIGUSR2, NULL);
    syscall(SYS_rt_tgsigqueueinfo, -1, -1, 99, bad);
    info.si_code = SI_USER;  /* allowed to oneself */
    syscall(SYS_rt_sigqueueinfo, getpid(), SIGUSR2, &info);
    syscall(SYS_rt_sigtimedwait, &wait, &info, NULL, 8);
    /* To no process (pid -1: ESRCH), with fixed pids: every field as the program sets it. */
    memset(&info, 0, sizeof info);
    info.si_signo = SIGUSR2;
    info.si_code = SI_QUEUE;
    info.si_pid = 1234;
    info.si_uid = 1000;
    syscall(SYS_rt_sigqueueinfo, -1, SIGUSR2, &info);     /* si_ptr NULL */
    info.si_errno = 5;
    syscall(SYS_rt_sigqueueinfo, -1, SIGUSR2, &info);
    info.si_errno = 0;
    info.si_signo = 0;
    syscall(SYS_rt_sigqueueinfo, -1, SIGUSR2, &info);
    info.si_value.sival_ptr = (void *)0x12345678;
    info.si_signo = SIGSEGV;
    info.si_code = SI_QUEUE;
    syscall(SYS_rt_sigqueueinfo, -1, SIGSEGV, &info);
    info.si_signo = SIGCHLD;
    info.si_code = -60;
    syscall(SYS_rt_sigqueueinfo, -1, SIGCHLD, &info);
    info.si_signo = SIGRTMIN + 2;
    info.si_code = SI_TIMER;
    syscall(SYS_rt_sigqueueinfo, -1, SIGRTMIN + 2, &info);
    info.si_code = SI_MESGQ;
    syscall(SYS_rt_sigqueueinfo, -1, SIGRTMIN + 2, &info);
    info.si_code = SI_ASYNCIO;
    syscall(SYS_rt_sigqueueinfo, -1, SIGIO, &info);
    info.si_code = SI_SIGIO;
    info.si_signo = SIGIO;
    syscall(SYS_rt_sigqueueinfo, -1, SIGIO, &info);
    info.si_code = -7;
    syscall(SYS_rt_sigqueueinfo, -1, SIGIO, &info);
    info.si_code = -99;
    syscall(SYS_rt_sigqueueinfo, -1, SIGUSR1, &info);
    info.si_code = SI_TKILL;
    syscall(SYS_rt_sigqueueinfo, -1, SIGUSR1, &info);

    int sfd = signalfd(-1, &wait, SFD_NONBLOCK | SFD_CLOEXEC);
    syscall(SYS_signalfd4, sfd, &block, 8, 0);
    syscall(SYS_signalfd4, -1, bad, 8, SFD_NONBLOCK);
    syscall(SYS_signalfd4, -1, &block, 4, 0);
    syscall(SYS_signalfd4, -1, NULL, 8, 0x10);
    close(sfd);
    sigprocmask(SIG_UNBLOCK, &block, NULL);
}

static void waits(void *bad) {
    sigset_t chld;
    sigemptyset(&chld);
    sigaddset(&chld, SIGCHLD);
    sigprocmask(SIG_BLOCK, &chld, NULL);  /* no SIGCHLD line at a time that varies */
    pid_t child = fork();
    if (child == 0) _exit(3);
    siginfo_t info;
    memset(&info, 0, sizeof info);
    waitid(P_PID, child, &info, WEXITED | WNOWAIT);
    waitid(P_PID, child, &info, WEXITED);
    waitid(P_ALL, 0, &info, WEXITED | WNOHANG);
    waitid(P_PGID, 0, NULL, WEXITED | WSTOPPED | WCONTINUED);
    waitid(P_PIDFD, -1, &info, WEXITED);
    waitid(P_PID, 1, bad, WEXITED);
    waitid(7, 1, &info, 0x100);
    syscall(SYS_waitid, P_ALL, 0, &info, WEXITED | WNOHANG, bad);
    syscall(SYS_waitid, P_ALL, 0, &info, WEXITED | __WALL | __WNOTHREAD | __WCLONE, NULL);
}

/* Timers: armed only with no old value asked for, read back only when disarmed. */
static void timers(void *bad) {
    struct sigevent sev;
    memset(&sev, 0, sizeof sev);
    sev.sigev_notify = SIGEV_SIGNAL;
    sev.sigev_signo = SIGALRM;
    sev.sigev_value.sival_int = 7;
    int id = -1, id2 = -1;
    syscall(SYS_timer_create, CLOCK_REALTIME, &sev, &id);
    syscall(SYS_timer_create, CLOCK_MONOTONIC, NULL, &id2);
    sev.sigev_notify = SIGEV_NONE;
    sev.sigev_value.sival_int = 0;          /* no value: strace leaves sigev_value out */
    syscall(SYS_timer_create, CLOCK_BOOTTIME, &sev, &id2);
    sev.sigev_notify = SIGEV_THREAD_ID;
    sev.sigev_signo = SIGRTMIN + 1;
    sev._sigev_un._tid = 1234;
    syscall(SYS_timer_create, CLOCK_PROCESS_CPUTIME_ID, &sev, &id2);
    sev.sigev_notify = SIGEV_THREAD;
    sev.sigev_value.sival_ptr = (void *)0x1234;
    sev._sigev_un._sigev_thread._function = (void (*)(union sigval))0x5678;
    sev._sigev_un._sigev_thread._attribute = (void *)0x9abc;
    syscall(SYS_timer_create, CLOCK_THREAD_CPUTIME_ID, &sev, &id2);
    sev.sigev_notify = 9;
    syscall(SYS_timer_create, CLOCK_REALTIME, &sev, &id2);
    syscall(SYS_timer_create, 99, NULL, &id2);
    syscall(SYS_timer_create, CLOCK_REALTIME, bad, &id2);
    syscall(SYS_timer_create, CLOCK_REALTIME, NULL, bad);
    syscall(SYS_timer_create, CLOCK_REALTIME, NULL, NULL);

    struct itimerspec its, old;
    memset(&its, 0, sizeof its);
    its.it_value.tv_sec = 1000;
    its.it_interval.tv_nsec = 500;
    syscall(SYS_timer_settime, id, 0, &its, NULL);
    memset(&its, 0, sizeof its);
    syscall(SYS_timer_settime, id, 0, &its, NULL);
    syscall(SYS_timer_settime, id, 0, &its, &old);
    syscall(SYS_timer_settime, id, TIMER_ABSTIME, &its, NULL);
    syscall(SYS_timer_settime, id, 2, bad, bad);
    syscall(SYS_timer_settime, 12345, 0, &its, &old);
    its.it_value.tv_nsec = 1000000000;
    syscall(SYS_timer_settime, id, 0, &its, NULL);
    syscall(SYS_timer_gettime, id, &old);
    syscall(SYS_timer_gettime, id, bad);
    syscall(SYS_timer_gettime, 12345, &old);
    syscall(SYS_timer_getoverrun, id);
    syscall(SYS_timer_getoverrun, 12345);
    syscall(SYS_timer_delete, id);
    syscall(SYS_timer_delete, id);

    int tfd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK);
    timerfd_create(CLOCK_REALTIME, 0);
    syscall(SYS_timerfd_create, 99, 0x10);
    memset(&its, 0, sizeof its);
    its.it_value.tv_sec = 2000;
    timerfd_settime(tfd, 0, &its, NULL);
    memset(&its, 0, sizeof its);
    timerfd_settime(tfd, 0, &its, NULL);
    timerfd_settime(tfd, 0, &its, &old);
    timerfd_settime(tfd, TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET, &its, NULL);
    timerfd_settime(tfd, 4, &its, NULL);
    timerfd_settime(tfd, 0, bad, bad);
    timerfd_settime(-1, 0, &its, NULL);
    timerfd_gettime(tfd, &old);
    timerfd_gettime(tfd, bad);
    timerfd_gettime(-1, NULL);
    close(tfd);

    struct itimerval itv, oitv;
    memset(&itv, 0, sizeof itv);
    itv.it_value.tv_sec = 3000;
    itv.it_interval.tv_usec = 5;
    setitimer(ITIMER_REAL, &itv, NULL);
    memset(&itv, 0, sizeof itv);
    setitimer(ITIMER_REAL, &itv, NULL);
    setitimer(ITIMER_REAL, &itv, &oitv);
    setitimer(ITIMER_VIRTUAL, &itv, &oitv);
    setitimer(ITIMER_PROF, NULL, NULL);
    syscall(SYS_setitimer, 5, &itv, NULL);
    syscall(SYS_setitimer, ITIMER_REAL, bad, bad);
    getitimer(ITIMER_REAL, &oitv);
    getitimer(ITIMER_PROF, &oitv);
    syscall(SYS_getitimer, 5, &oitv);
    syscall(SYS_getitimer, ITIMER_VIRTUAL, bad);
    syscall(SYS_getitimer, ITIMER_VIRTUAL, NULL);
    alarm(0);
    alarm(4000);
    alarm(0);
}

/* Signal lines of queued signals (the one siginfo decoder prints them and the calls' siginfo):
 * each signal blocked, queued, then taken by sigsuspend, so it comes at a fixed place. */
static void signal_lines(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = handler;
    sigaction(SIGIO, &sa, NULL);
    sigaction(SIGALRM, &sa, NULL);
    sigset_t block, empty;
    sigemptyset(&block);
    sigemptyset(&empty);
    sigaddset(&block, SIGUSR1);
    sigaddset(&block, SIGIO);
    sigaddset(&block, SIGALRM);
    sigprocmask(SIG_BLOCK, &block, NULL);
    sigaddset(&empty, SIGCHLD);  /* waits()'s SIGCHLD stays pending */
    union sigval v;
    v.sival_ptr = NULL;
    sigqueue(getpid(), SIGUSR1, v);
    sigsuspend(&empty);
    v.sival_ptr = (void *)0x123456789aUL;
    sigqueue(getpid(), SIGUSR1, v);
    sigsuspend(&empty);
    siginfo_t si;
    memset(&si, 0, sizeof si);
    si.si_signo = SIGIO;
    si.si_code = SI_ASYNCIO;
    si.si_pid = 1234;
    si.si_uid = 5;
    si.si_value.sival_int = 9;
    syscall(SYS_rt_sigqueueinfo, getpid(), SIGIO, &si);
    sigsuspend(&empty);
    si.si_code = SI_SIGIO;
    syscall(SYS_rt_sigqueueinfo, getpid(), SIGIO, &si);
    sigsuspend(&empty);
    si.si_code = SI_QUEUE;
    si.si_errno = EACCES;
    syscall(SYS_rt_sigqueueinfo, getpid(), SIGIO, &si);
    sigsuspend(&empty);
    struct sigevent sev;
    memset(&sev, 0, sizeof sev);
    sev.sigev_notify = SIGEV_SIGNAL;
    sev.sigev_signo = SIGALRM;
    sev.sigev_value.sival_int = 77;
    int id = -1;
    syscall(SYS_timer_create, CLOCK_MONOTONIC, &sev, &id);
    struct itimerspec its;
    memset(&its, 0, sizeof its);
    its.it_value.tv_nsec = 1000;
    syscall(SYS_timer_settime, id, 0, &its, NULL);
    sigsuspend(&empty);
    sigprocmask(SIG_UNBLOCK, &block, NULL);
}

/* waitid made to return 0 without running: the siginfo and rusage are the program's. */
static void filled_waits(void) {
    int calls[] = { SYS_waitid, SYS_pause };
    pretend_success(calls, 2);
    pause();
    siginfo_t info;
    memset(&info, 0, sizeof info);
    struct rusage ru;
    memset(&ru, 0, sizeof ru);
    ru.ru_utime.tv_sec = 1;
    ru.ru_utime.tv_usec = 2;
    ru.ru_stime.tv_sec = 3;
    ru.ru_stime.tv_usec = 4;
    long *counters = &ru.ru_maxrss;
    for (int i = 0; i < 14; i++) counters[i] = 100 + i;
    ru.ru_nivcsw = -1;
    syscall(SYS_waitid, P_ALL, 0, &info, WEXITED | WNOHANG, &ru);    /* no child ready: {} */
    info.si_signo = SIGCHLD;
    info.si_code = CLD_KILLED;
    info.si_pid = 1234;
    info.si_uid = 1000;
    info.si_status = SIGKILL;
    info.si_utime = 150;
    info.si_stime = 3;
    syscall(SYS_waitid, P_PID, 1234, &info, WEXITED, &ru);
    info.si_code = CLD_STOPPED;
    info.si_status = SIGTSTP;
    syscall(SYS_waitid, P_PGID, 1234, &info, WSTOPPED, NULL);
    info.si_code = CLD_CONTINUED;
    info.si_status = SIGCONT;
    info.si_utime = 0;
    syscall(SYS_waitid, P_PIDFD, 3, &info, WCONTINUED, &ru);
}

int main(int argc, char **argv) {
    void *bad = unreadable_page();
    (void)argc; (void)argv;
    iovecs(bad);
    signal_calls(bad);
    waits(bad);
    timers(bad);
    signal_lines();
    filled_waits();
    return 0;
}
