/* The acceptqueue lesson's server: listens on 127.0.0.1:PORT with a backlog of 1, is busy for
 * two seconds, then accepts three clients. While it is busy the accept queue fills: the kernel
 * finishes two handshakes for it (a backlog of 1 lets the queue hold 2), and the third
 * client's SYN is dropped until accept makes room.
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
    if (listen(listener, 1) < 0) {
        perror("listen");
        return 1;
    }
    // end: listen

    // step: wait
    sleep(2); /* busy elsewhere: the clients fill the accept queue meanwhile */
    // end: wait

    // step: accept
    int conns[3];
    for (int i = 0; i < 3; i++) {
        struct sockaddr_storage peer;
        socklen_t peer_len = sizeof peer;
        conns[i] = accept4(listener, (struct sockaddr *)&peer, &peer_len, SOCK_CLOEXEC);
        if (conns[i] < 0) {
            perror("accept4");
            return 1;
        }
    }
    // end: accept

    printf("accepted 3 clients\n");
    for (int i = 0; i < 3; i++)
        close(conns[i]);
    close(listener);
    return 0;
}
