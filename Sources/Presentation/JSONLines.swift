import Decoding
import Lessons
import Tracing

/// JSON text, written by hand (no Foundation): strings escaped, numbers as numbers.
public enum JSON {
    public static func string(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7f {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    public static func object(_ fields: [(String, String)]) -> String {
        "{" + fields.map { string($0.0) + ":" + $0.1 }.joined(separator: ",") + "}"
    }

    public static func array(_ items: [String]) -> String { "[" + items.joined(separator: ",") + "]" }

    public static func number(_ d: Double) -> String {
        let micro = Int64((d * 1_000_000).rounded())
        let whole = micro / 1_000_000
        let frac = String(abs(micro % 1_000_000))
        return (micro < 0 && whole == 0 ? "-" : "") + "\(whole)." + String(repeating: "0", count: 6 - frac.count) + frac
    }

    /// A decoded value as JSON: numbers as numbers, flags as lists of names, structures as
    /// objects, addresses as their text, strings as strings.
    public static func value(_ v: Value) -> String {
        switch v {
        case .number(let n, let style):
            switch style {
            case .hex: return string(formatHex(UInt64(bitPattern: n)))
            case .unsigned: return String(UInt64(bitPattern: n))
            default: return String(n)
            }
        case .null: return "null"
        case .pointer(let p): return string(formatHex(p))
        case .symbol(let name, _): return string(name)
        case .unknownSymbol(let raw, _, _): return String(raw)
        case .flags(let names, let rest, _, _):
            var items = names.map(string)
            if rest != 0 { items.append(String(rest)) }
            return array(items)
        case .string(let bytes, let truncated):
            let text = string(String(decoding: bytes, as: UTF8.self))
            return truncated ? object([("string", text), ("truncated", "true")]) : text
        case .hexString(let bytes): return string(String(decoding: bytes, as: UTF8.self))
        case .fd(let n, let annotation):
            guard let annotation else { return String(n) }
            return object([("fd", String(n)), ("is", string(annotation.text))])
        case .boxed(let inner): return array([value(inner)])
        case .changed(let a, let b): return object([("given", value(a)), ("returned", value(b))])
        case .structure(let fields):
            return object(fields.map { field in
                if let name = field.name { return (name, value(field.value)) }
                if case .call(let fn, let args) = field.value, fn == "inet_pton", args.count > 1 {
                    return ("address", value(args[1]))
                }
                return ("value", value(field.value))
            })
        case .array(let items, let more):
            return more ? object([("items", array(items.map(value))), ("more", "true")]) : array(items.map(value))
        case .call(let fn, let args):
            if (fn == "htons" || fn == "htonl"), let first = args.first { return value(first) }
            if fn == "inet_addr", let first = args.first { return value(first) }
            return object([("call", string(fn)), ("args", array(args.map(value)))])
        case .commented(let inner, let comment): return object([("value", value(inner)), ("comment", string(comment))])
        case .verbatim(let text): return string(text)
        case .socketAddress(let address):
            return value(address.structure)
        case .joined(let parts, _):
            var names: [String] = []
            for part in parts {
                if case .flags(let more, let rest, _, _) = part {
                    names += more.map(string)
                    if rest != 0 { names.append(String(rest)) }
                } else {
                    names.append(value(part))
                }
            }
            return array(names)
        }
    }
}

/// `--format json`: JSON Lines, one object per event (call, signal, exit, ...), with a schema
/// version, the decoded arguments as values, the strace text, times, pid, role and step.
public final class JSONLinesRenderer {
    public static let schemaVersion = 1
    let out: OutputSink
    let lesson: String?
    /// Calls a seccomp filter decides: (role or nil, call name).
    public var filtered: [(role: String?, call: String)] = []

    public init(output: OutputSink, lesson: String? = nil) {
        self.out = output
        self.lesson = lesson
    }

    func base(_ type: String, time: Double, pid: Int32, role: String?, step: Step?) -> [(String, String)] {
        var fields: [(String, String)] = [("schema", String(Self.schemaVersion)), ("type", JSON.string(type)),
                                          ("time", JSON.number(time)), ("pid", String(pid))]
        if let lesson { fields.append(("lesson", JSON.string(lesson))) }
        if let role { fields.append(("role", JSON.string(role))) }
        if let step {
            fields.append(("step", String(step.numberInRole)))
            fields.append(("step_title", JSON.string(step.title)))
        }
        return fields
    }

    public func handle(_ event: TraceEvent, role: String? = nil, step: Step? = nil) {
        switch event {
        case .entered:
            return // a call is one object, written when it returns
        case .exited(let call, let time, let entryTime):
            var fields = base("call", time: entryTime, pid: call.pid, role: role, step: step)
            fields.append(("name", JSON.string(call.name)))
            fields.append(("number", String(call.number)))
            fields.append(("args", JSON.array(call.arguments.map(JSON.value))))
            switch call.result {
            case .value(let v, let note)?:
                fields.append(("return", JSON.value(v)))
                if let note { fields.append(("note", JSON.value(note))) }
                fields.append(("errno", "null"))
            case .failed(let e)?:
                fields.append(("return", "-1"))
                fields.append(("errno", JSON.string(ErrnoTable.name(e) ?? String(e))))
                fields.append(("error", JSON.string(ErrnoTable.message(e) ?? "")))
            case .unknown?, nil:
                fields.append(("return", "null"))
                fields.append(("errno", "null"))
                fields.append(("returned", "false"))
            }
            fields.append(("exit_time", JSON.number(time)))
            fields.append(("duration", JSON.number(max(0, time - entryTime))))
            let decided = filtered.contains { ($0.role == nil || $0.role == role) && $0.call == call.name }
            fields.append(("seccomp", decided ? "true" : "false"))
            fields.append(("text", JSON.string(StraceLine.call(call, column: 0))))
            out.write(JSON.object(fields) + "\n")
        case .signal(let delivery, let time):
            var fields = base("signal", time: time, pid: delivery.pid, role: role, step: nil)
            fields.append(("signal", JSON.string(SignalTable.name(delivery.signal))))
            if let info = delivery.info { fields.append(("info", JSON.value(info))) }
            fields.append(("text", JSON.string(StraceLine.signal(delivery))))
            out.write(JSON.object(fields) + "\n")
        case .exitedNormally(let pid, let status, let time):
            var fields = base("exit", time: time, pid: pid, role: role, step: nil)
            fields.append(("status", String(status)))
            fields.append(("text", JSON.string(StraceLine.exited(status: status))))
            out.write(JSON.object(fields) + "\n")
        case .killed(let pid, let signal, let core, let time):
            var fields = base("killed", time: time, pid: pid, role: role, step: nil)
            fields.append(("signal", JSON.string(SignalTable.name(signal))))
            fields.append(("core_dumped", core ? "true" : "false"))
            fields.append(("text", JSON.string(StraceLine.killed(signal: signal, coreDumped: core))))
            out.write(JSON.object(fields) + "\n")
        case .groupStop(let pid, let signal, let time):
            var fields = base("stopped", time: time, pid: pid, role: role, step: nil)
            fields.append(("signal", JSON.string(SignalTable.name(signal))))
            out.write(JSON.object(fields) + "\n")
        case .attached(let pid, let time), .detached(let pid, let time):
            var fields = base(event.isAttach ? "attached" : "detached", time: time, pid: pid, role: role, step: nil)
            fields.append(("text", JSON.string(event.isAttach ? StraceLine.attached(pid: pid) : StraceLine.detached(pid: pid))))
            out.write(JSON.object(fields) + "\n")
        case .detachedInCall:
            return
        case .superseded(let pid, let former, let time):
            var fields = base("superseded", time: time, pid: pid, role: role, step: nil)
            fields.append(("former_pid", String(former)))
            fields.append(("text", JSON.string(StraceLine.superseded(formerPID: former))))
            out.write(JSON.object(fields) + "\n")
        case .personality(let pid, let personality, let time):
            var fields = base("personality", time: time, pid: pid, role: role, step: nil)
            fields.append(("mode", JSON.string(personality.modeName)))
            fields.append(("text", JSON.string(StraceLine.personality(pid: pid, personality))))
            out.write(JSON.object(fields) + "\n")
        }
        out.flushIfInteractive()
    }

    /// A lesson's own events: a call that blocked, roles ended because nothing could wake them.
    public func handleLesson(_ event: LessonEvent) {
        switch event {
        case .trace(let traceEvent, let role, let step):
            handle(traceEvent, role: role, step: step)
        case .blocked(let step, let role):
            var fields = base("blocked", time: Tracer.now(), pid: 0, role: role, step: step)
            fields.append(("name", JSON.string(step.call.name)))
            out.write(JSON.object(fields) + "\n")
        case .ended(let roles, let reason):
            // One object per role sockstep ends (its `killed` object follows).
            for role in roles {
                var fields = base("ended", time: Tracer.now(), pid: role.pid, role: role.role, step: role.step)
                fields.append(("name", role.step.map { JSON.string($0.call.name) } ?? "null"))
                fields.append(("in_call", role.inCall ? "true" : "false"))
                fields.append(("reason", JSON.string(reason.code)))
                if case .addressTaken(_, _, let address, let use, _) = reason {
                    fields.append(("address", JSON.string(address)))
                    fields.append(("address_use", JSON.string(use.code)))
                }
                fields.append(("text", JSON.string(reason.explanation(for: [role]))))
                out.write(JSON.object(fields) + "\n")
            }
        case .refused(let role, let step, let reason):
            var fields = base("refused", time: Tracer.now(), pid: 0, role: role, step: step)
            fields.append(("reason", JSON.string(reason)))
            out.write(JSON.object(fields) + "\n")
        }
    }

    public func finish() { out.flush() }
}

extension TraceEvent {
    var isAttach: Bool {
        if case .attached = self { return true }
        return false
    }
}
