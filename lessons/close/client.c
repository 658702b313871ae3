/* The close lesson's client: connects to 127.0.0.1:PORT, reads the server's "hello!" and closes
 * the connection first (the active close: its socket is the one left in TIME_WAIT).
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

    // step: recv
    char buf[4096];
    ssize_t n = recv(stream, buf, sizeof buf, 0);
    if (n < 0) {
        perror("recv");
        return 1;
    }
    // end: recv

    // step: close
    close(stream); /* the active close: this end sends the first FIN */
    // end: close

    printf("received: %.*s\n", (int)n, buf);
    return 0;
}
