import Decoding
import Events
import Files
import Glibc
import Seccomp
import Tracing

/// `sockstep check`: a student's program plays one role of a lesson, the lesson's own programs
/// play the others, every process traced (children and threads too). Nothing is held in the
/// lesson's order call by call, as `run` does: a student's program makes other calls than the
/// lesson's. Each role only starts talking (it is held at its first socket call) once the roles
/// whose steps come before its first step wait in a socket call (a server in accept, an event
/// loop in epoll_wait) or have ended, as a person starts the client once the server runs. The
/// run ends when every process has ended; at the time limit every process left is ended
/// (SIGKILL) and the calls they waited in are kept. The student's role may go on serving (a
/// loop of accept): once every other role has ended and the student's processes have waited
/// in a socket call for a second, sockstep ends them.
public final class CheckRun {
    public struct Options: Sendable {
        /// The role the student's program plays.
        public var role: String
        /// The student's program: its path, resolved, and its argv (argv[0] included).
        public var executable: String
        public var arguments: [String]
        public var port: Int
        /// Seconds; then every process left is ended.
        public var timeout: Double = 10
        /// Block rules for the student's program (errno actions).
        public var blocks: [BlockRule] = []
        /// The lesson's programs, compiled (those of the other roles are used).
        public var programs: [PreparedProgram] = []
        public var pinToOneCPU = true

        public init(role: String, executable: String, arguments: [String], port: Int) {
            (self.role, self.executable, self.arguments, self.port) = (role, executable, arguments, port)
        }
    }

    /// How a process of a role ended.
    public enum Ending: Sendable, Equatable {
        case exited(Int)
        case killed(signal: Int, coreDumped: Bool)
        /// sockstep ended it (SIGKILL): the time limit, or its work was done.
        case ended
    }

    /// One call a process made, at its exit (or cut short when its process was ended).
    public struct Call: Sendable {
        public var role: String
        public var call: DecodedCall
    }

    /// What the run saw.
    public struct Outcome: Sendable {
        /// Every call of every role, in the order they returned.
        public var calls: [Call] = []
        /// How the student's first process ended (nil: never started).
        public var student: Ending?
        /// Every process of the student's role (the first, children, threads).
        public var studentProcesses: Set<Int32> = []
        /// How each other role's first process ended.
        public var others: [String: Ending] = [:]
        /// The time limit ran out: the calls the student's processes were waiting in then.
        public var timedOut = false
        public var waiting: [DecodedCall] = []
        /// Every other role was done and the student's processes waited on: sockstep ended them,
        /// and these are the calls they waited in.
        public var endedAfterOthers: [DecodedCall] = []
        /// What the student's program wrote (the first 64 KiB of each), and how much in all.
        public var stdout = ""
        public var stderr = ""
        public var stderrBytes = 0
        /// The signals delivered to the student's processes (SIGSEGV before the kill).
        public var signals: [Int] = []
        /// The run's folder (`$DIR` of the lesson's UNIX socket paths).
        public var folder = ""
        /// The lesson's programs are held to loopback (and the run's folder), as in `run`: each
        /// call sockstep refused (and ended the role at), said in a line.
        public var refused: [String] = []
    }

    public let lesson: Lesson
    public let options: Options

    public init(lesson: Lesson, options: Options) {
        self.lesson = lesson
        self.options = options
    }

    /// The largest file the programs may write (RLIMIT_FSIZE): 64 MiB.
    public static let fileLimit: rlim_t = 64 << 20

    /// The calls that hold a role until the roles before it are ready.
    static let gateCalls: Set<String> = ["socket", "socketpair", "connect", "bind", "listen", "accept", "accept4", "sendto",
                                         "sendmsg", "recvfrom", "recvmsg"]

    /// Runs the student's program and the lesson's other roles to their end.
    public func run() throws(LessonRunError) -> Outcome {
        let folder: RunFolder
        do {
            folder = try RunFolder.create(for: "check-" + lesson.name)
            for name in try lesson.socketEntries(in: folder.path) { folder.register(name) }
        } catch {
            throw .folder(error)
        }
        defer { folder.remove() }
        var outcome = Outcome()
        outcome.folder = folder.path
        var configuration = TraceConfiguration()
        configuration.followForks = true
        // One CPU for the programs and the tracer; they are told the CPUs they were given.
        configuration.cpus = options.pinToOneCPU ? .oneCPUShowingGiven : .asGiven
        // The data of every call on a descriptor above 2 (the student's own output is not kept).
        let notStandard = NumberSet(listed: [0, 1, 2], inverted: true)
        configuration.dumpReads = notStandard
        configuration.dumpWrites = notStandard
        // A program that crashes leaves no core file behind (in the student's folder).
        var noCore = rlimit(rlim_cur: 0, rlim_max: 0)
        var core = rlimit()
        if getrlimit(Int32(RLIMIT_CORE.rawValue), &core) == 0 { noCore.rlim_max = core.rlim_max }
        _ = setrlimit(Int32(RLIMIT_CORE.rawValue), &noCore)
        defer { _ = setrlimit(Int32(RLIMIT_CORE.rawValue), &core) }
        // Nor a file larger than `fileLimit` (its output, which goes to the run's folder): a
        // program that prints without end is stopped by SIGXFSZ, not by a full disk.
        var size = rlimit()
        if getrlimit(Int32(RLIMIT_FSIZE.rawValue), &size) == 0 && size.rlim_cur > Self.fileLimit {
            var smaller = size
            smaller.rlim_cur = Self.fileLimit
            _ = setrlimit(Int32(RLIMIT_FSIZE.rawValue), &smaller)
        }
        defer { _ = setrlimit(Int32(RLIMIT_FSIZE.rawValue), &size) }
        let policy = CheckPolicy(lesson: lesson, studentRole: options.role, timeout: options.timeout)
        policy.runFolder = folder.path
        let tracer = Tracer(configuration: configuration) { event in
            policy.observe(event, into: &outcome)
        }
        tracer.policy = policy
        let filter: [UInt8]?
        do {
            filter = options.blocks.isEmpty ? nil : try Filter.build(options.blocks).program
        } catch {
            throw .filter("\(error)")
        }
        let null = open("/dev/null", O_RDONLY | O_CLOEXEC)
        defer { if null >= 0 { close(null) } }
        var studentFiles: (String, String)?
        let argument = lesson.programs.map { $0.argument.value(port: options.port, folder: folder.path) } ?? String(options.port)
        for (number, role) in lesson.roles.enumerated() {
            let names = ("role-\(number + 1).out", "role-\(number + 1).err")
            folder.register(names.0)
            folder.register(names.1)
            let out = open(folder.entryPath(names.0), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600)
            let err = open(folder.entryPath(names.1), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600)
            defer {
                if out >= 0 { close(out) }
                if err >= 0 { close(err) }
            }
            guard out >= 0, err >= 0 else { throw .program("cannot make \(folder.entryPath(names.0)): \(String(cString: strerror(errno)))") }
            do {
                if role.name == options.role {
                    var start = Tracer.Start(filter: filter, directory: nil)
                    start.streams = (null, out, err)
                    // {arg}: the lesson's programs' argument (the port, or a socket's path in the
                    // run's folder); {dir}: that folder; {port}: the port.
                    let arguments = options.arguments.map { word in
                        word.replacing("{arg}", with: argument).replacing("{dir}", with: folder.path)
                            .replacing("{port}", with: String(options.port))
                    }
                    try tracer.spawn(path: options.executable, arguments: arguments, start: start)
                    studentFiles = (folder.entryPath(names.0), folder.entryPath(names.1))
                } else {
                    guard let program = options.programs.first(where: { $0.role == role.name }) else {
                        throw LessonRunError.program("no program for role \(role.name)")
                    }
                    var start = Tracer.Start(filter: nil, directory: folder.path)
                    start.streams = (null, out, err)
                    try tracer.spawn(path: program.executable, arguments: program.arguments + [argument],
                                     environment: LessonRun.programEnvironment(), start: start)
                }
            } catch let error as TraceError {
                for pid in tracer.livePIDs { kill(pid, SIGKILL) }
                _ = tracer.run()
                throw .trace(error)
            } catch let error as LessonRunError {
                for pid in tracer.livePIDs { kill(pid, SIGKILL) }
                _ = tracer.run()
                throw error
            } catch {
                throw .program("\(error)")
            }
            if let pid = tracer.spawned.last { policy.assign(pid: pid, role: role.name) }
        }
        _ = tracer.run()
        outcome.timedOut = policy.timedOut
        outcome.refused = policy.refused
        outcome.waiting = policy.waitingAtLimit
        outcome.endedAfterOthers = policy.waitingWhenEnded
        if let (out, err) = studentFiles {
            outcome.stdout = Self.text(out)
            outcome.stderr = Self.text(err)
            var info = stat()
            if stat(err, &info) == 0 { outcome.stderrBytes = Int(info.st_size) }
        }
        return outcome
    }

    static func text(_ path: String) -> String {
        guard case .success(let bytes) = Files.readRegularFile(path, limit: 1 << 16) else { return "" }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A port nothing uses now on 127.0.0.1 (TCP and UDP), from the kernel's ephemeral range:
    /// the reference run's, so that its connections in TIME_WAIT cannot be in the student's way.
    public static func sparePort() -> Int? {
        for _ in 0 ..< 20 {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
            guard fd >= 0 else { return nil }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = UInt32(0x7f00_0001).bigEndian
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let ok = withUnsafeMutablePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
            }
            close(fd)
            guard ok else { continue }
            let port = UInt16(bigEndian: address.sin_port)
            let loopback: [UInt8] = [127, 0, 0, 1]
            if port < 65000 && canBind(host: loopback, v6: false, port: port, type: Int32(SOCK_DGRAM.rawValue)) { return Int(port) }
        }
        return nil
    }

    /// Whether a port the lesson binds is taken now on this machine: the address, or nil. Each
    /// bind step's address is tried with a socket of the lesson's kind (stream or datagram).
    public static func takenAddress(_ lesson: Lesson, port: Int) -> String? {
        for step in lesson.steps where step.call.name == "bind" {
            guard step.call.arguments.count > 1, case .address(let literal) = step.call.arguments[1],
                  case .inet(let host, let v6, let value) = literal else { continue }
            let socketStep = lesson.steps.first { $0.role == step.role && $0.call.name == "socket" }
            var type = Int32(SOCK_STREAM.rawValue)
            if let socketStep, socketStep.call.arguments.count > 1, case .number(let t, _) = socketStep.call.arguments[1] {
                type = Int32(truncatingIfNeeded: t & 0xf)
            }
            let resolved = value.resolve(port)
            guard (1 ... 65535).contains(resolved) else { continue }
            if !canBind(host: host, v6: v6, port: UInt16(resolved), type: type) { return literal.text(port: port) }
        }
        return nil
    }

    static func canBind(host: [UInt8], v6: Bool, port: UInt16, type: Int32) -> Bool {
        let fd = socket(v6 ? AF_INET6 : AF_INET, type | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return true }
        defer { close(fd) }
        var one: Int32 = 1
        _ = setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var result: Int32
        if v6 {
            var address = sockaddr_in6()
            address.sin6_family = sa_family_t(AF_INET6)
            address.sin6_port = port.bigEndian
            withUnsafeMutableBytes(of: &address.sin6_addr) { raw in for (i, b) in host.prefix(16).enumerated() { raw[i] = b } }
            result = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in6>.size)) } }
        } else {
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = port.bigEndian
            withUnsafeMutableBytes(of: &address.sin_addr) { raw in for (i, b) in host.prefix(4).enumerated() { raw[i] = b } }
            result = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        }
        return result == 0 || errno != EADDRINUSE
    }
}

/// The check's trace policy: every call is reported; a role is held at its first socket call
/// until the roles before it are ready; the time limit ends everything; a student's role that
/// waits on after every other role has ended is ended.
final class CheckPolicy: TracePolicy {
    let lesson: Lesson
    let studentRole: String
    let deadline: Double
    var roleOfPID: [Int32: String] = [:]
    var mainPID: [String: Int32] = [:]
    var open: Set<String> = []
    var held: [Int32] = []
    /// The call each process is in (its entry seen, its exit not yet).
    var inCall: [Int32: DecodedCall] = [:]
    var lastActivity = Tracer.now()
    var timedOut = false
    var waitingAtLimit: [DecodedCall] = []
    var waitingWhenEnded: [DecodedCall] = []
    var ending = false

    init(lesson: Lesson, studentRole: String, timeout: Double) {
        self.lesson = lesson
        self.studentRole = studentRole
        deadline = Tracer.now() + timeout
        // The roles whose first step comes first start at once.
        if let first = lesson.steps.first { open.insert(first.role) }
        for role in lesson.roles where lesson.steps(of: role.name).isEmpty { open.insert(role.name) }
    }

    func assign(pid: Int32, role: String) {
        roleOfPID[pid] = role
        if mainPID[role] == nil { mainPID[role] = pid }
    }

    /// The role of a process: its own, or its parent's (children are not numbered here).
    func role(of pid: Int32) -> String {
        Orchestrator.role(of: pid, known: &roleOfPID).role
    }

    /// Called with each event, as it is reported: the calls, the ends, the signals.
    func observe(_ event: TraceEvent, into outcome: inout CheckRun.Outcome) {
        let pid = event.pid
        let role = role(of: pid)
        let isStudent = role == studentRole
        if isStudent { outcome.studentProcesses.insert(pid) }
        switch event {
        case .entered(let call, _):
            inCall[pid] = call
        case .exited(let call, _, _):
            inCall[pid] = nil
            outcome.calls.append(CheckRun.Call(role: role, call: call))
        case .signal(let delivery, _):
            if isStudent { outcome.signals.append(delivery.signal) }
        case .exitedNormally(_, let status, _):
            record(.exited(status), pid: pid, role: role, into: &outcome)
        case .killed(_, let signal, let core, _):
            let ending: CheckRun.Ending = signal == Int(SIGKILL) && endedBySockstep.contains(pid) ? .ended : .killed(signal: signal, coreDumped: core)
            record(ending, pid: pid, role: role, into: &outcome)
        default:
            break
        }
    }

    func record(_ ending: CheckRun.Ending, pid: Int32, role: String, into outcome: inout CheckRun.Outcome) {
        guard mainPID[role] == pid else { return }
        if role == studentRole { outcome.student = ending } else { outcome.others[role] = ending }
    }

    var endedBySockstep: Set<Int32> = []

    var runFolder: String?
    var refused: [String] = []

    func decideEntry(pid: Int32, number: UInt64, arguments: SyscallArguments, memory: any MemoryReader, tracer: Tracer) -> StopDecision {
        lastActivity = Tracer.now()
        let role = role(of: pid)
        // The lesson's programs talk only on loopback and in the run's folder, as in `run`; the
        // student's program runs as it would by hand.
        if role != studentRole,
           case .refused(let reason) = LoopbackGuard.inspect(number: number, arguments: arguments, memory: memory, runFolder: runFolder) {
            kill(pid, SIGKILL)
            endedBySockstep.insert(pid)
            refused.append("sockstep refused the lesson's \(role)'s \(SyscallTable.displayName(number, personality: .x86_64)) and ended it: \(reason)")
            return .hide
        }
        let name = SyscallTable.displayName(number, personality: .x86_64)
        if CheckRun.gateCalls.contains(name) {
            if !open.contains(role) && !ending {
                held.append(pid)
                return .hold
            }
        }
        return .report
    }

    func decideExit(pid: Int32, tracer: Tracer) -> StopDecision {
        lastActivity = Tracer.now()
        return .report
    }

    func processGone(pid: Int32, tracer: Tracer) {
        lastActivity = Tracer.now()
        held.removeAll { $0 == pid }
        inCall[pid] = nil
    }

    /// The live processes of a role.
    func live(_ role: String, _ tracer: Tracer) -> [Int32] {
        tracer.livePIDs.filter { self.role(of: $0) == role }
    }

    /// Every process of the role waits in a call (asleep in the kernel, not held by sockstep).
    func asleep(_ pids: [Int32], _ tracer: Tracer) -> Bool {
        !pids.isEmpty && pids.allSatisfy { pid in
            tracer.heldPhase(pid) == nil && inCall[pid] != nil && Orchestrator.sleepingInKernel(pid)
        }
    }

    /// The role is ready for the roles after it: every process of it waits in a call, one of
    /// them in a socket call (a server in accept; not a shell waiting for its child, nor a
    /// runtime starting up).
    func waitsForPeers(_ pids: [Int32], _ tracer: Tracer) -> Bool {
        asleep(pids, tracer) && pids.contains { inCall[$0].map { CheckRun.gateCalls.contains($0.name) || Self.eventWaits.contains($0.name) } ?? false }
    }

    /// The calls an event loop waits in for its sockets (a server on asyncio, select or epoll).
    static let eventWaits: Set<String> = ["poll", "ppoll", "select", "pselect6", "epoll_wait", "epoll_pwait", "epoll_pwait2"]

    func tick(tracer: Tracer) -> Double? {
        let now = Tracer.now()
        if ending { return nil }
        if now >= deadline {
            timedOut = true
            waitingAtLimit = tracer.livePIDs.sorted().filter { role(of: $0) == studentRole }.compactMap { inCall[$0] }
            endAll(tracer.livePIDs, tracer)
            return nil
        }
        openGates(now: now, tracer: tracer)
        let student = live(studentRole, tracer)
        let others = lesson.roles.map(\.name).filter { $0 != studentRole }.flatMap { live($0, tracer) }
        if student.isEmpty && !others.isEmpty && asleep(others, tracer) && now - lastActivity >= 1.0 {
            // The student's program is gone; the lesson's roles wait for it in vain.
            endAll(others, tracer)
        } else if others.isEmpty && !student.isEmpty && waitsForPeers(student, tracer) && now - lastActivity >= 1.0 {
            // It waits for peers that are gone (a server in accept for the next client); a
            // program asleep for its own reasons (a sleep) is left to wake up.
            waitingWhenEnded = student.sorted().compactMap { inCall[$0] }
            endAll(student, tracer)
        }
        return min(deadline, now + 0.02)
    }

    /// Lets a held role go on once every role with a step before its first step waits in a
    /// socket call (or has ended). A role before it that never gets there holds it until the
    /// time limit: the report then says where that role was.
    func openGates(now: Double, tracer: Tracer) {
        for role in lesson.roles.map(\.name) where !open.contains(role) {
            guard let first = lesson.steps.first(where: { $0.role == role }) else { continue }
            let before = Set(lesson.steps.prefix(first.index).map(\.role)).subtracting([role])
            let ready = before.allSatisfy { other in
                let pids = live(other, tracer)
                return pids.isEmpty || waitsForPeers(pids, tracer)
            }
            guard ready else { continue }
            open.insert(role)
            for pid in held where self.role(of: pid) == role { tracer.release(pid) }
            held.removeAll { self.role(of: $0) == role }
            lastActivity = now
        }
    }

    func endAll(_ pids: [Int32], _ tracer: Tracer) {
        if pids.count == tracer.livePIDs.count { ending = true }
        for pid in pids {
            endedBySockstep.insert(pid)
            if held.contains(pid) { tracer.release(pid) }
            kill(pid, SIGKILL)
        }
        held.removeAll { pids.contains($0) }
    }
}
