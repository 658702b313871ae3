// The System V IPC and POSIX message queue decoders under random arguments
// (Programs/ipcfuzz.c): 10,000 calls from the fixed seed 12, traced by strace and by sockstep
// with -o FILE and the same -e trace= list; every line must be equal, with nothing normalized
// (the fuzzer's page is mapped at a fixed address, and it runs in an IPC namespace of its own
// where no call can make an object). strace's `umoven: short read` messages go to its stderr
// and are not compared.

import Foundation
import Testing

@Suite("random arguments to the IPC decoders print what strace prints")
struct IPCFuzzTests {
    static let traced = [
        "shmget", "shmat", "shmdt", "shmctl", "semget", "semop", "semtimedop", "semctl", "msgget", "msgsnd", "msgrcv",
        "msgctl", "mq_open", "mq_unlink", "mq_timedsend", "mq_timedreceive", "mq_notify", "mq_getsetattr",
    ].joined(separator: ",")

    func run(_ tracer: Tracer, _ style: [String]) throws -> [String] {
        let out = Harness.scratchDirectory + "/ipcfuzz-\(tracer)-\(Harness.nextSerial()).txt"
        let options = ["-o", out] + style + ["-e", "trace=" + Self.traced, "--", try Harness.compileC("ipcfuzz"), "12", "10000"]
        let result = tracer == .strace ? try Harness.strace(options, timeout: 240) : try Harness.sockstep(["trace"] + options, timeout: 240)
        try #require(result.termination == .exited(0), "\(tracer) on the fuzzer:\n\(result)")
        #expect(result.leftovers.isEmpty, "\(tracer) left processes behind: \(result.leftovers)")
        return try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n").map(String.init)
    }

    @Test("10,000 random IPC calls: every line is strace's", .timeLimit(.minutes(5)),
          arguments: [[String](), ["-X", "raw"], ["-X", "verbose"]])
    func linesAreStraces(_ style: [String]) throws {
        _ = try Harness.sockstepBinary()
        let reference = try run(.strace, style)
        let ours = try run(.sockstep, style)
        #expect(reference.count > 10_000, "the fuzzer made too few calls: \(reference.count) lines")
        expectSameLines(reference, ours, expectedName: "strace", actualName: "sockstep", what: "ipcfuzz " + style.joined(separator: " "))
    }
}
