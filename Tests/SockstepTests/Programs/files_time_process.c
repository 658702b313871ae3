/* execveat, openat2, utimes, futimesat, utime, mlockall, munlockall and readahead with good
 * and bad arguments (execveat never succeeds: its paths do not exist or its fds are bad; the
 * utime calls name files that do not exist). */
#include "decoders.h"
#include <fcntl.h>
#include <sys/time.h>
#include <utime.h>
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
    return 0;
}
