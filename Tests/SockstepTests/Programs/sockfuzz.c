/* sockfuzz: random socket calls from a fixed seed, to compare sockstep's lines with strace's.
 *
 * usage: sockfuzz SEED COUNT DIR PORT1 PORT2 PORT3
 *   SEED   the seed of the random sequence (the same seed makes the same calls)
 *   COUNT  how many random calls to make
 *   DIR    an existing directory; everything the program creates goes into DIR/fz
 *   PORT1  TCP and UDP on 127.0.0.1, PORT2 TCP and UDP on ::1, PORT3 a port nobody uses
 *
 * Every call goes straight to the kernel (syscall(2)), with random descriptors among a small
 * set the program opened, random flags and lengths (negative ones too), random but readable
 * structures, NULL, unmapped and half-mapped pointers. The calls come in epochs: each epoch
 * opens the same set of descriptors (a TCP connection over IPv4 and one over IPv6, UDP
 * sockets, UNIX stream/datagram pairs, a UNIX listener, a NETLINK_SOCK_DIAG socket, an epoll
 * instance, a file), makes its share of random calls, and closes them.
 *
 * Safety: nothing may leave the machine, nothing may touch another process. Before each call
 * that takes an address, `check_call` reads every address the kernel would read (bind,
 * connect, sendto, sendmsg and sendmmsg names) and refuses anything but 127.0.0.0/8, ::1,
 * the program's own ports, paths in DIR/fz and abstract names made from DIR; a refusal ends
 * the program (exit 3) before the call. Options that could route elsewhere (multicast
 * memberships, devices, next hops, routing headers, netfilter, marks) are never set, control
 * messages on IP sockets are limited to TTL/TOS/hop limit/traffic class, and the netlink socket
 * only ever gets the harmless sock_diag requests below (no SOCK_DESTROY, no memberships).
 *
 * Determinism: the output must be the same on every run with the same seed (both tracers see
 * the same calls). So the program avoids what varies: timestamps, socket cookies, the CPU,
 * TCP_INFO, autobound UNIX names, TCP_CORK/MSG_MORE/Nagle delays, blocking calls. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <linux/unix_diag.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#ifndef SYS_epoll_pwait2
#define SYS_epoll_pwait2 441
#endif

#define EPOCH 250
#define PAGE 4096
#define ARENA_PAGES 16
#define NETLINK_PORTID 0x7a5f0000u
#define ARENA_ADDRESS 0x3a5a0000000ul

static void die(const char *what, int line) {
    char b[200];
    int n = snprintf(b, sizeof b, "sockfuzz: %s (line %d, errno %d)\n", what, line, errno);
    write(2, b, n);
    _exit(3);
}
#define CHECK(c) do { if (!(c)) die("FAIL " #c, __LINE__); } while (0)

/* ---- random numbers: splitmix64 ---- */
static uint64_t seed_state;
static uint64_t rnd(void) {
    uint64_t z = (seed_state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}
static unsigned below(unsigned n) { return n ? (unsigned)(rnd() % n) : 0; }
static int chance(unsigned percent) { return below(100) < percent; }
#define PICK(a) ((a)[below(sizeof(a) / sizeof((a)[0]))])
static void rand_bytes(unsigned char *p, size_t n) { for (size_t i = 0; i < n; i++) p[i] = (unsigned char)rnd(); }

/* ---- memory: an arena followed by a PROT_NONE guard page ---- */
static unsigned char *arena, *arena_end;
static size_t bump;

static size_t bump_high;

/* Each call starts from a clean arena: no byte the kernel wrote for an earlier call (an
 * ephemeral port, say) can show up in a later call's trace. */
static void reset_arena(void) {
    if (bump > bump_high) bump_high = bump;
    memset(arena, 0, bump_high);
    memset(arena_end - 2 * PAGE, 0, 2 * PAGE);
    bump = 0;
}

/* `n` bytes in the first part of the arena, aligned on 8. */
static unsigned char *take(size_t n) {
    size_t at = (bump + 7) & ~(size_t)7;
    CHECK(at + n <= (ARENA_PAGES - 2) * PAGE);
    bump = at + n;
    return arena + at;
}

/* How many bytes at `p` the program (and the kernel) can read. */
static size_t readable(uint64_t p) {
    uint64_t a = (uint64_t)(uintptr_t)arena, e = (uint64_t)(uintptr_t)arena_end;
    return p >= a && p < e ? (size_t)(e - p) : 0;
}

enum { P_VALID, P_NULL, P_LOW, P_NONE, P_PARTIAL };

static int pointer_kind(void) {
    unsigned r = below(100);
    if (r < 72) return P_VALID;
    if (r < 79) return P_NULL;
    if (r < 86) return P_LOW;
    if (r < 92) return P_NONE;
    return P_PARTIAL;
}

/* Where an object of `n` bytes goes, by kind; its bytes `content` are written where they can be. */
static uint64_t place_kind(const void *content, size_t n, int kind) {
    static const uint64_t low[] = {1, 0x10, 0x7f, 0xfff, 0xdead};
    switch (kind) {
    case P_NULL: return 0;
    case P_LOW: return PICK(low);
    case P_NONE: return (uint64_t)(uintptr_t)arena_end + 8 * below(8);
    case P_PARTIAL:
        if (n > 1) {
            size_t fit = 1 + below((unsigned)n - 1);
            unsigned char *p = arena_end - fit;
            memcpy(p, content, fit);
            return (uint64_t)(uintptr_t)p;
        }
        return (uint64_t)(uintptr_t)arena_end;
    default: {
        unsigned char *p = take(n ? n : 1);
        memcpy(p, content, n);
        return (uint64_t)(uintptr_t)p;
    }
    }
}
static uint64_t place(const void *content, size_t n) { return place_kind(content, n, pointer_kind()); }

/* A writable buffer of `n` bytes (random content), or a bad pointer. */
static uint64_t out_buffer(size_t n) {
    unsigned char tmp[4096];
    if (n > sizeof tmp) n = sizeof tmp;
    rand_bytes(tmp, n);
    return place(tmp, n);
}

/* ---- the descriptors ---- */
static char fzdir[200], abstract_prefix[40];
static unsigned short ports[3];
/* UDP sockets on all three ports and both addresses: a datagram to 127.0.0.1 or ::1 always
 * finds a socket, so that no ICMP "port unreachable" (rate-limited, so not deterministic) is
 * ever sent. */
enum { TCP4L, TCP4C, TCP4S, TCP6L, TCP6C, TCP6S, UDP4, UDP4B, UDP4C, UDP6, UDP6B, UDP6C,
       USTA, USTB, UDGA, UDGB, ULIS, UDGD, NLK, EPF, FIL, NSLOTS };
static int fds[NSLOTS];

static int pick_fd(void) {
    unsigned r = below(100);
    if (r < 88) return fds[below(NSLOTS)];
    if (r < 92) return -1;
    if (r < 96) return 1000;
    return 999;
}

/* An fd argument: the int, sometimes with garbage in the upper 32 bits (the kernel ignores them). */
static uint64_t fd_arg(int fd) {
    uint64_t v = (uint32_t)fd;
    if (chance(5)) v |= (rnd() & 0xffffffff00000000ull);
    return v;
}

static uint64_t int_arg(int v) {
    uint64_t r = (uint32_t)v;
    if (chance(5)) r |= (rnd() & 0xffffffff00000000ull);
    return r;
}

static long sys(long n, uint64_t a, uint64_t b, uint64_t c, uint64_t d, uint64_t e, uint64_t f) {
    return syscall(n, a, b, c, d, e, f);
}

/* ---- safety checks ---- */
static int port_ok(const unsigned char *p) {
    unsigned port = (unsigned)p[0] << 8 | p[1];
    return port == 0 || port == ports[0] || port == ports[1] || port == ports[2];
}

static int unix_ok(const unsigned char *path, long n) {
    if (n <= 0) return 1;                      /* autobind or EINVAL: nothing reached */
    if (n > 108) n = 108;
    if (path[0] == 0) {
        size_t pl = strlen(abstract_prefix);
        return (size_t)(n - 1) >= pl && memcmp(path + 1, abstract_prefix, pl) == 0;
    }
    size_t len = strnlen((const char *)path, (size_t)n);
    size_t dl = strlen(fzdir);
    if (len <= dl + 1 || memcmp(path, fzdir, dl) != 0 || path[dl] != '/') return 0;
    for (size_t i = dl; i + 1 < len; i++)
        if (path[i] == '.' && path[i + 1] == '.') return 0;
    return 1;
}

/* An address the kernel would read: `len` as the caller gives it. */
static int sockaddr_ok(uint64_t addr, long len) {
    if (!addr || len <= 0 || len > 128) return 1;          /* nothing read, or EINVAL */
    if (readable(addr) < (size_t)len) return 1;            /* the kernel's copy faults: EFAULT */
    const unsigned char *p = (const unsigned char *)(uintptr_t)addr;
    if (len < 2) return 1;
    unsigned family = p[0] | (unsigned)p[1] << 8;
    static const unsigned char lo6[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    switch (family) {
    case AF_UNSPEC:
    case AF_INET:
        if (len < 4) return 1;
        if (!port_ok(p + 2)) return 0;
        return len < 8 || p[4] == 127;
    case AF_INET6:
        if (len < 4) return 1;
        if (!port_ok(p + 2)) return 0;
        return len < 24 || memcmp(p + 8, lo6, 16) == 0;
    case AF_UNIX:
        return unix_ok(p + 2, len - 2);
    case AF_NETLINK: {
        if (len < 12) return 1;
        uint32_t pid, groups;
        memcpy(&pid, p + 4, 4);
        memcpy(&groups, p + 8, 4);
        return (pid == 0 || pid == NETLINK_PORTID) && groups == 0;
    }
    default:
        /* Every descriptor the program sends on is an IP, UNIX or netlink socket: the kernel
         * refuses an address of any other family (EAFNOSUPPORT/EINVAL). */
        return 1;
    }
}

/* Netlink data: a prefix of the sock_diag requests below (the kernel ignores a cut message). */
static unsigned char canned[6][128];
static size_t canned_len[6];

static int netlink_data_ok(const unsigned char *data, size_t n) {
    for (int k = 0; k < 6; k++)
        if (n <= canned_len[k] && memcmp(data, canned[k], n) == 0) return 1;
    return n < NLMSG_HDRLEN;
}

/* Control messages on IP sockets: only TTL, TOS, hop limit, traffic class, and SOL_SOCKET
 * messages other than marks, priorities and transmit times. Walks them as the kernel does. */
static int control_ok(uint64_t control, uint64_t controllen) {
    if (controllen < sizeof(struct cmsghdr)) return 1;
    if (controllen > INT32_MAX) return 1;                  /* ENOBUFS */
    size_t can = readable(control);
    if (can < controllen) return 1;                        /* EFAULT before anything is used */
    const unsigned char *base = (const unsigned char *)(uintptr_t)control;
    size_t off = 0;
    while (off + sizeof(struct cmsghdr) <= controllen) {
        struct cmsghdr h;
        memcpy(&h, base + off, sizeof h);
        if (h.cmsg_len < sizeof(struct cmsghdr) || h.cmsg_len > controllen - off) return 1; /* EINVAL */
        if (h.cmsg_level == SOL_IP && h.cmsg_type != IP_TTL && h.cmsg_type != IP_TOS) return 0;
        if (h.cmsg_level == SOL_IPV6 && h.cmsg_type != 52 /* IPV6_HOPLIMIT */ && h.cmsg_type != 67 /* IPV6_TCLASS */) return 0;
        if (h.cmsg_level == SOL_SOCKET && (h.cmsg_type == SO_MARK || h.cmsg_type == SO_PRIORITY ||
                                           h.cmsg_type == 61 /* SCM_TXTIME */ || h.cmsg_type == SO_TIMESTAMPING))
            return 0;
        off += (h.cmsg_len + 7) & ~(size_t)7;
    }
    return 1;
}

static int is_ip_socket(int fd) {
    for (int k = TCP4L; k <= UDP6C; k++)
        if (fds[k] == fd) return 1;
    return 0;
}

/* The data of a msghdr's iovecs, gathered as the kernel would (at most `cap` bytes). */
static size_t gather(const struct msghdr *m, unsigned char *out, size_t cap) {
    size_t got = 0;
    if (m->msg_iovlen > 1024) return 0;
    size_t can = readable((uint64_t)(uintptr_t)m->msg_iov);
    if (m->msg_iovlen && can < m->msg_iovlen * sizeof(struct iovec)) return 0;
    for (size_t i = 0; i < m->msg_iovlen; i++) {
        const struct iovec *v = &m->msg_iov[i];
        size_t len = v->iov_len;
        if (len == 0) continue;
        if (readable((uint64_t)(uintptr_t)v->iov_base) < len) return got;
        if (got + len > cap) len = cap - got;
        memcpy(out + got, v->iov_base, len);
        got += len;
        if (got == cap) break;
    }
    return got;
}

static int msghdr_ok(int fd, const struct msghdr *m) {
    if (m->msg_name && !sockaddr_ok((uint64_t)(uintptr_t)m->msg_name, (long)(int)m->msg_namelen)) return 0;
    if (is_ip_socket(fd) && !control_ok((uint64_t)(uintptr_t)m->msg_control, m->msg_controllen)) return 0;
    if (fd == fds[NLK]) {
        unsigned char data[512];
        size_t n = gather(m, data, sizeof data);
        if (!netlink_data_ok(data, n)) return 0;
    }
    return 1;
}

static void refuse(const char *what) {
    char b[200];
    int n = snprintf(b, sizeof b, "sockfuzz: refusing an unsafe %s (a bug in the generator)\n", what);
    write(2, b, n);
    _exit(3);
}

/* ---- building arguments ---- */
static const int families[] = {
    AF_UNSPEC, AF_UNIX, AF_INET, AF_AX25, AF_IPX, AF_APPLETALK, AF_X25, AF_INET6, AF_NETLINK,
    AF_PACKET, AF_IRDA, AF_LLC, AF_CAN, AF_TIPC, AF_BLUETOOTH, AF_RXRPC, AF_PHONET,
    AF_IEEE802154, AF_ALG, AF_NFC, AF_VSOCK, AF_KCM, AF_QIPCRTR, AF_SMC, AF_XDP, 45 /* AF_MCTP */,
    46, 63, 0xffff,
};

static void put16be(unsigned char *p, unsigned v) { p[0] = (unsigned char)(v >> 8); p[1] = (unsigned char)v; }
static void put16(unsigned char *p, unsigned v) { memcpy(p, &(uint16_t){(uint16_t)v}, 2); }
static void put32(unsigned char *p, uint32_t v) { memcpy(p, &v, 4); }

static unsigned rand_port(void) {
    unsigned r = below(10);
    if (r < 4) return ports[0];
    if (r < 7) return ports[1];
    if (r < 9) return ports[2];
    return 0;
}

/* A random but safe sockaddr in `b` (128 bytes); returns its natural length. */
static long make_sockaddr(unsigned char *b) {
    rand_bytes(b, 128);
    unsigned r = below(100);
    if (r < 30) {                                  /* AF_INET (or AF_UNSPEC, read as AF_INET) */
        put16(b, chance(12) ? AF_UNSPEC : AF_INET);
        put16be(b + 2, rand_port());
        b[4] = 127; b[5] = 0; b[6] = 0; b[7] = 1;
        if (chance(50)) memset(b + 8, 0, 8);
        return 16;
    }
    if (r < 48) {                                  /* AF_INET6 on ::1 */
        put16(b, AF_INET6);
        put16be(b + 2, rand_port());
        if (chance(60)) memset(b + 4, 0, 4);
        memset(b + 8, 0, 15);
        b[23] = 1;
        unsigned s = below(4);
        put32(b + 24, s == 0 ? 0 : s == 1 ? 1 : s == 2 ? 0x12345 : (uint32_t)rnd());
        return 28;
    }
    if (r < 70) {                                  /* AF_UNIX */
        memset(b, 0, 128);
        put16(b, AF_UNIX);
        char *path = (char *)b + 2;
        unsigned k = below(8);
        if (k < 4) {
            static const char *names[] = {"r0", "r1", "l", "d"};
            int n = snprintf(path, 108, "%s/%s", fzdir, names[k]);
            if (chance(30)) return 2 + n;          /* without the NUL */
            return 2 + n + 1;
        }
        if (k == 4) {                               /* 108 bytes, no NUL */
            int n = snprintf(path, 108, "%s/", fzdir);
            memset(path + n, 'x', 108 - n);
            return 110;
        }
        if (k == 5) {                               /* a path that goes on past the length */
            int n = snprintf(path, 108, "%s/r0-and-more", fzdir);
            return 2 + n - 8;
        }
        /* abstract */
        path[0] = 0;
        int n = snprintf(path + 1, 100, "%s%u", abstract_prefix, below(3));
        if (chance(40)) path[1 + n] = 0, n += 1;
        return 3 + n;
    }
    if (r < 78) {                                  /* AF_NETLINK */
        put16(b, AF_NETLINK);
        put16(b + 2, chance(70) ? 0 : (unsigned)rnd());     /* nl_pad */
        put32(b + 4, chance(70) ? 0 : NETLINK_PORTID);
        put32(b + 8, 0);
        return 12;
    }
    int f = PICK(families);
    if (f == AF_INET || f == AF_INET6 || f == AF_UNSPEC || f == AF_UNIX || f == AF_NETLINK) f = AF_PACKET;
    put16(b, (unsigned)f);
    static const long lens[] = {16, 20, 24, 28, 32, 48, 64, 72, 88, 112, 128};
    return PICK(lens);
}

static long sockaddr_len(long natural) {
    static const long odd[] = {0, 1, 2, 3, 4, 7, 8, 12, 15, 16, 17, 24, 27, 28, 29, 108, 110, 111, 127, 128, 129, 200, -1, 0x7fffffff};
    return chance(75) ? natural : PICK(odd);
}

/* A sockaddr for the kernel to read: pointer and length (the length as an int). */
static void given_sockaddr(uint64_t *addr, long *len) {
    unsigned char b[128];
    long natural = make_sockaddr(b);
    *len = sockaddr_len(natural);
    /* A UNIX address is never cut: a cut path could leave DIR/fz, and length 2 autobinds (to a
     * random name). */
    if (b[0] == AF_UNIX && b[1] == 0 && *len >= 2 && *len < natural) *len = natural;
    size_t n = *len > 0 && *len <= 128 ? (size_t)*len : (size_t)natural;
    if (n < (size_t)natural) n = (size_t)natural;
    *addr = place(b, n);
}

/* A socklen_t the kernel reads and writes. On a TCP socket, whose peer (or self) has an
 * ephemeral port, never a length that cuts the address between family and end: the port's
 * bytes would show raw (sa_data="..."), and they differ from run to run. */
static uint64_t socklen_ptr(int fd) {
    static const int vals[] = {0, 1, 2, 4, 8, 12, 14, 16, 20, 24, 27, 28, 64, 110, 112, 128, 200, -1};
    static const int tcp4[] = {0, 1, 2, 16, 20, 28, 128, -1};
    static const int tcp6[] = {0, 1, 2, 24, 28, 64, 128, -1};
    int v = chance(60) ? 128 : PICK(vals);
    for (int k = TCP4L; k <= TCP4S; k++) if (fds[k] == fd && v != 128) v = PICK(tcp4);
    for (int k = TCP6L; k <= TCP6S; k++) if (fds[k] == fd && v != 128) v = PICK(tcp6);
    return place(&v, sizeof v);
}

static unsigned msg_flags(void) {
    static const unsigned bits[] = {MSG_OOB, MSG_PEEK, MSG_DONTROUTE, MSG_CTRUNC, MSG_TRUNC, MSG_DONTWAIT,
                                    MSG_EOR, MSG_WAITALL, MSG_CONFIRM, MSG_ERRQUEUE, MSG_NOSIGNAL,
                                    MSG_WAITFORONE, MSG_BATCH, MSG_CMSG_CLOEXEC, 0x100000, 0x400000};
    unsigned f = MSG_DONTWAIT | MSG_NOSIGNAL;
    if (chance(20)) f = 0;
    int n = below(4);
    for (int i = 0; i < n; i++) f |= PICK(bits);
    if (chance(3)) f = (unsigned)rnd();
    /* MSG_MORE delays TCP data on a timer, MSG_ZEROCOPY completes asynchronously, MSG_FASTOPEN
     * and MSG_PROBE are left out too; every call stays non-blocking. */
    f &= ~(unsigned)(MSG_MORE | MSG_ZEROCOPY | MSG_FASTOPEN | 0x10 /* MSG_PROBE */);
    return f | MSG_DONTWAIT;
}

/* Random control messages (on IP sockets limited by control_ok). */
static size_t make_control(unsigned char *b, size_t cap, int ip) {
    size_t off = 0;
    int count = below(4);
    for (int i = 0; i < count && off + 32 <= cap; i++) {
        struct cmsghdr h;
        unsigned kind = below(10);
        size_t data = 4;
        if (kind < 3) { h.cmsg_level = SOL_SOCKET; h.cmsg_type = SCM_RIGHTS; data = 4 * below(4); }
        else if (kind == 3) { h.cmsg_level = SOL_SOCKET; h.cmsg_type = SCM_CREDENTIALS; data = 12; }
        else if (kind == 4) { h.cmsg_level = SOL_IP; h.cmsg_type = ip ? IP_TTL : IP_PKTINFO; data = ip ? 4 : 12; }
        else if (kind == 5) { h.cmsg_level = SOL_IP; h.cmsg_type = IP_TOS; data = 1; }
        else if (kind == 6) { h.cmsg_level = SOL_IPV6; h.cmsg_type = ip ? 67 : 50; data = ip ? 4 : 20; }
        else if (kind == 7) { h.cmsg_level = SOL_IPV6; h.cmsg_type = 52; data = 4; }
        else if (kind == 8) { h.cmsg_level = below(300); h.cmsg_type = below(80); data = below(16); }
        else { h.cmsg_level = SOL_SOCKET; h.cmsg_type = 3 + below(67); data = below(24); }
        if (ip && !(h.cmsg_level == SOL_IP && (h.cmsg_type == IP_TTL || h.cmsg_type == IP_TOS)) &&
            !(h.cmsg_level == SOL_IPV6 && (h.cmsg_type == 52 || h.cmsg_type == 67)) &&
            !(h.cmsg_level == SOL_SOCKET && (h.cmsg_type == SCM_RIGHTS || h.cmsg_type == SCM_CREDENTIALS))) {
            h.cmsg_level = SOL_IP; h.cmsg_type = IP_TTL; data = 4;
        }
        if (off + CMSG_SPACE(data) > cap) break;
        h.cmsg_len = CMSG_LEN(data);
        if (chance(8)) h.cmsg_len = below(40);
        memcpy(b + off, &h, sizeof h);
        unsigned char *d = b + off + sizeof h;
        rand_bytes(d, data);
        /* Descriptors in flight: never a socket. A socket sent over a UNIX socket can stay
         * alive until the kernel's garbage collector (a work queue) frees it, holding its port
         * into the next epoch. */
        if (h.cmsg_level == SOL_SOCKET && h.cmsg_type == SCM_RIGHTS)
            for (size_t k = 0; k + 4 <= data; k += 4) {
                static const int slots[] = {EPF, FIL, FIL, -1, -2};
                int slot = PICK(slots);
                int fd = slot == -1 ? 1000 : slot == -2 ? -1 : fds[slot];
                memcpy(d + k, &fd, 4);
            }
        if (h.cmsg_level == SOL_SOCKET && h.cmsg_type == SCM_CREDENTIALS) {
            int pid = 1; unsigned ids[2] = {0, 0};      /* not our pid: it varies from run to run */
            memcpy(d, &pid, 4); memcpy(d + 4, ids, 8);
        }
        if (h.cmsg_level == SOL_IP && h.cmsg_type == IP_TTL) { int ttl = 1 + below(255); memcpy(d, &ttl, 4); }
        off += CMSG_SPACE(data);
    }
    return off;
}

/* Netlink requests: all harmless, all with a fixed answer (errors, acks, empty dumps). */
static void make_canned(void) {
    struct { struct nlmsghdr h; struct inet_diag_req_v2 r; } inet = {0};
    inet.h.nlmsg_len = sizeof inet;
    inet.h.nlmsg_type = SOCK_DIAG_BY_FAMILY;
    inet.h.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
    inet.h.nlmsg_seq = 1;
    inet.r.sdiag_family = AF_INET;
    inet.r.sdiag_protocol = IPPROTO_TCP;
    inet.r.idiag_states = 0;                         /* no state: an empty dump */
    memcpy(canned[0], &inet, sizeof inet); canned_len[0] = sizeof inet;

    inet.h.nlmsg_flags = NLM_F_REQUEST;              /* exact lookup of a socket that is not there */
    inet.h.nlmsg_seq = 2;
    inet.r.sdiag_family = AF_INET6;
    inet.r.idiag_states = ~0u;
    inet.r.id.idiag_sport = htons(ports[2]);
    inet.r.id.idiag_src[3] = htonl(1);
    inet.r.id.idiag_cookie[0] = INET_DIAG_NOCOOKIE;
    inet.r.id.idiag_cookie[1] = INET_DIAG_NOCOOKIE;
    memcpy(canned[1], &inet, sizeof inet); canned_len[1] = sizeof inet;

    struct { struct nlmsghdr h; struct unix_diag_req r; } ux = {0};
    ux.h.nlmsg_len = sizeof ux;
    ux.h.nlmsg_type = SOCK_DIAG_BY_FAMILY;
    ux.h.nlmsg_flags = NLM_F_REQUEST;
    ux.h.nlmsg_seq = 3;
    ux.r.sdiag_family = AF_UNIX;
    ux.r.udiag_states = ~0u;
    ux.r.udiag_ino = 1;                              /* no socket has inode 1 */
    ux.r.udiag_show = UDIAG_SHOW_NAME | UDIAG_SHOW_PEER;
    memcpy(canned[2], &ux, sizeof ux); canned_len[2] = sizeof ux;

    ux.h.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;   /* an empty dump */
    ux.h.nlmsg_seq = 4;
    ux.r.udiag_states = 0;
    ux.r.udiag_ino = 0;
    memcpy(canned[3], &ux, sizeof ux); canned_len[3] = sizeof ux;

    struct nlmsghdr noop = {0};                      /* NLMSG_NOOP, acked */
    noop.nlmsg_len = sizeof noop;
    noop.nlmsg_type = NLMSG_NOOP;
    noop.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
    noop.nlmsg_seq = 5;
    memcpy(canned[4], &noop, sizeof noop); canned_len[4] = sizeof noop;

    struct { struct nlmsghdr h; unsigned char b[8]; } odd = {0};   /* an unknown type: EINVAL */
    odd.h.nlmsg_len = sizeof odd;
    odd.h.nlmsg_type = 0x99;
    odd.h.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
    odd.h.nlmsg_seq = 6;
    memcpy(odd.b, "\x01\x02\x03\x04\x05\x06\x07\x08", 8);
    memcpy(canned[5], &odd, sizeof odd); canned_len[5] = sizeof odd;
}

/* Data to send on `fd`: random bytes, or a netlink request on the netlink socket. */
static size_t make_data(int fd, unsigned char *b, size_t cap) {
    if (fd == fds[NLK]) {
        int k = below(6);
        size_t n = canned_len[k];
        if (chance(15)) n = below((unsigned)n);
        memcpy(b, canned[k], n);
        return n;
    }
    size_t n = chance(10) ? 0 : 1 + below(chance(80) ? 48 : (unsigned)cap);
    if (n > cap) n = cap;
    rand_bytes(b, n);
    if (chance(50)) for (size_t i = 0; i < n; i++) b[i] = (unsigned char)(' ' + (b[i] % 95));
    return n;
}

/* A msghdr for sendmsg (data, name, control) placed in the arena; returns its address. */
static uint64_t make_send_msghdr(int fd, struct msghdr *m) {
    memset(m, 0, sizeof *m);
    if (chance(40)) {
        uint64_t a; long l;
        given_sockaddr(&a, &l);
        m->msg_name = (void *)(uintptr_t)a;
        m->msg_namelen = (socklen_t)l;
    } else if (chance(20)) {
        m->msg_namelen = below(200);
    }
    unsigned char data[600];
    size_t n = make_data(fd, data, 512);
    int iovs = fd == fds[NLK] ? 1 + below(2) : below(5);
    if (chance(3)) iovs = 40;
    struct iovec *v = (struct iovec *)take(sizeof(struct iovec) * (iovs ? iovs : 1));
    size_t done = 0;
    for (int i = 0; i < iovs; i++) {
        size_t piece = i == iovs - 1 ? n - done : (n - done) / 2;
        if (iovs == 40) piece = i < (int)n ? 1 : 0;
        unsigned char *p = take(piece ? piece : 1);
        memcpy(p, data + done, piece);
        v[i].iov_base = p;
        v[i].iov_len = piece;
        done += piece;
    }
    int kind = pointer_kind();
    if (kind == P_NULL && iovs) kind = P_VALID;
    m->msg_iov = iovs ? v : NULL;
    m->msg_iovlen = iovs;
    if (iovs && kind != P_VALID && fd != fds[NLK]) {
        m->msg_iov = (struct iovec *)(uintptr_t)place_kind(v, sizeof(struct iovec) * iovs, kind);
    }
    if (chance(35)) {
        unsigned char *c = take(256);
        size_t cl = make_control(c, 256, is_ip_socket(fd));
        m->msg_control = c;
        m->msg_controllen = cl;
        if (chance(10)) m->msg_controllen = below(300);
        if (is_ip_socket(fd) && m->msg_controllen > cl) m->msg_controllen = cl;
        /* A cut or odd cmsg_len can make the kernel read data as headers: drop what it refuses. */
        if (is_ip_socket(fd) && !control_ok((uint64_t)(uintptr_t)c, m->msg_controllen)) {
            m->msg_control = NULL;
            m->msg_controllen = 0;
        }
    }
    m->msg_flags = chance(80) ? 0 : (int)rnd();
    return 0;
}

/* A msghdr for recvmsg: buffers for name, data and control. */
static void make_recv_msghdr(struct msghdr *m) {
    memset(m, 0, sizeof *m);
    static const int namelens[] = {0, 1, 2, 8, 16, 20, 28, 110, 112, 128, 200};
    if (chance(70)) {
        m->msg_namelen = chance(50) ? 128 : PICK(namelens);
        m->msg_name = (void *)(uintptr_t)out_buffer(m->msg_namelen ? m->msg_namelen : 16);
    } else {
        m->msg_namelen = chance(50) ? 0 : PICK(namelens);
    }
    int iovs = below(4);
    if (chance(3)) iovs = 40;
    struct iovec *v = (struct iovec *)take(sizeof(struct iovec) * (iovs ? iovs : 1));
    for (int i = 0; i < iovs; i++) {
        size_t len = chance(80) ? 1 + below(64) : below(600);
        v[i].iov_base = (void *)(uintptr_t)(chance(90) ? (uint64_t)(uintptr_t)take(len ? len : 1) : out_buffer(len));
        v[i].iov_len = len;
    }
    m->msg_iov = iovs ? v : NULL;
    m->msg_iovlen = iovs;
    if (iovs && chance(15)) m->msg_iov = (struct iovec *)(uintptr_t)place_kind(v, sizeof(struct iovec) * iovs, pointer_kind());
    if (chance(60)) {
        static const size_t lens[] = {0, 8, 16, 20, 24, 32, 40, 64, 128, 256};
        size_t cl = PICK(lens);
        m->msg_controllen = cl;
        m->msg_control = (void *)(uintptr_t)(chance(85) ? (uint64_t)(uintptr_t)take(cl ? cl : 1) : out_buffer(cl));
        if (m->msg_control && readable((uint64_t)(uintptr_t)m->msg_control) >= cl) rand_bytes(m->msg_control, cl);
    }
    m->msg_flags = chance(80) ? 0 : (int)rnd();
}

/* Descriptors that arrived in control messages are closed again. */
static void close_received(const struct msghdr *m) {
    if (!m->msg_control || readable((uint64_t)(uintptr_t)m->msg_control) < m->msg_controllen) return;
    if (m->msg_controllen < sizeof(struct cmsghdr)) return;
    for (struct cmsghdr *c = CMSG_FIRSTHDR((struct msghdr *)m); c; c = CMSG_NXTHDR((struct msghdr *)m, c)) {
        if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS) continue;
        size_t n = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
        int *p = (int *)CMSG_DATA(c);
        for (size_t i = 0; i < n; i++) sys(SYS_close, (uint32_t)p[i], 0, 0, 0, 0, 0);
    }
}

static void close_if_new(long fd) {
    if (fd < 0) return;
    for (int k = 0; k < NSLOTS; k++) if (fds[k] == fd) return;
    sys(SYS_close, (uint64_t)fd, 0, 0, 0, 0, 0);
}

/* ---- socket options ---- */
static int option_allowed(unsigned level, unsigned name, int set) {
    switch (level) {
    case SOL_SOCKET:
        switch (name) {
        case SO_BINDTODEVICE: case 62 /* SO_BINDTOIFINDEX */: case SO_MARK: case SO_DONTROUTE:
        case 16 /* SO_PASSCRED: autobinds UNIX sockets to random names */:
        case 29: case 35: case 37: case 63: case 64: case 65:    /* timestamps */
        case 60 /* SO_ZEROCOPY */: case 61 /* SO_TXTIME */: case 76 /* SO_PASSPIDFD */:
        case 34 /* SO_PASSSEC */: case 75 /* SO_RCVMARK */:
            return 0;
        case SO_SNDBUF: case SO_RCVBUF: case SO_SNDBUFFORCE: case SO_RCVBUFFORCE: case SO_RCVLOWAT:
            return !set;   /* small TCP windows wait for timers */
        case 57 /* SO_COOKIE */: case 49 /* SO_INCOMING_CPU */: case 55 /* SO_MEMINFO */:
            return set;
        }
        return 1;
    case SOL_IP: {
        /* (200...249: no option and no netfilter range: ENOPROTOOPT) */
        if (name >= 200 && name < 250) return 1;
        static const unsigned ok[] = {1, 2, 6, 8, 10, 11, 12, 13, 14, 18, 20, 21, 22, 23, 24, 25, 26, 33, 34, 49};
        for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) if (ok[i] == name) return 1;
        return 0;
    }
    case SOL_IPV6: {
        if (name >= 200 && name < 250) return 1;
        static const unsigned ok[] = {7, 16, 18, 19, 23, 24, 25, 26, 29, 31, 33, 49, 51, 53, 56, 58, 60, 61, 62, 66, 67, 70, 72, 73, 74, 77, 79, 80};
        for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) if (ok[i] == name) return 1;
        return 0;
    }
    case SOL_TCP:
        switch (name) {
        case TCP_MD5SIG: case TCP_REPAIR: case TCP_REPAIR_QUEUE: case TCP_QUEUE_SEQ:
        case TCP_REPAIR_OPTIONS: case TCP_REPAIR_WINDOW: case TCP_MD5SIG_EXT: case TCP_FASTOPEN_KEY:
        case TCP_ZEROCOPY_RECEIVE: case TCP_TIMESTAMP: case TCP_ULP:
        case 38: case 39: case 40: case 41: case 42:   /* newer: AO keys and the like */
            return 0;
        case TCP_NODELAY: case TCP_CORK: case TCP_CONGESTION: case 37 /* TCP_TX_DELAY */:
        case TCP_FASTOPEN_CONNECT: case TCP_FASTOPEN: case TCP_WINDOW_CLAMP: case TCP_MAXSEG:
            return !set;   /* delays on timers, module loading */
        case TCP_INFO: case TCP_CC_INFO: case TCP_SAVED_SYN: case TCP_QUICKACK:
            return set;    /* values that depend on timing */
        }
        return name < 64;
    case 17 /* SOL_UDP */:
        return name != 100 /* UDP_ENCAP */;
    case SOL_NETLINK:
        return name != 1 /* NETLINK_ADD_MEMBERSHIP */ && name != 8 /* NETLINK_LISTEN_ALL_NSID */;
    default:
        /* Other levels: none of the program's sockets takes them (ENOPROTOOPT, EOPNOTSUPP). */
        return 1;
    }
}

static const unsigned levels[] = {SOL_SOCKET, SOL_SOCKET, SOL_SOCKET, SOL_IP, SOL_IP, SOL_IPV6, SOL_IPV6, SOL_TCP,
                                  SOL_TCP, 17 /* SOL_UDP */, 255 /* SOL_RAW */, 263 /* SOL_PACKET */, 270 /* SOL_NETLINK */,
                                  270, 40 /* AF_VSOCK */, 58 /* SOL_ICMPV6 */, 132 /* SOL_SCTP */, 256, 257, 266,
                                  268 /* SOL_LLC */, 269, 271, 272, 274, 277, 279, 280, 281, 282, 283, 284, 285, 286,
                                  300, 0xffffffffu};

static void pick_option(unsigned *level, unsigned *name, int set) {
    for (;;) {
        *level = PICK(levels);
        unsigned r = below(100);
        if (*level == SOL_SOCKET) *name = r < 90 ? 1 + below(80) : (unsigned)rnd();
        else if (*level == SOL_IP || *level == SOL_IPV6) *name = r < 95 ? below(82) : 200 + below(50);
        else *name = r < 90 ? below(40) : (unsigned)rnd() % 1000;
        if (option_allowed(*level, *name, set)) return;
    }
}

/* ---- the random calls ---- */
static int ready_fd;    /* always ready (the file): makes a NULL timeout safe */

static void call_socket(void) {
    static const unsigned types[] = {SOCK_STREAM, SOCK_DGRAM, SOCK_RAW, SOCK_SEQPACKET, SOCK_RDM, SOCK_PACKET, SOCK_DCCP, 0, 7, 11};
    unsigned type = PICK(types);
    if (chance(40)) type |= SOCK_CLOEXEC;
    if (chance(40)) type |= SOCK_NONBLOCK;
    if (chance(5)) type |= 0x40 << below(4);
    int family = PICK(families);
    if (family == AF_NETLINK && chance(50)) family = AF_INET;
    unsigned proto = chance(50) ? 0 : chance(50) ? below(140) : (unsigned)rnd() % 70000;
    if (family == AF_PACKET) proto = chance(50) ? htons(3 /* ETH_P_ALL */) : chance(50) ? htons(0x0800) : proto;
    long r = sys(SYS_socket, int_arg(family), int_arg((int)type), int_arg((int)proto), 0, 0, 0);
    close_if_new(r);
}

static void call_socketpair(void) {
    static const int fams[] = {AF_UNIX, AF_UNIX, AF_UNIX, AF_INET, AF_INET6, AF_NETLINK, 99};
    static const unsigned types[] = {SOCK_STREAM, SOCK_DGRAM, SOCK_SEQPACKET, SOCK_RAW, 9};
    unsigned type = PICK(types) | (chance(30) ? SOCK_CLOEXEC : 0) | (chance(30) ? SOCK_NONBLOCK : 0);
    int pair[2] = {-1, -1};
    int kind = pointer_kind();
    uint64_t p = place_kind(pair, sizeof pair, kind);
    long r = sys(SYS_socketpair, int_arg(PICK(fams)), int_arg((int)type), chance(80) ? 0 : below(20), p, 0, 0);
    if (r == 0 && kind == P_VALID) {
        int *got = (int *)(uintptr_t)p;
        close_if_new(got[0]);
        close_if_new(got[1]);
    }
}

static void call_bind_connect(long nr) {
    int fd = pick_fd();
    uint64_t a; long l;
    given_sockaddr(&a, &l);
    if (!sockaddr_ok(a, l)) refuse("address");
    sys(nr, fd_arg(fd), a, int_arg((int)l), 0, 0, 0);
}

static void call_listen(void) {
    static const int backlogs[] = {0, 1, 4, 128, -1, 0x7fffffff};
    sys(SYS_listen, fd_arg(pick_fd()), int_arg(PICK(backlogs)), 0, 0, 0, 0);
}

static void call_accept(int four) {
    int fd = pick_fd();
    uint64_t addr = chance(70) ? out_buffer(128) : 0;
    uint64_t len = chance(80) ? socklen_ptr(fd) : 0;
    static const unsigned flags[] = {0, SOCK_CLOEXEC, SOCK_NONBLOCK, SOCK_CLOEXEC | SOCK_NONBLOCK, 0x40, 0x80001};
    long r;
    if (four) r = sys(SYS_accept4, fd_arg(fd), addr, len, int_arg((int)PICK(flags)), 0, 0);
    else r = sys(SYS_accept, fd_arg(fd), addr, len, 0, 0, 0);
    close_if_new(r);
}

static void call_name(long nr) {
    int fd = pick_fd();
    uint64_t addr = chance(85) ? out_buffer(128) : 0;
    uint64_t len = chance(90) ? socklen_ptr(fd) : 0;
    sys(nr, fd_arg(fd), addr, len, 0, 0, 0);
}

static void call_setsockopt(void) {
    unsigned level, name;
    pick_option(&level, &name, 1);
    static const int lens[] = {0, 1, 2, 3, 4, 4, 4, 4, 5, 8, 8, 12, 16, 20, 24, 32, 40, 64, -1};
    int len = PICK(lens);
    unsigned char v[64];
    rand_bytes(v, sizeof v);
    if (chance(60)) {
        static const int ints[] = {0, 1, 1, 2, 5, 64, 255, 1000, 65536, -1, -5};
        int x = PICK(ints);
        memcpy(v, &x, 4);
        if (chance(50)) memset(v + 4, 0, 60);
    }
    uint64_t p = place(v, len > 0 ? (size_t)len : 8);
    sys(SYS_setsockopt, fd_arg(pick_fd()), int_arg((int)level), int_arg((int)name), p, int_arg(len), 0);
}

static void call_getsockopt(void) {
    unsigned level, name;
    pick_option(&level, &name, 0);
    static const int lens[] = {0, 1, 2, 3, 4, 4, 4, 4, 5, 8, 12, 16, 20, 24, 32, 64, 128, 256, -1};
    int len = PICK(lens);
    /* a cut SO_PEERCRED shows the bytes of a pid, which differs from run to run */
    if (level == SOL_SOCKET && name == SO_PEERCRED && len > 0 && len < 4) len = 4;
    uint64_t val = chance(85) ? out_buffer(len > 0 ? (size_t)len : 8) : 0;
    uint64_t lp = chance(90) ? place(&len, sizeof len) : 0;
    sys(SYS_getsockopt, fd_arg(pick_fd()), int_arg((int)level), int_arg((int)name), val, lp, 0);
}

static void call_sendto(void) {
    int fd = pick_fd();
    unsigned char data[600];
    size_t n = make_data(fd, data, 512);
    uint64_t buf = n ? place(data, n) : (chance(50) ? 0 : out_buffer(1));
    uint64_t len = n;
    /* A huge length: TCP would copy as much as its send buffer holds at that moment, so only
     * on other sockets. */
    int tcp = 0;
    for (int k = TCP4L; k <= TCP6S; k++) tcp |= fds[k] == fd;
    if (!tcp && chance(5)) len = chance(50) ? 0xffffffffull : 1u << 20;
    if (fd == fds[NLK] && readable(buf) < len) len = readable(buf) < n ? readable(buf) : n;
    if (fd == fds[NLK] && buf && !netlink_data_ok((const unsigned char *)(uintptr_t)buf, readable(buf) < len ? readable(buf) : len))
        refuse("netlink message");
    uint64_t a = 0; long l = 0;
    if (chance(50)) given_sockaddr(&a, &l);
    else if (chance(30)) l = below(130);
    if (!sockaddr_ok(a, l)) refuse("address");
    sys(SYS_sendto, fd_arg(fd), buf, len, msg_flags(), a, int_arg((int)l));
}

static void call_recvfrom(void) {
    static const size_t lens[] = {0, 1, 7, 16, 32, 33, 64, 100, 512, 4096};
    size_t len = PICK(lens);
    uint64_t buf = chance(90) ? out_buffer(len) : 0;
    int fd = pick_fd();
    uint64_t addr = chance(50) ? out_buffer(128) : 0;
    uint64_t al = chance(60) ? socklen_ptr(fd) : 0;
    uint64_t l = len;
    if (chance(5)) l = 0xffffffffull;
    if (readable(buf) && readable(buf) < l) l = readable(buf);
    sys(SYS_recvfrom, fd_arg(fd), buf, l, msg_flags(), addr, al);
}

static void call_sendmsg(void) {
    int fd = pick_fd();
    struct msghdr m;
    make_send_msghdr(fd, &m);
    if (!msghdr_ok(fd, &m)) refuse("message");
    uint64_t p = place(&m, sizeof m);
    /* What the kernel reads is what is at p: a partial msghdr faults before anything is sent. */
    sys(SYS_sendmsg, fd_arg(fd), p, msg_flags(), 0, 0, 0);
}

static void call_recvmsg(void) {
    struct msghdr m;
    make_recv_msghdr(&m);
    int kind = pointer_kind();
    uint64_t p = place_kind(&m, sizeof m, kind);
    long r = sys(SYS_recvmsg, fd_arg(pick_fd()), p, msg_flags(), 0, 0, 0);
    if (r >= 0 && kind == P_VALID) close_received((struct msghdr *)(uintptr_t)p);
}

static void call_sendmmsg(void) {
    int fd = pick_fd();
    int built = below(5);
    struct mmsghdr v[4];
    memset(v, 0, sizeof v);              /* no stack bytes (a pointer, say) in the padding */
    for (int i = 0; i < built; i++) {
        make_send_msghdr(fd, &v[i].msg_hdr);
        v[i].msg_len = (unsigned)rnd();
        if (!msghdr_ok(fd, &v[i].msg_hdr)) refuse("message");
    }
    unsigned vlen = built;
    uint64_t p;
    if (chance(20)) {
        /* more entries than built: the array ends at the guard page, the kernel stops there */
        unsigned char *at = arena_end - built * sizeof(struct mmsghdr);
        memcpy(at, v, built * sizeof(struct mmsghdr));
        p = (uint64_t)(uintptr_t)at;
        static const unsigned big[] = {5, 8, 1024, 1025, 0xffffffffu};
        vlen = PICK(big);
    } else {
        int kind = pointer_kind();
        if (kind == P_PARTIAL) kind = P_NONE;      /* a partial entry could be read as an address */
        p = built ? place_kind(v, built * sizeof(struct mmsghdr), kind) : (chance(50) ? 0 : out_buffer(8));
    }
    sys(SYS_sendmmsg, fd_arg(fd), p, int_arg((int)vlen), msg_flags(), 0, 0);
}

static void call_recvmmsg(void) {
    int count = below(4);
    struct mmsghdr v[3];
    memset(v, 0, sizeof v);
    for (int i = 0; i < count; i++) { make_recv_msghdr(&v[i].msg_hdr); v[i].msg_len = (unsigned)rnd(); }
    unsigned vlen = count;
    int kind = pointer_kind();
    uint64_t p;
    if (chance(10)) {
        /* more entries than built: the array ends at the guard page */
        vlen = chance(50) ? 1025 : 0xffffffffu;
        unsigned char *at = arena_end - count * sizeof(struct mmsghdr);
        memcpy(at, v, count * sizeof(struct mmsghdr));
        p = (uint64_t)(uintptr_t)at;
        kind = P_VALID;
    } else {
        p = count ? place_kind(v, count * sizeof(struct mmsghdr), kind) : (chance(50) ? 0 : out_buffer(8));
    }
    uint64_t t = 0;
    if (chance(60)) {
        /* zero (one datagram at most), long enough never to run out, or invalid: a short
         * timeout would end after as many datagrams as time allowed */
        static const struct timespec ts[] = {{0, 0}, {0, 0}, {1, 0}, {0, 999999999}, {0, 1000000000}, {0, -1}, {-1, 0}};
        t = place(&ts[below(7)], sizeof ts[0]);
    }
    long r = sys(SYS_recvmmsg, fd_arg(pick_fd()), p, int_arg((int)vlen), msg_flags(), t, 0);
    if (r > 0 && kind == P_VALID)
        for (long i = 0; i < r && i < count; i++) close_received(&((struct mmsghdr *)(uintptr_t)p)[i].msg_hdr);
}

static void call_shutdown(void) {
    static const int how[] = {SHUT_RD, SHUT_WR, SHUT_RDWR, 3, -1};
    sys(SYS_shutdown, fd_arg(pick_fd()), int_arg(PICK(how)), 0, 0, 0, 0);
}

static unsigned poll_events(void) {
    static const unsigned bits[] = {POLLIN, POLLPRI, POLLOUT, POLLERR, POLLHUP, POLLNVAL, POLLRDNORM, POLLRDBAND,
                                    POLLWRNORM, POLLWRBAND, POLLMSG, POLLRDHUP, 0x4000, 0x8000};
    unsigned e = 0;
    int n = below(4);
    for (int i = 0; i < n; i++) e |= PICK(bits);
    return e;
}

/* A timespec: NULL only when an always-ready descriptor is watched. */
static uint64_t timeout_ptr(int may_block, int usec) {
    if (may_block && chance(15)) return 0;
    static const long small[] = {0, 0, 0, 1, 1000, 999999999, 1000000000, -1};
    long v[2] = {chance(90) ? 0 : chance(50) ? -1 : 0, PICK(small)};
    if (usec && v[1] > 999999) v[1] = chance(50) ? 999999 : 1000000;
    if (chance(4)) v[0] = 0x7fffffffffffffffll;
    /* a timeout that really waits only when something is ready at once */
    if (!may_block && v[0] > 0) v[0] = 0;
    /* select reads 1000000 microseconds as a second; ppoll refuses 1000000000 nanoseconds */
    if (!may_block && v[1] > 0 && (usec || v[1] < 1000000000)) v[1] = 0;
    int kind = pointer_kind();
    if (kind == P_NULL) kind = may_block ? P_NULL : P_VALID;
    return place_kind(v, sizeof v, kind);
}

static uint64_t make_pollfds(unsigned *count, int *ready) {
    unsigned n = below(6);
    if (chance(3)) n = 40;
    struct pollfd p[40];
    *ready = 0;
    for (unsigned i = 0; i < n; i++) {
        p[i].fd = chance(10) ? -1 - (int)below(3) : pick_fd();
        p[i].events = (short)poll_events();
        p[i].revents = (short)rnd();
        if (p[i].fd == ready_fd && (p[i].events & (POLLIN | POLLOUT))) *ready = 1;
        if (p[i].fd == 1000 || p[i].fd == 999) *ready = 1;      /* POLLNVAL */
    }
    *count = n;
    if (chance(4)) *count = chance(50) ? 0xffffffffu : 1u << 20;
    int kind = pointer_kind();
    if (kind != P_VALID) *ready = 0;
    return n ? place_kind(p, n * sizeof(struct pollfd), kind) : (chance(50) ? 0 : out_buffer(8));
}

static void call_poll(int ppoll) {
    unsigned n; int ready;
    uint64_t p = make_pollfds(&n, &ready);
    if (!ppoll) {
        sys(SYS_poll, p, int_arg((int)n), int_arg(0), 0, 0, 0);
        return;
    }
    uint64_t t = timeout_ptr(ready && n < 1024, 0);
    uint64_t mask = 0;
    static const uint64_t sizes[] = {8, 8, 8, 4, 16, 0};
    uint64_t size = PICK(sizes);
    if (chance(50)) { uint64_t m = chance(50) ? 0 : rnd() & ~((1ull << 8) | (1ull << 18)); mask = place(&m, sizeof m); }
    sys(SYS_ppoll, p, int_arg((int)n), t, mask, size, 0);
}

static uint64_t make_fdset(int nfds, int *ready, int readset) {
    unsigned long set[16] = {0};
    int nbits = nfds > 1024 ? 1024 : nfds < 0 ? 0 : nfds;
    int count = below(4);
    for (int i = 0; i < count && nbits > 0; i++) {
        int fd = chance(80) ? fds[below(NSLOTS)] : (int)below(nbits);
        if (fd < 0 || fd >= nbits) continue;
        set[fd / 64] |= 1ul << (fd % 64);
        if (fd == ready_fd && readset) *ready = 1;
    }
    size_t bytes = (size_t)((nbits + 63) / 64) * 8;
    if (bytes == 0) bytes = 8;
    int kind = chance(75) ? P_VALID : pointer_kind();
    if (kind != P_VALID && readset) *ready = 0;
    return place_kind(set, bytes, kind);
}

static void call_select(int pselect) {
    static const int nfd_choices[] = {0, 1, 5, 8, 16, 20, 25, 32, 64, 65, 100, 1024, 1025, -1};
    int nfds = chance(70) ? 16 + (int)below(8) : PICK(nfd_choices);
    int ready = 0, ignored = 0;
    uint64_t r = chance(75) ? make_fdset(nfds, &ready, 1) : 0;
    uint64_t w = chance(50) ? make_fdset(nfds, &ignored, 0) : 0;
    uint64_t e = chance(30) ? make_fdset(nfds, &ignored, 0) : 0;
    if (nfds > 1024 || nfds <= 0) ready = 0;
    uint64_t t = timeout_ptr(ready, !pselect);
    if (!pselect) {
        sys(SYS_select, int_arg(nfds), r, w, e, t, 0);
        return;
    }
    uint64_t data[2] = {0, 8};
    uint64_t m = rnd() & ~((1ull << 8) | (1ull << 18));
    data[0] = chance(50) ? place(&m, sizeof m) : 0;
    if (chance(20)) data[1] = PICK(((const uint64_t[]){0, 4, 16, 128}));
    uint64_t sig = chance(60) ? place(data, sizeof data) : 0;
    sys(SYS_pselect6, int_arg(nfds), r, w, e, t, sig);
}

static unsigned epoll_events(void) {
    static const unsigned bits[] = {EPOLLIN, EPOLLPRI, EPOLLOUT, EPOLLERR, EPOLLHUP, EPOLLRDNORM, EPOLLRDBAND,
                                    EPOLLWRNORM, EPOLLWRBAND, EPOLLMSG, EPOLLRDHUP, EPOLLEXCLUSIVE, EPOLLWAKEUP,
                                    EPOLLONESHOT, EPOLLET, 0x10000};
    unsigned e = 0;
    int n = below(4);
    for (int i = 0; i < n; i++) e |= PICK(bits);
    if (chance(3)) e = (unsigned)rnd();
    return e;
}

static void call_epoll_ctl(void) {
    static const int ops[] = {EPOLL_CTL_ADD, EPOLL_CTL_ADD, EPOLL_CTL_DEL, EPOLL_CTL_MOD, 0, 4, -1};
    struct epoll_event ev;
    ev.events = epoll_events() & ~(unsigned)EPOLLWAKEUP;
    ev.data.u64 = chance(50) ? (uint64_t)below(20) : rnd();
    uint64_t p = place(&ev, sizeof ev);
    int epfd = chance(85) ? fds[EPF] : pick_fd();
    sys(SYS_epoll_ctl, fd_arg(epfd), int_arg(PICK(ops)), fd_arg(pick_fd()), p, 0, 0);
}

static void call_epoll_wait(int which) {
    static const int maxes[] = {0, 1, 2, 4, 8, 16, -1, 0x7fffffff};
    int max = PICK(maxes);
    size_t room = max > 0 && max <= 16 ? (size_t)max * sizeof(struct epoll_event) : 64;
    uint64_t ev = chance(90) ? out_buffer(room) : 0;
    int epfd = chance(85) ? fds[EPF] : pick_fd();
    if (which == 0) {
        sys(SYS_epoll_wait, fd_arg(epfd), ev, int_arg(max), int_arg(0), 0, 0);
        return;
    }
    uint64_t mask = 0;
    if (chance(50)) { uint64_t m = rnd() & ~((1ull << 8) | (1ull << 18)); mask = place(&m, sizeof m); }
    static const uint64_t sizes[] = {8, 8, 8, 4, 16, 0};
    uint64_t size = PICK(sizes);
    if (which == 1) {
        sys(SYS_epoll_pwait, fd_arg(epfd), ev, int_arg(max), int_arg(0), mask, size);
        return;
    }
    uint64_t t = timeout_ptr(0, 0);
    sys(SYS_epoll_pwait2, fd_arg(epfd), ev, int_arg(max), t, mask, size);
}

static void call_epoll_create(void) {
    static const unsigned flags[] = {0, EPOLL_CLOEXEC, 1, 0x100, 0x80001};
    long r;
    if (chance(80)) r = sys(SYS_epoll_create1, int_arg((int)PICK(flags)), 0, 0, 0, 0, 0);
    else r = sys(SYS_epoll_create, int_arg(chance(50) ? 1 : chance(50) ? 0 : -1), 0, 0, 0, 0, 0);
    close_if_new(r);
}

static void call_sendfile(void) {
    int out = pick_fd();
    /* No file data into netlink; never into the file itself (it would read what it writes). */
    if (out == fds[NLK] || out == fds[FIL]) out = fds[UDGA];
    int in = chance(70) ? fds[FIL] : pick_fd();
    uint64_t off = 0;
    if (chance(60)) {
        static const long offs[] = {0, 1, 7, 100, 4095, 1000000, -1};
        long o = PICK(offs);
        off = place(&o, sizeof o);
    }
    static const uint64_t counts[] = {0, 1, 10, 64, 100, 4096, 0x7ffff000, 0xffffffffffffffffull};
    sys(SYS_sendfile, fd_arg(out), fd_arg(in), off, PICK(counts), 0, 0);
}

/* ---- epochs ---- */
static void path_in(char *out, const char *name) { snprintf(out, 108, "%s/%s", fzdir, name); }

/* Every name the last epoch bound in DIR/fz goes (the directory is the program's own). */
static void unlink_all(void) {
    DIR *d = opendir(fzdir);
    CHECK(d != NULL);
    struct dirent *e;
    char p[400];
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
        snprintf(p, sizeof p, "%s/%s", fzdir, e->d_name);
        unlink(p);
    }
    closedir(d);
}

static int set_int(int fd, int level, int name, int v) { return setsockopt(fd, level, name, &v, sizeof v); }

static void open_epoch(void) {
    unlink_all();
    struct sockaddr_in a4 = {0};
    a4.sin_family = AF_INET;
    a4.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a4.sin_port = htons(ports[0]);
    struct sockaddr_in6 a6 = {0};
    a6.sin6_family = AF_INET6;
    a6.sin6_addr = in6addr_loopback;
    a6.sin6_port = htons(ports[1]);
    struct pollfd pf;

    fds[TCP4L] = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    CHECK(set_int(fds[TCP4L], SOL_SOCKET, SO_REUSEADDR, 1) == 0);
    CHECK(bind(fds[TCP4L], (struct sockaddr *)&a4, sizeof a4) == 0);
    CHECK(listen(fds[TCP4L], 64) == 0);
    fds[TCP4C] = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    CHECK(set_int(fds[TCP4C], SOL_TCP, TCP_NODELAY, 1) == 0);
    CHECK(connect(fds[TCP4C], (struct sockaddr *)&a4, sizeof a4) == 0 || errno == EINPROGRESS);
    pf.fd = fds[TCP4L]; pf.events = POLLIN;
    CHECK(poll(&pf, 1, 5000) == 1);
    fds[TCP4S] = accept4(fds[TCP4L], NULL, NULL, SOCK_NONBLOCK);
    CHECK(fds[TCP4S] >= 0);
    CHECK(set_int(fds[TCP4S], SOL_TCP, TCP_NODELAY, 1) == 0);

    fds[TCP6L] = socket(AF_INET6, SOCK_STREAM | SOCK_NONBLOCK, 0);
    CHECK(set_int(fds[TCP6L], SOL_SOCKET, SO_REUSEADDR, 1) == 0);
    CHECK(bind(fds[TCP6L], (struct sockaddr *)&a6, sizeof a6) == 0);
    CHECK(listen(fds[TCP6L], 64) == 0);
    fds[TCP6C] = socket(AF_INET6, SOCK_STREAM | SOCK_NONBLOCK, 0);
    CHECK(set_int(fds[TCP6C], SOL_TCP, TCP_NODELAY, 1) == 0);
    CHECK(connect(fds[TCP6C], (struct sockaddr *)&a6, sizeof a6) == 0 || errno == EINPROGRESS);
    pf.fd = fds[TCP6L]; pf.events = POLLIN;
    CHECK(poll(&pf, 1, 5000) == 1);
    fds[TCP6S] = accept4(fds[TCP6L], NULL, NULL, SOCK_NONBLOCK);
    CHECK(fds[TCP6S] >= 0);
    CHECK(set_int(fds[TCP6S], SOL_TCP, TCP_NODELAY, 1) == 0);

    for (int k = 0; k < 3; k++) {
        a4.sin_port = htons(ports[k]);
        fds[UDP4 + k] = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
        CHECK(bind(fds[UDP4 + k], (struct sockaddr *)&a4, sizeof a4) == 0);
        a6.sin6_port = htons(ports[(k + 1) % 3]);
        fds[UDP6 + k] = socket(AF_INET6, SOCK_DGRAM | SOCK_NONBLOCK, 0);
        CHECK(bind(fds[UDP6 + k], (struct sockaddr *)&a6, sizeof a6) == 0);
    }

    int sv[2];
    CHECK(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, sv) == 0);
    fds[USTA] = sv[0]; fds[USTB] = sv[1];
    CHECK(socketpair(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK, 0, sv) == 0);
    fds[UDGA] = sv[0]; fds[UDGB] = sv[1];

    struct sockaddr_un un = {0};
    un.sun_family = AF_UNIX;
    path_in(un.sun_path, "l");
    fds[ULIS] = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
    CHECK(bind(fds[ULIS], (struct sockaddr *)&un, sizeof un) == 0);
    CHECK(listen(fds[ULIS], 4) == 0);
    path_in(un.sun_path, "d");
    fds[UDGD] = socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK, 0);
    CHECK(bind(fds[UDGD], (struct sockaddr *)&un, sizeof un) == 0);

    fds[NLK] = socket(AF_NETLINK, SOCK_RAW | SOCK_NONBLOCK, NETLINK_SOCK_DIAG);
    CHECK(fds[NLK] >= 0);
    struct sockaddr_nl nl = {0};
    nl.nl_family = AF_NETLINK;
    nl.nl_pid = NETLINK_PORTID;
    CHECK(bind(fds[NLK], (struct sockaddr *)&nl, sizeof nl) == 0);

    fds[EPF] = epoll_create1(EPOLL_CLOEXEC);
    CHECK(fds[EPF] >= 0);
    struct epoll_event ev = {EPOLLIN, {.u64 = 7}};
    CHECK(epoll_ctl(fds[EPF], EPOLL_CTL_ADD, fds[UDP4], &ev) == 0);
    ev.data.u64 = 8;
    CHECK(epoll_ctl(fds[EPF], EPOLL_CTL_ADD, fds[USTB], &ev) == 0);

    char p[200];
    path_in(p, "file");
    fds[FIL] = open(p, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    CHECK(fds[FIL] >= 0);
    unsigned char content[8192] = {0};
    for (size_t i = 0; i < sizeof content; i++) content[i] = (unsigned char)('a' + i % 26);
    CHECK(pwrite(fds[FIL], content, sizeof content, 0) == (ssize_t)sizeof content);
    ready_fd = fds[FIL];
}

static void close_epoch(void) {
    struct linger off = {1, 0};
    for (int k = TCP4L; k <= TCP6S; k++) setsockopt(fds[k], SOL_SOCKET, SO_LINGER, &off, sizeof off);
    for (int k = 0; k < NSLOTS; k++) close(fds[k]);
}

int main(int argc, char **argv) {
    CHECK(argc == 7);
    seed_state = strtoull(argv[1], NULL, 10);
    long count = atol(argv[2]);
    CHECK(strlen(argv[3]) < 60);
    snprintf(fzdir, sizeof fzdir, "%s/fz", argv[3]);
    for (int i = 0; i < 3; i++) ports[i] = (unsigned short)atoi(argv[4 + i]);
    /* abstract names: made from the directory's name, unique to this run of the tests */
    unsigned h = 2166136261u;
    for (const char *c = fzdir; *c; c++) h = (h ^ (unsigned char)*c) * 16777619u;
    snprintf(abstract_prefix, sizeof abstract_prefix, "sockfuzz-%08x-", h);
    mkdir(fzdir, 0700);
    signal(SIGPIPE, SIG_IGN);

    /* At a fixed address, so that a pointer the kernel reads as data (a buffer printed past
     * its end) has the same bytes on every run. */
    void *m = mmap((void *)ARENA_ADDRESS, (ARENA_PAGES + 1) * PAGE, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    CHECK(m == (void *)ARENA_ADDRESS);
    arena = m;
    arena_end = arena + ARENA_PAGES * PAGE;
    CHECK(mprotect(arena_end, PAGE, PROT_NONE) == 0);
    make_canned();

    for (long done = 0; done < count;) {
        open_epoch();
        for (int i = 0; i < EPOCH && done < count; i++, done++) {
            reset_arena();
            unsigned r = below(1000);
            if (r < 30) call_socket();
            else if (r < 50) call_socketpair();
            else if (r < 80) call_bind_connect(SYS_bind);
            else if (r < 120) call_bind_connect(SYS_connect);
            else if (r < 135) call_listen();
            else if (r < 150) call_accept(0);
            else if (r < 170) call_accept(1);
            else if (r < 190) call_name(SYS_getsockname);
            else if (r < 210) call_name(SYS_getpeername);
            else if (r < 290) call_setsockopt();
            else if (r < 380) call_getsockopt();
            else if (r < 450) call_sendto();
            else if (r < 520) call_recvfrom();
            else if (r < 590) call_sendmsg();
            else if (r < 660) call_recvmsg();
            else if (r < 700) call_sendmmsg();
            else if (r < 740) call_recvmmsg();
            else if (r < 755) call_shutdown();
            else if (r < 780) call_poll(0);
            else if (r < 805) call_poll(1);
            else if (r < 830) call_select(0);
            else if (r < 855) call_select(1);
            else if (r < 865) call_epoll_create();
            else if (r < 900) call_epoll_ctl();
            else if (r < 920) call_epoll_wait(0);
            else if (r < 940) call_epoll_wait(1);
            else if (r < 960) call_epoll_wait(2);
            else call_sendfile();
        }
        close_epoch();
    }
    return 0;
}
