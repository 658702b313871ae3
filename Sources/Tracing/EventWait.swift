import CPtrace
import Glibc

/// How the tracer sleeps between stops: SIGCHLD and the stop signals are blocked in its thread
/// and read from a signalfd (see cwait.h), so that neither a process's stop nor a Ctrl-C that
/// comes between the tracer's last waitpid and its sleep is noticed late, and no deadline is
/// met by polling.
final class EventWait {
    private let fd: Int32
    private var previousMask = sigset_t()
    private var isOpen = true

    /// Blocks the signals in the calling thread; nil (errno set) when the signalfd cannot be made.
    init?() {
        let opened = cp_events_open(&previousMask)
        guard opened >= 0 else { return nil }
        fd = opened
    }

    /// Sleeps until a traced process may have changed state, a stop signal came, or
    /// `deadline` (Tracer.now()) has passed. Returns the stop signal that came, 0 when none.
    func wait(until deadline: Double?) -> Int32 {
        var timeout: Int64 = -1
        if let deadline {
            let left = max(0, deadline - Tracer.now())
            timeout = left > 3600 ? 3_600_000_000_000 : Int64(left * 1e9)
        }
        let got = cp_events_wait(fd, timeout)
        return got > 0 ? got : 0
    }

    /// Closes the signalfd and puts the thread's old signal mask back.
    func close() {
        guard isOpen else { return }
        isOpen = false
        cp_events_close(fd, &previousMask)
    }
}
