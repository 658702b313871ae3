/* sendmsg/recvmsg/sendmmsg/recvmmsg as strace decodes them: control messages of SOL_SOCKET
 * (SCM_RIGHTS cut after 32 descriptors, empty, truncated; SCM_CREDENTIALS; timestamps),
 * SOL_IP (IP_PKTINFO, IP_TTL, IP_TOS, IP_ORIGDSTADDR) and SOL_IPV6, odd headers, msg_name with
 * the caller's length, errors, and recvmmsg's timeout. Loopback only.
 * usage: msgs PORT1 PORT2 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/net_tstamp.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#ifndef SO_TIMESTAMP_NEW
#define SO_TIMESTAMP_NEW 63
#define SO_TIMESTAMPNS_NEW 64
#endif

static char data[64] = "hello, control messages";
static union { struct cmsghdr h; unsigned char b[1024]; } ctl;

static void send_with(int fd, const void *control, size_t controllen) {
    struct iovec v = {data, 5};
    struct msghdr m = {0};
    m.msg_iov = &v;
    m.msg_iovlen = 1;
    m.msg_control = (void *)control;
    m.msg_controllen = controllen;
    sendmsg(fd, &m, MSG_DONTWAIT);
}

/* Receives one message with `controllen` bytes of control buffer; closes descriptors that came. */
static void receive(int fd, size_t controllen, void *name, socklen_t namelen) {
    char in[64];
    struct iovec v[2] = {{in, 3}, {in + 3, 16}};
    struct msghdr m = {0};
    m.msg_name = name;
    m.msg_namelen = namelen;
    m.msg_iov = v;
    m.msg_iovlen = 2;
    memset(&ctl, 0, sizeof ctl);
    m.msg_control = controllen ? ctl.b : NULL;
    m.msg_controllen = controllen;
    if (recvmsg(fd, &m, MSG_DONTWAIT) < 0 || m.msg_controllen < sizeof(struct cmsghdr)) return;
    for (struct cmsghdr *c = CMSG_FIRSTHDR(&m); c; c = CMSG_NXTHDR(&m, c))
        if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS)
            for (int *p = (int *)CMSG_DATA(c); (unsigned char *)(p + 1) <= (unsigned char *)c + c->cmsg_len; p++) close(*p);
}

static size_t rights(int fd, int count) {
    memset(&ctl, 0, sizeof ctl);
    ctl.h.cmsg_len = CMSG_LEN(sizeof(int) * count);
    ctl.h.cmsg_level = SOL_SOCKET;
    ctl.h.cmsg_type = SCM_RIGHTS;
    for (int i = 0; i < count; i++) ((int *)CMSG_DATA(&ctl.h))[i] = fd;
    return CMSG_SPACE(sizeof(int) * count);
}

static void on(int fd, int level, int name) { int one = 1; setsockopt(fd, level, name, &one, sizeof one); }

int main(int argc, char **argv) {
    if (argc != 3) return 2;
    int port1 = atoi(argv[1]), port2 = atoi(argv[2]);
    /* The kernel turns receive timestamps on in the background (a work queue): a socket that
     * keeps them on from the start makes the first timestamped packet below get its stamp. */
    int keeper = socket(AF_INET, SOCK_DGRAM, 0);
    on(keeper, SOL_SOCKET, SO_TIMESTAMP);

    /* SCM_RIGHTS over a UNIX datagram pair: one, 40 (cut at 32), none, truncated on receipt */
    int sv[2];
    socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
    send_with(sv[0], ctl.b, rights(0, 1));
    receive(sv[1], 64, NULL, 0);
    send_with(sv[0], ctl.b, rights(0, 40));
    receive(sv[1], 512, NULL, 0);
    send_with(sv[0], ctl.b, rights(0, 0));
    send_with(sv[0], ctl.b, rights(0, 4));
    receive(sv[1], CMSG_SPACE(sizeof(int)), NULL, 0);
    send_with(sv[0], ctl.b, rights(0, 2));
    receive(sv[1], 8, NULL, 0);

    /* odd headers: unknown level and type, a length too short, too long, past the buffer,
     * a negative level, two messages, an IP_TTL with two values */
    memset(&ctl, 0, sizeof ctl);
    struct cmsghdr *c = &ctl.h;
    c->cmsg_len = CMSG_LEN(3); c->cmsg_level = 300; c->cmsg_type = 77; memcpy(CMSG_DATA(c), "abc", 3);
    c = (struct cmsghdr *)(ctl.b + CMSG_SPACE(3));
    c->cmsg_len = CMSG_LEN(8); c->cmsg_level = SOL_IP; c->cmsg_type = IP_TTL; ((int *)CMSG_DATA(c))[0] = 64; ((int *)CMSG_DATA(c))[1] = 65;
    send_with(sv[0], ctl.b, CMSG_SPACE(3) + CMSG_SPACE(8));
    c = &ctl.h;
    c->cmsg_len = 4;
    send_with(sv[0], ctl.b, 48);
    c->cmsg_len = 1000; c->cmsg_level = -1; c->cmsg_type = -2;
    send_with(sv[0], ctl.b, 48);
    c->cmsg_len = CMSG_LEN(12); c->cmsg_level = SOL_IP; c->cmsg_type = IP_PKTINFO;
    struct in_pktinfo pi = {0};
    pi.ipi_ifindex = 1;
    pi.ipi_spec_dst.s_addr = htonl(INADDR_LOOPBACK);
    pi.ipi_addr.s_addr = htonl(0x7f000002);
    memcpy(CMSG_DATA(c), &pi, sizeof pi);
    send_with(sv[0], ctl.b, CMSG_SPACE(12));
    send_with(sv[0], ctl.b, 10);
    send_with(sv[0], NULL, 16);
    send_with(sv[0], (void *)1, 16);
    for (int i = 0; i < 8; i++) receive(sv[1], 0, NULL, 0);

    /* SCM_CREDENTIALS over a stream pair with SO_PASSCRED */
    int st[2];
    socketpair(AF_UNIX, SOCK_STREAM, 0, st);
    on(st[1], SOL_SOCKET, SO_PASSCRED);
    send_with(st[0], NULL, 0);
    receive(st[1], 64, NULL, 0);

    /* UDP over 127.0.0.1 with IP_PKTINFO, IP_RECVTTL, IP_RECVTOS, IP_RECVORIGDSTADDR */
    struct sockaddr_in a1 = {0}, a2 = {0};
    a1.sin_family = a2.sin_family = AF_INET;
    a1.sin_addr.s_addr = a2.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a1.sin_port = htons(port1);
    a2.sin_port = htons(port2);
    int r = socket(AF_INET, SOCK_DGRAM, 0), s = socket(AF_INET, SOCK_DGRAM, 0);
    bind(r, (struct sockaddr *)&a1, sizeof a1);
    bind(s, (struct sockaddr *)&a2, sizeof a2);
    on(r, SOL_IP, IP_PKTINFO);
    on(r, SOL_IP, IP_RECVTTL);
    on(r, SOL_IP, IP_RECVTOS);
    on(r, SOL_IP, IP_RECVORIGDSTADDR);
    sendto(s, data, 7, 0, (struct sockaddr *)&a1, sizeof a1);
    struct sockaddr_in from;
    receive(r, 256, &from, sizeof from);
    sendto(s, data, 7, 0, (struct sockaddr *)&a1, sizeof a1);
    receive(r, 256, &from, 8);                   /* the caller's length: 8 */
    sendto(s, data, 7, 0, (struct sockaddr *)&a1, sizeof a1);
    receive(r, 40, &from, 1);                    /* truncated control, a 1-byte name */
    receive(r, 256, &from, sizeof from);         /* nothing left: EAGAIN, {msg_namelen=16} */

    /* timestamps: old and new, in micro- and nanoseconds (their values vary: normalized).
     * (Not SO_TIMESTAMPING: whether the first packet gets a software stamp is up to timing.) */
    int ts = socket(AF_INET, SOCK_DGRAM, 0);
    a1.sin_port = 0;
    bind(ts, (struct sockaddr *)&a1, sizeof a1);
    socklen_t al = sizeof a1;
    getsockname(ts, (struct sockaddr *)&a1, &al);
    int names[] = {SO_TIMESTAMP, SO_TIMESTAMPNS, SO_TIMESTAMP_NEW, SO_TIMESTAMPNS_NEW};
    for (int i = 0; i < 4; i++) {
        on(ts, SOL_SOCKET, names[i]);
        sendto(s, data, 3, 0, (struct sockaddr *)&a1, sizeof a1);
        receive(ts, 64, NULL, 0);
        int zero = 0;
        setsockopt(ts, SOL_SOCKET, names[i], &zero, sizeof zero);
    }

    /* IPv6 control messages: SOL_IPV6 types print as numbers */
    struct sockaddr_in6 b1 = {0}, b2 = {0};
    b1.sin6_family = b2.sin6_family = AF_INET6;
    b1.sin6_addr = b2.sin6_addr = in6addr_loopback;
    b1.sin6_port = htons(port1);
    b2.sin6_port = htons(port2);
    int r6 = socket(AF_INET6, SOCK_DGRAM, 0), s6 = socket(AF_INET6, SOCK_DGRAM, 0);
    bind(r6, (struct sockaddr *)&b1, sizeof b1);
    bind(s6, (struct sockaddr *)&b2, sizeof b2);
    on(r6, SOL_IPV6, IPV6_RECVPKTINFO);
    on(r6, SOL_IPV6, IPV6_RECVHOPLIMIT);
    sendto(s6, data, 6, 0, (struct sockaddr *)&b1, sizeof b1);
    struct sockaddr_in6 from6;
    receive(r6, 256, &from6, sizeof from6);

    /* sendmmsg and recvmmsg, with timeouts */
    struct mmsghdr mm[4];
    struct iovec iv[4];
    memset(mm, 0, sizeof mm);
    for (int i = 0; i < 3; i++) {
        iv[i].iov_base = data + i;
        iv[i].iov_len = 4 + i;
        mm[i].msg_hdr.msg_iov = &iv[i];
        mm[i].msg_hdr.msg_iovlen = 1;
        mm[i].msg_hdr.msg_name = &a1;
        mm[i].msg_hdr.msg_namelen = sizeof a1;
    }
    a1.sin_port = htons(port1);
    sendmmsg(s, mm, 3, 0);
    char in[4][16];
    struct sockaddr_in froms[4];
    memset(in, 0, sizeof in);
    memset(froms, 0, sizeof froms);
    memset(mm, 0, sizeof mm);
    for (int i = 0; i < 4; i++) {
        iv[i].iov_base = in[i];
        iv[i].iov_len = 16;
        mm[i].msg_hdr.msg_iov = &iv[i];
        mm[i].msg_hdr.msg_iovlen = 1;
        mm[i].msg_hdr.msg_name = &froms[i];
        mm[i].msg_hdr.msg_namelen = i == 1 ? 4 : sizeof froms[i];
    }
    struct timespec zero = {0, 0}, later = {5, 0};
    recvmmsg(r, mm, 4, MSG_DONTWAIT, &zero);
    recvmmsg(r, mm, 4, MSG_DONTWAIT, &later);
    recvmmsg(r, mm, 4, MSG_DONTWAIT, NULL);
    recvmmsg(r, mm, 4, MSG_DONTWAIT, (struct timespec *)1);
    sendmmsg(-1, mm, 2, 0);
    sendmmsg(s, NULL, 0, 0);
    return 0;
}
