/* fanotify_init and fanotify_mark with good and bad arguments (a real fanotify group on a
 * temporary directory, removed; marks on bad descriptors, unknown flags), and futex_waitv
 * with a futex whose value differs (EAGAIN at once), bad pointers, flags and clocks. */
#include "decoders.h"
#include <fcntl.h>
#include <stdint.h>
#include <time.h>
#include <linux/fanotify.h>
#include <linux/futex.h>

#ifndef FUTEX_32
#define FUTEX_32 2
#endif
struct waitv { uint64_t val; uint64_t uaddr; uint32_t flags; uint32_t reserved; };

int main(void) {
    void *bad = unreadable_page();

    /* fanotify_init: the class, the other flags, the event file flags */
    long fd = syscall(SYS_fanotify_init, FAN_CLASS_NOTIF | FAN_CLOEXEC | FAN_NONBLOCK, O_RDONLY | O_LARGEFILE);
    syscall(SYS_fanotify_init, FAN_CLASS_CONTENT | FAN_UNLIMITED_QUEUE | FAN_UNLIMITED_MARKS, O_RDWR);
    syscall(SYS_fanotify_init, FAN_CLASS_PRE_CONTENT | FAN_REPORT_FID | FAN_REPORT_DIR_FID | FAN_REPORT_NAME, O_WRONLY | O_CLOEXEC);
    syscall(SYS_fanotify_init, 0xc, 0);
    syscall(SYS_fanotify_init, 0xffffffff, 0xffffffff);
    syscall(SYS_fanotify_init, FAN_ENABLE_AUDIT | FAN_REPORT_TID | FAN_REPORT_PIDFD | 0x10000000, O_RDONLY | O_NONBLOCK);
    syscall(SYS_fanotify_init, 0x1000 | 0x2000 | 0x4000, O_RDONLY);
    syscall(SYS_fanotify_init, 0x10000000, O_RDONLY);
    syscall(SYS_fanotify_init, FAN_CLASS_CONTENT | 0x80000000, O_RDONLY);

    /* fanotify_mark: a mark added and removed on a directory (the fd from fanotify_init, or
     * a bad one), FAN_NOFD, the mask's 64 bits */
    int mfd = fd >= 0 ? (int)fd : 99;
    syscall(SYS_fanotify_mark, mfd, FAN_MARK_ADD | FAN_MARK_ONLYDIR, FAN_CREATE | FAN_DELETE | FAN_ONDIR | FAN_EVENT_ON_CHILD, AT_FDCWD, "/tmp");
    syscall(SYS_fanotify_mark, mfd, FAN_MARK_REMOVE | FAN_MARK_ONLYDIR, FAN_CREATE | FAN_DELETE | FAN_ONDIR | FAN_EVENT_ON_CHILD, AT_FDCWD, "/tmp");
    syscall(SYS_fanotify_mark, mfd, FAN_MARK_FLUSH, 0, -1, NULL);
    syscall(SYS_fanotify_mark, -1, FAN_MARK_ADD | FAN_MARK_MOUNT | FAN_MARK_DONT_FOLLOW, FAN_ACCESS | FAN_MODIFY | FAN_CLOSE, -1, "/nonexistent");
    syscall(SYS_fanotify_mark, -1, FAN_MARK_ADD | FAN_MARK_FILESYSTEM | FAN_MARK_IGNORED_MASK | FAN_MARK_IGNORED_SURV_MODIFY,
            FAN_OPEN_PERM | FAN_ACCESS_PERM | FAN_OPEN_EXEC | FAN_OPEN_EXEC_PERM | FAN_Q_OVERFLOW, 5, "x");
    syscall(SYS_fanotify_mark, -1, 0x400 | 0x200 | 0x110, FAN_ATTRIB | FAN_MOVED_FROM | FAN_MOVED_TO | FAN_DELETE_SELF | FAN_MOVE_SELF, 99, bad);
    syscall(SYS_fanotify_mark, -1, 0xffffffff, 0xffffffffffffffffULL, -100, NULL);
    syscall(SYS_fanotify_mark, -1, 0x8000, 0x100000000ULL, -2, "");
    syscall(SYS_fanotify_mark, -1, 0, 0x8000 | 0x80000 | 0x10000000 | 0x1000000 | 0x2000000 | 0x100000, -1, NULL);
    syscall(SYS_fanotify_mark, -1, 0, 0, 0xffffffff00000005ULL, NULL);
    if (fd >= 0) close(fd);

    /* futex_waitv: the waiters (none waits: each value differs from the futex's), a timeout,
     * a clock; an array cut by an unreadable page, one longer than -s */
    uint32_t word = 1;
    struct waitv w[2] = { { 0, (uintptr_t)&word, FUTEX_32, 0 }, { 5, (uintptr_t)&word, FUTEX_32 | 0x80, 0 } };
    struct timespec ts = { 1, 2 };
    syscall(SYS_futex_waitv, w, 2, 0, &ts, CLOCK_MONOTONIC);
    syscall(SYS_futex_waitv, w, 1, 0, NULL, CLOCK_REALTIME);
    syscall(SYS_futex_waitv, NULL, 0, 0, NULL, CLOCK_MONOTONIC);
    syscall(SYS_futex_waitv, w, 0, 0, NULL, CLOCK_MONOTONIC);
    syscall(SYS_futex_waitv, bad, 2, 0x10, bad, CLOCK_BOOTTIME);
    struct timespec odd = { -1, 1000000000 };
    struct timespec neg = { 0, -1 };
    syscall(SYS_futex_waitv, w, 0x100000001ULL, 0xffffffff, &odd, 99);
    syscall(SYS_futex_waitv, w, 1, 0, &neg, 0xffffffff);
    struct waitv odd_flags[3] = { { 1, 0, 0x1, 0 }, { 2, 0, 0x82, 7 }, { 3, 0, 0xff00, 0 } };
    syscall(SYS_futex_waitv, odd_flags, 3, 0, NULL, CLOCK_TAI);
    static struct waitv many[40];
    syscall(SYS_futex_waitv, many, 40, 0, NULL, CLOCK_MONOTONIC);
    char *two = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK(two != MAP_FAILED);
    CHECK(mprotect(two + 4096, 4096, PROT_NONE) == 0);
    struct waitv *edge = (struct waitv *)(two + 4096) - 2;
    edge[0] = w[0];
    edge[1] = w[1];
    syscall(SYS_futex_waitv, edge, 3, 0, NULL, CLOCK_MONOTONIC);
    return 0;
}
