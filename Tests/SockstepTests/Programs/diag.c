/* NETLINK_SOCK_DIAG requests and replies as strace decodes them: a UNIX socket by inode with
 * every attribute, a TCP listener found by a bytecode filter and by its address, an empty dump
 * (NLMSG_DONE), errors (NLMSG_ERROR, capped and not), a message cut short; and NETLINK_ROUTE's
 * address dump (RTM_GETADDR and the RTM_NEWADDR replies with their IFA_* attributes). Only the program's
 * own sockets are asked about.
 * usage: diag DIR PORT */
#define _GNU_SOURCE
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/sock_diag.h>
#include <linux/unix_diag.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <unistd.h>

#define PORTID 0x7a5e0001u
static unsigned char reply[8192];

static void ask(int nl, const void *req, size_t len) {
    struct sockaddr_nl to = {0};
    to.nl_family = AF_NETLINK;
    sendto(nl, req, len, 0, (struct sockaddr *)&to, sizeof to);
}

static void answer(int nl, size_t room) {
    struct sockaddr_nl from;
    socklen_t fl = sizeof from;
    recvfrom(nl, reply, room, MSG_DONTWAIT, (struct sockaddr *)&from, &fl);
}

int main(int argc, char **argv) {
    if (argc != 3) return 2;
    int port = atoi(argv[2]);
    int nl = socket(AF_NETLINK, SOCK_RAW, NETLINK_SOCK_DIAG);
    struct sockaddr_nl me = {0};
    me.nl_family = AF_NETLINK;
    me.nl_pid = PORTID;
    bind(nl, (struct sockaddr *)&me, sizeof me);

    /* a UNIX listener in DIR, asked about by its inode */
    struct sockaddr_un un = {0};
    un.sun_family = AF_UNIX;
    snprintf(un.sun_path, sizeof un.sun_path, "%s/diag.sock", argv[1]);
    unlink(un.sun_path);
    int ul = socket(AF_UNIX, SOCK_STREAM, 0);
    bind(ul, (struct sockaddr *)&un, sizeof un);
    listen(ul, 5);
    struct stat st;
    fstat(ul, &st);
    struct { struct nlmsghdr h; struct unix_diag_req r; } ureq = {0};
    ureq.h.nlmsg_len = sizeof ureq;
    ureq.h.nlmsg_type = SOCK_DIAG_BY_FAMILY;
    ureq.h.nlmsg_flags = NLM_F_REQUEST;
    ureq.h.nlmsg_seq = 1;
    ureq.r.sdiag_family = AF_UNIX;
    ureq.r.udiag_states = -1;
    ureq.r.udiag_ino = st.st_ino;
    ureq.r.udiag_show = UDIAG_SHOW_NAME | UDIAG_SHOW_VFS | UDIAG_SHOW_PEER | UDIAG_SHOW_ICONS |
                        UDIAG_SHOW_RQLEN | UDIAG_SHOW_MEMINFO | 0x40 /* UDIAG_SHOW_UID */;
    ureq.r.udiag_cookie[0] = INET_DIAG_NOCOOKIE;
    ureq.r.udiag_cookie[1] = INET_DIAG_NOCOOKIE;
    ask(nl, &ureq, sizeof ureq);
    answer(nl, sizeof reply);

    /* the same through recvmsg, and cut short by a small buffer */
    ask(nl, &ureq, sizeof ureq);
    struct sockaddr_nl from;
    struct iovec v = {reply, sizeof reply};
    struct msghdr m = {&from, sizeof from, &v, 1, NULL, 0, 0};
    recvmsg(nl, &m, MSG_DONTWAIT);
    ask(nl, &ureq, sizeof ureq);
    answer(nl, 40);

    /* an empty dump: only NLMSG_DONE */
    ureq.h.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
    ureq.h.nlmsg_seq = 2;
    ureq.r.udiag_states = 0;
    ureq.r.udiag_ino = 0;
    ureq.r.udiag_show = 0;
    ask(nl, &ureq, sizeof ureq);
    answer(nl, sizeof reply);

    /* a TCP listener on 127.0.0.1:PORT, found by a bytecode filter on its port */
    int tl = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    setsockopt(tl, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in a = {0};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(tl, (struct sockaddr *)&a, sizeof a);
    listen(tl, 7);
    setsockopt(tl, SOL_IP, IP_RECVERR, &one, sizeof one);
    setsockopt(tl, SOL_IP, IP_FREEBIND, &one, sizeof one);
    setsockopt(tl, SOL_IP, IP_BIND_ADDRESS_NO_PORT, &one, sizeof one);
    struct {
        struct nlmsghdr h;
        struct inet_diag_req_v2 r;
        struct nlattr nla;
        struct inet_diag_bc_op ge, ge_port, le, le_port;
    } ireq;
    memset(&ireq, 0, sizeof ireq);
    ireq.h.nlmsg_len = sizeof ireq;
    ireq.h.nlmsg_type = SOCK_DIAG_BY_FAMILY;
    ireq.h.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
    ireq.h.nlmsg_seq = 3;
    ireq.r.sdiag_family = AF_INET;
    ireq.r.sdiag_protocol = IPPROTO_TCP;
    ireq.r.idiag_ext = 1 << (INET_DIAG_TOS - 1);
    ireq.r.idiag_states = 1 << 10;       /* TCP_LISTEN */
    ireq.nla.nla_len = sizeof ireq.nla + 4 * sizeof(struct inet_diag_bc_op);
    ireq.nla.nla_type = INET_DIAG_REQ_BYTECODE;
    ireq.ge.code = INET_DIAG_BC_S_GE; ireq.ge.yes = 8; ireq.ge.no = 20;
    ireq.ge_port.no = port;
    ireq.le.code = INET_DIAG_BC_S_LE; ireq.le.yes = 8; ireq.le.no = 12;
    ireq.le_port.no = port;
    ask(nl, &ireq, sizeof ireq);
    answer(nl, sizeof reply);
    answer(nl, sizeof reply);

    /* an exact lookup of a socket that is not there: NLMSG_ERROR with the request */
    struct { struct nlmsghdr h; struct inet_diag_req_v2 r; } xreq;
    memset(&xreq, 0, sizeof xreq);
    xreq.h.nlmsg_len = sizeof xreq;
    xreq.h.nlmsg_type = SOCK_DIAG_BY_FAMILY;
    xreq.h.nlmsg_flags = NLM_F_REQUEST;
    xreq.h.nlmsg_seq = 4;
    xreq.r.sdiag_family = AF_INET6;
    xreq.r.sdiag_protocol = IPPROTO_UDP;
    xreq.r.idiag_states = -1;
    xreq.r.id.idiag_sport = htons(port);
    xreq.r.id.idiag_src[3] = htonl(1);
    xreq.r.id.idiag_cookie[0] = INET_DIAG_NOCOOKIE;
    xreq.r.id.idiag_cookie[1] = INET_DIAG_NOCOOKIE;
    ask(nl, &xreq, sizeof xreq);
    answer(nl, sizeof reply);
    setsockopt(nl, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof one);
    xreq.h.nlmsg_seq = 5;
    ask(nl, &xreq, sizeof xreq);
    answer(nl, sizeof reply);

    /* a request that is too short, an unknown type acked, two messages in one send */
    ureq.h.nlmsg_len = sizeof(struct nlmsghdr) + 4;
    ureq.h.nlmsg_seq = 6;
    ask(nl, &ureq, ureq.h.nlmsg_len);
    answer(nl, sizeof reply);
    struct { struct nlmsghdr h; unsigned char pad[4]; } odd[2];
    memset(odd, 0, sizeof odd);
    for (int i = 0; i < 2; i++) {
        odd[i].h.nlmsg_len = sizeof odd[i];
        odd[i].h.nlmsg_type = i ? NLMSG_NOOP : 0x77;
        odd[i].h.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
        odd[i].h.nlmsg_seq = 7 + i;
        odd[i].pad[0] = AF_INET;
    }
    ask(nl, odd, sizeof odd);
    answer(nl, sizeof reply);
    answer(nl, sizeof reply);
    ask(nl, odd, 10);
    ask(nl, NULL, 20);

    /* replies made up by the program (no NLM_F_REQUEST: the kernel takes them without an
     * answer), for what a real reply does not hold: shutdown flags, unknown meminfo indexes,
     * unused sockopt bits, a nested attribute flag, a string without its NUL */
    struct {
        struct nlmsghdr h;
        struct inet_diag_msg r;
        struct nlattr shut_a; unsigned char shut[4];
        struct nlattr shut_b; unsigned char shut2[4];
        struct nlattr mem; uint32_t meminfo[SK_MEMINFO_VARS + 1];
        struct nlattr opt; unsigned char bits[4];
        struct nlattr mark; uint32_t mark_value;
        struct nlattr cong; char name[8];
    } fake;
    memset(&fake, 0, sizeof fake);
    fake.h.nlmsg_len = sizeof fake;
    fake.h.nlmsg_type = SOCK_DIAG_BY_FAMILY;
    fake.h.nlmsg_flags = NLM_F_MULTI;
    fake.h.nlmsg_seq = 9;
    fake.r.idiag_family = AF_INET6;
    fake.r.idiag_state = 1;
    fake.r.id.idiag_sport = htons(port);
    fake.r.id.idiag_dport = htons(port + 1);
    fake.r.id.idiag_src[0] = htonl(0xfe800000);
    fake.r.id.idiag_src[3] = htonl(7);
    fake.r.id.idiag_dst[3] = htonl(1);
    fake.r.id.idiag_if = 1;
    fake.shut_a.nla_len = sizeof fake.shut_a + 1; fake.shut_a.nla_type = INET_DIAG_SHUTDOWN; fake.shut[0] = 3;
    fake.shut_b.nla_len = sizeof fake.shut_b + 1; fake.shut_b.nla_type = INET_DIAG_SHUTDOWN; fake.shut2[0] = 6;
    fake.mem.nla_len = sizeof fake.mem + sizeof fake.meminfo; fake.mem.nla_type = INET_DIAG_SKMEMINFO;
    for (int i = 0; i <= SK_MEMINFO_VARS; i++) fake.meminfo[i] = 100 * i;
    fake.opt.nla_len = sizeof fake.opt + 2; fake.opt.nla_type = INET_DIAG_SOCKOPT;
    fake.bits[0] = 0x05; fake.bits[1] = 0xe1;
    fake.mark.nla_len = sizeof fake.mark + 4; fake.mark.nla_type = NLA_F_NESTED | INET_DIAG_MARK; fake.mark_value = 7;
    fake.cong.nla_len = sizeof fake.cong + 5; fake.cong.nla_type = INET_DIAG_CONG; memcpy(fake.name, "cubic", 5);
    fake.h.nlmsg_len = (char *)&fake.name[5] - (char *)&fake;
    ask(nl, &fake, fake.h.nlmsg_len);
    fake.r.idiag_family = AF_INET;
    fake.r.id.idiag_src[0] = htonl(0x7f000001);
    fake.r.id.idiag_dst[0] = htonl(0xc0000202);
    fake.r.id.idiag_if = 12345;
    ask(nl, &fake, fake.h.nlmsg_len);

    /* NETLINK_ROUTE: the interface addresses, IPv4 and IPv6 (what getaddrinfo's AI_ADDRCONFIG
     * asks), a request for one family with a short header, and a request with no payload */
    int rt = socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE);
    me.nl_pid = PORTID + 1;
    bind(rt, (struct sockaddr *)&me, sizeof me);
    struct { struct nlmsghdr h; struct ifaddrmsg r; } areq;
    for (int i = 0; i < 2; i++) {
        memset(&areq, 0, sizeof areq);
        areq.h.nlmsg_len = sizeof areq;
        areq.h.nlmsg_type = RTM_GETADDR;
        areq.h.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
        areq.h.nlmsg_seq = 10 + i;
        areq.r.ifa_family = i ? AF_INET6 : AF_INET;
        ask(rt, &areq, sizeof areq);
        answer(rt, sizeof reply);
        answer(rt, sizeof reply);
    }
    areq.h.nlmsg_len = sizeof areq.h + 1;
    areq.h.nlmsg_seq = 12;
    ask(rt, &areq, areq.h.nlmsg_len);
    areq.h.nlmsg_len = sizeof areq.h;
    areq.h.nlmsg_seq = 13;
    ask(rt, &areq, areq.h.nlmsg_len);
    answer(rt, sizeof reply);
    close(rt);

    close(tl);
    close(ul);
    unlink(un.sun_path);
    close(nl);
    return 0;
}
