#ifndef SOCKSTEP_CSECCOMP_SHIM_H
#define SOCKSTEP_CSECCOMP_SHIM_H
#include <seccomp.h>

/* SCMP_ACT_ERRNO and friends are function-like macros, which Swift cannot import. */
static inline uint32_t sockstep_scmp_act_errno(uint16_t e) { return SCMP_ACT_ERRNO(e); }
static inline uint32_t sockstep_scmp_act_trace(uint16_t m) { return SCMP_ACT_TRACE(m); }
#endif
