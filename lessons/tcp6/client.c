/* The tcp6 lesson's client: connects to [::1]:PORT and prints what the server writes.
 *
 *     cc -O2 -o client client.c && ./client 8888
 */
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
    int stream = socket(AF_INET6, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (stream < 0) {
        perror("socket");
        return 1;
    }
    // end: socket

    // step: connect
    struct sockaddr_in6 server = { .sin6_family = AF_INET6, .sin6_port = htons(port),
                                   .sin6_addr = IN6ADDR_LOOPBACK_INIT };
    if (connect(stream, (struct sockaddr *)&server, sizeof server) < 0) {
        perror("connect");
        return 1;
    }
    // end: connect

    // step: recv
    char temp[4096];
    ssize_t n = recv(stream, temp, sizeof temp, 0);
    if (n < 0) {
        perror("recv");
        return 1;
    }
    // end: recv

    printf("received: %.*s\n", (int)n, temp);
    close(stream);
    return 0;
}
