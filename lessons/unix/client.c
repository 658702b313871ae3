/* The unix lesson's client: connects to the socket path PATH and prints what the server
 * writes.
 *
 *     cc -O2 -o client client.c && ./client /tmp/server.sock
 */
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

int main(int argc, char *argv[]) {
    if (argc != 2 || strlen(argv[1]) >= sizeof ((struct sockaddr_un *)0)->sun_path) {
        fprintf(stderr, "usage: %s PATH (at most 107 bytes)\n", argv[0]);
        return 2;
    }
    const char *path = argv[1];

    // step: socket
    int stream = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (stream < 0) {
        perror("socket");
        return 1;
    }
    // end: socket

    // step: connect
    struct sockaddr_un server = { .sun_family = AF_UNIX };
    strcpy(server.sun_path, path);
    if (connect(stream, (struct sockaddr *)&server, sizeof server) < 0) {
        perror("connect");
        return 1;
    }
    // end: connect

    // step: read
    char temp[4096];
    ssize_t n = read(stream, temp, sizeof temp);
    if (n < 0) {
        perror("read");
        return 1;
    }
    // end: read

    printf("received: %.*s\n", (int)n, temp);
    close(stream);
    return 0;
}
