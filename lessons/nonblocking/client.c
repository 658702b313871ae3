/* The nonblocking lesson's client: opens two connections to 127.0.0.1:PORT with non-blocking
 * sockets (SOCK_NONBLOCK). connect does not wait for the handshake: it fails at once with
 * EINPROGRESS; poll waits until the socket is writable (the handshake is over), and
 * getsockopt(SO_ERROR) says how it ended (0: connected). It reads each connection's greeting
 * before it opens the next, then sends one request on each, the second connection first,
 * waiting for each reply.
 *
 *     cc -O2 -o client client.c && ./client 8888
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* Waits until the socket is ready for `events` (POLLOUT: writable, POLLIN: readable). */
static int wait_for(int stream, short events) {
    struct pollfd ready = { .fd = stream, .events = events };
    if (poll(&ready, 1, -1) < 0) {
        perror("poll");
        return -1;
    }
    return 0;
}

/* A connected non-blocking socket, or -1. */
static int open_connection(const struct sockaddr_in *addr) {
    // step: socket
    int stream = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (stream < 0) {
        perror("socket");
        return -1;
    }
    // end: socket

    // step: connect
    if (connect(stream, (const struct sockaddr *)addr, sizeof *addr) < 0 && errno != EINPROGRESS) {
        perror("connect");
        return -1;
    }
    // end: connect

    /* EINPROGRESS: the handshake is under way. Writable means it is over; SO_ERROR says how. */
    int error = 0;
    socklen_t length = sizeof error;
    if (wait_for(stream, POLLOUT) < 0 || getsockopt(stream, SOL_SOCKET, SO_ERROR, &error, &length) < 0) {
        perror("getsockopt");
        return -1;
    }
    if (error != 0) {
        fprintf(stderr, "connect: %s\n", strerror(error));
        return -1;
    }
    return stream;
}

/* Waits until the socket is readable, then reads: the bytes' count, 0 at end of file, -1. */
static ssize_t receive(int stream, char *buffer, size_t size) {
    if (wait_for(stream, POLLIN) < 0)
        return -1;
    // step: read
    ssize_t got = recv(stream, buffer, size, 0);
    if (got < 0)
        perror("recv");
    // end: read
    return got;
}

/* Sends a request and reads the reply. */
static int ask(int stream, const char *request) {
    // step: send
    if (send(stream, request, strlen(request), MSG_NOSIGNAL) < 0) {
        perror("send");
        return -1;
    }
    // end: send
    char reply[80];
    ssize_t got = receive(stream, reply, sizeof reply);
    if (got <= 0)
        return -1;
    printf("%s: %.*s\n", request, (int)got, reply);
    return 0;
}

int main(int argc, char *argv[]) {
    char *end;
    long port = argc == 2 ? strtol(argv[1], &end, 10) : -1;
    if (argc != 2 || *end != '\0' || port < 1 || port > 65535) {
        fprintf(stderr, "usage: %s PORT\n", argv[0]);
        return 2;
    }
    struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = htons(port) };
    inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);

    /* Each greeting says the server has accepted that connection. */
    char greeting[64];
    int first = open_connection(&addr);
    if (first < 0 || receive(first, greeting, sizeof greeting) <= 0)
        return 1;
    int second = open_connection(&addr);
    if (second < 0 || receive(second, greeting, sizeof greeting) <= 0)
        return 1;
    if (ask(second, "two") < 0 || ask(first, "one") < 0)
        return 1;
    close(first);
    close(second);
    return 0;
}
