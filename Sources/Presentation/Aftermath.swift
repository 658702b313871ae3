import Decoding
import Events
import Glibc
import LessonModel

/// What a lesson run did, recorded from its events: each step's call and result, how each role
/// ended, the calls that blocked. A sink: the commands read it for their exit status (did the
/// lesson run as written), whatif for its rows, "what happened" for its story.
public final class Observation: EventSink {
    public struct CallRecord: Sendable {
        public var role: String
        public var step: Step
        public var call: DecodedCall
        /// The process died of SIGSYS in this call (seccomp KILL or TRAP): its "result" is
        /// only the syscall number the kernel left in the register.
        public var killedInCall = false
    }

    public enum RoleEnd: Sendable, Equatable {
        case exited(Int)
        case killed(signal: Int)
    }

    public private(set) var calls: [CallRecord] = []
    public private(set) var ends: [String: RoleEnd] = [:]
    /// Each role's first process: the end of a process its program forked is not the role's.
    var firstPID: [String: Int32] = [:]
    /// The order in which roles ended, relative to the calls (index into `calls` at that time).
    public private(set) var endedAfterCall: [String: Int] = [:]
    public private(set) var signals: [(role: String, signal: Int)] = []
    public private(set) var blocked: [(role: String, step: Step)] = []
    /// The roles sockstep ended, and why.
    public private(set) var ended: [(role: EndedRole, reason: EndReason)] = []
    /// What each role's program wrote on stderr (a lesson with programs).
    public private(set) var errorOutput: [String: String] = [:]

    public init() {}

    /// The signal sockstep got before the lesson's end (0: none).
    public private(set) var interruptSignal: Int32 = 0

    public func receive(_ event: RunEvent) {
        if case .trace(let traceEvent, let context?) = event, firstPID[context.role] == nil { firstPID[context.role] = traceEvent.pid }
        switch event {
        case .trace(.exitedNormally(let pid, _, _), let context?) where firstPID[context.role] != pid,
             .trace(.killed(let pid, _, _, _), let context?) where firstPID[context.role] != pid:
            break
        case .trace(.exited(let call, _, _), let context?):
            // A step's own call; the other calls a program makes in a step are not the lesson's.
            if let step = context.step, context.stepCall { calls.append(CallRecord(role: context.role, step: step, call: call)) }
        case .output(let role, .stderr, let text, _):
            errorOutput[role] = text
        case .trace(.exitedNormally(_, let status, _), let context?):
            ends[context.role] = .exited(status)
            endedAfterCall[context.role] = calls.count
        case .trace(.killed(_, let signal, _, _), let context?):
            ends[context.role] = .killed(signal: signal)
            endedAfterCall[context.role] = calls.count
            if signal == 31, let last = calls.lastIndex(where: { $0.role == context.role }) { // SIGSYS
                calls[last].killedInCall = true
            }
        case .trace(.signal(let delivery, _), let context?):
            signals.append((context.role, delivery.signal))
        case .blocked(let step, let role, _):
            blocked.append((role, step))
        case .ended(let roles, let reason, _):
            ended += roles.map { ($0, reason) }
        case .finished(let end):
            interruptSignal = end.interruptSignal
        default:
            break
        }
    }

    public func finish() throws(SinkFailure) {}

    /// Whether every read of data in the lesson (recvfrom/read steps) got some bytes.
    public func dataArrived(in lesson: Lesson) -> Bool {
        let reads = lesson.steps.filter { $0.call.name == "recvfrom" || $0.call.name == "read" }
        guard !reads.isEmpty else { return true }
        return reads.allSatisfy { step in
            calls.contains { $0.step.index == step.index && !$0.killedInCall && ($0.call.result.flatMap(Self.positive) ?? false) }
        }
    }

    static func positive(_ result: CallResult) -> Bool? {
        if case .number(let v, _)? = result.value { return v > 0 }
        return false
    }

    /// A step's call that failed: an error, no result (its process ended in it), or SIGSYS. A
    /// call that Ctrl-C (SIGINT, or SIGTERM, SIGHUP, SIGQUIT) interrupted is not the program's
    /// failure: neither its `? ERESTARTSYS` nor its `= ?` when the role died of the signal.
    func failed(_ record: CallRecord) -> Bool {
        if let e = record.call.errnoValue { return !ErrnoTable.isRestart(e) && !record.step.failsAsWritten(errno: e) }
        if record.call.result == .unknown, case .killed(let signal)? = ends[record.role],
           [SIGINT, SIGTERM, SIGHUP, SIGQUIT].contains(Int32(signal)) {
            return false
        }
        return record.call.result == .unknown || record.killedInCall
    }

    /// The step a role waited in when sockstep ended it.
    func waitedIn(_ role: String) -> Step? {
        ended.first { $0.role.role == role && $0.role.inCall }?.role.step
    }

    /// The role, as sockstep ended it (nil when it did not).
    func endedRole(_ role: String) -> EndedRole? {
        ended.first { $0.role.role == role }?.role
    }

    /// Whether the lesson ran as written: every step's call made and successful (or failed with
    /// the error its `fails:` names), every role
    /// exited with 0, none ended by sockstep.
    public func ranAsWritten(_ lesson: Lesson) -> Bool {
        guard ended.isEmpty, lesson.roles.allSatisfy({ ends[$0.name] == .exited(0) }) else { return false }
        return lesson.steps.allSatisfy { step in
            calls.contains { $0.step.index == step.index && (!$0.call.failed || step.failsAsWritten(errno: $0.call.errnoValue))
                && $0.call.result != .unknown && !$0.killedInCall }
        }
    }

    /// Why sockstep ended the lesson early, when its address was taken or a stranger listened there.
    public var stopReason: EndReason? {
        ended.first { reason in
            switch reason.reason {
            case .addressTaken, .strangerListens: return true
            default: return false
            }
        }?.reason
    }

    /// The first failure of a role: its failed call, or how it died.
    public func firstFailure(of role: String) -> String {
        if let step = waitedIn(role), !calls.contains(where: { $0.role == role && $0.call.failed && failed($0) }) {
            return "\(step.call.name) waits forever"
        }
        if let record = calls.first(where: { $0.role == role && failed($0) }) {
            if record.killedInCall, case .killed(let signal)? = ends[role] {
                return "\(record.call.name): killed by \(SignalTable.name(signal))"
            }
            if let e = record.call.errnoValue { return "\(record.call.name) = -1 \(ErrnoTable.name(e) ?? String(e))" }
            if case .killed(let signal)? = ends[role] { return "\(record.call.name): killed by \(SignalTable.name(signal))" }
            return "\(record.call.name) = ?"
        }
        if case .killed(let signal)? = ends[role] { return "killed by \(SignalTable.name(signal))" }
        if let record = calls.last(where: { $0.role == role && ($0.call.name == "recvfrom" || $0.call.name == "read") }),
           case .number(0, _)? = record.call.result?.value {
            return "\(record.call.name) = 0 (end of file)"
        }
        return "-"
    }
}

/// "What happened" after a blocked run: the blocked call, each later failure in order and why it
/// followed, all from what was observed.
public enum Aftermath {
    public static func explain(_ observation: Observation, lesson: Lesson, rules: [BlockedCall], port: Int, keepGoing: Bool) -> [String] {
        var lines: [String] = []
        let blockedCalls = Set(rules.map(\.call))
        var firstBlocked: Observation.CallRecord?
        var failedSteps: [String: Observation.CallRecord] = [:] // role → its first failed call
        for record in observation.calls {
            let isBlockedCall = blockedCalls.contains(record.call.name) && rules.contains { $0.decides(record.call.name, role: record.role) }
            let failed = observation.failed(record)
            if isBlockedCall, let rule = rules.first(where: { $0.decides(record.call.name, role: record.role) }) {
                let line = "The filter decided \(record.role)'s \(record.call.name) (step \(record.step.numberInRole)): "
                switch rule.action {
                case .errno(let e):
                    lines.append(line + "it failed with \(ErrnoTable.name(e) ?? String(e)) without reaching the kernel's socket code.")
                case .kill:
                    lines.append(line + "the kernel killed \(record.role) with SIGSYS on the spot (seccomp KILL).")
                case .trap:
                    lines.append(line + "the kernel sent \(record.role) SIGSYS (seccomp TRAP); with no handler for it, \(record.role) died.")
                case .log:
                    lines.append(line + "it ran normally and the kernel logged it (seccomp LOG): nothing else changes.")
                }
                if firstBlocked == nil { firstBlocked = record }
                if failed && failedSteps[record.role] == nil { failedSteps[record.role] = record }
                continue
            }
            guard failed || isEndOfFile(record) else { continue }
            // A call sockstep ended its role in: the line on why it ended the role says it.
            if record.call.result == .unknown && observation.endedRole(record.role)?.step?.index == record.step.index { continue }
            if failedSteps[record.role] == nil && failed { failedSteps[record.role] = record }
            lines.append(reason(for: record, observation: observation, lesson: lesson, port: port))
        }
        if observation.calls.isEmpty || firstBlocked == nil {
            if rules.contains(where: { rule in !lesson.steps.contains { $0.callNames.contains(rule.call) } }) {
                lines.append("No step of the lesson makes the blocked call, so nothing changed.")
            }
        }
        // Roles' ends.
        let language = lesson.programs?.language
        for role in lesson.roles {
            let made = observation.calls.contains { $0.role == role.name }
            if let language, !made, let end = observation.ends[role.name], end != .exited(0), observation.endedRole(role.name) == nil {
                // The filter is loaded before the program starts: the runtime meets it too.
                let how: String
                switch end {
                case .exited(let status): how = "exited with status \(status)"
                case .killed(let signal): how = "was killed by \(SignalTable.name(signal))"
                }
                var line = "\(role.name)'s program \(how) before its first step: its seccomp filter was loaded before the program started, so it applies to the \(language.displayName) runtime's own start too."
                if let first = observation.errorOutput[role.name]?.split(separator: "\n").first {
                    line += " It wrote: \(first)"
                }
                lines.append(line)
                continue
            }
            switch observation.ends[role.name] {
            case .exited(1)?:
                if let failed = failedSteps[role.name] {
                    if let language {
                        lines.append("\(role.name)'s \(language.displayName) program stopped after its failed \(failed.call.name) and exited with status 1: \(language.failureHabit).")
                    } else {
                        lines.append("\(role.name) stopped after its failed \(failed.call.name) and exited with status 1, as a Rust program that returns the error with ?." + (keepGoing ? "" : " (--keep-going would let it go on.)"))
                    }
                }
            case .killed(let signal)? where observation.endedRole(role.name) == nil:
                lines.append("\(role.name) was killed by \(SignalTable.name(signal)).")
            default:
                break
            }
        }
        var told: Set<String> = []
        for (_, reason) in observation.ended where !told.contains(reason.code) {
            told.insert(reason.code)
            lines.append(reason.summary(of: observation.ended.filter { $0.reason.code == reason.code }.map(\.role)))
        }
        lines.append(contentsOf: surprises(observation, lesson: lesson, rules: rules, keepGoing: keepGoing))
        // A lesson without a read step has no data to arrive: nothing to say about it.
        if lesson.steps.contains(where: { $0.call.name == "recvfrom" || $0.call.name == "read" }) {
            lines.append(observation.dataArrived(in: lesson) ? "The data still arrived." : "The data never arrived.")
        }
        return lines
    }

    static func isEndOfFile(_ record: Observation.CallRecord) -> Bool {
        guard record.call.name == "recvfrom" || record.call.name == "read" else { return false }
        if case .number(0, _)? = record.call.result?.value { return true }
        return false
    }

    static func address(_ record: Observation.CallRecord) -> String {
        record.call.arguments.count > 1 ? (Sockaddr.text(record.call.arguments[1]) ?? "its address") : "its address"
    }

    /// Why a later call failed, from what happened before it.
    static func reason(for record: Observation.CallRecord, observation: Observation, lesson: Lesson, port: Int) -> String {
        let call = record.call
        let head = "\(record.role)'s \(call.name) (step \(record.step.numberInRole))"
        let before = observation.calls.prefix { $0.step.index != record.step.index || $0.role != record.role }
        let others = before.filter { $0.role != record.role }
        let name = call.errnoValue.flatMap { ErrnoTable.name($0) } ?? ""
        switch (call.name, name) {
        case ("connect", "ECONNREFUSED"):
            let target = address(record)
            if let failedListen = others.first(where: { $0.call.name == "listen" && $0.call.failed }) {
                return "\(head) got ECONNREFUSED: nothing listened on \(target), because \(failedListen.role)'s listen failed."
            }
            if let failedBind = others.first(where: { $0.call.name == "bind" && $0.call.failed }) {
                return "\(head) got ECONNREFUSED: nothing listened on \(target); \(failedBind.role)'s bind had failed, so it never listened there."
            }
            if let gone = observation.ends.keys.first(where: { $0 != record.role && (observation.endedAfterCall[$0] ?? Int.max) <= before.count }) {
                return "\(head) got ECONNREFUSED: nothing listened on \(target) any more: \(gone) had already exited, and its listening socket closed with it."
            }
            return "\(head) got ECONNREFUSED: nothing listened on \(target)."
        case ("bind", "EADDRINUSE"):
            guard case .addressTaken(_, _, let address, let use, let reuse)? = observation.stopReason else {
                return "\(head) failed with \(ErrnoTable.describe(Int(EADDRINUSE)))."
            }
            let failedReuse = before.first { $0.role == record.role && $0.call.name == "setsockopt" && $0.call.failed && $0.step.call.setsReuseAddress }
            switch use {
            case .timeWait:
                let why = reuse ? ", which the socket's SO_REUSEADDR does not overcome: the connection's socket did not have it"
                    : failedReuse.map { " without SO_REUSEADDR, which \($0.role)'s failed setsockopt (step \($0.step.numberInRole)) should have set" }
                    ?? " without SO_REUSEADDR"
                return "\(head) got EADDRINUSE: \(address) had a connection in TIME_WAIT, and bind refuses it\(why)."
            default:
                return "\(head) got EADDRINUSE: \(EndReason.holder(address, use))"
            }
        case ("accept", "EINVAL"), ("accept4", "EINVAL"):
            return "\(head) got EINVAL: the socket never became a listening one (its listen failed)."
        case (_, "EBADF"):
            return "\(head) got EBADF: the descriptor does not exist, because the step that should have created it failed."
        case (_, "ENOTCONN"):
            return "\(head) got ENOTCONN: the socket never got connected."
        case (_, "EPIPE"):
            let signal = Explainer.sendFlags(call).map { $0 & Explainer.msgNoSignal != 0 } == true
                ? "MSG_NOSIGNAL made it this error instead of SIGPIPE"
                : "the kernel also sent SIGPIPE, which kills a process that does not ignore or handle it"
            return "\(head) got EPIPE: the other end had closed the connection (its process ended); \(signal)."
        case (_, "ECONNRESET"):
            let peers = Set(others.map(\.role))
            let accepted = others.contains { ["accept", "accept4"].contains($0.call.name) && !$0.call.failed }
            if !peers.isEmpty, !accepted, others.contains(where: { $0.call.name == "listen" && !$0.call.failed }) {
                return "\(head) got ECONNRESET: its connection waited in the listener's accept queue, and nobody accepted it; the listener was closed (by a close, or with its process), and closing a listener resets the connections nobody accepted."
            }
            return "\(head) got ECONNRESET: the other end reset the connection: it closed (its process ended) with data unread, or an earlier write reached it after it had closed."
        case ("recvfrom", ""), ("read", ""):
            let closer = observation.ends.keys.first { $0 != record.role } ?? "the peer"
            return "\(head) returned 0, end of file: \(closer) closed the connection without writing (its process ended)."
        default:
            if let e = call.errnoValue {
                return "\(head) failed with \(ErrnoTable.describe(e))."
            }
            return "\(head) did not return: its process ended in it."
        }
    }

    /// The lessons a run teaches that the trace alone does not say.
    static func surprises(_ observation: Observation, lesson: Lesson, rules: [BlockedCall], keepGoing: Bool) -> [String] {
        var out: [String] = []
        let acceptBlocked = rules.contains { $0.call == "accept4" || $0.call == "accept" }
        if acceptBlocked {
            if let connect = observation.calls.first(where: { $0.call.name == "connect" }) {
                let unix = connect.call.arguments.count > 1 && { if case .socketAddress(let a) = connect.call.arguments[1] { return a.family == 1 }; return false }()
                if !connect.call.failed && unix {
                    out.append("Surprise: \(connect.role)'s connect succeeded although accept was blocked. The kernel puts the connection in the listener's accept queue by itself (a UNIX socket has no handshake); accept only takes a connection off that queue.")
                } else if !connect.call.failed {
                    out.append("Surprise: \(connect.role)'s connect succeeded although accept was blocked. The kernel completes the TCP handshake by itself and puts the connection in the listener's accept queue; accept only takes a finished connection off that queue.")
                } else if connect.call.errnoValue.flatMap({ ErrnoTable.name($0) }) == "ECONNREFUSED" {
                    let alive = lesson.hasPrograms ? "A server that lived on after its failed accept would see" : "With --keep-going the server lives on, and"
                    out.append("The connect was refused because the server had already exited after its blocked accept, closing its listening socket. \(alive) the connect succeed: the kernel \(unix ? "queues the connection" : "finishes the handshake into the accept queue") without any accept.")
                }
            }
        }
        return out
    }
}

/// What the view, the plain output and "what happened" say when sockstep ends roles.
extension EndReason {
    /// `server waits in accept4 (step 5)` (`waited`, for the past).
    static func waiting(_ role: EndedRole, verb: String = "waits") -> String {
        guard let step = role.step else { return "\(role.role) \(verb)" }
        return "\(role.role) \(verb) in \(step.call.name) (step \(step.numberInRole))"
    }

    /// `server (in its accept4, step 5)`, `client (before its socket, step 1)`.
    static func place(_ role: EndedRole) -> String {
        guard let step = role.step else { return "\(role.role) (before its first step)" }
        return "\(role.role) (\(role.inCall ? "in" : "before") its \(step.call.name), step \(step.numberInRole))"
    }

    /// `a`, `a and b`, `a, b and c`.
    static func list(_ items: [String]) -> String {
        items.count < 2 ? items.joined() : items.dropLast().joined(separator: ", ") + " and " + items.last!
    }

    /// Why sockstep ends `roles` now, what the roles' state is, in a sentence or two.
    public func explanation(for roles: [EndedRole]) -> String {
        let them = Self.list(roles.map(\.role))
        let waits = Self.list(roles.map { Self.waiting($0) })
        let places = Self.list(roles.map(Self.place))
        switch self {
        case .othersGone:
            return "\(waits), and nothing is left that could end the wait: the other roles have ended. sockstep ends \(them)."
        case .ownStepNext(let next):
            let waited = roles.first?.step?.call.name ?? "its call"
            return "\(waits), and nothing can end the wait: the lesson's next step is \(next.role)'s own \(next.call.name) (step \(next.numberInRole)), which can only come after \(waited) returns, and the other roles wait for their turns after it. sockstep ends \(them), and the lesson goes on without it."
        case .allWaiting:
            return "\(waits), and no step of the lesson is left that could end \(roles.count == 1 ? "the wait" : "a wait"). sockstep ends \(them)."
        case .addressTaken(let role, let step, let address, let use, let reuse):
            let why: String
            if case .timeWait = use { why = "The lesson cannot go on at this address" } else { why = "So that no role talks to that program, the lesson stops here" }
            return "\(role)'s bind (step \(step.numberInRole)) failed with EADDRINUSE: \(Self.holder(address, use, reuse: reuse)) \(why): sockstep ends \(places)."
        case .strangerListens(let role, let step, let address):
            return "\(role)'s connect (step \(step.numberInRole)) would reach \(address), where a program outside the lesson listens (the lesson's own server never did). So that \(role) does not talk to it, sockstep ends \(places)."
        }
    }

    /// What holds an address bind found in use: a listener, a connection, or only TIME_WAIT.
    static func holder(_ address: String, _ use: PortUse, reuse: Bool = false) -> String {
        switch use {
        case .listening:
            return "\(address) is in use: another program listens there."
        case .connected(let state):
            return "\(address) is in use: a connection (\(state)) of another program has it as its address."
        case .bound:
            return "\(address) is in use: another socket is bound to it."
        case .timeWait(let count):
            let connections = count == 1 ? "a connection that used it is" : "\(count) connections that used it are"
            return "\(address) is not in use, but \(connections) in TIME_WAIT (the kernel keeps a closed connection's address for a minute, so that its late packets cannot reach a new one). Binding over TIME_WAIT is exactly what SO_REUSEADDR is for, and Linux allows it only when both the new socket and the one the connection came from have it: "
                + (reuse ? "this socket has it, the connection's did not." : "this socket does not have it.")
        }
    }

    /// What to do about it, for the address-taken cases: a free port.
    public var advice: String? {
        let address: String
        var timeWait = false
        switch self {
        case .addressTaken(_, _, let a, let use, _):
            address = a
            if case .timeWait = use { timeWait = true }
        case .strangerListens(_, _, let a):
            address = a
        default:
            return nil
        }
        let port = Int(address.split(separator: ":").last ?? "") ?? 0
        let other = port < 65535 ? port + 1 : 1024
        return (timeWait ? "Wait a minute for TIME_WAIT to end, or pass" : "Pass") + " --port N with a free port, e.g. --port \(other)."
    }

    /// One line of "what happened" for the roles sockstep ended for this reason.
    func summary(of roles: [EndedRole]) -> String {
        switch self {
        case .addressTaken(_, _, let address, _, _), .strangerListens(_, _, let address):
            return "sockstep ended \(Self.list(roles.map(Self.place))): the lesson could not go on at \(address)."
        default:
            return Self.list(roles.map { Self.waiting($0, verb: "waited") }) + " for something no role could do any more; sockstep ended "
                + (roles.count == 1 ? "it." : "them.")
        }
    }
}
