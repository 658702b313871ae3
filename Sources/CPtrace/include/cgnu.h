#ifndef SOCKSTEP_CGNU_H
#define SOCKSTEP_CGNU_H
/* GNU calls that Swift's Glibc module does not export; the lesson actor makes them. */
#include <sys/socket.h>

int cg_accept4(int fd, struct sockaddr *address, socklen_t *length, int flags);
int cg_dup3(int from, int to, int flags);

#endif
