// Process helpers for CLITests (all names start with `cli`, so nothing clashes with Harness.swift).
//
// The tests drive the built `sockstep` binary as a user would: spawned with posix_spawn in its own
// process group (so a timeout can kill sockstep and everything it started), with default signal
// dispositions and an empty signal mask (so SIGINT/SIGTERM behave as at a terminal, even when the
// test runner was started in the background), stdin from /dev/null and output to files (no pipe
// can fill up and hang a test). Every wait has a deadline; on a timeout the whole group is killed.
// /proc is read to check that no process is left stopped, traced or orphaned.
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

struct CLIError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// How a process ended.
enum CLIEnd: Equatable, Sendable, CustomStringConvertible {
    case exited(Int32)
    case signaled(Int32)

    /// What a shell's `$?` shows: the exit code, or 128 + the signal number.
    var shellStatus: Int32 {
        switch self {
        case .exited(let code): return code
        case .signaled(let sig): return 128 + sig
        }
    }

    var description: String {
        switch self {
        case .exited(let code): return "exited with \(code)"
        case .signaled(let sig): return "killed by \(cliSignalName(sig)) (shell status \(128 + sig))"
        }
    }

    static func fromWaitStatus(_ status: Int32) -> CLIEnd {
        let low = status & 0x7f
        if low == 0 { return .exited((status >> 8) & 0xff) }
        return .signaled(low)
    }
}

func cliSignalName(_ sig: Int32) -> String {
    let names: [Int32: String] = [
        SIGHUP: "SIGHUP", SIGINT: "SIGINT", SIGQUIT: "SIGQUIT", SIGILL: "SIGILL", SIGTRAP: "SIGTRAP",
        SIGABRT: "SIGABRT", SIGBUS: "SIGBUS", SIGFPE: "SIGFPE", SIGKILL: "SIGKILL", SIGUSR1: "SIGUSR1",
        SIGSEGV: "SIGSEGV", SIGUSR2: "SIGUSR2", SIGPIPE: "SIGPIPE", SIGALRM: "SIGALRM", SIGTERM: "SIGTERM",
        SIGCHLD: "SIGCHLD", SIGCONT: "SIGCONT", SIGSTOP: "SIGSTOP", SIGTSTP: "SIGTSTP", SIGSYS: "SIGSYS",
    ]
    return names[sig] ?? "signal \(sig)"
}

/// The sockstep binary under test: $SOCKSTEP_BIN; else the `sockstep` next to the running test
/// executable (what this very `swift test` built, whatever its --scratch-path); else
/// <package root>/.build/debug/sockstep. Missing → an error that fails the test (never a skip).
func cliSockstepBinary(filePath: String = #filePath) throws -> String {
    let fm = FileManager.default
    if let env = ProcessInfo.processInfo.environment["SOCKSTEP_BIN"], !env.isEmpty {
        guard fm.isExecutableFile(atPath: env) else {
            throw CLIError("SOCKSTEP_BIN=\(env) is not an executable file: build sockstep first (swift build)")
        }
        return env
    }
    var candidates: [String] = []
    if let exe = try? fm.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
        candidates.append((exe as NSString).deletingLastPathComponent + "/sockstep")
    }
    var root = URL(fileURLWithPath: filePath)
    for _ in 0..<4 { root.deleteLastPathComponent() }  // Support → SockstepTests → Tests → root
    candidates.append(root.appendingPathComponent(".build/debug/sockstep").path)
    for path in candidates where fm.isExecutableFile(atPath: path) { return path }
    throw CLIError(
        "sockstep binary not found (looked at \(candidates.joined(separator: ", "))): "
            + "run `swift build` first or set SOCKSTEP_BIN to the binary")
}

/// A scratch folder for one test (mode 0755, so that a process run as another user can use files
/// in it); removed when the value goes away.
final class CLIDir {
    let path: String

    init() throws {
        var template = Array("/tmp/sockstep-cli-XXXXXX".utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw CLIError("mkdtemp failed: \(String(cString: strerror(errno)))")
        }
        path = String(cString: made)
        chmod(path, 0o755)
    }

    func file(_ name: String) -> String { path + "/" + name }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}

/// A process started by a test. Reaped by `poll`/`wait`; if the value goes away while the process
/// still runs, its whole process group is killed and it is reaped, so a failing test leaves nothing.
final class CLIProcess {
    let pid: pid_t
    let argv: [String]
    let stdoutPath: String
    let stderrPath: String
    private(set) var end: CLIEnd?

    /// Starts `argv` (argv[0] searched in PATH) in a new process group whose id is its pid, stdin
    /// /dev/null, stdout and stderr to the given files. It runs in the test's working directory:
    /// give it absolute paths.
    init(_ argv: [String], stdoutPath: String, stderrPath: String,
         environment: [String: String]? = nil) throws {
        precondition(!argv.isEmpty)
        self.argv = argv
        self.stdoutPath = stdoutPath
        self.stderrPath = stderrPath

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdoutPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, stderrPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        // The test process may hold descriptors of other tests (pipes): never pass them on.
        // (glibc's addclosefrom_np/addchdir_np are not visible through Swift's Glibc module.)
        let openFds = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        for fd in openFds.compactMap({ Int32($0) }) where fd > 2 {
            posix_spawn_file_actions_addclose(&actions, fd)
        }

        var attr = posix_spawnattr_t()
        posix_spawnattr_init(&attr)
        defer { posix_spawnattr_destroy(&attr) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attr, &noSignals)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for sig in [SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGPIPE, SIGCHLD, SIGUSR1, SIGUSR2, SIGALRM,
                    SIGTSTP, SIGTTIN, SIGTTOU] {
            sigaddset(&defaults, sig)
        }
        posix_spawnattr_setsigdefault(&attr, &defaults)
        posix_spawnattr_setpgroup(&attr, 0)
        posix_spawnattr_setflags(
            &attr, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let env = environment ?? ProcessInfo.processInfo.environment
        let cArgs: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        let cEnv: [UnsafeMutablePointer<CChar>?] = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for p in cArgs { free(p) }
            for p in cEnv { free(p) }
        }
        var child: pid_t = 0
        let rc = posix_spawnp(&child, argv[0], &actions, &attr, cArgs, cEnv)
        guard rc == 0 else {
            throw CLIError("cannot start \(argv[0]): \(String(cString: strerror(rc)))")
        }
        pid = child
    }

    /// Reaps the process if it has ended; its end, or nil while it runs.
    @discardableResult
    func poll() -> CLIEnd? {
        if let end { return end }
        var status: Int32 = 0
        while true {
            let r = waitpid(pid, &status, WNOHANG)
            if r == pid {
                end = CLIEnd.fromWaitStatus(status)
                return end
            }
            if r == -1 && errno == EINTR { continue }
            return nil
        }
    }

    /// Waits up to `timeout` for the process to end; nil if it still runs then (it is not killed).
    func wait(timeout: Duration) async -> CLIEnd? {
        let deadline = ContinuousClock.now + timeout
        while true {
            if let end = poll() { return end }
            if ContinuousClock.now >= deadline { return nil }
            try? await Task.sleep(for: .milliseconds(5))
        }
    }

    /// Sends `sig` to this process only.
    func signal(_ sig: Int32) {
        if end == nil { kill(pid, sig) }
    }

    /// SIGKILL to the whole process group (the process and all it started that kept the group),
    /// then reaps the process.
    func killGroup() {
        guard end == nil else { return }
        kill(-pid, SIGKILL)
        kill(pid, SIGKILL)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        end = CLIEnd.fromWaitStatus(status)
    }

    var stdout: String { cliReadFile(stdoutPath) }
    var stderr: String { cliReadFile(stderrPath) }

    /// For failure messages: the command, how it ended, and the end of its stderr.
    var summary: String {
        let err = stderr
        let tail = err.count > 2000 ? "…" + String(err.suffix(2000)) : err
        return "`\(argv.joined(separator: " "))` (pid \(pid)): \(end.map(\.description) ?? "still running")\n"
            + "stderr:\n\(tail)"
    }

    deinit { killGroup() }
}

/// A finished run.
struct CLIResult: CustomStringConvertible {
    let argv: [String]
    let end: CLIEnd
    let stdout: String
    let stderr: String

    /// The non-empty lines of stderr.
    var stderrLines: [String] {
        stderr.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
    }

    var description: String {
        "`\(argv.joined(separator: " "))`: \(end)\nstdout:\n\(stdout)\nstderr:\n\(stderr)"
    }
}

/// Runs sockstep with `arguments` to completion (at most `timeout`; then its process group is
/// killed and an error is thrown).
func cliRun(_ arguments: [String], in dir: CLIDir, timeout: Duration = .seconds(20)) async throws -> CLIResult {
    let sockstep = try cliSockstepBinary()
    return try await cliRunProgram([sockstep] + arguments, in: dir, timeout: timeout)
}

/// Runs any program to completion, with the same guarantees as `cliRun`.
func cliRunProgram(_ argv: [String], in dir: CLIDir, timeout: Duration = .seconds(20)) async throws -> CLIResult {
    let tag = UUID().uuidString.prefix(8)
    let process = try CLIProcess(argv, stdoutPath: dir.file("out-\(tag)"),
                                 stderrPath: dir.file("err-\(tag)"))
    guard let end = await process.wait(timeout: timeout) else {
        process.killGroup()
        throw CLIError("timed out after \(timeout), killed: \(process.summary)")
    }
    return CLIResult(argv: argv, end: end, stdout: process.stdout, stderr: process.stderr)
}

/// Starts sockstep with `arguments` and returns at once.
func cliStart(_ arguments: [String], in dir: CLIDir, name: String = "sockstep") throws -> CLIProcess {
    let sockstep = try cliSockstepBinary()
    return try CLIProcess([sockstep] + arguments, stdoutPath: dir.file("\(name).out"),
                          stderrPath: dir.file("\(name).err"))
}

/// Starts any program and returns at once.
func cliStartProgram(_ argv: [String], in dir: CLIDir, name: String) throws -> CLIProcess {
    try CLIProcess(argv, stdoutPath: dir.file("\(name).out"),
                   stderrPath: dir.file("\(name).err"))
}

func cliReadFile(_ path: String) -> String {
    guard let data = FileManager.default.contents(atPath: path) else { return "" }
    return String(decoding: data, as: UTF8.self)
}

/// The pids written to `path` (whitespace separated).
func cliReadPids(_ path: String) -> [pid_t] {
    cliReadFile(path).split(whereSeparator: { $0.isWhitespace }).compactMap { pid_t($0) }
}

/// Polls `condition` every 10 ms for at most `timeout`; whether it became true.
func cliWaitUntil(timeout: Duration, _ condition: () -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + timeout
    while true {
        if condition() { return true }
        if ContinuousClock.now >= deadline { return false }
        try? await Task.sleep(for: .milliseconds(10))
    }
}

/// What /proc says about a process.
struct CLIProcInfo: CustomStringConvertible {
    let pid: pid_t
    let comm: String
    /// R, S, D, Z, T (stopped), t (tracing stop), X, I, ...
    let state: Character
    let ppid: pid_t
    let pgrp: pid_t
    let tracerPid: pid_t

    var isDead: Bool { state == "Z" || state == "X" || state == "x" }
    var isStopped: Bool { state == "T" || state == "t" }

    var description: String {
        "pid \(pid) (\(comm)) state \(state) ppid \(ppid) pgrp \(pgrp) TracerPid \(tracerPid)"
    }
}

/// /proc/PID/stat and status; nil if the process is gone.
func cliProcInfo(_ pid: pid_t) -> CLIProcInfo? {
    let stat = cliReadFile("/proc/\(pid)/stat")
    guard let open = stat.firstIndex(of: "("), let close = stat.lastIndex(of: ")") else { return nil }
    let comm = String(stat[stat.index(after: open)..<close])
    let rest = stat[stat.index(after: close)...].split(separator: " ")
    guard rest.count > 3, let state = rest[0].first, let ppid = pid_t(rest[1]), let pgrp = pid_t(rest[2])
    else { return nil }
    var tracer: pid_t = 0
    for line in cliReadFile("/proc/\(pid)/status").split(separator: "\n") where line.hasPrefix("TracerPid:") {
        tracer = pid_t(line.dropFirst("TracerPid:".count).trimmingCharacters(in: .whitespaces)) ?? 0
    }
    return CLIProcInfo(pid: pid, comm: comm, state: state, ppid: ppid, pgrp: pgrp, tracerPid: tracer)
}

/// Gone from /proc, or a zombie waiting for its parent (dead either way).
func cliIsDead(_ pid: pid_t) -> Bool {
    cliProcInfo(pid)?.isDead ?? true
}

/// Every live process below `root` in the process tree (children, grandchildren, ...).
func cliDescendants(of root: pid_t) -> [pid_t] {
    var children: [pid_t: [pid_t]] = [:]
    let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
    for entry in entries {
        guard let pid = pid_t(entry), let info = cliProcInfo(pid) else { continue }
        children[info.ppid, default: []].append(pid)
    }
    var result: [pid_t] = []
    var queue = children[root] ?? []
    while let pid = queue.popLast() {
        result.append(pid)
        queue.append(contentsOf: children[pid] ?? [])
    }
    return result.sorted()
}

/// SIGKILL to each pid that is still there (cleanup after a failed check).
func cliKillAll(_ pids: [pid_t]) {
    for pid in pids where !cliIsDead(pid) { kill(pid, SIGKILL) }
}

/// A pid that no process has now.
func cliUnusedPid() -> pid_t {
    let maxText = cliReadFile("/proc/sys/kernel/pid_max").trimmingCharacters(in: .whitespacesAndNewlines)
    var pid = (pid_t(maxText) ?? 32768) - 1
    while FileManager.default.fileExists(atPath: "/proc/\(pid)") { pid -= 1 }
    return pid
}

/// Debian's Python (the `python3` on PATH may be a shim that forks).
let cliPython = "/usr/bin/python3"

/// A Python program that appends a line to the file argv[1] every 20 ms, forever: the proof
/// that a process is really running (not stopped) is that the file grows.
let cliHeartbeatScript = """
import sys, time
f = open(sys.argv[1], "a", buffering=1)
while True:
    f.write(".\\n")
    time.sleep(0.02)
"""

/// The heartbeat, written by a second thread while the main thread waits in join(): a process
/// with two threads, both of which -p must attach and detach.
let cliThreadedHeartbeatScript = """
import sys, threading, time
def beat():
    f = open(sys.argv[1], "a", buffering=1)
    while True:
        f.write(".\\n")
        time.sleep(0.02)
t = threading.Thread(target=beat)
t.start()
t.join()
"""

/// The thread ids of a process (/proc/PID/task).
func cliThreads(_ pid: pid_t) -> [pid_t] {
    let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")) ?? []
    return entries.compactMap { pid_t($0) }.sorted()
}

func cliFileSize(_ path: String) -> Int {
    var st = stat()
    return stat(path, &st) == 0 ? Int(st.st_size) : -1
}

/// Whether the heartbeat file grows within `timeout`.
func cliHeartbeatAdvances(_ path: String, timeout: Duration = .seconds(3)) async -> Bool {
    let before = cliFileSize(path)
    return await cliWaitUntil(timeout: timeout) { cliFileSize(path) > before }
}
