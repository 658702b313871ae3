import ArgumentParser
import Events
import Glibc
import Lessons
import Presentation
import Tracing
import TraceRun

// How the commands end. Exit codes: 0 when the work ran as asked (for `run` and `step`: the
// lesson as written), 1 for a runtime failure (a role failed, sockstep ended one, output that
// could not be written), 2 for bad input; after Ctrl-C, SIGTERM or SIGHUP sockstep dies of
// that signal, as strace does.

/// The exit codes, as each command's --help states them.
enum ExitCodes {
    static let lesson = """
    Exit status: 0 when the lesson ran as written (every step's call succeeded and every role \
    exited with 0); 1 when not: a call failed or was blocked, a role ended with an error or was \
    ended by sockstep (it waited in a call nothing could end any more, or the lesson's address \
    was taken), or the output could not be written; 2 for bad input (options, lesson file). After \
    Ctrl-C (SIGINT), SIGTERM or SIGHUP the roles are ended and sockstep dies of that signal.
    """
}

extension OutputSink {
    /// The command's last write: what is still buffered goes out, and a write that failed
    /// (`> /dev/full`) is a runtime failure (exit 1, one line) instead of lost output.
    func finish() throws {
        flush()
        if let failure { throw RuntimeFailure(message: failure) }
    }
}

/// A number an option takes, checked against its range before anything runs.
func checkRange<T: Comparable>(_ value: T?, _ range: ClosedRange<T>, _ what: String) throws {
    guard let value else { return }
    if !range.contains(value) {
        throw ValidationError("\(what) must be from \(range.lowerBound) to \(range.upperBound) (got \(value))")
    }
}

/// `--port`: 1 to 65535.
func checkPort(_ port: Int?) throws {
    try checkRange(port, 1 ... 65535, "--port")
}

/// If sockstep got Ctrl-C (or SIGTERM, SIGHUP) during a run: after `cleanup`, die of it.
func dieIfInterrupted(_ cleanup: () -> Void = {}) {
    let signal = Tracer.interruptSignal
    guard signal != 0 else { return }
    cleanup()
    cp_die(signal)
}

/// Flushes each output; a write that failed (or a sink's failure) is one line and exit 1.
func checkWritten(_ outputs: [OutputSink], _ failure: SinkFailure? = nil) throws {
    if let failure { throw RuntimeFailure(message: failure.description) }
    for sink in outputs {
        sink.flush()
        if let failure = sink.failure { throw RuntimeFailure(message: failure) }
    }
}
