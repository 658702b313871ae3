import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Issue 16: the lessons a networking course needs next. Each lesson's programs are compared
/// with real strace by ProgramRunTests and OutputFormatTests (their lists); here, what each
/// lesson promises is observed: the states and the behaviour its explanations describe.
@Suite("issue 16 lessons: what they promise happens", .serialized)
struct Issue16LessonTests {
    /// A run's JSON Lines, one object per line.
    static func events(_ lesson: String, _ language: String, port: UInt16, extra: [String] = []) throws -> [[String: Any]] {
        let result = try Harness.sockstep(["run", lesson, "--lang", language, "--format", "json", "--port", String(port)] + extra, timeout: 120)
        #expect(result.exitCode == ProgramRunTests.status(lesson, language), "\(result)")
        #expect(result.leftovers.isEmpty, "\(result)")
        return try result.stdout.split(separator: "\n").compactMap { try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    }

    /// The sockets of `role` in the snapshot taken after the step titled `title`.
    static func sockets(_ events: [[String: Any]], after title: String, by stepRole: String? = nil, of role: String) -> [[String: Any]]? {
        guard let snapshot = events.first(where: {
                  $0["type"] as? String == "snapshot" && $0["step_title"] as? String == title && (stepRole == nil || $0["role"] as? String == stepRole)
              }),
              let roles = snapshot["roles"] as? [[String: Any]],
              let mine = roles.first(where: { $0["role"] as? String == role }) else { return nil }
        return mine["sockets"] as? [[String: Any]]
    }

    /// The TCP sockets of this network namespace in `state` (hex, as /proc/net/tcp has it), as
    /// (local port, remote port), IPv4 loopback only.
    static func tcpSockets(state: String) -> [(local: UInt16, remote: UInt16)] {
        // Read to the end: a /proc file says its size is 0, and it is longer than one page.
        var bytes: [UInt8] = []
        let fd = open("/proc/net/tcp", O_RDONLY | O_CLOEXEC)
        if fd >= 0 {
            var chunk = [UInt8](repeating: 0, count: 65536)
            while true {
                let n = read(fd, &chunk, chunk.count)
                if n <= 0 { break }
                bytes += chunk[0 ..< n]
            }
            Glibc.close(fd)
        }
        let text = String(decoding: bytes, as: UTF8.self)
        return text.split(separator: "\n").dropFirst().compactMap { line in
            let f = line.split(separator: " ")
            guard f.count > 3, f[3] == state, f[1].hasPrefix("0100007F:"), f[2].hasPrefix("0100007F:"),
                  let local = UInt16(f[1].dropFirst(9), radix: 16), let remote = UInt16(f[2].dropFirst(9), radix: 16) else { return nil }
            return (local, remote)
        }
    }

    static func languages(_ lesson: String) -> [String] { ProgramRunTests.languages(of: lesson) }

    /// The explained view of a run, on a terminal (script), without colours.
    static func explainedView(_ lesson: String, _ language: String) throws -> ProcessResult {
        let command = "stty cols 200 rows 50; NO_COLOR=1 \(Harness.shellQuote(try Harness.sockstepBinary())) run \(lesson) --lang \(language) --port \(try Harness.freePort())"
        return try Harness.run("/usr/bin/script", ["-qec", command, "/dev/null"], environment: Harness.traceEnvironment, timeout: 120)
    }

    @Test("close: the server reads end of file in CLOSE_WAIT, and the client's socket, the active closer's, is left in TIME_WAIT",
          arguments: languages("close"))
    func close(_ language: String) throws {
        let port = try Harness.freePort()
        let events = try Self.events("close", language, port: port)
        // After the client's close, the server's connection is in CLOSE_WAIT (the kernel state).
        let server = try #require(Self.sockets(events, after: "Close first (the active close)", of: "server"), "no snapshot after the client's close")
        #expect(server.contains { $0["fd"] as? Int == 4 && $0["state"] as? String == "CLOSE_WAIT" }, "\(server)")
        // The client's descriptor is closed; the kernel keeps the connection, and the snapshot
        // lists it as the closed fd 3, with its addresses.
        let client = try #require(Self.sockets(events, after: "Close first (the active close)", of: "client"))
        #expect(client.count == 1, "only the closed connection: \(client)")
        let closing = try #require(client.first)
        #expect(closing["fd"] as? Int == 3 && closing["closed"] as? Bool == true, "\(closing)")
        #expect(["FIN_WAIT1", "FIN_WAIT2"].contains(closing["state"] as? String ?? ""), "\(closing)")
        #expect(closing["remote"] as? String == "127.0.0.1:\(port)", "\(closing)")
        let clientPort = try #require((closing["local"] as? String)?.split(separator: ":").last.flatMap { UInt16($0) }, "\(closing)")
        // After the server's close, the same connection in TIME_WAIT: listed after the server's
        // last step too (the client has exited; no descriptor holds it).
        for title in ["Close the connection (the passive close)", "Close the listener"] {
            let after = try #require(Self.sockets(events, after: title, of: "client"), "no client entry after \(title)")
            #expect(after.count == 1 && after.first?["state"] as? String == "TIME_WAIT" && after.first?["closed"] as? Bool == true
                    && after.first?["local"] as? String == closing["local"] as? String, "after \(title): \(after)")
        }
        // The server's read at end of file returns 0.
        let eof = try #require(events.first { $0["type"] as? String == "call" && $0["step_title"] as? String == "Read end of file" })
        #expect(eof["name"] as? String == "recvfrom" && eof["raw_return"] as? Int == 0, "\(eof)")
        // The client's socket (remote port: the server's) waits in TIME_WAIT; the server's
        // (local port: the lesson's) went through LAST_ACK to nothing.
        let waiting = Self.tcpSockets(state: "06")
        #expect(waiting.contains { $0.remote == port && $0.local == clientPort }, "no TIME_WAIT socket \(clientPort) → \(port): \(waiting)")
        #expect(!waiting.contains { $0.local == port }, "the server's socket is in TIME_WAIT: \(waiting)")
    }
    /// What the step titled `title` (of `role`) returned.
    static func returned(_ events: [[String: Any]], _ role: String, _ title: String) -> Int? {
        events.first { $0["type"] as? String == "call" && $0["role"] as? String == role && $0["step_title"] as? String == title }?["raw_return"] as? Int
    }

    @Test("shutdown: after SHUT_WR the client's socket is in FIN_WAIT, the server reads the request, then end of file in CLOSE_WAIT, and its reply still arrives",
          arguments: languages("shutdown"))
    func shutdown(_ language: String) throws {
        let port = try Harness.freePort()
        let events = try Self.events("shutdown", language, port: port)
        let client = try #require(Self.sockets(events, after: "Shut down the writing side", of: "client"))
        #expect(client.contains { $0["fd"] as? Int == 3 && ["FIN_WAIT1", "FIN_WAIT2"].contains($0["state"] as? String ?? "") }, "\(client)")
        #expect(Self.returned(events, "client", "Shut down the writing side") == 0)
        #expect(Self.returned(events, "server", "Read the request") == 13)
        #expect(Self.returned(events, "server", "Read end of file") == 0)
        let server = try #require(Self.sockets(events, after: "Read end of file", of: "server"))
        #expect(server.contains { $0["fd"] as? Int == 4 && $0["state"] as? String == "CLOSE_WAIT" }, "\(server)")
        #expect(Self.returned(events, "server", "Reply, after end of file") == 12)
        #expect(Self.returned(events, "client", "Read the reply") == 12)
        #expect(Self.returned(events, "client", "Read end of file") == 0)
        // The client's fd 3 is still open, its connection over: the socket is CLOSE and a
        // TIME_WAIT in the kernel's tables holds the addresses it had.
        let last = try #require(Self.sockets(events, after: "Read end of file", by: "client", of: "client"))
        #expect(last.count == 1 && last.first?["state"] as? String == "CLOSE (its connection is in TIME_WAIT)"
                && last.first?["remote"] as? String == "127.0.0.1:\(port)" && last.first?["closed"] as? Bool == false, "\(last)")
        let output = events.compactMap { $0["type"] as? String == "output" ? "\($0)" : nil }.joined()
        #expect(output.contains("received: got 13 bytes"), "\(output)")
    }

    @Test("epipe: the client closes with data unread, so the server's read fails with ECONNRESET and its next write with EPIPE; SIGPIPE kills the C server, Rust and Python go on",
          arguments: languages("epipe"))
    func epipe(_ language: String) throws {
        let port = try Harness.freePort()
        let events = try Self.events("epipe", language, port: port)
        #expect(Self.returned(events, "client", "Peek at the bytes, then close without reading them") == 6)
        #expect(Self.returned(events, "server", "Read: the connection was reset") == -Int(ECONNRESET))
        #expect(Self.returned(events, "server", "Write again: broken pipe") == -Int(EPIPE))
        // After the reset the server's fd 4 is a socket in CLOSE that had this connection (not
        // one that never had an address).
        let reset = try #require(Self.sockets(events, after: "Read: the connection was reset", of: "server"))
        #expect(reset.contains { $0["fd"] as? Int == 4 && $0["state"] as? String == "CLOSE" && $0["local"] as? String == "127.0.0.1:\(port)" },
                "\(reset)")
        let server = events.filter { $0["role"] as? String == "server" }
        let signals = server.filter { $0["type"] as? String == "signal" }.compactMap { $0["signal_name"] as? String }
        let killed = server.first { $0["type"] as? String == "killed" }?["signal_name"] as? String
        let status = server.first { $0["type"] as? String == "exit" }?["status"] as? Int
        // The explained view says what the EPIPE means for the flags the write had.
        let view = try Self.explainedView("epipe", language)
        let noSignal = language == "rust"
        #expect(view.stdout.contains("-1 EPIPE: the peer has closed the connection; MSG_NOSIGNAL turned SIGPIPE into this error") == noSignal, "\(view)")
        #expect(view.stdout.contains("-1 EPIPE: the peer has closed the connection; the kernel also sends SIGPIPE") == !noSignal, "\(view)")
        switch language {
        case "c":
            // Flags 0: the EPIPE comes with SIGPIPE, whose default action ends the program.
            #expect(signals == ["SIGPIPE"] && killed == "SIGPIPE" && status == nil, "\(server)")
        case "python":
            // The kernel sends SIGPIPE (a traced process sees it), Python ignores it.
            #expect(signals == ["SIGPIPE"] && killed == nil && status == 0, "\(server)")
        default:
            // Rust writes with MSG_NOSIGNAL: no signal at all.
            #expect(signals.isEmpty && killed == nil && status == 0, "\(server)")
        }
    }

    /// The bytes a call moved, from its decoded arguments (the first quoted string argument).
    static func data(_ call: [String: Any]) -> String? {
        for arg in call["args"] as? [[String: Any]] ?? [] {
            if arg["kind"] as? String == "string", let text = arg["text"] as? String { return text }
        }
        return nil
    }

    @Test("stream: three writes of 4, 4 and 5 bytes are read as 5, 5 and 3, then end of file; the client's queue holds 13 bytes before it reads",
          arguments: languages("stream"))
    func stream(_ language: String) throws {
        let port = try Harness.freePort()
        let events = try Self.events("stream", language, port: port)
        let calls = events.filter { $0["type"] as? String == "call" }
        let writes = calls.filter { $0["role"] as? String == "server" && $0["name"] as? String == "sendto" }.compactMap { $0["raw_return"] as? Int }
        let reads = calls.filter { $0["role"] as? String == "client" && $0["name"] as? String == "recvfrom" }
        // (The first connection's; the second one's short write is the next test's.)
        #expect(Array(writes.prefix(3)) == [4, 4, 5], "\(writes)")
        #expect(Array(reads.prefix(4).compactMap { $0["raw_return"] as? Int }) == [5, 5, 3, 0], "\(reads)")
        #expect(Array(reads.prefix(4).compactMap(Self.data)) == ["\"one,t\"", "\"wo,th\"", "\"ree\"", "\"\""], "\(reads.compactMap(Self.data))")
        // Before the first read the 13 bytes are one queue in the client's socket.
        let client = try #require(Self.sockets(events, after: "Write \"three\"", of: "client"))
        #expect(client.contains { $0["fd"] as? Int == 3 && $0["receive_queue"] as? Int == 13 }, "\(client)")
    }

    @Test("stream: on the second connection (SO_RCVBUF and SO_SNDBUF 4096, read back as 8192) the server's MSG_DONTWAIT send of 65536 bytes returns 6144, a short write, then 6144 more, then EAGAIN; the queues hold what the lesson says; a blocking send of the other 53248 returns when the client's one MSG_WAITALL read gets all 65536; the view tells each as written",
          arguments: languages("stream"))
    func streamShortWrite(_ language: String) throws {
        let port = try Harness.freePort()
        let events = try Self.events("stream", language, port: port)
        let calls = events.filter { $0["type"] as? String == "call" }
        func lines(_ role: String, _ name: String) -> [String] {
            calls.filter { $0["role"] as? String == role && $0["name"] as? String == name }.compactMap { $0["text"] as? String }
        }
        let data = "\"" + String(repeating: "x", count: 32) + "\"..."
        // The short writes: each line's result is smaller than the length it asked for.
        let sends = Array(lines("server", "sendto").dropFirst(3))
        #expect(sends == ["sendto(4, \(data), 65536, MSG_DONTWAIT|MSG_NOSIGNAL, NULL, 0) = 6144",
                          "sendto(4, \(data), 59392, MSG_DONTWAIT|MSG_NOSIGNAL, NULL, 0) = 6144",
                          "sendto(4, \(data), 53248, MSG_DONTWAIT|MSG_NOSIGNAL, NULL, 0) = -1 EAGAIN (Resource temporarily unavailable)",
                          "sendto(4, \(data), 53248, MSG_NOSIGNAL, NULL, 0) = 53248"], "\(sends)")
        #expect(Self.returned(events, "server", "Write 65536 bytes without waiting: a short write") == 6144)
        #expect(Self.returned(events, "server", "Try again: EAGAIN, nothing fits") == -Int(EAGAIN))
        #expect(lines("server", "setsockopt").last == "setsockopt(4, SOL_SOCKET, SO_SNDBUF, [4096], 4) = 0")
        #expect(lines("server", "getsockopt") == ["getsockopt(4, SOL_SOCKET, SO_SNDBUF, [8192], [4]) = 0"], "\(lines("server", "getsockopt"))")
        #expect(lines("client", "setsockopt") == ["setsockopt(3, SOL_SOCKET, SO_RCVBUF, [4096], 4) = 0"], "\(lines("client", "setsockopt"))")
        #expect(lines("client", "recvfrom").last == "recvfrom(3, \(data), 65536, MSG_WAITALL, NULL, NULL) = 65536", "\(lines("client", "recvfrom"))")
        // The server's blocking send waited for the client's read.
        let blocked = events.filter { $0["type"] as? String == "blocked" }.compactMap { $0["step_title"] as? String }
        #expect(blocked.contains("Write the rest, waiting"), "\(blocked)")
        // The queues: after the first try 4096 bytes in the client's receive queue and 4096
        // in the server's send queue; after the second, 8192 in the server's.
        func queue(after title: String, _ role: String, fd: Int, _ key: String) -> Int? {
            Self.sockets(events, after: title, of: role)?.first { $0["fd"] as? Int == fd && $0["state"] as? String == "ESTABLISHED" }?[key] as? Int
        }
        let first = "Write 65536 bytes without waiting: a short write"
        #expect(queue(after: first, "client", fd: 3, "receive_queue") == 4096, "\(String(describing: Self.sockets(events, after: first, of: "client")))")
        #expect(queue(after: first, "server", fd: 4, "send_queue") == 4096, "\(String(describing: Self.sockets(events, after: first, of: "server")))")
        #expect(queue(after: "Try again: 6144 more", "server", fd: 4, "send_queue") == 8192)
        #expect(queue(after: "Try again: 6144 more", "client", fd: 3, "receive_queue") == 4096)
        // The view says what the short writes are, and tells the EAGAIN as the lesson describes
        // it. (The view wraps the EAGAIN line before its error.)
        let view = try Self.explainedView("stream", language)
        #expect(view.stdout.contains("→ 6144 of the 65536 bytes handed to the kernel, a short write")
                && view.stdout.contains("→ 6144 of the 59392 bytes handed to the kernel, a short write"), "\(view)")
        #expect(view.stdout.contains("EAGAIN (Resource temporarily unavailable)"), "\(view)")
        #expect(!view.stdout.contains("did not go as the lesson describes"), "\(view)")
    }

    @Test("reuseaddr: the server's binds of its own port fail with EADDRINUSE while its listener listens and, without SO_REUSEADDR, while its connection waits in TIME_WAIT; with SO_REUSEADDR the bind works, and the lesson goes on through both failures",
          arguments: languages("reuseaddr"))
    func reuseaddr(_ language: String) throws {
        let port = try Harness.freePort()
        let events = try Self.events("reuseaddr", language, port: port)
        let binds = events.filter { $0["type"] as? String == "call" && $0["role"] as? String == "server" && $0["name"] as? String == "bind" }
        #expect(binds.compactMap { $0["raw_return"] as? Int } == [0, -Int(EADDRINUSE), -Int(EADDRINUSE), 0], "\(binds)")
        // The first failure: the old listener still listens.
        let server = try #require(Self.sockets(events, after: "Read end of file", of: "server"))
        #expect(server.contains { $0["fd"] as? Int == 3 && $0["state"] as? String == "LISTEN" }, "\(server)")
        // The second: the server's end of the connection (local port: the lesson's) in TIME_WAIT.
        let waiting = Self.tcpSockets(state: "06")
        #expect(waiting.contains { $0.local == port }, "no TIME_WAIT socket on port \(port): \(waiting)")
        #expect(!events.contains { $0["type"] as? String == "stopped" || $0["reason"] as? String == "address_taken" }, "the lesson stopped")
    }

    @Test("acceptqueue: with a backlog of 1 the queue holds 2 finished connections, the third connect waits until accept makes room, and the three accepts drain the queue",
          arguments: languages("acceptqueue"))
    func acceptqueue(_ language: String) throws {
        let port = try Harness.freePort()
        let events = try Self.events("acceptqueue", language, port: port)
        func queue(after title: String) -> [String: Any]? {
            Self.sockets(events, after: title, of: "server")?.first { $0["fd"] as? Int == 3 }?["accept_queue"] as? [String: Any]
        }
        #expect(queue(after: "Connect 1")?["pending"] as? Int == 1 && queue(after: "Connect 1")?["backlog"] as? Int == 1, "\(events)")
        #expect(queue(after: "Connect 2")?["pending"] as? Int == 2, "the queue is full at 2/1")
        // The third connect waits (its SYN is dropped) and returns once the server accepts.
        let blocked = events.filter { $0["type"] as? String == "blocked" }.compactMap { $0["step_title"] as? String }
        #expect(blocked.contains("Connect 3, to a full queue"), "\(blocked)")
        #expect(Self.returned(events, "client", "Connect 3, to a full queue") == 0)
        let accepts = ["Accept the first", "Accept the second", "Accept the third"].map { Self.returned(events, "server", $0) }
        #expect(accepts == [4, 5, 6], "\(accepts)")
    }

    @Test("nonblocking: accept4 on the empty queue fails with EAGAIN, each connect with EINPROGRESS, then poll and SO_ERROR 0; the server's one wait (epoll_wait in C, poll in Python) returns one ready socket at a time, it holds both clients at once and answers both; the expected failures are as written (exit 0, no 'did not go as the lesson describes'); with the listener's listen blocked, SO_ERROR says ECONNREFUSED",
          arguments: languages("nonblocking"))
    func nonblocking(_ language: String) throws {
        let port = try Harness.freePort()
        let events = try Self.events("nonblocking", language, port: port)
        #expect(Self.returned(events, "server", "Accept: nobody yet, EAGAIN") == -Int(EAGAIN))
        #expect(Self.returned(events, "client", "Connect: EINPROGRESS") == -Int(EINPROGRESS))
        #expect(Self.returned(events, "client", "Connect again: EINPROGRESS") == -Int(EINPROGRESS))
        let calls = events.filter { $0["type"] as? String == "call" }
        func made(_ role: String, _ name: String) -> [[String: Any]] {
            calls.filter { $0["role"] as? String == role && $0["name"] as? String == name }
        }
        // After each connect: a wait until writable, then SO_ERROR 0, within the connect's step.
        let polls = made("client", "poll").compactMap { $0["text"] as? String }
        #expect(polls.filter { $0.contains("events=POLLOUT}], 1, -1) = 1 (") && $0.hasSuffix("revents=POLLOUT}])") }.count == 2, "\(polls)")
        let errors = made("client", "getsockopt")
        #expect(errors.compactMap { $0["text"] as? String } == ["getsockopt(3, SOL_SOCKET, SO_ERROR, [0], [4]) = 0", "getsockopt(4, SOL_SOCKET, SO_ERROR, [0], [4]) = 0"], "\(errors)")
        #expect(errors.compactMap { $0["step_title"] as? String } == ["Connect: EINPROGRESS", "Connect again: EINPROGRESS"])
        // The server's event loop: one wait per event, each returning one ready socket.
        let waits = made("server", language == "c" ? "epoll_wait" : "poll")
        #expect(waits.count == 4 && waits.allSatisfy { $0["raw_return"] as? Int == 1 }, "\(waits.compactMap { $0["text"] })")
        // Two clients at once: the listener and both connections, ESTABLISHED.
        let server = try #require(Self.sockets(events, after: "Greet the second client", of: "server"))
        #expect(server.filter { $0["state"] as? String == "ESTABLISHED" }.count == 2 && server.contains { $0["fd"] as? Int == 3 && $0["state"] as? String == "LISTEN" }, "\(server)")
        // Both served, the second first.
        let answers = made("client", "recvfrom").compactMap { $0["text"] as? String }.filter { $0.contains("\"got ") }
        #expect(answers.count == 2 && answers[0].contains("\"got two\"") && answers[1].contains("\"got one\""), "\(answers)")
        // The explained view tells each expected failure as the lesson describes it.
        let view = try Self.explainedView("nonblocking", language)
        // (The view wraps connect's long line before its result.)
        #expect(view.stdout.contains("= -1 EAGAIN (Resource temporarily unavailable)") && view.stdout.contains("EINPROGRESS (Operation now in progress)"), "\(view)")
        #expect(!view.stdout.contains("did not go as the lesson describes"), "\(view)")
        // Try this: no listener; connect still says EINPROGRESS, SO_ERROR gives the refusal.
        let refused = try Harness.sockstep(["run", "nonblocking", "--lang", language, "--format", "json", "--port", String(try Harness.freePort()), "--block", "server:listen"], timeout: 120)
        #expect(refused.exitCode == 1 && refused.leftovers.isEmpty, "\(refused)")
        #expect(refused.stdout.contains("= -1 EINPROGRESS (Operation now in progress)") && refused.stdout.contains("getsockopt(3, SOL_SOCKET, SO_ERROR, [ECONNREFUSED], [4]) = 0"), "\(refused)")
    }

    @Test("forking: the server forks two children; the parent closes each connection (and keeps its listener), each child closes the listener, greets its client and closes the connection (the client's socket goes to CLOSE_WAIT only then); the parent collects both children; both clients are served",
          arguments: languages("forking"))
    func forking(_ language: String) throws {
        let port = try Harness.freePort()
        let events = try Self.events("forking", language, port: port)
        let calls = events.filter { $0["type"] as? String == "call" }
        func step(_ title: String) -> [String: Any]? {
            calls.first { $0["step_title"] as? String == title && $0["step_call"] as? Bool != false }
        }
        let parent = try #require(step("Accept the first client")?["pid"] as? Int)
        // Two forks by the parent, each returning a child's pid.
        let children = calls.filter { $0["name"] as? String == "clone" }.map { ($0["pid"] as? Int, $0["raw_return"] as? Int) }
        #expect(children.count == 2 && children.allSatisfy { $0.0 == parent && ($0.1 ?? 0) > 0 }, "\(children)")
        let first = try #require(children.first?.1), second = try #require(children.last?.1)
        #expect(first != second)
        // The parent closes each connection; each child the listener, then the connection.
        for title in ["Parent: close the connection", "Parent: close the second connection"] {
            #expect(step(title)?["pid"] as? Int == parent && step(title)?["text"] as? String == "close(4) = 0", "\(title): \(String(describing: step(title)))")
        }
        for (child, pid) in [(1, first), (2, second)] {
            #expect(step("Child \(child): close the listener")?["pid"] as? Int == pid && step("Child \(child): close the listener")?["text"] as? String == "close(3) = 0")
            #expect(step("Child \(child): greet the client")?["pid"] as? Int == pid && step("Child \(child): greet the client")?["raw_return"] as? Int == 19)
            #expect(step("Child \(child): close the connection")?["pid"] as? Int == pid && step("Child \(child): close the connection")?["text"] as? String == "close(4) = 0")
            #expect(events.contains { $0["type"] as? String == "exit" && $0["pid"] as? Int == pid && $0["status"] as? Int == 0 }, "child \(child) did not exit with 0")
        }
        // After the parent's close it holds only its listener, and the client's end is still
        // ESTABLISHED; the child's close of the last descriptor sends the FIN: CLOSE_WAIT.
        let afterParent = try #require(Self.sockets(events, after: "Parent: close the connection", of: "server"))
        #expect(afterParent.count == 1 && afterParent.first?["fd"] as? Int == 3 && afterParent.first?["state"] as? String == "LISTEN", "\(afterParent)")
        #expect(Self.sockets(events, after: "Parent: close the connection", of: "client")?.first?["state"] as? String == "ESTABLISHED")
        let afterChildListener = try #require(Self.sockets(events, after: "Child 1: close the listener", of: "server"))
        #expect(afterChildListener.count == 1 && afterChildListener.first?["fd"] as? Int == 4 && afterChildListener.first?["state"] as? String == "ESTABLISHED", "\(afterChildListener)")
        #expect(Self.sockets(events, after: "Child 1: close the connection", of: "client")?.first?["state"] as? String == "CLOSE_WAIT")
        // The parent collects both children.
        let waits = calls.filter { $0["name"] as? String == "wait4" && $0["pid"] as? Int == parent }.compactMap { $0["raw_return"] as? Int }
        #expect(Set(waits) == [first, second], "\(waits)")
        // Both clients served, each by its child.
        let greetings = calls.filter { $0["role"] as? String == "client" && $0["name"] as? String == "recvfrom" }.compactMap(Self.data)
        #expect(greetings == ["\"hello from child 1\\n\"", "\"hello from child 2\\n\""], "\(greetings)")
        // The view tells a child's end from the server's.
        let view = try Self.explainedView("forking", language)
        // (A terminal's lines end in "\r\n", one Character for Swift.)
        let ends = view.stdout.split(whereSeparator: \.isNewline).filter { $0.hasPrefix("+++ ") }
        #expect(ends.count == 4 && ends.filter { $0.hasPrefix("+++ server's child ") && $0.hasSuffix(" exited with 0 +++") }.count == 2
                && ends.contains("+++ server exited with 0 +++"), "\(ends)")
    }
}
