import Decoding
import Files
import Glibc
import Tracing

/// A lesson's programs under real strace (`compare`): each role's program a whole process under
/// its own `strace -f -e trace=SET -o FILE`, with the environment, folder and argument sockstep
/// gives it, started in the lesson's order: a role starts once every role started before it
/// sleeps in the kernel (the server in accept4, or in its sleep before accept) or has ended.
/// With a block, the role's filter is loaded by `sockstep _exec-filtered`, which then executes the
/// program: strace traces from that execve on (the lines before it are sockstep's own start).
public final class ProgramPacedRun {
    public let lesson: Lesson
    public let port: Int
    public let programs: [PreparedProgram]
    /// The block rules, each with its role (`server:listen=EPERM`).
    public var blocks: [String] = []
    /// How long every program may sleep with nothing changing before it is ended (as sockstep
    /// ends a role that waits for something no role can do any more).
    public var stallLimit = 2.0

    public init(lesson: Lesson, port: Int, programs: [PreparedProgram]) {
        self.lesson = lesson
        self.port = port
        self.programs = programs
    }

    struct Running {
        var role: String
        var strace: pid_t
        var output: String
        var filtered: Bool
        var status: Int32?
    }

    /// `work` holds strace's output files.
    public func run(strace: String, work: RunFolder) throws(PacedRunError) -> [PacedRun.RoleOutput] {
        guard let set = lesson.programs?.trace else { throw PacedRunError(message: "lesson \(lesson.name) has no programs") }
        let folder: RunFolder
        do {
            folder = try RunFolder.create(for: lesson.name)
            for name in try lesson.socketEntries(in: folder.path) { folder.register(name) }
        } catch {
            throw PacedRunError(message: error.message)
        }
        defer { folder.remove() }
        let filters = Dictionary(grouping: blocks.compactMap { rule -> (String, String)? in
            guard let colon = rule.firstIndex(of: ":") else { return nil }
            return (String(rule[..<colon]), rule)
        }, by: \.0).mapValues { $0.map(\.1) }
        let argument = lesson.programs!.argument.value(port: port, folder: folder.path)
        let order = lesson.roles.sorted { a, b in
            (lesson.steps.first { $0.role == a.name }?.index ?? Int.max) < (lesson.steps.first { $0.role == b.name }?.index ?? Int.max)
        }
        var running: [Running] = []
        defer {
            for r in running where r.status == nil {
                for child in PacedRun.children(of: r.strace) { kill(child, SIGKILL) }
                kill(r.strace, SIGKILL)
                var status: Int32 = 0
                _ = waitpid(r.strace, &status, 0)
            }
        }
        let me = Files.executablePath()
        for (number, role) in order.enumerated() {
            guard let program = programs.first(where: { $0.role == role.name }) else { continue }
            if number > 0 { settle(&running) }
            let file = "strace-\(number + 1).txt"
            work.register(file)
            let output = work.entryPath(file)
            let rules = filters[role.name] ?? []
            var argv = ["/usr/bin/env", "-i", "-C", folder.path] + LessonRun.programEnvironment()
            argv += [strace, "-f", "-e", "trace=" + set + (rules.isEmpty ? "" : ",execve"), "-o", output]
            if !rules.isEmpty { argv += [me, "_exec-filtered"] + rules.flatMap { ["--block", $0] } + ["--"] }
            argv += program.arguments + [argument]
            // The program's output goes to files, as under sockstep (a file, not a terminal).
            work.register("role-\(number + 1).out")
            work.register("role-\(number + 1).err")
            let pid = try Self.spawn(argv, output: work.entryPath("role-\(number + 1).out"), errors: work.entryPath("role-\(number + 1).err"))
            running.append(Running(role: role.name, strace: pid, output: output, filtered: !rules.isEmpty))
        }
        finish(&running)
        return running.map { r in
            let text = Files.readText(r.output) ?? ""
            var lines = Self.roleLines(text)
            let execs = lines.indices.filter { lines[$0].hasPrefix("execve(") && !lines[$0].contains(" = -1 ") }
            if r.filtered, execs.count >= 2 {
                // strace started sockstep's _exec-filtered (the first execve), which loaded the
                // filter; the program starts with the second execve.
                lines.removeSubrange(...execs[1])
            }
            return PacedRun.RoleOutput(role: r.role, stepLines: lines, rawOutput: text, exitStatus: r.status ?? 0)
        }
    }

    /// strace's `-f -o FILE` lines (`PID  line`) without the pids, each process's lines in turn
    /// (in the order the processes first appear), an `<unfinished ...>` line joined to its
    /// `<... resumed>` line.
    static func roleLines(_ text: String) -> [String] {
        var order: [String] = []
        var lines: [String: [String]] = [:]
        for raw in text.split(separator: "\n") {
            let pid = String(raw.prefix { $0.isNumber })
            guard !pid.isEmpty else { continue }
            if lines[pid] == nil { order.append(pid) }
            lines[pid, default: []].append(String(raw.dropFirst(pid.count).drop { $0 == " " }))
        }
        return order.flatMap { StraceLine.joinResumed(lines[$0]!) }
    }

    /// Waits until each started role's program sleeps in the kernel or has ended.
    func settle(_ running: inout [Running]) {
        let deadline = Tracer.now() + 10
        var calm = 0
        while Tracer.now() < deadline {
            reap(&running)
            let quiet = running.allSatisfy { r in
                r.status != nil || Self.program(of: r.strace).map { Self.sleeping($0) } ?? false
            }
            calm = quiet ? calm + 1 : 0
            if calm >= 3 { return }
            usleep(10_000)
        }
    }

    /// Waits for every role to end; programs that all sleep with nothing changing for
    /// `stallLimit` are ended (SIGKILL), as sockstep ends them.
    func finish(_ running: inout [Running]) {
        var since = Tracer.now()
        var last: [String] = []
        while running.contains(where: { $0.status == nil }) {
            reap(&running)
            let live = running.filter { $0.status == nil }
            guard !live.isEmpty else { break }
            let states = live.map { r in Self.program(of: r.strace).map { "\($0):" + (Self.syscall(of: $0) ?? "") } ?? "-" }
            let asleep = live.allSatisfy { r in Self.program(of: r.strace).map { Self.sleeping($0) } ?? false }
            if !asleep || states != last {
                since = Tracer.now()
                last = states
            } else if Tracer.now() - since >= stallLimit {
                for r in live {
                    for child in PacedRun.children(of: r.strace) { kill(child, SIGKILL) }
                }
                since = Tracer.now()
            }
            usleep(10_000)
        }
    }

    func reap(_ running: inout [Running]) {
        for i in running.indices where running[i].status == nil {
            var status: Int32 = 0
            if waitpid(running[i].strace, &status, WNOHANG) == running[i].strace { running[i].status = status }
        }
    }

    /// The program strace runs (its child), once it has started.
    static func program(of strace: pid_t) -> pid_t? { PacedRun.children(of: strace).first }

    /// Asleep in a call (state S), the way a program waits for the other role.
    static func sleeping(_ pid: pid_t) -> Bool {
        guard let line = Files.readText("/proc/\(pid)/stat"), let close = line.lastIndex(of: ")") else { return false }
        return line[line.index(after: close)...].drop { $0 == " " }.first == "S"
    }

    static func syscall(of pid: pid_t) -> String? {
        Files.readText("/proc/\(pid)/syscall").map { String($0.prefix { $0 != " " && $0 != "\n" }) }
    }

    static func spawn(_ argv: [String], output: String, errors: String) throws(PacedRunError) -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errors, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0o600)
        var cArgs: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        defer { for p in cArgs { free(p) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, argv[0], &actions, nil, &cArgs, environ)
        posix_spawn_file_actions_destroy(&actions)
        guard rc == 0 else { throw PacedRunError(message: "cannot run \(argv[0]): \(String(cString: strerror(rc)))") }
        return pid
    }
}
