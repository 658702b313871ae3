/* What -v prints whole and -X raw / -X verbose print as numbers: struct stat, struct statx,
 * struct utsname, termios/termio/termios2, getdents64's and getdents's entries, with good and
 * bad arguments. The structs are filled in by the program itself (stat, statx, uname and ioctl
 * made to return 0 without running, see decoders.h; getdents64 and getdents have their result
 * injected by the tracer: -e inject=getdents64:retval=N), so every field has a value that
 * shows its formatting and every run prints the same.
 * usage: verbose (built -static, so that no dynamic loader stats a library first) */
#include "decoders.h"
#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/utsname.h>
#include <linux/stat.h>
#include <asm/termbits.h>

/* The results the scenarios inject for getdents64 and getdents (see RawVerboseTests.swift). */
#define DENTS64_BYTES 120
#define DENTS_BYTES 96

static void put_time(struct stat *st, long at, long at_ns, long mt, long mt_ns, long ct, long ct_ns) {
    st->st_atim.tv_sec = at; st->st_atim.tv_nsec = at_ns;
    st->st_mtim.tv_sec = mt; st->st_mtim.tv_nsec = mt_ns;
    st->st_ctim.tv_sec = ct; st->st_ctim.tv_nsec = ct_ns;
}

/* A linux_dirent64 record at `at`: returns its length. */
static int dirent64(char *at, unsigned long long ino, long long off, unsigned short reclen, unsigned char type,
                    const char *name) {
    memset(at, 0, reclen);
    memcpy(at, &ino, 8);
    memcpy(at + 8, &off, 8);
    memcpy(at + 16, &reclen, 2);
    at[18] = type;
    memcpy(at + 19, name, strlen(name));
    return reclen;
}

/* An old linux_dirent record (d_type in its last byte). */
static int dirent_old(char *at, unsigned long ino, unsigned long off, unsigned short reclen, unsigned char type,
                      const char *name) {
    memset(at, 0, reclen);
    memcpy(at, &ino, 8);
    memcpy(at + 8, &off, 8);
    memcpy(at + 16, &reclen, 2);
    memcpy(at + 18, name, strlen(name));
    at[reclen - 1] = type;
    return reclen;
}

int main(void) {
    char *bad = unreadable_page();
    /* Bad arguments first, while the calls still run. */
    syscall(SYS_fstat, 99, NULL);
    syscall(SYS_fstat, 0, bad);
    syscall(SYS_newfstatat, AT_FDCWD, "/nonexistent", bad, 0);
    syscall(SYS_statx, AT_FDCWD, "/", 0, STATX_ALL, bad);
    syscall(SYS_uname, bad);
    syscall(SYS_getdents64, 99, bad, 100);

    int fake[] = { SYS_fstat, SYS_newfstatat, SYS_statx, SYS_uname, SYS_ioctl };
    pretend_success(fake, sizeof fake / sizeof fake[0]);

    struct stat st;
    memset(&st, 0, sizeof st);
    st.st_dev = makedev(8, 1);
    st.st_ino = 1234567;
    st.st_mode = S_IFREG | 0644;
    st.st_nlink = 2;
    st.st_uid = 1000;
    st.st_gid = 100;
    st.st_blksize = 4096;
    st.st_blocks = 16;
    st.st_size = 5000;
    put_time(&st, 1700000000, 123456789, 1600000000, 0, 0, 0);
    syscall(SYS_fstat, 3, &st);
    st.st_mode = S_IFCHR | S_ISUID | 0600;
    st.st_rdev = makedev(1, 3);
    put_time(&st, -1, 5, 1, 999999999, 2, 1000000000);
    syscall(SYS_newfstatat, AT_FDCWD, "dev", &st, AT_SYMLINK_NOFOLLOW);
    memset(&st, 0xff, sizeof st);
    syscall(SYS_fstat, 4, &st);

    struct statx sx;
    memset(&sx, 0, sizeof sx);
    sx.stx_mask = STATX_BASIC_STATS | STATX_BTIME | STATX_MNT_ID;
    sx.stx_blksize = 4096;
    sx.stx_attributes = STATX_ATTR_APPEND;
    sx.stx_nlink = 1;
    sx.stx_uid = 1000;
    sx.stx_gid = 100;
    sx.stx_mode = S_IFDIR | 0755;
    sx.stx_ino = 42;
    sx.stx_size = 4096;
    sx.stx_blocks = 8;
    sx.stx_attributes_mask = STATX_ATTR_APPEND | STATX_ATTR_IMMUTABLE;
    sx.stx_atime.tv_sec = 1700000000; sx.stx_atime.tv_nsec = 1;
    sx.stx_btime.tv_sec = 1500000000;
    sx.stx_ctime.tv_sec = 1700000001; sx.stx_ctime.tv_nsec = 500000000;
    sx.stx_mtime.tv_sec = 0;
    sx.stx_rdev_major = 1; sx.stx_rdev_minor = 3;
    sx.stx_dev_major = 8; sx.stx_dev_minor = 1;
    sx.stx_mnt_id = 0x1b;
    syscall(SYS_statx, AT_FDCWD, "dir", AT_SYMLINK_NOFOLLOW | AT_STATX_FORCE_SYNC, STATX_ALL | STATX_MNT_ID, &sx);
    sx.stx_mask = STATX_TYPE | STATX_SIZE | STATX_DIOALIGN;
    sx.stx_dio_mem_align = 512;
    sx.stx_dio_offset_align = 4096;
    syscall(SYS_statx, 5, "", AT_EMPTY_PATH, STATX_TYPE, &sx);
    sx.stx_mask = 0;
    syscall(SYS_statx, 5, "", AT_EMPTY_PATH | AT_STATX_DONT_SYNC | 0x10000, 0, &sx);

    struct utsname u;
    memset(&u, 0, sizeof u);
    strcpy(u.sysname, "Linux");
    strcpy(u.nodename, "host");
    strcpy(u.release, "6.1.0-test");
    strcpy(u.version, "#1 SMP \"quoted\"\n");
    strcpy(u.machine, "x86_64");
    syscall(SYS_uname, &u);
    memset(&u, 'A', sizeof u);
    syscall(SYS_uname, &u);

    struct termios t;
    memset(&t, 0, sizeof t);
    t.c_iflag = ICRNL | IXON;
    t.c_oflag = OPOST | ONLCR;
    t.c_cflag = B38400 | CS8 | CREAD;
    t.c_lflag = ISIG | ICANON | ECHO;
    t.c_line = 0;
    for (int i = 0; i < NCCS; i++) t.c_cc[i] = (unsigned char)(i * 13);
    syscall(SYS_ioctl, 0, TCGETS, &t);
    syscall(SYS_ioctl, 0, TCSETSW, &t);
    t.c_line = 0xff;
    t.c_iflag = 0;
    t.c_cflag = B57600 | (B50 << IBSHIFT) | CS6 | 0x40000000;
    syscall(SYS_ioctl, 0, TCSETS, &t);
    struct termios2 t2;
    memset(&t2, 0, sizeof t2);
    t2.c_cflag = BOTHER | CS8;
    t2.c_line = 2;
    t2.c_cc[VMIN] = 1;
    t2.c_ispeed = 115200;
    t2.c_ospeed = 9600;
    syscall(SYS_ioctl, 0, TCGETS2, &t2);
    struct termio t1;
    memset(&t1, 0, sizeof t1);
    t1.c_lflag = ECHO;
    t1.c_line = 3;
    for (int i = 0; i < NCC; i++) t1.c_cc[i] = (unsigned char)(0x70 + i);
    syscall(SYS_ioctl, 0, TCGETA, &t1);

    /* getdents64: four records (a directory, a file with a name to quote, a type the kernel
     * does not define, then one that claims more bytes than the result has). */
    char dents[256];
    memset(dents, 0, sizeof dents);
    int n = 0;
    n += dirent64(dents + n, 2, 1, 24, 4, ".");
    n += dirent64(dents + n, 11, 2, 32, 8, "a \"b\"\n");
    n += dirent64(dents + n, 12, 0x7fffffffffffffffLL, 24, 15, "c");
    n += dirent64(dents + n, 13, -1, 64, 10, "link");
    CHECK(n == DENTS64_BYTES + 24); /* the result cuts the last record short */
    syscall(SYS_getdents64, 3, dents, sizeof dents);
    memset(dents, 0, sizeof dents);
    n = 0;
    n += dirent_old(dents + n, 2, 1, 24, 4, "..");
    n += dirent_old(dents + n, 11, 2, 32, 8, "file.txt");
    n += dirent_old(dents + n, 12, 3, 40, 1, "fifo-with-a-long-name");
    CHECK(n == DENTS_BYTES);
    syscall(SYS_getdents, 3, dents, sizeof dents);
    return 0;
}
