/* NETLINK_ROUTE link and route messages as strace decodes them.
 *
 * Real requests go to the kernel only to READ (RTM_GETLINK for lo, a link dump read into a
 * small buffer, an RTM_GETROUTE dump of the local table); the kernel's replies are printed.
 * Every other message is made up by the program and sent, without NLM_F_REQUEST, to a second
 * netlink socket of its own (a unicast to a user port: the kernel passes it on and never acts
 * on it), which reads it back: fixed values for each attribute strace decodes, cut short,
 * unknown, in every family that changes how they print. Nothing changes the machine's
 * interfaces or routes.
 * usage: rtnl */
#define _GNU_SOURCE
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/if_link.h>
#include <linux/lwtunnel.h>
#include <linux/if_ether.h>
#include <net/if.h>
#include <net/if_arp.h>
#ifndef IFF_LOWER_UP
#define IFF_LOWER_UP 0x10000
#endif
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define PORTID 0x7a5e0011u
#define PEER (PORTID + 1)
static unsigned char msg[8192] __attribute__((aligned(8)));
static unsigned char reply[32768];
static size_t off;
static struct nlattr *nest_stack[4];
static int depth;

static void start(int type, int flags, int seq, const void *hdr, size_t hdrlen) {
    memset(msg, 0, sizeof msg);
    struct nlmsghdr *h = (void *)msg;
    h->nlmsg_type = type;
    h->nlmsg_flags = flags;
    h->nlmsg_seq = seq;
    memcpy(msg + NLMSG_HDRLEN, hdr, hdrlen);
    off = NLMSG_HDRLEN + NLMSG_ALIGN(hdrlen);
}

static void attr(int type, const void *data, size_t len) {
    struct nlattr *a = (void *)(msg + off);
    a->nla_type = type;
    a->nla_len = NLA_HDRLEN + len;
    memcpy(msg + off + NLA_HDRLEN, data, len);
    off += NLA_ALIGN(a->nla_len);
}
static void u8(int type, uint8_t v) { attr(type, &v, 1); }
static void u16(int type, uint16_t v) { attr(type, &v, 2); }
static void u32(int type, uint32_t v) { attr(type, &v, 4); }
static void u64(int type, uint64_t v) { attr(type, &v, 8); }
static void str(int type, const char *s) { attr(type, s, strlen(s) + 1); }
static void nest(int type) {
    nest_stack[depth++] = (void *)(msg + off);
    ((struct nlattr *)(msg + off))->nla_type = type;
    off += NLA_HDRLEN;
}
static void end(void) {
    struct nlattr *a = nest_stack[--depth];
    a->nla_len = msg + off - (unsigned char *)a;
}

static void to(int nl, uint32_t pid, const void *data, size_t len) {
    struct sockaddr_nl dst = {0};
    dst.nl_family = AF_NETLINK;
    dst.nl_pid = pid;
    sendto(nl, data, len, 0, (struct sockaddr *)&dst, sizeof dst);
}

/* The made-up message to the peer, and the peer reading it back. */
static void pass(int nl, int peer) {
    ((struct nlmsghdr *)msg)->nlmsg_len = off;
    to(nl, PEER, msg, off);
    recvfrom(peer, reply, sizeof reply, MSG_DONTWAIT, NULL, NULL);
}

static void answer(int nl, size_t room) {
    recvfrom(nl, reply, room, MSG_DONTWAIT, NULL, NULL);
}

int main(void) {
    int nl = socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE);
    struct sockaddr_nl me = {0};
    me.nl_family = AF_NETLINK;
    me.nl_pid = PORTID;
    bind(nl, (struct sockaddr *)&me, sizeof me);
    int peer = socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE);
    me.nl_pid = PEER;
    bind(peer, (struct sockaddr *)&me, sizeof me);
    int one = 1;
    setsockopt(nl, SOL_NETLINK, NETLINK_GET_STRICT_CHK, &one, sizeof one);

    /* the kernel's lo, as `ip link show lo` asks for it */
    struct ifinfomsg ifi = {0};
    ifi.ifi_index = if_nametoindex("lo");
    start(RTM_GETLINK, NLM_F_REQUEST, 1, &ifi, sizeof ifi);
    u32(IFLA_EXT_MASK, RTEXT_FILTER_VF | RTEXT_FILTER_SKIP_STATS);
    str(IFLA_IFNAME, "lo");
    ((struct nlmsghdr *)msg)->nlmsg_len = off;
    to(nl, 0, msg, off);
    answer(nl, 608);    /* up to IFLA_QDISC: IFLA_AF_SPEC (not decoded by sockstep yet) is left out */

    /* a dump of the links read into a small buffer: lo's first attributes (the rest of the
     * dump is dropped with the socket) */
    int dump = socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE);
    me.nl_pid = PORTID + 2;
    bind(dump, (struct sockaddr *)&me, sizeof me);
    memset(&ifi, 0, sizeof ifi);
    ifi.ifi_family = AF_PACKET;
    start(RTM_GETLINK, NLM_F_REQUEST | NLM_F_DUMP, 2, &ifi, sizeof ifi);
    ((struct nlmsghdr *)msg)->nlmsg_len = off;
    to(dump, 0, msg, off);
    answer(dump, 120);
    close(dump);

    /* the kernel's local IPv4 routes, as `ip route show table local` asks for them */
    struct rtmsg rtm = {0};
    rtm.rtm_family = AF_INET;
    start(RTM_GETROUTE, NLM_F_REQUEST | NLM_F_DUMP, 3, &rtm, sizeof rtm);
    u32(RTA_TABLE, RT_TABLE_LOCAL);
    ((struct nlmsghdr *)msg)->nlmsg_len = off;
    to(nl, 0, msg, off);
    answer(nl, sizeof reply);
    answer(nl, sizeof reply);

    /* a link with every attribute strace decodes */
    memset(&ifi, 0, sizeof ifi);
    ifi.ifi_type = ARPHRD_ETHER;
    ifi.ifi_index = 1;
    ifi.ifi_flags = IFF_UP | IFF_BROADCAST | IFF_RUNNING | IFF_MULTICAST | IFF_LOWER_UP | 0x800000;
    ifi.ifi_change = 0xffffffff;
    start(RTM_NEWLINK, NLM_F_MULTI, 10, &ifi, sizeof ifi);
    unsigned char mac[8] = {0x02, 0x42, 0xac, 0x11, 0x00, 0x02, 0xfe, 0xff};
    attr(IFLA_ADDRESS, mac, 6);
    attr(IFLA_BROADCAST, mac, 8);
    str(IFLA_IFNAME, "veth-step0");
    u32(IFLA_MTU, 1500);
    u32(IFLA_LINK, 7);
    str(IFLA_QDISC, "noqueue");
    u32(IFLA_MASTER, 3);
    u32(IFLA_TXQLEN, 1000);
    u8(IFLA_OPERSTATE, 6);
    u8(IFLA_LINKMODE, 1);
    struct rtnl_link_ifmap map = {0x1000, 0x1fff, 0x300, 11, 2, 1};
    attr(IFLA_MAP, &map, sizeof map);
    nest(IFLA_LINKINFO);
    str(IFLA_INFO_KIND, "veth");
    u32(IFLA_INFO_DATA, 0x01020304);
    str(IFLA_INFO_SLAVE_KIND, "bond");
    end();
    u32(IFLA_NET_NS_FD, (uint32_t)-1);
    u32(IFLA_EXT_MASK, RTEXT_FILTER_VF | RTEXT_FILTER_BRVLAN | 0x100);
    u32(IFLA_GROUP, 0);
    u32(IFLA_PROMISCUITY, 2);
    u8(IFLA_CARRIER, 1);
    u32(IFLA_CARRIER_CHANGES, 4);
    u32(IFLA_LINK_NETNSID, (uint32_t)-1);
    u8(IFLA_PROTO_DOWN, 0);
    nest(IFLA_XDP);
    u32(IFLA_XDP_FD, 0);
    u8(IFLA_XDP_ATTACHED, XDP_ATTACHED_SKB);
    u32(IFLA_XDP_FLAGS, 0x2 | 0x1 | 0x40);
    u32(IFLA_XDP_PROG_ID, 42);
    end();
    u32(IFLA_EVENT, IFLA_EVENT_FEATURES);
    u32(IFLA_NEW_IFINDEX, 1);
    nest(IFLA_PROP_LIST);
    str(IFLA_ALT_IFNAME, "a-long-alternative-name");
    u32(IFLA_MTU, 9000);
    end();
    attr(IFLA_PERM_ADDRESS, mac, 6);
    nest(IFLA_PROTO_DOWN_REASON);
    u32(IFLA_PROTO_DOWN_REASON_MASK, 0xff);
    u32(IFLA_PROTO_DOWN_REASON_VALUE, 0x10);
    end();
    u16(IFLA_MTU, 1500);                 /* too short: bytes */
    u32(0x3f, 65536);                    /* unknown to strace 6.1 */
    pass(nl, peer);

    /* the statistics, whole and short, and hardware addresses of other lengths */
    memset(&ifi, 0, sizeof ifi);
    ifi.ifi_family = AF_BRIDGE;          /* strace sizes addresses by the family: 1 byte */
    ifi.ifi_type = ARPHRD_LOOPBACK;
    start(RTM_DELLINK, 0, 11, &ifi, sizeof ifi);
    uint64_t c64[26];
    uint32_t c32[25];
    for (int i = 0; i < 26; i++) c64[i] = 1000000000000ull * (i + 1);
    for (int i = 0; i < 25; i++) c32[i] = 100 * (i + 1);
    attr(IFLA_STATS, c32, 96);
    attr(IFLA_STATS, c32, 92);
    attr(IFLA_STATS, c32, 94);
    attr(IFLA_STATS64, c64, 200);
    attr(IFLA_STATS64, c64, 192);
    attr(IFLA_STATS64, c64, 184);
    attr(IFLA_STATS64, c64, 190);
    attr(IFLA_ADDRESS, mac, 6);
    unsigned char big[40] = {1, 2, 3};
    attr(IFLA_ADDRESS, big, 33);
    attr(IFLA_MAP, &map, 20);
    pass(nl, peer);
    ifi.ifi_family = AF_INET;            /* 255: every byte */
    start(RTM_SETLINK, 0, 12, &ifi, sizeof ifi);
    attr(IFLA_ADDRESS, mac, 8);
    pass(nl, peer);
    start(RTM_GETLINK, 0, 13, &ifi, 8);  /* a header cut short */
    pass(nl, peer);

    /* an IPv4 route with every attribute strace decodes */
    memset(&rtm, 0, sizeof rtm);
    rtm.rtm_family = AF_INET;
    rtm.rtm_dst_len = 24;
    rtm.rtm_src_len = 8;
    rtm.rtm_tos = 0x10 | 0x2;
    rtm.rtm_table = RT_TABLE_MAIN;
    rtm.rtm_protocol = RTPROT_STATIC;
    rtm.rtm_scope = RT_SCOPE_LINK;
    rtm.rtm_type = RTN_UNICAST;
    rtm.rtm_flags = RTM_F_NOTIFY | RTM_F_CLONED | 0x4;
    start(RTM_NEWROUTE, NLM_F_MULTI, 20, &rtm, sizeof rtm);
    uint32_t a4 = htonl(0x0a000100);
    attr(RTA_DST, &a4, 4);
    a4 = htonl(0x7f000000);
    attr(RTA_SRC, &a4, 4);
    u32(RTA_IIF, 1);
    u32(RTA_OIF, 12345);
    a4 = htonl(0x0a000001);
    attr(RTA_GATEWAY, &a4, 4);
    u32(RTA_PRIORITY, 100);
    a4 = htonl(0x7f000001);
    attr(RTA_PREFSRC, &a4, 4);
    nest(RTA_METRICS);
    u32(RTAX_LOCK, 1 << RTAX_MTU);
    u32(RTAX_MTU, 1400);
    u32(RTAX_ADVMSS, 1360);
    u32(RTAX_FEATURES, 1);
    str(RTAX_CC_ALGO, "cubic");
    u32(RTAX_FASTOPEN_NO_COOKIE, 1);
    u32(0x20, 5);
    end();
    nest(RTA_MULTIPATH);
    struct rtnexthop nh = {sizeof nh, RTNH_F_ONLINK, 1, 1};
    memcpy(msg + off, &nh, sizeof nh);
    off += sizeof nh;
    struct rtnexthop *second = (void *)(msg + off);
    nh.rtnh_flags = RTNH_F_DEAD | 0x80;
    nh.rtnh_hops = 2;
    nh.rtnh_ifindex = 9999;
    memcpy(msg + off, &nh, sizeof nh);
    off += sizeof nh;
    a4 = htonl(0x0a000002);
    attr(RTA_GATEWAY, &a4, 4);
    second->rtnh_len = msg + off - (unsigned char *)second;
    end();
    u32(RTA_FLOW, 0x10002);
    uint32_t ci[8] = {1, 2, 3, 4, 5, 0x66, 7, 8};
    attr(RTA_CACHEINFO, ci, sizeof ci);
    u32(RTA_TABLE, 100);
    u32(RTA_MARK, 0x42);
    uint64_t mfc[3] = {10, 20, 30};
    attr(RTA_MFC_STATS, mfc, sizeof mfc);
    unsigned char via4[6] = {AF_INET, 0, 10, 0, 0, 3};
    attr(RTA_VIA, via4, sizeof via4);
    a4 = htonl(0x0a000004);
    attr(RTA_NEWDST, &a4, 4);
    u8(RTA_PREF, 1);
    u16(RTA_ENCAP_TYPE, LWTUNNEL_ENCAP_MPLS);
    u32(RTA_ENCAP, 0x12345);
    u64(RTA_EXPIRES, 300);
    u32(RTA_UID, 1000);
    u8(RTA_TTL_PROPAGATE, 1);
    u8(RTA_IP_PROTO, IPPROTO_TCP);
    u16(RTA_SPORT, 8080);
    u16(RTA_DPORT, 443);
    u32(RTA_NH_ID, 7);
    pass(nl, peer);

    /* an IPv6 route, unknown values, short attributes */
    memset(&rtm, 0, sizeof rtm);
    rtm.rtm_family = AF_INET6;
    rtm.rtm_dst_len = 128;
    rtm.rtm_tos = 0x1;
    rtm.rtm_table = 100;
    rtm.rtm_protocol = 5;
    rtm.rtm_scope = 7;
    rtm.rtm_type = 12;
    rtm.rtm_flags = 0x20000000 | 0x40000000;
    start(RTM_DELROUTE, 0, 21, &rtm, sizeof rtm);
    struct in6_addr a6 = IN6ADDR_LOOPBACK_INIT;
    attr(RTA_DST, &a6, sizeof a6);
    attr(RTA_SRC, &a6, 15);
    unsigned char via6[18] = {AF_INET6, 0, 0xfe, 0x80, [17] = 1};
    attr(RTA_VIA, via6, sizeof via6);
    attr(RTA_VIA, via6, 10);
    unsigned char via_other[5] = {AF_PACKET, 0, 1, 2, 3};
    attr(RTA_VIA, via_other, sizeof via_other);
    attr(RTA_VIA, via_other, 2);
    attr(RTA_VIA, via_other, 1);
    u16(RTA_TABLE, 254);
    u16(RTA_ENCAP_TYPE, 0x77);
    u32(RTA_EXPIRES, 1);
    attr(RTA_CACHEINFO, ci, 28);
    u32(RTA_TABLE, RT_TABLE_DEFAULT);
    pass(nl, peer);
    memset(&rtm, 0, sizeof rtm);
    rtm.rtm_family = AF_UNSPEC;
    start(RTM_GETROUTE, 0, 22, &rtm, sizeof rtm);
    attr(RTA_DST, &a6, sizeof a6);       /* no family: bytes */
    pass(nl, peer);
    start(RTM_GETROUTE, 0, 23, &rtm, 4); /* a header cut short */
    pass(nl, peer);

    close(peer);
    close(nl);
    return 0;
}
