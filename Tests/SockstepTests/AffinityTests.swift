// Speed must not change what the program sees (issue 12, item 4): by default sockstep leaves
// the command on every CPU it was given, as strace does, so sched_getaffinity tells it what it
// would be told under strace; `--pin-cpu` (one CPU for tracer and command, faster) is asked
// for explicitly, and then the command sees that one CPU.

import Foundation
import Testing

@Suite("the traced program sees the CPUs it would see under strace", .serialized)
struct AffinityTests {
    /// The CPUs in the sched_getaffinity line of a trace.
    func cpus(in trace: String) -> [String]? {
        for line in trace.split(separator: "\n") {
            if let m = String(line).wholeMatch(of: #/sched_getaffinity\(0, 128, \[([0-9 ]*)\]\) += (\d+)/#) {
                return m.1.split(separator: " ").map(String.init)
            }
        }
        return nil
    }

    @Test("by default: the same mask, line and output as under strace", .timeLimit(.minutes(1)))
    func sameAsStrace() throws {
        let program = try Harness.compileC("affinity")
        let reference = try Harness.strace(["-e", "trace=sched_getaffinity", "--", program])
        let ours = try Harness.sockstep(["trace", "-e", "trace=sched_getaffinity", "--", program])
        #expect(reference.termination == .exited(0), "strace:\n\(reference)")
        #expect(ours.termination == .exited(0), "sockstep:\n\(ours)")
        let theirs = try #require(cpus(in: reference.stderr), "no sched_getaffinity line under strace:\n\(reference)")
        let mine = try #require(cpus(in: ours.stderr), "no sched_getaffinity line under sockstep:\n\(ours)")
        #expect(mine == theirs, "CPUs: strace \(theirs), sockstep \(mine)")
        #expect(ours.stdout == reference.stdout, "the program printed \(ours.stdout) under sockstep, \(reference.stdout) under strace")
        #expect(ours.stderr == reference.stderr)
    }

    @Test("--pin-cpu: one CPU, and the program is told so", .timeLimit(.minutes(1)))
    func pinnedShowsOneCPU() throws {
        let program = try Harness.compileC("affinity")
        let ours = try Harness.sockstep(["trace", "--pin-cpu", "-e", "trace=sched_getaffinity", "--", program])
        #expect(ours.termination == .exited(0), "sockstep:\n\(ours)")
        let mine = try #require(cpus(in: ours.stderr), "no sched_getaffinity line:\n\(ours)")
        #expect(mine.count == 1, "--pin-cpu should leave the program one CPU, it has \(mine)")
        #expect(ours.stdout == "1: \(mine.joined())\n", "the program's own count: \(ours.stdout)")
    }
}
