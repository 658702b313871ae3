/* The tcp6 lesson's server: binds [::1]:PORT for IPv6 only, accepts one client, writes
 * "hello!" to it.
 *
 *     cc -O2 -o server server.c && ./server 8888
 */
#define _GNU_SOURCE /* for accept4 */
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char *argv[]) {
    char *end;
    long port = argc == 2 ? strtol(argv[1], &end, 10) : -1;
    if (argc != 2 || *end != '\0' || port < 1 || port > 65535) {
        fprintf(stderr, "usage: %s PORT\n", argv[0]);
        return 2;
    }

    // step: socket
    int listener = socket(AF_INET6, SOCK_STREAM | SOCK_CLOEXEC, 0);
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

    // step: v6only
    if (setsockopt(listener, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one) < 0) {
        perror("setsockopt");
        return 1;
    }
    // end: v6only

    // step: bind
    struct sockaddr_in6 addr = { .sin6_family = AF_INET6, .sin6_port = htons(port),
                                 .sin6_addr = IN6ADDR_LOOPBACK_INIT };
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

    // step: accept
    struct sockaddr_storage peer;
    socklen_t peer_len = sizeof peer;
    int stream = accept4(listener, (struct sockaddr *)&peer, &peer_len, SOCK_CLOEXEC);
    if (stream < 0) {
        perror("accept4");
        return 1;
    }
    // end: accept

    // step: send
    if (send(stream, "hello!", 6, MSG_NOSIGNAL) < 0) {
        perror("send");
        return 1;
    }
    // end: send

    close(stream);
    close(listener);
    return 0;
}
