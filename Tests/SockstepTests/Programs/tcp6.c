/* TCP over IPv6 on ::1 in one process.
 * usage: tcp6 PORT */
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
    int n = snprintf(b, sizeof b, "tcp6: FAIL %s (line %d, errno %d)\n", what, line, errno);
    write(2, b, n);
    _exit(99);
}
#define CHECK(c) do { if (!(c)) fail(#c, __LINE__); } while (0)

int main(int argc, char **argv) {
    CHECK(argc == 2);
    int port = atoi(argv[1]);
    int one = 1;
    struct sockaddr_in6 addr = {0};
    addr.sin6_family = AF_INET6;
    addr.sin6_port = htons(port);
    addr.sin6_addr = in6addr_loopback;

    int srv = socket(AF_INET6, SOCK_STREAM | SOCK_CLOEXEC, 0);
    CHECK(srv >= 0);
    CHECK(setsockopt(srv, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one) == 0);
    CHECK(setsockopt(srv, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) == 0);
    CHECK(bind(srv, (struct sockaddr *)&addr, sizeof addr) == 0);
    CHECK(listen(srv, 128) == 0);
    struct sockaddr_storage ss;
    socklen_t len = sizeof ss;
    CHECK(getsockname(srv, (struct sockaddr *)&ss, &len) == 0);

    int cli = socket(AF_INET6, SOCK_STREAM, IPPROTO_TCP);
    CHECK(cli >= 0);
    CHECK(connect(cli, (struct sockaddr *)&addr, sizeof addr) == 0);
    struct sockaddr_in6 peer;
    len = sizeof peer;
    int conn = accept4(srv, (struct sockaddr *)&peer, &len, SOCK_CLOEXEC | SOCK_NONBLOCK);
    CHECK(conn >= 0);
    len = sizeof ss;
    CHECK(getpeername(conn, (struct sockaddr *)&ss, &len) == 0);
    len = sizeof ss;
    CHECK(getsockname(cli, (struct sockaddr *)&ss, &len) == 0);

    char buf[256];
    CHECK(send(cli, "ping over ipv6", 14, MSG_NOSIGNAL) == 14);
    CHECK(recv(conn, buf, sizeof buf, 0) == 14);
    CHECK(write(conn, "pong", 4) == 4);
    CHECK(read(cli, buf, sizeof buf) == 4);

    /* an IPv4 address on a v6-only socket: sendto on a connected TCP socket ignores it,
       connect with a mapped address to a port nobody listens on is refused */
    int cli2 = socket(AF_INET6, SOCK_STREAM, 0);
    CHECK(cli2 >= 0);
    struct sockaddr_in6 mapped = addr;
    CHECK(inet_pton(AF_INET6, "::ffff:127.0.0.1", &mapped.sin6_addr) == 1);
    mapped.sin6_flowinfo = htonl(0x12345);
    CHECK(connect(cli2, (struct sockaddr *)&mapped, sizeof mapped) == -1);
    CHECK(close(cli2) == 0);

    CHECK(shutdown(cli, SHUT_RDWR) == 0);
    CHECK(close(cli) == 0);
    CHECK(close(conn) == 0);
    CHECK(close(srv) == 0);
    return 0;
}
