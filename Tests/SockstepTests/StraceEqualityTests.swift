// sockstep's output equals real strace's.
//
// Each scenario runs one test program (C from Programs/, compiled once per test run, or Python
// with /usr/bin/python3) under `strace OPTIONS -- PROGRAM ARGS` and under
// `sockstep trace OPTIONS -- PROGRAM ARGS`, with the same port, directory and environment, and
// compares the two outputs line by line after normalizing only what truly varies (pids,
// ephemeral ports, socket inodes, pointers, timings: see Support/TraceComparison.swift). A
// failure shows a unified diff, strace on the `-` side, sockstep on the `+` side.
//
// A first test runs strace twice on every scenario and checks that the two normalized outputs
// are equal: it guards the programs and the normalization, so that a difference in the second
// test is sockstep's.
//
// Debugging: SOCKSTEP_TEST_DUMP=DIR keeps each run's raw and normalized trace in DIR;
// SOCKSTEP_BIN picks the binary (default <package>/.build/debug/sockstep). Run only these with
//   swift test --filter StraceEquality

import Foundation
import Testing

/// The calls sockstep decodes fully (issue 2); `-e trace=` lists are limited to these so that
/// the dynamic loader's other calls (openat, mmap, ...) stay out of the comparison.
let decodedCalls = [
    "socket", "socketpair", "setsockopt", "getsockopt", "bind", "listen", "accept", "accept4",
    "connect", "getsockname", "getpeername", "sendto", "recvfrom", "sendmsg", "recvmsg", "shutdown",
    "close", "read", "write", "poll", "ppoll", "epoll_create1", "epoll_ctl", "epoll_wait",
    "epoll_pwait", "fcntl", "ioctl", "prctl", "seccomp", "execve", "exit_group",
].joined(separator: ",")

/// What one scenario run gets: the ports and the directory the program uses.
struct RunContext: Sendable {
    var port: UInt16
    /// A second free port, nobody listens there (for ECONNREFUSED).
    var closedPort: UInt16
    var directory: String
}

struct Scenario: Sendable, CustomTestStringConvertible {
    enum Program: Sendable {
        case c(String, flags: [String] = [])
        case python(String)
        /// A Rust program from Programs/ (compiled with rustc -O).
        case rust(String)
        /// An installed program, by its absolute path.
        case installed(String)
    }

    var name: String
    /// Tracer options (before `--`); `{OUT}` becomes a fresh output file for each run.
    var options: [String]
    var program: Program
    var arguments: @Sendable (RunContext) -> [String]
    /// Stable labels for the processes of a multi-process program (see `Role`).
    var roles: [Role] = []
    /// `-c`: compare the summary's syscall, calls and errors columns.
    var summary = false
    /// How the program ends under strace (checks the program itself).
    var expected: Termination = .exited(0)
    /// Normalize pids in the lines' text too (`getpid() = 1234`): see TraceNormalizer.
    var pidNumbers = false
    /// What the program reads or gets that changes from run to run (real programs).
    var varying: Set<VaryingData> = []
    /// A real program prints (the test programs write to stderr only, on failure).
    var printsToStdout = false
    /// Done once per test, before the runs (files for ls, a server for curl).
    var prepare: (@Sendable (RunContext) throws -> Void)? = nil

    var testDescription: String { name }

    var writesToFile: Bool { options.contains("{OUT}") }
    var followsForks: Bool { options.contains("-f") }

    static let port: @Sendable (RunContext) -> [String] = { [String($0.port)] }

    static func traceList(_ extra: [String] = []) -> [String] { extra + ["-e", "trace=" + decodedCalls] }

    // MARK: The scenarios

    static let all: [Scenario] = [
        // 1-8: one process each, the decoded calls only
        Scenario(name: "TCP over IPv4", options: traceList(), program: .c("tcp4"), arguments: port),
        Scenario(name: "TCP over IPv6", options: traceList(), program: .c("tcp6"), arguments: port),
        Scenario(name: "UDP over IPv4 and IPv6", options: traceList(), program: .c("udp"), arguments: port),
        Scenario(name: "UNIX stream, abstract and datagram", options: traceList(), program: .c("unix"),
                 arguments: { [$0.directory, String($0.port)] }),
        Scenario(name: "socketpair, sendmsg/recvmsg, SCM_RIGHTS, SCM_CREDENTIALS", options: traceList(),
                 program: .c("socketpair"), arguments: { [$0.directory] }),
        Scenario(name: "non-blocking connect, poll, ppoll, fcntl, ioctl, epoll", options: traceList(),
                 program: .c("nonblock"), arguments: port),
        Scenario(name: "setsockopt and getsockopt", options: traceList(), program: .c("sockopts"), arguments: port),
        Scenario(name: "errors: ECONNREFUSED, EADDRINUSE, EBADF, EFAULT, EINVAL, EAGAIN, ...", options: traceList(),
                 program: .c("errors"), arguments: { [String($0.port), String($0.closedPort)] }),

        // 9: Python
        Scenario(name: "Python TCP echo, -f -e trace=%network", options: ["-f", "-e", "trace=%network"],
                 program: .python("py_echo.py"), arguments: port),
        Scenario(name: "Python server and forked client, -f -e trace=%network", options: ["-f", "-e", "trace=%network"],
                 program: .python("py_fork.py"), arguments: port,
                 roles: [Role(marker: "accept4(", label: "P1"), Role(marker: "connect(", label: "P2")]),

        // 10: two C processes
        Scenario(name: "C fork: parent accepts, child connects, -f", options: traceList(["-f"]),
                 program: .c("fork_tcp"), arguments: port, roles: forkRoles),
        Scenario(name: "C fork, -f -o FILE", options: traceList(["-f", "-o", "{OUT}"]),
                 program: .c("fork_tcp"), arguments: port, roles: forkRoles),

        // 11: signals and exits
        Scenario(name: "exit status 3", options: traceList(), program: .c("signals"),
                 arguments: { _ in ["exit", "3"] }, expected: .exited(3)),
        Scenario(name: "exit status 0", options: traceList(), program: .c("signals"),
                 arguments: { _ in ["exit", "0"] }),
        Scenario(name: "killed by SIGSEGV", options: traceList(), program: .c("signals"),
                 arguments: { _ in ["segv"] }, expected: .signaled(SIGSEGV)),
        Scenario(name: "killed by SIGKILL", options: traceList(), program: .c("signals"),
                 arguments: { _ in ["kill"] }, expected: .signaled(SIGKILL)),
        Scenario(name: "killed by SIGABRT", options: traceList(), program: .c("signals"),
                 arguments: { _ in ["abort"] }, expected: .signaled(SIGABRT)),
        Scenario(name: "SIGCHLD from an untraced child", options: traceList(), program: .c("signals"),
                 arguments: { _ in ["sigchld"] }),
        Scenario(name: "SIGCHLD from a traced child, -f", options: traceList(["-f"]), program: .c("signals"),
                 arguments: { _ in ["sigchld"] }, roles: [Role(marker: "close(1001)", label: "P2")]),

        // 12: options
        Scenario(name: "-s 8", options: traceList(["-s", "8"]), program: .c("tcp4"), arguments: port),
        Scenario(name: "-s 100", options: traceList(["-s", "100"]), program: .c("tcp4"), arguments: port),
        Scenario(name: "-yy TCP over IPv4", options: traceList(["-yy"]), program: .c("tcp4"), arguments: port),
        Scenario(name: "-yy TCP over IPv6", options: traceList(["-yy"]), program: .c("tcp6"), arguments: port),
        Scenario(name: "-yy UDP", options: traceList(["-yy"]), program: .c("udp"), arguments: port),
        Scenario(name: "-yy UNIX", options: traceList(["-yy"]), program: .c("unix"),
                 arguments: { [$0.directory, String($0.port)] }),
        Scenario(name: "-yy socketpair", options: traceList(["-yy"]), program: .c("socketpair"),
                 arguments: { [$0.directory] }),
        Scenario(name: "-T", options: traceList(["-T"]), program: .c("tcp4"), arguments: port),
        Scenario(name: "-tt", options: traceList(["-tt"]), program: .c("tcp4"), arguments: port),
        Scenario(name: "-r", options: traceList(["-r"]), program: .c("tcp4"), arguments: port),
        Scenario(name: "-yy -T -s 16 on epoll and poll", options: traceList(["-yy", "-T", "-s", "16"]),
                 program: .c("nonblock"), arguments: port),
        Scenario(name: "-f -tt -T with two processes", options: traceList(["-f", "-tt", "-T"]),
                 program: .c("fork_tcp"), arguments: port, roles: forkRoles),
        Scenario(name: "-o FILE", options: traceList(["-o", "{OUT}"]), program: .c("tcp4"), arguments: port),
        Scenario(name: "-e trace=%network", options: ["-e", "trace=%network"], program: .c("tcp4"), arguments: port),
        Scenario(name: "-e trace=%network on poll/epoll", options: ["-e", "trace=%network"], program: .c("nonblock"),
                 arguments: port),
        Scenario(name: "everything (no -e) of a program without libc", options: [],
                 program: .c("raw", flags: rawFlags), arguments: port),
        Scenario(name: "-e trace=!close", options: ["-e", "trace=!close"], program: .c("raw", flags: rawFlags),
                 arguments: port),
        Scenario(name: "-e trace=%desc", options: ["-e", "trace=%desc"], program: .c("raw", flags: rawFlags),
                 arguments: port),
        Scenario(name: "-e trace=%process", options: ["-e", "trace=%process"], program: .c("raw", flags: rawFlags),
                 arguments: port),
        Scenario(name: "-e trace=%file", options: ["-e", "trace=%file"], program: .c("raw", flags: rawFlags),
                 arguments: port),
        Scenario(name: "-c, everything", options: ["-c"], program: .c("raw", flags: rawFlags), arguments: port,
                 summary: true),
        Scenario(name: "-c -e trace=LIST", options: traceList(["-c"]), program: .c("tcp4"), arguments: port,
                 summary: true),
        Scenario(name: "-c -f with two processes", options: traceList(["-c", "-f"]), program: .c("fork_tcp"),
                 arguments: port, summary: true),
    ] + decoderFamilies + wholePrograms

    /// fork_tcp: right after fork the parent calls close(1000), the child close(1001).
    static let forkRoles = [Role(marker: "close(1000)", label: "P1"), Role(marker: "close(1001)", label: "P2")]
    static let rawFlags = ["-static", "-nostdlib", "-fno-stack-protector", "-fno-builtin", "-O1"]
}

// MARK: - Running a scenario

enum Tracer: String { case strace, sockstep }

struct TraceRun {
    var process: ProcessResult
    /// The trace: stderr, or the -o file.
    var trace: String
    /// With -o: what went to stderr besides.
    var stderr: String
}

extension Scenario {
    func command() throws -> [String] {
        switch program {
        case .c(let name, let flags):
            return [try Harness.compileC(name, extraFlags: flags)]
        case .python(let file):
            return [try Harness.pythonBinary(), try Harness.programSource(file)]
        case .rust(let name):
            return [try Harness.compileRust(name)]
        case .installed(let path):
            guard FileManager.default.isExecutableFile(atPath: path) else { throw HarnessError("\(path) is not installed") }
            return [path]
        }
    }

    func makeContext() throws -> RunContext {
        let slug = name.filter { $0.isLetter || $0.isNumber }.prefix(24)
        let context = RunContext(port: try Harness.freePort(), closedPort: try Harness.freePort(),
                                 directory: try Harness.makeTemporaryDirectory(String(slug)))
        try prepare?(context)
        return context
    }

    func run(_ tracer: Tracer, _ context: RunContext) throws -> TraceRun {
        let command = try command() + arguments(context)
        let outFile = Harness.scratchDirectory + "/trace-\(Harness.nextSerial()).txt"
        let opts = options.map { $0 == "{OUT}" ? outFile : $0 }
        let result: ProcessResult
        switch tracer {
        case .strace: result = try Harness.strace(opts + ["--"] + command)
        case .sockstep: result = try Harness.sockstep(["trace"] + opts + ["--"] + command)
        }
        if writesToFile {
            let text = (try? String(contentsOfFile: outFile, encoding: .utf8)) ?? "(no output file \(outFile))"
            return TraceRun(process: result, trace: text, stderr: result.stderr)
        }
        return TraceRun(process: result, trace: result.stderr, stderr: "")
    }

    func normalizer(_ context: RunContext) -> TraceNormalizer {
        TraceNormalizer(chosenPorts: [Int(context.port), Int(context.closedPort)],
                        columnPrefix: writesToFile && followsForks,
                        roles: roles, pidNumbers: pidNumbers, varying: varying)
    }

    func normalized(_ run: TraceRun, _ context: RunContext, dumpAs tag: String? = nil) -> [String] {
        let n = normalizer(context)
        let lines = summary ? n.normalizeSummary(run.trace) : n.normalizedText(run.trace)
        // SOCKSTEP_TEST_DUMP=DIR keeps every raw and normalized trace there, for debugging.
        if let tag, let dir = ProcessInfo.processInfo.environment["SOCKSTEP_TEST_DUMP"], !dir.isEmpty {
            let slug = name.map { $0.isLetter || $0.isNumber ? String($0) : "_" }.joined()
            try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            try? run.trace.write(toFile: "\(dir)/\(slug).\(tag).raw", atomically: true, encoding: .utf8)
            try? (lines.joined(separator: "\n") + "\n").write(toFile: "\(dir)/\(slug).\(tag).norm", atomically: true, encoding: .utf8)
        }
        return lines
    }
}

/// Records an issue with a unified diff when the normalized lines differ. Returns whether equal.
@discardableResult
func expectSameLines(_ expected: [String], _ actual: [String], expectedName: String, actualName: String,
                     what: String, sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
    let diff = LineDiff.unified(expected, actual, aName: expectedName, bName: actualName)
    if diff.isEmpty { return true }
    Issue.record(Comment(rawValue: "\(what): normalized lines differ (- \(expectedName), + \(actualName))\n\(diff)"),
                 sourceLocation: sourceLocation)
    return false
}

// MARK: - Tests

@Suite("sockstep trace prints what strace prints", .serialized)
struct StraceEqualityTests {

    @Test("strace is deterministic on this program after normalization", .timeLimit(.minutes(1)),
          arguments: Scenario.all)
    func straceIsDeterministic(_ scenario: Scenario) throws {
        let context = try scenario.makeContext()
        let first = try scenario.run(.strace, context)
        let second = try scenario.run(.strace, context)
        #expect(first.process.termination == scenario.expected, "strace run 1:\n\(first.process)")
        #expect(second.process.termination == scenario.expected, "strace run 2:\n\(second.process)")
        // Test programs write only to stderr; real programs print, the same each time.
        if scenario.printsToStdout {
            #expect(first.process.stdout == second.process.stdout, "stdout differs between runs:\n\(first.process)\n\(second.process)")
        } else {
            #expect(first.process.stdout.isEmpty, "the program wrote to stdout:\n\(first.process)")
        }
        expectSameLines(scenario.normalized(first, context, dumpAs: "strace1"),
                        scenario.normalized(second, context, dumpAs: "strace2"),
                        expectedName: "strace run 1", actualName: "strace run 2", what: scenario.name)
        if scenario.writesToFile {
            expectSameLines(scenario.normalizer(context).normalizedText(first.stderr),
                            scenario.normalizer(context).normalizedText(second.stderr),
                            expectedName: "strace run 1 stderr", actualName: "strace run 2 stderr",
                            what: scenario.name + " (stderr)")
        }
        // The harness must see real trace lines, or the comparison proves nothing.
        if !scenario.summary {
            #expect(first.trace.contains(" = ") || first.trace.contains("+++"), "no trace lines:\n\(first.process)")
        } else {
            #expect(first.trace.contains("% time"), "no summary table:\n\(first.process)")
        }
    }

    @Test("sockstep prints what strace prints", .timeLimit(.minutes(1)), arguments: Scenario.all)
    func sockstepMatchesStrace(_ scenario: Scenario) throws {
        _ = try Harness.sockstepBinary()
        let context = try scenario.makeContext()
        let reference = try scenario.run(.strace, context)
        try #require(reference.process.termination == scenario.expected, "strace run:\n\(reference.process)")
        let ours = try scenario.run(.sockstep, context)

        let equal = expectSameLines(scenario.normalized(reference, context, dumpAs: "strace"),
                                    scenario.normalized(ours, context, dumpAs: "sockstep"),
                                    expectedName: "strace", actualName: "sockstep", what: scenario.name)
        if !equal, case .timedOut = ours.process.termination {
            Issue.record("sockstep timed out:\n\(ours.process)")
        }
        #expect(ours.process.termination == reference.process.termination,
                "sockstep should end as strace does (\(reference.process.termination)):\n\(ours.process)")
        #expect(ours.process.stdout == reference.process.stdout, "stdout differs:\n\(ours.process)")
        if scenario.writesToFile {
            expectSameLines(scenario.normalizer(context).normalizedText(reference.stderr),
                            scenario.normalizer(context).normalizedText(ours.stderr),
                            expectedName: "strace stderr", actualName: "sockstep stderr",
                            what: scenario.name + " (stderr besides the -o file)")
        }
        #expect(ours.process.leftovers.isEmpty, "sockstep left processes behind: \(ours.process.leftovers)")
    }

    /// The parent blocks in accept4 until the child connects (after 300 ms), so both tracers
    /// must print the call split in two: `accept4(3,  <unfinished ...>` (two spaces) and later
    /// `<... accept4 resumed>{sa_family=AF_INET, ...}, [16], SOCK_CLOEXEC) = 4`.
    @Test("a blocked accept4 shows <unfinished ...> and <... accept4 resumed>", .timeLimit(.minutes(1)))
    func blockedAcceptIsSplit() throws {
        let scenario = Scenario.all.first { $0.name.hasPrefix("C fork: parent accepts") }!
        let context = try scenario.makeContext()
        for tracer in [Tracer.strace, .sockstep] {
            if tracer == .sockstep { _ = try Harness.sockstepBinary() }
            let run = try scenario.run(tracer, context)
            let lines = run.trace.split(separator: "\n").map(String.init)
            let unfinished = lines.firstIndex { $0.wholeMatch(of: #/\[pid +\d+\] accept4\(3,  <unfinished \.\.\.>/#) != nil }
            let resumed = lines.firstIndex {
                $0.wholeMatch(of: #/\[pid +\d+\] <\.\.\. accept4 resumed>\{sa_family=AF_INET, sin_port=htons\(\d+\), sin_addr=inet_addr\("127\.0\.0\.1"\)\}, \[16\], SOCK_CLOEXEC\) = 4/#) != nil
            }
            #expect(unfinished != nil, "\(tracer): no `[pid N] accept4(3,  <unfinished ...>` line:\n\(Harness.clip(run.trace))")
            #expect(resumed != nil, "\(tracer): no `[pid N] <... accept4 resumed>{...}, [16], SOCK_CLOEXEC) = 4` line:\n\(Harness.clip(run.trace))")
            if let u = unfinished, let r = resumed {
                #expect(u < r, "\(tracer): resumed before unfinished")
                // Some other process's line comes between them: the child's connect.
                #expect(lines[(u + 1)..<r].contains { $0.contains("connect(") },
                        "\(tracer): the child's connect should come between:\n\(Harness.clip(run.trace))")
                // Same pid on both halves.
                #expect(lines[u].prefix(11) == lines[r].prefix(11))
            }
            #expect(run.process.termination == .exited(0), "\(tracer):\n\(run.process)")
        }
    }

    /// sockstep exits with the tracee's exit status, and dies of the tracee's signal.
    @Test("sockstep ends as the tracee ends", .timeLimit(.minutes(1)),
          arguments: [(["exit", "0"], Termination.exited(0)), (["exit", "42"], .exited(42)),
                      (["segv"], .signaled(SIGSEGV)), (["kill"], .signaled(SIGKILL))])
    func exitStatus(_ arguments: [String], _ expected: Termination) throws {
        let program = try Harness.compileC("signals")
        let reference = try Harness.strace(["-o", "/dev/null", "--", program] + arguments)
        #expect(reference.termination == expected, "strace:\n\(reference)")
        let ours = try Harness.sockstep(["trace", "-o", "/dev/null", "--", program] + arguments)
        #expect(ours.termination == expected, "sockstep:\n\(ours)")
    }
}
