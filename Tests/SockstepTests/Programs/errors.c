/* Calls that fail, each with a different errno.
 * usage: errors PORT CLOSED_PORT     (CLOSED_PORT: a port nobody listens on) */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static void fail(const char *what, int line) {
    char b[160];
    int n = snprintf(b, sizeof b, "errors: FAIL %s (line %d, errno %d)\n", what, line, errno);
    write(2, b, n);
    _exit(99);
}
#define CHECK(c) do { if (!(c)) fail(#c, __LINE__); } while (0)
#define FAILS(call, e) do { errno = 0; CHECK((call) == -1 && errno == (e)); } while (0)

int main(int argc, char **argv) {
    CHECK(argc == 3);
    int port = atoi(argv[1]);
    int closed = atoi(argv[2]);
    struct sockaddr_in addr = {0};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    struct sockaddr_in nobody = addr;
    nobody.sin_port = htons(closed);
    char buf[64];
    void *bad = (void *)1;

    /* ECONNREFUSED */
    int c = socket(AF_INET, SOCK_STREAM, 0);
    CHECK(c >= 0);
    FAILS(connect(c, (struct sockaddr *)&nobody, sizeof nobody), ECONNREFUSED);
    CHECK(close(c) == 0);

    /* EADDRINUSE */
    int a = socket(AF_INET, SOCK_STREAM, 0);
    CHECK(a >= 0);
    CHECK(bind(a, (struct sockaddr *)&addr, sizeof addr) == 0);
    CHECK(listen(a, 1) == 0);
    int b = socket(AF_INET, SOCK_STREAM, 0);
    CHECK(b >= 0);
    FAILS(bind(b, (struct sockaddr *)&addr, sizeof addr), EADDRINUSE);

    /* EBADF */
    FAILS(close(99), EBADF);
    FAILS(read(99, buf, sizeof buf), EBADF);
    FAILS(write(-1, "x", 1), EBADF);
    FAILS(getsockname(77, (struct sockaddr *)buf, &(socklen_t){16}), EBADF);

    /* ENOTSOCK */
    int fd0 = open("/dev/null", O_RDONLY);
    CHECK(fd0 >= 0);
    FAILS(listen(fd0, 1), ENOTSOCK);
    CHECK(close(fd0) == 0);

    /* EFAULT: bad pointers print as hex */
    FAILS(connect(b, bad, sizeof addr), EFAULT);
    FAILS(bind(b, bad, 16), EFAULT);
    int u = socket(AF_INET, SOCK_DGRAM, 0);
    CHECK(u >= 0);
    FAILS(sendto(u, "x", 1, 0, bad, 16), EFAULT);
    FAILS(sendto(u, bad, 5, 0, (struct sockaddr *)&addr, sizeof addr), EFAULT);
    FAILS(write(u, bad, 10), EDESTADDRREQ);
    FAILS(setsockopt(u, SOL_SOCKET, SO_REUSEADDR, bad, 4), EFAULT);
    FAILS(getsockopt(u, SOL_SOCKET, SO_TYPE, buf, bad), EFAULT);
    FAILS(getsockname(u, (struct sockaddr *)buf, bad), EFAULT);

    /* EINVAL: accept on a socket that is not listening; a bad address length; bad flags */
    FAILS(accept4(b, NULL, NULL, 0), EINVAL);
    FAILS(accept(b, NULL, NULL), EINVAL);
    FAILS(bind(b, (struct sockaddr *)&addr, 3), EINVAL);
    FAILS(socket(AF_INET, SOCK_STREAM | 0x40, 0), EINVAL);
    FAILS(setsockopt(u, SOL_SOCKET, SO_RCVBUF, &(int){1}, 2), EINVAL);

    /* EAGAIN: nothing to receive on a non-blocking socket */
    int nb = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
    CHECK(nb >= 0);
    CHECK(bind(nb, (struct sockaddr *)&addr, sizeof addr) == 0);
    FAILS(recv(nb, buf, sizeof buf, 0), EAGAIN);
    FAILS(recvfrom(nb, buf, sizeof buf, 0, (struct sockaddr *)buf, &(socklen_t){16}), EAGAIN);

    /* other classics */
    FAILS(socket(12345, SOCK_STREAM, 0), EAFNOSUPPORT);
    FAILS(socket(AF_INET, SOCK_DGRAM, IPPROTO_TCP), EPROTONOSUPPORT);
    FAILS(listen(u, 1), EOPNOTSUPP);
    FAILS(shutdown(b, SHUT_RDWR), ENOTCONN);
    FAILS(send(b, "x", 1, MSG_NOSIGNAL), EPIPE);
    FAILS(setsockopt(u, SOL_SOCKET, 12345, &(int){1}, 4), ENOPROTOOPT);
    FAILS(getsockopt(u, 999, 1, buf, &(socklen_t){4}), EOPNOTSUPP);
    FAILS(connect(u, (struct sockaddr *)&(struct sockaddr_in6){ .sin6_family = AF_INET6 }, sizeof(struct sockaddr_in6)), EAFNOSUPPORT);

    CHECK(close(nb) == 0);
    CHECK(close(u) == 0);
    CHECK(close(b) == 0);
    CHECK(close(a) == 0);
    return 0;
}
