#ifndef SOCKSTEP_CPTRACE_H
#define SOCKSTEP_CPTRACE_H
/*
 * The few things the Swift tracer cannot do itself: call the variadic ptrace(2), read the
 * wait-status macros, and start a traced child (clone and exec: a Swift process must never fork
 * and keep running Swift). Everything else lives in Swift.
 */
#if !defined(__x86_64__)
#error "sockstep traces x86_64 Linux only: its syscall tables and registers are x86_64's (other architectures need their own tables first)"
#endif

#include <stdint.h>
#include <sys/types.h>
#include <linux/audit.h>

/* The architectures a syscall stop can report on x86_64 (cp_syscall_info.arch): 64-bit and
 * x32 calls say AUDIT_ARCH_X86_64, 32-bit `int $0x80` calls AUDIT_ARCH_I386. */
static const uint32_t cp_audit_arch_x86_64 = AUDIT_ARCH_X86_64;
static const uint32_t cp_audit_arch_i386 = AUDIT_ARCH_I386;

/* PTRACE_GET_SYSCALL_INFO, flattened (glibc calls the struct __ptrace_syscall_info). */
#define CP_OP_NONE 0
#define CP_OP_ENTRY 1
#define CP_OP_EXIT 2
#define CP_OP_SECCOMP 3
typedef struct {
    uint8_t op;
    uint32_t arch;
    uint64_t instruction_pointer;
    uint64_t stack_pointer;
    uint64_t nr;           /* entry and seccomp */
    uint64_t args[6];      /* entry and seccomp */
    int64_t rval;          /* exit */
    uint8_t is_error;      /* exit */
    uint32_t ret_data;     /* seccomp */
} cp_syscall_info;


/* ptrace requests. Each returns -1 and sets errno on failure, like ptrace(2). */
long cp_seize(pid_t pid, unsigned long options);
long cp_interrupt(pid_t pid);
long cp_set_options(pid_t pid, unsigned long options);
long cp_resume_syscall(pid_t pid, int signal);  /* PTRACE_SYSCALL */
long cp_resume_cont(pid_t pid, int signal);     /* PTRACE_CONT */
long cp_listen(pid_t pid);
long cp_detach(pid_t pid, int signal);
long cp_get_event_message(pid_t pid, unsigned long *message);
/* strace's fault injection (-e inject=): at a call's entry stop, the number of the call the
 * kernel makes (orig_rax; -1 makes none, it returns -ENOSYS); at its exit stop, the value it
 * returns (rax). */
long cp_set_syscall_number(pid_t pid, long number);
long cp_set_return_value(pid_t pid, long value);
/* PTRACE_GETSIGINFO: the kernel's siginfo_t, its 128 bytes as they are (decoded in Swift). */
long cp_get_siginfo(pid_t pid, uint8_t out[128]);
long cp_get_syscall_info(pid_t pid, cp_syscall_info *out);
/* At a stop outside a syscall (the first stop after PTRACE_SEIZE): the number of the call the
 * process was in when the stop interrupted it, if that call will go on as restart_syscall
 * (it returned -ERESTART_RESTARTBLOCK); -1 otherwise. */
long cp_interrupted_syscall(pid_t pid);

/* Read tracee memory with process_vm_readv: returns the bytes read, or -1 with errno. */
long cp_read_memory(pid_t pid, uint64_t address, void *buffer, unsigned long length);
/* Write tracee memory with process_vm_writev: returns the bytes written, or -1 with errno. */
long cp_write_memory(pid_t pid, uint64_t address, const void *buffer, unsigned long length);

/* The option bits, so Swift need not redefine them. */
/* PTRACE_O_EXITKILL only for processes sockstep started: one attached with -p must outlive it. */
unsigned long cp_options_default(int follow_forks, int trace_seccomp, int exit_kill);

/* Wait status. */
int cp_exited(int status);
int cp_exit_status(int status);
int cp_signaled(int status);
int cp_term_signal(int status);
int cp_core_dumped(int status);
int cp_stopped(int status);
int cp_stop_signal(int status);
int cp_event(int status);            /* status >> 16: PTRACE_EVENT_* or 0 */
#define CP_EVENT_FORK 1
#define CP_EVENT_VFORK 2
#define CP_EVENT_CLONE 3
#define CP_EVENT_EXEC 4
#define CP_EVENT_VFORK_DONE 5
#define CP_EVENT_EXIT 6
#define CP_EVENT_SECCOMP 7
#define CP_EVENT_STOP 128
/* The stop signal of a syscall stop when PTRACE_O_TRACESYSGOOD is set. */
int cp_syscall_stop_signal(void);

/*
 * Start a child to be traced, as strace does, but without copying sockstep's memory: the child
 * is cloned with CLONE_VM (as posix_spawn clones its child) and runs on a stack of its own until
 * it execs. It empties the signal mask, puts back the signal actions sockstep inherited
 * (cwait.h), changes to the folder `cwd` (unless NULL), makes `streams[0..2]` its standard
 * input, output and error (each unless -1), stops itself with SIGSTOP (the parent then
 * PTRACE_SEIZEs it and sends SIGCONT), applies the optional seccomp-bpf program
 * (prctl(PR_SET_NO_NEW_PRIVS) and seccomp(SECCOMP_SET_MODE_FILTER)), then execve(path, argv,
 * envp). `filter` points to `filter_len` struct sock_filter (8 bytes each), or is NULL. When a
 * step fails, the child writes what strace's child writes ("sockstep: exec: Permission
 * denied", "sockstep: chdir: ...") on stderr and exits with status 1.
 *
 * Everything the child reads (the arguments, copied) and its stack are in one block, `*memory`:
 * the caller keeps it until the child has exec'd or ended, then gives it to cp_spawn_release.
 * With SOCKSTEP_SPAWN=fork in sockstep's environment the child is a fork instead (valgrind
 * cannot follow the clone); it does the same.
 * Returns the child's pid (and the block), or -1 with errno set (and no block).
 */
pid_t cp_spawn_stopped_in(const char *path, char *const argv[], char *const envp[],
                          const void *filter, unsigned short filter_len, const char *cwd, const int streams[3],
                          void **memory);

/* Frees a block cp_spawn_stopped_in returned (NULL: nothing). */
void cp_spawn_release(void *memory);

/* Pin the calling thread to one CPU (children forked later inherit it). Returns 0 or -1. */
int cp_pin_to_cpu(int cpu);
/* The CPU the calling thread last ran on. */
int cp_current_cpu(void);
/* sched_getaffinity(2) of thread `tid` (0: the caller) as the kernel answers it (glibc's
 * wrapper hides the size): the mask in `buffer`, and the number of bytes written (the
 * kernel's cpumask size), or -1 with errno. */
long cp_get_affinity(pid_t tid, void *buffer, unsigned long length);
/* sched_setaffinity(2) of thread `tid`: 0, or -1 with errno. */
long cp_set_affinity(pid_t tid, const void *mask, unsigned long length);

/*
 * Ctrl-C and friends: handlers for SIGINT, SIGTERM, SIGHUP, SIGQUIT and SIGPIPE that only record
 * the signal (the tracer blocks them and reads them from a signalfd, see cwait.h; the handlers
 * run while a policy lets them through, or in a thread that does not block them).
 */
void cp_install_stop_handlers(void);
int cp_pending_stop_signal(void);   /* 0 when none arrived */

#endif
