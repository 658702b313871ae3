import Decoding
import Seccomp

/// What a lesson run did, recorded from its events: each step's call and result, how each role
/// ended, the calls that blocked.
public final class Observation {
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
    /// The order in which roles ended, relative to the calls (index into `calls` at that time).
    public private(set) var endedAfterCall: [String: Int] = [:]
    public private(set) var signals: [(role: String, signal: Int)] = []
    public private(set) var blocked: [(role: String, step: Step)] = []
    public private(set) var stalled: [(role: String, step: Step)] = []

    public init() {}

    public func record(_ event: LessonEvent) {
        switch event {
        case .trace(.exited(let call, _, _), let role, let step?):
            calls.append(CallRecord(role: role, step: step, call: call))
        case .trace(.exitedNormally(_, let status, _), let role, _):
            ends[role] = .exited(status)
            endedAfterCall[role] = calls.count
        case .trace(.killed(_, let signal, _, _), let role, _):
            ends[role] = .killed(signal: signal)
            endedAfterCall[role] = calls.count
            if signal == 31, let last = calls.lastIndex(where: { $0.role == role }) { // SIGSYS
                calls[last].killedInCall = true
            }
        case .trace(.signal(let delivery, _), let role, _):
            signals.append((role, delivery.signal))
        case .blocked(let step, let role):
            blocked.append((role, step))
        case .stalled(let waiting):
            stalled += waiting
        default:
            break
        }
    }

    /// Whether every read of data in the lesson (recvfrom/read steps) got some bytes.
    public func dataArrived(in lesson: Lesson) -> Bool {
        let reads = lesson.steps.filter { $0.call.name == "recvfrom" || $0.call.name == "read" }
        guard !reads.isEmpty else { return true }
        return reads.allSatisfy { step in
            calls.contains { $0.step.index == step.index && !$0.killedInCall && ($0.call.result.flatMap(Self.positive) ?? false) }
        }
    }

    static func positive(_ result: CallResult) -> Bool? {
        if case .value(.number(let v, _), _) = result { return v > 0 }
        return false
    }

    /// The first failure of a role: its failed call, or how it died.
    public func firstFailure(of role: String) -> String {
        if let stall = stalled.first(where: { $0.role == role }),
           !calls.contains(where: { $0.role == role && $0.call.failed }) {
            return "\(stall.step.call.name) waits forever"
        }
        if let record = calls.first(where: { $0.role == role && ($0.call.failed || $0.call.result == .unknown || $0.killedInCall) }) {
            if record.killedInCall, case .killed(let signal)? = ends[role] {
                return "\(record.call.name): killed by \(SignalTable.name(signal))"
            }
            if let e = record.call.errnoValue { return "\(record.call.name) = -1 \(ErrnoTable.name(e) ?? String(e))" }
            if case .killed(let signal)? = ends[role] { return "\(record.call.name): killed by \(SignalTable.name(signal))" }
            return "\(record.call.name) = ?"
        }
        if case .killed(let signal)? = ends[role] { return "killed by \(SignalTable.name(signal))" }
        if let stall = stalled.first(where: { $0.role == role }) { return "\(stall.step.call.name) waits forever" }
        if let record = calls.last(where: { $0.role == role && ($0.call.name == "recvfrom" || $0.call.name == "read") }),
           case .value(.number(0, _), _)? = record.call.result {
            return "\(record.call.name) = 0 (end of file)"
        }
        return "-"
    }
}

/// "What happened" after a blocked run: the blocked call, each later failure in order and why it
/// followed, all from what was observed.
public enum Aftermath {
    public static func explain(_ observation: Observation, lesson: Lesson, rules: [BlockRule], port: Int, keepGoing: Bool) -> [String] {
        var lines: [String] = []
        let blockedCalls = Set(rules.map(\.call))
        var firstBlocked: Observation.CallRecord?
        var failedSteps: [String: Observation.CallRecord] = [:] // role → its first failed call
        for record in observation.calls {
            let isBlockedCall = blockedCalls.contains(record.call.name) && rules.contains { rule in
                rule.call == record.call.name && (rule.role == nil || rule.role == record.role)
            }
            let failed = record.call.failed || record.call.result == .unknown
            if isBlockedCall, let rule = rules.first(where: { $0.call == record.call.name && ($0.role == nil || $0.role == record.role) }) {
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
            if failedSteps[record.role] == nil && failed { failedSteps[record.role] = record }
            lines.append(reason(for: record, observation: observation, lesson: lesson, port: port))
        }
        if observation.calls.isEmpty || firstBlocked == nil {
            if rules.contains(where: { rule in !lesson.steps.contains { $0.call.name == rule.call } }) {
                lines.append("No step of the lesson makes the blocked call, so nothing changed.")
            }
        }
        // Roles' ends.
        for role in lesson.roles {
            switch observation.ends[role.name] {
            case .exited(1)?:
                if let failed = failedSteps[role.name] {
                    lines.append("\(role.name) stopped after its failed \(failed.call.name) and exited with status 1, as a Rust program that returns the error with ?." + (keepGoing ? "" : " (--keep-going would let it go on.)"))
                }
            case .killed(let signal)?:
                lines.append("\(role.name) was killed by \(SignalTable.name(signal)).")
            default:
                break
            }
        }
        for stall in observation.stalled {
            lines.append("\(stall.role) waited in \(stall.step.call.name) for something no role could send any more; sockstep ended it.")
        }
        lines.append(contentsOf: surprises(observation, lesson: lesson, rules: rules, keepGoing: keepGoing))
        lines.append(observation.dataArrived(in: lesson) ? "The data still arrived." : "The data never arrived.")
        return lines
    }

    static func isEndOfFile(_ record: Observation.CallRecord) -> Bool {
        guard record.call.name == "recvfrom" || record.call.name == "read" else { return false }
        if case .value(.number(0, _), _)? = record.call.result { return true }
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
        case ("accept", "EINVAL"), ("accept4", "EINVAL"):
            return "\(head) got EINVAL: the socket never became a listening one (its listen failed)."
        case (_, "EBADF"):
            return "\(head) got EBADF: the descriptor does not exist, because the step that should have created it failed."
        case (_, "ENOTCONN"):
            return "\(head) got ENOTCONN: the socket never got connected."
        case (_, "EPIPE"), (_, "ECONNRESET"):
            return "\(head) got \(name): the other end had closed the connection (its process ended)."
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
    static func surprises(_ observation: Observation, lesson: Lesson, rules: [BlockRule], keepGoing: Bool) -> [String] {
        var out: [String] = []
        let acceptBlocked = rules.contains { $0.call == "accept4" || $0.call == "accept" }
        if acceptBlocked {
            if let connect = observation.calls.first(where: { $0.call.name == "connect" }) {
                if !connect.call.failed {
                    out.append("Surprise: \(connect.role)'s connect succeeded although accept was blocked. The kernel completes the TCP handshake by itself and puts the connection in the listener's accept queue; accept only takes a finished connection off that queue.")
                } else if connect.call.errnoValue.flatMap({ ErrnoTable.name($0) }) == "ECONNREFUSED" {
                    out.append("The connect was refused because the server had already exited after its blocked accept, closing its listening socket. With --keep-going the server lives on, and the connect succeeds: the kernel finishes the handshake into the accept queue without any accept.")
                }
            }
        }
        return out
    }
}
