#ifndef SOCKSTEP_CWAIT_H
#define SOCKSTEP_CWAIT_H
/*
 * The tracer's wait, without a lost wake-up: SIGCHLD (a traced process changed state) and the
 * stop signals (SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE) are blocked in the tracer's thread
 * and read from a signalfd, which ppoll watches with the deadline as its timeout. A signal
 * that comes between the tracer's last waitpid and its ppoll stays pending and ends the ppoll
 * at once. (Swift's Glibc module has neither signalfd nor ppoll.) A trace with no deadline
 * waits in wait4 instead (cp_wait_blocking).
 */
#include <signal.h>

/* Block the signals above in the calling thread (the old mask goes to *previous) and return a
 * close-on-exec signalfd for them (a blocking one: reading it is the wait), or -1 with errno
 * (the mask is then restored). */
int cp_events_open(sigset_t *previous);
/* Close the descriptor and put the old mask (and SIGCHLD's old action) back. cp_events_open
 * sets SIGCHLD's action to the default while tracing: an ignored SIGCHLD would not come. */
void cp_events_close(int fd, const sigset_t *previous);
/* Sleep until one of the signals is pending or `timeout_ns` nanoseconds have passed (< 0: no
 * limit), then read every pending one. Returns the last stop signal read (also recorded for
 * cp_pending_stop_signal), 0 when only SIGCHLD came or time ran out, -1 on error. */
int cp_events_wait(int fd, long long timeout_ns);
/* In a child about to exec (async-signal-safe): the actions of SIGCHLD and of the stop
 * signals as sockstep inherited them (an ignored signal stays ignored, as without a tracer;
 * sockstep's own handlers go). */
void cp_restore_inherited_actions(void);
/* Let SIGINT, SIGTERM, SIGHUP and SIGQUIT reach their handlers (1) or block them again (0): a
 * policy that reads the keyboard wants Ctrl-C to end its read with EINTR. */
void cp_stop_signals_deliverable(int deliverable);
/* The wait of a trace without deadlines (no policy), as strace's: wait4(-1, status, flags)
 * itself is the sleep. In this mode (cp_blocking_mode(1)) the stop signals go to their
 * recording handler, whose lack of SA_RESTART ends the wait4 (and may end another call of the
 * tracer with EINTR, which its reads and writes retry); SIGCHLD stays blocked: at most one is
 * pending in the signalfd, and a stop costs no queued signal. A stop signal that comes just
 * before the wait4 begins starts a timer whose SIGALRM, every millisecond until the wait ends,
 * ends it. cp_blocking_mode(0) blocks them again (the signalfd's wait); -1 with errno when the
 * timer cannot be made. cp_wait_blocking returns the pid, 0 when a signal ended the wait (see
 * cp_pending_stop_signal), -1 with errno (ECHILD: no child left). */
#include <sys/types.h>
int cp_blocking_mode(int on);
pid_t cp_wait_blocking(int *status, int flags);

#endif
