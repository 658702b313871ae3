#ifndef SOCKSTEP_CXATTR_H
#define SOCKSTEP_CXATTR_H
/*
 * getxattr(2), which Swift's Glibc module does not export (<sys/xattr.h> is not part of it).
 * The -yy socket decoder reads the "system.sockprotoname" attribute of /proc/PID/fd/N.
 */
#include <stddef.h>
#include <sys/types.h>

/* Like getxattr(2): the value's length, or -1 with errno set. */
ssize_t cx_getxattr(const char *path, const char *name, void *value, size_t size);

#endif
