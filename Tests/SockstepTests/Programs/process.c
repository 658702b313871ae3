/* Process calls with good and bad arguments: arch_prctl, set_tid_address, set_robust_list,
 * prlimit64, getrlimit, setrlimit, getrandom, uname, sysinfo, the id calls, sched_getaffinity,
 * sched_setaffinity, fork, vfork, clone, clone3, wait4; then uname's and sysinfo's structs
 * filled in by the program. Trace it with -f. */
#include "decoders.h"
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <sys/resource.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <asm/prctl.h>
#include <linux/sched.h>

struct rlimit64_ { uint64_t cur, max; };

int main(void) {
    void *bad = unreadable_page();
    unsigned long v;
    /* No SIGCHLD lines: when a child's exit signal arrives, before or after the parent's
       wait4, depends on the scheduler. */
    sigset_t chld;
    sigemptyset(&chld);
    sigaddset(&chld, SIGCHLD);
    CHECK(sigprocmask(SIG_BLOCK, &chld, NULL) == 0);
    syscall(SYS_arch_prctl, ARCH_GET_FS, &v);
    syscall(SYS_arch_prctl, ARCH_SET_FS, v);
    syscall(SYS_arch_prctl, ARCH_GET_GS, bad);
    syscall(SYS_arch_prctl, ARCH_GET_FS, NULL);
    syscall(SYS_arch_prctl, 0x3001, &v);
    syscall(SYS_arch_prctl, 0x9999, 0);
    syscall(SYS_arch_prctl, ARCH_GET_CPUID, 0);
    syscall(SYS_set_tid_address, &v);
    syscall(SYS_set_robust_list, &v, 24);
    syscall(SYS_set_robust_list, 0, 1);
    struct rlimit64_ rl = { 1024, 4096 }, old;
    syscall(SYS_prlimit64, 0, RLIMIT_NOFILE, NULL, &old);
    syscall(SYS_prlimit64, 0, RLIMIT_NOFILE, &rl, &old);
    syscall(SYS_prlimit64, 0, RLIMIT_STACK, NULL, &old);
    rl.cur = 8 << 20;
    rl.max = -1;
    syscall(SYS_prlimit64, 0, RLIMIT_STACK, &rl, NULL);
    syscall(SYS_prlimit64, getpid(), 99, NULL, &old);
    syscall(SYS_prlimit64, 0, RLIMIT_CORE, bad, bad);
    syscall(SYS_getpriority, PRIO_PROCESS, 0);
    syscall(SYS_getpriority, PRIO_PGRP, 0);
    syscall(SYS_getpriority, 7, -1);
    syscall(SYS_setpriority, PRIO_PROCESS, 0, 1);
    syscall(SYS_setpriority, PRIO_PROCESS, 99999999, -3);
    syscall(SYS_setpriority, 0x55, 0, 1);
    syscall(SYS_prlimit64, 0, RLIMIT_AS, NULL, bad);
    syscall(SYS_prlimit64, -1, RLIMIT_AS, NULL, &old);
    syscall(SYS_getrlimit, RLIMIT_NOFILE, &old);
    syscall(SYS_setrlimit, RLIMIT_NOFILE, &old);
    syscall(SYS_getrlimit, RLIMIT_DATA, bad);
    syscall(SYS_setrlimit, 77, NULL);
    char buf[64];
    syscall(SYS_getrandom, buf, 0, 0);
    syscall(SYS_getrandom, buf, 0, 2 | 4);
    syscall(SYS_getrandom, bad, 8, 0);
    syscall(SYS_getrandom, NULL, 8, 0);
    syscall(SYS_getrandom, buf, 8, 0x80);
    struct utsname u;
    syscall(SYS_uname, &u);
    syscall(SYS_uname, bad);
    syscall(SYS_uname, NULL);
    syscall(SYS_sysinfo, bad);
    syscall(SYS_sysinfo, NULL);
    getuid(); geteuid(); getgid(); getegid();
    /* A new session first: the group and session ids are then the program's own pid (before,
       they are the tracer's, which differs from run to run). */
    setsid();
    getpid(); gettid(); getpgrp(); getsid(0); getpgid(0); getsid(-1); getpgid(99999999);
    setpgid(0, 0);
    setpgid(-1, -1);
    gid_t groups[4] = { 1, 2, 3, 4 };
    syscall(SYS_getgroups, 0, NULL);
    syscall(SYS_getgroups, 4, groups);
    syscall(SYS_getgroups, -1, groups);
    syscall(SYS_getgroups, 4, 1);
    syscall(SYS_setgroups, 2, groups);
    syscall(SYS_getgroups, 4, groups);
    syscall(SYS_setgroups, 0, NULL);
    syscall(SYS_setgroups, 1, 1);
    prctl(PR_CAPBSET_READ, 0, 0, 0, 0);
    prctl(PR_CAPBSET_READ, 99, 1, 2, 3);
    prctl(PR_CAPBSET_DROP, 99, 1, 2, 3);
    /* CPU sets: what the program is given, as it would be under strace */
    cpu_set_t set;
    CPU_ZERO(&set);
    syscall(SYS_sched_getaffinity, 0, sizeof set, &set);
    syscall(SYS_sched_getaffinity, 0, 8, &set);
    syscall(SYS_sched_getaffinity, 0, 3, &set);
    syscall(SYS_sched_getaffinity, 0, 8, bad);
    syscall(SYS_sched_getaffinity, -1, 8, &set);
    syscall(SYS_sched_setaffinity, 0, sizeof set, &set);
    syscall(SYS_sched_setaffinity, 0, 8, bad);
    syscall(SYS_sched_setaffinity, 0, 0, NULL);
    sched_yield();
    /* children */
    int st;
    pid_t c = fork();
    if (c == 0) _exit(3);
    CHECK(wait4(c, &st, 0, NULL) == c);
    int p[2];
    CHECK(pipe(p) == 0);
    c = fork();
    if (c == 0) { char x; close(p[1]); read(p[0], &x, 1); _exit(0); }
    wait4(-1, &st, WNOHANG, NULL); /* the child still waits: 0 */
    close(p[1]);
    CHECK(wait4(c, &st, 0, NULL) == c);
    c = syscall(SYS_fork);
    if (c == 0) _exit(4);
    CHECK(wait4(c, &st, 0, NULL) == c);
    c = vfork();
    if (c == 0) _exit(0);
    CHECK(wait4(c, &st, 0, NULL) == c);
    wait4(-1, bad, 0, NULL);
    wait4(-1, NULL, 0x7777, NULL);
    struct clone_args ca;
    memset(&ca, 0, sizeof ca);
    int pidfd = -1;
    ca.flags = CLONE_PIDFD | CLONE_PARENT_SETTID;
    ca.pidfd = (uintptr_t)&pidfd;
    ca.parent_tid = (uintptr_t)&v;
    ca.exit_signal = SIGCHLD;
    c = syscall(SYS_clone3, &ca, sizeof ca);
    if (c == 0) _exit(1);
    CHECK(wait4(c, &st, __WALL, NULL) == c);
    ca.flags = 0;
    ca.exit_signal = 99;
    syscall(SYS_clone3, &ca, sizeof ca);
    syscall(SYS_clone3, bad, 88);
    syscall(SYS_clone3, NULL, 0);
    syscall(SYS_clone3, &ca, 8);
    syscall(SYS_clone, 0xffffffffL, 0, 0, 0, 0);
    /* 0x80 (CLONE_NEWTIME) is in clone's exit-signal byte: the child's exit signal is 145,
       not SIGCHLD, so only __WALL waits for it. */
    c = syscall(SYS_clone, 0x80 | SIGCHLD | CLONE_IO, 0, 0, 0, 0);
    if (c == 0) _exit(0);
    CHECK(wait4(c, &st, __WALL, NULL) == c);
    syscall(SYS_clone, CLONE_PARENT_SETTID | CLONE_SETTLS | CLONE_CHILD_SETTID | CLONE_VM | CLONE_THREAD, bad, bad, bad, bad);
    c = syscall(SYS_clone, CLONE_PARENT_SETTID | CLONE_CHILD_SETTID | SIGCHLD, 0, &pidfd, &v, 0);
    if (c == 0) _exit(2);
    CHECK(wait4(c, &st, 0, NULL) == c);

    int faked[] = { SYS_uname, SYS_sysinfo };
    pretend_success(faked, 2);
    memset(&u, 'A', sizeof u);
    syscall(SYS_uname, &u);
    memset(&u, 0, sizeof u);
    syscall(SYS_uname, &u);
    struct sysinfo si;
    memset(&si, 0xff, sizeof si);
    syscall(SYS_sysinfo, &si);
    memset(&si, 0, sizeof si);
    si.uptime = 1234;
    si.loads[1] = 5;
    si.totalram = 1 << 30;
    si.procs = 42;
    si.mem_unit = 1;
    syscall(SYS_sysinfo, &si);
    return 0;
}
