// Issue 9: no lesson command hangs (a role that waits in a call nothing can end is ended, and
// the output says so), TIME_WAIT told apart from a port in use, no talking to a stranger on a
// taken port, and what a signal to whatif or run leaves. Every run has a time limit: it is a
// hang guard, never a speed check.
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The hang guard of a lesson run, in seconds: far above what a run takes (a stall is ended
/// after 2 s), far below "forever".
let hangGuard = 60.0

/// Whether a run ended by itself (not killed by the harness's time limit), without leftovers.
func expectEnded(_ result: ProcessResult, _ what: String) {
    #expect(result.termination != .timedOut, "\(what) hung: \(result)")
    #expect(result.leftovers.isEmpty, "\(what) left processes behind: \(result)")
}

@Suite("No lesson command hangs: a role that waits for nothing is ended, and the output says so", .serialized)
struct NoHangTests {
    struct HangCase: Sendable, CustomTestStringConvertible {
        var arguments: [String]
        /// Who sockstep ends, and the words stderr uses for it.
        var said: [String]
        var testDescription: String { arguments.joined(separator: " ") }
    }

    static let cases: [HangCase] = [
        // The issue's cases: the server sits in accept4 (nothing will connect), its next step is
        // its own sendto, and the client is held for its recvfrom, which comes after it.
        HangCase(arguments: [Harness.callsOnly("tcp"), "--block", "bind", "--keep-going"],
                 said: ["server waits in accept4 (step 7), and nothing can end the wait: the lesson's next step is server's own sendto (step 8)"]),
        HangCase(arguments: [Harness.callsOnly("tcp"), "--block", "connect", "--keep-going"],
                 said: ["server waits in accept4 (step 5), and nothing can end the wait: the lesson's next step is server's own sendto (step 6)"]),
        // The client exits after its failed connect: the server waits alone (the lesson's
        // programs, in Rust and in Python; the calls-only lesson's player).
        HangCase(arguments: ["tcp", "--block", "connect"],
                 said: ["server waits in accept4 (step 5), and nothing is left that could end the wait: the other roles have ended"]),
        HangCase(arguments: ["tcp", "--lang", "python", "--block", "connect"],
                 said: ["server waits in accept4 (step 5), and nothing is left that could end the wait: the other roles have ended"]),
        HangCase(arguments: [Harness.callsOnly("tcp"), "--block", "connect"],
                 said: ["server waits in accept4 (step 5), and nothing is left that could end the wait: the other roles have ended"]),
        HangCase(arguments: [Harness.callsOnly("unix"), "--block", "connect", "--keep-going"],
                 said: ["server waits in accept4 (step 4), and nothing can end the wait: the lesson's next step is server's own write (step 5)"]),
        // Two ends in a row: the server in recvfrom (its sendto is next), then the client alone
        // in its own recvfrom.
        HangCase(arguments: [Harness.callsOnly("udp"), "--block", "client:sendto", "--keep-going"],
                 said: ["server waits in recvfrom (step 3), and nothing can end the wait: the lesson's next step is server's own sendto (step 4)",
                        "client waits in recvfrom (step 5), and nothing is left that could end the wait: the other roles have ended"]),
    ]

    @Test("run --plain ends by itself, exit 1, and stderr says whom sockstep ended and why", arguments: cases)
    func runEnds(_ c: HangCase) throws {
        let port = try Harness.freePort()
        let result = try Harness.sockstep(["run"] + c.arguments + ["--plain", "--port", String(port)], timeout: hangGuard)
        expectEnded(result, "run \(c.testDescription)")
        #expect(result.exitCode == 1, "a role was ended: the lesson did not run as written: \(result)")
        for phrase in c.said {
            #expect(result.stderr.contains("sockstep: " + phrase), "\(result)")
        }
        #expect(result.stdout.contains("+++ killed by SIGKILL +++"), "\(result)")
        #expect(result.stderr.contains("for something no role could do any more; sockstep ended"), "what happened says it: \(result)")
    }

    /// A lesson whose roles (one or two) each bind a UDP socket and wait for a datagram nobody sends.
    static func waiters(_ roles: [String]) -> String {
        var text = "title: \"Roles that wait to receive\"\nsummary: Nothing is ever sent.\nport: 8888\nroles:\n"
        for role in roles { text += "  - name: \(role)\n    about: Waits.\n" }
        text += "steps:\n"
        for (i, role) in roles.enumerated() {
            text += """
              - role: \(role)
                title: A socket
                call: socket(AF_INET, SOCK_DGRAM|SOCK_CLOEXEC, IPPROTO_IP)
                result: sock
                explain: A UDP socket.
              - role: \(role)
                title: Its address
                call: bind($sock, 127.0.0.1:$PORT+\(i))
                explain: Its own port.

            """
        }
        for role in roles {
            text += "  - role: \(role)\n    title: Wait\n    call: recvfrom($sock, 4096, 0, peer)\n    explain: Nothing comes.\n"
        }
        return text
    }

    @Test("every role waits and no step is left (one role, two roles): all are ended", arguments: [["alone"], ["left", "right"]])
    func allWaiting(_ roles: [String]) throws {
        let dir = try Harness.makeTemporaryDirectory("waiters")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/waiters.yaml"
        try Self.waiters(roles).write(toFile: path, atomically: true, encoding: .utf8)
        let port = try Harness.freePort()
        let result = try Harness.sockstep(["run", path, "--plain", "--port", String(port)], timeout: hangGuard)
        expectEnded(result, "run \(roles)")
        #expect(result.exitCode == 1, "\(result)")
        let waits = roles.map { "\($0) waits in recvfrom (step 3)" }
        let said = roles.count == 1 ? "sockstep: alone waits in recvfrom (step 3), and no step of the lesson is left that could end the wait. sockstep ends alone."
            : "sockstep: \(waits.joined(separator: " and ")), and no step of the lesson is left that could end a wait. sockstep ends left and right."
        #expect(result.stderr.split(separator: "\n").map(String.init) == [said], "\(result)")
        #expect(result.stdout.components(separatedBy: "+++ killed by SIGKILL +++").count - 1 == roles.count, "\(result)")
    }

    @Test("run --format json: an `ended` object for the role, before its `killed` object")
    func jsonSaysEnded() throws {
        let port = try Harness.freePort()
        let result = try Harness.sockstep(["run", Harness.callsOnly("tcp"), "--block", "connect", "--keep-going", "--format", "json", "--port", String(port)], timeout: hangGuard)
        expectEnded(result, "run --format json")
        #expect(result.exitCode == 1, "\(result)")
        let objects = try result.stdout.split(separator: "\n").map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        let ended = objects.firstIndex { $0["type"] as? String == "ended" }
        let killed = objects.firstIndex { $0["type"] as? String == "killed" && $0["role"] as? String == "server" }
        try #require(ended != nil && killed != nil, "\(result)")
        #expect(ended! < killed!, "\(result)")
        let object = objects[ended!]
        #expect(object["role"] as? String == "server" && object["name"] as? String == "accept4", "\(object)")
        #expect(object["in_call"] as? Bool == true && object["reason"] as? String == "own_step_next", "\(object)")
        #expect((object["text"] as? String)?.contains("sockstep ends server") == true, "\(object)")
    }

    @Test("the explained view on a terminal says it with ⏹")
    func viewSaysEnded() throws {
        let port = try Harness.freePort()
        let command = "stty cols 120 rows 50; NO_COLOR=1 \(Harness.shellQuote(try Harness.sockstepBinary())) run \(Harness.shellQuote(Harness.callsOnly("tcp"))) --block connect --keep-going --port \(port)"
        let result = try Harness.run("/usr/bin/script", ["-qec", command, "/dev/null"], environment: Harness.traceEnvironment, timeout: hangGuard)
        expectEnded(result, "the explained run")
        #expect(result.stdout.contains("⏹ server waits in accept4 (step 5), and nothing can end the wait"), "\(result)")
        #expect(result.stdout.contains("server's accept4 (step 5) never returns, its process ends in it"), "\(result)")
        #expect(result.exitCode == 1, "script passes on sockstep's status: \(result)")
    }

    @Test("step (stdin at its end: runs to the end) and run --pace end by themselves")
    func stepAndPaceEnd() throws {
        let port = try Harness.freePort()
        let step = try Harness.sockstep(["step", Harness.callsOnly("tcp"), "--block", "connect", "--keep-going", "--port", String(port)], stdin: Data(), timeout: hangGuard)
        expectEnded(step, "step")
        #expect(step.exitCode == 1, "\(step)")
        #expect(step.stdout.contains("⏹ server waits in accept4"), "\(step)")
        let pace = try Harness.sockstep(["run", Harness.callsOnly("tcp"), "--pace", "0", "--block", "bind", "--keep-going", "--port", String(port)], timeout: hangGuard)
        expectEnded(pace, "run --pace")
        #expect(pace.exitCode == 1, "\(pace)")
        #expect(pace.stdout.contains("⏹ server waits in accept4"), "\(pace)")
    }

    @Test("whatif tcp --keep-going (the issue: 10 minutes without output) ends, every row made")
    func whatifKeepGoing() throws {
        let port = try Harness.freePort()
        let result = try Harness.sockstep(["whatif", Harness.callsOnly("tcp"), "--keep-going", "--format", "json", "--port", String(port)], timeout: 180)
        expectEnded(result, "whatif --keep-going")
        #expect(result.exitCode == 0, "every run was made: \(result)")
        let rows = try result.stdout.split(separator: "\n").map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        #expect(rows.compactMap { $0["blocked"] as? String } == ["socket", "setsockopt", "bind", "listen", "accept4", "connect", "sendto", "recvfrom"], "\(result)")
        func role(_ call: String, _ name: String) -> [String: String] {
            let row = rows.first { $0["blocked"] as? String == call }
            return (row?["roles"] as? [String: [String: String]])?[name] ?? [:]
        }
        #expect(role("bind", "server") == ["first_failure": "bind = -1 EPERM", "ended": "killed by SIGKILL"], "\(result)")
        #expect(role("connect", "server") == ["first_failure": "accept4 waits forever", "ended": "killed by SIGKILL"], "\(result)")
        #expect(role("connect", "client")["first_failure"] == "connect = -1 EPERM", "\(result)")
    }

    @Test("compare LESSON with a block that strands the server ends too")
    func compareEnds() throws {
        let port = try Harness.freePort()
        let result = try Harness.sockstep(["compare", Harness.callsOnly("tcp"), "--block", "bind", "--keep-going", "--port", String(port)], timeout: hangGuard)
        expectEnded(result, "compare")
        #expect(result.exitCode == 0 || result.exitCode == 1, "\(result)")
        #expect(result.stdout.contains("lines identical"), "\(result)")
    }
}

/// A connection on 127.0.0.1:port closed from the listening side first, which leaves that side
/// (local address 127.0.0.1:port) in TIME_WAIT; every socket had SO_REUSEADDR unless `reuse`
/// is false (then a bind on the port fails with or without SO_REUSEADDR until TIME_WAIT ends).
func makeTimeWait(port: UInt16, reuse: Bool = true) throws {
    func ipv4(_ port: UInt16) -> sockaddr_in {
        var a = sockaddr_in()
        a.sin_family = sa_family_t(AF_INET)
        a.sin_port = port.bigEndian
        a.sin_addr.s_addr = UInt32(0x7f00_0001).bigEndian
        return a
    }
    var address = ipv4(port)
    let size = socklen_t(MemoryLayout<sockaddr_in>.size)
    let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    var one: Int32 = 1
    if reuse { setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size)) }
    let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, size) } }
    guard bound == 0, listen(listener, 1) == 0 else { throw HarnessError("cannot listen on \(port): \(String(cString: strerror(errno)))") }
    let client = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    let connected = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(client, $0, size) } }
    let accepted = accept(listener, nil, nil)
    guard connected == 0, accepted >= 0 else { throw HarnessError("cannot connect to \(port): \(String(cString: strerror(errno)))") }
    close(accepted)  // the active close: this side goes to TIME_WAIT
    var byte: UInt8 = 0
    _ = read(client, &byte, 1)  // end of file: the FIN arrived
    close(client)
    close(listener)
    // On the loopback the FINs cross at once; give the kernel a moment all the same.
    for _ in 0 ..< 200 {
        let states = tcpStates(port: port)
        if !states.isEmpty && states.allSatisfy({ $0 == "06" }) { return }
        usleep(10_000)
    }
    throw HarnessError("not only TIME_WAIT on \(port): \(tcpStates(port: port))")
}

/// A file of /proc, read to its end (it has no size, and comes a page at a time).
func procText(_ path: String) -> String {
    var bytes: [UInt8] = []
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { return "" }
    var chunk = [UInt8](repeating: 0, count: 65536)
    while true {
        let n = read(fd, &chunk, chunk.count)
        if n <= 0 { break }
        bytes += chunk[0 ..< n]
    }
    close(fd)
    return String(decoding: bytes, as: UTF8.self)
}

/// The children of a process (/proc/PID/task/PID/children).
func children(of pid: pid_t) -> [pid_t] {
    procText("/proc/\(pid)/task/\(pid)/children").split(separator: " ").compactMap { pid_t($0) }
}

/// The states (hex, as /proc/net/tcp prints them) of the TCP sockets whose local port is `port`.
func tcpStates(port: UInt16) -> [String] {
    let text = procText("/proc/net/tcp")
    let hexPort = String(format: ":%04X", port)
    return text.split(separator: "\n").dropFirst().compactMap { line in
        let f = line.split(separator: " ")
        return f.count > 3 && f[1].hasSuffix(hexPort) ? String(f[3]) : nil
    }
}

/// A socket that listens on 127.0.0.1:port and never accepts: the port is really in use.
final class Stranger {
    let fd: Int32

    init(port: UInt16) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
        var a = sockaddr_in()
        a.sin_family = sa_family_t(AF_INET)
        a.sin_port = port.bigEndian
        a.sin_addr.s_addr = UInt32(0x7f00_0001).bigEndian
        let bound = withUnsafePointer(to: &a) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        guard bound == 0, listen(fd, 8) == 0 else { throw HarnessError("cannot listen on \(port): \(String(cString: strerror(errno)))") }
    }

    /// Whether anyone connected (a connection waits in the accept queue).
    var wasReached: Bool {
        let conn = accept(fd, nil, nil)
        if conn >= 0 { close(conn) }
        return conn >= 0
    }

    deinit { close(fd) }
}

@Suite("A taken port: TIME_WAIT told apart from in use, and no role talks to the socket that holds it", .serialized)
struct TakenPortTests {
    @Test("TIME_WAIT: bind without SO_REUSEADDR fails; sockstep says TIME_WAIT and what SO_REUSEADDR is for, ends the lesson, exit 1")
    func timeWait() throws {
        let port = try Harness.freePort()
        try makeTimeWait(port: port)
        let result = try Harness.sockstep(["run", Harness.callsOnly("tcp"), "--plain", "--block", "setsockopt", "--keep-going", "--port", String(port)], timeout: hangGuard)
        expectEnded(result, "run with the port in TIME_WAIT")
        #expect(result.exitCode == 1, "\(result)")
        #expect(result.stdout.contains("bind(3, {sa_family=AF_INET, sin_port=htons(\(port)), sin_addr=inet_addr(\"127.0.0.1\")}, 16) = -1 EADDRINUSE (Address already in use)"), "\(result)")
        #expect(result.stderr.contains("127.0.0.1:\(port) is not in use, but a connection that used it is in TIME_WAIT"), "\(result)")
        #expect(result.stderr.contains("Binding over TIME_WAIT is exactly what SO_REUSEADDR is for"), "\(result)")
        #expect(result.stderr.contains("this socket does not have it"), "\(result)")
        #expect(!result.stderr.contains("is in use:"), "TIME_WAIT is not 'in use': \(result)")
        #expect(!result.stdout.contains("accept4("), "the lesson ends at the failed bind: \(result)")
        #expect(result.stderr.contains("had a connection in TIME_WAIT, and bind refuses it without SO_REUSEADDR, which server's failed setsockopt (step 4) should have set."), "what happened: \(result)")
        // JSON says which, too.
        let json = try Harness.sockstep(["run", Harness.callsOnly("tcp"), "--format", "json", "--block", "setsockopt", "--port", String(port), "--keep-going"], timeout: hangGuard)
        expectEnded(json, "run --format json with the port in TIME_WAIT")
        #expect(json.stdout.contains("\"reason\":\"address_taken\",\"address\":\"127.0.0.1:\(port)\",\"address_use\":\"time_wait\""), "\(json)")
        #expect(json.exitCode == 1, "\(json)")
    }

    @Test("TIME_WAIT with SO_REUSEADDR on both sides: the lesson binds and runs as written, exit 0")
    func timeWaitWithReuse() throws {
        let port = try Harness.freePort()
        try makeTimeWait(port: port)
        let result = try Harness.sockstep(["run", "tcp", "--plain", "--port", String(port)], timeout: hangGuard)
        expectEnded(result, "run")
        #expect(result.exitCode == 0, "\(result)")
        #expect(result.stdout.contains("recvfrom(3, \"hello!\", 4096, 0, NULL, NULL) = 6"), "\(result)")
    }

    @Test("in use (a listener): sockstep says so, the client never connects to it, exit 1")
    func inUse() throws {
        let port = try Harness.freePort()
        let stranger = try Stranger(port: port)
        let result = try Harness.sockstep(["run", "tcp", "--plain", "--port", String(port)], timeout: hangGuard)
        expectEnded(result, "run with the port in use")
        #expect(result.exitCode == 1, "\(result)")
        #expect(result.stderr.contains("127.0.0.1:\(port) is in use: another program listens there."), "\(result)")
        #expect(result.stderr.contains("--port"), "\(result)")
        #expect(!result.stderr.contains("TIME_WAIT"), "\(result)")
        #expect(!result.stdout.contains("connect("), "the client never connects: \(result)")
        #expect(!stranger.wasReached, "nobody connected to the other program's socket: \(result)")
    }

    @Test("bind blocked while another program listens there: the client's connect is not made")
    func strangerAfterBlockedBind() throws {
        let port = try Harness.freePort()
        let stranger = try Stranger(port: port)
        // The lesson's programs, and the calls-only lesson's player going on after the failed bind.
        for (lesson, extra) in [("tcp", []), (Harness.callsOnly("tcp"), ["--keep-going"])] {
            let result = try Harness.sockstep(["run", lesson, "--plain", "--block", "bind", "--port", String(port)] + extra, timeout: hangGuard)
            expectEnded(result, "run --block bind \(extra)")
            #expect(result.exitCode == 1, "\(result)")
            #expect(result.stderr.contains("client's connect (step 2) would reach 127.0.0.1:\(port), where a program outside the lesson listens"), "\(result)")
            #expect(!result.stdout.contains("connect("), "\(result)")
            #expect(!stranger.wasReached, "\(result)")
        }
    }

    @Test("whatif with the port in use: exit 1 and why, no row that talked to the other program")
    func whatifInUse() throws {
        let port = try Harness.freePort()
        let stranger = try Stranger(port: port)
        let result = try Harness.sockstep(["whatif", "tcp", "--port", String(port)], timeout: 180)
        expectEnded(result, "whatif with the port in use")
        #expect(result.exitCode == 1, "\(result)")
        #expect(result.stderr.contains("another program listens there") || result.stderr.contains("where a program outside the lesson listens"), "\(result)")
        #expect(!stranger.wasReached, "\(result)")
    }

    @Test("whatif moves off a port in TIME_WAIT, says so, and every run is made")
    func whatifTimeWait() throws {
        let port = try Harness.freePort()
        try makeTimeWait(port: port)
        let result = try Harness.sockstep(["whatif", Harness.callsOnly("tcp"), "--keep-going", "--port", String(port)], timeout: 180)
        expectEnded(result, "whatif with the port in TIME_WAIT")
        #expect(result.exitCode == 0, "\(result)")
        #expect(result.stdout.contains("From socket on, the runs used port"), "\(result)")
        #expect(result.stdout.contains("port \(port) had connections in TIME_WAIT."), "\(result)")
    }
}

/// Polls `condition` every 5 ms for at most `seconds`, on this thread (a test that waits for a
/// moment lasting only seconds must not wait for the shared task pool to schedule it).
func pollUntil(seconds: Double, _ condition: () -> Bool) -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if condition() { return true }
        usleep(5000)
    }
    return condition()
}

/// Waits for a process to end, on this thread, at most `seconds`.
func waitEnd(_ process: CLIProcess, seconds: Double) -> CLIEnd? {
    _ = pollUntil(seconds: seconds) { process.poll() != nil }
    return process.poll()
}

@Suite("Signals to whatif and run: only what really ran, no ERESTARTSYS among the failures", .serialized)
struct InterruptTests {
    @Test("SIGTERM to whatif: it stops, prints only rows it ran (each as an uninterrupted run has it), dies of SIGTERM")
    func whatifSigterm() throws {
        let dir = try CLIDir()
        let port = try Harness.freePort()
        let whatif = try cliStart(["whatif", Harness.callsOnly("tcp"), "--keep-going", "--format", "json", "--port", String(port)], in: dir)
        defer { whatif.killGroup() }
        // Wait for the third run, bind blocked (its roles' command lines say so; its server
        // waits 2 s in accept4 before sockstep ends it): two rows are done, the third is not.
        var seen: Set<pid_t> = []
        let started = pollUntil(seconds: 120) {
            let roles = children(of: whatif.pid)
            seen.formUnion(roles)
            return roles.contains { procText("/proc/\($0)/cmdline").contains(":bind=EPERM\0") } || whatif.poll() != nil
        }
        try #require(started && whatif.poll() == nil, "whatif did not get to its third run: \(whatif.summary)")
        whatif.signal(SIGTERM)
        guard let end = waitEnd(whatif, seconds: 20) else {
            Issue.record("whatif did not end after SIGTERM: \(whatif.summary)")
            return
        }
        #expect(end == .signaled(SIGTERM), "\(whatif.summary)")
        let rows = try whatif.stdout.split(separator: "\n").map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        #expect(rows.compactMap { $0["blocked"] as? String } == ["socket", "setsockopt"], "the runs before SIGTERM, not the one it cut short: \(whatif.stdout)")
        // Each printed row is what a whole run gives.
        let full = try Harness.sockstep(["whatif", Harness.callsOnly("tcp"), "--keep-going", "--format", "json", "--port", String(try Harness.freePort())], timeout: 180)
        let reference = try full.stdout.split(separator: "\n").map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        for (row, expected) in zip(rows, reference) {
            #expect(row["blocked"] as? String == expected["blocked"] as? String)
            #expect(NSDictionary(dictionary: row["roles"] as? [String: Any] ?? [:]).isEqual(to: expected["roles"] as? [String: Any] ?? [:]),
                    "row \(row) is not what the run gives: \(expected)")
        }
        _ = pollUntil(seconds: 3) { seen.allSatisfy(cliIsDead) }
        let left = seen.filter { !cliIsDead($0) }
        #expect(left.isEmpty, "roles left behind: \(left)")
        cliKillAll(Array(seen))
    }

    @Test("Ctrl-C during run: the trace shows ERESTARTSYS, what happened does not count it as a failure; sockstep dies of SIGINT")
    func runSigint() throws {
        let dir = try CLIDir()
        let port = try Harness.freePort()
        let run = try cliStart(["run", Harness.callsOnly("tcp"), "--plain", "--block", "connect", "--keep-going", "--port", String(port)], in: dir)
        defer { run.killGroup() }
        // The server waits in accept4 (syscall 288) for a connect that is blocked, until
        // sockstep ends it 2 s later. Interrupt it in there: /proc/PID/syscall names the call a
        // process sleeps in.
        let waiting = pollUntil(seconds: 30) {
            children(of: run.pid).contains { procText("/proc/\($0)/syscall").hasPrefix("288 ") } || run.poll() != nil
        }
        try #require(waiting && run.poll() == nil, "the server never waited in accept4: \(run.summary)")
        kill(-run.pid, SIGINT)  // Ctrl-C at a terminal: the whole process group
        guard let end = waitEnd(run, seconds: 20) else {
            Issue.record("run did not end after SIGINT: \(run.summary)")
            return
        }
        #expect(end == .signaled(SIGINT), "\(run.summary)")
        #expect(run.stdout.contains("accept4(3, ") && run.stdout.contains("= ? ERESTARTSYS (To be restarted if SA_RESTART is set)"), "the trace shows it, as strace's: \(run.stdout)")
        let story = run.stderr.components(separatedBy: "What happened:").last ?? ""
        #expect(run.stderr.contains("What happened:"), "\(run.summary)")
        #expect(!story.contains("ERESTART"), "a restart code is not the program's failure: \(story)")
        #expect(!story.contains("did not return"), "\(story)")
        #expect(story.contains("sockstep got SIGINT before the lesson's end"), "\(story)")
    }
}
