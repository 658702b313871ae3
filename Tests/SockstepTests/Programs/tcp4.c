/* TCP over IPv4 in one process: a listening socket and a client socket.
 * usage: tcp4 PORT
 * Output: nothing on success (the trace is what matters); exit 99 on failure. */
#define _GNU_SOURCE
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static void fail(const char *what, int line) {
    char b[160];
    int n = snprintf(b, sizeof b, "tcp4: FAIL %s (line %d, errno %d)\n", what, line, errno);
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

    int srv = socket(AF_INET, SOCK_STREAM, 0);
    CHECK(srv >= 0);
    CHECK(setsockopt(srv, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) == 0);
    CHECK(bind(srv, (struct sockaddr *)&addr, sizeof addr) == 0);
    CHECK(listen(srv, 16) == 0);

    /* getsockname: once with an exact length ([16]), once with a larger buffer ([128 => 16]) */
    struct sockaddr_in got;
    socklen_t len = sizeof got;
    CHECK(getsockname(srv, (struct sockaddr *)&got, &len) == 0);
    struct sockaddr_storage ss;
    len = sizeof ss;
    CHECK(getsockname(srv, (struct sockaddr *)&ss, &len) == 0);

    int cli = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    CHECK(cli >= 0);
    CHECK(connect(cli, (struct sockaddr *)&addr, sizeof addr) == 0);

    len = sizeof ss;
    int conn = accept4(srv, (struct sockaddr *)&ss, &len, SOCK_CLOEXEC);
    CHECK(conn >= 0);
    len = sizeof ss;
    CHECK(getpeername(conn, (struct sockaddr *)&ss, &len) == 0);
    len = sizeof ss;
    CHECK(getsockname(cli, (struct sockaddr *)&ss, &len) == 0);
    len = sizeof got;
    CHECK(getpeername(cli, (struct sockaddr *)&got, &len) == 0);

    char buf[4096];
    /* send/recv: glibc turns them into sendto/recvfrom with NULL addresses */
    const char hello[] = "hello from the client\n";
    CHECK(send(cli, hello, sizeof hello - 1, 0) == (ssize_t)(sizeof hello - 1));
    CHECK(recv(conn, buf, sizeof buf, 0) == (ssize_t)(sizeof hello - 1));

    CHECK(sendto(conn, "reply", 5, MSG_NOSIGNAL, NULL, 0) == 5);
    len = sizeof ss;
    CHECK(recvfrom(cli, buf, sizeof buf, 0, (struct sockaddr *)&ss, &len) == 5);

    /* bytes that need escaping, and a string longer than 32 bytes */
    const char bin[] = "bin\0\1\2\x7f\x80\xff\t\n\r\"\\'?\0" "9\x1b\v\f\a\b~ end";
    CHECK(write(conn, bin, sizeof bin - 1) == (ssize_t)(sizeof bin - 1));
    CHECK(read(cli, buf, 64) == (ssize_t)(sizeof bin - 1));
    const char longer[] = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    CHECK(write(cli, longer, sizeof longer - 1) == (ssize_t)(sizeof longer - 1));
    CHECK(read(conn, buf, sizeof buf) == (ssize_t)(sizeof longer - 1));
    /* exactly 32 bytes: no "..." */
    CHECK(write(cli, longer, 32) == 32);
    CHECK(read(conn, buf, 32) == 32);

    /* a second connection, taken with plain accept() and NULL address */
    int cli2 = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, IPPROTO_IP);
    CHECK(cli2 >= 0);
    CHECK(connect(cli2, (struct sockaddr *)&addr, sizeof addr) == 0);
    int conn2 = accept(srv, NULL, NULL);
    CHECK(conn2 >= 0);
    CHECK(close(cli2) == 0);
    CHECK(read(conn2, buf, sizeof buf) == 0);
    CHECK(close(conn2) == 0);

    CHECK(shutdown(cli, SHUT_WR) == 0);
    CHECK(read(conn, buf, sizeof buf) == 0);
    CHECK(shutdown(conn, SHUT_RDWR) == 0);
    CHECK(recv(cli, buf, sizeof buf, MSG_WAITALL) == 0);
    CHECK(close(cli) == 0);
    CHECK(close(conn) == 0);
    CHECK(close(srv) == 0);
    return 0;
}
