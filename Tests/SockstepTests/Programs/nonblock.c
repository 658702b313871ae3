/* Non-blocking connect, poll/ppoll, fcntl, ioctl FIONBIO, epoll.
 * usage: nonblock PORT */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static void fail(const char *what, int line) {
    char b[160];
    int n = snprintf(b, sizeof b, "nonblock: FAIL %s (line %d, errno %d)\n", what, line, errno);
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
    char buf[256];

    int srv = socket(AF_INET, SOCK_STREAM, 0);
    CHECK(srv >= 0);
    CHECK(setsockopt(srv, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) == 0);
    CHECK(bind(srv, (struct sockaddr *)&addr, sizeof addr) == 0);
    CHECK(listen(srv, 8) == 0);

    /* nothing pending yet: poll times out at once */
    struct pollfd lp = { srv, POLLIN, 0 };
    CHECK(poll(&lp, 1, 0) == 0);

    int cli = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    CHECK(cli >= 0);
    CHECK(connect(cli, (struct sockaddr *)&addr, sizeof addr) == -1 && errno == EINPROGRESS);
    struct pollfd pf = { cli, POLLOUT, 0 };
    CHECK(poll(&pf, 1, 5000) == 1);
    int err = -1;
    socklen_t elen = sizeof err;
    CHECK(getsockopt(cli, SOL_SOCKET, SO_ERROR, &err, &elen) == 0 && err == 0);

    /* the listener is readable now */
    struct pollfd two[2] = { { srv, POLLIN | POLLPRI, 0 }, { cli, POLLIN, 0 } };
    CHECK(poll(two, 2, 5000) == 1);
    int conn = accept4(srv, NULL, NULL, 0);
    CHECK(conn >= 0);

    /* fcntl: make the accepted socket non-blocking; FIONBIO: make the client blocking */
    int fl = fcntl(conn, F_GETFL);
    CHECK(fl >= 0);
    CHECK(fcntl(conn, F_SETFL, fl | O_NONBLOCK) == 0);
    CHECK(fcntl(conn, F_GETFL) == (fl | O_NONBLOCK));
    CHECK(fcntl(conn, F_GETFD) == 0);
    CHECK(fcntl(conn, F_SETFD, FD_CLOEXEC) == 0);
    int off = 0;
    CHECK(ioctl(cli, FIONBIO, &off) == 0);
    CHECK(ioctl(conn, FIONBIO, &one) == 0);

    /* non-blocking read with nothing there */
    CHECK(read(conn, buf, sizeof buf) == -1 && errno == EAGAIN);

    /* ppoll: no timeout, no mask; then a zero timeout with a signal mask */
    CHECK(write(cli, "x", 1) == 1);
    struct pollfd pp = { conn, POLLIN | POLLRDNORM, 0 };
    CHECK(ppoll(&pp, 1, NULL, NULL) == 1);
    CHECK(read(conn, buf, sizeof buf) == 1);
    struct timespec zero = { 0, 0 };
    sigset_t mask;
    sigemptyset(&mask);
    sigaddset(&mask, SIGUSR1);
    CHECK(ppoll(&pp, 1, &zero, &mask) == 0);

    /* epoll */
    int ep = epoll_create1(EPOLL_CLOEXEC);
    CHECK(ep >= 0);
    struct epoll_event ev = {0};
    ev.events = EPOLLIN | EPOLLRDHUP;
    ev.data.u64 = (unsigned)conn;
    CHECK(epoll_ctl(ep, EPOLL_CTL_ADD, conn, &ev) == 0);
    ev.events = EPOLLOUT;
    ev.data.u64 = (unsigned)cli;
    CHECK(epoll_ctl(ep, EPOLL_CTL_ADD, cli, &ev) == 0);
    struct epoll_event got[8];
    CHECK(epoll_wait(ep, got, 8, 1000) == 1);
    CHECK(send(cli, "ready?", 6, 0) == 6);
    ev.events = EPOLLIN | EPOLLET;
    ev.data.u64 = 0x1122334455ULL;
    CHECK(epoll_ctl(ep, EPOLL_CTL_MOD, cli, &ev) == 0);
    CHECK(epoll_wait(ep, got, 8, -1) == 1);
    CHECK(recv(conn, buf, sizeof buf, 0) == 6);
    CHECK(epoll_pwait(ep, got, 8, 0, &mask) == 0);
    CHECK(epoll_ctl(ep, EPOLL_CTL_DEL, conn, NULL) == 0);
    CHECK(epoll_ctl(ep, EPOLL_CTL_DEL, conn, NULL) == -1 && errno == ENOENT);
    CHECK(close(ep) == 0);

    CHECK(close(cli) == 0);
    CHECK(close(conn) == 0);
    CHECK(close(srv) == 0);
    return 0;
}
