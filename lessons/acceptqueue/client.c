/* The acceptqueue lesson's client: connects three sockets to 127.0.0.1:PORT, one after the
 * other, while the server is busy. The first two connect at once (the kernel queues them for
 * the server); the third waits until the server's accept makes room in the queue.
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

    // step: connect
    struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = htons(port) };
    inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
    int streams[3];
    for (int i = 0; i < 3; i++) {
        streams[i] = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (streams[i] < 0) {
            perror("socket");
            return 1;
        }
        if (connect(streams[i], (struct sockaddr *)&addr, sizeof addr) < 0) {
            perror("connect");
            return 1;
        }
    }
    // end: connect

    printf("3 connections\n");
    for (int i = 0; i < 3; i++)
        close(streams[i]);
    return 0;
}
