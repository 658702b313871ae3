#define _GNU_SOURCE
#include "cgnu.h"
#include <unistd.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <linux/filter.h>
#include <linux/seccomp.h>

int cg_accept4(int fd, struct sockaddr *address, socklen_t *length, int flags) {
    return accept4(fd, address, length, flags);
}

int cg_dup3(int from, int to, int flags) { return dup3(from, to, flags); }

int cg_no_new_privs(void) { return prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0); }

int cg_seccomp_set_filter(const void *filter, unsigned short length) {
    struct sock_fprog prog = { .len = length, .filter = (struct sock_filter *)filter };
    return (int)syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog);
}
