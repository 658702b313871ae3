/* Classic BPF programs as strace prints them with -v (and as addresses without): seccomp(2),
 * prctl(PR_SET_SECCOMP) and setsockopt(SO_ATTACH_FILTER) with programs the kernel refuses
 * (every class, unknown bits, return data, a jump offset, no instruction, an unreadable tail,
 * more than BPF_MAXINSNS instructions), then one it takes.
 * usage: bpf */
#include "decoders.h"
#include <errno.h>
#include <sys/socket.h>
#include <netinet/in.h>

static struct sock_filter big[4100];

int main(void) {
    char *bad = unreadable_page();
    struct sock_filter every[] = {
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 4),
        BPF_STMT(BPF_LD | BPF_H | BPF_IND, 2),
        BPF_STMT(BPF_LDX | BPF_B | BPF_MSH, 14),
        BPF_STMT(BPF_LD | BPF_IMM | 0x18, 7),            /* a size no name has (BPF_DW) */
        BPF_STMT(BPF_ST, 1),
        BPF_STMT(BPF_STX | 0x40, 2),                     /* a store with bits left over */
        BPF_STMT(BPF_ALU | BPF_ADD | BPF_K, 1),
        BPF_STMT(BPF_ALU | BPF_XOR | BPF_X, 0),
        BPF_STMT(BPF_ALU | 0xf0 | BPF_K, 0),             /* an ALU operation no name has */
        BPF_JUMP(BPF_JMP | BPF_JGT | BPF_K, 0xc000003e, 1, 0),
        BPF_JUMP(BPF_JMP | BPF_JSET | BPF_X, 0, 0, 255),
        BPF_STMT(BPF_JMP | BPF_JA, 1),
        BPF_STMT(BPF_MISC | BPF_TAX, 0),
        BPF_STMT(BPF_MISC | BPF_TXA, 0),
        BPF_STMT(BPF_MISC | 0x40, 0),                    /* a misc operation no name has */
        BPF_STMT(BPF_RET | BPF_A, 0),
        BPF_STMT(BPF_RET | BPF_X | 0x100, 0),            /* a return with bits left over */
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRAP | 0x1234),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
        BPF_STMT(BPF_RET | BPF_K, 0x12340000),           /* an action no name has */
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
    };
    unsigned short n = sizeof every / sizeof every[0];
    struct sock_fprog prog = { n, every };
    syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog);     /* EFAULT/EINVAL: not allowed */
    prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog, 0, 0);

    /* No instruction, an unreadable program, an unreadable tail, NULL. */
    struct sock_fprog empty = { 0, every };
    syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &empty);
    struct sock_fprog unreadable = { 3, (struct sock_filter *)bad };
    syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &unreadable);
    char *pages = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK(pages != MAP_FAILED && mprotect(pages + 4096, 4096, PROT_NONE) == 0);
    struct sock_filter *tail = (struct sock_filter *)(pages + 4096 - 2 * sizeof(struct sock_filter));
    tail[0] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_LOG);
    tail[1] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRACE | 7);
    struct sock_fprog cut = { 4, tail };
    syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &cut);
    struct sock_fprog null = { 2, NULL };
    syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &null);
    syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, bad);

    /* More than BPF_MAXINSNS. */
    for (int i = 0; i < 4100; i++) big[i] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
    struct sock_fprog huge = { 4100, big };
    syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &huge);

    /* A socket filter: a return's k is a plain number. */
    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    CHECK(fd >= 0);
    struct sock_filter accept_all[] = { BPF_STMT(BPF_LD | BPF_W | BPF_LEN, 0), BPF_STMT(BPF_RET | BPF_K, 0xffff) };
    struct sock_fprog sockprog = { 2, accept_all };
    CHECK(setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &sockprog, sizeof sockprog) == 0);
    setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &empty, sizeof empty);
    close(fd);

    /* One the kernel takes. */
    struct sock_filter allow[] = {
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_getppid, 0, 1),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 0),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
    };
    struct sock_fprog ok = { 4, allow };
    CHECK(prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0);
    CHECK(syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &ok) == 0);
    return 0;
}
