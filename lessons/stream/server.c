/* The stream lesson's server: accepts one client on 127.0.0.1:PORT and writes three pieces,
 * "one,", "two," and "three", with three calls. TCP keeps the bytes and their order, not the
 * pieces: the client reads them with other boundaries.
 *
 * Then a second client, which offers a small receive buffer and reads nothing for a second:
 * the server makes its own send buffer small too and writes 64 KiB without waiting
 * (MSG_DONTWAIT). The kernel takes only what fits, a short write, and then nothing (EAGAIN);
 * a blocking send of the rest waits until the client reads.
 *
 *     cc -O2 -o server server.c && ./server 8888
 */
#define _GNU_SOURCE /* for accept4 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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
    int listener = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
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

    // step: accept
    struct sockaddr_storage peer;
    socklen_t peer_len = sizeof peer;
    int conn = accept4(listener, (struct sockaddr *)&peer, &peer_len, SOCK_CLOEXEC);
    if (conn < 0) {
        perror("accept4");
        return 1;
    }
    // end: accept

    // step: send
    const char *pieces[] = { "one,", "two,", "three" };
    for (int i = 0; i < 3; i++) {
        if (send(conn, pieces[i], strlen(pieces[i]), MSG_NOSIGNAL) < 0) {
            perror("send");
            return 1;
        }
    }
    // end: send

    close(conn); /* the client reads end of file after the three pieces */

    // step: accept-big
    peer_len = sizeof peer; /* accept4 wrote the first peer's length here */
    conn = accept4(listener, (struct sockaddr *)&peer, &peer_len, SOCK_CLOEXEC);
    if (conn < 0) {
        perror("accept4");
        return 1;
    }
    // end: accept-big

    // step: sndbuf
    int size = 4096;
    if (setsockopt(conn, SOL_SOCKET, SO_SNDBUF, &size, sizeof size) < 0) {
        perror("setsockopt");
        return 1;
    }
    socklen_t size_len = sizeof size;
    if (getsockopt(conn, SOL_SOCKET, SO_SNDBUF, &size, &size_len) < 0) {
        perror("getsockopt");
        return 1;
    }
    printf("send buffer: %d bytes\n", size); /* the kernel doubles what it is given */
    // end: sndbuf

    // step: send-nowait
    static char block[65536];
    memset(block, 'x', sizeof block);
    size_t sent = 0;
    while (sent < sizeof block) { /* without waiting: the kernel takes what fits now */
        ssize_t n = send(conn, block + sent, sizeof block - sent, MSG_DONTWAIT | MSG_NOSIGNAL);
        if (n < 0 && errno == EAGAIN)
            break; /* nothing fits now */
        if (n < 0) {
            perror("send");
            return 1;
        }
        printf("send took %zd of %zu bytes\n", n, sizeof block - sent);
        sent += (size_t)n;
        usleep(250000); /* a quarter of a second: the client's delayed ACK arrives meanwhile */
    }
    // end: send-nowait

    // step: send-wait
    while (sent < sizeof block) { /* blocking: the kernel waits for room */
        ssize_t n = send(conn, block + sent, sizeof block - sent, MSG_NOSIGNAL);
        if (n < 0) {
            perror("send");
            return 1;
        }
        printf("the blocking send took %zd bytes\n", n);
        sent += (size_t)n;
    }
    // end: send-wait

    close(conn);
    close(listener);
    return 0;
}
