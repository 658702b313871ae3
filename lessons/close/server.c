/* The close lesson's server: accepts one client on 127.0.0.1:PORT, writes "hello!", then reads
 * until the client has closed its end (recv returns 0: end of file) and closes its own.
 *
 *     cc -O2 -o server server.c && ./server 8888
 */
#define _GNU_SOURCE /* for accept4 */
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
    if (send(conn, "hello!", 6, MSG_NOSIGNAL) < 0) {
        perror("send");
        return 1;
    }
    // end: send

    // step: eof
    char buf[4096];
    ssize_t n = recv(conn, buf, sizeof buf, 0); /* 0: the client has closed its end */
    if (n < 0) {
        perror("recv");
        return 1;
    }
    // end: eof

    // step: close
    close(conn);
    // end: close

    // step: close-listener
    close(listener);
    // end: close-listener

    printf("the client closed first; read %zd bytes at the end\n", n);
    return 0;
}
