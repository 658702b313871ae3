// sockstep decodes strace's socket family as strace 6.1 does (issue 12).
//
// One C program per decoder family (Programs/sa_families.c, sockopt_values.c, msgs.c,
// waits.c, diag.c), each making its calls with good and bad arguments, runs under real strace
// and under `sockstep trace` with the same options, ports and directory; the two traces must be
// equal line by line after TraceNormalizer (pids, ephemeral ports, pointers, timings) and,
// where a family needs it, the values that differ from run to run by nature, named below per
// scenario. strace on the same program twice must agree with itself first.
//
// Then the differential fuzzer (Programs/sockfuzz.c): 10,000 random socket calls from the
// fixed seed 12 (random descriptors among those it opened, flags, bad pointers, negative
// lengths; loopback, its own ports and a temporary directory only), traced with -o FILE by
// both; every line must be equal. Normalized there, and nothing else: pointers (0x and 6 or
// more hex digits), ports the kernel picked (htons(N) for N other than 0 and the three chosen
// ports), pids ({pid=N} of SO_PEERCRED/SCM_CREDENTIALS, si_pid=N), and the time a call had
// left (`left {...}`). strace's own `umoven: short read` messages go to its stderr, not to the
// -o file, and are not compared. bench/fuzz-diff.py runs the same comparison at any size.

import Foundation
import Testing

struct DecoderScenario: Sendable, CustomTestStringConvertible {
    var name: String
    var program: String
    var traced: [String]
    /// argv after the program, from the run's ports and directory.
    var arguments: @Sendable (RunContext) -> [String]
    /// What else differs from run to run in this family's output, as (pattern, replacement).
    var variable: [(pattern: String, replacement: String)] = []
    /// strace options beside `-e trace=` (`-X raw`, `-x`), the same for both tracers.
    var extraOptions: [String] = []

    var testDescription: String { name }

    static let timings: [(pattern: String, replacement: String)] = [
        (#"left \{tv_sec=\d+, tv_(n|u)sec=\d+\}"#, "left {tv_sec=#, tv_$1sec=#}"),
    ]

    static let all: [DecoderScenario] = [
        DecoderScenario(name: "socket addresses of every family", program: "sa_families", traced: ["bind"],
                        arguments: { [$0.directory] }),
        DecoderScenario(name: "socket option values", program: "sockopt_values",
                        traced: ["socket", "socketpair", "setsockopt", "getsockopt", "connect", "poll", "close"],
                        arguments: { [String($0.closedPort)] }),
        DecoderScenario(name: "msghdr, control messages, sendmmsg/recvmmsg", program: "msgs",
                        traced: ["socketpair", "socket", "bind", "setsockopt", "sendto", "sendmsg", "recvmsg", "sendmmsg",
                                 "recvmmsg"],
                        arguments: { [String($0.port), String($0.closedPort)] },
                        // the receive timestamps, and recvmmsg's time left
                        variable: [(#"tv_sec=\d+, tv_(n|u)sec=\d+"#, "tv_sec=#, tv_$1sec=#")]),
        DecoderScenario(name: "select, pselect6, poll, ppoll, epoll, sendfile", program: "waits",
                        traced: ["select", "pselect6", "poll", "ppoll", "epoll_create", "epoll_create1", "epoll_ctl",
                                 "epoll_wait", "epoll_pwait", "epoll_pwait2", "sendfile"],
                        arguments: { [$0.directory] }, variable: timings),
        diag, rtnl,
    ] + netlinkStyles + rtnlStyles

    static let diag = DecoderScenario(
        name: "netlink: sock_diag requests, replies, errors; rtnetlink addresses", program: "diag",
        traced: ["socket", "bind", "listen", "setsockopt", "sendto", "recvfrom", "recvmsg", "close"],
        arguments: { [$0.directory, String($0.port)] },
        // socket inodes and cookies the kernel hands out; the lifetimes left to a dynamic
        // interface address (they count down between the runs)
        variable: [(#"(udiag_ino|idiag_inode|udiag_vfs_ino)=\d+"#, "$1=#"),
                   (#"(idiag|udiag)_cookie=\[\d+, \d+\]"#, "$1_cookie=[#]"),
                   (#"ifa_prefered=\d+, ifa_valid=\d+"#, "ifa_prefered=#, ifa_valid=#")])

    /// diag.c again under each -X style, -x/-xx, -v and -e verbose=none: the fields strace
    /// prints in forms of their own (makedev, errors, interface indexes, inet_diag's 16-byte
    /// addresses, sk_meminfo's decimal indexes, attribute strings hex-escaped whole with their
    /// NUL, every sockopt bit with -v), and the messages as plain bytes when the call is not
    /// verbose (-s 16: the headers only, the socket inodes after them vary).
    static let netlinkStyles: [DecoderScenario] = [
        ["-X", "raw"], ["-X", "verbose"], ["-x"], ["-xx"], ["-X", "verbose", "-xx"], ["-v"], ["-e", "verbose=none", "-s", "16"],
    ].map { options in
        var scenario = diag
        scenario.name = diag.name + " under " + options.joined(separator: " ")
        scenario.extraOptions = options
        return scenario
    }

    /// NETLINK_ROUTE's link and route messages (Programs/rtnl.c): the kernel's lo and local
    /// routes, and made-up messages passed between two of the program's own sockets.
    static let rtnl = DecoderScenario(
        name: "netlink: rtnetlink links and routes", program: "rtnl",
        traced: ["socket", "bind", "setsockopt", "sendto", "recvfrom", "close"],
        arguments: { _ in [] },
        // lo's traffic counters (IFLA_STATS, IFLA_STATS64) grow between the runs
        variable: [(#"(rx_[a-z_]+|tx_[a-z_]+|multicast|collisions)=\d+"#, "$1=#")])

    /// rtnl.c under the option sets diag.c runs under.
    static let rtnlStyles: [DecoderScenario] = netlinkStyles.map { styled in
        var scenario = rtnl
        scenario.name = rtnl.name + " under " + styled.extraOptions.joined(separator: " ")
        scenario.extraOptions = styled.extraOptions
        return scenario
    }

    func options() -> [String] { ["-e", "trace=" + traced.joined(separator: ",")] + extraOptions }

    func run(_ tracer: Tracer, _ context: RunContext) throws -> ProcessResult {
        let command = [try Harness.compileC(program)] + arguments(context)
        switch tracer {
        case .strace: return try Harness.strace(options() + ["--"] + command)
        case .sockstep: return try Harness.sockstep(["trace"] + options() + ["--"] + command)
        }
    }

    func normalized(_ trace: String, _ context: RunContext) -> [String] {
        let base = TraceNormalizer(chosenPorts: [Int(context.port), Int(context.closedPort)]).normalizedText(trace)
        return base.map { line in
            var s = line
            for rule in variable {
                s = s.replacingOccurrences(of: rule.pattern, with: rule.replacement, options: .regularExpression)
            }
            return s
        }
    }

    func makeContext() throws -> RunContext {
        RunContext(port: try Harness.freePort(), closedPort: try Harness.freePort(),
                   directory: try Harness.makeTemporaryDirectory(program))
    }
}

@Suite("socket decoders print what strace 6.1 prints", .serialized)
struct SocketDecoderTests {

    @Test("strace agrees with itself on the program", .timeLimit(.minutes(1)), arguments: DecoderScenario.all)
    func straceIsDeterministic(_ scenario: DecoderScenario) throws {
        let context = try scenario.makeContext()
        let first = try scenario.run(.strace, context)
        let second = try scenario.run(.strace, context)
        #expect(first.termination == .exited(0), "strace run 1:\n\(first)")
        #expect(second.termination == .exited(0), "strace run 2:\n\(second)")
        let lines = scenario.normalized(first.stderr, context)
        #expect(lines.filter { $0.contains(" = ") }.count >= 10, "too few calls traced:\n\(first)")
        expectSameLines(lines, scenario.normalized(second.stderr, context),
                        expectedName: "strace run 1", actualName: "strace run 2", what: scenario.name)
    }

    @Test("sockstep prints what strace prints", .timeLimit(.minutes(1)), arguments: DecoderScenario.all)
    func sockstepMatchesStrace(_ scenario: DecoderScenario) throws {
        _ = try Harness.sockstepBinary()
        let context = try scenario.makeContext()
        let reference = try scenario.run(.strace, context)
        try #require(reference.termination == .exited(0), "strace run:\n\(reference)")
        let ours = try scenario.run(.sockstep, context)
        expectSameLines(scenario.normalized(reference.stderr, context), scenario.normalized(ours.stderr, context),
                        expectedName: "strace", actualName: "sockstep", what: scenario.name)
        #expect(ours.termination == .exited(0), "sockstep:\n\(ours)")
        #expect(ours.leftovers.isEmpty, "sockstep left processes behind: \(ours.leftovers)")
    }

    // MARK: The differential fuzzer

    static let fuzzSeed = "12"
    static let fuzzCalls = "10000"
    static let fuzzTraced = [
        "socket", "socketpair", "bind", "listen", "accept", "accept4", "connect", "getsockname", "getpeername",
        "setsockopt", "getsockopt", "sendto", "recvfrom", "sendmsg", "recvmsg", "sendmmsg", "recvmmsg", "shutdown",
        "poll", "ppoll", "select", "pselect6", "epoll_create", "epoll_create1", "epoll_ctl", "epoll_wait",
        "epoll_pwait", "epoll_pwait2", "sendfile", "close",
    ].joined(separator: ",")

    /// The fuzzer's trace lines, normalized as the file comment says.
    static func fuzzLines(_ text: String, ports: Set<Int>) -> [String] {
        text.split(separator: "\n", omittingEmptySubsequences: false).dropLast(text.hasSuffix("\n") ? 1 : 0).map { raw in
            var s = String(raw)
            s = s.replacing(#/0x[0-9a-f]{6,}/#) { _ in "0x<PTR>" }
            s = s.replacing(#/htons\((\d+)\)/#) { m in
                let n = Int(m.1) ?? -1
                return n == 0 || ports.contains(n) ? "htons(\(m.1))" : "htons(<PORT>)"
            }
            s = s.replacing(#/\{pid=\d+([,}])/#) { m in "{pid=<PID>\(m.1)" }
            s = s.replacing(#/si_pid=\d+/#) { _ in "si_pid=<PID>" }
            s = s.replacing(#/left \{[^}]*\}/#) { m in String(m.output).replacing(#/\d+/#) { _ in "#" } }
            return s
        }
    }

    func fuzz(_ tracer: Tracer, arguments: [String]) throws -> String {
        let out = Harness.scratchDirectory + "/fuzz-\(tracer)-\(Harness.nextSerial()).txt"
        let command = [try Harness.compileC("sockfuzz")] + arguments
        let options = ["-o", out, "-e", "trace=" + Self.fuzzTraced, "--"] + command
        let result: ProcessResult
        switch tracer {
        case .strace: result = try Harness.strace(options, timeout: 240)
        case .sockstep: result = try Harness.sockstep(["trace"] + options, timeout: 240)
        }
        try #require(result.termination == .exited(0), "\(tracer) on the fuzzer:\n\(result)")
        #expect(result.leftovers.isEmpty, "\(tracer) left processes behind: \(result.leftovers)")
        return try String(contentsOfFile: out, encoding: .utf8)
    }

    @Test("10,000 random socket calls: every line is strace's", .timeLimit(.minutes(5)))
    func fuzzerLinesAreStraces() throws {
        _ = try Harness.sockstepBinary()
        let ports = [try Harness.freePort(), try Harness.freePort(), try Harness.freePort()]
        let directory = try Harness.makeTemporaryDirectory("fuzz")
        let arguments = [Self.fuzzSeed, Self.fuzzCalls, directory] + ports.map(String.init)
        let portSet = Set(ports.map(Int.init))
        let reference = Self.fuzzLines(try fuzz(.strace, arguments: arguments), ports: portSet)
        let ours = Self.fuzzLines(try fuzz(.sockstep, arguments: arguments), ports: portSet)
        #expect(reference.count > 10_000, "the fuzzer made too few calls: \(reference.count) lines")
        if reference == ours { return }
        // Tell a difference of sockstep's from a program that is not deterministic.
        let again = Self.fuzzLines(try fuzz(.strace, arguments: arguments), ports: portSet)
        let straceAgrees = again == reference
        let pairs = zip(reference, ours).enumerated().filter { $0.element.0 != $0.element.1 }.prefix(10)
        let shown = pairs.map { "line \($0.offset + 1):\n- \($0.element.0)\n+ \($0.element.1)" }.joined(separator: "\n")
        Issue.record("""
            \(reference.count) lines from strace, \(ours.count) from sockstep; \
            \(zip(reference, ours).filter { $0 != $1 }.count) differ\
            \(straceAgrees ? "" : " (and strace did not agree with itself on a second run)"):
            \(shown)
            """)
    }

    /// The fuzzer never lets an address other than loopback or its own directory through (its
    /// check refuses anything else before the call and exits 3): the run ends with 0, and every
    /// socket address in the trace is 127.0.0.1, ::1 (or the unspecified address of a socket
    /// that lost its binding), a path in its directory or an abstract name.
    @Test("the fuzzer's addresses stay on this machine", .timeLimit(.minutes(2)))
    func fuzzerStaysLocal() throws {
        let ports = [try Harness.freePort(), try Harness.freePort(), try Harness.freePort()]
        let directory = try Harness.makeTemporaryDirectory("fuzzlocal")
        let text = try fuzz(.strace, arguments: [Self.fuzzSeed, "3000", directory] + ports.map(String.init))
        var seen = 0
        for line in text.split(separator: "\n") {
            for m in line.matches(of: #/sin_addr=inet_addr\("([^"]+)"\)/#) {
                seen += 1
                #expect(["127.0.0.1", "0.0.0.0"].contains(String(m.1)), "an IPv4 address off loopback: \(line)")
            }
            for m in line.matches(of: #/inet_pton\(AF_INET6, "([^"]+)", &sin6_addr\)/#) {
                seen += 1
                #expect(["::1", "::"].contains(String(m.1)), "an IPv6 address off loopback: \(line)")
            }
            for m in line.matches(of: #/sun_path="([^"]*)"/#) {
                // (an address cut by a short length shows the start of a path)
                seen += 1
                #expect(m.1.hasPrefix(directory) || directory.hasPrefix(m.1),
                        "a UNIX path outside the fuzzer's directory: \(line)")
            }
        }
        #expect(seen > 100, "too few addresses in the trace to tell")
    }
}
