/* setsockopt/getsockopt at the SOL_SOCKET, IPPROTO_TCP, IPPROTO_IP and IPPROTO_IPV6 levels.
 * usage: sockopts PORT */
#define _GNU_SOURCE
#include <errno.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

static void fail(const char *what, int line) {
    char b[160];
    int n = snprintf(b, sizeof b, "sockopts: FAIL %s (line %d, errno %d)\n", what, line, errno);
    write(2, b, n);
    _exit(99);
}
#define CHECK(c) do { if (!(c)) fail(#c, __LINE__); } while (0)
#define SET(fd, lvl, opt, val) CHECK(setsockopt(fd, lvl, opt, &(val), sizeof(val)) == 0)
#define GET(fd, lvl, opt, var) do { socklen_t l_ = sizeof(var); CHECK(getsockopt(fd, lvl, opt, &(var), &l_) == 0); } while (0)

int main(int argc, char **argv) {
    CHECK(argc == 2);
    int port = atoi(argv[1]);
    int one = 1, zero = 0, v;
    struct sockaddr_in addr = {0};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);

    int s = socket(AF_INET, SOCK_STREAM, 0);
    CHECK(s >= 0);
    SET(s, SOL_SOCKET, SO_REUSEADDR, one);
    SET(s, SOL_SOCKET, SO_REUSEPORT, one);
    SET(s, SOL_SOCKET, SO_KEEPALIVE, one);
    int rcv = 65536, snd = 32768;
    SET(s, SOL_SOCKET, SO_RCVBUF, rcv);
    SET(s, SOL_SOCKET, SO_SNDBUF, snd);
    struct linger lg = { 1, 5 };
    SET(s, SOL_SOCKET, SO_LINGER, lg);
    struct timeval tv = { 2, 500000 };
    SET(s, SOL_SOCKET, SO_RCVTIMEO, tv);
    struct timeval tv2 = { 0, 250000 };
    SET(s, SOL_SOCKET, SO_SNDTIMEO, tv2);
    SET(s, IPPROTO_TCP, TCP_NODELAY, one);
    int idle = 60, intvl = 10, cnt = 5;
    SET(s, IPPROTO_TCP, TCP_KEEPIDLE, idle);
    SET(s, IPPROTO_TCP, TCP_KEEPINTVL, intvl);
    SET(s, IPPROTO_TCP, TCP_KEEPCNT, cnt);
    CHECK(setsockopt(s, IPPROTO_TCP, TCP_CONGESTION, "reno", 4) == 0);
    int tos = IPTOS_LOWDELAY, ttl = 32;
    SET(s, IPPROTO_IP, IP_TOS, tos);
    SET(s, IPPROTO_IP, IP_TTL, ttl);

    GET(s, SOL_SOCKET, SO_TYPE, v);
    GET(s, SOL_SOCKET, SO_DOMAIN, v);
    GET(s, SOL_SOCKET, SO_PROTOCOL, v);
    GET(s, SOL_SOCKET, SO_ERROR, v);
    GET(s, SOL_SOCKET, SO_RCVBUF, v);
    GET(s, SOL_SOCKET, SO_SNDBUF, v);
    GET(s, SOL_SOCKET, SO_REUSEADDR, v);
    GET(s, SOL_SOCKET, SO_KEEPALIVE, v);
    GET(s, SOL_SOCKET, SO_LINGER, lg);
    GET(s, SOL_SOCKET, SO_RCVTIMEO, tv);
    GET(s, IPPROTO_TCP, TCP_NODELAY, v);
    GET(s, IPPROTO_TCP, TCP_KEEPIDLE, v);
    char cc[16];
    GET(s, IPPROTO_TCP, TCP_CONGESTION, cc);
    GET(s, IPPROTO_IP, IP_TOS, v);
    GET(s, IPPROTO_IP, IP_TTL, v);
    GET(s, SOL_SOCKET, SO_ACCEPTCONN, v);
    CHECK(bind(s, (struct sockaddr *)&addr, sizeof addr) == 0);
    CHECK(listen(s, 4) == 0);
    GET(s, SOL_SOCKET, SO_ACCEPTCONN, v);
    /* a short option buffer: the kernel writes fewer bytes */
    char c1;
    socklen_t l1 = 1;
    CHECK(getsockopt(s, SOL_SOCKET, SO_TYPE, &c1, &l1) == 0);
    SET(s, SOL_SOCKET, SO_KEEPALIVE, zero);

    int u = socket(AF_INET, SOCK_DGRAM, 0);
    CHECK(u >= 0);
    SET(u, SOL_SOCKET, SO_BROADCAST, one);
    GET(u, SOL_SOCKET, SO_BROADCAST, v);
    GET(u, SOL_SOCKET, SO_TYPE, v);
    GET(u, SOL_SOCKET, SO_PROTOCOL, v);

    int s6 = socket(AF_INET6, SOCK_STREAM, 0);
    CHECK(s6 >= 0);
    SET(s6, IPPROTO_IPV6, IPV6_V6ONLY, one);
    int hops = 7;
    SET(s6, IPPROTO_IPV6, IPV6_UNICAST_HOPS, hops);
    GET(s6, IPPROTO_IPV6, IPV6_V6ONLY, v);
    GET(s6, IPPROTO_IPV6, IPV6_UNICAST_HOPS, v);
    GET(s6, SOL_SOCKET, SO_DOMAIN, v);

    CHECK(close(s6) == 0);
    CHECK(close(u) == 0);
    CHECK(close(s) == 0);
    return 0;
}
