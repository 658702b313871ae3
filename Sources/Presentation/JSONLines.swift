import Decoding
import Events
import LessonModel

/// `--format json`, a sink: JSON Lines, one object per event, lossless (schema 2, in
/// docs/sockstep-events.schema.json). The first object (`start`) says what ran and how (the whole
/// lesson model in a lesson); every call is two objects, `entry` and `call` (at its exit); values
/// are typed; bytes are base64 beside strace's text; integers are exact; each object that is a
/// strace line carries that line as `text`. `sockstep render` reads it back.
public final class JSONLinesRenderer: EventSink {
    public static let schemaVersion = 2
    let out: OutputSink
    var lesson: String?
    var filtered: [BlockedCall] = []
    /// `trace --explain`: each `call` object carries its plain-words line as `explanation`.
    let explainer: CallExplainer?

    public init(output: OutputSink, explain: Bool = false) {
        self.out = output
        self.explainer = explain ? CallExplainer() : nil
    }

    /// A lesson's recording asks for the kernel's side after each step, so that `render` can
    /// show it.
    public var wantsSnapshots: Bool { true }

    func base(_ type: String, stamp: Stamp, pid: Int32, context: LessonContext?) -> [(String, String)] {
        var fields: [(String, String)] = [("schema", String(Self.schemaVersion)), ("type", JSON.string(type)),
                                          ("time", JSON.number(stamp.monotonic)), ("stamp", JSON.stamp(stamp)), ("pid", String(pid))]
        if let lesson { fields.append(("lesson", JSON.string(lesson))) }
        if let context {
            fields.append(("role", JSON.string(context.role)))
            if let step = context.step {
                fields.append(("step", String(step.numberInRole)))
                fields.append(("step_index", String(step.index)))
                fields.append(("step_title", JSON.string(step.title)))
                if !context.stepCall { fields.append(("step_call", "false")) }
            }
        }
        return fields
    }

    func write(_ fields: [(String, String)]) {
        out.write(JSON.object(fields))
        out.write("\n")
    }

    public func receive(_ event: RunEvent) {
        switch event {
        case .started(let header):
            lesson = header.lesson?.name
            filtered = header.blocks
            write(Self.headerFields(header, lesson: lesson))
        case .trace(let traceEvent, let context):
            handle(traceEvent, context: context)
        case .held(let context, let call, let stamp):
            var fields = base("held", stamp: stamp, pid: call?.pid ?? 0, context: context)
            if let call {
                fields += JSON.callFields(call, exit: false)
                fields.append(("text", JSON.string(StraceLine.entry(call))))
            }
            write(fields)
        case .blocked(let step, let role, let stamp):
            var fields = base("blocked", stamp: stamp, pid: 0, context: LessonContext(role: role, step: step))
            fields.append(("name", JSON.string(step.call.name)))
            write(fields)
        case .ended(let roles, let reason, let stamp):
            // One object per role sockstep ends (its `killed` object follows); `of` and `index`
            // keep them one event.
            for (index, role) in roles.enumerated() {
                var fields = base("ended", stamp: stamp, pid: role.pid, context: LessonContext(role: role.role, step: role.step))
                fields.append(("name", role.step.map { JSON.string($0.call.name) } ?? "null"))
                fields.append(("in_call", JSON.bool(role.inCall)))
                fields += Self.reasonFields(reason)
                fields.append(("of", String(roles.count)))
                fields.append(("index", String(index)))
                fields.append(("text", JSON.string(reason.explanation(for: [role]))))
                write(fields)
            }
        case .refused(let role, let step, let reason, let stamp):
            var fields = base("refused", stamp: stamp, pid: 0, context: LessonContext(role: role, step: step))
            fields.append(("reason", JSON.string(reason)))
            write(fields)
        case .snapshot(let snapshot):
            var fields = base("snapshot", stamp: snapshot.stamp, pid: snapshot.roles.first?.pid ?? 0, context: snapshot.context)
            fields.append(("moment", JSON.string(snapshot.moment.rawValue)))
            fields.append(("roles", JSON.array(snapshot.roles.map { role in
                JSON.object([("role", JSON.string(role.role)), ("pid", String(role.pid)), ("sockets", JSON.array(role.sockets.map(JSON.socket)))])
            })))
            write(fields)
        case .output(let role, let stream, let text, let stamp):
            var fields = base("output", stamp: stamp, pid: 0, context: LessonContext(role: role, step: nil))
            fields.append(("stream", JSON.string(stream.rawValue)))
            fields.append(("text", JSON.string(text)))
            write(fields)
        case .wire(let wire):
            write(wireFields(wire))
        case .finished(let end):
            var fields = base("finished", stamp: end.stamp, pid: 0, context: nil)
            fields.append(("interrupt_signal", String(end.interruptSignal)))
            write(fields)
        }
        out.flushIfInteractive()
    }

    func handle(_ event: TraceEvent, context: LessonContext?) {
        var fields: [(String, String)]
        switch event {
        case .entered(let call, let stamp):
            fields = base("entry", stamp: stamp, pid: call.pid, context: context)
            fields += JSON.callFields(call, exit: false)
            fields.append(("text", JSON.string(StraceLine.entry(call))))
        case .exited(let call, let stamp, let entry):
            fields = base("call", stamp: entry, pid: call.pid, context: context)
            fields += JSON.callFields(call, exit: true)
            fields.append(("exit_stamp", JSON.stamp(stamp)))
            fields.append(("exit_time", JSON.number(stamp.monotonic)))
            fields.append(("duration", JSON.number(Double(max(0, stamp.monotonicNanos - entry.monotonicNanos)) / 1e9)))
            fields.append(("seccomp", JSON.bool(filtered.contains { $0.decides(call.name, role: context?.role) })))
            fields.append(("text", JSON.string(StraceLine.call(call, column: 0))))
            if let explainer { fields.append(("explanation", JSON.string(explainer.explain(call)))) }
        case .signal(let delivery, let stamp):
            fields = base("signal", stamp: stamp, pid: delivery.pid, context: context)
            fields += [("signal", String(delivery.signal)), ("signal_name", JSON.string(SignalTable.name(delivery.signal))),
                       ("info", delivery.info.map(JSON.value) ?? "null"), ("text", JSON.string(StraceLine.signal(delivery)))]
        case .groupStop(let pid, let signal, let stamp):
            fields = base("stopped", stamp: stamp, pid: pid, context: context)
            fields += [("signal", String(signal)), ("signal_name", JSON.string(SignalTable.name(signal))),
                       ("text", JSON.string(StraceLine.groupStop(signal: signal)))]
        case .exitedNormally(let pid, let status, let stamp):
            fields = base("exit", stamp: stamp, pid: pid, context: context)
            fields += [("status", String(status)), ("text", JSON.string(StraceLine.exited(status: status)))]
        case .killed(let pid, let signal, let core, let stamp):
            fields = base("killed", stamp: stamp, pid: pid, context: context)
            fields += [("signal", String(signal)), ("signal_name", JSON.string(SignalTable.name(signal))), ("core_dumped", JSON.bool(core)),
                       ("text", JSON.string(StraceLine.killed(signal: signal, coreDumped: core)))]
        case .attached(let pid, let stamp):
            fields = base("attached", stamp: stamp, pid: pid, context: context) + [("text", JSON.string(StraceLine.attached(pid: pid)))]
        case .detached(let pid, let stamp):
            fields = base("detached", stamp: stamp, pid: pid, context: context) + [("text", JSON.string(StraceLine.detached(pid: pid)))]
        case .detachedInCall(let pid, let stamp):
            fields = base("detached_in_call", stamp: stamp, pid: pid, context: context)
        case .superseded(let pid, let former, let stamp):
            fields = base("superseded", stamp: stamp, pid: pid, context: context)
            fields += [("former_pid", String(former)), ("text", JSON.string(StraceLine.superseded(formerPID: former)))]
        case .personality(let pid, let personality, let stamp):
            fields = base("personality", stamp: stamp, pid: pid, context: context)
            fields += [("personality", JSON.string(JSON.personalityName(personality))), ("mode", JSON.string(personality.modeName)),
                       ("text", JSON.string(StraceLine.personality(pid: pid, personality)))]
        }
        write(fields)
    }

    static func headerFields(_ header: RunHeader, lesson: String?) -> [(String, String)] {
        var fields: [(String, String)] = [("schema", String(schemaVersion)), ("type", "\"start\"")]
        if let lesson { fields.append(("lesson", JSON.string(lesson))) }
        let o = header.options
        fields += [("kind", JSON.string(header.kind.rawValue)), ("version", JSON.string(header.version)),
                   ("command", JSON.array(header.command.map(JSON.string))), ("title", JSON.string(header.title)),
                   ("options", JSON.object([("follow_forks", JSON.bool(o.followForks)), ("to_file", JSON.bool(o.toFile)),
                                            ("timestamps", JSON.string(o.timestamps.rawValue)), ("durations", JSON.bool(o.durations)),
                                            ("summary", JSON.bool(o.summary)), ("describe_descriptors", String(o.describeDescriptors)),
                                            ("string_limit", String(o.stringLimit)), ("initial_processes", String(o.initialProcesses))])),
                   ("lesson_model", header.lesson.map(JSON.lesson) ?? "null"), ("port", JSON.optional(header.port)),
                   ("language", JSON.optional(header.language?.rawValue)),
                   ("blocks", JSON.array(header.blocks.map { block in
                       JSON.object([("role", JSON.optional(block.role)), ("call", JSON.string(block.call)), ("action", JSON.action(block.action))])
                   })),
                   ("keep_going", JSON.bool(header.keepGoing)), ("snapshots", JSON.bool(header.snapshots)),
                   ("show_state", JSON.bool(header.showState))]
        return fields
    }

    /// Why roles were ended: the reason's code and what it is about.
    static func reasonFields(_ reason: EndReason) -> [(String, String)] {
        var fields: [(String, String)] = [("reason", JSON.string(reason.code))]
        switch reason {
        case .othersGone, .allWaiting:
            break
        case .ownStepNext(let next):
            fields.append(("next_step_index", String(next.index)))
        case .addressTaken(let role, let step, let address, let use, let reuse):
            fields.append(("address", JSON.string(address)))
            fields.append(("address_use", JSON.string(use.code)))
            switch use {
            case .connected(let state): fields.append(("address_state", JSON.string(state)))
            case .timeWait(let count): fields.append(("address_connections", String(count)))
            case .listening, .bound: break
            }
            fields += [("reuse", JSON.bool(reuse)), ("reason_role", JSON.string(role)), ("reason_step_index", String(step.index))]
        case .strangerListens(let role, let step, let address):
            fields += [("address", JSON.string(address)), ("reason_role", JSON.string(role)), ("reason_step_index", String(step.index))]
        }
        return fields
    }

    public func finish() throws(SinkFailure) {
        out.flush()
        if let failure = out.failure { throw SinkFailure(failure) }
    }
}
