/* The raw lesson's pinger: sends an ICMP echo request to 127.0.0.1 on a raw socket and reads
 * the first two packets that come back (its own request, seen on loopback, then the reply).
 * Needs CAP_NET_RAW (run it as root); without it socket() fails with EPERM. Arguments are
 * ignored: ICMP has no ports.
 *
 *     cc -O2 -o pinger pinger.c && sudo ./pinger
 */
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(void) {
    // step: socket
    int sock = socket(AF_INET, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_ICMP);
    if (sock < 0) { /* EPERM without CAP_NET_RAW */
        perror("socket");
        return 1;
    }
    // end: socket

    // step: sendto
    /* An ICMP echo request: type 8, code 0, checksum, identifier, sequence number, payload.
     * ping puts its process id in the identifier; a fixed one keeps every run's bytes equal. */
    unsigned char packet[16] = { 8, 0, 0, 0, 0x53, 0x53, 0, 1 };
    memcpy(packet + 8, "sockstep", 8);
    uint32_t sum = 0;
    for (size_t i = 0; i < sizeof packet; i += 2) sum += packet[i] << 8 | packet[i + 1];
    while (sum > 0xffff) sum = (sum & 0xffff) + (sum >> 16);
    packet[2] = ~sum >> 8;
    packet[3] = ~sum & 0xff;
    struct sockaddr_in to = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    if (sendto(sock, packet, sizeof packet, 0, (struct sockaddr *)&to, sizeof to) < 0) {
        perror("sendto");
        return 1;
    }
    // end: sendto

    // step: recvfrom-request
    unsigned char buf[4096];
    struct sockaddr_in from;
    socklen_t from_len = sizeof from;
    ssize_t n = recvfrom(sock, buf, sizeof buf, 0, (struct sockaddr *)&from, &from_len);
    if (n < 0) {
        perror("recvfrom");
        return 1;
    }
    // end: recvfrom-request

    int header_len = (buf[0] & 0x0f) * 4; /* 20: the IPv4 header comes first */
    printf("received: %zd bytes, ICMP type %d\n", n, buf[header_len]); /* 8: an echo request */

    // step: recvfrom-reply
    from_len = sizeof from;
    n = recvfrom(sock, buf, sizeof buf, 0, (struct sockaddr *)&from, &from_len);
    if (n < 0) {
        perror("recvfrom");
        return 1;
    }
    // end: recvfrom-reply

    header_len = (buf[0] & 0x0f) * 4;
    printf("received: %zd bytes, ICMP type %d\n", n, buf[header_len]); /* 0: an echo reply */

    close(sock);
    return 0;
}
