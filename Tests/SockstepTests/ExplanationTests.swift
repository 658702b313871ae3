import Foundation
import Testing

/// Each corrected explanation, checked in the situation it is about: the situation is made by
/// real calls (a calls-only lesson the test writes, played by sockstep's lesson player, or an
/// installed lesson's real programs), and the explained view, on a terminal, shows what was said.
@Suite("Explanations true for the call as it happened")
struct ExplanationTests {
    /// The explained view of `sockstep run LESSON ARGS` on a terminal of `columns` (script),
    /// without colours: its text.
    static func view(_ arguments: [String], columns: Int = 100) throws -> ProcessResult {
        let binary = Harness.shellQuote(try Harness.sockstepBinary())
        let command = "stty cols \(columns) rows 50; NO_COLOR=1 \(binary) " + arguments.map(Harness.shellQuote).joined(separator: " ")
        return try Harness.run("/usr/bin/script", ["-qec", command, "/dev/null"], environment: Harness.traceEnvironment, timeout: 60)
    }

    /// A calls-only lesson with these steps, written to a new folder: its path.
    static func lesson(_ name: String, roles: [String], steps: [(role: String, call: String, result: String?)]) throws -> String {
        var text = "title: \"\(name)\"\nsummary: |\n  A situation for a test.\nport: 8888\nroles:\n"
        for role in roles { text += "  - name: \(role)\n    about: A role of the test.\n" }
        text += "steps:\n"
        for (i, step) in steps.enumerated() {
            text += "  - role: \(step.role)\n    title: Step \(i + 1)\n    call: \(step.call)\n"
            if let result = step.result { text += "    result: \(result)\n" }
            text += "    explain: The lesson's own text for step \(i + 1).\n"
        }
        let folder = try Harness.makeTemporaryDirectory("explain-\(name)")
        let path = folder + "/\(name).yaml"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// The view's text as one line per paragraph: wrapping joined, so that a sentence can be
    /// searched whatever the width cut it.
    static func joined(_ text: String) -> String {
        // strace pads a short call to put ` = ` in column 40: one space stands for any run.
        text.replacingOccurrences(of: "\r", with: "").split(whereSeparator: { $0 == "\n" || $0 == " " }).joined(separator: " ")
    }

    static let tcpServer: [(role: String, call: String, result: String?)] = [
        ("server", "socket(AF_INET, SOCK_STREAM|SOCK_CLOEXEC, IPPROTO_IP)", "listener"),
        ("server", "setsockopt($listener, SOL_SOCKET, SO_REUSEADDR, 1)", nil),
        ("server", "bind($listener, 127.0.0.1:$PORT)", nil),
        ("server", "listen($listener, 128)", nil),
        ("client", "socket(AF_INET, SOCK_STREAM|SOCK_CLOEXEC, IPPROTO_IP)", "stream"),
        ("client", "connect($stream, 127.0.0.1:$PORT)", nil),
    ]

    @Test("connect: a handshake only for TCP; a UNIX connect is queued for the listener, with no handshake")
    func unixConnectHasNoHandshake() throws {
        let path = try Self.lesson("unixconnect", roles: ["server", "client"], steps: [
            ("server", "socket(AF_UNIX, SOCK_STREAM|SOCK_CLOEXEC, 0)", "listener"),
            ("server", "bind($listener, unix:$DIR/s.sock)", nil),
            ("server", "listen($listener, 128)", nil),
            ("client", "socket(AF_UNIX, SOCK_STREAM|SOCK_CLOEXEC, 0)", "stream"),
            ("client", "connect($stream, unix:$DIR/s.sock)", nil),
            ("server", "accept4($listener, SOCK_CLOEXEC)", "conn"),
        ])
        let result = try Self.view(["run", path])
        let text = Self.joined(result.stdout)
        #expect(result.exitCode == 0, "\(result)")
        #expect(text.contains("the connection waits in the listener's accept queue until it accepts it (no handshake on a UNIX socket)"), "\(result)")
        #expect(!text.contains("the handshake is done"), "\(result)")
        // A UNIX listener: no handshake in what listen says either.
        #expect(text.contains("fd 3 is listening: the kernel queues connections nobody has accepted yet"), "\(result)")

        // "What happened" after a blocked accept in the unix lesson: no TCP handshake either.
        let blocked = try Self.view(["run", "unix", "--lang", "c", "--block", "accept4"])
        let story = Self.joined(blocked.stdout)
        #expect(story.contains("What happened"), "\(blocked)")
        #expect(story.contains("the kernel queues the connection without any accept") || story.contains("(a UNIX socket has no handshake)"), "\(blocked)")
        #expect(!story.contains("handshake into the accept queue") && !story.contains("completes the TCP handshake"), "\(blocked)")

        let tcp = try Self.lesson("tcpconnect", roles: ["server", "client"], steps: Self.tcpServer + [
            ("server", "accept4($listener, SOCK_CLOEXEC)", "conn"),
        ])
        let port = try Harness.freePort()
        let tcpResult = try Self.view(["run", tcp, "--port", String(port)])
        let tcpText = Self.joined(tcpResult.stdout)
        #expect(tcpResult.exitCode == 0, "\(tcpResult)")
        #expect(tcpText.contains("connected to 127.0.0.1:\(port): the handshake is done"), "\(tcpResult)")
        #expect(tcpText.contains("the backlog 128 is capped by net.core.somaxconn, Linux admits backlog+1"), "\(tcpResult)")
        #expect(tcpText.contains("[128 => 16]: the address buffer's size in, the address's real length out"), "\(tcpResult)")
    }

    @Test("a write after the peer closed: the first succeeds (not 'they wait in the peer's receive queue'), the next fails with EPIPE; MSG_NOSIGNAL is named only when given, and without it SIGPIPE kills")
    func writeAfterThePeerClosed() throws {
        let path = try Self.lesson("peerclosed", roles: ["server", "client"], steps: Self.tcpServer + [
            ("server", "accept4($listener, SOCK_CLOEXEC)", "conn"),
            ("client", "close($stream)", nil),
            ("server", "sendto($conn, \"one\", MSG_NOSIGNAL)", nil),
            ("server", "sendto($conn, \"two\", MSG_NOSIGNAL)", nil),
            ("server", "write($conn, \"three\")", nil),
        ])
        let result = try Self.view(["run", path, "--port", String(try Harness.freePort()), "--keep-going"])
        let text = Self.joined(result.stdout)
        #expect(text.contains("sendto(4, \"one\", 3, MSG_NOSIGNAL, NULL, 0) = 3"), "\(result)")
        #expect(text.contains("3 bytes handed to the kernel, but the peer has closed its socket (or its process ended): nobody will read them. The first write after the peer closed usually succeeds (the peer answers with a reset); a later one fails with EPIPE"), "\(result)")
        #expect(!text.contains("they wait in the peer's receive queue"), "\(result)")
        #expect(text.contains("sendto(4, \"two\", 3, MSG_NOSIGNAL, NULL, 0) = -1 EPIPE (Broken pipe)"), "\(result)")
        #expect(text.contains("-1 EPIPE: the peer has closed the connection; MSG_NOSIGNAL turned SIGPIPE into this error"), "\(result)")
        // write(2) has no flags: the kernel sends SIGPIPE, and the lesson player does not ignore it.
        #expect(text.contains("write(4, \"three\", 5) = -1 EPIPE (Broken pipe)"), "\(result)")
        #expect(text.contains("-1 EPIPE: the peer has closed the connection; the kernel also sends SIGPIPE, which kills the process unless it ignores or handles it"), "\(result)")
        #expect(text.contains("+++ server killed by SIGPIPE +++"), "\(result)")
        // The step's own text, which assumes success, is replaced where the call failed.
        #expect(text.contains("In this run this step did not go as the lesson describes it: sendto failed with EPIPE"), "\(result)")
        #expect(!text.contains("The lesson's own text for step 10."), "\(result)")
        #expect(!text.contains("The lesson's own text for step 11."), "\(result)")
        #expect(text.contains("The lesson's own text for step 9."), "\(result)")
    }

    @Test("SHUT_RD sends nothing (the peer does not read end of file); SHUT_WR sends a FIN and the peer reads end of file")
    func shutdownHows() throws {
        let path = try Self.lesson("shutdown", roles: ["server", "client"], steps: Self.tcpServer + [
            ("server", "accept4($listener, SOCK_CLOEXEC)", "conn"),
            ("server", "shutdown($conn, SHUT_RD)", nil),
            ("client", "sendto($stream, \"still\", MSG_NOSIGNAL)", nil),
            ("server", "shutdown($conn, SHUT_WR)", nil),
            ("client", "recvfrom($stream, 4096, 0)", nil),
        ])
        let result = try Self.view(["run", path, "--port", String(try Harness.freePort())])
        let text = Self.joined(result.stdout)
        #expect(result.exitCode == 0, "\(result)")
        #expect(text.contains("shutdown(4, SHUT_RD) = 0"), "\(result)")
        #expect(text.contains("fd 4 reads no more: its reads return 0 (end of file) from now on; nothing is sent, so the peer is not told and can go on writing"), "\(result)")
        #expect(text.contains("5 bytes handed to the kernel; they wait in the peer's receive queue"), "\(result)")
        #expect(text.contains("shutdown(4, SHUT_WR) = 0"), "\(result)")
        #expect(text.contains("fd 4 sends no more: the kernel sends a FIN after the data already queued, and the peer reads end of file"), "\(result)")
        #expect(text.contains("recvfrom(3, \"\", 4096, 0, NULL, NULL) = 0"), "\(result)")
        #expect(text.contains("0 bytes: end of file: the peer will send nothing more"), "\(result)")
    }

    @Test("a listener closed with a connection nobody accepted: the client's ECONNRESET says that closing a listener resets them")
    func closedListenerResets() throws {
        let path = try Self.lesson("listenerclosed", roles: ["server", "client"], steps: Self.tcpServer + [
            ("server", "close($listener)", nil),
            ("client", "recvfrom($stream, 4096, 0)", nil),
        ])
        // A rule for a call no step makes changes nothing, and brings "what happened".
        let result = try Self.view(["run", path, "--port", String(try Harness.freePort()), "--block", "getsockname"])
        let text = Self.joined(result.stdout)
        #expect(text.contains("recvfrom(3, 0x"), "\(result)")
        #expect(text.contains("= -1 ECONNRESET (Connection reset by peer)"), "\(result)")
        #expect(text.contains("-1 ECONNRESET: the peer reset the connection"), "\(result)")
        #expect(text.contains("closing a listener resets the connections nobody accepted"), "\(result)")
        #expect(!text.contains("the other end had closed the connection"), "\(result)")
        // "What happened" tells the same story, from what the run did.
        #expect(text.contains("client's recvfrom (step 3) got ECONNRESET: its connection waited in the listener's accept queue, and nobody accepted it; the listener was closed"), "\(result)")
    }

    @Test("UDP: 'no error if nobody listened' only for an unconnected socket; a connected one gets ECONNREFUSED; its connect sends nothing")
    func udpConnected() throws {
        let port = try Harness.freePort()
        let path = try Self.lesson("udpconnected", roles: ["client"], steps: [
            ("client", "socket(AF_INET, SOCK_DGRAM|SOCK_CLOEXEC, IPPROTO_IP)", "sock"),
            ("client", "sendto($sock, \"anyone?\", 0, 127.0.0.1:$PORT)", nil),
            ("client", "connect($sock, 127.0.0.1:$PORT)", nil),
            ("client", "sendto($sock, \"anyone?\", 0)", nil),
            ("client", "recvfrom($sock, 4096, 0)", nil),
        ])
        let result = try Self.view(["run", path, "--port", String(port)])
        let text = Self.joined(result.stdout)
        #expect(text.contains("one datagram of 7 bytes sent for 127.0.0.1:\(port): UDP does not tell whether anyone received it (no error if nobody listened)"), "\(result)")
        #expect(text.contains("fd 3 is now connected to 127.0.0.1:\(port): its datagrams go there by default"), "\(result)")
        #expect(!text.contains("the handshake is done"), "\(result)")
        #expect(text.contains("= -1 ECONNREFUSED (Connection refused)"), "\(result)")
        #expect(text.contains("-1 ECONNREFUSED: nothing listened where this connected socket sends"), "\(result)")
    }

    @Test("raw ICMP: a sendto is a packet, not bytes waiting in a peer's receive queue")
    func rawSendIsAPacket() throws {
        guard getuid() == 0 else { return } // without CAP_NET_RAW the socket fails: rawWithoutCapability covers it
        let result = try Self.view(["run", "raw", "--lang", "c"])
        let text = Self.joined(result.stdout)
        #expect(result.exitCode == 0, "\(result)")
        #expect(text.contains("16 bytes sent for 127.0.0.1:0 as one packet: the kernel adds the IP header"), "\(result)")
        #expect(!text.contains("receive queue until it reads them"), "\(result)")
    }

    @Test("after a block, the step whose text assumes success shows what happened: tcp --block sendto, the client's read of 0 bytes")
    func blockedRunReplacesTheProse() throws {
        let result = try Self.view(["run", "tcp", "--lang", "c", "--port", String(try Harness.freePort()), "--block", "sendto"])
        let text = Self.joined(result.stdout)
        #expect(text.contains("In this run this step did not go as the lesson describes it: recvfrom returned 0, end of file"), "\(result)")
        #expect(!text.contains("the kernel hands it the 6 that are waiting"), "\(result)")
        #expect(text.contains("In this run this step did not go as the lesson describes it: sendto failed with EPERM"), "\(result)")
        // Steps that went as written keep their text.
        #expect(text.contains("bind() gives the socket its address"), "\(result)")
    }

    @Test("bind to port 0: the ephemeral range")
    func ephemeralRange() throws {
        let path = try Self.lesson("portzero", roles: ["client"], steps: [
            ("client", "socket(AF_INET, SOCK_DGRAM|SOCK_CLOEXEC, IPPROTO_IP)", "sock"),
            ("client", "bind($sock, 127.0.0.1:0)", nil),
        ])
        let result = try Self.view(["run", path])
        let text = Self.joined(result.stdout)
        #expect(text.contains("port 0 asks the kernel for a free port, which it picks from the ephemeral range (net.ipv4.ip_local_port_range)"), "\(result)")
    }
}
