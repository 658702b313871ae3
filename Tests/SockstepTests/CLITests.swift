// The `sockstep trace` command line as a user meets it (issue 2, items 2 and 8): bad input, exit
// statuses, signals to sockstep and to the traced command, -p attach/detach, and the rule that no
// process is ever left stopped, traced or orphaned. Every test drives the built binary; every
// process has a deadline and is killed (with its process group) when a check fails.
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

@Suite("sockstep trace: command line, exit status, signals, nothing left behind", .serialized)
struct CLITests {

    // MARK: - Bad input (item 8)

    @Test("unknown option, missing option value or missing command: strace's message and its `Try ... -h` line on stderr, exit 2",
          arguments: [
              ["trace", "--no-such-option", "--", "/bin/true"],
              ["trace", "-9", "/bin/true"],
              ["trace", "-e"],
              ["trace"],
              ["trace", "--"],
              ["trace", "-f", "-o", "/dev/null"],
          ])
    func usageErrors(_ arguments: [String]) async throws {
        let dir = try CLIDir()
        let result = try await cliRun(arguments, in: dir)
        #expect(result.end == .exited(2), "\(result)")
        #expect(result.stderr.hasSuffix("\nTry 'sockstep trace -h' for more information.\n"), "no pointer to the help on stderr: \(result)")
        #expect(result.stdout.isEmpty, "usage errors go to stderr only: \(result)")
    }

    @Test("command not found: strace's `Can't stat 'CMD': No such file or directory`, exit 1",
          arguments: [
              ["trace", "--", "sockstep-no-such-command"],
              ["trace", "sockstep-no-such-command"],
              ["trace", "-f", "--", "/nonexistent/dir/foo", "arg"],
          ])
    func commandNotFound(_ arguments: [String]) async throws {
        let dir = try CLIDir()
        let command = arguments.first(where: { $0.contains("nonexistent") || $0.contains("no-such") })!
        let result = try await cliRun(arguments, in: dir)
        #expect(result.end == .exited(1), "\(result)")
        #expect(result.stderrLines == ["sockstep: Can't stat '\(command)': No such file or directory"],
                "\(result)")
    }

    // MARK: - Exit status (item 2: "sockstep exits with the tracee's status as strace does")

    struct ExitCase: Sendable, CustomTestStringConvertible {
        let code: Int32
        let toFile: Bool
        var testDescription: String { "exit \(code)" + (toFile ? " with -o FILE" : "") }
    }

    @Test("--version names sockstep and the libseccomp it is linked with")
    func versionShowsLibseccomp() async throws {
        let dir = try CLIDir()
        let result = try await cliRun(["--version"], in: dir)
        #expect(result.end == .exited(0), "\(result)")
        #expect(result.stdout.hasPrefix("sockstep ") && result.stdout.contains("(libseccomp 2."), "\(result)")
    }

    @Test("sockstep exits with the command's exit status",
          arguments: [ExitCase(code: 0, toFile: false), ExitCase(code: 3, toFile: false),
                      ExitCase(code: 3, toFile: true), ExitCase(code: 42, toFile: true)])
    func exitStatus(_ c: ExitCase) async throws {
        let dir = try CLIDir()
        let traceFile = dir.file("trace.txt")
        let options = c.toFile ? ["-o", traceFile] : []
        let result = try await cliRun(["trace"] + options + ["--", "/bin/sh", "-c", "exit \(c.code)"], in: dir)
        #expect(result.end == .exited(c.code), "\(result)")
        let trace = c.toFile ? cliReadFile(traceFile) : result.stderr
        let lastLine = trace.split(separator: "\n").last.map(String.init)
        #expect(lastLine == "+++ exited with \(c.code) +++", "trace:\n\(trace)")
        if c.toFile {
            #expect(result.stderr.isEmpty, "with -o the trace goes to the file only: \(result)")
        }
    }

    @Test("a command killed by SIGKILL: sockstep dies of SIGKILL too (shell status 137), as strace")
    func commandKilled() async throws {
        let dir = try CLIDir()
        let pidFile = dir.file("pids")
        let result = try await cliRun(
            ["trace", "-f", "--", "/bin/sh", "-c", "echo $$ > \(pidFile); kill -KILL $$"], in: dir)
        #expect(result.end == .signaled(SIGKILL), "\(result)")
        #expect(result.end.shellStatus == 137)
        #expect(result.stderrLines.last == "+++ killed by SIGKILL +++", "\(result)")
        try await expectAllDead(cliReadPids(pidFile), after: "the command was killed")
    }

    @Test("a crashing command (SIGSEGV): sockstep ends cleanly and dies of SIGSEGV (shell status 139)")
    func commandCrashes() async throws {
        let dir = try CLIDir()
        let pidFile = dir.file("pid")
        let program = "import ctypes, os; open('\(pidFile)', 'w').write(str(os.getpid())); ctypes.string_at(0)"
        let result = try await cliRun(["trace", "--", cliPython, "-c", program], in: dir)
        #expect(result.end == .signaled(SIGSEGV), "\(result)")
        #expect(result.end.shellStatus == 139)
        #expect(result.stderr.contains("--- SIGSEGV {si_signo=SIGSEGV, si_code=SEGV_MAPERR, si_addr=NULL} ---"),
                "\(result)")
        #expect(result.stderrLines.last?.hasPrefix("+++ killed by SIGSEGV") == true, "\(result)")
        let pids = cliReadPids(pidFile)
        #expect(pids.count == 1, "the program did not write its pid")
        try await expectAllDead(pids, after: "the crash")
    }

    // MARK: - Signals to sockstep while it traces a command it started

    struct SignalCase: Sendable, CustomTestStringConvertible {
        let signal: Int32
        let follow: Bool
        var testDescription: String {
            "\(cliSignalName(signal)) to sockstep" + (follow ? " (-f, the command has a background child)" : "")
        }
    }

    @Test("SIGINT/SIGTERM to sockstep alone ends the traced command; nothing is left",
          arguments: [SignalCase(signal: SIGINT, follow: true), SignalCase(signal: SIGTERM, follow: true),
                      SignalCase(signal: SIGINT, follow: false), SignalCase(signal: SIGTERM, follow: false)])
    func signalEndsSpawnedCommand(_ c: SignalCase) async throws {
        let dir = try CLIDir()
        let (sockstep, pids) = try await startTracedSleepers(follow: c.follow, in: dir)
        let watched = Set(pids + cliDescendants(of: sockstep.pid)).sorted()
        defer { cliKillAll(watched) }

        sockstep.signal(c.signal)
        guard let end = await sockstep.wait(timeout: .seconds(5)) else {
            let left = describe(watched)
            sockstep.killGroup()
            Issue.record("sockstep did not end within 5 s of \(cliSignalName(c.signal)); processes: \(left)\n\(sockstep.summary)")
            return
        }
        // Not pinned: how sockstep itself ends (strace -o FILE blocks SIGINT/SIGTERM, which a
        // terminal's Ctrl-C reaches through the process group; here only sockstep gets it).
        #expect(end != .signaled(SIGKILL), "\(sockstep.summary)")
        try await expectAllDead(watched, after: "\(cliSignalName(c.signal)) to sockstep (\(end))")
    }

    @Test("Ctrl-C at a terminal (SIGINT to the whole process group) ends command and sockstep: status 130")
    func ctrlCToProcessGroup() async throws {
        let dir = try CLIDir()
        let (sockstep, pids) = try await startTracedSleepers(follow: false, in: dir)
        let watched = Set(pids + cliDescendants(of: sockstep.pid)).sorted()
        defer { cliKillAll(watched) }

        kill(-sockstep.pid, SIGINT)  // the group sockstep leads; the command is in it too
        guard let end = await sockstep.wait(timeout: .seconds(5)) else {
            sockstep.killGroup()
            Issue.record("sockstep did not end within 5 s of Ctrl-C\n\(sockstep.summary)")
            return
        }
        #expect(end.shellStatus == 130, "like strace: the command died of SIGINT, so does sockstep (\(end))")
        // As strace shows it: the command got the SIGINT and died of it (not of a SIGKILL that
        // sockstep sent when it got its own copy of the Ctrl-C).
        let trace = cliReadFile(dir.file("trace.txt"))
        #expect(trace.contains("--- SIGINT {si_signo=SIGINT"), "trace:\n\(trace.suffix(600))")
        #expect(trace.hasSuffix("+++ killed by SIGINT +++\n"), "trace:\n\(trace.suffix(600))")
        try await expectAllDead(watched, after: "Ctrl-C")
    }

    @Test("SIGKILL to sockstep: every tracee dies too (PTRACE_O_EXITKILL), nothing stopped or orphaned",
          arguments: [true, false])
    func sigkillOfSockstep(follow: Bool) async throws {
        let dir = try CLIDir()
        let (sockstep, pids) = try await startTracedSleepers(follow: follow, in: dir)
        let watched = Set(pids + cliDescendants(of: sockstep.pid)).sorted()
        defer { cliKillAll(watched) }

        sockstep.signal(SIGKILL)
        let end = await sockstep.wait(timeout: .seconds(5))
        #expect(end == .signaled(SIGKILL))
        try await expectAllDead(watched, after: "SIGKILL to sockstep")
    }

    // MARK: - -p PID

    enum AttachTarget: String, Sendable, CaseIterable {
        case sleeper = "sleep 30 (blocked in one long syscall)"
        case heartbeat = "a busy Python loop"
        case threaded = "a Python process with two threads, with -f"

        var beats: Bool { self != .sleeper }
    }

    @Test("-p attaches; SIGINT (Ctrl-C) detaches and leaves the process running, not stopped, not traced",
          arguments: AttachTarget.allCases)
    func attachThenDetach(_ kind: AttachTarget) async throws {
        let dir = try CLIDir()
        let target = try await startAttachTarget(kind, in: dir)
        // Like strace: -p attaches the thread it names; -f -p attaches every thread.
        let follow = kind == .threaded ? ["-f"] : []
        let sockstep = try cliStart(["trace"] + follow + ["-p", "\(target.pid)"], in: dir)
        try await requireTracedBy(target.pid, tracer: sockstep)

        if kind == .threaded {
            let allTraced = await cliWaitUntil(timeout: .seconds(3)) {
                cliThreads(target.pid).allSatisfy { cliProcInfo($0)?.tracerPid == sockstep.pid }
            }
            #expect(allTraced, "like strace -f -p, every thread is attached: \(describe(cliThreads(target.pid)))")
        }
        if kind.beats {
            #expect(await cliHeartbeatAdvances(dir.file("beat")), "the traced process does not run on")
        }
        sockstep.signal(SIGINT)
        guard let end = await sockstep.wait(timeout: .seconds(5)) else {
            sockstep.killGroup()
            Issue.record("sockstep -p did not end within 5 s of SIGINT\n\(sockstep.summary)")
            return
        }
        #expect(end != .signaled(SIGKILL), "\(sockstep.summary)")
        await expectRunningUntraced(target, heartbeat: kind.beats ? dir.file("beat") : nil,
                                    after: "SIGINT to sockstep -p (\(end))\n\(sockstep.summary)")
    }

    @Test("-p, then sockstep is SIGKILLed: the process is not left stopped or traced")
    func attachThenSigkill() async throws {
        let dir = try CLIDir()
        let target = try await startAttachTarget(.heartbeat, in: dir)
        let sockstep = try cliStart(["trace", "-p", "\(target.pid)"], in: dir)
        try await requireTracedBy(target.pid, tracer: sockstep)

        sockstep.signal(SIGKILL)
        #expect(await sockstep.wait(timeout: .seconds(5)) == .signaled(SIGKILL))
        // Either sockstep's PTRACE_O_EXITKILL killed it (strace 6.1 would leave it running), or it
        // runs on untraced; never stopped, never still traced.
        if await cliWaitUntil(timeout: .milliseconds(500), { target.poll() != nil }) { return }
        await expectRunningUntraced(target, heartbeat: dir.file("beat"), after: "SIGKILL to sockstep -p")
    }

    @Test("-p of a pid that does not exist: one line on stderr, exit 1")
    func attachMissingPid() async throws {
        let dir = try CLIDir()
        let pid = cliUnusedPid()
        let result = try await cliRun(["trace", "-p", "\(pid)"], in: dir)
        #expect(result.end == .exited(1), "\(result)")
        #expect(result.stderrLines.count == 1, "one clear line: \(result)")
        #expect(result.stderr.contains("\(pid)"), "the line names the pid: \(result)")
    }

    @Test("-p of a process already traced by another tracer (strace -p): ptrace EPERM, one line, exit 1")
    func attachAlreadyTraced() async throws {
        let strace = "/usr/bin/strace"
        try #require(FileManager.default.isExecutableFile(atPath: strace),
                     "this test needs strace as the other tracer: apt-get install strace")
        let dir = try CLIDir()
        let target = try cliStartProgram(["/bin/sleep", "30"], in: dir, name: "target")
        let holder = try cliStartProgram([strace, "-o", "/dev/null", "-p", "\(target.pid)"], in: dir, name: "strace")
        defer {
            holder.killGroup()
            target.killGroup()
        }
        try await requireTracedBy(target.pid, tracer: holder)

        let result = try await cliRun(["trace", "-p", "\(target.pid)"], in: dir, timeout: .seconds(10))
        #expect(result.end == .exited(1), "\(result)")
        #expect(result.stderrLines.count == 1, "one clear line saying what to do: \(result)")
        #expect(result.stderr.contains("\(target.pid)"), "the line names the pid: \(result)")
        #expect(!result.stderr.contains("No such process"), "the process exists: \(result)")
        let info = cliProcInfo(target.pid)
        #expect(info?.tracerPid == holder.pid, "the other tracer keeps the process: \(String(describing: info))")
        #expect(info?.isDead == false)
    }

    @Test("-p of a process the user may not trace (another user's): ptrace EPERM, one line, exit 1")
    func attachNotPermitted() async throws {
        let dir = try CLIDir()
        let sockstep = try cliSockstepBinary()
        var target: CLIProcess?
        defer { target?.killGroup() }
        let argv: [String]
        let pid: pid_t
        if getuid() == 0 {
            // As root: run sockstep as nobody against a root-owned process. A copy of the binary in
            // a world-readable folder, in case the build folder is not reachable for nobody.
            let copy = dir.file("sockstep")
            try FileManager.default.copyItem(atPath: sockstep, toPath: copy)
            chmod(copy, 0o755)
            let sleeper = try cliStartProgram(["/bin/sleep", "30"], in: dir, name: "target")
            target = sleeper
            pid = sleeper.pid
            argv = ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--",
                    copy, "trace", "-p", "\(pid)"]
        } else {
            pid = 1  // init belongs to root
            argv = [sockstep, "trace", "-p", "1"]
        }
        let result = try await cliRunProgram(argv, in: dir, timeout: .seconds(10))
        #expect(result.end == .exited(1), "\(result)")
        #expect(result.stderrLines.count == 1, "one clear line saying what to do: \(result)")
        #expect(result.stderr.contains("\(pid)"), "the line names the pid: \(result)")
        #expect(!result.stderr.contains("No such process"), "the process exists: \(result)")
        if let target {
            let info = cliProcInfo(target.pid)
            #expect(info?.isDead == false && info?.isStopped == false && info?.tracerPid == 0,
                    "the process is untouched: \(String(describing: info))")
        }
    }

    // MARK: - Helpers

    /// Starts `sockstep trace [-f] -o DIR/trace.txt -- /bin/sh -c SCRIPT`. With `follow` the shell
    /// starts a background `sleep 30` and waits (two traced processes); without, it execs
    /// `sleep 30` (one). Returns once every pid is written and the last one runs `sleep`, traced.
    private func startTracedSleepers(follow: Bool, in dir: CLIDir) async throws -> (CLIProcess, [pid_t]) {
        let pidFile = dir.file("pids")
        let script = follow
            ? "echo $$ > \(pidFile); /bin/sleep 30 & echo $! >> \(pidFile); wait"
            : "echo $$ > \(pidFile); exec /bin/sleep 30"
        let count = follow ? 2 : 1
        let options = (follow ? ["-f"] : []) + ["-o", dir.file("trace.txt")]
        let sockstep = try cliStart(["trace"] + options + ["--", "/bin/sh", "-c", script], in: dir)
        let ready = await cliWaitUntil(timeout: .seconds(10)) {
            if sockstep.poll() != nil { return true }
            let pids = cliReadPids(pidFile)
            return pids.count == count && cliProcInfo(pids[count - 1])?.comm == "sleep"
        }
        let pids = cliReadPids(pidFile)
        guard ready, sockstep.poll() == nil else {
            cliKillAll(pids)
            sockstep.killGroup()
            throw CLIError("the traced command did not start (pids \(pids)): \(sockstep.summary)")
        }
        for pid in pids {
            let info = cliProcInfo(pid)
            #expect(info?.tracerPid == sockstep.pid,
                    "pid \(pid) should be traced by sockstep (pid \(sockstep.pid)): \(String(describing: info))")
        }
        return (sockstep, pids)
    }

    /// A process for -p: `sleep 30`, or the heartbeat loop writing to DIR/beat (started and beating).
    private func startAttachTarget(_ kind: AttachTarget, in dir: CLIDir) async throws -> CLIProcess {
        switch kind {
        case .sleeper:
            let target = try cliStartProgram(["/bin/sleep", "30"], in: dir, name: "target")
            _ = await cliWaitUntil(timeout: .seconds(5)) { cliProcInfo(target.pid)?.comm == "sleep" }
            return target
        case .heartbeat, .threaded:
            let beat = dir.file("beat")
            let script = kind == .threaded ? cliThreadedHeartbeatScript : cliHeartbeatScript
            let target = try cliStartProgram([cliPython, "-c", script, beat], in: dir, name: "target")
            guard await cliWaitUntil(timeout: .seconds(10), { cliFileSize(beat) > 0 }) else {
                target.killGroup()
                throw CLIError("the heartbeat program did not start: \(target.summary)")
            }
            return target
        }
    }

    /// Waits until `pid` is traced by `tracer` (TracerPid in /proc); throws, killing the tracer, if not.
    private func requireTracedBy(_ pid: pid_t, tracer: CLIProcess) async throws {
        let attached = await cliWaitUntil(timeout: .seconds(10)) {
            tracer.poll() != nil || cliProcInfo(pid)?.tracerPid == tracer.pid
        }
        guard attached, tracer.poll() == nil else {
            tracer.killGroup()
            throw CLIError("pid \(pid) is not traced by pid \(tracer.pid) "
                + "(\(String(describing: cliProcInfo(pid)))): \(tracer.summary)")
        }
    }

    /// The attach target is alive, none of its threads is traced or ever seen stopped over a few
    /// samples, and (for the heartbeat) it still works. Kills it afterwards.
    private func expectRunningUntraced(_ target: CLIProcess, heartbeat: String?, after what: String) async {
        defer { target.killGroup() }
        let untraced = await cliWaitUntil(timeout: .seconds(2)) {
            cliThreads(target.pid).allSatisfy { cliProcInfo($0)?.tracerPid == 0 }
        }
        #expect(untraced, "still traced after \(what): \(describe(cliThreads(target.pid)))")
        for _ in 0..<5 {
            let info = cliProcInfo(target.pid)
            #expect(target.poll() == nil && info != nil && info?.isDead == false,
                    "the process died after \(what): \(target.end.map(\.description) ?? String(describing: info))")
            let stopped = cliThreads(target.pid).compactMap(cliProcInfo).filter(\.isStopped)
            #expect(stopped.isEmpty, "left stopped after \(what): \(stopped)")
            if target.poll() != nil || !stopped.isEmpty { return }
            try? await Task.sleep(for: .milliseconds(60))
        }
        if let heartbeat {
            #expect(await cliHeartbeatAdvances(heartbeat), "the process does not run on after \(what)")
        }
    }

    /// Every pid dies within 3 s (gone, or a zombie that its parent or init reaps); survivors are
    /// described in the failure and killed.
    private func expectAllDead(_ pids: [pid_t], after what: String) async throws {
        let allDead = await cliWaitUntil(timeout: .seconds(3)) { pids.allSatisfy(cliIsDead) }
        if !allDead {
            let survivors = pids.filter { !cliIsDead($0) }
            Issue.record("left behind after \(what): \(describe(survivors))")
            cliKillAll(survivors)
        }
    }

    private func describe(_ pids: [pid_t]) -> String {
        pids.map { cliProcInfo($0)?.description ?? "pid \($0) gone" }.joined(separator: "; ")
    }
}
