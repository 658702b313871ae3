import Foundation
import Testing

/// The orchestrator's loopback guard on what a real program passes to the kernel: a program
/// traced by `guard-probe` (the orchestrator with a role of no steps, in a process of its own)
/// binds outside the run folder, or on every interface. Had the kernel run the call, the socket
/// file would exist, even with the process gone.
@Suite("the loopback guard on a traced program's own calls", .serialized)
struct GuardProbeTests {
    static func probe() throws -> String {
        let path = (try Harness.sockstepBinary() as NSString).deletingLastPathComponent + "/guard-probe"
        guard access(path, X_OK) == 0 else { throw HarnessError("guard-probe is not built next to sockstep: \(path) (swift build)") }
        return path
    }

    /// `python3 -S -I -c CODE` under the guard, with `folder` as the run folder.
    static func traced(_ code: String, folder: String) throws -> ProcessResult {
        // -S -I: no site module, which would look up the user (glibc connects to nscd's socket).
        try Harness.run(try probe(), [folder, "/usr/bin/python3", "-S", "-I", "-c", code], timeout: 30)
    }

    @Test("a traced program's bind outside the run folder is never made; inside it, it is; 0.0.0.0 is ended")
    func bindOutsideIsNeverMade() throws {
        let base = try CLIDir()
        let folder = base.file("run")
        mkdir(folder, 0o700)
        let outside = base.file("outside.sock")
        let inside = folder + "/inside.sock"
        let bind = { (path: String) in "import socket; s = socket.socket(socket.AF_UNIX); s.bind('\(path)'); print('bound')" }

        let refused = try Self.traced(bind(outside), folder: folder)
        #expect(access(outside, F_OK) != 0, "the socket file outside the folder was made")
        #expect(refused.stdout.contains("outcome: killed \(SIGKILL)"), "\(refused)")
        let reasons = refused.stdout.split(separator: "\n").filter { $0.hasPrefix("refused: program: ") }
        #expect(reasons.count == 1 && reasons[0].contains("bind: the UNIX socket path \(outside) is not a file directly inside the run folder"), "\(refused)")
        #expect(!refused.stdout.contains("bound"), "the program went on after its bind")
        #expect(refused.leftovers.isEmpty, "\(refused)")

        let allowed = try Self.traced(bind(inside), folder: folder)
        #expect(access(inside, F_OK) == 0, "a bind inside the folder is made")
        #expect(allowed.stdout.contains("outcome: exited 0") && !allowed.stdout.contains("refused:"), "\(allowed)")

        let any = try Self.traced("import socket; s = socket.socket(); s.bind(('0.0.0.0', 0)); s.listen(); import time; time.sleep(5)", folder: folder)
        #expect(any.stdout.contains("refused: program: bind: 0.0.0.0 is not a loopback address"), "\(any)")
        #expect(any.stdout.contains("outcome: killed \(SIGKILL)"), "\(any)")
    }
}
