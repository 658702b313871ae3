import Decoding
import LessonModel

/// The role a traced process plays in a lesson, and the step its call belongs to (nil for
/// exits and signals outside a step).
public struct LessonContext: Sendable, Equatable {
    public var role: String
    public var step: Step? {
        get { stepBox?.step }
        set { stepBox = newValue.map(StepBox.init) }
    }
    /// Whether the call is the step's own call (false: another call the role's program made
    /// within the step, its runtime's or a line outside the lesson's regions).
    public var stepCall: Bool

    /// The step, by reference: a step is a large value, and a context goes with every event of
    /// a lesson's trace (copied from the tracer to each output); inline it made each event
    /// hundreds of bytes.
    private final class StepBox: Sendable {
        let step: Step
        init(_ step: Step) { self.step = step }
    }
    private var stepBox: StepBox?

    public init(role: String, step: Step?, stepCall: Bool = true) {
        self.role = role
        self.stepBox = step.map(StepBox.init)
        self.stepCall = stepCall
    }

    public static func == (a: LessonContext, b: LessonContext) -> Bool {
        a.role == b.role && a.stepCall == b.stepCall && (a.stepBox === b.stepBox || a.step == b.step)
    }
}

/// Where a lesson's program wrote.
public enum ProgramStream: String, Sendable, Equatable {
    case stdout, stderr
}

/// Everything a run reports, in order: what every output renders. A run starts with
/// `.started` (what ran, and how), ends with `.finished`; between them the trace, and in a
/// lesson the moments the trace alone does not show.
///
/// With `--wire`, the wire's TCP segments, UDP datagrams and TCP state changes are `.wire`
/// events among the others, in time order; a sink ignores the cases it has no use for.
///
/// Every case but `trace` is `indirect` (kept in a box): they are few, some are large (a run's
/// header, a step), and a trace event, which comes at every stop, is then copied without them.
public enum RunEvent: Sendable {
    indirect case started(RunHeader)
    /// What the tracer saw, with the role and step in a lesson.
    case trace(TraceEvent, LessonContext?)
    /// The lesson holds a role at the entry of its step's call, decoded as far as the entry
    /// goes (stepping, pacing): the call has not been made.
    indirect case held(LessonContext, DecodedCall?, at: Stamp)
    /// The step's call did not return: the process waits in the kernel.
    indirect case blocked(Step, role: String, at: Stamp)
    /// sockstep ended a role before a call that passes an address outside loopback (or outside
    /// the run folder): the call was not made.
    indirect case refused(role: String, step: Step?, reason: String, at: Stamp)
    /// sockstep ends these roles (SIGKILL), for this reason; their `killed` lines follow.
    indirect case ended([EndedRole], EndReason, at: Stamp)
    /// The kernel's side of the sockets, read by the engine.
    indirect case snapshot(KernelSnapshot)
    /// What a role's program wrote on its standard output or error (a lesson with programs;
    /// read when the role has ended).
    indirect case output(role: String, stream: ProgramStream, text: String, at: Stamp)
    /// The wire (`--wire`): a segment, a TCP state change, or why there is no wire view.
    indirect case wire(WireEvent)
    indirect case finished(RunEnd)
}

/// How a run ended, as the outputs need to know it.
public struct RunEnd: Sendable, Equatable {
    /// The signal sockstep got (Ctrl-C, SIGTERM, SIGHUP) and passed on, 0 when none.
    public var interruptSignal: Int32
    public var stamp: Stamp
    public init(interruptSignal: Int32, stamp: Stamp) {
        self.interruptSignal = interruptSignal
        self.stamp = stamp
    }
}

/// What ran and how: everything an output needs besides the events, so that a recording can be
/// rendered again without the lesson file or the command line.
public struct RunHeader: Sendable {
    public enum Kind: String, Sendable, Equatable {
        /// `sockstep trace`: any command.
        case trace
        /// A lesson: `run`, `step`, `run --pace`.
        case lesson
    }

    public var kind: Kind
    /// sockstep's version and its command line.
    public var version: String
    public var command: [String]
    /// The page's title (`sockstep run tcp --block listen`).
    public var title: String
    public var options: TraceOptions
    /// The lesson as it ran (with the steps that load a seccomp filter), its port and the
    /// language of its code.
    public var lesson: Lesson?
    public var port: Int?
    public var language: CodeLanguage?
    /// The calls a seccomp filter decides.
    public var blocks: [BlockedCall]
    public var keepGoing: Bool
    /// Whether the engine takes kernel snapshots after each step (they are in the events).
    public var snapshots: Bool
    /// Whether the explained view showed the kernel's side after each step (step, --pace).
    public var showState: Bool

    public init(kind: Kind, version: String, command: [String], title: String, options: TraceOptions,
                lesson: Lesson? = nil, port: Int? = nil, language: CodeLanguage? = nil, blocks: [BlockedCall] = [],
                keepGoing: Bool = false, snapshots: Bool = false, showState: Bool = false) {
        self.kind = kind
        self.version = version
        self.command = command
        self.title = title
        self.options = options
        self.lesson = lesson
        self.port = port
        self.language = language
        self.blocks = blocks
        self.keepGoing = keepGoing
        self.snapshots = snapshots
        self.showState = showState
    }
}

/// How the trace was taken and laid out: strace's options.
public struct TraceOptions: Sendable, Equatable {
    public enum Timestamps: String, Sendable, Equatable {
        case none
        /// -tt: the time of day, in microseconds.
        case timeOfDay = "time_of_day"
        /// -r: the time since the previous line.
        case relative
    }

    /// -f
    public var followForks = false
    /// -o FILE: the lines went to a file (with -f each starts with the pid).
    public var toFile = false
    public var timestamps: Timestamps = .none
    /// -T
    public var durations = false
    /// -c
    public var summary = false
    /// -y (1), -yy (2)
    public var describeDescriptors = 0
    /// -s
    public var stringLimit = 32
    /// How many processes were traced from the start (1 for a command, 0 with -p, one per
    /// role in a lesson): the `[pid N]` prefix depends on it.
    public var initialProcesses = 1

    public init() {}
}

/// A call a seccomp filter decides (`--block [ROLE:]CALL[=ACTION]`).
public struct BlockedCall: Sendable, Equatable {
    public typealias Action = BlockAction

    /// The role it applies to; nil: every role that makes the call.
    public var role: String?
    public var call: String
    public var action: Action

    public init(role: String?, call: String, action: Action) {
        self.role = role
        self.call = call
        self.action = action
    }

    /// Whether the filter decides `call` when `role` makes it.
    public func decides(_ call: String, role: String?) -> Bool {
        self.call == call && (self.role == nil || self.role == role)
    }
}

/// A role sockstep ends, and where it was.
public struct EndedRole: Sendable, Equatable {
    public var role: String
    public var pid: Int32
    /// The step whose call it waits in (`inCall`), or the step it is stopped before (nil: before
    /// its first step or between two).
    public var step: Step?
    public var inCall: Bool

    public init(role: String, pid: Int32, step: Step?, inCall: Bool) {
        self.role = role
        self.pid = pid
        self.step = step
        self.inCall = inCall
    }
}

/// Why sockstep ends roles: a lesson command never hangs, and never talks to a stranger.
public enum EndReason: Sendable, Equatable {
    /// It waits in its call, and every other role has ended: nothing is left that could end it.
    case othersGone
    /// It waits in its call, and the lesson's next step is its own (`next`), which can only come
    /// after that call returns; the roles that could end the wait wait for their turns after it.
    case ownStepNext(Step)
    /// Every role left waits in a call, and the lesson has no step left that could end a wait.
    case allWaiting
    /// A bind step failed with EADDRINUSE: `address` belongs to a socket outside the lesson
    /// (`use` says which kind), so the rest of the lesson would talk to it or wait forever.
    /// `reuse`: the role had set SO_REUSEADDR on its socket.
    case addressTaken(role: String, step: Step, address: String, use: PortUse, reuse: Bool)
    /// A connect step would reach `address`, where a socket outside the lesson listens.
    case strangerListens(role: String, step: Step, address: String)

    /// The reason's name in JSON.
    public var code: String {
        switch self {
        case .othersGone: return "others_gone"
        case .ownStepNext: return "own_step_next"
        case .allWaiting: return "all_waiting"
        case .addressTaken: return "address_taken"
        case .strangerListens: return "stranger_listens"
        }
    }
}
