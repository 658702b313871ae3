#define _GNU_SOURCE
#include "cptrace.h"
#include "cwait.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/wait.h>

/* The stop signal sockstep has received, 0 when none (Tracer.interruptSignal). */
static volatile sig_atomic_t pending_stop_signal = 0;

/* Set from just before cp_wait_blocking looks at pending_stop_signal to the end of its wait4;
 * the timer that then ends that wait4, and whether it runs (see cwait.h). */
static volatile sig_atomic_t in_blocking_wait = 0;
static timer_t wake_timer;
static volatile sig_atomic_t wake_timer_made = 0;
static volatile sig_atomic_t wake_timer_armed = 0;

static void record_stop_signal(int sig) {
    pending_stop_signal = sig;
    if (in_blocking_wait && wake_timer_made && !wake_timer_armed) {
        /* It may have come just before the wait4 began, which would then sleep on: SIGALRM
         * every millisecond until the wait ends ends it for sure (timer_settime is
         * async-signal-safe). */
        struct itimerspec soon;
        memset(&soon, 0, sizeof soon);
        soon.it_value.tv_nsec = 1000000;
        soon.it_interval.tv_nsec = 1000000;
        wake_timer_armed = 1;
        timer_settime(wake_timer, 0, &soon, NULL);
    }
}

/* SIGALRM's handler: nothing but ending the wait4 it interrupts (no SA_RESTART). */
static void wake_up(int sig) { (void)sig; }

/* The stop signals' actions as sockstep inherited them, put back in spawned children. */
static const int stop_signals[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE };
#define STOP_SIGNAL_COUNT (sizeof stop_signals / sizeof stop_signals[0])
static struct sigaction inherited_stop_actions[STOP_SIGNAL_COUNT];
static int handlers_installed = 0;

void cp_install_stop_handlers(void) {
    if (handlers_installed) return;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = record_stop_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0; /* no SA_RESTART: a blocking read in a policy returns EINTR */
    for (unsigned i = 0; i < STOP_SIGNAL_COUNT; i++) sigaction(stop_signals[i], &sa, &inherited_stop_actions[i]);
    handlers_installed = 1;
}

int cp_pending_stop_signal(void) { return pending_stop_signal; }

static void tracer_signals(sigset_t *set) {
    sigemptyset(set);
    sigaddset(set, SIGCHLD);
    sigaddset(set, SIGINT);
    sigaddset(set, SIGTERM);
    sigaddset(set, SIGHUP);
    sigaddset(set, SIGQUIT);
    sigaddset(set, SIGPIPE);
}

/* SIGCHLD's action as sockstep got it, put back in spawned children and after the trace. */
static struct sigaction inherited_sigchld;
static int sigchld_changed = 0;

int cp_events_open(sigset_t *previous) {
    sigset_t set;
    tracer_signals(&set);
    /* SIGALRM (cp_wait_blocking's timer) too, but it is not read from the descriptor. */
    sigset_t blocked = set;
    sigaddset(&blocked, SIGALRM);
    if (sigprocmask(SIG_BLOCK, &blocked, previous) != 0) return -1;
    int fd = signalfd(-1, &set, SFD_CLOEXEC);
    if (fd < 0) {
        int e = errno;
        sigprocmask(SIG_SETMASK, previous, NULL);
        errno = e;
        return -1;
    }
    /* With SIGCHLD ignored (or SA_NOCLDSTOP) the kernel sends no SIGCHLD for a ptrace stop,
     * and the wait would never end: the default action while tracing, as strace does. */
    struct sigaction dfl;
    memset(&dfl, 0, sizeof dfl);
    dfl.sa_handler = SIG_DFL;
    sigemptyset(&dfl.sa_mask);
    if (!sigchld_changed && sigaction(SIGCHLD, &dfl, &inherited_sigchld) == 0) sigchld_changed = 1;
    return fd;
}

void cp_events_close(int fd, const sigset_t *previous) {
    close(fd);
    if (wake_timer_made) {
        wake_timer_made = 0;
        wake_timer_armed = 0;
        timer_delete(wake_timer);
        /* A SIGALRM it sent and nobody took goes with the mask of this trace. */
        struct timespec none = { 0, 0 };
        sigset_t alarm;
        sigemptyset(&alarm);
        sigaddset(&alarm, SIGALRM);
        while (sigtimedwait(&alarm, NULL, &none) == SIGALRM) {}
    }
    if (sigchld_changed) {
        sigaction(SIGCHLD, &inherited_sigchld, NULL);
        sigchld_changed = 0;
    }
    sigprocmask(SIG_SETMASK, previous, NULL);
}

void cp_restore_inherited_actions(void) {
    if (sigchld_changed) sigaction(SIGCHLD, &inherited_sigchld, NULL);
    for (unsigned i = 0; handlers_installed && i < STOP_SIGNAL_COUNT; i++) {
        /* A handler of sockstep's parent would be reset by execve anyway: the default then. */
        struct sigaction action = inherited_stop_actions[i];
        if (action.sa_handler != SIG_IGN) {
            memset(&action, 0, sizeof action);
            action.sa_handler = SIG_DFL;
        }
        sigaction(stop_signals[i], &action, NULL);
    }
}

int cp_events_wait(int fd, long long timeout_ns) {
    if (timeout_ns >= 0) {
        struct pollfd p = { .fd = fd, .events = POLLIN, .revents = 0 };
        struct timespec ts = { .tv_sec = (time_t)(timeout_ns / 1000000000LL), .tv_nsec = (long)(timeout_ns % 1000000000LL) };
        /* The signals stay blocked during the wait: they are read from the descriptor. */
        int r = ppoll(&p, 1, &ts, NULL);
        if (r < 0 && errno != EINTR) return -1;
        if (r <= 0) return 0;
    }
    /* Without a deadline the read itself is the wait (one call per wake-up, the hot path of a
     * trace); with one, ppoll said a signal is there. One read takes every pending signal. */
    struct signalfd_siginfo info[16];
    ssize_t n = read(fd, info, sizeof info);
    if (n < 0) return (errno == EINTR || errno == EAGAIN) ? 0 : -1;
    int stop = 0;
    for (size_t i = 0; i < (size_t)n / sizeof info[0]; i++) {
        if (info[i].ssi_signo != SIGCHLD) {
            stop = (int)info[i].ssi_signo;
            pending_stop_signal = stop;
        }
    }
    return stop;
}

void cp_stop_signals_deliverable(int deliverable) {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGHUP);
    sigaddset(&set, SIGQUIT);
    sigprocmask(deliverable ? SIG_UNBLOCK : SIG_BLOCK, &set, NULL);
}

/* SIGALRM's handler and the thread's timer, made once per trace (in the tracer's thread). */
static int make_wake_timer(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = wake_up;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0;
    if (sigaction(SIGALRM, &sa, NULL) != 0) return -1;
    struct sigevent event;
    memset(&event, 0, sizeof event);
    event.sigev_notify = SIGEV_THREAD_ID;
    event.sigev_signo = SIGALRM;
    event._sigev_un._tid = (pid_t)syscall(SYS_gettid);
    if (timer_create(CLOCK_MONOTONIC, &event, &wake_timer) != 0) return -1;
    wake_timer_made = 1;
    return 0;
}

int cp_blocking_mode(int on) {
    if (on && !wake_timer_made && make_wake_timer() != 0) return -1;
    sigset_t set;
    tracer_signals(&set);
    sigdelset(&set, SIGCHLD);
    sigaddset(&set, SIGALRM);
    return sigprocmask(on ? SIG_UNBLOCK : SIG_BLOCK, &set, NULL);
}

pid_t cp_wait_blocking(int *status, int flags) {
    in_blocking_wait = 1;
    /* From here on a stop signal starts the timer; one that came before is pending already. */
    pid_t pid = 0;
    int e = 0;
    if (!pending_stop_signal) {
        pid = wait4(-1, status, flags, NULL);
        e = errno;
    }
    in_blocking_wait = 0;
    if (wake_timer_armed) {
        wake_timer_armed = 0;
        struct itimerspec off;
        memset(&off, 0, sizeof off);
        timer_settime(wake_timer, 0, &off, NULL);
    }
    if (pid < 0 && e == EINTR) return 0;
    errno = e;
    return pid;
}
