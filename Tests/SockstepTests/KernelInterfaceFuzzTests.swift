// The decoders of the mount family, protection keys, landlock, keyctl, fanotify, futex_waitv,
// memfd_secret, process_madvise/mrelease and the file handle calls under random arguments
// (Programs/kifuzz.c, where none of the calls runs: each returns 0 at once): 10,000 calls from
// the fixed seed 12, traced by strace and by sockstep with -o FILE and the same -e trace= list,
// by default and with -xx -s 300 (strings beyond fsconfig's 256-byte bound, more than 128
// futex waiters); every line must be equal. Its page is mapped at a fixed address, so nothing
// needs normalizing.

import Foundation
import Testing

@Suite("random arguments to the kernel interface decoders print what strace prints")
struct KernelInterfaceFuzzTests {
    static let traced = [
        "mount", "umount2", "pivot_root", "fsopen", "fsconfig", "fsmount", "fspick", "move_mount", "open_tree",
        "mount_setattr", "pkey_alloc", "pkey_free", "pkey_mprotect", "landlock_create_ruleset", "landlock_add_rule",
        "landlock_restrict_self", "keyctl", "add_key", "request_key", "fanotify_init", "fanotify_mark", "futex_waitv",
        "memfd_secret", "process_madvise", "process_mrelease", "name_to_handle_at", "open_by_handle_at",
    ].joined(separator: ",")

    func run(_ tracer: Tracer, options extra: [String]) throws -> [String] {
        let out = Harness.scratchDirectory + "/kifuzz-\(tracer)-\(Harness.nextSerial()).txt"
        let options = extra + ["-o", out, "-e", "trace=" + Self.traced, "--", try Harness.compileC("kifuzz"), "12", "10000"]
        let result = tracer == .strace ? try Harness.strace(options, timeout: 240) : try Harness.sockstep(["trace"] + options, timeout: 240)
        try #require(result.termination == .exited(0), "\(tracer) on the fuzzer:\n\(result)")
        #expect(result.leftovers.isEmpty, "\(tracer) left processes behind: \(result.leftovers)")
        return try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n").map(String.init)
    }

    @Test("10,000 random calls: every line is strace's", .timeLimit(.minutes(5)),
          arguments: [[String](), ["-xx", "-s", "300"]])
    func linesAreStraces(options: [String]) throws {
        _ = try Harness.sockstepBinary()
        let reference = try run(.strace, options: options)
        let ours = try run(.sockstep, options: options)
        #expect(reference.count > 10_000, "the fuzzer made too few calls: \(reference.count) lines")
        expectSameLines(reference, ours, expectedName: "strace", actualName: "sockstep", what: "kifuzz")
    }
}
