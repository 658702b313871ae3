// The tracer's process lifecycle (issue 9), each case run under real strace and under sockstep
// and compared line by line: a process that stops itself with SIGSTOP stays stopped until
// SIGCONT; a sleep stopped and continued goes on as restart_syscall; execve from a thread
// other than the leader; a failed exec; 32-bit calls (`int $0x80`); the signal state a traced
// command starts with. Only pids, pointers, the tracer's name and the padding before ` = ` are
// normalized (LifecycleNormalizer). After each run no process is left stopped, traced or
// running.
//
// The programs are the modes of Programs/lifecycle.c.

import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Line-by-line normalization for traces whose line order does not depend on the scheduler:
/// every pid (in `[pid N]`, `Process N`, `pid N`, `PID=N`, `si_pid=N`, `kill(N`, the `-o FILE
/// -f` column) becomes P1, P2, ... in order of first appearance; pointers (0x and 6 or more hex
/// digits) 0x<PTR>; `strace: `, `/usr/bin/strace: ` and `sockstep: ` at a line's start
/// `TRACER: `; the spaces before ` = ` one space (the column depends on the pids' widths).
struct LifecycleNormalizer {
    static func lines(_ text: String) -> [String] {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        var labels: [String: String] = [:]
        func label(_ pid: Substring) -> String {
            if let known = labels[String(pid)] { return known }
            let new = "P\(labels.count + 1)"
            labels[String(pid)] = new
            return new
        }
        let pidPattern = #/(\[pid +|Process |pid |PID=|si_pid=|pid changed to |kill\(|^)(\d+)(?=[\] ,.]|$)/#
        return lines.map { line in
            var out = line
            out = out.replacing(#/^(/usr/bin/strace|strace|sockstep): /#) { _ in "TRACER: " }
            out = out.replacing(pidPattern) { match in
                let (_, before, pid) = match.output
                // A line-leading number is a pid only in the -o FILE -f column (`1234 call(`).
                if before.isEmpty && !line.hasPrefix(String(pid) + " ") { return String(match.output.0) }
                return before + label(pid)
            }
            out = out.replacing(#/\[pid +(P\d+)\]/#) { match in "[pid \(match.output.1)]" }
            out = out.replacing(#/^(P\d+) +/#) { match in "\(match.output.1) " }
            out = out.replacing(#/0x[0-9a-f]{6,}/#) { _ in "0x<PTR>" }
            out = out.replacing(#/ +=( |$)/#) { match in " =" + match.output.1 }
            return out
        }
    }
}

@Suite("The tracer's process lifecycle, compared with strace", .serialized)
struct LifecycleTests {

    static func program() throws -> String {
        try Harness.compileC("lifecycle", extraFlags: ["-pthread"])
    }

    /// `strace ARGS` or `sockstep trace ARGS`.
    static func tracerArgv(_ tracer: Tracer, _ arguments: [String]) throws -> [String] {
        switch tracer {
        case .strace: return [try Harness.straceBinary()] + arguments
        case .sockstep: return [try Harness.sockstepBinary(), "trace"] + arguments
        }
    }

    /// Runs `arguments` under `tracer` to its end; the trace is stderr, or the -o file.
    static func trace(_ tracer: Tracer, _ arguments: [String], outFile: String? = nil,
                      environment: [String: String] = Harness.traceEnvironment) throws -> (ProcessResult, String) {
        let argv = try tracerArgv(tracer, arguments)
        let result = try Harness.run(argv[0], Array(argv.dropFirst()), environment: environment, timeout: 30)
        if let outFile {
            return (result, (try? String(contentsOfFile: outFile, encoding: .utf8)) ?? "(no output file)")
        }
        return (result, result.stderr)
    }

    /// Compares strace's run with sockstep's: the normalized trace, stdout, how each ended,
    /// and that nothing was left behind.
    static func compare(_ arguments: [String], expected: Termination, what: String,
                        environment: [String: String] = Harness.traceEnvironment,
                        sourceLocation: SourceLocation = #_sourceLocation) throws -> (strace: String, sockstep: String) {
        var traces: [String] = []
        var results: [ProcessResult] = []
        for tracer in [Tracer.strace, .sockstep] {
            let outFile = arguments.contains("{OUT}") ? Harness.scratchDirectory + "/lifecycle-\(Harness.nextSerial()).txt" : nil
            let args = arguments.map { $0 == "{OUT}" ? outFile! : $0 }
            let (result, trace) = try trace(tracer, args, outFile: outFile, environment: environment)
            traces.append(trace)
            results.append(result)
            #expect(result.termination == expected, "\(tracer) \(what):\n\(result)", sourceLocation: sourceLocation)
            #expect(result.leftovers.isEmpty, "\(tracer) left processes behind: \(result.leftovers)", sourceLocation: sourceLocation)
        }
        expectSameLines(LifecycleNormalizer.lines(traces[0]), LifecycleNormalizer.lines(traces[1]),
                        expectedName: "strace", actualName: "sockstep", what: what, sourceLocation: sourceLocation)
        #expect(results[0].stdout == results[1].stdout, "stdout differs (\(what)):\n\(results[1])", sourceLocation: sourceLocation)
        return (traces[0], traces[1])
    }

    // MARK: - SIGSTOP and SIGCONT

    /// The traced program of a tracer started in the background: its only child.
    static func tracedChild(of tracer: CLIProcess) async -> pid_t? {
        var child: pid_t?
        _ = await cliWaitUntil(timeout: .seconds(30)) {
            child = cliDescendants(of: tracer.pid).first
            return child != nil
        }
        return child
    }

    struct StoppedRun {
        var trace: String
        var stdout: String
        var end: CLIEnd?
        /// What /proc said about the program while it was stopped, several times.
        var statesWhileStopped: [Character]
    }

    /// Starts `lifecycle MODE` under `tracer`, waits until `ready` says the program is where the
    /// test wants it, stops it with SIGSTOP (unless it stops itself), checks that it stays in
    /// `t` for a while, sends SIGCONT, and collects the trace. The `wait` mode waits on a named
    /// pipe, which gets a byte after SIGCONT (so that no timing matters).
    static func stopAndContinue(_ tracer: Tracer, mode: String, traceList: String, stopItself: Bool,
                                ready: @escaping (pid_t) -> Bool) async throws -> StoppedRun {
        let dir = try CLIDir()
        let outFile = dir.file("trace.txt")
        let fifo = dir.file("fifo")
        var modeArguments = [mode]
        if mode == "wait" {
            try #require(mkfifo(fifo, 0o600) == 0, "mkfifo: \(String(cString: strerror(errno)))")
            modeArguments.append(fifo)
        }
        let argv = try tracerArgv(tracer, ["-o", outFile, "-e", "trace=" + traceList, "--", try program()] + modeArguments)
        let process = try CLIProcess(argv, stdoutPath: dir.file("out"), stderrPath: dir.file("err"),
                                     environment: Harness.traceEnvironment)
        defer { process.killGroup() }
        guard let child = await tracedChild(of: process) else {
            _ = await process.wait(timeout: .seconds(1))
            Issue.record("\(tracer): no traced process appeared\n\(process.summary)")
            return StoppedRun(trace: "", stdout: "", end: nil, statesWhileStopped: [])
        }
        let isReady = await cliWaitUntil(timeout: .seconds(10)) { ready(child) }
        #expect(isReady, "\(tracer): the program never got where the test stops it: \(cliProcInfo(child).map(\.description) ?? "gone")")
        if !stopItself { kill(child, SIGSTOP) }
        let stopped = await cliWaitUntil(timeout: .seconds(10)) { cliProcInfo(child)?.state == "t" }
        #expect(stopped, "\(tracer): the program never showed state t: \(cliProcInfo(child).map(\.description) ?? "gone")")
        // It stays stopped: the tracer keeps it in the group-stop (PTRACE_LISTEN), it does not
        // let it run on.
        var states: [Character] = []
        for _ in 0..<5 {
            try await Task.sleep(for: .milliseconds(60))
            states.append(cliProcInfo(child)?.state ?? "?")
        }
        let outBeforeContinue = cliReadFile(dir.file("out"))
        kill(child, SIGCONT)
        if mode == "wait" {
            let fd = open(fifo, O_WRONLY | O_NONBLOCK)
            #expect(fd >= 0 && write(fd, "!", 1) == 1, "\(tracer): cannot wake the program: \(String(cString: strerror(errno)))")
            if fd >= 0 { close(fd) }
        }
        let end = await process.wait(timeout: .seconds(20))
        let leftovers = Harness.processes(inGroup: process.pid)
        #expect(leftovers.isEmpty, "\(tracer) left processes behind: \(leftovers)")
        #expect(outBeforeContinue.isEmpty, "\(tracer): the program ran on before SIGCONT: \(outBeforeContinue)")
        return StoppedRun(trace: cliReadFile(outFile), stdout: process.stdout, end: end, statesWhileStopped: states)
    }

    @Test("a process that stops itself with SIGSTOP stays in state t until SIGCONT; the lines equal strace's",
          .timeLimit(.minutes(3)))
    func stopsUntilContinued() async throws {
        var traces: [String] = []
        for tracer in [Tracer.strace, .sockstep] {
            let run = try await Self.stopAndContinue(tracer, mode: "stop", traceList: "kill,write,exit_group",
                                                     stopItself: true) { _ in true }
            #expect(run.statesWhileStopped.allSatisfy { $0 == "t" }, "\(tracer): states while stopped: \(run.statesWhileStopped)")
            #expect(run.end == .exited(0), "\(tracer): \(run.end.map(\.description) ?? "still running")")
            #expect(run.stdout == "x\n", "\(tracer): stdout \(run.stdout)")
            traces.append(run.trace)
        }
        let expected = LifecycleNormalizer.lines(traces[0])
        expectSameLines(expected, LifecycleNormalizer.lines(traces[1]),
                        expectedName: "strace", actualName: "sockstep", what: "SIGSTOP, then SIGCONT")
        // The oracle shows what the test is about.
        #expect(expected.contains("--- stopped by SIGSTOP ---"), "strace:\n\(traces[0])")
        #expect(expected.contains { $0.hasPrefix("--- SIGCONT {si_signo=SIGCONT") }, "strace:\n\(traces[0])")
    }

    /// poll with a timeout, stopped by SIGSTOP, returns ERESTART_RESTARTBLOCK and goes on as
    /// restart_syscall after SIGCONT. strace names the call it resumes when it printed that
    /// call, and says "system call" when -e trace= left it out.
    @Test("a wait stopped and continued goes on as restart_syscall(<... resuming interrupted poll ...>)",
          .timeLimit(.minutes(3)), arguments: ["poll,restart_syscall,write,exit_group", "restart_syscall,write,exit_group"])
    func restartSyscallNamesTheInterruptedCall(_ traceList: String) async throws {
        var traces: [String] = []
        for tracer in [Tracer.strace, .sockstep] {
            // Asleep in poll (number 7), not at its entry stop (state t): a SIGSTOP that came
            // before the sleep would make poll restart as poll, not as restart_syscall.
            let run = try await Self.stopAndContinue(tracer, mode: "wait", traceList: traceList, stopItself: false) { pid in
                cliProcInfo(pid)?.state == "S" && cliReadFile("/proc/\(pid)/syscall").hasPrefix("7 ")
            }
            #expect(run.end == .exited(0), "\(tracer): \(run.end.map(\.description) ?? "still running")")
            #expect(run.stdout == "woke\n", "\(tracer): stdout \(run.stdout)")
            traces.append(run.trace)
        }
        expectSameLines(LifecycleNormalizer.lines(traces[0]), LifecycleNormalizer.lines(traces[1]),
                        expectedName: "strace", actualName: "sockstep", what: "poll, SIGSTOP, SIGCONT, -e trace=\(traceList)")
        let resumed = traceList.hasPrefix("poll") ? "poll" : "system call"
        for (name, trace) in [("strace", traces[0]), ("sockstep", traces[1])] {
            #expect(LifecycleNormalizer.lines(trace).contains("restart_syscall(<... resuming interrupted \(resumed) ...>) = 1"),
                    "\(name):\n\(trace)")
        }
        if traceList.hasPrefix("poll") {
            #expect(LifecycleNormalizer.lines(traces[1]).contains("poll([{fd=3, events=POLLIN}], 1, 60000) = ? ERESTART_RESTARTBLOCK (Interrupted by signal)"),
                    "sockstep:\n\(traces[1])")
        }
    }

    // MARK: - execve from a thread

    struct ThreadExecCase: Sendable, CustomTestStringConvertible {
        var options: [String]
        var testDescription: String { options.joined(separator: " ") }
    }

    @Test("execve from a thread other than the leader: the leader's call ends, the thread takes its pid",
          .timeLimit(.minutes(3)),
          arguments: [
              ThreadExecCase(options: ["-f", "-e", "trace=execve,pause,write,exit_group"]),
              ThreadExecCase(options: ["-f", "-e", "trace=execve"]),
              ThreadExecCase(options: ["-f", "-e", "trace=write"]),
              ThreadExecCase(options: ["-f", "-o", "{OUT}", "-e", "trace=execve,pause,write"]),
              ThreadExecCase(options: ["-e", "trace=execve,pause,write"]),
          ])
    func execveFromThread(_ testCase: ThreadExecCase) throws {
        let (strace, sockstep) = try Self.compare(testCase.options + ["--", try Self.program(), "thread-exec"],
                                                  expected: .exited(0), what: testCase.testDescription)
        if testCase.options.contains("-f") {
            for (name, trace) in [("strace", strace), ("sockstep", sockstep)] {
                #expect(trace.contains("+++ superseded by execve in pid "), "\(name):\n\(trace)")
            }
        }
    }

    // MARK: - A failed exec

    @Test("a command that cannot be executed: the execve line, `sockstep: exec: ...`, exited with 1 — as strace",
          .timeLimit(.minutes(3)), arguments: ["directory", "not executable", "directory -f -o FILE", "directory -e trace=none"])
    func failedExec(_ kind: String) throws {
        let dir = try Harness.makeTemporaryDirectory("failed-exec")
        var target = dir
        if kind == "not executable" {
            target = dir + "/data.txt"
            try #require(FileManager.default.createFile(atPath: target, contents: Data("not a program\n".utf8),
                                                        attributes: [.posixPermissions: 0o644]))
        }
        var options: [String] = []
        if kind.hasSuffix("-f -o FILE") { options = ["-f", "-o", "{OUT}"] }
        if kind.hasSuffix("-e trace=none") { options = ["-e", "trace=none"] }
        let (_, sockstep) = try Self.compare(options + ["--", target], expected: .exited(1), what: kind)
        // None of sockstep's own code between fork and exec shows (its error pipe, exit_group(127)).
        #expect(!sockstep.contains("write(") && !sockstep.contains("exit_group("), "sockstep:\n\(sockstep)")
        #expect(sockstep.contains("+++ exited with 1 +++"), "sockstep:\n\(sockstep)")
    }

    /// sockstep starts a command with clone(CLONE_VM), which valgrind cannot follow;
    /// SOCKSTEP_SPAWN=fork starts it with fork, for profiling. Both ways the lines are strace's
    /// (strace and the command get the variable too: the same environment).
    @Test("SOCKSTEP_SPAWN=fork (for valgrind): a command, its thread's execve and a failed exec as strace prints them",
          .timeLimit(.minutes(3)), arguments: ["fork", "clone"])
    func spawnWithFork(_ how: String) throws {
        var environment = Harness.traceEnvironment
        environment["SOCKSTEP_SPAWN"] = how
        let program = try Self.program()
        _ = try Self.compare(["-f", "-e", "trace=execve,pause,write,exit_group", "--", program, "thread-exec"],
                             expected: .exited(0), what: "SOCKSTEP_SPAWN=\(how) thread-exec", environment: environment)
        let (_, failed) = try Self.compare(["--", Harness.scratchDirectory], expected: .exited(1),
                                           what: "SOCKSTEP_SPAWN=\(how) failed exec", environment: environment)
        #expect(failed.contains("exec: Permission denied"), "sockstep:\n\(failed)")
        // Which way sockstep started it, as strace (following sockstep alone, not its child)
        // sees sockstep's own clone: CLONE_VM with a stack of its own, or glibc's fork.
        let out = Harness.scratchDirectory + "/spawn-\(how)-\(Harness.nextSerial()).txt"
        let watched = try Harness.run(try Harness.straceBinary(),
                                      ["-qq", "-e", "trace=clone,clone3,fork,vfork", "-o", out, try Harness.sockstepBinary(),
                                       "trace", "-e", "trace=none", "--", "/bin/true"],
                                      environment: environment, timeout: 30)
        #expect(watched.termination == .exited(0), "\(watched)")
        let calls = (try? String(contentsOfFile: out, encoding: .utf8)) ?? ""
        if how == "fork" {
            #expect(calls.contains("clone(") && !calls.contains("CLONE_VM"), "sockstep's own calls:\n\(calls)")
        } else {
            #expect(calls.contains("flags=CLONE_VM|SIGCHLD"), "sockstep's own calls:\n\(calls)")
        }
    }

    @Test("--block execve: the execve fails with EPERM, then what strace prints for a failed exec", .timeLimit(.minutes(3)))
    func blockedExec() throws {
        let (result, trace) = try Self.trace(.sockstep, ["--block", "execve", "--", "/bin/true"])
        #expect(result.termination == .exited(1), "\(result)")
        #expect(result.leftovers.isEmpty, "left behind: \(result.leftovers)")
        let lines = LifecycleNormalizer.lines(trace)
        #expect(lines == [
            #"execve("/bin/true", ["/bin/true"], 0x<PTR> /* 3 vars */) = -1 EPERM (Operation not permitted)"#,
            "TRACER: exec: Operation not permitted",
            "+++ exited with 1 +++",
        ], "sockstep:\n\(trace)")
        // The same shape as strace's for an exec that fails.
        let (_, reference) = try Self.trace(.strace, ["--", Harness.scratchDirectory])
        let shape = LifecycleNormalizer.lines(reference).map {
            $0.replacingOccurrences(of: "EACCES (Permission denied)", with: "EPERM (Operation not permitted)")
                .replacingOccurrences(of: "exec: Permission denied", with: "exec: Operation not permitted")
                .replacingOccurrences(of: Harness.scratchDirectory, with: "/bin/true")
        }
        #expect(lines == shape, "strace's failed exec:\n\(reference)")
    }

    // MARK: - 32-bit calls

    struct Int80Case: Sendable, CustomTestStringConvertible {
        var strace: [String]
        var sockstep: [String]
        var testDescription: String { "strace " + strace.joined(separator: " ") }
    }

    /// strace decodes 32-bit calls with its i386 table; sockstep prints them as
    /// `strace -e raw=all` does (name and arguments in hex), and the personality lines as strace.
    @Test("32-bit calls (int $0x80): `[ Process PID=N runs in 32 bit mode. ]` as strace, the calls as strace -e raw=all",
          .timeLimit(.minutes(3)),
          arguments: [
              Int80Case(strace: ["-e", "trace=getuid"], sockstep: ["-e", "trace=getuid"]),
              Int80Case(strace: ["-e", "trace=none"], sockstep: ["-e", "trace=none"]),
              Int80Case(strace: ["-e", "raw=all", "-e", "trace=write,exit"], sockstep: ["-e", "trace=write,exit"]),
              Int80Case(strace: ["-o", "{OUT}", "-e", "trace=getuid"], sockstep: ["-o", "{OUT}", "-e", "trace=getuid"]),
          ])
    func int80(_ testCase: Int80Case) throws {
        let program = try Self.program()
        var traces: [String] = []
        for (tracer, options) in [(Tracer.strace, testCase.strace), (.sockstep, testCase.sockstep)] {
            let outFile = options.contains("{OUT}") ? Harness.scratchDirectory + "/int80-\(Harness.nextSerial()).txt" : nil
            let args = options.map { $0 == "{OUT}" ? outFile! : $0 } + ["--", program, "int80"]
            let (result, trace) = try Self.trace(tracer, args, outFile: outFile)
            #expect(result.termination == .exited(3), "\(tracer):\n\(result)")
            #expect(result.leftovers.isEmpty, "\(tracer) left processes behind: \(result.leftovers)")
            traces.append(trace)
        }
        expectSameLines(LifecycleNormalizer.lines(traces[0]), LifecycleNormalizer.lines(traces[1]),
                        expectedName: "strace", actualName: "sockstep", what: testCase.testDescription)
        let personalityLines = traces[0].split(separator: "\n").filter { $0.hasPrefix("[ Process PID=") }.count
        #expect(personalityLines == (testCase.strace.contains("-o") ? 0 : 3), "strace:\n\(traces[0])")
    }

    // MARK: - What a traced command starts with

    /// Started by the harness (empty mask, default actions), or by Python with SIGCHLD ignored
    /// (Python also ignores SIGPIPE and SIGXFSZ, which execve passes on): the traced command
    /// sees what it sees untraced, under strace and under sockstep. With SIGCHLD ignored the
    /// tracer still sees every stop (it sets SIGCHLD's action to the default while tracing).
    @Test("a traced command starts with an empty signal mask and the signal actions it has untraced",
          .timeLimit(.minutes(3)), arguments: [false, true])
    func signalState(_ ignoreSIGCHLD: Bool) throws {
        let program = try Self.program()
        let ignoring = "import os, signal, sys; signal.signal(signal.SIGCHLD, signal.SIG_IGN); os.execv(sys.argv[1], sys.argv[1:])"
        var outputs: [String] = []
        for argv in [[program, "sigstate"],
                     try Self.tracerArgv(.strace, ["-o", "/dev/null", "--", program, "sigstate"]),
                     try Self.tracerArgv(.sockstep, ["-o", "/dev/null", "--", program, "sigstate"])] {
            let result = ignoreSIGCHLD
                ? try Harness.run(try Harness.pythonBinary(), ["-c", ignoring] + argv, environment: Harness.traceEnvironment, timeout: 30)
                : try Harness.run(argv[0], Array(argv.dropFirst()), environment: Harness.traceEnvironment, timeout: 30)
            #expect(result.termination == .exited(0), "\(result)")
            #expect(result.leftovers.isEmpty, "left behind: \(result.leftovers)")
            outputs.append(result.stdout)
        }
        #expect(outputs[0].contains("SigBlk:\t0000000000000000"), "untraced:\n\(outputs[0])")
        #expect(outputs[1] == outputs[0], "strace's command:\n\(outputs[1])\nuntraced:\n\(outputs[0])")
        #expect(outputs[2] == outputs[0], "sockstep's command:\n\(outputs[2])\nuntraced:\n\(outputs[0])")
        if ignoreSIGCHLD {
            // SIGCHLD is signal 17: bit 16 of SigIgn.
            let ignored = outputs[0].split(separator: "\n").first { $0.hasPrefix("SigIgn:") }
                .flatMap { UInt64($0.dropFirst("SigIgn:".count).trimmingCharacters(in: .whitespaces), radix: 16) } ?? 0
            #expect(ignored & (1 << 16) != 0, "SIGCHLD should be ignored:\n\(outputs[0])")
        }
    }
}
