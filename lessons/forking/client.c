/* The forking lesson's client: connects twice to 127.0.0.1:PORT and reads each connection's
 * greeting, each from another child of the server, before it makes the next connection. Both
 * connections stay open until the client ends.
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
    struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = htons(port) };
    inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);

    int streams[2];
    for (int i = 0; i < 2; i++) {
        // step: socket
        streams[i] = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (streams[i] < 0) {
            perror("socket");
            return 1;
        }
        // end: socket

        // step: connect
        if (connect(streams[i], (struct sockaddr *)&addr, sizeof addr) < 0) {
            perror("connect");
            return 1;
        }
        // end: connect

        // step: recv
        char greeting[64];
        ssize_t got = recv(streams[i], greeting, sizeof greeting, 0);
        if (got < 0) {
            perror("recv");
            return 1;
        }
        // end: recv
        printf("%.*s", (int)got, greeting);
    }
    close(streams[0]);
    close(streams[1]);
    return 0;
}
