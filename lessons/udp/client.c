/* The udp lesson's client: sends "hello!" to 127.0.0.1:PORT and prints the answer.
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
    int sock = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (sock < 0) {
        perror("socket");
        return 1;
    }
    // end: socket

    // step: sendto
    struct sockaddr_in server = { .sin_family = AF_INET, .sin_port = htons(port) };
    inet_pton(AF_INET, "127.0.0.1", &server.sin_addr);
    if (sendto(sock, "hello!", 6, 0, (struct sockaddr *)&server, sizeof server) < 0) {
        perror("sendto");
        return 1;
    }
    // end: sendto

    // step: recvfrom
    char buf[4096];
    struct sockaddr_storage peer;
    socklen_t peer_len = sizeof peer;
    ssize_t n = recvfrom(sock, buf, sizeof buf, 0, (struct sockaddr *)&peer, &peer_len);
    if (n < 0) {
        perror("recvfrom");
        return 1;
    }
    // end: recvfrom

    printf("received: %.*s\n", (int)n, buf);
    close(sock);
    return 0;
}
