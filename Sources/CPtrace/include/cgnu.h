#ifndef SOCKSTEP_CGNU_H
#define SOCKSTEP_CGNU_H
/* GNU calls that Swift's Glibc module does not export; the lesson actor makes them. */
#include <sys/socket.h>

int cg_accept4(int fd, struct sockaddr *address, socklen_t *length, int flags);
int cg_dup3(int from, int to, int flags);

/* prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0): prctl is variadic. */
int cg_no_new_privs(void);
/* seccomp(SECCOMP_SET_MODE_FILTER, 0, {len, filter}) with `length` struct sock_filter records. */
int cg_seccomp_set_filter(const void *filter, unsigned short length);

/*
 * A sealed memfd (not close-on-exec: the lesson's roles inherit it) holding `length` bytes:
 * nobody can change them afterwards. Returns the descriptor, or -1 with errno.
 */
int cg_sealed_memfd(const char *name, const void *bytes, unsigned long length);

#endif
