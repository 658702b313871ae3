/* stat, lstat, fstat, newfstatat, statx, statfs and fstatfs with good and bad arguments, then
 * each struct filled in by the program (the calls made to return 0 without running) with the
 * values that show every field's formatting.
 * usage: stat DIR     (an empty directory) */
#include "decoders.h"
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/sysmacros.h>
#include <linux/stat.h>

int main(int argc, char **argv) {
    CHECK(argc == 2);
    CHECK(chdir(argv[1]) == 0);
    char *bad = unreadable_page();
    struct stat st;
    int fd = open("file", O_WRONLY | O_CREAT | O_TRUNC, 0640);
    CHECK(fd == 3);
    CHECK(write(fd, "0123456789", 10) == 10);
    CHECK(symlink("file", "link") == 0);
    CHECK(mkdir("dir", 0755) == 0);
    CHECK(mkfifo("fifo", 0600) == 0);
    fstat(fd, &st);
    syscall(SYS_fstat, fd, bad);
    syscall(SYS_fstat, 99, &st);
    syscall(SYS_fstat, fd, NULL);
    syscall(SYS_stat, "/dev/null", &st);
    syscall(SYS_stat, "dir", &st);
    syscall(SYS_stat, "fifo", &st);
    syscall(SYS_lstat, "link", &st);
    syscall(SYS_stat, "link", &st);
    syscall(SYS_stat, "nonexistent", &st);
    syscall(SYS_stat, NULL, &st);
    syscall(SYS_stat, bad, &st);
    syscall(SYS_newfstatat, AT_FDCWD, "dir", &st, AT_SYMLINK_NOFOLLOW);
    syscall(SYS_newfstatat, fd, "", &st, AT_EMPTY_PATH);
    syscall(SYS_newfstatat, fd, "", &st, AT_EMPTY_PATH | AT_NO_AUTOMOUNT | AT_SYMLINK_NOFOLLOW | 0x8000);
    syscall(SYS_newfstatat, AT_FDCWD, "/dev/zero", NULL, 0);
    syscall(SYS_newfstatat, -1, "file", &st, 0x4000);
    struct statx sx;
    syscall(SYS_statx, AT_FDCWD, "file", AT_STATX_SYNC_AS_STAT | AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT,
            STATX_MODE | STATX_NLINK | STATX_UID | STATX_GID | STATX_MTIME | STATX_SIZE, &sx);
    syscall(SYS_statx, AT_FDCWD, "/dev/null", 0, STATX_BASIC_STATS | STATX_BTIME, &sx);
    syscall(SYS_statx, fd, "", AT_EMPTY_PATH | AT_STATX_FORCE_SYNC, STATX_ALL, &sx);
    syscall(SYS_statx, fd, "", AT_STATX_DONT_SYNC | 0x10000, 0xfffffff, &sx);
    syscall(SYS_statx, fd, "", 0x6100, 0, &sx);
    syscall(SYS_statx, AT_FDCWD, "nonexistent", 0, 0, &sx);
    syscall(SYS_statx, AT_FDCWD, "dir", 0, STATX_TYPE, bad);
    syscall(SYS_statx, AT_FDCWD, "dir", 0, 0x80000000, &sx);
    struct statfs sf;
    statfs("/proc", &sf);
    statfs("/nonexistent", &sf);
    statfs("/", (void *)bad);
    statfs(NULL, &sf);
    fstatfs(99, &sf);
    syscall(SYS_fstatfs, fd, NULL);

    close(fd);
    CHECK(unlink("file") == 0 && unlink("link") == 0 && unlink("fifo") == 0 && rmdir("dir") == 0);

    int faked[] = { SYS_fstat, SYS_statx, SYS_statfs };
    pretend_success(faked, 3);
    for (int type = 0; type < 16; type++) {
        memset(&st, 0, sizeof st);
        st.st_mode = type << 12 | 07777;
        st.st_rdev = 0x123456789abcdefULL;
        st.st_size = -1;
        syscall(SYS_fstat, 0, &st);
    }
    memset(&st, 0, sizeof st);
    syscall(SYS_fstat, 0, &st);
    memset(&st, 0xff, sizeof st);
    syscall(SYS_fstat, 0, &st);
    memset(&st, 0, sizeof st);
    st.st_mode = S_IFBLK | 0660;
    st.st_rdev = makedev(8, 1);
    syscall(SYS_fstat, 0, &st);
    unsigned masks[] = { 0, STATX_TYPE, STATX_MODE, STATX_SIZE, STATX_TYPE | STATX_MODE, STATX_MNT_ID, 0x80000000,
                         STATX_BASIC_STATS, 0xffffffff };
    for (int i = 0; i < 9; i++) {
        memset(&sx, 0, sizeof sx);
        sx.stx_mask = masks[i];
        sx.stx_mode = S_IFCHR | 0644;
        sx.stx_size = 5;
        sx.stx_attributes = i == 8 ? ~0ULL : STATX_ATTR_MOUNT_ROOT;
        syscall(SYS_statx, 0, "", 0, 0, &sx);
    }
    memset(&sf, 0, sizeof sf);
    statfs("/", &sf);
    memset(&sf, 0xff, sizeof sf);
    statfs("/", &sf);
    /* f_flags prints only with ST_VALID (0x20) */
    unsigned long magics[] = { 0xEF53, 0x01021994, 0x9fa0, 0x62656572, 0x63677270, 0x794c7630, 0x7655821, 0x12345 };
    for (int i = 0; i < 8; i++) {
        memset(&sf, 0, sizeof sf);
        sf.f_type = magics[i];
        sf.f_bsize = 4096;
        sf.f_flags = (1UL << i) | (i % 2 ? 0x20 : 0);
        statfs("/", &sf);
    }
    return 0;
}
