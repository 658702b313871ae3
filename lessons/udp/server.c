/* The udp lesson's server: binds 127.0.0.1:PORT, waits for one datagram and answers its
 * sender with "hello back!".
 *
 *     cc -O2 -o server server.c && ./server 8888
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
    int sock = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (sock < 0) {
        perror("socket");
        return 1;
    }
    // end: socket

    // step: bind
    struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = htons(port) };
    inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
    if (bind(sock, (struct sockaddr *)&addr, sizeof addr) < 0) {
        perror("bind");
        return 1;
    }
    // end: bind

    // step: recvfrom
    char buf[4096];
    struct sockaddr_storage peer;
    socklen_t peer_len = sizeof peer;
    if (recvfrom(sock, buf, sizeof buf, 0, (struct sockaddr *)&peer, &peer_len) < 0) {
        perror("recvfrom");
        return 1;
    }
    // end: recvfrom

    // step: sendto
    if (sendto(sock, "hello back!", 11, 0, (struct sockaddr *)&peer, peer_len) < 0) {
        perror("sendto");
        return 1;
    }
    // end: sendto

    close(sock);
    return 0;
}
