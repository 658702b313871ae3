/* memfd_secret, process_madvise and process_mrelease on the program itself (a pidfd of its
 * own; the advice refused for memory not page-aligned, the release refused for a live
 * process), name_to_handle_at on "/" and open_by_handle_at with handles good and bad
 * (a handle near an unreadable page, sizes beyond MAX_HANDLE_SZ, EOVERFLOW). */
#include "decoders.h"
#include <fcntl.h>
#include <sys/uio.h>

int main(void) {
    char *two = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK(two != MAP_FAILED);
    CHECK(mprotect(two + 4096, 4096, PROT_NONE) == 0);
    char *bad = two + 4096;

    /* memfd_secret */
    long secret = syscall(SYS_memfd_secret, 0);
    if (secret >= 0) close(secret);
    syscall(SYS_memfd_secret, 1);
    syscall(SYS_memfd_secret, O_CLOEXEC);
    syscall(SYS_memfd_secret, 0xffffffff);

    /* process_madvise, process_mrelease */
    int pfd = syscall(SYS_pidfd_open, getpid(), 0);
    char buf[16];
    struct iovec iov[2] = { { buf + 1, 8 }, { buf + 9, 4 } };
    syscall(SYS_process_madvise, pfd, iov, 2, MADV_COLD, 0);
    syscall(SYS_process_madvise, pfd, iov, 2, MADV_PAGEOUT, 1);
    syscall(SYS_process_madvise, -1, bad, 2, 999, 0xffffffff);
    syscall(SYS_process_madvise, pfd, NULL, 0, MADV_WILLNEED, 0);
    syscall(SYS_process_madvise, pfd, iov, 0, MADV_WILLNEED, 0);
    syscall(SYS_process_mrelease, pfd, 0);
    syscall(SYS_process_mrelease, -1, 0xffffffff);
    close(pfd);

    /* name_to_handle_at, open_by_handle_at */
    struct { unsigned int bytes; int type; unsigned char f[256]; } fh = { 128, 0 };
    int mnt;
    syscall(SYS_name_to_handle_at, AT_FDCWD, "/", &fh, &mnt, 0);
    syscall(SYS_open_by_handle_at, -1, &fh, O_RDONLY | O_CLOEXEC);
    syscall(SYS_name_to_handle_at, AT_FDCWD, "/", &fh, &mnt, AT_SYMLINK_FOLLOW | AT_EMPTY_PATH);
    fh.bytes = 0;
    syscall(SYS_name_to_handle_at, AT_FDCWD, "/", &fh, &mnt, 0);
    fh.bytes = 128;
    syscall(SYS_name_to_handle_at, AT_FDCWD, "/", &fh, NULL, 0);
    syscall(SYS_name_to_handle_at, AT_FDCWD, "/nonexistent", &fh, &mnt, 0);
    syscall(SYS_name_to_handle_at, AT_FDCWD, "/", &fh, bad, 0);
    syscall(SYS_name_to_handle_at, -1, bad, bad, bad, 0xffffffff);
    syscall(SYS_name_to_handle_at, 99, "", NULL, &mnt, AT_EMPTY_PATH);
    for (int i = 0; i < 256; i++) fh.f[i] = i;
    fh.bytes = 200;
    fh.type = 3;
    syscall(SYS_open_by_handle_at, -1, &fh, O_RDONLY);
    fh.bytes = 0;
    syscall(SYS_open_by_handle_at, AT_FDCWD, &fh, O_RDWR);
    unsigned int *edge = (unsigned int *)(bad - 8);
    edge[0] = 8;
    edge[1] = 2;
    syscall(SYS_open_by_handle_at, -1, edge, O_RDONLY);
    edge[0] = 0;
    syscall(SYS_open_by_handle_at, -1, edge, O_RDONLY);
    syscall(SYS_open_by_handle_at, -1, bad, 0xffffffff);
    syscall(SYS_open_by_handle_at, -1, NULL, O_PATH);
    return 0;
}
