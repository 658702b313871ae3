/* Shared by the decoder-family test programs (memory.c, files.c, ...): bad pointers, and a
 * seccomp filter that makes chosen calls return 0 without running, so that a program can hand
 * the kernel-filled structs (stat, termios, sysinfo, ...) every value it wants strace and
 * sockstep to print. */
#define _GNU_SOURCE
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <linux/filter.h>
#include <linux/seccomp.h>

static void fail_at(const char *what, int line) {
    char b[160];
    int n = snprintf(b, sizeof b, "FAIL %s (line %d)\n", what, line);
    write(2, b, n);
    _exit(99);
}
#define CHECK(c) do { if (!(c)) fail_at(#c, __LINE__); } while (0)

/* A page that cannot be read: the decoders print its address. */
static void *unreadable_page(void) {
    void *p = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK(p != MAP_FAILED);
    return p;
}

/* From now on the calls in `numbers` return 0 without running (SECCOMP_RET_ERRNO with errno
 * 0), everything else runs. */
static void pretend_success(const int *numbers, int count) {
    struct sock_filter f[64];
    int n = 0;
    CHECK(count < 30);
    f[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr));
    for (int i = 0; i < count; i++) {
        f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, numbers[i], 0, 1);
        f[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 0);
    }
    f[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
    struct sock_fprog prog = { n, f };
    CHECK(prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0);
    CHECK(syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) == 0);
}
