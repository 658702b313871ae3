/* UDP over IPv4 and IPv6 in one process.
 * usage: udp PORT */
#define _GNU_SOURCE
#include <errno.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static void fail(const char *what, int line) {
    char b[160];
    int n = snprintf(b, sizeof b, "udp: FAIL %s (line %d, errno %d)\n", what, line, errno);
    write(2, b, n);
    _exit(99);
}
#define CHECK(c) do { if (!(c)) fail(#c, __LINE__); } while (0)

int main(int argc, char **argv) {
    CHECK(argc == 2);
    int port = atoi(argv[1]);
    int one = 1;
    struct sockaddr_in addr = {0};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);

    int srv = socket(AF_INET, SOCK_DGRAM, 0);
    CHECK(srv >= 0);
    CHECK(bind(srv, (struct sockaddr *)&addr, sizeof addr) == 0);
    int cli = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, IPPROTO_UDP);
    CHECK(cli >= 0);
    CHECK(setsockopt(cli, SOL_SOCKET, SO_BROADCAST, &one, sizeof one) == 0);

    char buf[512];
    struct sockaddr_in from;
    socklen_t len;
    /* sendto with an address; recvfrom reports the sender's (ephemeral) address */
    CHECK(sendto(cli, "ping", 4, 0, (struct sockaddr *)&addr, sizeof addr) == 4);
    len = sizeof from;
    CHECK(recvfrom(srv, buf, sizeof buf, 0, (struct sockaddr *)&from, &len) == 4);
    CHECK(sendto(srv, "pong", 4, MSG_DONTWAIT, (struct sockaddr *)&from, len) == 4);
    struct sockaddr_storage ss;
    len = sizeof ss;
    CHECK(recvfrom(cli, buf, sizeof buf, 0, (struct sockaddr *)&ss, &len) == 4);

    /* a datagram larger than the receive buffer: MSG_TRUNC */
    char big[100];
    memset(big, 'x', sizeof big);
    CHECK(sendto(cli, big, sizeof big, 0, (struct sockaddr *)&addr, sizeof addr) == 100);
    len = sizeof from;
    CHECK(recvfrom(srv, buf, 10, MSG_TRUNC, (struct sockaddr *)&from, &len) == 100);

    /* connect on UDP, then send/recv without addresses */
    CHECK(connect(cli, (struct sockaddr *)&addr, sizeof addr) == 0);
    len = sizeof ss;
    CHECK(getsockname(cli, (struct sockaddr *)&ss, &len) == 0);
    CHECK(send(cli, "connected", 9, 0) == 9);
    CHECK(recv(srv, buf, sizeof buf, 0) == 9);
    CHECK(write(cli, "w", 1) == 1);
    CHECK(read(srv, buf, sizeof buf) == 1);
    /* nothing queued: EAGAIN */
    CHECK(recv(srv, buf, sizeof buf, MSG_DONTWAIT) == -1);
    /* dissolve the association with AF_UNSPEC */
    struct sockaddr unspec = {0};
    unspec.sa_family = AF_UNSPEC;
    CHECK(connect(cli, &unspec, sizeof unspec) == 0);

    /* UDP over IPv6 */
    struct sockaddr_in6 a6 = {0};
    a6.sin6_family = AF_INET6;
    a6.sin6_port = htons(port);
    a6.sin6_addr = in6addr_loopback;
    int s6 = socket(AF_INET6, SOCK_DGRAM, 0);
    CHECK(s6 >= 0);
    CHECK(setsockopt(s6, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one) == 0);
    CHECK(bind(s6, (struct sockaddr *)&a6, sizeof a6) == 0);
    int c6 = socket(AF_INET6, SOCK_DGRAM, 0);
    CHECK(c6 >= 0);
    CHECK(sendto(c6, "six", 3, 0, (struct sockaddr *)&a6, sizeof a6) == 3);
    struct sockaddr_in6 f6;
    len = sizeof f6;
    CHECK(recvfrom(s6, buf, sizeof buf, 0, (struct sockaddr *)&f6, &len) == 3);
    CHECK(close(c6) == 0);
    CHECK(close(s6) == 0);

    CHECK(close(cli) == 0);
    CHECK(close(srv) == 0);
    return 0;
}
