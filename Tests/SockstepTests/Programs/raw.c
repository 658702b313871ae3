/* A freestanding program (no libc, no dynamic loader: built with -nostdlib -static) whose only
 * system calls are the ones written here, so that a trace of *every* call (e.g. -e trace=!close,
 * -c without a filter) contains nothing sockstep is not expected to decode.
 * usage: raw PORT */
typedef unsigned long u64;
typedef unsigned short u16;
typedef unsigned int u32;

static long sys6(long n, long a, long b, long c, long d, long e, long f) {
    long ret;
    register long r10 __asm__("r10") = d;
    register long r8 __asm__("r8") = e;
    register long r9 __asm__("r9") = f;
    __asm__ volatile ("syscall" : "=a"(ret) : "a"(n), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8), "r"(r9)
                      : "rcx", "r11", "memory");
    return ret;
}
#define S(n, a, b, c, d, e, f) sys6(n, (long)(a), (long)(b), (long)(c), (long)(d), (long)(e), (long)(f))
enum { NR_read = 0, NR_write = 1, NR_close = 3, NR_socket = 41, NR_connect = 42, NR_accept = 43,
       NR_sendto = 44, NR_recvfrom = 45, NR_shutdown = 48, NR_bind = 49, NR_listen = 50,
       NR_getsockname = 51, NR_socketpair = 53, NR_setsockopt = 54, NR_exit_group = 231,
       NR_accept4 = 288 };

struct sin { u16 family; u16 port; u32 addr; char zero[8]; };

static void die(int code) { S(NR_exit_group, code, 0, 0, 0, 0, 0); for (;;) {} }
#define CHECK(c) do { if (!(c)) die(__LINE__ % 100 + 100); } while (0)

static int atoi_(const char *s) { int n = 0; while (*s >= '0' && *s <= '9') n = n * 10 + (*s++ - '0'); return n; }

void start_c(long *sp) {
    long argc = sp[0];
    char **argv = (char **)(sp + 1);
    CHECK(argc == 2);
    int port = atoi_(argv[1]);
    struct sin a = { 2, (u16)((port >> 8) | ((port & 0xff) << 8)), 0x0100007f, {0} };
    int one = 1;
    char buf[64];
    u32 len;

    int srv = S(NR_socket, 2, 1, 0, 0, 0, 0);
    CHECK(srv >= 0);
    CHECK(S(NR_setsockopt, srv, 1, 2, &one, 4, 0) == 0);
    CHECK(S(NR_bind, srv, &a, 16, 0, 0, 0) == 0);
    CHECK(S(NR_listen, srv, 4, 0, 0, 0, 0) == 0);
    int cli = S(NR_socket, 2, 1 | 0x80000, 0, 0, 0, 0);
    CHECK(cli >= 0);
    CHECK(S(NR_connect, cli, &a, 16, 0, 0, 0) == 0);
    struct sin peer;
    len = sizeof peer;
    int conn = S(NR_accept4, srv, &peer, &len, 0x80000, 0, 0);
    CHECK(conn >= 0);
    len = sizeof peer;
    CHECK(S(NR_getsockname, cli, &peer, &len, 0, 0, 0) == 0);
    CHECK(S(NR_sendto, cli, "raw hello", 9, 0, 0, 0) == 9);
    CHECK(S(NR_recvfrom, conn, buf, sizeof buf, 0, 0, 0) == 9);
    CHECK(S(NR_write, conn, "raw reply", 9, 0, 0, 0) == 9);
    CHECK(S(NR_read, cli, buf, sizeof buf, 0, 0, 0) == 9);
    CHECK(S(NR_read, 99, buf, 1, 0, 0, 0) == -9);           /* EBADF */
    CHECK(S(NR_connect, cli, 1, 16, 0, 0, 0) == -14);       /* EFAULT */
    CHECK(S(NR_accept, cli, 0, 0, 0, 0, 0) == -22);         /* EINVAL */
    int sv[2];
    CHECK(S(NR_socketpair, 1, 2, 0, sv, 0, 0) == 0);
    CHECK(S(NR_write, sv[0], "dgram", 5, 0, 0, 0) == 5);
    CHECK(S(NR_read, sv[1], buf, sizeof buf, 0, 0, 0) == 5);
    CHECK(S(NR_shutdown, cli, 2, 0, 0, 0, 0) == 0);
    CHECK(S(NR_close, sv[0], 0, 0, 0, 0, 0) == 0);
    CHECK(S(NR_close, sv[1], 0, 0, 0, 0, 0) == 0);
    CHECK(S(NR_close, conn, 0, 0, 0, 0, 0) == 0);
    CHECK(S(NR_close, cli, 0, 0, 0, 0, 0) == 0);
    CHECK(S(NR_close, srv, 0, 0, 0, 0, 0) == 0);
    CHECK(S(NR_close, srv, 0, 0, 0, 0, 0) == -9);           /* EBADF */
    die(0);
}

__asm__(".globl _start\n_start:\n  mov %rsp, %rdi\n  and $-16, %rsp\n  call start_c\n  hlt\n");
