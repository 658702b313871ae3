import Decoding
import Files
import Glibc
import Tracing

/// Runs a lesson's roles under another tracer (real strace), each role a whole process, kept in
/// the lesson's order without ptrace: each actor waits for a byte on descriptor 101 before a
/// step and writes one on 102 after it. A step that does not finish within `patience` counts as
/// blocking and the lesson goes on, as under sockstep. The lines each role's tracer printed for
/// its steps are then read from its output file: the line after each step's marker.
public final class PacedRun {
    public struct RoleOutput: Sendable {
        public var role: String
        /// The tracer's lines for the role's steps, in order (unfinished/resumed pairs joined).
        public var stepLines: [String]
        /// Everything the tracer wrote.
        public var rawOutput: String
        public var exitStatus: Int32
    }

    public let lesson: Lesson
    public let port: Int
    public let keepGoing: Bool
    public var patience = 0.3
    /// The block rules, each with its role (`server:listen=EPERM`), given to every actor.
    public var blocks: [String] = []

    public init(lesson: Lesson, port: Int, keepGoing: Bool) {
        self.lesson = lesson
        self.port = port
        self.keepGoing = keepGoing
    }

    struct Running {
        var pid: pid_t
        var go: Int32
        var done: Int32
        var output: String
    }

    /// `tracer` is the command that runs a role, with its options (e.g. ["/usr/bin/strace",
    /// "-o", "{out}", "-e", "trace=..."]); `{out}` becomes the role's output file, `role-N.trace`
    /// in `work` (a name of sockstep's, whatever the role is called), removed with the folder.
    public func run(tracer: [String], work: RunFolder) throws -> [RoleOutput] {
        let folder: RunFolder
        do {
            folder = try RunFolder.create(for: lesson.name)
            for name in try lesson.socketEntries(in: folder.path) { folder.register(name) }
        } catch {
            throw PacedRunError(message: error.message)
        }
        defer { folder.remove() }
        let directory = folder.path
        let executable = Files.executablePath()
        let source: Int32
        do { source = try LessonSource.share(lesson) } catch { throw PacedRunError(message: error.description) }
        defer { close(source) }
        var running: [String: Running] = [:]
        for (number, role) in lesson.roles.enumerated() {
            var goPipe: [Int32] = [0, 0]
            var donePipe: [Int32] = [0, 0]
            guard pipe(&goPipe) == 0, pipe(&donePipe) == 0 else {
                throw PacedRunError(message: "pipe: \(String(cString: strerror(errno)))")
            }
            let file = "role-\(number + 1).trace"
            work.register(file)
            let output = work.entryPath(file)
            var argv = tracer.map { $0 == "{out}" ? output : $0 }
            argv += [executable, "_actor", lesson.path, role.name, "--port", String(port), "--dir", directory, "--paced",
                     "--lesson-fd", String(source)]
            if keepGoing { argv.append("--keep-going") }
            for rule in blocks { argv += ["--block", rule] }
            for fd in goPipe + donePipe { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
            var actions = posix_spawn_file_actions_t()
            posix_spawn_file_actions_init(&actions)
            posix_spawn_file_actions_adddup2(&actions, goPipe[0], Actor.goFD)
            posix_spawn_file_actions_adddup2(&actions, donePipe[1], Actor.doneFD)
            var cArgs: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
            defer { for p in cArgs { free(p) } }
            var pid: pid_t = 0
            let rc = posix_spawn(&pid, argv[0], &actions, nil, &cArgs, environ)
            posix_spawn_file_actions_destroy(&actions)
            close(goPipe[0])
            close(donePipe[1])
            guard rc == 0 else { throw PacedRunError(message: "cannot run \(argv[0]): \(String(cString: strerror(rc)))") }
            running[role.name] = Running(pid: pid, go: goPipe[1], done: donePipe[0], output: output)
        }
        // Release the steps in the lesson's order.
        var alive = Set(lesson.roles.map(\.name))
        var statuses: [String: Int32] = [:]
        func reap(_ role: String, wait: Bool) -> Bool {
            guard let r = running[role], statuses[role] == nil else { return statuses[role] != nil }
            var status: Int32 = 0
            var got: pid_t
            repeat { got = waitpid(r.pid, &status, wait ? 0 : WNOHANG) } while got < 0 && errno == EINTR
            if got == r.pid {
                statuses[role] = status
                alive.remove(role)
                return true
            }
            return false
        }
        // A step that blocked still owes its "done"; it is read before the role's next step, so
        // that a late byte is not taken for the next step's.
        var owed: [String: Int] = [:]
        func settle(_ role: String) -> Bool {
            guard let r = running[role] else { return false }
            while owed[role, default: 0] > 0 {
                var poll = pollfd(fd: r.done, events: Int16(POLLIN), revents: 0)
                guard Glibc.poll(&poll, 1, 2000) == 1 else { return true } // still blocked: go on
                var done: UInt8 = 0
                owed[role]! -= 1
                if Glibc.read(r.done, &done, 1) != 1 || (done != 0 && !keepGoing) {
                    _ = reap(role, wait: true)
                    return false
                }
            }
            return true
        }
        for step in lesson.steps {
            guard alive.contains(step.role), !reap(step.role, wait: false), settle(step.role),
                  let r = running[step.role] else { continue }
            var go: UInt8 = 1
            if Glibc.write(r.go, &go, 1) != 1 {
                alive.remove(step.role)
                continue
            }
            var poll = pollfd(fd: r.done, events: Int16(POLLIN), revents: 0)
            let ready = Glibc.poll(&poll, 1, Int32(patience * 1000))
            if ready == 1 {
                var done: UInt8 = 0
                let n = Glibc.read(r.done, &done, 1)
                if n != 1 || (done != 0 && !keepGoing) {
                    // The role ends here (a failed step, as Rust's ?): let it finish dying
                    // before the next step, as sockstep's orchestrator does.
                    _ = reap(step.role, wait: true)
                }
            } else {
                // Blocked in the kernel, or killed by its filter: tell the two apart.
                if !reap(step.role, wait: false) { owed[step.role, default: 0] += 1 }
            }
        }
        // Roles that wait for something nothing will send any more are ended, as sockstep does.
        let deadline = time(nil) + 2
        while !alive.isEmpty && time(nil) < deadline {
            for role in alive { _ = reap(role, wait: false) }
            if !alive.isEmpty { usleep(20_000) }
        }
        for role in alive {
            guard let r = running[role] else { continue }
            for child in Self.children(of: r.pid) { kill(child, SIGKILL) }
            _ = reap(role, wait: true)
        }
        var results: [RoleOutput] = []
        for role in lesson.roles {
            guard let r = running[role.name] else { continue }
            close(r.go)
            if statuses[role.name] == nil { _ = reap(role.name, wait: true) }
            let status = statuses[role.name] ?? 0
            close(r.done)
            let raw = Files.readText(r.output) ?? ""
            results.append(RoleOutput(role: role.name, stepLines: Self.stepLines(raw, lesson: lesson, role: role.name),
                                      rawOutput: raw, exitStatus: status))
        }
        return results
    }

    /// The children of a process (the actor under a tracer), from /proc.
    static func children(of pid: pid_t) -> [pid_t] {
        guard let text = Files.readText("/proc/\(pid)/task/\(pid)/children") else { return [] }
        return text.split(separator: " ").compactMap { pid_t($0) }
    }

    /// The line after each step's marker (`writev(100, [{iov_base="sockstep step N\n", ...`) that names
    /// the step's call, with an `<unfinished ...>` line joined to its `<... resumed>` line; the
    /// signals after the first step and the exit line.
    public static func stepLines(_ output: String, lesson: Lesson, role: String) -> [String] {
        let lines = StraceLine.joinResumed(output.split(separator: "\n").map(String.init))
        var out: [String] = []
        var armed: Int?
        for line in lines {
            let marker = "writev(\(Actor.markerFD), [{iov_base=\"\(Actor.markerPrefix)"
            if line.hasPrefix(marker) {
                let digits = line.dropFirst(marker.count).prefix { $0.isNumber }
                armed = Int(digits)
                continue
            }
            if let index = armed, index < lesson.steps.count, line.hasPrefix(lesson.steps[index].call.name + "(") {
                out.append(line)
                armed = nil
            }
            if line.hasPrefix("+++ ") || (line.hasPrefix("--- ") && !out.isEmpty) { out.append(line) }
        }
        return out
    }
}

public struct PacedRunError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}
