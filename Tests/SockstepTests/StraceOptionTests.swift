// strace 6.1's options (issue 12, item 1): each one run under real strace and under
// `sockstep trace` with the same arguments on the same program, the two outputs compared after
// normalizing only what varies between runs (pids, ephemeral ports, inodes, pointers,
// instruction pointers, timings; Support/TraceComparison.swift and `varying` below). The
// programs are Programs/options.c (a fixed sequence of calls per mode, nothing left to the
// scheduler) and the socket programs of StraceEqualityTests. Bad command lines: strace's
// message, word for word, with sockstep's name where strace prints its own.
//
// Run only these with `swift test --filter StraceOption`; SOCKSTEP_TEST_DUMP=DIR keeps the
// traces (as in StraceEqualityTests).

import Foundation
import Testing

/// The calls of Programs/options.c that sockstep decodes in full.
/// The calls of options.c's `cwd` mode that take a directory descriptor.
let dirfdCalls = "openat,newfstatat,mkdirat,unlinkat"
let optionCalls = "close,socket,connect,getsockname,listen,exit_group,write,read,sendto,recvfrom,sendmsg,recvmsg,"
    + "sendmmsg,recvmmsg,socketpair,prctl,poll,dup,getpid"

/// Lines that vary from run to run in ways TraceNormalizer does not cover: the instruction
/// pointer (-i), the clock at other precisions than -tt/-T (-t, -ttt, -r=ns, -T=ms), a pidfd's
/// pid, the tracer's own name as a process name (-Y: the child before its execve is the tracer).
func varying(_ text: String) -> String {
    var s = text
    s = s.replacing(#/\[[0-9a-f]{16}\] /#) { _ in "[IP] " }
    s = s.replacing(#/(?m)(^|\] |^\d+ +)\d\d:\d\d:\d\d(\.\d+)? /#) { m in "\(m.1)##:##:## " }
    s = s.replacing(#/(?m)(^|\] |^\d+ +)\d{10}(\.\d+)? /#) { m in "\(m.1)########## " }
    s = s.replacing(#/(?m)(^|\] |\d+ |\(\+) *\d+\.\d{9}( |\) )/#) { m in "\(m.1)#.#########\(m.2)" }
    s = s.replacing(#/\(\+ *\d+\.\d{6}\) /#) { _ in "(+#.######) " }
    s = s.replacing(#/ <\d+\.\d{3}>$/#.anchorsMatchLineEndings()) { _ in " <#.###>" }
    s = s.replacing(#/<pid:\d+>/#) { _ in "<pid:PID>" }
    s = s.replacing(#/<(strace|sockstep)>/#) { _ in "<TRACER>" }
    s = s.replacing(#/getpid\(\)( +)= \d+/#) { m in "getpid()\(m.1)= PID" }
    // -X raw and -X verbose: a port as its two bytes.
    s = s.replacing(#/_port="\\x([0-9a-f]{2})\\x([0-9a-f]{2})"/#) { m in
        "_port=RAW(htons(\((Int(m.1, radix: 16) ?? 0) * 256 + (Int(m.2, radix: 16) ?? 0))))"
    }
    return s
}

struct OptionScenario: Sendable, CustomTestStringConvertible {
    var scenario: Scenario
    var testDescription: String { scenario.name }

    init(_ name: String, _ options: [String], _ program: Scenario.Program, _ arguments: @escaping @Sendable (RunContext) -> [String],
         summary: Bool = false, expected: Termination = .exited(0)) {
        scenario = Scenario(name: name, options: options, program: program, arguments: arguments, summary: summary, expected: expected)
    }

    static func mode(_ words: String...) -> @Sendable (RunContext) -> [String] { { _ in words } }
    static let port: @Sendable (RunContext) -> [String] = { [String($0.port)] }
    static let options = Scenario.Program.c("options")
    static func list(_ extra: String...) -> [String] { extra + ["-e", "trace=" + optionCalls] }

    /// Each option of item 1 with the program that shows it.
    static let all: [OptionScenario] = [
        // Output format
        .init("-a 20", Scenario.traceList(["-a", "20"]), .c("tcp4"), port),
        .init("--columns=60", Scenario.traceList(["--columns=60"]), .c("tcp4"), port),
        .init("-a0 with -f and -T", Scenario.traceList(["-fTa0"]), .c("fork_tcp"), port),
        .init("-n: the call's number, and the last call's on signal and exit lines", list("-f", "-n"), options, mode("family")),
        .init("-i: the instruction pointer, ? once the process is gone", list("-f", "-i"), options, mode("family")),
        .init("-t", Scenario.traceList(["-t"]), .c("tcp4"), port),
        .init("-ttt", Scenario.traceList(["-ttt"]), .c("tcp4"), port),
        .init("--absolute-timestamps=unix,ms", Scenario.traceList(["--absolute-timestamps=unix,ms"]), .c("tcp4"), port),
        .init("-t -r together", Scenario.traceList(["-t", "-r"]), .c("tcp4"), port),
        .init("--relative-timestamps=ns", Scenario.traceList(["--relative-timestamps=ns"]), .c("tcp4"), port),
        .init("-T --syscall-times=ms", Scenario.traceList(["-T", "--syscall-times=ms"]), .c("tcp4"), port),
        .init("-x", list("-x"), options, mode("io")),
        .init("-xx", list("-xx"), options, mode("io")),
        .init("--strings-in-hex=non-ascii-chars", list("--strings-in-hex=non-ascii-chars"), options, mode("io")),
        .init("-xx on -y paths", ["-xx", "-y", "-P", "/dev/null", "-e", "trace=write,close"], options, mode("fds")),
        .init("-X raw", Scenario.traceList(["-X", "raw"]), .c("tcp4"), port),
        .init("-X verbose", Scenario.traceList(["-X", "verbose"]), .c("tcp4"), port),
        .init("-X raw on IPv6", Scenario.traceList(["-X", "raw"]), .c("tcp6"), port),
        .init("-X verbose on IPv6", Scenario.traceList(["-X", "verbose"]), .c("tcp6"), port),
        .init("-X verbose on UNIX sockets", Scenario.traceList(["-X", "verbose"]), .c("unix"), { [$0.directory, String($0.port)] }),
        .init("-X raw on a signal", Scenario.traceList(["-X", "raw"]), .c("signals"), mode("segv"), expected: .signaled(SIGSEGV)),
        .init("-X verbose on a signal", Scenario.traceList(["-X", "verbose"]), .c("signals"), mode("segv"), expected: .signaled(SIGSEGV)),
        .init("-v: execve's environment and arrays in full", ["-v", "-s", "1", "-e", "trace=execve,poll,ppoll,epoll_wait"],
              .c("nonblock"), port),
        .init("-e verbose=none: structures as addresses", Scenario.traceList(["-e", "verbose=none"]), .c("tcp4"), port),
        .init("-e verbose=none on poll and epoll", Scenario.traceList(["-e", "verbose=none"]), .c("nonblock"), port),
        .init("-X raw on poll and epoll: revents too", Scenario.traceList(["-X", "raw"]), .c("nonblock"), port),
        .init("-X verbose on poll and epoll: revents too", Scenario.traceList(["-X", "verbose"]), .c("nonblock"), port),
        .init("-e verbose=!bind", Scenario.traceList(["-e", "verbose=!bind"]), .c("tcp4"), port),
        .init("-e abbrev=none -s 1", Scenario.traceList(["-e", "abbrev=none", "-s", "1"]), .c("nonblock"), port),
        .init("-e raw=all", Scenario.traceList(["-e", "raw=all"]), .c("tcp4"), port),
        .init("-e raw=socket,bind", Scenario.traceList(["-e", "raw=socket,bind"]), .c("tcp4"), port),
        .init("--decode-fds=path", list("--decode-fds=path"), options, mode("fds")),
        .init("--decode-fds=socket", list("--decode-fds=socket"), options, mode("fds")),
        .init("--decode-fds=dev", list("--decode-fds=dev"), options, mode("fds")),
        .init("--decode-fds=pidfd", list("--decode-fds=pidfd"), options, mode("fds")),
        .init("--decode-fds=all", list("--decode-fds=all"), options, mode("fds")),
        .init("-y on names it quotes, and a deleted file", ["-y", "-e", "trace=write,close"], options, { ["names", $0.directory] }),
        .init("-yy on names it quotes", ["-yy", "-e", "trace=write,close"], options, { ["names", $0.directory] }),
        .init("-y -x on names it quotes", ["-y", "-x", "-e", "trace=write,close"], options, { ["names", $0.directory] }),
        .init("-y after AT_FDCWD: the working directory", ["-y", "-e", "trace=" + dirfdCalls], options, { ["cwd", $0.directory] }),
        .init("-yy after AT_FDCWD", ["-yy", "-e", "trace=" + dirfdCalls], options, { ["cwd", $0.directory] }),
        .init("-y -x after AT_FDCWD", ["-y", "-x", "-e", "trace=" + dirfdCalls], options, { ["cwd", $0.directory] }),
        .init("-y -X raw after AT_FDCWD", ["-y", "-X", "raw", "-e", "trace=" + dirfdCalls], options, { ["cwd", $0.directory] }),
        .init("-y -X verbose after AT_FDCWD", ["-y", "-X", "verbose", "-e", "trace=" + dirfdCalls], options, { ["cwd", $0.directory] }),
        .init("--decode-fds=socket: AT_FDCWD alone", ["--decode-fds=socket", "-e", "trace=" + dirfdCalls], options,
              { ["cwd", $0.directory] }),
        .init("-e read=all -e write=all", list("-e", "read=all", "-e", "write=all"), options, mode("io")),
        .init("-e write=3 -e read=4", list("-e", "write=3", "-e", "read=4"), options, mode("io")),
        .init("-e read=all on TCP", Scenario.traceList(["-e", "read=all", "-e", "write=!4"]), .c("tcp4"), port),
        .init("-q -f", list("-q", "-f"), options, mode("family")),
        .init("-qq -f", list("-qq", "-f"), options, mode("family")),
        .init("-qqq -f", list("-qqq", "-f"), options, mode("family")),
        .init("--quiet=attach,exit", list("--quiet=attach,exit", "-f"), options, mode("family")),
        .init("-C", list("-C"), options, mode("io"), summary: true),
        .init("-ff without -o is -f", list("-ff"), options, mode("family")),
        // Filtering
        .init("-e signal=none", list("-f", "-e", "signal=none"), options, mode("signals")),
        .init("-e signal=!SIGUSR2", list("-f", "-e", "signal=!SIGUSR2"), options, mode("signals")),
        .init("--signals=usr1,SIGCHLD", list("-f", "--signals=usr1,SIGCHLD"), options, mode("signals")),
        .init("-e signal=none: no killed line", Scenario.traceList(["-e", "signal=none"]), .c("signals"), mode("segv"),
              expected: .signaled(SIGSEGV)),
        .init("-z", Scenario.traceList(["-z"]), .c("errors"), { [String($0.port), String($0.closedPort)] }),
        .init("-Z", Scenario.traceList(["-Z"]), .c("errors"), { [String($0.port), String($0.closedPort)] }),
        .init("--failed-only -f", list("--failed-only", "-f"), options, mode("family")),
        .init("-e status=failed,unfinished", Scenario.traceList(["-e", "status=failed,unfinished"]), .c("errors"),
              { [String($0.port), String($0.closedPort)] }),
        .init("-e status=!failed -T", Scenario.traceList(["-e", "status=!failed", "-T"]), .c("tcp4"), port),
        .init("-P PATH", ["-P", "{DIR}/data.txt", "-e", "trace=write,read,close,poll,dup"], options, { ["paths", $0.directory] }),
        .init("-P PATH -P /dev/null", ["-P", "{DIR}/data.txt", "-P", "/dev/null", "-e", "trace=write,read,close,poll,dup"], options,
              { ["paths", $0.directory] }),
        // Tampering
        .init("-e inject=connect:error=ECONNREFUSED", list("-e", "inject=connect:error=ECONNREFUSED"), options, mode("inject")),
        .init("-e inject=close:error=EBADF:when=3..5+2", list("-e", "inject=close:error=EBADF:when=3..5+2"), options, mode("inject")),
        .init("-e inject=getsockname:retval=42", list("-e", "inject=getsockname:retval=42"), options, mode("inject")),
        .init("-e fault=listen:when=1+", list("-e", "fault=listen:when=1+"), options, mode("inject")),
        .init("-e inject=listen:error=EACCES:signal=SIGUSR1", list("-e", "inject=listen:error=EACCES:signal=SIGUSR1"), options,
              mode("inject"), expected: .signaled(SIGUSR1)),
        .init("-e inject with -T and -e status=failed", list("-T", "-e", "status=failed", "-e", "inject=socket:error=EMFILE:when=2"),
              options, mode("inject")),
        .init("-f -e inject=close:error=EPERM:when=3: counted per process", list("-f", "-e", "inject=close:error=EPERM:when=3"),
              options, mode("family")),
        .init("later -e inject wins for a call both name", list("-e", "inject=close,getsockname:error=EIO", "-e", "inject=close:error=EBADF:when=3"),
              options, mode("inject")),
        .init("--seccomp-bpf -f", list("--seccomp-bpf", "-f"), options, mode("family")),
    ]
}

@Suite("sockstep trace takes strace's options and prints what strace prints with them", .serialized)
struct StraceOptionTests {

    func run(_ scenario: Scenario, _ tracer: Tracer, _ context: RunContext) throws -> TraceRun {
        var copy = scenario
        copy.options = scenario.options.map { $0.replacingOccurrences(of: "{DIR}", with: context.directory) }
        var run = try copy.run(tracer, context)
        run.trace = varying(run.trace)
        run.stderr = varying(run.stderr)
        return run
    }

    @Test("strace is deterministic on this program after normalization", .timeLimit(.minutes(1)), arguments: OptionScenario.all)
    func straceIsDeterministic(_ option: OptionScenario) throws {
        let scenario = option.scenario
        let context = try scenario.makeContext()
        let first = try run(scenario, .strace, context)
        let second = try run(scenario, .strace, context)
        #expect(first.process.termination == scenario.expected, "\(first.process)")
        expectSameLines(scenario.normalized(first, context), scenario.normalized(second, context),
                        expectedName: "strace run 1", actualName: "strace run 2", what: scenario.name)
        #expect(first.trace.contains(" = ") || first.trace.contains("+++") || first.trace.contains("% time"),
                "no trace lines:\n\(first.process)")
    }

    @Test("sockstep prints what strace prints", .timeLimit(.minutes(1)), arguments: OptionScenario.all)
    func sockstepMatchesStrace(_ option: OptionScenario) throws {
        let scenario = option.scenario
        _ = try Harness.sockstepBinary()
        let context = try scenario.makeContext()
        let reference = try run(scenario, .strace, context)
        try #require(reference.process.termination == scenario.expected, "strace run:\n\(reference.process)")
        let ours = try run(scenario, .sockstep, context)
        expectSameLines(scenario.normalized(reference, context, dumpAs: "strace"), scenario.normalized(ours, context, dumpAs: "sockstep"),
                        expectedName: "strace", actualName: "sockstep", what: scenario.name)
        #expect(ours.process.termination == reference.process.termination, "\(ours.process)")
        #expect(ours.process.stdout == reference.process.stdout, "stdout differs:\n\(ours.process)")
        #expect(ours.process.leftovers.isEmpty, "sockstep left processes behind: \(ours.process.leftovers)")
    }

    // MARK: The command line as strace's getopt reads it

    /// strace and sockstep trace with the same words, nothing added.
    func both(_ words: [String], in directory: String? = nil) throws -> (strace: ProcessResult, sockstep: ProcessResult) {
        (try Harness.run(try Harness.straceBinary(), words, environment: Harness.traceEnvironment, workingDirectory: directory),
         try Harness.run(try Harness.sockstepBinary(), ["trace"] + words, environment: Harness.traceEnvironment, workingDirectory: directory))
    }

    func expectSameTrace(_ pair: (strace: ProcessResult, sockstep: ProcessResult), _ what: String, port: UInt16 = 0,
                         sourceLocation: SourceLocation = #_sourceLocation) {
        let normalizer = TraceNormalizer(chosenPorts: [Int(port)], columnPrefix: false)
        expectSameLines(normalizer.normalizedText(varying(pair.strace.stderr)), normalizer.normalizedText(varying(pair.sockstep.stderr)),
                        expectedName: "strace", actualName: "sockstep", what: what, sourceLocation: sourceLocation)
        #expect(pair.sockstep.termination == pair.strace.termination, "\(pair.sockstep)", sourceLocation: sourceLocation)
        #expect(pair.sockstep.stdout == pair.strace.stdout, "\(pair.sockstep)", sourceLocation: sourceLocation)
    }

    @Test("bundled flags and attached values: -fTyys8 -etrace=LIST", .timeLimit(.minutes(1)))
    func bundled() throws {
        let program = try Harness.compileC("options")
        let pair = try both(["-fTyys8", "-etrace=" + optionCalls, program, "family"])
        expectSameTrace(pair, "-fTyys8 -etrace=")
        #expect(pair.strace.stderr.contains("close(1001"), "\(pair.strace)")
    }

    @Test("long options, with = or the next word, and shortened", .timeLimit(.minutes(1)))
    func longForms() throws {
        let program = try Harness.compileC("tcp4")
        let port = try Harness.freePort()
        for words in [["--follow-forks", "--string-limit=8", "--trace", decodedCalls, "--syscall-times"],
                      ["--follow", "--string-l", "8", "--trace=" + decodedCalls, "--col=50", "--successful"]] {
            expectSameTrace(try both(words + [program, String(port)]), words.joined(separator: " "), port: port)
        }
    }

    @Test("options after the command are the command's, with or without --", .timeLimit(.minutes(1)))
    func operands() throws {
        let dir = try Harness.makeTemporaryDirectory("operands")
        for words in [["-e", "trace=execve,exit_group", "/bin/true", "-f", "-o", "out.txt", "--help"],
                      ["-e", "trace=execve,exit_group", "--", "/bin/true", "-x", "--", "-o", "out.txt"],
                      ["-fe", "trace=execve", "-", "x"], ["-e", "trace=execve", "/bin/echo", "---", "-=", "--=x"]] {
            let pair = try both(words, in: dir)
            expectSameTrace(pair, words.joined(separator: " "))
            #expect(!FileManager.default.fileExists(atPath: dir + "/out.txt"), "-o after the command is the command's")
        }
    }

    @Test("-E VAR=VAL and -E VAR: the command's environment", .timeLimit(.minutes(1)))
    func environment() throws {
        let program = try Harness.compileC("options")
        for words in [["-E", "SOCKSTEP_X=1"], ["--env=HOME"], ["-EHOME=/nowhere", "-E", "HOME=/else"]] {
            for name in ["SOCKSTEP_X", "HOME"] {
                let pair = try both(words + ["-e", "trace=none", program, "env", name])
                expectSameTrace(pair, words.joined(separator: " ") + " " + name)
            }
        }
    }

    @Test("-Y with -o FILE -f: each process's name, and the name after pids", .timeLimit(.minutes(1)),
          arguments: [["family"], ["rename"]])
    func commNames(_ mode: [String]) throws {
        let program = try Harness.compileC("options")
        let dir = try Harness.makeTemporaryDirectory("comm")
        var outputs: [[String]] = []
        for tracer in [Tracer.strace, .sockstep] {
            let file = dir + "/\(tracer).txt"
            let words = ["-Y", "-f", "-o", file, "-e", "trace=" + optionCalls + ",getppid", program] + mode
            let result = tracer == .strace ? try Harness.strace(words) : try Harness.sockstep(["trace"] + words)
            #expect(result.termination == .exited(0), "\(result)")
            outputs.append(Self.labelPIDs(varying((try? String(contentsOfFile: file, encoding: .utf8)) ?? "")))
        }
        expectSameLines(outputs[0], outputs[1], expectedName: "strace", actualName: "sockstep", what: "-Y " + mode.joined())
        #expect(outputs[0].contains { $0.contains("<options> ") }, "\(outputs[0])")
    }

    @Test("-Y names the pids inside structures and results: fcntl's owners and locks, credentials, si_pid",
          .timeLimit(.minutes(1)))
    func commInsideStructures() throws {
        let program = try Harness.compileC("options")
        let dir = try Harness.makeTemporaryDirectory("owners")
        let words = ["-Y", "-e", "trace=fcntl,getsockopt,sendmsg,recvmsg,rt_sigprocmask", program, "owners", dir]
        let pair = try both(words)
        #expect(pair.strace.termination == .exited(0), "\(pair.strace)")
        // the process group's id, each run's own (it has no name: strace's printpid names threads
        // and processes; F_GETOWN's negative group below 4096 reads as an error code)
        let lines = [pair.strace, pair.sockstep].map {
            Self.labelPIDs(varying($0.stderr)).map { $0.replacing(#/-\d+( \(errno \d+\))?|F_OWNER_PGRP, pid=\d+/#) { _ in "PGRP" } }
        }
        expectSameLines(lines[0], lines[1], expectedName: "strace", actualName: "sockstep", what: "-Y owners")
        // what the test is for: the names are there (and a process group's pid has none)
        let named = lines[0].filter { $0.contains("PID<options>") }
        #expect(named.count >= 8, "\(lines[0])")
        #expect(lines[0].contains { $0.contains("si_pid=PID<options>") }, "\(lines[0])")
        #expect(lines[0].contains { $0.contains("F_SETOWN, PGRP)") }, "\(lines[0])")
    }

    /// `1234<name> ...` lines (-o FILE -f -Y) with pids as P1, P2 in order of appearance, and
    /// pids with a name after them in the line's body as PID.
    static func labelPIDs(_ text: String) -> [String] {
        var labels: [String: String] = [:]
        return text.split(separator: "\n").map { line in
            var prefix = ""
            var body = Substring(line)
            if let m = body.prefixMatch(of: #/(\d+)(<[^>]*>)? +/#) {
                let pid = String(m.1)
                if labels[pid] == nil { labels[pid] = "P\(labels.count + 1)" }
                prefix = labels[pid]! + String(m.2 ?? "") + " "
                body = body[m.range.upperBound...]
            }
            return prefix + body.replacing(#/\d+<([^>]*)>/#) { m in "PID<\(m.1)>" }
                .replacing(#/0x[0-9a-f]{6,}/#) { _ in "0x<PTR>" }.replacing(#/si_pid=\d+/#) { _ in "si_pid=PID" }
        }
    }

    @Test("-ff -o FILE: one file per process, FILE.PID", .timeLimit(.minutes(1)))
    func separateFiles() throws {
        let program = try Harness.compileC("options")
        var outputs: [[[String]]] = []
        for tracer in [Tracer.strace, .sockstep] {
            let dir = try Harness.makeTemporaryDirectory("ff-\(tracer)")
            let words = ["-ff", "-o", dir + "/trace", "-e", "trace=" + optionCalls, program, "family"]
            let result = tracer == .strace ? try Harness.strace(words) : try Harness.sockstep(["trace"] + words)
            #expect(result.termination == .exited(0), "\(result)")
            #expect(result.stderr.isEmpty, "\(result)")
            let files = try FileManager.default.contentsOfDirectory(atPath: dir).sorted { a, b in
                Int(a.split(separator: ".").last ?? "") ?? 0 < Int(b.split(separator: ".").last ?? "") ?? 0
            }
            #expect(files.count == 2 && files.allSatisfy { $0.hasPrefix("trace.") }, "\(files)")
            outputs.append(files.map { name in
                TraceNormalizer(chosenPorts: []).normalizedText(varying((try? String(contentsOfFile: dir + "/" + name, encoding: .utf8)) ?? ""))
            })
        }
        #expect(outputs[0].count == outputs[1].count)
        for (index, (a, b)) in zip(outputs[0], outputs[1]).enumerated() {
            expectSameLines(a, b, expectedName: "strace", actualName: "sockstep", what: "-ff file \(index + 1)")
        }
    }

    @Test("-A appends to the -o FILE", .timeLimit(.minutes(1)))
    func append() throws {
        let program = try Harness.compileC("options")
        var outputs: [[String]] = []
        for tracer in [Tracer.strace, .sockstep] {
            let file = try Harness.makeTemporaryDirectory("append") + "/trace.txt"
            try "what was there\n".write(toFile: file, atomically: false, encoding: .utf8)
            let words = ["-A", "-o", file, "-e", "trace=" + optionCalls, program, "rename"]
            let result = tracer == .strace ? try Harness.strace(words) : try Harness.sockstep(["trace"] + words)
            #expect(result.termination == .exited(0), "\(result)")
            outputs.append(TraceNormalizer(chosenPorts: []).normalizedText((try? String(contentsOfFile: file, encoding: .utf8)) ?? ""))
        }
        #expect(outputs[1].first == "what was there", "\(outputs[1])")
        expectSameLines(outputs[0], outputs[1], expectedName: "strace", actualName: "sockstep", what: "-A")
    }

    // MARK: Bad command lines

    /// What strace says, with sockstep's name where strace says its own.
    static func asSockstep(_ straceText: String) -> String {
        straceText.replacingOccurrences(of: Harness.stracePath + ": ", with: "sockstep: ")
            .replacingOccurrences(of: "Try '\(Harness.stracePath) -h'", with: "Try 'sockstep trace -h'")
    }

    @Test("a bad option or value: strace's message, word for word; exit 2 (strace: 1)", .timeLimit(.minutes(1)), arguments: [
        ["-Q", "true"], ["-9", "true"], ["-s"], ["-e"], ["-sx", "true"],
        ["-a", "x", "true"], ["--columns=-1", "true"], ["--foo=bar", "true"], ["---x"], ["--out=x", "true"], ["--trac=x", "true"],
        ["--s=1", "true"], ["--d", "true"], ["--follow-forks=1", "true"], ["---"], ["-="], ["--=x"],
        ["--output"], ["-X", "foo", "true"], ["-e", "trace=nosuch", "true"], ["-e", "foo=bar", "true"], ["-e", "trace=", "true"],
        ["-e", "trace=%foo", "true"], ["-e", "trace=/[", "true"], ["-e", "trace=read@16", "true"], ["-e", "signal=FOO", "true"],
        ["-e", "signal=256", "true"], ["-e", "status=foo", "true"], ["-e", "read=1,x", "true"], ["-e", "quiet=x", "true"],
        ["--decode-fds=x", "true"], ["-e", "inject=open", "true"], ["-e", "inject=open:error=FOO", "true"],
        ["-e", "inject=nosuch:error=EPERM", "true"], ["-e", "fault=open:retval=1", "true"], ["-e", "inject=open:error=1:when=3..2", "true"],
        ["-p", "x"], [], ["-f"], ["--"], ["-c", "-C", "true"], ["-ff", "-c", "true"], ["-t", "--absolute-timestamps", "true"],
        ["-x", "--strings-in-hex", "true"], ["-y", "--decode-fds", "true"], ["-f", "--follow-forks", "true"],
        ["-q", "--quiet=exit", "true"], ["--relative-timestamps=x", "true"],
    ])
    func badCommandLines(_ words: [String]) throws {
        let pair = try both(words)
        #expect(pair.strace.termination == .exited(1), "\(pair.strace)")
        #expect(pair.sockstep.termination == .exited(2), "\(pair.sockstep)")
        #expect(pair.sockstep.stderr == Self.asSockstep(pair.strace.stderr), "\(pair.strace)\n\(pair.sockstep)")
        #expect(pair.sockstep.stdout.isEmpty, "\(pair.sockstep)")
    }

    /// An option strace has and sockstep does not: what strace says of an option it does not
    /// know (`-Q`, `--no-such-option`), with that option's name.
    @Test("an option sockstep lacks: strace's message for an unknown option", .timeLimit(.minutes(1)), arguments: [
        (["-k", "true"], "k"), (["-D", "true"], "D"), (["-w", "-c", "true"], "w"), (["-u", "nobody", "true"], "u"),
        (["-b", "execve", "true"], "b"), (["-I", "1", "true"], "I"), (["-O", "1", "-c", "true"], "O"), (["-S", "calls", "-c", "true"], "S"),
        (["-U", "name", "-c", "true"], "U"), (["-d", "true"], "d"),
        (["--stack", "true"], "--stack"), (["--tips", "true"], "--tips"), (["--kvm=vcpu", "true"], "--kvm=vcpu"),
        (["--pidns-translation", "true"], "--pidns-translation"), (["--daemonize", "true"], "--daemonize"),
    ])
    func lackingOptions(_ words: [String], _ option: String) throws {
        let unknown = option.hasPrefix("--") ? "--no-such-option" : "-Q"
        let reference = try Harness.strace([unknown, "true"])
        #expect(reference.termination == .exited(1), "\(reference)")
        let expected = Self.asSockstep(reference.stderr)
            .replacingOccurrences(of: option.hasPrefix("--") ? "'--no-such-option'" : "'Q'", with: "'\(option)'")
        let ours = try Harness.sockstep(["trace"] + words)
        #expect(ours.termination == .exited(2), "\(ours)")
        #expect(ours.stderr == expected, "\(ours)")
    }

    @Test("warnings strace writes before it runs, word for word", .timeLimit(.minutes(1)), arguments: [
        ["--seccomp-bpf", "-e", "trace=none", "true"], ["-z", "-Z", "-e", "trace=none", "true"], ["-c", "-T", "-n", "-e", "trace=none", "true"],
        ["-A", "-e", "trace=none", "true"], ["-F", "-e", "trace=none", "true"], ["-e", "inject=close:retval=-1", "-e", "trace=none", "true"],
    ])
    func warnings(_ words: [String]) throws {
        let pair = try both(words)
        #expect(pair.sockstep.termination == pair.strace.termination, "\(pair.sockstep)")
        let warnings = { (text: String) in text.split(separator: "\n").filter { $0.hasPrefix("sockstep: ") } }
        #expect(!warnings(Self.asSockstep(pair.strace.stderr)).isEmpty, "\(pair.strace)")
        #expect(warnings(pair.sockstep.stderr) == warnings(Self.asSockstep(pair.strace.stderr)), "\(pair.strace)\n\(pair.sockstep)")
    }

    @Test("-h and --help print the help, -V the version: exit 0")
    func helpAndVersion() throws {
        for words in [["-h"], ["--help"], ["-f", "-h", "-Q"], ["--he"]] {
            let result = try Harness.sockstep(["trace"] + words)
            #expect(result.termination == .exited(0) && result.stdout.contains("USAGE: sockstep trace"), "\(result)")
        }
        let version = try Harness.sockstep(["trace", "-V"])
        #expect(version.termination == .exited(0) && version.stdout.hasPrefix("sockstep "), "\(version)")
    }
}
