#define _GNU_SOURCE
#include "cptrace.h"
#include "cwait.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <linux/filter.h>
#include <linux/ptrace.h>
#include <linux/seccomp.h>

long cp_seize(pid_t pid, unsigned long options) { return ptrace(PTRACE_SEIZE, pid, 0, (void *)options); }
long cp_interrupt(pid_t pid) { return ptrace(PTRACE_INTERRUPT, pid, 0, 0); }
long cp_set_options(pid_t pid, unsigned long options) { return ptrace(PTRACE_SETOPTIONS, pid, 0, (void *)options); }
long cp_resume_syscall(pid_t pid, int signal) { return ptrace(PTRACE_SYSCALL, pid, 0, (void *)(long)signal); }
long cp_resume_cont(pid_t pid, int signal) { return ptrace(PTRACE_CONT, pid, 0, (void *)(long)signal); }
long cp_listen(pid_t pid) { return ptrace(PTRACE_LISTEN, pid, 0, 0); }
long cp_detach(pid_t pid, int signal) { return ptrace(PTRACE_DETACH, pid, 0, (void *)(long)signal); }
long cp_get_event_message(pid_t pid, unsigned long *message) { return ptrace(PTRACE_GETEVENTMSG, pid, 0, message); }
long cp_set_syscall_number(pid_t pid, long number) {
    return ptrace(PTRACE_POKEUSER, pid, (void *)offsetof(struct user_regs_struct, orig_rax), (void *)number);
}
long cp_set_return_value(pid_t pid, long value) {
    return ptrace(PTRACE_POKEUSER, pid, (void *)offsetof(struct user_regs_struct, rax), (void *)value);
}

long cp_get_siginfo(pid_t pid, uint8_t out[128]) {
    _Static_assert(sizeof(siginfo_t) == 128, "siginfo_t is 128 bytes");
    memset(out, 0, 128);
    return ptrace(PTRACE_GETSIGINFO, pid, 0, out);
}

long cp_get_syscall_info(pid_t pid, cp_syscall_info *out) {
    struct __ptrace_syscall_info info;
    memset(&info, 0, sizeof info);
    long r = ptrace(PTRACE_GET_SYSCALL_INFO, pid, (void *)sizeof info, &info);
    if (r < 0) return r;
    memset(out, 0, sizeof *out);
    out->op = info.op;
    out->arch = info.arch;
    out->instruction_pointer = info.instruction_pointer;
    out->stack_pointer = info.stack_pointer;
    switch (info.op) {
    case PTRACE_SYSCALL_INFO_ENTRY:
        out->nr = info.entry.nr;
        for (int i = 0; i < 6; i++) out->args[i] = info.entry.args[i];
        break;
    case PTRACE_SYSCALL_INFO_SECCOMP:
        out->nr = info.seccomp.nr;
        for (int i = 0; i < 6; i++) out->args[i] = info.seccomp.args[i];
        out->ret_data = info.seccomp.ret_data;
        break;
    case PTRACE_SYSCALL_INFO_EXIT:
        out->rval = info.exit.rval;
        out->is_error = info.exit.is_error;
        break;
    default:
        break;
    }
    return r;
}

long cp_read_memory(pid_t pid, uint64_t address, void *buffer, unsigned long length) {
    struct iovec local = { buffer, length };
    struct iovec remote = { (void *)(uintptr_t)address, length };
    return process_vm_readv(pid, &local, 1, &remote, 1, 0);
}

long cp_write_memory(pid_t pid, uint64_t address, const void *buffer, unsigned long length) {
    struct iovec local = { (void *)buffer, length };
    struct iovec remote = { (void *)(uintptr_t)address, length };
    return process_vm_writev(pid, &local, 1, &remote, 1, 0);
}

unsigned long cp_options_default(int follow_forks, int trace_seccomp, int exit_kill) {
    /* TRACEEXIT, as strace: a process about to exit stops first, so that its unfinished call
     * ends (`= ?`) when it ends, not when the tracer collects its status. */
    unsigned long o = PTRACE_O_TRACESYSGOOD | PTRACE_O_TRACEEXEC | PTRACE_O_TRACEEXIT;
    if (exit_kill) o |= PTRACE_O_EXITKILL;
    if (follow_forks) o |= PTRACE_O_TRACEFORK | PTRACE_O_TRACEVFORK | PTRACE_O_TRACECLONE;
    if (trace_seccomp) o |= PTRACE_O_TRACESECCOMP;
    return o;
}

int cp_exited(int status) { return WIFEXITED(status); }
int cp_exit_status(int status) { return WEXITSTATUS(status); }
int cp_signaled(int status) { return WIFSIGNALED(status); }
int cp_term_signal(int status) { return WTERMSIG(status); }
int cp_core_dumped(int status) { return WCOREDUMP(status); }
int cp_stopped(int status) { return WIFSTOPPED(status); }
int cp_stop_signal(int status) { return WSTOPSIG(status); }
int cp_event(int status) { return (unsigned)status >> 16; }
int cp_syscall_stop_signal(void) { return SIGTRAP | 0x80; }

/* The child's system calls. It shares sockstep's memory, and with it the calling thread's
 * errno (clone gives it no TLS of its own): the calls that can fail go straight to the kernel,
 * which hands the error back as the result (-errno), so that the child never writes errno while
 * sockstep runs on. */
static long child_syscall(long number, long a, long b, long c, long d, long e) {
    register long r10 __asm__("r10") = d;
    register long r8 __asm__("r8") = e;
    long result;
    __asm__ volatile("syscall"
                     : "=a"(result)
                     : "a"(number), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8)
                     : "rcx", "r11", "memory");
    return result;
}

/* The child's failure before its program runs: one line on stderr, as strace's child writes
 * "strace: exec: Permission denied", then exit status 1. `error` is the failed call's errno.
 * strerrordesc_np only looks the text up in glibc's table (no locale, no allocation, no errno). */
static void child_fail(const char *what, long error) {
    const char *text = strerrordesc_np((int)error);
    if (text == NULL) text = "Unknown error";
    struct iovec parts[] = {
        { (void *)"sockstep: ", 10 }, { (void *)what, strlen(what) }, { (void *)": ", 2 },
        { (void *)text, strlen(text) }, { (void *)"\n", 1 },
    };
    child_syscall(SYS_writev, 2, (long)parts, 5, 0, 0);
    child_syscall(SYS_exit_group, 1, 0, 0, 0, 0);
    __builtin_unreachable();
}

/* What the child reads, at the start of its block; the copied strings and arrays follow it,
 * the child's stack fills the block's end. */
struct spawn_block {
    size_t size;
    const char *path;
    char **argv;
    char **envp;
    const void *filter;
    unsigned short filter_len;
    const char *cwd;
    int streams[3];
};

enum { SPAWN_STACK = 64 * 1024 };

static int spawned_child(void *argument) {
    const struct spawn_block *b = argument;
    /* sockstep's handlers and blocked signals are its own: the command starts with an empty
     * mask and the signal actions it would have without sockstep. */
    cp_restore_inherited_actions();
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    long r;
    for (int fd = 0; fd < 3; fd++) {
        if (b->streams[fd] >= 0 && (r = child_syscall(SYS_dup2, b->streams[fd], fd, 0, 0, 0)) < 0) child_fail("dup2", -r);
    }
    if (b->cwd != NULL && (r = child_syscall(SYS_chdir, (long)b->cwd, 0, 0, 0, 0)) < 0) child_fail("chdir", -r);
    /* Wait here, stopped, until the parent has seized this process and sent SIGCONT. */
    child_syscall(SYS_kill, child_syscall(SYS_getpid, 0, 0, 0, 0, 0), SIGSTOP, 0, 0, 0);
    if (b->filter != NULL && b->filter_len > 0) {
        struct sock_fprog prog = { .len = b->filter_len, .filter = (struct sock_filter *)b->filter };
        if ((r = child_syscall(SYS_prctl, PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)) != 0) child_fail("prctl(PR_SET_NO_NEW_PRIVS)", -r);
        if ((r = child_syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, (long)&prog, 0, 0)) != 0) child_fail("seccomp(SECCOMP_SET_MODE_FILTER)", -r);
    }
    r = child_syscall(SYS_execve, (long)b->path, (long)b->argv, (long)b->envp, 0, 0);
    child_fail("exec", -r);
    return 1;
}

static size_t vector_size(char *const v[]) {
    size_t n = sizeof(char *);
    for (; *v != NULL; v++) n += sizeof(char *) + strlen(*v) + 1;
    return n;
}

/* Copies the NULL-ended vector `v` to `*at` (its pointers, then its strings); returns the copy. */
static char **copy_vector(char *const v[], char **at) {
    size_t count = 0;
    while (v[count] != NULL) count++;
    char **copy = (char **)*at;
    char *text = *at + (count + 1) * sizeof(char *);
    for (size_t i = 0; i < count; i++) {
        size_t length = strlen(v[i]) + 1;
        memcpy(text, v[i], length);
        copy[i] = text;
        text += length;
    }
    copy[count] = NULL;
    *at = text;
    return copy;
}

/* `at` rounded up to the next multiple of 8 (the pointers and filter instructions copied there). */
static char *align8(char *at) {
    return (char *)(((uintptr_t)at + 7) & ~(uintptr_t)7);
}

static char *copy_string(const char *s, char **at) {
    size_t length = strlen(s) + 1;
    char *copy = memcpy(*at, s, length);
    *at += length;
    return copy;
}

pid_t cp_spawn_stopped_in(const char *path, char *const argv[], char *const envp[],
                          const void *filter, unsigned short filter_len, const char *cwd, const int streams[3],
                          void **memory) {
    size_t filter_bytes = filter != NULL ? (size_t)filter_len * sizeof(struct sock_filter) : 0;
    size_t data = sizeof(struct spawn_block) + filter_bytes + strlen(path) + 1 + (cwd ? strlen(cwd) + 1 : 0)
        + vector_size(argv) + vector_size(envp) + 3 * 7; /* three align8 below, up to 7 bytes each */
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    size_t size = (data + SPAWN_STACK + page - 1) / page * page;
    char *base = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
    if (base == MAP_FAILED) return -1;
    struct spawn_block *b = (struct spawn_block *)base;
    char *at = base + sizeof *b;
    b->size = size;
    b->filter = NULL;
    b->filter_len = 0;
    if (filter_bytes > 0) {
        at = align8(at);
        b->filter = memcpy(at, filter, filter_bytes);
        b->filter_len = filter_len;
        at += filter_bytes;
    }
    at = align8(at);
    b->argv = copy_vector(argv, &at);
    at = align8(at);
    b->envp = copy_vector(envp, &at);
    b->path = copy_string(path, &at);
    b->cwd = cwd != NULL ? copy_string(cwd, &at) : NULL;
    for (int fd = 0; fd < 3; fd++) b->streams[fd] = streams[fd];
    /* The stack: the block's end, 16-byte aligned, below it everything the child reads. */
    char *stack_top = (char *)(((uintptr_t)(base + size)) & ~(uintptr_t)15);
    /* valgrind does not follow a clone that shares memory without CLONE_VFORK (it stops with
     * "Unsupported clone() flags"): SOCKSTEP_SPAWN=fork copies the process as before, so that
     * sockstep can be profiled with callgrind. The child does the same either way. */
    const char *how = getenv("SOCKSTEP_SPAWN");
    pid_t pid;
    if (how != NULL && strcmp(how, "fork") == 0) {
        pid = fork();
        if (pid == 0) spawned_child(b);
    } else {
        pid = clone(spawned_child, stack_top, CLONE_VM | SIGCHLD, b);
    }
    if (pid < 0) {
        int e = errno;
        munmap(base, size);
        errno = e;
        return -1;
    }
    *memory = base;
    return pid;
}

void cp_spawn_release(void *memory) {
    if (memory == NULL) return;
    struct spawn_block *b = memory;
    munmap(memory, b->size);
}

long cp_interrupted_syscall(pid_t pid) {
    errno = 0;
    long ax = ptrace(PTRACE_PEEKUSER, pid, (void *)offsetof(struct user_regs_struct, rax), 0);
    if (errno != 0 || ax != -516 /* -ERESTART_RESTARTBLOCK */) return -1;
    long nr = ptrace(PTRACE_PEEKUSER, pid, (void *)offsetof(struct user_regs_struct, orig_rax), 0);
    return errno != 0 ? -1 : nr;
}

int cp_pin_to_cpu(int cpu) {
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    return sched_setaffinity(0, sizeof set, &set);
}

int cp_current_cpu(void) { return sched_getcpu(); }

long cp_get_affinity(pid_t tid, void *buffer, unsigned long length) {
    return syscall(SYS_sched_getaffinity, tid, length, buffer);
}
long cp_set_affinity(pid_t tid, const void *mask, unsigned long length) {
    return syscall(SYS_sched_setaffinity, tid, length, mask);
}
