/* setsockopt/getsockopt values as strace decodes them: ints (negative ones too), structures,
 * structures cut short by the length, lengths 0 and -1, NULL and bad pointers, option names of
 * every level, unknown names and levels. Options that would change the machine (memberships,
 * devices, rings) are given to fd -1 (EBADF): only their decoding is shown.
 * usage: sockopt_values CLOSED_PORT     (a loopback port nobody listens on) */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/filter.h>
#include <linux/if_packet.h>
#include <linux/netlink.h>
#include <net/if.h>
#include <netinet/in.h>
#include <netinet/ip_icmp.h>
#ifndef ICMP_FILTER
#define ICMP_FILTER 1
#endif
#include <netinet/tcp.h>
#include <poll.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#ifndef SO_TXREHASH
#define SO_TXREHASH 74
#endif

static void set_int(int fd, int level, int name, int v, int len) { setsockopt(fd, level, name, &v, len); }
static void get(int fd, int level, int name, int len) {
    unsigned char v[256];
    memset(v, 0, sizeof v);
    socklen_t l = len;
    getsockopt(fd, level, name, v, &l);
}

int main(int argc, char **argv) {
    if (argc != 2) return 2;
    int closed = atoi(argv[1]);
    int u = socket(AF_INET, SOCK_DGRAM, 0);
    int t = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    int sv[2];
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);

    /* SOL_SOCKET ints: any length from 4 on, the address below it, a negative value */
    set_int(u, SOL_SOCKET, SO_REUSEADDR, 1, 4);
    set_int(u, SOL_SOCKET, SO_REUSEADDR, 1, 8);
    set_int(u, SOL_SOCKET, SO_REUSEADDR, 1, 2);
    set_int(u, SOL_SOCKET, SO_REUSEADDR, 1, 0);
    set_int(u, SOL_SOCKET, SO_REUSEADDR, 1, -1);
    setsockopt(u, SOL_SOCKET, SO_REUSEADDR, NULL, 4);
    setsockopt(u, SOL_SOCKET, SO_REUSEADDR, (void *)1, 4);
    set_int(u, SOL_SOCKET, SO_PRIORITY, -1, 4);
    set_int(u, SOL_SOCKET, SO_TXREHASH, 1, 4);
    set_int(u, SOL_SOCKET, SO_TXREHASH, -1, 4);
    set_int(u, SOL_SOCKET, SO_TXREHASH, 7, 4);
    struct linger lg = {1, 5};
    setsockopt(u, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
    setsockopt(u, SOL_SOCKET, SO_LINGER, &lg, 4);
    struct sock_filter code[1] = {{BPF_RET | BPF_K, 0, 0, 0xffff}};
    struct sock_fprog prog = {1, code};
    setsockopt(u, SOL_SOCKET, SO_ATTACH_FILTER, &prog, sizeof prog);
    setsockopt(u, SOL_SOCKET, SO_ATTACH_FILTER, &prog, 8);
    setsockopt(u, SOL_SOCKET, SO_DETACH_FILTER, NULL, 0);
    setsockopt(-1, SOL_SOCKET, SO_BINDTODEVICE, "lo", 3);

    /* other levels: ints, strings, the default rule (4 bytes: an int, else the bytes) */
    set_int(u, SOL_IP, IP_TTL, 32, 4);
    set_int(u, SOL_IP, IP_TTL, -1, 4);
    set_int(t, SOL_TCP, TCP_NODELAY, 1, 4);
    setsockopt(t, SOL_TCP, TCP_CONGESTION, "cubic", 5);
    setsockopt(t, SOL_TCP, TCP_CONGESTION, "reno", 4);
    setsockopt(t, SOL_TCP, TCP_MAXSEG, "", 0);
    unsigned char idle[64] = {60};
    setsockopt(t, SOL_TCP, TCP_KEEPIDLE, idle, -1);

    /* structures, on fd -1 */
    struct ip_mreq mreq = {{htonl(0xe00000fb)}, {htonl(INADDR_LOOPBACK)}};
    setsockopt(-1, SOL_IP, IP_ADD_MEMBERSHIP, &mreq, sizeof mreq);
    setsockopt(-1, SOL_IP, IP_DROP_MEMBERSHIP, &mreq, 4);
    struct group_req greq;
    memset(&greq, 0, sizeof greq);
    greq.gr_interface = if_nametoindex("lo");
    struct sockaddr_in *g4 = (struct sockaddr_in *)&greq.gr_group;
    g4->sin_family = AF_INET;
    g4->sin_addr.s_addr = htonl(0xe0010203);
    setsockopt(-1, SOL_IP, MCAST_JOIN_GROUP, &greq, sizeof greq);
    setsockopt(-1, SOL_IP, MCAST_LEAVE_GROUP, &greq, 16);
    struct ipv6_mreq m6;
    memset(&m6, 0, sizeof m6);
    m6.ipv6mr_multiaddr.s6_addr[0] = 0xff;
    m6.ipv6mr_multiaddr.s6_addr[1] = 0x02;
    m6.ipv6mr_multiaddr.s6_addr[15] = 1;
    m6.ipv6mr_interface = if_nametoindex("lo");
    setsockopt(-1, SOL_IPV6, IPV6_ADD_MEMBERSHIP, &m6, sizeof m6);
    setsockopt(-1, SOL_IPV6, IPV6_JOIN_ANYCAST, &m6, 8);
    struct tpacket_req req = {4096, 4, 2048, 8};
    setsockopt(-1, SOL_PACKET, PACKET_RX_RING, &req, sizeof req);
    setsockopt(-1, SOL_PACKET, PACKET_TX_RING, &req, 12);
    struct packet_mreq pm;
    memset(&pm, 0, sizeof pm);
    pm.mr_ifindex = if_nametoindex("lo");
    pm.mr_type = PACKET_MR_MULTICAST;
    pm.mr_alen = 6;
    memcpy(pm.mr_address, "\x01\x00\x5e\x00\x00\xfb", 6);
    setsockopt(-1, SOL_PACKET, PACKET_ADD_MEMBERSHIP, &pm, sizeof pm);
    pm.mr_type = PACKET_MR_PROMISC;
    pm.mr_alen = 0;                      /* strace shows the last address it printed */
    setsockopt(-1, SOL_PACKET, PACKET_DROP_MEMBERSHIP, &pm, sizeof pm);
    pm.mr_alen = 12;
    setsockopt(-1, SOL_PACKET, PACKET_ADD_MEMBERSHIP, &pm, sizeof pm);
    set_int(-1, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, 1, 4);
    set_int(-1, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, 1, 2);

    /* ICMP_FILTER: the filtered types as a set of bits, or its complement */
    uint32_t filters[] = {0, 1 << ICMP_ECHO, 0xff, 0xffffffff, 0xfffffffe, 0x00ffffff};
    for (unsigned i = 0; i < sizeof filters / sizeof filters[0]; i++)
        setsockopt(-1, SOL_RAW, ICMP_FILTER, &filters[i], 4);
    setsockopt(-1, SOL_RAW, ICMP_FILTER, &filters[1], 2);
    setsockopt(-1, SOL_RAW, ICMP_FILTER, &filters[1], 0);
    setsockopt(-1, SOL_RAW, ICMP_FILTER, &filters[1], 8);

    /* names strace does not know */
    set_int(-1, 268 /* SOL_LLC */, 0x37, 1, 4);
    set_int(-1, SOL_TCP, 99, 1, 4);
    set_int(-1, 300, 1, 1, 4);
    set_int(-1, SOL_SOCKET, 200, 1, 4);

    /* getsockopt: ints, short buffers, structures, lengths that are not there */
    get(u, SOL_SOCKET, SO_TYPE, 4);
    get(u, SOL_SOCKET, SO_TYPE, 2);
    get(u, SOL_SOCKET, SO_TYPE, 8);
    get(u, SOL_SOCKET, SO_RCVBUF, 1);
    get(u, SOL_SOCKET, SO_TXREHASH, 4);
    get(u, SOL_SOCKET, SO_PRIORITY, 4);
    get(u, SOL_SOCKET, SO_ERROR, 4);
    get(u, SOL_SOCKET, SO_ERROR, 3);
    get(u, SOL_SOCKET, SO_LINGER, 8);
    get(u, SOL_SOCKET, SO_LINGER, 6);
    get(u, SOL_SOCKET, SO_LINGER, 3);
    get(sv[0], SOL_SOCKET, SO_PEERCRED, 12);
    get(sv[0], SOL_SOCKET, SO_PEERCRED, 6);
    get(sv[0], SOL_SOCKET, SO_PEERCRED, 9);
    get(u, SOL_IP, IP_TTL, 4);
    get(u, SOL_IP, IP_TTL, 3);
    get(t, SOL_TCP, TCP_CONGESTION, 16);
    get(t, SOL_TCP, TCP_NODELAY, 4);
    get(u, SOL_SOCKET, SO_TYPE, 0);
    get(u, SOL_SOCKET, SO_TYPE, -1);
    socklen_t l = 4;
    getsockopt(u, SOL_SOCKET, SO_TYPE, NULL, &l);
    getsockopt(u, SOL_SOCKET, SO_TYPE, &l, NULL);
    getsockopt(u, SOL_SOCKET, SO_TYPE, &l, (socklen_t *)1);
    getsockopt(-1, SOL_SOCKET, SO_TYPE, &l, &l);

    /* SO_ERROR after a refused connect */
    struct sockaddr_in a = {0};
    a.sin_family = AF_INET;
    a.sin_port = htons(closed);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connect(t, (struct sockaddr *)&a, sizeof a);
    struct pollfd p = {t, POLLOUT, 0};
    poll(&p, 1, 5000);
    get(t, SOL_SOCKET, SO_ERROR, 4);

    /* a packet socket that receives nothing, a raw ICMP socket, a netlink socket */
    int pk = socket(AF_PACKET, SOCK_RAW, 0);
    get(pk, SOL_PACKET, PACKET_STATISTICS, 8);
    get(pk, SOL_PACKET, PACKET_STATISTICS, 6);
    get(pk, SOL_PACKET, PACKET_STATISTICS, 16);
    int ic = socket(AF_INET, SOCK_RAW, IPPROTO_ICMP);
    setsockopt(ic, SOL_RAW, ICMP_FILTER, &filters[1], 4);
    get(ic, SOL_RAW, ICMP_FILTER, 4);
    get(ic, SOL_RAW, ICMP_FILTER, 2);
    int nl = socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE);
    get(nl, SOL_NETLINK, NETLINK_LIST_MEMBERSHIPS, 8);
    get(nl, SOL_NETLINK, NETLINK_PKTINFO, 4);
    close(nl);
    close(ic);
    close(pk);
    close(t);
    close(u);
    return 0;
}
