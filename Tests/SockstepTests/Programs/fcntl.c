/* fcntl with every command strace 6.1 decodes, with good and bad arguments: descriptor and
 * status flags (F_GETFL's note is strace's text of the open modes), duplicates, record locks
 * and open file description locks (struct flock, filled by F_GETLK), the owner (struct
 * f_owner_ex), signals, leases, directory notification, pipe sizes, seals, and commands
 * strace does not know; flock and fallocate; and memfd_create (names at and past its 250 bytes, huge page sizes).
 * usage: fcntl DIR     (an empty directory) */
#include "decoders.h"
#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <linux/falloc.h>

static long f(int fd, long command, long argument) { return syscall(SYS_fcntl, fd, command, argument); }

int main(int argc, char **argv) {
    CHECK(argc == 2);
    CHECK(chdir(argv[1]) == 0);
    char *bad = unreadable_page();
    int fd = open("file", O_RDWR | O_CREAT | O_TRUNC, 0640);
    CHECK(fd == 3);
    CHECK(write(fd, "0123456789", 10) == 10);

    /* descriptor flags */
    f(fd, F_GETFD, 0);
    f(fd, F_SETFD, FD_CLOEXEC);
    f(fd, F_GETFD, 0);
    f(fd, F_SETFD, 0x6);
    f(fd, F_SETFD, 0);
    /* file status flags */
    f(fd, F_GETFL, 0);
    f(fd, F_SETFL, O_APPEND | O_NONBLOCK | O_NOATIME);
    f(fd, F_GETFL, 0);
    f(fd, F_SETFL, 0);
    f(99, F_GETFL, 0);
    /* duplicates */
    f(fd, F_DUPFD, 10);
    f(fd, F_DUPFD_CLOEXEC, 20);
    f(fd, F_DUPFD, -1);

    /* record locks */
    struct flock lock = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 5 };
    f(fd, F_SETLK, (long)&lock);
    lock = (struct flock){ .l_type = F_RDLCK, .l_whence = SEEK_CUR, .l_start = -2, .l_len = 0 };
    f(fd, F_SETLKW, (long)&lock);
    struct flock probe = { .l_type = F_WRLCK, .l_whence = SEEK_END, .l_start = 0, .l_len = 0 };
    f(fd, F_GETLK, (long)&probe);
    lock.l_type = F_UNLCK;
    f(fd, F_SETLK, (long)&lock);
    struct flock odd = { .l_type = 0x77, .l_whence = 9, .l_start = 1, .l_len = -1 };
    f(fd, F_SETLK, (long)&odd);
    f(fd, F_SETLK, 0);
    f(fd, F_SETLK, (long)bad);
    f(fd, F_GETLK, (long)bad);
    f(fd, F_GETLK, 0);
    f(99, F_GETLK, (long)&probe);
    /* open file description locks (after the record locks are gone: the two kinds conflict
     * even within one process) */
    lock = (struct flock){ .l_type = F_UNLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0 };
    f(fd, F_SETLK, (long)&lock);
    struct flock ofd = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 2, .l_len = 3 };
    f(fd, F_OFD_SETLK, (long)&ofd);
    f(fd, F_OFD_SETLKW, (long)&ofd);
    struct flock ofdProbe = { .l_type = F_RDLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0 };
    f(fd, F_OFD_GETLK, (long)&ofdProbe);
    f(fd, F_OFD_GETLK, (long)bad);

    /* owner */
    f(fd, F_GETOWN, 0);
    f(fd, F_SETOWN, 0);
    struct f_owner_ex owner = { .type = F_OWNER_PGRP, .pid = 0 };
    f(fd, F_SETOWN_EX, (long)&owner);
    struct f_owner_ex got = { 0 };
    f(fd, F_GETOWN_EX, (long)&got);
    owner.type = 7;
    f(fd, F_SETOWN_EX, (long)&owner);
    f(fd, F_SETOWN_EX, 0);
    f(fd, F_GETOWN_EX, (long)bad);
    /* signals */
    f(fd, F_GETSIG, 0);
    f(fd, F_SETSIG, SIGUSR1);
    f(fd, F_GETSIG, 0);
    f(fd, F_SETSIG, 40);
    f(fd, F_GETSIG, 0);
    f(fd, F_SETSIG, 0);
    /* leases */
    int readOnly = open("file", O_RDONLY);
    f(readOnly, F_GETLEASE, 0);
    f(readOnly, F_SETLEASE, F_RDLCK);
    f(readOnly, F_GETLEASE, 0);
    f(readOnly, F_SETLEASE, F_UNLCK);
    f(readOnly, F_SETLEASE, 0x55);
    /* directory notification */
    int directory = open(".", O_RDONLY | O_DIRECTORY);
    f(directory, F_NOTIFY, DN_MODIFY | DN_CREATE | DN_MULTISHOT);
    f(directory, F_NOTIFY, 0x400);
    f(directory, F_NOTIFY, 0);
    /* pipes */
    int p[2];
    CHECK(pipe(p) == 0);
    f(p[0], F_GETPIPE_SZ, 0);
    f(p[0], F_SETPIPE_SZ, 8192);
    f(p[0], F_GETPIPE_SZ, 0);
    /* seals */
    int sealed = memfd_create("sealed", MFD_ALLOW_SEALING);
    f(sealed, F_GET_SEALS, 0);
    f(sealed, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW);
    f(sealed, F_GET_SEALS, 0);
    f(sealed, F_ADD_SEALS, 0x100);
    f(fd, F_GET_SEALS, 0);
    /* memfd_create's names and flags */
    char longName[300];
    memset(longName, 'm', sizeof longName - 1);
    longName[sizeof longName - 1] = 0;
    syscall(SYS_memfd_create, "", 0);
    syscall(SYS_memfd_create, longName, MFD_CLOEXEC);
    syscall(SYS_memfd_create, 0, 0);
    syscall(SYS_memfd_create, bad, 0);
    syscall(SYS_memfd_create, "huge", MFD_HUGETLB | (21u << 26));
    syscall(SYS_memfd_create, "size only", 21u << 26);
    syscall(SYS_memfd_create, "odd", MFD_CLOEXEC | 0x100);
    syscall(SYS_memfd_create, "odd only", 0x100);
    /* flock and fallocate */
    syscall(SYS_flock, fd, LOCK_EX | LOCK_NB);
    syscall(SYS_flock, fd, LOCK_UN);
    syscall(SYS_flock, fd, LOCK_SH);
    syscall(SYS_flock, fd, 0xc0);
    syscall(SYS_flock, fd, 0x1000);
    syscall(SYS_flock, 99, LOCK_EX);
    syscall(SYS_fallocate, fd, 0, 0, 8192);
    syscall(SYS_fallocate, fd, FALLOC_FL_KEEP_SIZE | FALLOC_FL_PUNCH_HOLE, 4096, 4096);
    syscall(SYS_fallocate, fd, 0x80, -1, -5);
    syscall(SYS_fallocate, 99, 0, 0, 1);
    /* commands strace does not know */
    f(fd, 0x7777, 0);
    f(fd, 0x7777, 0xdeadbeef);
    f(fd, 99, 0);
    return 0;
}
