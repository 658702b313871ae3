import Decoding
import Events
import LessonModel

/// Without the explained view: why sockstep refused or ended a role, on stderr when it happens
/// (after what the trace wrote so far).
public final class LessonNotices: EventSink {
    let trace: OutputSink
    let messages: OutputSink
    /// Whether a refused address is told (the plain strace lines; JSON has its own object).
    let refusals: Bool

    public init(trace: OutputSink, messages: OutputSink = .standardError, refusals: Bool) {
        self.trace = trace
        self.messages = messages
        self.refusals = refusals
    }

    public func receive(_ event: RunEvent) {
        switch event {
        case .refused(let role, _, let reason, _) where refusals:
            messages.write("sockstep: refused \(role)'s \(reason): the role is ended (a lesson talks only on 127.0.0.0/8, ::1 and in its run folder)\n")
            messages.flush()
        case .output(let role, .stderr, let text, _):
            // A program's own complaint (`bind: Address already in use`), where the view is not.
            trace.flush()
            for line in text.split(separator: "\n").prefix(5) { messages.write("sockstep: \(role)'s program wrote on stderr: \(line)\n") }
            messages.flush()
        case .ended(let roles, let reason, _):
            trace.flush()
            messages.write("sockstep: " + reason.explanation(for: roles) + (reason.advice.map { " " + $0 } ?? "") + "\n")
            messages.flush()
        default:
            break
        }
    }

    public func finish() throws(SinkFailure) {}
}

/// "What happened" after a run with a block: the story of the observation, in the explained
/// view, or on stderr after the strace lines.
public final class WhatHappened: EventSink {
    let observation: Observation
    let lesson: Lesson
    let rules: [BlockedCall]
    let port: Int
    let keepGoing: Bool
    let view: LessonView?
    let trace: OutputSink?
    let messages: OutputSink
    /// Set when the story is not to be told (the user quit, or the lesson restarts).
    public var skip = false

    public init(observation: Observation, lesson: Lesson, rules: [BlockedCall], port: Int, keepGoing: Bool,
                view: LessonView?, trace: OutputSink?, messages: OutputSink = .standardError) {
        self.observation = observation
        self.lesson = lesson
        self.rules = rules
        self.port = port
        self.keepGoing = keepGoing
        self.view = view
        self.trace = trace
        self.messages = messages
    }

    public func receive(_ event: RunEvent) {}

    public func finish() throws(SinkFailure) {
        guard !skip, !rules.isEmpty else { return }
        let story = Self.story(observation, lesson: lesson, rules: rules, port: port, keepGoing: keepGoing)
        if let view {
            view.whatHappened(story)
        } else {
            trace?.flush()
            messages.write("What happened:\n" + story.map { "  " + $0 + "\n" }.joined())
            messages.flush()
        }
    }

    /// The story's lines (the view, stderr and the page tell the same).
    public static func story(_ observation: Observation, lesson: Lesson, rules: [BlockedCall], port: Int, keepGoing: Bool) -> [String] {
        var story = Aftermath.explain(observation, lesson: lesson, rules: rules, port: port, keepGoing: keepGoing)
        let signal = observation.interruptSignal
        if signal != 0 { story.insert("sockstep got \(SignalTable.name(Int(signal))) before the lesson's end, and passed it on to the roles.", at: 0) }
        return story
    }
}

/// compare: each role's strace lines as sockstep traced them, whole (as strace prints a single
/// process), for the comparison with real strace; a role whose program forks has each
/// process's lines in turn, in the order the processes first appear (as compare reads strace's).
public final class CompareCollector: EventSink {
    var byProcess: [String: [(pid: Int32, lines: [String])]] = [:]
    public var lines: [String: [String]] { byProcess.mapValues { $0.flatMap(\.lines) } }

    public init() {}

    func append(_ line: String, role: String, pid: Int32) {
        if let i = byProcess[role]?.firstIndex(where: { $0.pid == pid }) {
            byProcess[role]![i].lines.append(line)
        } else {
            byProcess[role, default: []].append((pid, [line]))
        }
    }

    public func receive(_ event: RunEvent) {
        guard case .trace(let traceEvent, let context?) = event else { return }
        switch traceEvent {
        case .exited(let call, _, _): append(StraceLine.call(call), role: context.role, pid: call.pid)
        case .signal(let delivery, _): append(StraceLine.signal(delivery), role: context.role, pid: delivery.pid)
        case .exitedNormally(let pid, let status, _): append(StraceLine.exited(status: status), role: context.role, pid: pid)
        case .killed(let pid, let signal, let core, _): append(StraceLine.killed(signal: signal, coreDumped: core), role: context.role, pid: pid)
        default: break
        }
    }

    public func finish() throws(SinkFailure) {}
}
