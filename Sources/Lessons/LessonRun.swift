import Decoding
import Events
import Files
import Glibc
import Tracing

/// Runs a lesson: one traced process per role (the `sockstep` binary as the actor), kept in
/// the lesson's order by the Orchestrator. The run is the lesson's engine: it reports every
/// event to `emit` as it happens — the trace with each event's role and step, the moments the
/// orchestrator sees (a call that blocks, a role refused or ended, a role held before its step),
/// and, when asked for, the kernel's side of the sockets after each step, read while the role
/// is still stopped at the call's exit.
public final class LessonRun {
    public struct Options: Sendable {
        public var port: Int?
        public var keepGoing = false
        public var stringLimit = 32
        public var pinToOneCPU = true
        /// Stepping: each step waits for `decide`'s answer (after a `.held` event).
        public var stepping = false
        /// The block rules, each with its role (`server:listen=EPERM`), given to every actor.
        public var blocks: [String] = []
        /// Read the kernel's side of the sockets after each step (`.snapshot` events).
        public var snapshots = false

        public init() {}
    }

    public let lesson: Lesson
    public let options: Options
    public let port: Int
    public private(set) var directory = ""
    public let orchestrator: Orchestrator
    public private(set) var tracer: Tracer?
    /// The exit status of each role's process (or the signal that killed it, as 128+N).
    public private(set) var roleStatus: [String: Int] = [:]
    /// Stepping: what to do at a step the lesson holds (the `.held` event was sent).
    public var decide: ((Step) -> StepDecision)?

    let emit: (RunEvent) -> Void
    /// The backlog each listening socket got (pid, fd): listen's, capped at somaxconn.
    var backlogs: [Int32: [Int: UInt64]] = [:]
    static let somaxconn: UInt64 = {
        UInt64((Files.readText("/proc/sys/net/core/somaxconn") ?? "4096").filter { $0.isNumber }) ?? 4096
    }()

    public init(lesson: Lesson, options: Options, emit: @escaping (RunEvent) -> Void) {
        self.emit = emit
        self.lesson = lesson
        self.options = options
        self.port = options.port ?? lesson.defaultPort
        self.orchestrator = Orchestrator(lesson: lesson) { event in emit(Self.runEvent(event, at: Tracer.stamp())) }
    }

    /// The orchestrator's news, stamped when it comes.
    static func runEvent(_ event: LessonEvent, at stamp: Stamp) -> RunEvent {
        switch event {
        case .blocked(let step, let role): return .blocked(step, role: role, at: stamp)
        case .refused(let role, let step, let reason): return .refused(role: role, step: step, reason: reason, at: stamp)
        case .ended(let roles, let reason): return .ended(roles, reason, at: stamp)
        }
    }

    /// Runs the lesson to its end. Returns the tracer's outcome (interrupted when Ctrl-C).
    public func run() throws(LessonRunError) -> TraceOutcome {
        let folder: RunFolder
        do {
            folder = try RunFolder.create(for: lesson.name)
            for name in try lesson.socketEntries(in: folder.path) { folder.register(name) }
        } catch {
            throw .folder(error)
        }
        defer { folder.remove() }
        directory = folder.path
        orchestrator.runFolder = folder.path

        var configuration = TraceConfiguration()
        configuration.followForks = false
        configuration.pinToOneCPU = options.pinToOneCPU
        configuration.decodeOptions = DecodeOptions(stringLimit: options.stringLimit)
        let orchestrator = self.orchestrator
        orchestrator.waitForPermission = options.stepping
        if options.stepping {
            orchestrator.onWaiting = { [unowned self] step, pid, tracer in
                self.emit(.held(LessonContext(role: step.role, step: step), tracer.preview(pid), at: Tracer.stamp()))
                return self.decide?(step) ?? .proceed
            }
        }
        var statuses: [String: Int] = [:]
        let tracer = Tracer(configuration: configuration) { [unowned self] event in
            let pid = event.pid
            let role = orchestrator.role(of: pid)
            var step: Step?
            switch event {
            case .entered, .exited: step = orchestrator.step(of: pid)
            case .exitedNormally(_, let status, _): statuses[role] = status
            case .killed(_, let signal, _, _): statuses[role] = 128 + signal
            default: break
            }
            self.emit(.trace(event, LessonContext(role: role, step: step)))
            if case .exited(let call, let stamp, _) = event, step != nil {
                self.noteBacklog(call)
                if self.options.snapshots {
                    self.emit(.snapshot(self.snapshot(.afterStep, first: (role, pid), step: step, stamp: stamp)))
                }
            }
            orchestrator.observe(event, step: step)
        }
        self.tracer = tracer
        tracer.policy = orchestrator
        let executable = Files.executablePath()
        let source: Int32
        do { source = try LessonSource.share(lesson) } catch { throw .source(error) }
        defer { close(source) }
        for role in lesson.roles {
            var arguments = [executable, "_actor", lesson.path, role.name, "--port", String(port), "--dir", directory,
                             "--lesson-fd", String(source)]
            if options.keepGoing { arguments.append("--keep-going") }
            for rule in options.blocks { arguments += ["--block", rule] }
            do {
                try tracer.spawn(path: executable, arguments: arguments, environment: Tracer.currentEnvironment())
            } catch {
                throw .trace(error)
            }
            if let pid = tracer.spawned.last { orchestrator.assign(pid: pid, role: role.name) }
        }
        let outcome = tracer.run()
        roleStatus = statuses
        return outcome
    }

    // MARK: - The kernel's side

    /// /proc/net/tcp does not show a listening socket's backlog: the listen call said it.
    func noteBacklog(_ call: DecodedCall) {
        guard call.name == "listen", !call.failed, call.rawArguments.count > 1 else { return }
        let fd = Int(Int32(truncatingIfNeeded: call.rawArguments[0]))
        let asked = Int64(Int32(truncatingIfNeeded: call.rawArguments[1]))
        backlogs[call.pid, default: [:]][fd] = asked < 0 ? Self.somaxconn : min(UInt64(asked), Self.somaxconn)
    }

    /// A process's sockets, without sockstep's own marker descriptor, with the backlogs listen gave.
    func sockets(of pid: Int32) -> [SocketState] {
        KernelState.sockets(of: pid).filter { $0.fd != Int(Actor.markerFD) }.map { socket in
            guard let queue = socket.acceptQueue, let backlog = backlogs[pid]?[socket.fd] else { return socket }
            var s = socket
            s.acceptQueue = SocketState.AcceptQueue(pending: queue.pending, backlog: backlog)
            return s
        }
    }

    /// After a step: the role's sockets, then each other running role's, in the lesson's order;
    /// on request: every running role's, by name.
    func snapshot(_ moment: KernelSnapshot.Moment, first: (role: String, pid: Int32)?, step: Step?, stamp: Stamp) -> KernelSnapshot {
        let running = orchestrator.pidsByRole
        var roles: [KernelSnapshot.Role] = []
        if let first { roles.append(KernelSnapshot.Role(role: first.role, pid: first.pid, sockets: sockets(of: first.pid))) }
        let others = moment == .onRequest ? running.keys.sorted() : lesson.roles.map(\.name)
        for name in others where name != first?.role {
            guard let pid = running[name] else { continue }
            roles.append(KernelSnapshot.Role(role: name, pid: pid, sockets: sockets(of: pid)))
        }
        let context = first.map { LessonContext(role: $0.role, step: step) }
        return KernelSnapshot(moment: moment, context: context, roles: roles, stamp: stamp)
    }

    /// Stepping (`s`): the sockets of every role now, as a `.snapshot` event.
    public func snapshotAll() {
        emit(.snapshot(snapshot(.onRequest, first: nil, step: nil, stamp: Tracer.stamp())))
    }
}

/// Why a lesson could not run: its folder could not be made, or a role could not start.
public enum LessonRunError: Error, CustomStringConvertible {
    case folder(RunFolder.Failure)
    case trace(TraceError)
    case source(LessonSource.Failure)

    public var description: String {
        switch self {
        case .folder(let failure): return failure.description
        case .trace(let error): return error.description
        case .source(let failure): return failure.description
        }
    }
}
