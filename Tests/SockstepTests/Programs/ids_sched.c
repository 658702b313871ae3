/* Identity, resource usage, inotify, splice, sync, membarrier, mincore, scheduling (sched_attr too), ioprio,
 * pidfd, namespace and capability calls with good and bad arguments; then getrusage's,
 * times', getcpu's and sched_rr_get_interval's structs filled in by the program (their real
 * values vary from run to run). */
#include "decoders.h"
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <sys/resource.h>
#include <sys/times.h>
#include <sys/wait.h>
#include <sys/uio.h>
#include <linux/capability.h>
#include <sys/inotify.h>
#include <linux/membarrier.h>

int main(void) {
    void *bad = unreadable_page();
    unsigned int a, b, c;

    /* Identities */
    syscall(SYS_getresuid, &a, &b, &c);
    syscall(SYS_getresgid, &a, &b, &c);
    syscall(SYS_getresuid, NULL, bad, &c);
    syscall(SYS_getresgid, bad, NULL, NULL);
    syscall(SYS_setuid, getuid());
    syscall(SYS_setuid, -1);
    syscall(SYS_setgid, getgid());
    syscall(SYS_setgid, 0xfffffffe);
    syscall(SYS_setresuid, -1, -1, -1);
    syscall(SYS_setresgid, -1, getgid(), -1);
    syscall(SYS_setreuid, -1, -1);
    syscall(SYS_setregid, getgid(), -1);
    syscall(SYS_setfsuid, -1);
    syscall(SYS_setfsgid, -1);
    syscall(SYS_setfsuid, getuid());
    syscall(SYS_setfsgid, 0x123456789abcULL);
    syscall(SYS_setuid, 0x100000000ULL | 12);

    /* Resource usage */
    struct rusage ru;
    syscall(SYS_getrusage, RUSAGE_SELF, NULL);
    syscall(SYS_getrusage, RUSAGE_CHILDREN, bad);
    syscall(SYS_getrusage, 77, &ru);
    syscall(SYS_getrusage, RUSAGE_THREAD, bad);
    syscall(SYS_times, bad);
    syscall(SYS_wait4, -1, NULL, WNOHANG, &ru);
    syscall(SYS_wait4, -1, NULL, WNOHANG, bad);
    syscall(SYS_getcpu, NULL, NULL, NULL);
    syscall(SYS_getcpu, bad, bad, NULL);
    syscall(SYS_personality, 0xffffffff);
    syscall(SYS_personality, 0x0400000 | 0x0008);
    syscall(SYS_personality, 0x0040000);
    syscall(SYS_personality, 0);
    syscall(SYS_personality, 0x12);
    syscall(SYS_personality, 0x1000000 | 0x0f);
    syscall(SYS_personality, 0xffffffff);

    /* inotify */
    int in = syscall(SYS_inotify_init1, IN_CLOEXEC);
    syscall(SYS_inotify_init1, IN_NONBLOCK | IN_CLOEXEC);
    syscall(SYS_inotify_init1, 0);
    syscall(SYS_inotify_init1, 0x10);
    syscall(SYS_inotify_init);
    int wd = syscall(SYS_inotify_add_watch, in, "/", IN_MODIFY | IN_CREATE | IN_DELETE);
    syscall(SYS_inotify_add_watch, in, "/", IN_ALL_EVENTS | IN_ONLYDIR | IN_MASK_ADD);
    syscall(SYS_inotify_add_watch, in, "/nonexistent", 0);
    syscall(SYS_inotify_add_watch, in, bad, 0x08000000);
    syscall(SYS_inotify_add_watch, -1, NULL, IN_ACCESS | IN_DONT_FOLLOW | IN_EXCL_UNLINK | IN_ONESHOT | IN_ISDIR | 0x10000);
    syscall(SYS_inotify_rm_watch, in, wd);
    syscall(SYS_inotify_rm_watch, -1, -5);

    /* splice, tee, vmsplice, sync */
    int p[2], q[2];
    CHECK(pipe(p) == 0 && pipe(q) == 0);
    CHECK(write(p[1], "hello", 5) == 5);
    long long off = 0;
    syscall(SYS_tee, p[0], q[1], 5, SPLICE_F_NONBLOCK);
    syscall(SYS_splice, p[0], NULL, q[1], NULL, 3, SPLICE_F_MOVE | SPLICE_F_MORE);
    syscall(SYS_splice, p[0], &off, q[1], NULL, 3, 0);
    syscall(SYS_splice, -1, bad, -2, &off, 1, 0x20);
    syscall(SYS_tee, -1, -1, 0, 0);
    struct iovec iov[2] = { { "ab", 2 }, { "cde", 3 } };
    syscall(SYS_vmsplice, q[1], iov, 2, SPLICE_F_GIFT);
    syscall(SYS_vmsplice, q[1], bad, 1, 0);
    syscall(SYS_vmsplice, -1, NULL, 0, 0x10);
    syscall(SYS_sync);
    syscall(SYS_syncfs, p[0]);
    syscall(SYS_syncfs, -1);
    syscall(SYS_sync_file_range, p[0], 0, 0, 0);
    syscall(SYS_sync_file_range, -1, 1, -1, SYNC_FILE_RANGE_WAIT_BEFORE | SYNC_FILE_RANGE_WRITE | SYNC_FILE_RANGE_WAIT_AFTER);
    syscall(SYS_sync_file_range, -1, 4096, 8192, 0x10);

    /* membarrier, mincore */
    syscall(SYS_membarrier, MEMBARRIER_CMD_QUERY, 0, 0);
    syscall(SYS_membarrier, (1 << 9), 0, 0);
    syscall(SYS_membarrier, MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED, 0, 0);
    syscall(SYS_membarrier, MEMBARRIER_CMD_PRIVATE_EXPEDITED, 0, 0);
    syscall(SYS_membarrier, MEMBARRIER_CMD_PRIVATE_EXPEDITED_RSEQ, MEMBARRIER_CMD_FLAG_CPU, 0);
    syscall(SYS_membarrier, 0x1000, 0, 0);
    syscall(SYS_membarrier, MEMBARRIER_CMD_QUERY, 1, -1);
    unsigned char vec[8];
    char *m = mmap(NULL, 4 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK(m != MAP_FAILED);
    m[0] = 1;
    m[2 * 4096] = 1;
    syscall(SYS_mincore, m, 4 * 4096, vec);
    syscall(SYS_mincore, m, 3 * 4096 + 1, vec);
    syscall(SYS_mincore, m, 4096, bad);
    syscall(SYS_mincore, m + 1, 4096, vec);
    syscall(SYS_mincore, bad, 4096, NULL);

    /* Scheduling */
    struct sched_param sp = { 0 };
    syscall(SYS_sched_getparam, 0, &sp);
    syscall(SYS_sched_getparam, 0, NULL);
    syscall(SYS_sched_getparam, -1, bad);
    syscall(SYS_sched_setparam, 0, &sp);
    syscall(SYS_sched_setparam, 0, bad);
    syscall(SYS_sched_getscheduler, 0);
    syscall(SYS_sched_getscheduler, -1);
    syscall(SYS_sched_setscheduler, 0, SCHED_OTHER, &sp);
    syscall(SYS_sched_setscheduler, 0, SCHED_BATCH | SCHED_RESET_ON_FORK, &sp);
    syscall(SYS_sched_getscheduler, 0);
    syscall(SYS_sched_setscheduler, 0, SCHED_OTHER, &sp);
    syscall(SYS_sched_setscheduler, 0, 77, bad);
    syscall(SYS_sched_setscheduler, -1, SCHED_FIFO, NULL);
    syscall(SYS_sched_get_priority_max, SCHED_FIFO);
    syscall(SYS_sched_get_priority_min, SCHED_RR);
    syscall(SYS_sched_get_priority_max, SCHED_IDLE);
    syscall(SYS_sched_get_priority_min, 99);
    syscall(SYS_sched_rr_get_interval, 0, NULL);
    syscall(SYS_sched_rr_get_interval, 0, bad);
    syscall(SYS_sched_rr_get_interval, -1, NULL);
    struct { uint32_t size, policy; uint64_t flags; int32_t nice; uint32_t prio; uint64_t runtime, deadline, period;
             uint32_t umin, umax; uint64_t extra[4]; } attr;
    memset(&attr, 0, sizeof attr);
    syscall(SYS_sched_getattr, 0, &attr, 56, 0);
    syscall(SYS_sched_getattr, 0, &attr, 48, 0);
    syscall(SYS_sched_getattr, 0, &attr, 88, 0);
    syscall(SYS_sched_getattr, 0, &attr, 20, 0);
    syscall(SYS_sched_getattr, 0, NULL, 56, 0);
    syscall(SYS_sched_getattr, 0, bad, 56, 0);
    syscall(SYS_sched_getattr, -1, &attr, 56, 1);
    memset(&attr, 0, sizeof attr);
    attr.size = 48; attr.policy = 3; attr.flags = 0x8 | 0x1; attr.nice = -3;
    syscall(SYS_sched_setattr, -1, &attr, 0);
    attr.size = 56; attr.flags = 0x60 | 0x100; attr.umin = 1; attr.umax = 2; attr.policy = 99;
    syscall(SYS_sched_setattr, 0, &attr, 0);
    attr.size = 0;
    syscall(SYS_sched_setattr, 0, &attr, 0);
    attr.size = 64; attr.flags = 0;
    syscall(SYS_sched_setattr, 0, &attr, 7);
    attr.size = 56; attr.flags = 0x10;
    syscall(SYS_sched_setattr, -1, &attr, 0);
    attr.size = 52; attr.flags = 0; attr.policy = 1;
    syscall(SYS_sched_setattr, -1, &attr, 0);
    attr.size = 64; attr.extra[0] = 5;
    syscall(SYS_sched_setattr, 0, &attr, 0);
    attr.size = 20;
    syscall(SYS_sched_setattr, 0, &attr, 0);
    syscall(SYS_sched_setattr, 0, NULL, 0);
    syscall(SYS_sched_setattr, 0, bad, 0);
    syscall(SYS_ioprio_get, 1, 0);
    syscall(SYS_ioprio_get, 2, -5);
    syscall(SYS_ioprio_get, 9, 0);
    syscall(SYS_ioprio_set, 1, 0, (2 << 13) | 4);
    syscall(SYS_ioprio_get, 1, 0);
    syscall(SYS_ioprio_set, 1, 0, (3 << 13));
    syscall(SYS_ioprio_get, 1, 0);
    syscall(SYS_ioprio_set, 3, 0, (7 << 13) | 9);
    syscall(SYS_ioprio_set, 1, 0, 0);

    /* pidfd, namespaces, chroot, capabilities */
    int pfd = syscall(SYS_pidfd_open, getpid(), 0);
    syscall(SYS_pidfd_open, -1, 0);
    syscall(SYS_pidfd_open, getpid(), 0x800);
    syscall(SYS_pidfd_open, getpid(), 0x1);
    syscall(SYS_pidfd_send_signal, pfd, 0, NULL, 0);
    syscall(SYS_pidfd_send_signal, -1, SIGUSR1, bad, 1);
    /* a siginfo given: SIGCONT with a queued value to itself (nothing stopped, nothing happens),
     * and one of no signal */
    siginfo_t si;
    memset(&si, 0, sizeof si);
    si.si_signo = SIGCONT;
    si.si_code = SI_QUEUE;
    si.si_pid = getpid();
    si.si_uid = getuid();
    si.si_value.sival_int = 5;
    syscall(SYS_pidfd_send_signal, pfd, SIGCONT, &si, 0);
    si.si_signo = 0;
    syscall(SYS_pidfd_send_signal, pfd, 0, &si, 0);
    syscall(SYS_pidfd_getfd, pfd, 0, 0);
    syscall(SYS_pidfd_getfd, -1, -1, 5);
    syscall(SYS_unshare, 0);
    syscall(SYS_unshare, CLONE_NEWNS | CLONE_NEWUSER | CLONE_FILES);
    syscall(SYS_unshare, 0x80);
    syscall(SYS_unshare, 0x1 | CLONE_NEWIPC);
    syscall(SYS_setns, -1, CLONE_NEWNET);
    syscall(SYS_setns, pfd, 0);
    syscall(SYS_setns, -1, 0x1);
    syscall(SYS_chroot, "/nonexistent");
    syscall(SYS_chroot, bad);
    syscall(SYS_chroot, NULL);
    struct __user_cap_header_struct hdr = { _LINUX_CAPABILITY_VERSION_3, 0 };
    struct __user_cap_data_struct data[2];
    syscall(SYS_capget, &hdr, data);
    syscall(SYS_capget, &hdr, NULL);
    syscall(SYS_capget, NULL, NULL);
    syscall(SYS_capget, bad, bad);
    hdr.version = _LINUX_CAPABILITY_VERSION_1;
    syscall(SYS_capget, &hdr, data);
    hdr.version = 0x12345678;
    syscall(SYS_capget, &hdr, data);
    hdr.version = _LINUX_CAPABILITY_VERSION_3;
    syscall(SYS_capget, &hdr, data);
    syscall(SYS_capset, &hdr, data);
    data[0].effective = 0;
    syscall(SYS_capset, &hdr, data);
    syscall(SYS_capset, &hdr, bad);
    hdr.pid = -1;
    syscall(SYS_capset, &hdr, NULL);

    syscall(SYS_setns, -1, CLONE_NEWNET | CLONE_NEWUTS);
    syscall(SYS_setns, -1, CLONE_NEWNET | 1);
    syscall(SYS_unshare, -1);
    hdr.version = _LINUX_CAPABILITY_VERSION_2;
    hdr.pid = 0;
    memset(data, 0, sizeof data);
    data[0].effective = 3; data[1].effective = 1; data[0].permitted = 0x80000000; data[1].permitted = 0xfffffe00;
    syscall(SYS_capset, &hdr, data);
    syscall(SYS_personality, 0x1000);
    syscall(SYS_personality, 0x8000000 | 0x7000);
    syscall(SYS_personality, 0xffffffff);
    syscall(SYS_membarrier, MEMBARRIER_CMD_QUERY, 2, 0);
    char *big = mmap(NULL, 64 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK(big != MAP_FAILED);
    big[0] = 1;
    unsigned char bigvec[64];
    syscall(SYS_mincore, big, 64 * 4096, bigvec);

    /* Arrays cut by the end of a readable page (no structure straddles it: strace would warn
       of a short read on its stderr), and registers with high bits set. */
    char *page = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK(page != MAP_FAILED && munmap(page + 4096, 4096) == 0);
    char *edge = page + 4096;
    memset(page, 0x41, 4096);
    syscall(SYS_mincore, page, -1L, page);
    syscall(SYS_mincore, page, 0, page);
    syscall(SYS_vmsplice, -1, page, 0, 0);
    syscall(SYS_vmsplice, -1, edge - 16, 2, 0);
    syscall(SYS_capset, edge - 8, edge - 12);
    syscall(SYS_getresgid, edge - 2, edge - 4, edge);
    syscall(SYS_splice, -1, edge - 8, -1, edge - 16, -1L, -1L);
    syscall(SYS_personality, 0xffffffff00000008UL);
    syscall(SYS_ioprio_set, -1L, -1L, -1L);
    syscall(SYS_ioprio_set, 1, 0, 0xffff0000UL | (7 << 13));
    syscall(SYS_membarrier, -1L, -1L, -1L);
    syscall(SYS_inotify_add_watch, -1L, bad, -1L);
    syscall(SYS_setns, -1L, -1L);
    syscall(SYS_unshare, 0xffffffff00000000UL);
    syscall(SYS_sync_file_range, -1L, -1L, -1L, -1L);
    syscall(SYS_pidfd_getfd, -1L, -1L, -1L);
    syscall(SYS_pidfd_send_signal, -1L, -1L, bad, -1L);
    syscall(SYS_setresuid, -1L, 0xfffffffe, 0x100000000UL);

    /* Filled by the program: the calls return 0 without running. */
    int faked[] = { SYS_getrusage, SYS_times, SYS_getcpu, SYS_sched_rr_get_interval, SYS_wait4, SYS_getresuid };
    pretend_success(faked, 6);
    memset(&ru, 0, sizeof ru);
    syscall(SYS_getrusage, RUSAGE_SELF, &ru);
    ru.ru_utime.tv_sec = 1; ru.ru_utime.tv_usec = 1637;
    ru.ru_stime.tv_sec = 0; ru.ru_stime.tv_usec = 999999;
    long *l = &ru.ru_maxrss;
    for (int i = 0; i < 14; i++) l[i] = 100 + i;
    syscall(SYS_getrusage, RUSAGE_CHILDREN, &ru);
    ru.ru_utime.tv_usec = 1000000; ru.ru_stime.tv_sec = -1;
    syscall(SYS_getrusage, RUSAGE_THREAD, &ru);
    syscall(SYS_wait4, -1, NULL, WNOHANG, &ru);
    struct tms t = { 0, 3, 150, 1234567 };
    syscall(SYS_times, &t);
    memset(&t, 0, sizeof t);
    syscall(SYS_times, &t);
    unsigned cpu = 3, node = 1;
    syscall(SYS_getcpu, &cpu, &node, NULL);
    syscall(SYS_getcpu, &cpu, NULL, bad);
    struct timespec ts = { 0, 100000000 };
    syscall(SYS_sched_rr_get_interval, 0, &ts);
    ts.tv_sec = 3;
    syscall(SYS_sched_rr_get_interval, 0, &ts);
    a = -1; b = 0; c = 65534;
    syscall(SYS_getresuid, &a, &b, &c);
    return 0;
}
