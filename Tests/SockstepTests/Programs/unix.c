/* UNIX domain sockets: stream with a path, an abstract name, datagrams between two paths.
 * usage: unix DIR TAG     (DIR: an existing directory; TAG: makes the abstract name unique) */
#define _GNU_SOURCE
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static void fail(const char *what, int line) {
    char b[160];
    int n = snprintf(b, sizeof b, "unix: FAIL %s (line %d, errno %d)\n", what, line, errno);
    write(2, b, n);
    _exit(99);
}
#define CHECK(c) do { if (!(c)) fail(#c, __LINE__); } while (0)

static socklen_t pathaddr(struct sockaddr_un *a, const char *dir, const char *name) {
    memset(a, 0, sizeof *a);
    a->sun_family = AF_UNIX;
    snprintf(a->sun_path, sizeof a->sun_path, "%s/%s", dir, name);
    return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + strlen(a->sun_path) + 1);
}

int main(int argc, char **argv) {
    CHECK(argc == 3);
    const char *dir = argv[1];
    struct sockaddr_un a, peer;
    socklen_t alen, len;
    char buf[256];

    /* stream socket bound to a path */
    alen = pathaddr(&a, dir, "stream.sock");
    unlink(a.sun_path);
    int srv = socket(AF_UNIX, SOCK_STREAM, 0);
    CHECK(srv >= 0);
    CHECK(bind(srv, (struct sockaddr *)&a, alen) == 0);
    CHECK(listen(srv, 5) == 0);
    len = sizeof peer;
    CHECK(getsockname(srv, (struct sockaddr *)&peer, &len) == 0);
    int cli = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    CHECK(cli >= 0);
    CHECK(connect(cli, (struct sockaddr *)&a, sizeof a) == 0);
    len = sizeof peer;
    int conn = accept4(srv, (struct sockaddr *)&peer, &len, 0);
    CHECK(conn >= 0);
    len = sizeof peer;
    CHECK(getpeername(cli, (struct sockaddr *)&peer, &len) == 0);
    len = sizeof peer;
    CHECK(getsockname(cli, (struct sockaddr *)&peer, &len) == 0);
    CHECK(write(cli, "over a unix stream", 18) == 18);
    CHECK(read(conn, buf, sizeof buf) == 18);
    CHECK(close(conn) == 0);
    CHECK(close(cli) == 0);
    CHECK(close(srv) == 0);
    unlink(a.sun_path);

    /* abstract namespace: sun_path[0] == '\0' */
    struct sockaddr_un ab = {0};
    ab.sun_family = AF_UNIX;
    int n = snprintf(ab.sun_path + 1, sizeof ab.sun_path - 1, "sockstep-test-%s", argv[2]);
    socklen_t ablen = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + n);
    srv = socket(AF_UNIX, SOCK_STREAM, 0);
    CHECK(srv >= 0);
    CHECK(bind(srv, (struct sockaddr *)&ab, ablen) == 0);
    CHECK(listen(srv, 5) == 0);
    cli = socket(AF_UNIX, SOCK_STREAM, 0);
    CHECK(cli >= 0);
    CHECK(connect(cli, (struct sockaddr *)&ab, ablen) == 0);
    len = sizeof peer;
    conn = accept(srv, (struct sockaddr *)&peer, &len);
    CHECK(conn >= 0);
    len = sizeof peer;
    CHECK(getpeername(cli, (struct sockaddr *)&peer, &len) == 0);
    CHECK(send(conn, "abstract", 8, 0) == 8);
    CHECK(recv(cli, buf, sizeof buf, 0) == 8);
    CHECK(close(conn) == 0);
    CHECK(close(cli) == 0);
    CHECK(close(srv) == 0);

    /* datagrams between two bound paths */
    struct sockaddr_un d1, d2;
    socklen_t d1len = pathaddr(&d1, dir, "dgram1.sock");
    socklen_t d2len = pathaddr(&d2, dir, "dgram2.sock");
    unlink(d1.sun_path);
    unlink(d2.sun_path);
    int s1 = socket(AF_UNIX, SOCK_DGRAM, 0);
    CHECK(s1 >= 0);
    CHECK(bind(s1, (struct sockaddr *)&d1, d1len) == 0);
    int s2 = socket(AF_UNIX, SOCK_DGRAM, 0);
    CHECK(s2 >= 0);
    CHECK(bind(s2, (struct sockaddr *)&d2, d2len) == 0);
    CHECK(sendto(s2, "to one", 6, 0, (struct sockaddr *)&d1, d1len) == 6);
    len = sizeof peer;
    CHECK(recvfrom(s1, buf, sizeof buf, 0, (struct sockaddr *)&peer, &len) == 6);
    CHECK(sendto(s1, "back to two", 11, 0, (struct sockaddr *)&peer, len) == 11);
    len = sizeof peer;
    CHECK(recvfrom(s2, buf, sizeof buf, 0, (struct sockaddr *)&peer, &len) == 11);
    /* an unbound sender: the receiver sees an address of length 2 */
    int s3 = socket(AF_UNIX, SOCK_DGRAM, 0);
    CHECK(s3 >= 0);
    CHECK(sendto(s3, "anon", 4, 0, (struct sockaddr *)&d1, d1len) == 4);
    len = sizeof peer;
    CHECK(recvfrom(s1, buf, sizeof buf, 0, (struct sockaddr *)&peer, &len) == 4);
    /* nobody bound there */
    struct sockaddr_un gone;
    socklen_t gonelen = pathaddr(&gone, dir, "nobody.sock");
    CHECK(sendto(s3, "lost", 4, 0, (struct sockaddr *)&gone, gonelen) == -1);
    CHECK(close(s3) == 0);
    CHECK(close(s2) == 0);
    CHECK(close(s1) == 0);
    unlink(d1.sun_path);
    unlink(d2.sun_path);
    return 0;
}
