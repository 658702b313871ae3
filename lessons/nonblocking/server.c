/* The nonblocking lesson's server: an event loop, one process with one thread. Its listening
 * socket is non-blocking (SOCK_NONBLOCK): accept4 on an empty queue fails at once with EAGAIN
 * instead of waiting. epoll_wait then waits for whichever of its sockets is ready: the listener
 * (a client to accept) or a connection (a request to read). It greets each client as it accepts
 * it, answers each request as it comes, and ends once two clients are done.
 *
 *     cc -O2 -o server server.c && ./server 8888
 */
#define _GNU_SOURCE /* for accept4 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

/* Asks epoll to report when fd is readable: a client to accept, or bytes (or end of file) to read. */
static int watch(int epoll, int fd) {
    struct epoll_event event = { .events = EPOLLIN, .data.u64 = (uint64_t)fd };
    return epoll_ctl(epoll, EPOLL_CTL_ADD, fd, &event);
}

int main(int argc, char *argv[]) {
    char *end;
    long port = argc == 2 ? strtol(argv[1], &end, 10) : -1;
    if (argc != 2 || *end != '\0' || port < 1 || port > 65535) {
        fprintf(stderr, "usage: %s PORT\n", argv[0]);
        return 2;
    }

    // step: socket
    int listener = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (listener < 0) {
        perror("socket");
        return 1;
    }
    // end: socket

    // step: reuseaddr
    int one = 1;
    if (setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) < 0) {
        perror("setsockopt");
        return 1;
    }
    // end: reuseaddr

    // step: bind
    struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = htons(port) };
    inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
    if (bind(listener, (struct sockaddr *)&addr, sizeof addr) < 0) {
        perror("bind");
        return 1;
    }
    // end: bind

    // step: listen
    if (listen(listener, 128) < 0) {
        perror("listen");
        return 1;
    }
    // end: listen

    // step: try-accept
    struct sockaddr_storage peer;
    socklen_t peer_len = sizeof peer;
    int early = accept4(listener, (struct sockaddr *)&peer, &peer_len, SOCK_CLOEXEC);
    if (early >= 0) {
        fprintf(stderr, "a client was waiting already\n");
        return 1;
    }
    if (errno != EAGAIN) { /* EAGAIN: nobody has connected yet, the expected answer */
        perror("accept4");
        return 1;
    }
    // end: try-accept

    int epoll = epoll_create1(EPOLL_CLOEXEC);
    if (epoll < 0 || watch(epoll, listener) < 0) {
        perror("epoll");
        return 1;
    }
    int done = 0;
    while (done < 2) {
        struct epoll_event ready[8];
        int count = epoll_wait(epoll, ready, 8, -1);
        if (count < 0) {
            perror("epoll_wait");
            return 1;
        }
        for (int i = 0; i < count; i++) {
            int fd = (int)ready[i].data.u64;
            if (fd == listener) {
                // step: accept
                peer_len = sizeof peer;
                int conn = accept4(listener, (struct sockaddr *)&peer, &peer_len, SOCK_CLOEXEC);
                if (conn < 0) {
                    perror("accept4");
                    return 1;
                }
                // end: accept
                if (watch(epoll, conn) < 0) {
                    perror("epoll_ctl");
                    return 1;
                }
                // step: greet
                if (send(conn, "welcome\n", 8, MSG_NOSIGNAL) < 0) {
                    perror("send");
                    return 1;
                }
                // end: greet
                continue;
            }
            // step: recv
            char request[64];
            ssize_t got = recv(fd, request, sizeof request, 0);
            if (got < 0) {
                perror("recv");
                return 1;
            }
            // end: recv
            // step: reply
            if (got > 0) {
                char reply[80] = "got ";
                memcpy(reply + 4, request, (size_t)got);
                if (send(fd, reply, 4 + (size_t)got, MSG_NOSIGNAL) < 0) {
                    perror("send");
                    return 1;
                }
            }
            // end: reply
            /* This client is done (answered, or gone): forget it and close the connection. */
            epoll_ctl(epoll, EPOLL_CTL_DEL, fd, NULL);
            close(fd);
            done++;
        }
    }

    printf("served 2 clients\n");
    close(epoll);
    close(listener);
    return 0;
}
