#define _GNU_SOURCE
#include "cgnu.h"
#include <unistd.h>

int cg_accept4(int fd, struct sockaddr *address, socklen_t *length, int flags) {
    return accept4(fd, address, length, flags);
}

int cg_dup3(int from, int to, int flags) { return dup3(from, to, flags); }
