/* Signal calls with good and bad arguments: rt_sigaction, rt_sigprocmask, rt_sigpending,
 * sigaltstack, rt_sigreturn (a handled signal), kill, tgkill; then a struct sigaction and a
 * stack_t filled in by the program. */
#include "decoders.h"
#include <signal.h>
#include <stdint.h>

static void handler(int s) { (void)s; }
struct kernel_sigaction { unsigned long handler, flags, restorer; uint64_t mask; };

int main(void) {
    void *bad = unreadable_page();
    struct sigaction sa, old;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = handler;
    sigaddset(&sa.sa_mask, SIGINT);
    sigaddset(&sa.sa_mask, SIGRTMIN + 3);
    sa.sa_flags = SA_RESTART;
    sigaction(SIGUSR1, &sa, &old);
    sigaction(SIGUSR1, NULL, &old);
    sa.sa_handler = SIG_IGN;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER | SA_RESETHAND | SA_NOCLDSTOP | SA_NOCLDWAIT;
    sigaction(SIGCHLD, &sa, NULL);
    sa.sa_handler = SIG_DFL;
    sigfillset(&sa.sa_mask);
    sa.sa_flags = 0;
    sigaction(SIGTERM, &sa, NULL);
    struct kernel_sigaction k = { 0x1234, 0x8000000, 0, ~0ULL };
    syscall(SYS_rt_sigaction, SIGINT, &k, NULL, 8);
    k.flags = 0x04000000 | 0x400 | 0x10000000;
    k.restorer = 0x5678;
    k.mask = 0;
    syscall(SYS_rt_sigaction, SIGINT, &k, &k, 8);
    syscall(SYS_rt_sigaction, SIGINT, bad, bad, 8);
    syscall(SYS_rt_sigaction, 99, &k, NULL, 8);
    syscall(SYS_rt_sigaction, SIGINT, &k, NULL, 4);
    syscall(SYS_rt_sigaction, SIGKILL, NULL, &k, 8);
    syscall(SYS_rt_sigaction, SIGKILL, &k, NULL, 8);
    syscall(SYS_rt_sigaction, 0, NULL, NULL, 8);
    syscall(SYS_rt_sigaction, -1, NULL, NULL, 8);
    sigset_t set, oset;
    sigemptyset(&set);
    sigaddset(&set, SIGHUP);
    sigaddset(&set, SIGCHLD);
    sigprocmask(SIG_BLOCK, &set, &oset);
    sigprocmask(SIG_UNBLOCK, &set, NULL);
    sigfillset(&set);
    sigprocmask(SIG_SETMASK, &set, &oset);
    sigprocmask(SIG_SETMASK, &oset, NULL);
    syscall(SYS_rt_sigprocmask, 5, &set, NULL, 8);
    syscall(SYS_rt_sigprocmask, SIG_BLOCK, bad, bad, 8);
    syscall(SYS_rt_sigprocmask, SIG_BLOCK, NULL, &oset, 8);
    syscall(SYS_rt_sigprocmask, SIG_BLOCK, NULL, NULL, 8);
    int sizes[] = { 0, 1, 4, 7, 9, 16, 128 };
    for (int i = 0; i < 7; i++) {
        syscall(SYS_rt_sigprocmask, SIG_BLOCK, &set, &oset, sizes[i]);
        syscall(SYS_rt_sigpending, &set, sizes[i]);
    }
    syscall(SYS_rt_sigpending, &set, 8);
    syscall(SYS_rt_sigpending, bad, 8);
    unsigned long bits[2] = { 0xfffffffe, 0 };
    syscall(SYS_rt_sigprocmask, SIG_BLOCK, bits, NULL, 8);
    bits[0] = 0xfffffffffffffffeUL;
    syscall(SYS_rt_sigprocmask, SIG_BLOCK, bits, NULL, 8);
    sigemptyset(&set);
    sigprocmask(SIG_SETMASK, &set, NULL);
    stack_t ss, oss;
    static char stackmem[16384];
    ss.ss_sp = stackmem;
    ss.ss_size = sizeof stackmem;
    ss.ss_flags = 0;
    sigaltstack(&ss, &oss);
    sigaltstack(NULL, &oss);
    ss.ss_flags = SS_DISABLE;
    sigaltstack(&ss, NULL);
    ss.ss_flags = 0x80000000 | 4;
    sigaltstack(&ss, NULL);
    sigaltstack(bad, bad);
    /* a handled signal: its delivery, then rt_sigreturn with the mask it restores */
    sigaction(SIGUSR1, &(struct sigaction){ .sa_handler = handler }, NULL);
    sigemptyset(&set);
    sigaddset(&set, SIGUSR2);
    sigprocmask(SIG_SETMASK, &set, NULL);
    raise(SIGUSR1);
    kill(getpid(), 0);
    kill(-1, 99);
    syscall(SYS_tgkill, getpid(), getpid(), SIGUSR1);
    syscall(SYS_tgkill, -1, 1, 0);

    int faked[] = { SYS_rt_sigaction, SYS_sigaltstack };
    pretend_success(faked, 2);
    memset(&k, 0xff, sizeof k);
    syscall(SYS_rt_sigaction, SIGINT, NULL, &k, 8);
    memset(&k, 0, sizeof k);
    k.handler = 1;
    syscall(SYS_rt_sigaction, SIGINT, NULL, &k, 8);
    memset(&ss, 0xff, sizeof ss);
    syscall(SYS_sigaltstack, NULL, &ss);
    return 0;
}
