#define _GNU_SOURCE
#include "cptrace.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stddef.h>
#include <string.h>
#include <unistd.h>
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

long cp_get_siginfo(pid_t pid, cp_siginfo *out) {
    siginfo_t si;
    memset(&si, 0, sizeof si);
    long r = ptrace(PTRACE_GETSIGINFO, pid, 0, &si);
    if (r < 0) return r;
    memset(out, 0, sizeof *out);
    out->signo = si.si_signo;
    out->code = si.si_code;
    out->err = si.si_errno;
    out->pid = si.si_pid;
    out->uid = si.si_uid;
    out->status = si.si_status;
    out->utime = (int64_t)si.si_utime;
    out->stime = (int64_t)si.si_stime;
    out->addr = (uint64_t)(uintptr_t)si.si_addr;
    out->syscall = si.si_syscall;
    out->arch = si.si_arch;
    out->value = si.si_int;
    out->timerid = si.si_timerid;
    out->overrun = si.si_overrun;
    out->band = si.si_band;
    out->fd = si.si_fd;
    if (si.si_signo == SIGSYS) out->addr = (uint64_t)(uintptr_t)si.si_call_addr;
    return r;
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

long cp_set_syscall_number(pid_t pid, long nr) {
    return ptrace(PTRACE_POKEUSER, pid, (void *)offsetof(struct user_regs_struct, orig_rax), (void *)nr);
}

long cp_read_memory(pid_t pid, uint64_t address, void *buffer, unsigned long length) {
    struct iovec local = { buffer, length };
    struct iovec remote = { (void *)(uintptr_t)address, length };
    return process_vm_readv(pid, &local, 1, &remote, 1, 0);
}

unsigned long cp_options_default(int follow_forks, int trace_seccomp, int exit_kill) {
    unsigned long o = PTRACE_O_TRACESYSGOOD | PTRACE_O_TRACEEXEC;
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

pid_t cp_spawn_traced(const char *path, char *const argv[], char *const envp[],
                      const void *filter, unsigned short filter_len, int *error_pipe_read_end) {
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) < 0) return -1;
    pid_t pid = fork();
    if (pid < 0) {
        int e = errno;
        close(fds[0]);
        close(fds[1]);
        errno = e;
        return -1;
    }
    if (pid == 0) {
        /* The child: async-signal-safe calls only from here on. */
        close(fds[0]);
        sigset_t none;
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, NULL);
        signal(SIGPIPE, SIG_DFL);
        signal(SIGINT, SIG_DFL);
        signal(SIGTERM, SIG_DFL);
        signal(SIGHUP, SIG_DFL);
        signal(SIGQUIT, SIG_DFL);
        if (ptrace(PTRACE_TRACEME, 0, 0, 0) < 0) goto fail;
        if (raise(SIGSTOP) != 0) goto fail;
        if (filter != NULL && filter_len > 0) {
            struct sock_fprog prog = { .len = filter_len, .filter = (struct sock_filter *)filter };
            if (syscall(SYS_prctl, PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) goto fail;
            if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) != 0) goto fail;
        }
        execve(path, argv, envp);
    fail:;
        int e = errno;
        ssize_t unused = write(fds[1], &e, sizeof e);
        (void)unused;
        _exit(127);
    }
    close(fds[1]);
    if (error_pipe_read_end) *error_pipe_read_end = fds[0];
    else close(fds[0]);
    return pid;
}

int cp_pin_to_cpu(int cpu) {
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    return sched_setaffinity(0, sizeof set, &set);
}

int cp_current_cpu(void) { return sched_getcpu(); }

static volatile sig_atomic_t pending_stop_signal = 0;

static void record_stop_signal(int sig) { pending_stop_signal = sig; }

void cp_install_stop_handlers(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = record_stop_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0; /* no SA_RESTART: waitpid returns EINTR */
    int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE };
    for (unsigned i = 0; i < sizeof sigs / sizeof sigs[0]; i++) sigaction(sigs[i], &sa, NULL);
}

int cp_pending_stop_signal(void) { return pending_stop_signal; }

void cp_block_stop_signals(int block) {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGHUP);
    sigaddset(&set, SIGQUIT);
    sigprocmask(block ? SIG_BLOCK : SIG_UNBLOCK, &set, NULL);
}

void cp_die_of_signal(int sig) {
    struct rlimit no_core = { 0, 0 };
    setrlimit(RLIMIT_CORE, &no_core);
    signal(sig, SIG_DFL);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, sig);
    sigprocmask(SIG_UNBLOCK, &set, NULL);
    raise(sig);
}
