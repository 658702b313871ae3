/* The stream lesson's client: connects to 127.0.0.1:PORT, is busy for a second (the server's
 * three writes arrive meanwhile), then reads 5 bytes at a time until end of file.
 *
 * Then a second connection, with a small receive buffer (SO_RCVBUF, set before connect):
 * busy for a second again while the server writes 64 KiB, then one read that waits for all
 * 65536 bytes (MSG_WAITALL).
 *
 *     cc -O2 -o client client.c && ./client 8888
 */
#include <arpa/inet.h>
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
    int stream = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (stream < 0) {
        perror("socket");
        return 1;
    }
    // end: socket

    // step: connect
    struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = htons(port) };
    inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
    if (connect(stream, (struct sockaddr *)&addr, sizeof addr) < 0) {
        perror("connect");
        return 1;
    }
    // end: connect

    // step: wait
    sleep(1); /* busy elsewhere: the server's writes wait in the receive queue */
    // end: wait

    // step: recv
    char buf[5];
    ssize_t n;
    while ((n = recv(stream, buf, sizeof buf, 0)) > 0) /* until end of file */
        printf("read %zd bytes: %.*s\n", n, (int)n, buf);
    if (n < 0) {
        perror("recv");
        return 1;
    }
    // end: recv

    close(stream);

    // step: socket-big
    int big = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (big < 0) {
        perror("socket");
        return 1;
    }
    // end: socket-big

    // step: rcvbuf
    int size = 4096; /* before connect: the handshake announces the window it allows */
    if (setsockopt(big, SOL_SOCKET, SO_RCVBUF, &size, sizeof size) < 0) {
        perror("setsockopt");
        return 1;
    }
    // end: rcvbuf

    // step: connect-big
    if (connect(big, (struct sockaddr *)&addr, sizeof addr) < 0) {
        perror("connect");
        return 1;
    }
    // end: connect-big

    // step: recv-all
    sleep(1); /* busy elsewhere: the server's writes fill the buffers meanwhile */
    static char all[65536];
    ssize_t got = recv(big, all, sizeof all, MSG_WAITALL); /* wait for all of them */
    if (got < 0) {
        perror("recv");
        return 1;
    }
    printf("read %zd bytes in one call\n", got);
    // end: recv-all

    close(big);
    return 0;
}
