import Decoding
import Files
import Glibc
import Tracing

/// Runs a lesson: one traced process per role (the `sockstep` binary as the actor), kept in
/// the lesson's order by the Orchestrator. Events reach `report` as they happen.
public final class LessonRun {
    public struct Options: Sendable {
        public var port: Int?
        public var keepGoing = false
        public var stringLimit = 32
        public var pinToOneCPU = true
        /// Stepping: each step waits for the orchestrator's `onWaiting` answer.
        public var stepping = false
        /// The block rules, each with its role (`server:listen=EPERM`), given to every actor.
        public var blocks: [String] = []

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

    let report: (LessonEvent) -> Void

    public init(lesson: Lesson, options: Options, report: @escaping (LessonEvent) -> Void) {
        self.report = report
        self.lesson = lesson
        self.options = options
        self.port = options.port ?? lesson.defaultPort
        self.orchestrator = Orchestrator(lesson: lesson, report: report)
    }

    /// Runs the lesson to its end. Returns the tracer's outcome (interrupted when Ctrl-C).
    public func run() throws(LessonRunError) -> TraceOutcome {
        let report = self.report
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
        var statuses: [String: Int] = [:]
        let tracer = Tracer(configuration: configuration) { event in
            let pid = event.pid
            let role = orchestrator.role(of: pid)
            var step: Step?
            switch event {
            case .entered, .exited: step = orchestrator.step(of: pid)
            case .exitedNormally(_, let status, _): statuses[role] = status
            case .killed(_, let signal, _, _): statuses[role] = 128 + signal
            default: break
            }
            report(.trace(event, role: role, step: step))
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
