/* select, pselect6, poll, ppoll, epoll_* and sendfile as strace decodes them: ready sets and
 * lists in the result, the time left, signal masks, EPOLL_CTL_DEL, bad descriptors, bad
 * pointers, odd sizes. Only a socketpair, a pipe and a file in DIR.
 * usage: waits DIR */
#define _GNU_SOURCE
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/select.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv) {
    if (argc != 2) return 2;
    int sv[2], pp[2];
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    pipe(pp);
    write(sv[0], "x", 1);                /* sv[1] is readable, sv[0] and the pipe's end writable */

    /* select: ready sets and the time left; nothing ready; errors */
    fd_set r, w, e;
    FD_ZERO(&r); FD_ZERO(&w); FD_ZERO(&e);
    FD_SET(sv[1], &r); FD_SET(pp[0], &r); FD_SET(sv[0], &w); FD_SET(pp[1], &w); FD_SET(sv[0], &e);
    struct timeval tv = {5, 0};
    syscall(SYS_select, pp[1] + 1, &r, &w, &e, &tv);
    FD_ZERO(&r); FD_SET(pp[0], &r);
    struct timeval none = {0, 0};
    syscall(SYS_select, pp[1] + 1, &r, NULL, NULL, &none);
    FD_ZERO(&r); FD_SET(sv[1], &r);
    syscall(SYS_select, sv[1] + 1, &r, NULL, NULL, NULL);
    syscall(SYS_select, 0, NULL, NULL, NULL, &none);
    syscall(SYS_select, -1, &r, NULL, NULL, &none);
    FD_ZERO(&r); FD_SET(100, &r);
    syscall(SYS_select, 101, &r, NULL, NULL, &none);
    syscall(SYS_select, 8, (fd_set *)1, NULL, NULL, &none);
    struct timeval bad = {0, 2000000};
    syscall(SYS_select, 8, NULL, NULL, NULL, &bad);
    syscall(SYS_select, 8, NULL, NULL, NULL, (struct timeval *)1);

    /* pselect6: a timespec and the {sigmask, sigsetsize} pair */
    sigset_t mask;
    sigemptyset(&mask);
    sigaddset(&mask, SIGUSR1);
    sigaddset(&mask, SIGRTMIN + 2);
    struct { sigset_t *ss; size_t len; } sig = {&mask, 8};
    struct timespec ts = {5, 0}, zero = {0, 0};
    FD_ZERO(&r); FD_SET(sv[1], &r);
    syscall(SYS_pselect6, sv[1] + 1, &r, NULL, NULL, &ts, &sig);
    FD_ZERO(&r); FD_SET(pp[0], &r);
    syscall(SYS_pselect6, pp[0] + 1, &r, NULL, NULL, &zero, NULL);
    sig.len = 16;
    syscall(SYS_pselect6, 0, NULL, NULL, NULL, &zero, &sig);
    sig.ss = NULL;
    sig.len = 8;
    syscall(SYS_pselect6, 0, NULL, NULL, NULL, &zero, &sig);

    /* poll and ppoll: the ready list, the time left, a full mask, a bad size */
    struct pollfd p[4] = {{sv[1], POLLIN, 0}, {pp[0], POLLIN | POLLPRI, 0}, {-1, POLLIN, 0}, {sv[0], POLLOUT | POLLRDHUP, 0}};
    poll(p, 4, 0);
    poll(p + 1, 2, 0);
    poll(NULL, 0, 0);
    poll((struct pollfd *)1, 2, 0);
    sigset_t full;
    sigfillset(&full);
    ts.tv_sec = 5; ts.tv_nsec = 0;       /* the kernel wrote the time left into it */
    syscall(SYS_ppoll, p, 4, &ts, &full, 8);
    syscall(SYS_ppoll, p + 1, 1, &zero, &mask, 8);
    syscall(SYS_ppoll, p, 4, NULL, NULL, 8);
    syscall(SYS_ppoll, p, 4, &zero, &mask, 4);
    struct pollfd many[40];
    for (int i = 0; i < 40; i++) { many[i].fd = sv[0]; many[i].events = POLLOUT; many[i].revents = 0; }
    syscall(SYS_ppoll, many, 40, &zero, NULL, 8);

    /* epoll: add, modify, delete, a bad descriptor, the ready events, the wait variants */
    int ep = epoll_create1(EPOLL_CLOEXEC);
    struct epoll_event ev = {EPOLLIN | EPOLLET, {.u64 = 0x1122334455667788ull}};
    epoll_ctl(ep, EPOLL_CTL_ADD, sv[1], &ev);
    ev.events = EPOLLOUT;
    ev.data.u32 = 7;
    epoll_ctl(ep, EPOLL_CTL_ADD, pp[1], &ev);
    ev.events = EPOLLIN | EPOLLRDHUP | EPOLLONESHOT;
    epoll_ctl(ep, EPOLL_CTL_MOD, pp[1], &ev);
    epoll_ctl(ep, EPOLL_CTL_DEL, pp[1], &ev);
    epoll_ctl(ep, EPOLL_CTL_DEL, pp[1], NULL);
    epoll_ctl(ep, 9, sv[0], &ev);
    epoll_ctl(-1, EPOLL_CTL_ADD, sv[0], (struct epoll_event *)1);
    struct epoll_event out[4];
    epoll_wait(ep, out, 4, 0);
    epoll_wait(ep, out, -1, 0);
    epoll_wait(ep, NULL, 4, 0);
    syscall(SYS_epoll_pwait, ep, out, 4, 0, &mask, 8);
    syscall(SYS_epoll_pwait, ep, out, 4, 0, &mask, 7);
    syscall(SYS_epoll_pwait2, ep, out, 4, &zero, &mask, 8);
    ts.tv_sec = 5; ts.tv_nsec = 0;
    syscall(SYS_epoll_pwait2, ep, out, 4, &ts, NULL, 8);
    struct timespec badts = {0, -1};
    syscall(SYS_epoll_pwait2, ep, out, 4, &badts, NULL, 8);
    epoll_create1(0x1);
    epoll_create(-1);

    /* sendfile: the offset before and after, none, a bad one, a count past the end */
    char path[200];
    snprintf(path, sizeof path, "%s/sendfile.txt", argv[1]);
    int f = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
    write(f, "0123456789abcdefghij", 20);
    off_t off = 4;
    sendfile(sv[0], f, &off, 6);
    sendfile(sv[0], f, &off, 0);
    sendfile(sv[0], f, NULL, 3);
    sendfile(sv[0], f, (off_t *)1, 3);
    off = 18;
    sendfile(sv[0], f, &off, 100);
    off = -1;
    sendfile(sv[0], f, &off, 1);
    sendfile(-1, f, &off, 1);
    close(f);
    unlink(path);
    return 0;
}
