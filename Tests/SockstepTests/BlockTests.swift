import Foundation
import Testing

/// Seccomp blocks: the cascade each blocked call of the TCP lesson causes, `trace --block`, and
/// bad input.
@Suite("sockstep --block and whatif", .serialized)
struct BlockTests {
    struct Expected: Sendable, CustomStringConvertible {
        var call: String
        var server: String
        var client: String
        var serverEnd: String
        var clientEnd: String
        var description: String { call }
    }

    /// What the TCP lesson does with each call blocked with EPERM: each role's first failure and
    /// how it ended.
    static let withEPERM: [Expected] = [
        Expected(call: "socket", server: "socket = -1 EPERM", client: "socket = -1 EPERM", serverEnd: "exited 1", clientEnd: "exited 1"),
        Expected(call: "setsockopt", server: "setsockopt = -1 EPERM", client: "connect = -1 ECONNREFUSED", serverEnd: "exited 1", clientEnd: "exited 1"),
        Expected(call: "bind", server: "bind = -1 EPERM", client: "connect = -1 ECONNREFUSED", serverEnd: "exited 1", clientEnd: "exited 1"),
        Expected(call: "listen", server: "listen = -1 EPERM", client: "connect = -1 ECONNREFUSED", serverEnd: "exited 1", clientEnd: "exited 1"),
        Expected(call: "accept4", server: "accept4 = -1 EPERM", client: "connect = -1 ECONNREFUSED", serverEnd: "exited 1", clientEnd: "exited 1"),
        Expected(call: "connect", server: "accept4 waits forever", client: "connect = -1 EPERM", serverEnd: "killed by SIGKILL", clientEnd: "exited 1"),
        Expected(call: "sendto", server: "sendto = -1 EPERM", client: "recvfrom = 0 (end of file)", serverEnd: "exited 1", clientEnd: "exited 0"),
        Expected(call: "recvfrom", server: "-", client: "recvfrom = -1 EPERM", serverEnd: "exited 0", clientEnd: "exited 1"),
    ]

    /// The same with kill: the blocked call's process dies of SIGSYS in it.
    static let withKill: [Expected] = [
        Expected(call: "socket", server: "socket: killed by SIGSYS", client: "socket: killed by SIGSYS", serverEnd: "killed by SIGSYS", clientEnd: "killed by SIGSYS"),
        Expected(call: "setsockopt", server: "setsockopt: killed by SIGSYS", client: "connect = -1 ECONNREFUSED", serverEnd: "killed by SIGSYS", clientEnd: "exited 1"),
        Expected(call: "bind", server: "bind: killed by SIGSYS", client: "connect = -1 ECONNREFUSED", serverEnd: "killed by SIGSYS", clientEnd: "exited 1"),
        Expected(call: "listen", server: "listen: killed by SIGSYS", client: "connect = -1 ECONNREFUSED", serverEnd: "killed by SIGSYS", clientEnd: "exited 1"),
        Expected(call: "accept4", server: "accept4: killed by SIGSYS", client: "connect = -1 ECONNREFUSED", serverEnd: "killed by SIGSYS", clientEnd: "exited 1"),
        Expected(call: "connect", server: "accept4 waits forever", client: "connect: killed by SIGSYS", serverEnd: "killed by SIGKILL", clientEnd: "killed by SIGSYS"),
        Expected(call: "sendto", server: "sendto: killed by SIGSYS", client: "recvfrom = 0 (end of file)", serverEnd: "killed by SIGSYS", clientEnd: "exited 0"),
        Expected(call: "recvfrom", server: "-", client: "recvfrom: killed by SIGSYS", serverEnd: "exited 0", clientEnd: "killed by SIGSYS"),
    ]

    struct Row: Decodable {
        struct RoleResult: Decodable {
            var first_failure: String
            var ended: String
        }
        var schema: Int
        var lesson: String
        var blocked: String
        var action: String
        var roles: [String: RoleResult]
        var data_arrived: Bool
    }

    func whatif(action: String) throws -> [Row] {
        let port = try Harness.freePort()
        let result = try Harness.sockstep(["whatif", "tcp", "--action", action, "--format", "json", "--port", String(port)], timeout: 90)
        #expect(result.exitCode == 0, "\(result)")
        #expect(result.leftovers.isEmpty, "\(result)")
        return try result.stdout.split(separator: "\n").map { try JSONDecoder().decode(Row.self, from: Data($0.utf8)) }
    }

    func check(_ rows: [Row], _ expected: [Expected]) {
        #expect(rows.map(\.blocked) == expected.map(\.call))
        for (row, want) in zip(rows, expected) {
            #expect(row.roles["server"]?.first_failure == want.server, "--block \(want.call): server")
            #expect(row.roles["client"]?.first_failure == want.client, "--block \(want.call): client")
            #expect(row.roles["server"]?.ended == want.serverEnd, "--block \(want.call): how the server ended")
            #expect(row.roles["client"]?.ended == want.clientEnd, "--block \(want.call): how the client ended")
            #expect(row.data_arrived == false, "--block \(want.call): hello! cannot arrive")
            #expect(row.schema == 1 && row.lesson == "tcp")
        }
    }

    @Test("each call of the TCP lesson blocked with EPERM: the cascade")
    func cascadeWithEPERM() throws {
        check(try whatif(action: "EPERM"), Self.withEPERM)
    }

    @Test("each call of the TCP lesson blocked with kill: the cascade")
    func cascadeWithKill() throws {
        check(try whatif(action: "kill"), Self.withKill)
    }

    @Test("whatif prints a table")
    func whatifTable() throws {
        let port = try Harness.freePort()
        let result = try Harness.sockstep(["whatif", "tcp", "--port", String(port)], timeout: 90)
        #expect(result.exitCode == 0, "\(result)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "whatif tcp: each call blocked with EPERM, one run each", "\(result)")
        #expect(lines.contains { $0.hasPrefix("listen") && $0.contains("listen = -1 EPERM") && $0.contains("connect = -1 ECONNREFUSED") && $0.hasSuffix("no") }, "\(result)")
    }

    @Test("the explained run says what happened, from what it observed")
    func whatHappened() throws {
        let port = try Harness.freePort()
        let result = try Harness.sockstep(["run", "tcp", "--plain", "--block", "listen", "--port", String(port)])
        #expect(result.exitCode == 1, "a blocked call: the lesson did not run as written: \(result)")
        #expect(result.stdout.contains("listen(3, 128)              = -1 EPERM (Operation not permitted)") || result.stdout.contains("listen(3, 128) = -1 EPERM"), "\(result)")
        #expect(result.stderr.contains("The filter decided server's listen"), "\(result)")
        #expect(result.stderr.contains("client's connect (step 2) got ECONNREFUSED: nothing listened on 127.0.0.1:\(port), because server's listen failed."), "\(result)")
        #expect(result.stderr.contains("The data never arrived."), "\(result)")
        let surprise = try Harness.sockstep(["run", Harness.callsOnly("tcp"), "--plain", "--block", "server:accept4", "--keep-going", "--port", String(port)])
        #expect(surprise.stdout.contains("connect(3, {sa_family=AF_INET, sin_port=htons(\(port)), sin_addr=inet_addr(\"127.0.0.1\")}, 16) = 0"), "\(surprise)")
        #expect(surprise.stderr.contains("Surprise: client's connect succeeded although accept was blocked"), "\(surprise)")
        let refused = try Harness.sockstep(["run", "tcp", "--plain", "--block", "server:accept4", "--port", String(port)])
        #expect(refused.stderr.contains("The connect was refused because the server had already exited"), "\(refused)")
    }

    @Test("--show-filter prints libseccomp's pseudo-code and the BPF program with names")
    func showFilter() throws {
        let port = try Harness.freePort()
        let result = try Harness.sockstep(["run", "tcp", "--plain", "--block", "connect=ECONNREFUSED", "--show-filter", "--port", String(port)])
        #expect(result.stdout.contains("client's seccomp filter (--block connect=ECONNREFUSED)"), "\(result)")
        #expect(result.stdout.contains("if ($syscall == 42)"), "\(result)")
        #expect(result.stdout.contains("if (A == connect) goto"), "\(result)")
        #expect(result.stdout.contains("return ERRNO(111) /* ECONNREFUSED */"), "\(result)")
        #expect(result.stdout.contains("connect(3, {sa_family=AF_INET, sin_port=htons(\(port)), sin_addr=inet_addr(\"127.0.0.1\")}, 16) = -1 ECONNREFUSED (Connection refused)"), "\(result)")
    }

    @Test("trace --block: the child loads the filter before exec, the call fails as the filter says")
    func traceBlock() throws {
        let port = try Harness.freePort()
        let script = Harness.packageRoot.appendingPathComponent("examples/tcp_hello.py").path
        let result = try Harness.sockstep(["trace", "--block", "bind", "-e", "trace=bind", "--", "/usr/bin/python3", script, String(port)])
        #expect(result.stderr.contains("bind(3, {sa_family=AF_INET, sin_port=htons(\(port)), sin_addr=inet_addr(\"127.0.0.1\")}, 16) = -1 EPERM (Operation not permitted)"), "\(result)")
        #expect(result.exitCode == 1, "python exits 1 on the PermissionError: \(result)")
        let killed = try Harness.sockstep(["trace", "--block", "bind=kill", "-e", "trace=bind", "--", "/usr/bin/python3", script, String(port)])
        #expect(killed.stderr.contains("+++ killed by SIGSYS"), "\(killed)")
        #expect(killed.termination == .signaled(SIGSYS), "\(killed)")
    }

    @Test("bad --block input: one clear line, exit 2, nothing run", arguments: [
        (["run", "tcp", "--block", "lsiten"], "did you mean 'listen'"),
        (["run", "tcp", "--block", "listen=EBOGUS"], "unknown action 'EBOGUS'"),
        (["run", "tcp", "--block", "waiter:listen"], "has no role 'waiter'"),
        (["run", Harness.callsOnly("tcp"), "--block", "writev"], "sockstep's roles use writev themselves"),
        (["run", "tcp", "--block", "execve"], "a role's filter is loaded before its program's execve"),
        (["run", "tcp", "--keep-going"], "--keep-going is for a calls-only lesson"),
        (["run", "tcp", "--lang", "swift", "--block", "server:bind", "--keep-going"], "--keep-going is for a calls-only lesson"),
        (["whatif", "tcp", "--action", "explode"], "unknown action 'explode'"),
        (["trace", "--block", "server:bind", "--", "/bin/true"], "roles exist only in lessons"),
    ])
    func badInput(_ arguments: [String], _ phrase: String) throws {
        let result = try Harness.sockstep(arguments)
        #expect(result.exitCode == 2, "\(result)")
        #expect(result.stderr.contains(phrase), "\(result)")
        #expect(result.stdout.isEmpty, "nothing ran: \(result)")
    }
}
