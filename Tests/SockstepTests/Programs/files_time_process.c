/* execveat, openat2, utimes, futimesat, utime, mlockall, munlockall, readahead,
 * get_robust_list, kcmp, process_vm_readv/writev with good and bad arguments (execveat never
 * succeeds: its paths do not exist or its fds are bad; the utime calls name files that do not
 * exist); then time, gettimeofday and settimeofday made to return 0 without running, their
 * structs filled in by the program (settimeofday never runs). */
#include "decoders.h"
#include <fcntl.h>
#include <sys/time.h>
#include <utime.h>
#include <sys/uio.h>
#include <linux/kcmp.h>
#include <linux/openat2.h>

static unsigned long long big_how[1024];

int main(void) {
    void *bad = unreadable_page();
    char *argv[] = { "prog", "one", NULL };
    char *envp[] = { "A=1", NULL };

    /* execveat */
    syscall(SYS_execveat, AT_FDCWD, "/nonexistent/prog", argv, envp, 0);
    syscall(SYS_execveat, -1, "relative", argv, NULL, AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH);
    syscall(SYS_execveat, 99, "", NULL, envp, AT_EMPTY_PATH);
    syscall(SYS_execveat, AT_FDCWD, bad, bad, bad, 0x4000);
    syscall(SYS_execveat, AT_FDCWD, NULL, argv, envp, 0xffffffff);
    /* argv and envp cut by an unreadable page (unterminated lists) */
    char *two = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK(two != MAP_FAILED);
    CHECK(mprotect(two + 4096, 4096, PROT_NONE) == 0);
    char **edge = (char **)(two + 4096);
    edge[-2] = "B=2";
    edge[-1] = "A=1";
    syscall(SYS_execveat, AT_FDCWD, "/nonexistent", edge - 2, edge - 1, 0);
    syscall(SYS_execveat, AT_FDCWD, "/nonexistent", edge - 1, edge - 2, 0);

    /* openat2: the mode shown when not 0 or with O_CREAT / O_TMPFILE; bytes beyond the
     * struct shown when any is not 0. */
    struct open_how how = { .flags = O_RDONLY | O_CLOEXEC, .resolve = RESOLVE_NO_SYMLINKS | RESOLVE_BENEATH };
    syscall(SYS_openat2, AT_FDCWD, "/nonexistent", &how, sizeof how);
    struct open_how all = { .flags = O_WRONLY | O_CREAT | 0x100000000ULL, .mode = 0644, .resolve = ~0ULL };
    syscall(SYS_openat2, -1, "x", &all, sizeof all);
    struct open_how tmp = { .flags = O_RDWR | O_TMPFILE,
                            .resolve = RESOLVE_IN_ROOT | RESOLVE_CACHED | RESOLVE_NO_XDEV | RESOLVE_NO_MAGICLINKS };
    syscall(SYS_openat2, AT_FDCWD, "/nonexistent", &tmp, sizeof tmp);
    struct open_how moded = { .flags = O_RDONLY, .mode = 0755 };
    syscall(SYS_openat2, AT_FDCWD, "/nonexistent", &moded, sizeof moded);
    struct open_how wide = { .flags = O_CREAT, .mode = 0xffffffffffULL };
    syscall(SYS_openat2, AT_FDCWD, "/nonexistent", &wide, sizeof wide);
    syscall(SYS_openat2, AT_FDCWD, "/nonexistent", big_how, 40);
    big_how[4] = 5;
    syscall(SYS_openat2, AT_FDCWD, "/nonexistent", big_how, 40);
    syscall(SYS_openat2, AT_FDCWD, "/nonexistent", big_how, 27);
    syscall(SYS_openat2, AT_FDCWD, "/nonexistent", big_how, sizeof big_how);
    big_how[4] = 0;
    big_how[3] = 0x4142;
    syscall(SYS_openat2, AT_FDCWD, "/nonexistent", big_how, 27);
    syscall(SYS_openat2, AT_FDCWD, "/nonexistent", &how, 16);
    syscall(SYS_openat2, AT_FDCWD, "/nonexistent", bad, sizeof how);
    syscall(SYS_openat2, AT_FDCWD, "/nonexistent", NULL, sizeof how);
    syscall(SYS_openat2, AT_FDCWD, NULL, &how, 0);

    /* utimes, futimesat: struct timeval[2]; utime: struct utimbuf */
    struct timeval tv[2] = { { 1, 2 }, { 1700000000, 999999 } };
    struct timeval odd[2] = { { -1, 1000000 }, { 0, -1 } };
    struct timeval near[2] = { { 5, (1 << 30) - 1 }, { 0, 0 } };
    struct timeval far[2] = { { 0x7fffffffffffffffLL, 0 }, { -100000000000LL, 5 } };
    syscall(SYS_utimes, "/nonexistent", tv);
    syscall(SYS_utimes, "/nonexistent", NULL);
    syscall(SYS_utimes, "/nonexistent", bad);
    syscall(SYS_utimes, "/nonexistent", odd);
    syscall(SYS_utimes, "/nonexistent", near);
    syscall(SYS_utimes, "/nonexistent", far);
    syscall(SYS_utimes, "/nonexistent", (char *)bad - 16);
    syscall(SYS_futimesat, AT_FDCWD, "/nonexistent", tv);
    syscall(SYS_futimesat, -1, NULL, odd);
    syscall(SYS_futimesat, 99, "x", bad);
    struct utimbuf ub = { 1, 1700000000 };
    struct utimbuf ub2 = { -1, 0x7fffffffffffffffLL };
    struct utimbuf ub3 = { 0, -100000000000LL };
    syscall(SYS_utime, "/nonexistent", &ub);
    syscall(SYS_utime, "/nonexistent", NULL);
    syscall(SYS_utime, bad, bad);
    syscall(SYS_utime, "/nonexistent", &ub2);
    syscall(SYS_utime, "/nonexistent", &ub3);
    syscall(SYS_utime, "/nonexistent", (char *)bad - 8);

    /* mlockall, munlockall */
    syscall(SYS_mlockall, 0);
    syscall(SYS_mlockall, 4);
    syscall(SYS_mlockall, 0x15);
    syscall(SYS_mlockall, 0xfffffff8);
    syscall(SYS_munlockall);

    /* readahead */
    int fd = open("/proc/self/exe", O_RDONLY);
    syscall(SYS_readahead, fd, 0, 4096);
    syscall(SYS_readahead, fd, -1LL, 0);
    syscall(SYS_readahead, -1, 0x123456789LL, (size_t)-1);
    close(fd);

    /* get_robust_list: the head's address and the length filled */
    pid_t me = getpid();
    void *head;
    size_t len;
    syscall(SYS_get_robust_list, 0, &head, &len);
    syscall(SYS_get_robust_list, me, NULL, &len);
    syscall(SYS_get_robust_list, me, &head, bad);
    syscall(SYS_get_robust_list, -1, &head, &len);
    syscall(SYS_get_robust_list, 0, bad, &len);

    /* kcmp: the indexes by type */
    syscall(SYS_kcmp, me, me, KCMP_FILE, 0, 0);
    syscall(SYS_kcmp, me, me, KCMP_FILE, 99, -1);
    syscall(SYS_kcmp, me, me, KCMP_VM, 5, 6);
    syscall(SYS_kcmp, me, me, KCMP_FILES, 0, 0);
    syscall(SYS_kcmp, me, me, KCMP_FS, 0, 0);
    syscall(SYS_kcmp, me, me, KCMP_SIGHAND, 0, 0);
    syscall(SYS_kcmp, me, me, KCMP_IO, 0, 0);
    syscall(SYS_kcmp, me, me, KCMP_SYSVSEM, 0, 0);
    struct kcmp_epoll_slot slot = { 3, 4, 5 };
    syscall(SYS_kcmp, me, me, KCMP_EPOLL_TFD, 99, &slot);
    syscall(SYS_kcmp, me, me, KCMP_EPOLL_TFD, 0, bad);
    syscall(SYS_kcmp, me, me, KCMP_EPOLL_TFD, 0, NULL);
    syscall(SYS_kcmp, me, -1, 8, 1, 2);
    syscall(SYS_kcmp, me, -1, 0xffffffff, 1, 2);

    /* process_vm_readv, process_vm_writev: the local iovecs with data (readv's after success),
     * the remote ones by address */
    char from[8] = "abcdefg", to[8];
    struct iovec local[2] = { { to, 4 }, { to + 4, 4 } }, remote[1] = { { from, 8 } }, unread[1] = { { bad, 8 } };
    syscall(SYS_process_vm_readv, me, local, 2, remote, 1, 0);
    syscall(SYS_process_vm_writev, me, remote, 1, local, 2, 0);
    syscall(SYS_process_vm_readv, me, local, 2, bad, 1, 0);
    syscall(SYS_process_vm_readv, me, bad, 2, remote, 1, 5);
    syscall(SYS_process_vm_readv, -1, local, 2, remote, 1, 0);
    syscall(SYS_process_vm_writev, me, NULL, 0, NULL, 0, 0);
    syscall(SYS_process_vm_readv, me, local, 2, unread, 1, 0);

    /* time, gettimeofday: bad pointers, then results the program fakes */
    syscall(SYS_time, bad);
    syscall(SYS_gettimeofday, bad, bad);
    int faked[] = { SYS_time, SYS_gettimeofday, SYS_settimeofday };
    pretend_success(faked, 3);
    time_t t = 12345;
    struct timeval now = { 1, 2 };
    struct timezone tz = { -60, 1 };
    syscall(SYS_time, &t);
    syscall(SYS_time, NULL);
    syscall(SYS_gettimeofday, &now, &tz);
    syscall(SYS_gettimeofday, &now, NULL);
    syscall(SYS_gettimeofday, NULL, NULL);
    syscall(SYS_settimeofday, &now, &tz);
    syscall(SYS_settimeofday, NULL, &tz);
    syscall(SYS_settimeofday, bad, NULL);
    syscall(SYS_settimeofday, &now, bad);
    return 0;
}
