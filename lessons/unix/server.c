/* The unix lesson's server: binds the socket path PATH, accepts one client, writes "hello!"
 * to it, and removes the socket file.
 *
 *     cc -O2 -o server server.c && ./server /tmp/server.sock
 */
#define _GNU_SOURCE /* for accept4 */
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
    int listener = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (listener < 0) {
        perror("socket");
        return 1;
    }
    // end: socket

    // step: bind
    struct sockaddr_un addr = { .sun_family = AF_UNIX };
    strcpy(addr.sun_path, path);
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
    struct sockaddr_un peer;
    socklen_t peer_len = sizeof peer;
    int stream = accept4(listener, (struct sockaddr *)&peer, &peer_len, SOCK_CLOEXEC);
    if (stream < 0) {
        perror("accept4");
        return 1;
    }
    // end: accept

    // step: write
    if (write(stream, "hello!", 6) < 0) {
        perror("write");
        return 1;
    }
    // end: write

    close(stream);
    close(listener);
    unlink(path);
    return 0;
}
