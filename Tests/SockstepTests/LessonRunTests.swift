import Foundation
import Testing

/// The lessons, run by the built binary: `--plain` output against real strace (each role run as
/// a whole process under strace, paced into the lesson's order), the slides' exact lines, the
/// explained view, and bad input.
@Suite("sockstep run: lessons", .serialized)
struct LessonRunTests {
    static let lessons = ["tcp", "tcp6", "unix", "udp", "raw", "backlog"]

    /// `[pid N] ` off, the ` = ` padding collapsed, the given ports and other ports named.
    static func normalize(_ line: String, port: UInt16) -> String {
        var s = line
        if s.hasPrefix("[pid "), let close = s.firstIndex(of: "]") {
            s = String(s[s.index(close, offsetBy: 2)...])
        }
        s = s.replacingOccurrences(of: #"\)\s+= "#, with: ") = ", options: .regularExpression)
        s = s.replacingOccurrences(of: "htons(\(port))", with: "htons(PORT)")
        s = s.replacingOccurrences(of: #"htons\((\d{4,5})\)"#, with: "htons(EPHEMERAL)", options: .regularExpression)
        s = s.replacingOccurrences(of: #"sockstep-[A-Za-z0-9_-]+-[0-9]+-[A-Za-z0-9]{6}"#, with: "sockstep-DIR", options: .regularExpression)
        s = s.replacingOccurrences(of: #"0x[0-9a-f]{6,}"#, with: "0xPTR", options: .regularExpression)
        // The kernel's IP identification and checksum of the ICMP reply vary.
        if s.hasPrefix("recvfrom(") && s.contains("\"E\\0") {
            s = s.replacingOccurrences(of: #""E\\0.*?sock"#, with: "\"IPHEADER", options: .regularExpression)
        }
        return s
    }

    /// sockstep's lines grouped by process, each process named by its role (the roles' first
    /// lines come in the lesson's order of roles).
    static func linesByRole(_ output: String, roles: [String], port: UInt16) -> [String: [String]] {
        var pidOrder: [String] = []
        var byPID: [String: [String]] = [:]
        var exited: Set<String> = []
        var pending: [String: Int] = [:]
        for raw in output.split(separator: "\n").map(String.init) {
            var pid = "only"
            var line = raw
            if raw.hasPrefix("[pid "), let close = raw.firstIndex(of: "]") {
                pid = raw[raw.index(raw.startIndex, offsetBy: 5) ..< close].trimmingCharacters(in: .whitespaces)
                line = String(raw[raw.index(close, offsetBy: 2)...])
            } else if let remaining = pidOrder.first(where: { !exited.contains($0) }), pidOrder.count > 1 {
                // Without a prefix: the one process still traced (strace drops the prefix then).
                pid = remaining
            }
            if line.hasPrefix("+++ ") { exited.insert(pid) }
            if !pidOrder.contains(pid) { pidOrder.append(pid) }
            // Join an <unfinished ...> line with its <... resumed> line, as strace of one process prints it.
            if line.hasSuffix(" <unfinished ...>") {
                pending[pid] = byPID[pid, default: []].count
                byPID[pid, default: []].append(String(line.dropLast(" <unfinished ...>".count)))
                continue
            }
            if line.hasPrefix("<... "), let end = line.range(of: " resumed>"), let index = pending.removeValue(forKey: pid) {
                byPID[pid]![index] += line[end.upperBound...]
                continue
            }
            byPID[pid, default: []].append(line)
        }
        // The first processes are the roles'; a later one is a child a role's process forked
        // (its clone returned the child's pid): the role's lines are each of its processes'
        // lines in turn, as compare reads strace's.
        var roleOfPID: [String: String] = [:]
        for (i, pid) in pidOrder.enumerated() where i < roles.count { roleOfPID[pid] = roles[i] }
        var out: [String: [String]] = [:]
        for pid in pidOrder {
            if roleOfPID[pid] == nil, let parent = pidOrder.first(where: { other in
                byPID[other]!.contains { $0.hasPrefix("clone(") && $0.hasSuffix(") = " + pid) }
            }) {
                roleOfPID[pid] = roleOfPID[parent]
            }
            guard let role = roleOfPID[pid] else { continue }
            out[role, default: []] += byPID[pid]!.map { normalize($0, port: port) }
        }
        return out
    }

    static func roles(of lesson: String) -> [String] {
        switch lesson {
        case "raw": return ["pinger"]
        default: return ["server", "client"]
        }
    }

    /// sockstep's player on the calls-only lessons (the lessons' programs: ProgramRunTests).
    @Test("each calls-only lesson's --plain lines equal real strace's for the same role's calls", arguments: lessons)
    func plainEqualsStrace(_ name: String) throws {
        let lesson = Harness.callsOnly(name)
        let port = try Harness.freePort()
        let ours = try Harness.sockstep(["run", lesson, "--plain", "--port", String(port)])
        #expect(ours.exitCode == 0, "\(ours)")
        #expect(ours.leftovers.isEmpty, "\(ours)")
        let strace = try Harness.sockstep(["_strace-lesson", lesson, "--port", String(port)], timeout: 60)
        #expect(strace.exitCode == 0, "\(strace)")
        let roles = Self.roles(of: name)
        let mine = Self.linesByRole(ours.stdout, roles: roles, port: port)
        var theirs: [String: [String]] = [:]
        for line in strace.stdout.split(separator: "\n") {
            let parts = line.split(separator: "\t", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { continue }
            theirs[parts[0], default: []].append(Self.normalize(parts[1], port: port))
        }
        for role in roles {
            let a = theirs[role] ?? []
            let b = mine[role] ?? []
            #expect(!a.isEmpty, "strace printed nothing for \(role):\n\(strace)")
            #expect(a == b, "role \(role): strace vs sockstep\n--- strace\n\(a.joined(separator: "\n"))\n+++ sockstep\n\(b.joined(separator: "\n"))")
        }
    }

    static let tcpCalls = ["socket", "setsockopt", "bind", "listen", "accept4", "connect", "sendto", "recvfrom"]
    static let blockCases: [[String]] = tcpCalls.flatMap { call in [[call], [call + "=kill"]] }
        + [["server:accept4", "--keep-going"], ["sendto=trap"], ["connect=ECONNREFUSED"], ["bind=EACCES"]]

    @Test("blocked runs of the calls-only TCP lesson: each role's lines equal real strace's for the same filtered role", arguments: blockCases)
    func blockedEqualsStrace(_ block: [String]) throws {
        let port = try Harness.freePort()
        let extra = Array(block.dropFirst())
        let ours = try Harness.sockstep(["run", Harness.callsOnly("tcp"), "--plain", "--port", String(port), "--block", block[0]] + extra)
        #expect(ours.leftovers.isEmpty, "\(ours)")
        let strace = try Harness.sockstep(["_strace-lesson", Harness.callsOnly("tcp"), "--port", String(port), "--block", block[0]] + extra, timeout: 60)
        #expect(strace.exitCode == 0, "\(strace)")
        let mine = Self.linesByRole(ours.stdout, roles: ["server", "client"], port: port)
        var theirs: [String: [String]] = [:]
        for line in strace.stdout.split(separator: "\n") {
            let parts = line.split(separator: "\t", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { continue }
            theirs[parts[0], default: []].append(Self.normalize(parts[1], port: port))
        }
        for role in ["server", "client"] {
            let a = theirs[role] ?? []
            let b = mine[role] ?? []
            #expect(a == b, "--block \(block): role \(role)\n--- strace\n\(a.joined(separator: "\n"))\n+++ sockstep\n\(b.joined(separator: "\n"))\n\(ours)")
        }
    }

    @Test("the TCP lesson prints the slides' lines, in the slides' order, then each role's exit")
    func tcpReproducesTheSlides() throws {
        let port = try Harness.freePort()
        let result = try Harness.sockstep(["run", "tcp", "--plain", "--port", String(port)])
        #expect(result.exitCode == 0, "\(result)")
        let lines = result.stdout.split(separator: "\n").map { Self.normalize(String($0), port: port) }
        let expected = [
            "socket(AF_INET, SOCK_STREAM|SOCK_CLOEXEC, IPPROTO_IP) = 3",
            "setsockopt(3, SOL_SOCKET, SO_REUSEADDR, [1], 4) = 0",
            "bind(3, {sa_family=AF_INET, sin_port=htons(PORT), sin_addr=inet_addr(\"127.0.0.1\")}, 16) = 0",
            "listen(3, 128) = 0",
            "accept4(3,  <unfinished ...>",
            "socket(AF_INET, SOCK_STREAM|SOCK_CLOEXEC, IPPROTO_IP) = 3",
            "connect(3, {sa_family=AF_INET, sin_port=htons(PORT), sin_addr=inet_addr(\"127.0.0.1\")}, 16) = 0",
            "<... accept4 resumed>{sa_family=AF_INET, sin_port=htons(EPHEMERAL), sin_addr=inet_addr(\"127.0.0.1\")}, [128 => 16], SOCK_CLOEXEC) = 4",
            "sendto(4, \"hello!\", 6, MSG_NOSIGNAL, NULL, 0) = 6",
            "recvfrom(3, \"hello!\", 4096, 0, NULL, NULL) = 6",
        ]
        let calls = lines.filter { !$0.hasPrefix("+++") }
        #expect(calls == expected, "\(result)")
        #expect(lines.filter { $0 == "+++ exited with 0 +++" }.count == 2, "\(result)")
    }

    @Test("the order is the lesson's on every run")
    func orderIsStable() throws {
        let port = try Harness.freePort()
        var seen: Set<[String]> = []
        for _ in 0 ..< 5 {
            let result = try Harness.sockstep(["run", "tcp", "--plain", "--port", String(port)])
            #expect(result.exitCode == 0, "\(result)")
            seen.insert(result.stdout.split(separator: "\n").map { Self.normalize(String($0), port: port) }
                .filter { !$0.hasPrefix("+++") })
        }
        #expect(seen.count == 1, "different orders: \(seen)")
    }

    @Test("a port in use: bind fails with EADDRINUSE in the trace and sockstep says to pass --port")
    func portInUse() throws {
        let port = try Harness.freePort()
        let blocker = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(blocker) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(blocker, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        #expect(bound == 0)
        // Bound, not listening: the lesson's bind fails, and sockstep ends the lesson there.
        let result = try Harness.sockstep(["run", "tcp", "--plain", "--port", String(port)])
        #expect(result.stdout.contains("bind(3, {sa_family=AF_INET, sin_port=htons(\(port)), sin_addr=inet_addr(\"127.0.0.1\")}, 16) = -1 EADDRINUSE (Address already in use)"), "\(result)")
        #expect(result.stdout.contains("+++ exited with 1 +++"), "\(result)")
        #expect(result.stderr.contains("--port"), "\(result)")
        #expect(result.stderr.contains("127.0.0.1:\(port) is in use: another socket is bound to it."), "\(result)")
        #expect(result.exitCode == 1, "\(result)")
        #expect(!result.stdout.contains("connect("), "the client does not go on to the taken port: \(result)")
        #expect(result.leftovers.isEmpty, "\(result)")
    }

    @Test("the explained view on a terminal: role, step n/N and title, the code, the strace line, what it means")
    func explainedView() throws {
        let port = try Harness.freePort()
        // `script` gives sockstep a terminal; NO_COLOR keeps the text plain.
        let command = "stty cols 200 rows 50; NO_COLOR=1 COLUMNS=100 \(Harness.shellQuote(try Harness.sockstepBinary())) run tcp --port \(port) --lang python"
        let result = try Harness.run("/usr/bin/script", ["-qec", command, "/dev/null"], environment: Harness.traceEnvironment)
        let text = result.stdout
        #expect(result.exitCode == 0, "\(result)")
        #expect(!text.contains("\u{1b}["), "colours despite NO_COLOR")
        #expect(text.contains("server · step 1/6 · Create a socket"), "\(result)")
        #expect(text.contains("client · step 2/3 · Connect to the server"), "\(result)")
        #expect(text.contains("python│ listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)") ||
                text.contains("python │ listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)"), "\(result)")
        #expect(text.contains("socket(AF_INET, SOCK_STREAM|SOCK_CLOEXEC, IPPROTO_IP) = 3"), "\(result)")
        #expect(text.contains("fd 3 is a new TCP socket (IPv4)"), "\(result)")
        #expect(text.contains("server now waits in accept4"), "\(result)")
        #expect(text.contains("<... accept4 resumed>"), "\(result)")
        #expect(text.contains("fd 3 is listening: the kernel queues connections whose handshake is done"), "\(result)")
        #expect(text.contains("6 bytes received: \"hello!\""), "\(result)")
        #expect(text.contains("+++ server exited with 0 +++") && text.contains("+++ client exited with 0 +++"), "\(result)")
    }

    @Test("raw without CAP_NET_RAW: socket() fails with EPERM, and the lesson explains it instead of crashing")
    func rawWithoutCapability() throws {
        guard getuid() == 0 else {
            // Not root: the lesson itself runs without the capability.
            let result = try Harness.sockstep(["run", "raw", "--plain"])
            #expect(result.stdout.contains("= -1 EPERM (Operation not permitted)"), "\(result)")
            return
        }
        // As root: run sockstep as nobody, with no capabilities, from a folder nobody can read.
        var template = Array("/tmp/sockstep-raw-nobody-XXXXXX".utf8CString)
        let dir = String(cString: template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!)! })
        defer { try? FileManager.default.removeItem(atPath: dir) }
        chmod(dir, 0o755)
        let binary = dir + "/sockstep"
        try Harness.copyExecutable(try Harness.sockstepBinary(), to: binary)
        // The lesson folder with its Python pinger (no compiler needed), run by its path: --trust.
        let lesson = dir + "/raw"
        mkdir(lesson, 0o755)
        for file in ["lesson.yaml", "pinger.py", "pinger.c", "pinger.rs", "pinger.swift"] {
            try FileManager.default.copyItem(atPath: Harness.packageRoot.appendingPathComponent("lessons/raw/\(file)").path, toPath: lesson + "/" + file)
            chmod(lesson + "/" + file, 0o644)
        }
        // nobody's cache of programs: a HOME of its own.
        let home = dir + "/home"
        mkdir(home, 0o700)
        chown(home, 65534, 65534)
        let command = "stty cols 200 rows 50; NO_COLOR=1 HOME=\(home) /usr/bin/setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all -- \(binary) run \(lesson) --trust --lang python"
        let result = try Harness.run("/usr/bin/script", ["-qec", command, "/dev/null"], environment: Harness.traceEnvironment)
        #expect(result.stdout.contains("socket(AF_INET, SOCK_RAW|SOCK_CLOEXEC, IPPROTO_ICMP) = -1 EPERM (Operation not permitted)"), "\(result)")
        #expect(result.stdout.contains("raw sockets need CAP_NET_RAW"), "\(result)")
        #expect(result.stdout.contains("+++ pinger exited with 1 +++"), "\(result)")
        #expect(result.exitCode == 1, "socket() failed: the lesson did not run as written: \(result)")
    }

    @Test("a broken lesson file is refused before anything runs: file:line per problem, exit 2")
    func brokenLessonIsRefused() throws {
        let path = Harness.packageRoot.appendingPathComponent("Tests/LessonTests/Broken/several-problems.yaml").path
        let result = try Harness.sockstep(["run", path, "--plain"])
        #expect(result.exitCode == 2, "\(result)")
        #expect(result.stdout.isEmpty, "\(result)")
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count >= 3, "\(result)")
        #expect(lines.allSatisfy { $0.hasPrefix(Substring(path + ":")) }, "\(result)")
    }

    @Test("a lesson that does not exist: one line naming the lessons, exit 2")
    func unknownLesson() throws {
        let result = try Harness.sockstep(["run", "tpc"])
        #expect(result.exitCode == 2, "\(result)")
        #expect(result.stderr.contains("no lesson 'tpc'") && result.stderr.contains("tcp"), "\(result)")
    }

    @Test("sockstep lessons lists every lesson; show prints a lesson without running it")
    func listAndShow() throws {
        let list = try Harness.sockstep(["lessons"])
        #expect(list.exitCode == 0, "\(list)")
        for lesson in Self.lessons {
            #expect(list.stdout.split(separator: "\n").contains { $0.hasPrefix(Substring(lesson + " ")) }, "\(list)")
        }
        #expect(!list.stdout.contains("broken"), "\(list)")
        // Issue 11: a lesson with programs shows the call each step makes and the program's lines
        // that make it (the calls-only lesson shows its call: line and its snippet).
        let show = try Harness.sockstep(["show", "tcp", "--lang", "c"])
        #expect(show.exitCode == 0, "\(show)")
        #expect(show.stdout.contains("makes listen (region listen of server.c)"), "\(show)")
        #expect(show.stdout.contains("│ if (listen(listener, 128) < 0) {"), "\(show)")
        let callsOnly = try Harness.sockstep(["show", Harness.callsOnly("tcp"), "--lang", "c"])
        #expect(callsOnly.stdout.contains("listen($listener, 128)") && callsOnly.stdout.contains("listen(listener, 128);"), "\(callsOnly)")
        #expect(callsOnly.stdout.contains("sockstep's lesson player makes its calls"), "\(callsOnly)")
        let byPath = try Harness.sockstep(["show", Harness.packageRoot.appendingPathComponent("lessons/udp").path])
        #expect(byPath.exitCode == 0, "\(byPath)")
    }
}
