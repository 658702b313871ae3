// The decoders of vectored I/O, signal queues, timers, identities, scheduling, splice,
// inotify, capabilities and pidfds under random arguments (Programs/callfuzz.c): 10,000 calls
// from the fixed seed 12, traced by strace and by sockstep with -o FILE and the same -e trace=
// list; every line must be equal. Normalized, and nothing else: the fuzzer's own pid (the
// first argument of rt_sigqueueinfo) and si_pid. Its page is mapped at a fixed address, so
// pointers need no normalizing. strace's `umoven: short read` messages go to its stderr and
// are not compared.

import Foundation
import Testing

@Suite("random arguments to the newer decoders print what strace prints")
struct CallFuzzTests {
    static let traced = [
        "readv", "writev", "preadv", "pwritev", "preadv2", "pwritev2", "getresuid", "getresgid", "sched_getparam",
        "sched_getattr", "sched_getscheduler", "sched_get_priority_max", "sched_rr_get_interval", "ioprio_get", "capget",
        "mincore", "splice", "tee", "vmsplice", "sync_file_range", "inotify_rm_watch", "waitid", "rt_sigqueueinfo",
        "timer_create", "timer_getoverrun", "timer_delete", "timerfd_create", "timerfd_settime", "signalfd4",
        "pidfd_getfd", "pidfd_send_signal",
    ].joined(separator: ",")

    static func lines(_ text: String) -> [String] {
        text.split(separator: "\n").map { line in
            String(line).replacing(#/^rt_sigqueueinfo\(\d+/#) { _ in "rt_sigqueueinfo(<PID>" }
                .replacing(#/si_pid=\d+/#) { _ in "si_pid=<PID>" }
        }
    }

    func run(_ tracer: Tracer) throws -> [String] {
        let out = Harness.scratchDirectory + "/callfuzz-\(tracer)-\(Harness.nextSerial()).txt"
        let options = ["-o", out, "-e", "trace=" + Self.traced, "--", try Harness.compileC("callfuzz"), "12", "10000"]
        let result = tracer == .strace ? try Harness.strace(options, timeout: 240) : try Harness.sockstep(["trace"] + options, timeout: 240)
        try #require(result.termination == .exited(0), "\(tracer) on the fuzzer:\n\(result)")
        #expect(result.leftovers.isEmpty, "\(tracer) left processes behind: \(result.leftovers)")
        return Self.lines(try String(contentsOfFile: out, encoding: .utf8))
    }

    @Test("10,000 random calls: every line is strace's", .timeLimit(.minutes(5)))
    func linesAreStraces() throws {
        _ = try Harness.sockstepBinary()
        let reference = try run(.strace)
        let ours = try run(.sockstep)
        #expect(reference.count > 10_000, "the fuzzer made too few calls: \(reference.count) lines")
        expectSameLines(reference, ours, expectedName: "strace", actualName: "sockstep", what: "callfuzz")
    }
}
