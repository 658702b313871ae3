/* socketpair (stream and datagram), sendmsg/recvmsg with several iovecs, msg_name,
 * SCM_RIGHTS and SCM_CREDENTIALS.
 * usage: socketpair DIR */
#define _GNU_SOURCE
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <unistd.h>

static void fail(const char *what, int line) {
    char b[160];
    int n = snprintf(b, sizeof b, "socketpair: FAIL %s (line %d, errno %d)\n", what, line, errno);
    write(2, b, n);
    _exit(99);
}
#define CHECK(c) do { if (!(c)) fail(#c, __LINE__); } while (0)

int main(int argc, char **argv) {
    CHECK(argc == 2);
    int sv[2], dv[2];
    char buf[256];
    int one = 1;

    CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0);
    CHECK(write(sv[0], "through the pair", 16) == 16);
    CHECK(read(sv[1], buf, sizeof buf) == 16);

    /* sendmsg with three iovecs; recvmsg spreads it over two */
    char h[] = "head:", m[] = "middle:", t[] = "tail";
    struct iovec out[3] = { { h, 5 }, { m, 7 }, { t, 4 } };
    struct msghdr msg = {0};
    msg.msg_iov = out;
    msg.msg_iovlen = 3;
    CHECK(sendmsg(sv[1], &msg, 0) == 16);
    char r1[6], r2[64];
    struct iovec in[2] = { { r1, sizeof r1 }, { r2, sizeof r2 } };
    struct msghdr rmsg = {0};
    rmsg.msg_iov = in;
    rmsg.msg_iovlen = 2;
    CHECK(recvmsg(sv[0], &rmsg, 0) == 16);

    /* SCM_RIGHTS: pass the other end of the datagram pair along the stream pair */
    CHECK(socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, dv) == 0);
    union { struct cmsghdr h; char b[CMSG_SPACE(sizeof(int))]; } cbuf;
    memset(&cbuf, 0, sizeof cbuf);
    struct iovec one_iov = { "F", 1 };
    msg = (struct msghdr){0};
    msg.msg_iov = &one_iov;
    msg.msg_iovlen = 1;
    msg.msg_control = cbuf.b;
    msg.msg_controllen = sizeof cbuf.b;
    struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(c), &dv[1], sizeof(int));
    CHECK(sendmsg(sv[0], &msg, MSG_NOSIGNAL) == 1);
    union { struct cmsghdr h; char b[CMSG_SPACE(sizeof(int) * 4)]; } rbuf;
    memset(&rbuf, 0, sizeof rbuf);
    struct iovec riov = { buf, sizeof buf };
    rmsg = (struct msghdr){0};
    rmsg.msg_iov = &riov;
    rmsg.msg_iovlen = 1;
    rmsg.msg_control = rbuf.b;
    rmsg.msg_controllen = sizeof rbuf.b;
    CHECK(recvmsg(sv[1], &rmsg, MSG_CMSG_CLOEXEC) == 1);
    int passed;
    memcpy(&passed, CMSG_DATA(CMSG_FIRSTHDR(&rmsg)), sizeof passed);
    CHECK(write(dv[0], "via the passed fd", 17) == 17);
    CHECK(recv(passed, buf, sizeof buf, 0) == 17);

    /* SCM_CREDENTIALS: SO_PASSCRED on the receiver, explicit credentials from the sender */
    CHECK(setsockopt(sv[0], SOL_SOCKET, SO_PASSCRED, &one, sizeof one) == 0);
    union { struct cmsghdr h; char b[CMSG_SPACE(sizeof(struct ucred))]; } ccbuf;
    memset(&ccbuf, 0, sizeof ccbuf);
    struct ucred cred = { getpid(), getuid(), getgid() };
    msg = (struct msghdr){0};
    struct iovec ciov = { "C", 1 };
    msg.msg_iov = &ciov;
    msg.msg_iovlen = 1;
    msg.msg_control = ccbuf.b;
    msg.msg_controllen = sizeof ccbuf.b;
    c = CMSG_FIRSTHDR(&msg);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_CREDENTIALS;
    c->cmsg_len = CMSG_LEN(sizeof cred);
    memcpy(CMSG_DATA(c), &cred, sizeof cred);
    CHECK(sendmsg(sv[1], &msg, 0) == 1);
    memset(&rbuf, 0, sizeof rbuf);
    rmsg = (struct msghdr){0};
    rmsg.msg_iov = &riov;
    rmsg.msg_iovlen = 1;
    rmsg.msg_control = rbuf.b;
    rmsg.msg_controllen = sizeof rbuf.b;
    CHECK(recvmsg(sv[0], &rmsg, 0) == 1);

    /* msg_name on a datagram socket bound to a path; the reply truncated (MSG_TRUNC) */
    struct sockaddr_un a = {0}, from;
    a.sun_family = AF_UNIX;
    snprintf(a.sun_path, sizeof a.sun_path, "%s/named.sock", argv[1]);
    socklen_t alen = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + strlen(a.sun_path) + 1);
    unlink(a.sun_path);
    int named = socket(AF_UNIX, SOCK_DGRAM, 0);
    CHECK(named >= 0);
    CHECK(bind(named, (struct sockaddr *)&a, alen) == 0);
    int sender = socket(AF_UNIX, SOCK_DGRAM, 0);
    CHECK(sender >= 0);
    struct sockaddr_un sa = {0};
    sa.sun_family = AF_UNIX;
    snprintf(sa.sun_path, sizeof sa.sun_path, "%s/sender.sock", argv[1]);
    unlink(sa.sun_path);
    CHECK(bind(sender, (struct sockaddr *)&sa, (socklen_t)sizeof sa) == 0);
    struct iovec niov[2] = { { "named ", 6 }, { "datagram payload", 16 } };
    msg = (struct msghdr){0};
    msg.msg_name = &a;
    msg.msg_namelen = alen;
    msg.msg_iov = niov;
    msg.msg_iovlen = 2;
    CHECK(sendmsg(sender, &msg, 0) == 22);
    char small[8];
    struct iovec siov = { small, sizeof small };
    rmsg = (struct msghdr){0};
    rmsg.msg_name = &from;
    rmsg.msg_namelen = sizeof from;
    rmsg.msg_iov = &siov;
    rmsg.msg_iovlen = 1;
    CHECK(recvmsg(named, &rmsg, 0) == 8);
    unlink(a.sun_path);
    unlink(sa.sun_path);

    CHECK(close(sender) == 0);
    CHECK(close(named) == 0);
    CHECK(close(passed) == 0);
    CHECK(close(dv[0]) == 0);
    CHECK(close(dv[1]) == 0);
    CHECK(close(sv[0]) == 0);
    CHECK(close(sv[1]) == 0);
    return 0;
}
