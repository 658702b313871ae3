/* Calls for strace's output and filtering options, in the style of strace's own tests: each
 * mode makes a fixed, deterministic sequence of calls (nothing depends on scheduling), and
 * checks none of their results (an injected failure must not stop it).
 * usage: options MODE [ARG]
 *   family      block SIGCHLD, fork a child (close(1001), getpid, exit 7), wait for it, then
 *               unblock SIGCHLD: it is delivered right after rt_sigprocmask returns (for -n and
 *               -i on signal lines); the parent then closes 1002 and exits 0
 *   signals     SIGUSR1 and SIGUSR2 to itself, handled, and a SIGCHLD from a child, between
 *               close(1000) and close(1003)
 *   io          data with every kind of byte through a socketpair: write/read, writev/readv,
 *               sendto/recvfrom, sendmsg/recvmsg (two buffers), sendmmsg/recvmmsg, a 40-byte
 *               write (three dump lines), a write to a closed descriptor
 *   inject      socket, connect to 127.0.0.1:1 (refused), getsockname, five close(-1), getpid,
 *               getppid, a listen on a socket: calls to make fail or return something else
 *   paths DIR   a file DIR/data.txt: open, write, dup, poll, read, close, and /dev/null
 *   rename      prctl(PR_SET_NAME, "renamed"), then close(1004) (for -Y)
 *   fds         a socket, /dev/null, a pidfd of itself and a pipe, each written to or closed
 *               (for --decode-fds)
 *   names DIR   files in DIR with names -y quotes, one deleted while open, written to and closed
 *   env NAME    write the variable NAME's value (or "unset") to stdout
 *   owners      pids inside structures and results (for -Y): F_SETOWN/F_GETOWN of itself and of
 *               its process group, F_SETOWN_EX/F_GETOWN_EX of a thread, a process and a group,
 *               F_GETLK of a lock a child holds, SO_PEERCRED and SCM_CREDENTIALS, and a SIGUSR1
 *               from the child (blocked until the child waits in pause, then unblocked: it
 *               comes right after rt_sigprocmask); the child is then killed and reaped with
 *               SIGCHLD blocked */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

static void handler(int sig) { (void)sig; }

/* Fork a child that closes `marker` (unless -1), calls getpid and exits with `code`, with
 * SIGCHLD blocked until the parent has reaped it: SIGCHLD then comes right after the
 * rt_sigprocmask that unblocks it, whatever the scheduler did. */
static void child_with_sigchld_blocked(int marker, int code) {
    sigset_t chld, old;
    sigemptyset(&chld);
    sigaddset(&chld, SIGCHLD);
    sigprocmask(SIG_BLOCK, &chld, &old);
    pid_t child = fork();
    if (child == 0) {
        if (marker >= 0) close(marker);
        getpid();
        _exit(code);
    }
    int status = 0;
    waitpid(child, &status, 0);
    sigprocmask(SIG_SETMASK, &old, NULL);
}

static int family(void) {
    child_with_sigchld_blocked(1001, 7);
    close(1002);
    return 0;
}

static int signals(void) {
    signal(SIGUSR1, handler);
    signal(SIGUSR2, handler);
    close(1000);
    raise(SIGUSR1);
    raise(SIGUSR2);
    child_with_sigchld_blocked(-1, 0);
    close(1003);
    return 0;
}

static int io(void) {
    int sv[2];
    socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
    unsigned char all[40];
    for (int i = 0; i < 40; i++) all[i] = (unsigned char)(i * 37 + 3);
    memcpy(all, "text: ", 6);
    char buf[128];
    write(sv[0], all, sizeof all);
    read(sv[1], buf, sizeof buf);
    write(sv[0], "plain text\n", 11);
    read(sv[1], buf, sizeof buf);

    struct iovec out[2] = {{(void *)"first,", 6}, {(void *)"\x01\x02\xff second", 10}};
    writev(sv[0], out, 2);
    char a[4], b[32];
    struct iovec in[2] = {{a, sizeof a}, {b, sizeof b}};
    readv(sv[1], in, 2);

    sendto(sv[0], "datagram", 8, 0, NULL, 0);
    recvfrom(sv[1], buf, sizeof buf, 0, NULL, NULL);

    struct msghdr msg = {0};
    msg.msg_iov = out;
    msg.msg_iovlen = 2;
    sendmsg(sv[0], &msg, 0);
    msg.msg_iov = in;
    recvmsg(sv[1], &msg, 0);

    struct mmsghdr mm[2];
    memset(mm, 0, sizeof mm);
    struct iovec one = {(void *)"one", 3}, two[2] = {{(void *)"tw", 2}, {(void *)"o!", 2}};
    mm[0].msg_hdr.msg_iov = &one;
    mm[0].msg_hdr.msg_iovlen = 1;
    mm[1].msg_hdr.msg_iov = two;
    mm[1].msg_hdr.msg_iovlen = 2;
    sendmmsg(sv[0], mm, 2, 0);
    char r1[8], r2[8];
    struct iovec i1 = {r1, sizeof r1}, i2 = {r2, sizeof r2};
    struct mmsghdr rm[2];
    memset(rm, 0, sizeof rm);
    rm[0].msg_hdr.msg_iov = &i1;
    rm[0].msg_hdr.msg_iovlen = 1;
    rm[1].msg_hdr.msg_iov = &i2;
    rm[1].msg_hdr.msg_iovlen = 1;
    recvmmsg(sv[1], rm, 2, MSG_DONTWAIT, NULL);

    close(sv[1]);
    write(sv[1], "to a closed descriptor", 22);
    close(sv[0]);
    return 0;
}

static int inject(void) {
    int s = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in addr = {0};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(1);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connect(s, (struct sockaddr *)&addr, sizeof addr);
    socklen_t len = sizeof addr;
    getsockname(s, (struct sockaddr *)&addr, &len);
    for (int i = 0; i < 5; i++) close(-1);
    getpid();
    getppid();
    int t = socket(AF_INET, SOCK_STREAM, 0);
    listen(t, 1);
    close(t);
    close(s);
    return 0;
}

static int paths(const char *dir) {
    char path[512];
    snprintf(path, sizeof path, "%s/data.txt", dir);
    int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0644);
    write(fd, "hello\n", 6);
    int other = open("/dev/null", O_WRONLY);
    write(other, "x", 1);
    struct pollfd p[2] = {{other, POLLOUT, 0}, {fd, POLLOUT, 0}};
    poll(p, 2, 0);
    close(other);
    int copy = dup(fd);
    close(fd);
    fd = open(path, O_RDONLY);
    char b[16];
    read(fd, b, sizeof b);
    close(fd);
    close(copy);
    return 0;
}

/* Files whose names -y prints quoted (a double quote, a backslash, angle brackets, a byte
 * above 0x7e, a newline, a tab), one with a 250-byte name, and one deleted while open: each
 * written to and closed. */
static int names(const char *dir) {
    char longName[251];
    memset(longName, 'n', 250);
    longName[250] = 0;
    /* The last: a path longer than 256 bytes (the describer reads a link in 256 bytes first). */
    const char *const names[] = {"plain", "q\"uote", "back\\slash", "a<b>c", "caf\xe9", "new\nline", "tab\there", longName};
    enum { count = sizeof names / sizeof names[0] };
    int fd[count];
    char path[512];
    for (int i = 0; i < count; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        fd[i] = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0644);
    }
    snprintf(path, sizeof path, "%s/plain", dir);
    unlink(path);
    for (int i = 0; i < count; i++) write(fd[i], "x", 1);
    for (int i = 0; i < count; i++) close(fd[i]);
    return 0;
}

/* -y after AT_FDCWD: the working directory, quoted as a path is (angle brackets, a quote, a
 * byte above 0x7e, a newline); a deleted one (the link ends in " (deleted)"); one deeper than
 * PATH_MAX (the link cannot be read: AT_FDCWD alone). */
static int cwd(const char *dir) {
    char path[512];
    snprintf(path, sizeof path, "%s/c<w>d \"q\" caf\xe9\nx", dir);
    mkdir(path, 0755);
    if (chdir(path) != 0) return 1;
    int fd = openat(AT_FDCWD, "file", O_CREAT | O_WRONLY | O_TRUNC, 0644);
    close(fd);
    struct stat st;
    fstatat(AT_FDCWD, "file", &st, AT_SYMLINK_NOFOLLOW);
    mkdirat(AT_FDCWD, "sub", 0755);
    unlinkat(AT_FDCWD, "sub", AT_REMOVEDIR);
    unlinkat(AT_FDCWD, "file", 0);
    mkdir("gone", 0755);
    if (chdir("gone") != 0) return 1;
    rmdir("../gone");
    openat(AT_FDCWD, "x", O_RDONLY);
    if (chdir("..") != 0) return 1;
    char part[201];
    memset(part, 'd', 200);
    part[200] = 0;
    int depth = 0;
    while (depth < 21 && mkdir(part, 0755) == 0 && chdir(part) == 0) depth++;
    openat(AT_FDCWD, "x", O_RDONLY);
    while (depth-- > 0) {
        if (chdir("..") != 0) return 1;
        rmdir(part);
    }
    return 0;
}

static int fds(void) {
    int s = socket(AF_INET, SOCK_DGRAM, 0);
    int null = open("/dev/null", O_WRONLY);
    int pidfd = (int)syscall(SYS_pidfd_open, getpid(), 0);
    int p[2];
    pipe(p);
    write(null, "x", 1);
    write(p[1], "y", 1);
    close(s);
    close(null);
    close(pidfd);
    close(p[0]);
    close(p[1]);
    return 0;
}

static int owners(const char *dir) {
    char path[4096];
    snprintf(path, sizeof path, "%s/locked", dir);
    int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
    syscall(SYS_fcntl, fd, F_SETOWN, getpid());
    syscall(SYS_fcntl, fd, F_GETOWN);
    syscall(SYS_fcntl, fd, F_SETOWN, -getpgrp());
    syscall(SYS_fcntl, fd, F_GETOWN);
    struct f_owner_ex owner = {F_OWNER_TID, (pid_t)syscall(SYS_gettid)};
    syscall(SYS_fcntl, fd, F_SETOWN_EX, &owner);
    syscall(SYS_fcntl, fd, F_GETOWN_EX, &owner);
    owner.type = F_OWNER_PID;
    owner.pid = getpid();
    syscall(SYS_fcntl, fd, F_SETOWN_EX, &owner);
    owner.type = F_OWNER_PGRP;
    owner.pid = getpgrp();
    syscall(SYS_fcntl, fd, F_SETOWN_EX, &owner);
    syscall(SYS_fcntl, fd, F_GETOWN_EX, &owner);

    int sv[2];
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    struct ucred cred;
    socklen_t length = sizeof cred;
    getsockopt(sv[0], SOL_SOCKET, SO_PEERCRED, &cred, &length);
    int one = 1;
    setsockopt(sv[1], SOL_SOCKET, SO_PASSCRED, &one, sizeof one);
    union { char bytes[CMSG_SPACE(sizeof(struct ucred))]; struct cmsghdr align; } out, in;
    memset(&out, 0, sizeof out);
    struct iovec v = {"x", 1};
    struct msghdr m = {0};
    m.msg_iov = &v;
    m.msg_iovlen = 1;
    m.msg_control = out.bytes;
    m.msg_controllen = sizeof out.bytes;
    struct cmsghdr *c = CMSG_FIRSTHDR(&m);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_CREDENTIALS;
    c->cmsg_len = CMSG_LEN(sizeof cred);
    struct ucred mine = {getpid(), getuid(), getgid()};
    memcpy(CMSG_DATA(c), &mine, sizeof mine);
    sendmsg(sv[0], &m, 0);
    char r;
    struct iovec rv = {&r, 1};
    struct msghdr rm = {0};
    rm.msg_iov = &rv;
    rm.msg_iovlen = 1;
    rm.msg_control = in.bytes;
    rm.msg_controllen = sizeof in.bytes;
    recvmsg(sv[1], &rm, 0);

    signal(SIGUSR1, handler);
    sigset_t set, old;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    sigaddset(&set, SIGCHLD);
    sigprocmask(SIG_BLOCK, &set, &old);
    int p[2];
    pipe(p);
    pid_t child = fork();
    if (child == 0) {
        struct flock lock = {F_WRLCK, SEEK_SET, 0, 10, 0};
        fcntl(fd, F_SETLK, &lock);
        kill(getppid(), SIGUSR1);
        write(p[1], "x", 1);
        for (;;) pause();
    }
    char byte;
    read(p[0], &byte, 1);
    struct flock lock = {F_WRLCK, SEEK_SET, 0, 10, 0};
    syscall(SYS_fcntl, fd, F_GETLK, &lock);
    sigset_t usr1;
    sigemptyset(&usr1);
    sigaddset(&usr1, SIGUSR1);
    sigprocmask(SIG_UNBLOCK, &usr1, NULL);
    kill(child, SIGKILL);
    waitpid(child, NULL, 0);
    unlink(path);
    return 0;
}

int main(int argc, char **argv) {
    if (argc < 2) return 2;
    if (strcmp(argv[1], "owners") == 0 && argc > 2) return owners(argv[2]);
    const char *mode = argv[1];
    if (strcmp(mode, "family") == 0) return family();
    if (strcmp(mode, "signals") == 0) return signals();
    if (strcmp(mode, "io") == 0) return io();
    if (strcmp(mode, "inject") == 0) return inject();
    if (strcmp(mode, "paths") == 0 && argc > 2) return paths(argv[2]);
    if (strcmp(mode, "fds") == 0) return fds();
    if (strcmp(mode, "names") == 0 && argc > 2) return names(argv[2]);
    if (strcmp(mode, "cwd") == 0 && argc > 2) return cwd(argv[2]);
    if (strcmp(mode, "rename") == 0) {
        prctl(PR_SET_NAME, "renamed");
        close(1004);
        return 0;
    }
    if (strcmp(mode, "env") == 0 && argc > 2) {
        const char *v = getenv(argv[2]);
        printf("%s=%s\n", argv[2], v ? v : "unset");
        return 0;
    }
    return 2;
}
