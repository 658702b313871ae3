// Shared test support for the SockstepTests target: find the built `sockstep` binary and real
// strace, run a process with arguments, environment and standard input and capture what it
// writes (with a timeout that kills the whole process group), compile the C test programs once
// per test run, and hand out free loopback ports.
//
// The tests drive the built binary; they never import the executable target.

import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

// MARK: - Errors

/// Everything the harness can fail on. The description is what a failing test shows.
struct HarnessError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

// MARK: - Result of one run

/// How a process ended.
enum Termination: Equatable, Sendable, CustomStringConvertible {
    case exited(Int32)
    case signaled(Int32)
    /// Killed by the harness after the timeout.
    case timedOut

    var description: String {
        switch self {
        case .exited(let code): return "exited with \(code)"
        case .signaled(let sig): return "killed by signal \(sig) (\(Harness.signalName(sig)))"
        case .timedOut: return "timed out (process group killed)"
        }
    }
}

struct ProcessResult: Sendable, CustomStringConvertible {
    var executable: String
    var arguments: [String]
    var stdoutData: Data
    var stderrData: Data
    var termination: Termination
    /// Processes (not zombies) still in the child's process group after it ended. The harness
    /// killed them, but their presence is a bug worth a test of its own.
    var leftovers: [Int32]
    var duration: Double

    var stdout: String { String(decoding: stdoutData, as: UTF8.self) }
    var stderr: String { String(decoding: stderrData, as: UTF8.self) }
    var exitCode: Int32? { if case .exited(let c) = termination { return c } else { return nil } }

    var commandLine: String { ([executable] + arguments).map(Harness.shellQuote).joined(separator: " ") }

    var description: String {
        """
        $ \(commandLine)
        \(termination) after \(String(format: "%.2f", duration)) s\
        \(leftovers.isEmpty ? "" : ", left processes behind: \(leftovers)")
        --- stdout ---
        \(Harness.clip(stdout))
        --- stderr ---
        \(Harness.clip(stderr))
        """
    }
}

// MARK: - Harness

enum Harness {

    // MARK: Locations

    /// The package root: this file is <root>/Tests/SockstepTests/Support/Harness.swift.
    static let packageRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }
        return url
    }()

    /// A calls-only lesson (examples/calls-only/NAME.yaml), played by sockstep's player: the
    /// lessons as they were before they had programs, for what only the player does (--keep-going,
    /// its marker calls, the steps that load a filter).
    static func callsOnly(_ name: String) -> String {
        packageRoot.appendingPathComponent("examples/calls-only/\(name).yaml").path
    }

    static let testsDirectory = packageRoot.appendingPathComponent("Tests/SockstepTests")
    static let programsDirectory = testsDirectory.appendingPathComponent("Programs")

    /// The sockstep binary under test: `$SOCKSTEP_BIN`, else `<root>/.build/debug/sockstep`.
    /// Throws (so that the test fails, never skips) when it is missing.
    static func sockstepBinary() throws -> String {
        let env = ProcessInfo.processInfo.environment
        let path: String
        if let fromEnv = env["SOCKSTEP_BIN"], !fromEnv.isEmpty {
            path = fromEnv
        } else {
            path = packageRoot.appendingPathComponent(".build/debug/sockstep").path
        }
        guard access(path, X_OK) == 0 else {
            throw HarnessError("""
                the sockstep binary is missing or not executable: \(path)
                Build it first (`swift build` in \(packageRoot.path)) or point SOCKSTEP_BIN at it.
                """)
        }
        return path
    }

    static let stracePath = "/usr/bin/strace"

    /// Real strace. Throws when it is missing (CI installs it: `apt-get install strace`).
    static func straceBinary() throws -> String {
        guard access(stracePath, X_OK) == 0 else {
            throw HarnessError("real strace is missing: \(stracePath) (install it: apt-get install strace)")
        }
        return stracePath
    }

    /// Debian's Python. Not the `python3` on PATH, which may be a shell shim that forks.
    static let pythonPath = "/usr/bin/python3"

    static func pythonBinary() throws -> String {
        guard access(pythonPath, X_OK) == 0 else {
            throw HarnessError("\(pythonPath) is missing (install it: apt-get install python3)")
        }
        return pythonPath
    }

    /// A test program's source: `Programs/<name>` (give the full file name, e.g. "py_echo.py").
    static func programSource(_ fileName: String) throws -> String {
        let path = programsDirectory.appendingPathComponent(fileName).path
        guard FileManager.default.fileExists(atPath: path) else {
            throw HarnessError("test program not found: \(path)")
        }
        return path
    }

    // MARK: Scratch space

    /// One directory per test process (mkdtemp), for compiled programs and sockets; removed
    /// when the test process exits.
    static let scratchDirectory: String = {
        var template = Array("/tmp/sockstep-tests.XXXXXX".utf8CString)
        let path = template.withUnsafeMutableBufferPointer { buf -> String in
            guard mkdtemp(buf.baseAddress!) != nil else { fatalError("mkdtemp failed: errno \(errno)") }
            return String(cString: buf.baseAddress!)
        }
        atexit { try? FileManager.default.removeItem(atPath: Harness.scratchDirectory) }
        return path
    }()

    /// A fresh, empty directory inside the scratch directory.
    static func makeTemporaryDirectory(_ name: String) throws -> String {
        let path = scratchDirectory + "/" + name + "-" + String(nextSerial())
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    // MARK: Compiling C programs

    private static let compileCache = LockedBox<[String: String]>([:])

    /// Compile `Programs/<name>.c` with gcc, once per test run; returns the executable's path.
    /// `extraFlags` are part of the cache key. (Package.swift excludes Programs/ from the test
    /// target, so that these C files are not taken for sources of the target.)
    static func compileC(_ name: String, extraFlags: [String] = []) throws -> String {
        let key = ([name] + extraFlags).joined(separator: " ")
        return try compileCache.withLock { cache in
            if let done = cache[key] { return done }
            let source = programsDirectory.appendingPathComponent("\(name).c").path
            guard FileManager.default.fileExists(atPath: source) else {
                throw HarnessError("C test program not found: \(source)")
            }
            let binDir = scratchDirectory + "/bin"
            try FileManager.default.createDirectory(atPath: binDir, withIntermediateDirectories: true)
            let suffix = extraFlags.isEmpty ? "" : "-" + String(cache.count)
            let output = binDir + "/" + name + suffix
            let result = try run("/usr/bin/gcc",
                                 ["-O0", "-w", "-o", output] + extraFlags + [source],
                                 timeout: 120)
            guard result.termination == .exited(0) else {
                throw HarnessError("gcc failed to compile \(source):\n\(result)")
            }
            cache[key] = output
            return output
        }
    }

    /// Compile `Programs/<name>.rs` with rustc -O, once per test run; returns the executable's
    /// path. rustc is looked up on PATH and in ~/.cargo/bin (rustup's place).
    static func compileRust(_ name: String) throws -> String {
        try compileCache.withLock { cache in
            let key = "rust " + name
            if let done = cache[key] { return done }
            let source = programsDirectory.appendingPathComponent("\(name).rs").path
            let home = ProcessInfo.processInfo.environment["HOME"] ?? "/root"
            let path = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init)
            guard let rustc = (path + [home + "/.cargo/bin"]).map({ $0 + "/rustc" })
                .first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
                throw HarnessError("rustc is needed for the Rust test program (install it with rustup)")
            }
            let binDir = scratchDirectory + "/bin"
            try FileManager.default.createDirectory(atPath: binDir, withIntermediateDirectories: true)
            let output = binDir + "/" + name
            let result = try run(rustc, ["-O", "-o", output, source], timeout: 300)
            guard result.termination == .exited(0) else {
                throw HarnessError("rustc failed to compile \(source):\n\(result)")
            }
            cache[key] = output
            return output
        }
    }

    // MARK: Ports

    private static let handedOutPorts = LockedBox<Set<UInt16>>([])

    /// A port that is free right now on 127.0.0.1 and ::1, for TCP and UDP alike, and that this
    /// test process has not handed out before.
    static func freePort() throws -> UInt16 {
        for _ in 0..<100 {
            guard let port = bindAndRelease(family: AF_INET, type: SOCK_STREAM, port: 0) else { continue }
            let alsoFree = bindAndRelease(family: AF_INET, type: SOCK_DGRAM, port: port) != nil
                && bindAndRelease(family: AF_INET6, type: SOCK_STREAM, port: port) != nil
                && bindAndRelease(family: AF_INET6, type: SOCK_DGRAM, port: port) != nil
            guard alsoFree else { continue }
            let fresh = handedOutPorts.withLock { ports in ports.insert(port).inserted }
            if fresh { return port }
        }
        throw HarnessError("could not find a free loopback port")
    }

    /// Binds a socket on the loopback address to `port` (0: any), returns the bound port.
    private static func bindAndRelease(family: Int32, type: __socket_type, port: UInt16) -> UInt16? {
        let fd = socket(family, Int32(type.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        if family == AF_INET6 {
            var one: Int32 = 1
            setsockopt(fd, Int32(IPPROTO_IPV6), IPV6_V6ONLY, &one, socklen_t(MemoryLayout<Int32>.size))
            var a = sockaddr_in6()
            a.sin6_family = sa_family_t(AF_INET6)
            a.sin6_port = port.bigEndian
            a.sin6_addr = in6addr_loopback
            let ok = withUnsafePointer(to: &a) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in6>.size)) == 0
                }
            }
            guard ok else { return nil }
            var got = sockaddr_in6()
            var len = socklen_t(MemoryLayout<sockaddr_in6>.size)
            let named = withUnsafeMutablePointer(to: &got) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) == 0 }
            }
            return named ? UInt16(bigEndian: got.sin6_port) : nil
        } else {
            var a = sockaddr_in()
            a.sin_family = sa_family_t(AF_INET)
            a.sin_port = port.bigEndian
            a.sin_addr.s_addr = UInt32(0x7f00_0001).bigEndian
            let ok = withUnsafePointer(to: &a) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
                }
            }
            guard ok else { return nil }
            var got = sockaddr_in()
            var len = socklen_t(MemoryLayout<sockaddr_in>.size)
            let named = withUnsafeMutablePointer(to: &got) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) == 0 }
            }
            return named ? UInt16(bigEndian: got.sin_port) : nil
        }
    }

    // MARK: Environment

    /// The environment both tracers get in comparisons: small and fixed, so that the two runs
    /// see the same variables (execve prints their count).
    static let traceEnvironment: [String: String] = [
        "PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" + toolchainFolders.map { ":" + $0 }.joined(),
        "HOME": "/root",
        "LC_ALL": "C",
    ]

    /// The folders of the lesson programs' compilers (rustc from rustup, swiftc from swift.org)
    /// on the test's own PATH, when they are not in the standard ones: sockstep looks them up
    /// on its PATH. (A command traced by name is found in the standard folders first.)
    static let toolchainFolders: [String] = {
        let standard = ["/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"]
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        var out: [String] = []
        for tool in ["rustc", "swiftc", "cc"] {
            for dir in path.split(separator: ":").map(String.init) where FileManager.default.isExecutableFile(atPath: dir + "/" + tool) {
                if !standard.contains(dir) && !out.contains(dir) { out.append(dir) }
                break
            }
        }
        return out
    }()

    // MARK: Running processes

    /// Run `strace ARGS` with the trace environment.
    static func strace(_ arguments: [String], stdin: Data? = nil, timeout: Double = 30) throws -> ProcessResult {
        try run(try straceBinary(), arguments, environment: traceEnvironment, stdin: stdin, timeout: timeout)
    }

    /// Run `sockstep ARGS` with the trace environment.
    static func sockstep(_ arguments: [String], stdin: Data? = nil, timeout: Double = 30) throws -> ProcessResult {
        try run(try sockstepBinary(), arguments, environment: traceEnvironment, stdin: stdin, timeout: timeout)
    }

    /// Run `executable` with `arguments` in its own process group and wait for it, capturing
    /// stdout and stderr. `environment` nil: this process's environment. `stdin` nil: /dev/null.
    /// After `timeout` seconds the whole process group is killed (SIGKILL) and the result says
    /// `.timedOut`. The child starts with default signal dispositions, an empty signal mask and
    /// no descriptors beyond 0, 1 and 2.
    static func run(
        _ executable: String,
        _ arguments: [String],
        environment: [String: String]? = nil,
        stdin: Data? = nil,
        workingDirectory: String? = nil,
        timeout: Double = 30
    ) throws -> ProcessResult {
        _ = noCoreDumps
        if workingDirectory != nil && addChdir == nil {
            throw HarnessError("posix_spawn_file_actions_addchdir_np is not available")
        }
        let started = Date()
        var outPipe: [Int32] = [-1, -1], errPipe: [Int32] = [-1, -1], inPipe: [Int32] = [-1, -1]
        guard makePipe(&outPipe), makePipe(&errPipe), stdin == nil || makePipe(&inPipe) else {
            throw HarnessError("pipe2 failed: \(String(cString: strerror(errno)))")
        }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if stdin != nil {
            posix_spawn_file_actions_adddup2(&actions, inPipe[0], 0)
        } else {
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        }
        posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errPipe[1], 2)
        if let closeFrom = addCloseFrom {
            _ = closeFrom(&actions, 3)
        }
        if let dir = workingDirectory, let addChdir {
            _ = addChdir(&actions, dir)
        }

        var attr = posix_spawnattr_t()
        posix_spawnattr_init(&attr)
        defer { posix_spawnattr_destroy(&attr) }
        var allSignals = sigset_t(), noSignals = sigset_t()
        sigfillset(&allSignals)
        sigemptyset(&noSignals)
        posix_spawnattr_setsigdefault(&attr, &allSignals)
        posix_spawnattr_setsigmask(&attr, &noSignals)
        posix_spawnattr_setpgroup(&attr, 0)
        posix_spawnattr_setflags(&attr, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        let argv = [executable] + arguments
        let envp: [String] = (environment ?? ProcessInfo.processInfo.environment)
            .sorted { $0.key < $1.key }
            .map { "\($0.key)=\($0.value)" }
        var pid: pid_t = 0
        let rc = withCStrings(argv) { cArgv in
            withCStrings(envp) { cEnvp in
                posix_spawn(&pid, executable, &actions, &attr, cArgv, cEnvp)
            }
        }
        close(outPipe[1]); close(errPipe[1])
        if stdin != nil { close(inPipe[0]) }
        guard rc == 0 else {
            close(outPipe[0]); close(errPipe[0])
            if stdin != nil { close(inPipe[1]) }
            throw HarnessError("cannot run \(executable): \(String(cString: strerror(rc)))")
        }

        // Pump stdin/stdout/stderr until the child is gone and both pipes are at EOF, or time is up.
        var out = Data(), err = Data()
        var input = stdin ?? Data()
        var inFd: Int32 = stdin != nil ? inPipe[1] : -1
        if inFd >= 0 {
            _ = fcntl(inFd, F_SETFL, fcntl(inFd, F_GETFL) | O_NONBLOCK)
            if input.isEmpty { close(inFd); inFd = -1 }
        }
        var outOpen = true, errOpen = true
        var termination: Termination?
        let deadline = started.addingTimeInterval(timeout)
        var exitedAt: Date?
        var timedOut = false
        var buffer = [UInt8](repeating: 0, count: 65536)

        while outOpen || errOpen || termination == nil {
            if termination == nil {
                var status: Int32 = 0
                let w = waitpid(pid, &status, WNOHANG)
                if w == pid {
                    termination = decodeWaitStatus(status)
                    exitedAt = Date()
                }
            }
            let now = Date()
            if now >= deadline {
                timedOut = true
                break
            }
            // A descendant kept the pipes open after the child ended: give it 2 s, then stop.
            if let exitedAt, now.timeIntervalSince(exitedAt) > 2 { break }

            var fds: [pollfd] = []
            if outOpen { fds.append(pollfd(fd: outPipe[0], events: Int16(POLLIN), revents: 0)) }
            if errOpen { fds.append(pollfd(fd: errPipe[0], events: Int16(POLLIN), revents: 0)) }
            if inFd >= 0 { fds.append(pollfd(fd: inFd, events: Int16(POLLOUT), revents: 0)) }
            if fds.isEmpty {
                usleep(2000)
                continue
            }
            _ = poll(&fds, nfds_t(fds.count), 20)
            for p in fds where p.revents != 0 {
                if p.fd == inFd {
                    let n = input.withUnsafeBytes { write(inFd, $0.baseAddress, $0.count) }
                    if n > 0 { input.removeFirst(n) }
                    if n < 0 && errno != EAGAIN && errno != EINTR { input.removeAll() }
                    if input.isEmpty { close(inFd); inFd = -1 }
                    continue
                }
                let n = read(p.fd, &buffer, buffer.count)
                if n > 0 {
                    if p.fd == outPipe[0] { out.append(contentsOf: buffer[0..<n]) } else { err.append(contentsOf: buffer[0..<n]) }
                } else if n == 0 || (errno != EINTR && errno != EAGAIN) {
                    if p.fd == outPipe[0] { outOpen = false } else { errOpen = false }
                }
            }
        }

        // Whatever is still in the group now is left behind (or hung): record it, kill it.
        if termination == nil || timedOut {
            kill(-pid, SIGKILL)
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
            termination = timedOut ? .timedOut : decodeWaitStatus(status)
        }
        let leftovers = processes(inGroup: pid)
        if !leftovers.isEmpty { kill(-pid, SIGKILL) }
        // Drain what is buffered without blocking.
        for (fd, isOut) in [(outPipe[0], true), (errPipe[0], false)] {
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            while true {
                let n = read(fd, &buffer, buffer.count)
                if n <= 0 { break }
                if isOut { out.append(contentsOf: buffer[0..<n]) } else { err.append(contentsOf: buffer[0..<n]) }
            }
            close(fd)
        }
        if inFd >= 0 { close(inFd) }

        return ProcessResult(executable: executable, arguments: arguments, stdoutData: out, stderrData: err,
                             termination: termination ?? .timedOut, leftovers: leftovers,
                             duration: Date().timeIntervalSince(started))
    }

    /// Live (non-zombie) processes whose process group is `pgid`.
    static func processes(inGroup pgid: pid_t) -> [Int32] {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return [] }
        var found: [Int32] = []
        for entry in entries {
            guard let p = Int32(entry),
                  let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { continue }
            // after "pid (comm) ": state ppid pgrp ...
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            guard fields.count > 2, fields[0] != "Z", fields[0] != "X", Int32(fields[2]) == pgid else { continue }
            found.append(p)
        }
        return found.sorted()
    }

    static func decodeWaitStatus(_ status: Int32) -> Termination {
        let sig = status & 0x7f
        if sig == 0 { return .exited((status >> 8) & 0xff) }
        return .signaled(sig)
    }

    static func signalName(_ sig: Int32) -> String {
        let names: [Int32: String] = [1: "SIGHUP", 2: "SIGINT", 3: "SIGQUIT", 4: "SIGILL", 5: "SIGTRAP",
                                      6: "SIGABRT", 7: "SIGBUS", 8: "SIGFPE", 9: "SIGKILL", 10: "SIGUSR1",
                                      11: "SIGSEGV", 12: "SIGUSR2", 13: "SIGPIPE", 14: "SIGALRM", 15: "SIGTERM",
                                      17: "SIGCHLD", 19: "SIGSTOP", 31: "SIGSYS"]
        return names[sig] ?? "signal \(sig)"
    }

    // MARK: Small helpers

    static func shellQuote(_ s: String) -> String {
        if !s.isEmpty, s.allSatisfy({ $0.isLetter || $0.isNumber || "-_./=:,%+@".contains($0) }) { return s }
        return "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// At most `limit` characters of `s`, for failure messages.
    static func clip(_ s: String, limit: Int = 6000) -> String {
        s.count <= limit ? s : String(s.prefix(limit)) + "\n[... \(s.count - limit) more characters]"
    }

    private static let serial = LockedBox<Int>(0)
    static func nextSerial() -> Int { serial.withLock { n in n += 1; return n } }

    /// No core files from crashing test programs (and no "(core dumped)" that depends on the
    /// limits of whoever runs the tests): RLIMIT_CORE 0 for this process and its children.
    private static let noCoreDumps: Void = {
        var limit = rlimit(rlim_cur: 0, rlim_max: 0)
        let core = __rlimit_resource_t(RLIMIT_CORE.rawValue)
        if getrlimit(core, &limit) == 0 {
            limit.rlim_cur = 0
            _ = setrlimit(core, &limit)
        }
    }()

    private typealias AddCloseFromFn = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
    private typealias AddChdirFn = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32

    // glibc ≥ 2.34 has these; Swift's Glibc module does not show them, so look them up.
    private static let addCloseFrom: AddCloseFromFn? = {
        guard let sym = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") else { return nil }
        return unsafeBitCast(sym, to: AddCloseFromFn.self)
    }()
    private static let addChdir: AddChdirFn? = {
        guard let sym = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addchdir_np") else { return nil }
        return unsafeBitCast(sym, to: AddChdirFn.self)
    }()

    private typealias Pipe2Fn = @convention(c) (UnsafeMutablePointer<Int32>, Int32) -> Int32
    private static let pipe2Function: Pipe2Fn? = {
        guard let sym = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "pipe2") else { return nil }
        return unsafeBitCast(sym, to: Pipe2Fn.self)
    }()

    /// A close-on-exec pipe (pipe2 is not in Swift's Glibc module: looked up at run time).
    private static func makePipe(_ fds: inout [Int32]) -> Bool {
        if let pipe2Function {
            return fds.withUnsafeMutableBufferPointer { pipe2Function($0.baseAddress!, O_CLOEXEC) } == 0
        }
        guard pipe(&fds) == 0 else { return false }
        _ = fcntl(fds[0], F_SETFD, FD_CLOEXEC)
        _ = fcntl(fds[1], F_SETFD, FD_CLOEXEC)
        return true
    }

    private static func withCStrings<R>(_ strings: [String], _ body: ([UnsafeMutablePointer<CChar>?]) -> R) -> R {
        let pointers = strings.map { strdup($0) }
        defer { pointers.forEach { free($0) } }
        return body(pointers + [nil])
    }
}

/// A value behind a lock, for the harness's process-wide caches.
final class LockedBox<Value>: @unchecked Sendable {
    private var value: Value
    private let lock = NSLock()
    init(_ value: Value) { self.value = value }
    func withLock<R>(_ body: (inout Value) throws -> R) rethrows -> R {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}

extension Harness {
    /// Copies the binary through a descriptor that no other process can inherit past its
    /// exec (O_CLOEXEC), then waits until it can be executed: a process the other tests fork
    /// at that moment holds the descriptor until it execs, and execve of a file open for
    /// writing fails with ETXTBSY ("Text file busy").
    ///
    /// sockstep is two programs: a copy of `sockstep` gets its `sockstep-commands` beside it.
    static func copyExecutable(_ source: String, to destination: String) throws {
        let companion = (source as NSString).deletingLastPathComponent + "/sockstep-commands"
        if (source as NSString).lastPathComponent == "sockstep" && access(companion, X_OK) == 0 {
            try copyFile(companion, to: (destination as NSString).deletingLastPathComponent + "/sockstep-commands")
        }
        try copyFile(source, to: destination)
        for _ in 0 ..< 100 {
            // posix_spawn itself reports ETXTBSY (Harness.run throws it).
            if let probe = try? Harness.run(destination, ["--help"], timeout: 30), probe.exitCode == 0 { return }
            usleep(20_000)
        }
        Issue.record("\(destination) never became executable (Text file busy?)")
    }

    private static func copyFile(_ source: String, to destination: String) throws {
        let bytes = try #require(FileManager.default.contents(atPath: source), "read \(source)")
        let fd = open(destination, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o755)
        try #require(fd >= 0, "create \(destination): \(String(cString: strerror(errno)))")
        let written = bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n <= 0 { break }
                offset += n
            }
            return offset
        }
        close(fd)
        try #require(written == bytes.count, "write \(destination)")
    }
}
