/* File and directory calls with good and bad arguments.
 * usage: files DIR     (an empty directory the program works in) */
#include "decoders.h"
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/eventfd.h>
#include <sys/xattr.h>
#include <sys/ioctl.h>
#include <sys/sysmacros.h>
#include <linux/fs.h>
#ifndef AT_EACCESS
#define AT_EACCESS 0x200
#endif

int main(int argc, char **argv) {
    CHECK(argc == 2);
    char *bad = unreadable_page();
    char buf[300];
    CHECK(chdir(argv[1]) == 0);
    umask(022);
    int fd = open("a.txt", O_WRONLY | O_CREAT | O_TRUNC, 0644);
    CHECK(fd == 3);
    write(fd, "hello, world\n", 13);
    write(fd, bad, 10);
    pwrite64(fd, "xy", 2, 100);
    pwrite64(fd, bad, 2, 0);
    lseek(fd, 0, SEEK_SET);
    lseek(fd, -5, SEEK_END);
    lseek(fd, 3, SEEK_CUR);
    lseek(fd, 0, SEEK_DATA);
    lseek(fd, 0, 7);
    lseek(99, 0, SEEK_SET);
    close(fd);
    fd = openat(AT_FDCWD, "a.txt", O_RDONLY | O_CLOEXEC);
    read(fd, buf, 5);
    read(fd, bad, 5);
    read(fd, NULL, 5);
    read(fd, buf, 0);
    pread64(fd, buf, 200, 2);
    pread64(fd, buf, 10, -1);
    pread64(fd, bad, 10, 0);
    syscall(SYS_read, fd, buf, -1L);
    close(fd);
    /* open's flags and mode */
    close(open("a.txt", O_RDWR | O_APPEND | O_NONBLOCK | O_NOFOLLOW | O_NOCTTY | O_SYNC | O_DIRECT | O_LARGEFILE | O_NOATIME));
    open("a.txt", O_RDONLY | O_PATH | O_DIRECTORY);
    close(open("new", O_WRONLY | O_CREAT | O_EXCL, 0));
    close(open(".", O_TMPFILE | O_RDWR, 0600));
    syscall(SYS_open, ".", 0x400000 | O_RDWR, 0600); /* __O_TMPFILE without O_DIRECTORY */
    close(syscall(SYS_open, "new", 0x80000000 | 3, 07777));
    syscall(SYS_open, NULL, 0, 0);
    syscall(SYS_open, bad, O_CREAT, 0644);
    syscall(SYS_openat, -1, "x", O_RDONLY);
    syscall(SYS_openat, 99, "x", O_RDONLY);
    syscall(SYS_openat, 0xffffffff0000ff9cL, "x", O_RDONLY);
    close(creat("b.txt", 0600));
    creat("/nonexistent/b", 01755);
    /* access */
    access("a.txt", R_OK);
    access("a.txt", F_OK);
    access("new", R_OK | W_OK | X_OK);
    access("a.txt", 0x10);
    access(NULL, F_OK);
    syscall(SYS_faccessat, AT_FDCWD, "a.txt", X_OK);
    syscall(SYS_faccessat2, AT_FDCWD, "a.txt", R_OK, AT_EACCESS | AT_SYMLINK_NOFOLLOW);
    syscall(SYS_faccessat2, 5, "a.txt", R_OK, 0x4000);
    syscall(SYS_faccessat2, -1, bad, 0x10, 0x4100);
    /* links and names */
    symlink("a.txt", "link");
    symlink("a-rather-long-target-name-for-the-string-limit", "long");
    link("a.txt", "hard");
    readlink("link", buf, sizeof buf);
    readlink("link", buf, 3);
    readlink("long", buf, sizeof buf);
    readlink("a.txt", buf, sizeof buf);
    readlink("link", bad, 10);
    readlink(NULL, buf, 10);
    readlinkat(AT_FDCWD, "link", buf, sizeof buf);
    syscall(SYS_readlinkat, 77, "link", buf, sizeof buf);
    syscall(SYS_getcwd, buf, sizeof buf);
    syscall(SYS_getcwd, buf, 2);
    syscall(SYS_getcwd, NULL, 0);
    syscall(SYS_getcwd, bad, sizeof buf);
    /* directories */
    mkdir("sub", 0700);
    mkdirat(AT_FDCWD, "sub2", 01777);
    mkdir("sub", 0777);
    mkdir(bad, 0);
    syscall(SYS_mknod, "fifo", S_IFIFO | 0600, 0);
    syscall(SYS_mknod, "null", S_IFCHR | 0600, makedev(1, 3));
    syscall(SYS_mknod, "plain", 0600, 5);
    syscall(SYS_mknod, bad, S_IFBLK | 0600, makedev(8, 1));
    unlink("fifo");
    unlink("null");
    unlink("plain");
    int dfd = open(".", O_RDONLY | O_DIRECTORY);
    syscall(SYS_getdents64, dfd, buf, sizeof buf);
    syscall(SYS_getdents64, dfd, buf, sizeof buf);
    syscall(SYS_getdents64, dfd, buf, 1);
    syscall(SYS_getdents64, 99, bad, 10);
    syscall(SYS_getdents64, dfd, bad, -1);
    lseek(dfd, 0, SEEK_SET);
    syscall(SYS_getdents, dfd, buf, sizeof buf);
    fchdir(dfd);
    chdir("sub");
    chdir("..");
    chdir(bad);
    fchdir(99);
    chmod("a.txt", 0640);
    chmod("a.txt", 04755);
    syscall(SYS_fchmod, dfd, 0);
    truncate("a.txt", 5);
    ftruncate(dfd, -1);
    fsync(dfd);
    fdatasync(99);
    unlink("b.txt");
    unlink("nope");
    unlinkat(AT_FDCWD, "sub", AT_REMOVEDIR);
    unlinkat(dfd, "sub2", AT_REMOVEDIR);
    unlinkat(AT_FDCWD, "x", 0x1000);
    rename("a.txt", "c.txt");
    renameat(AT_FDCWD, "c.txt", dfd, "a.txt");
    rename(bad, "x");
    /* more names, owners, times */
    symlinkat("a.txt", AT_FDCWD, "link2");
    symlinkat("a.txt", 99, "link3");
    linkat(AT_FDCWD, "a.txt", dfd, "hard2", AT_SYMLINK_FOLLOW);
    linkat(AT_FDCWD, "nope", AT_FDCWD, "x", 0x10000);
    renameat2(AT_FDCWD, "hard2", dfd, "hard3", RENAME_NOREPLACE);
    syscall(SYS_renameat2, AT_FDCWD, "hard3", 5, "x", 0xf);
    fchmodat(AT_FDCWD, "a.txt", 0600, 0);
    syscall(SYS_fchmodat, 99, bad, 07777);
    chown("a.txt", 0, 0);
    lchown("link2", -1, -1);
    fchown(99, 1, 2);
    fchownat(AT_FDCWD, "link2", 0, -1, AT_SYMLINK_NOFOLLOW);
    struct timespec times[2] = { { 1, 2 }, { 1700000000, 999999999 } };
    utimensat(AT_FDCWD, "a.txt", times, 0);
    times[0].tv_nsec = UTIME_NOW;
    times[1].tv_nsec = UTIME_OMIT;
    utimensat(AT_FDCWD, "a.txt", times, AT_SYMLINK_NOFOLLOW);
    times[0].tv_nsec = -5;
    utimensat(AT_FDCWD, "a.txt", times, 0);
    syscall(SYS_utimensat, 99, NULL, 1, 0x7000);
    syscall(SYS_utimensat, dfd, NULL, NULL, 0);
    /* copies */
    int src = open("a.txt", O_RDONLY), dst = open("copy", O_WRONLY | O_CREAT | O_TRUNC, 0644);
    long long offset = 1;
    syscall(SYS_copy_file_range, src, NULL, dst, NULL, 1000, 0);
    syscall(SYS_copy_file_range, src, &offset, dst, &offset, 2, 0);
    syscall(SYS_copy_file_range, src, 1, dst, 2, -1L, 5);
    ioctl(dst, FICLONE, src);
    ioctl(dst, FICLONE, -5);
    close(src);
    close(dst);
    unlink("copy");
    unlink("link2");
    unlink("hard3");
    /* extended attributes */
    setxattr("a.txt", "user.a", "value\1x", 7, 0);
    setxattr("a.txt", "user.a", "v", 1, XATTR_REPLACE);
    syscall(SYS_setxattr, "a.txt", "user.b", "v", 1, 7);
    lsetxattr("a.txt", "user.c", NULL, 0, XATTR_CREATE);
    fsetxattr(99, "user.c", "x", 1, 0);
    setxattr("a.txt", "user.d", bad, 4, 0);
    getxattr("a.txt", "user.a", buf, sizeof buf);
    getxattr("a.txt", "user.a", NULL, 0);
    listxattr("a.txt", buf, sizeof buf);
    listxattr("a.txt", bad, 10);
    llistxattr("link", NULL, 0);
    flistxattr(99, buf, 1);
    removexattr("a.txt", "user.a");
    lremovexattr("a.txt", "user.c");
    fremovexattr(99, "user.x");
    getxattr("a.txt", "user.nothing", buf, sizeof buf);
    lgetxattr("link", "security.selinux", buf, 255);
    getxattr("a.txt", "system.posix_acl_access", NULL, 0);
    syscall(SYS_fgetxattr, 99, "user.x", NULL, 0);
    /* pipes, duplicates, eventfds */
    int p[2];
    pipe2(p, O_CLOEXEC);
    pipe2(p, O_NONBLOCK | O_DIRECT);
    syscall(SYS_pipe, p);
    syscall(SYS_pipe2, bad, 0);
    syscall(SYS_pipe2, p, 0x1234);
    dup3(p[0], 20, O_CLOEXEC);
    dup2(p[0], 21);
    dup(21);
    dup3(99, 22, 0);
    eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    eventfd(5, EFD_SEMAPHORE);
    syscall(SYS_eventfd2, 1, 0x12);
    syscall(SYS_eventfd, 3);
    /* the mask, and fadvise */
    umask(0777);
    umask(07);
    syscall(SYS_umask, -1);
    posix_fadvise(dfd, 0, 0, POSIX_FADV_SEQUENTIAL);
    syscall(SYS_fadvise64, 3, 10, 20, 99);
    syscall(SYS_fadvise64, 99, -1, -1, POSIX_FADV_DONTNEED);
    unlink("link");
    unlink("long");
    unlink("hard");
    unlink("new");
    unlink("a.txt");
    rmdir("/");
    return 0;
}
