/* The reuseaddr lesson's server: serves one client on 127.0.0.1:PORT and closes the connection
 * first, so that the connection waits in TIME_WAIT on the server's port. Then it binds the port
 * again, as a restarted server would: while its old listener still listens (EADDRINUSE, even
 * with SO_REUSEADDR), and after closing everything, without SO_REUSEADDR (EADDRINUSE: the
 * TIME_WAIT connection) and with it (it works).
 *
 *     cc -O2 -o server server.c && ./server 8888
 */
#define _GNU_SOURCE /* for accept4 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

/* bind(fd, 127.0.0.1:port); an EADDRINUSE is expected here and only reported. */
static int bind_port(int fd, long port, int in_use_expected) {
    struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = htons(port) };
    inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
    if (bind(fd, (struct sockaddr *)&addr, sizeof addr) == 0)
        return 0;
    int error = errno;
    perror("bind");
    return in_use_expected && error == EADDRINUSE ? 0 : -1;
}

int main(int argc, char *argv[]) {
    char *end;
    long port = argc == 2 ? strtol(argv[1], &end, 10) : -1;
    if (argc != 2 || *end != '\0' || port < 1 || port > 65535) {
        fprintf(stderr, "usage: %s PORT\n", argv[0]);
        return 2;
    }
    int one = 1;

    // step: socket
    int listener = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (listener < 0) {
        perror("socket");
        return 1;
    }
    // end: socket

    // step: reuseaddr
    if (setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) < 0) {
        perror("setsockopt");
        return 1;
    }
    // end: reuseaddr

    // step: bind
    if (bind_port(listener, port, 0) < 0)
        return 1;
    // end: bind

    // step: listen
    if (listen(listener, 128) < 0) {
        perror("listen");
        return 1;
    }
    // end: listen

    // step: accept
    struct sockaddr_storage peer;
    socklen_t peer_len = sizeof peer;
    int conn = accept4(listener, (struct sockaddr *)&peer, &peer_len, SOCK_CLOEXEC);
    if (conn < 0) {
        perror("accept4");
        return 1;
    }
    // end: accept

    // step: close-first
    if (shutdown(conn, SHUT_WR) < 0) { /* the server's FIN goes first: the active close */
        perror("shutdown");
        return 1;
    }
    // end: close-first

    // step: eof
    char buf[4096];
    if (recv(conn, buf, sizeof buf, 0) < 0) { /* 0: the client's FIN, the close is complete */
        perror("recv");
        return 1;
    }
    // end: eof

    // step: in-use
    int second = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (second < 0) {
        perror("socket");
        return 1;
    }
    if (setsockopt(second, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) < 0) {
        perror("setsockopt");
        return 1;
    }
    if (bind_port(second, port, 1) < 0) /* EADDRINUSE: the listener still listens */
        return 1;
    close(second);
    // end: in-use

    // step: restart
    close(conn);
    close(listener); /* the restart: only the TIME_WAIT connection is left on the port */
    int again = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (again < 0) {
        perror("socket");
        return 1;
    }
    if (bind_port(again, port, 1) < 0) /* EADDRINUSE: the connection in TIME_WAIT */
        return 1;
    // end: restart

    // step: reuse
    if (setsockopt(again, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) < 0) {
        perror("setsockopt");
        return 1;
    }
    if (bind_port(again, port, 0) < 0) /* works: SO_REUSEADDR binds over TIME_WAIT */
        return 1;
    // end: reuse

    printf("bound 127.0.0.1:%ld again\n", port);
    close(again);
    return 0;
}
