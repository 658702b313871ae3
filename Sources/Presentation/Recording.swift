import Decoding
import Events
import LessonModel

/// A recording: the JSON Lines of `--format json` (or `--record FILE`), read back into the runs'
/// events, so that every sink can render it again (`sockstep render`).
public enum Recording {
    /// One run of the recording: its header and its events, `.started` first.
    public struct Run: Sendable {
        public var header: RunHeader
        public var events: [RunEvent]
    }

    /// What is wrong with a recording, and on which line (1-based).
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public let line: Int
        public let message: String
        public var description: String { "line \(line): \(message)" }
    }

    /// Reads every run of a recording; the first line that is wrong is the failure.
    public static func read(_ text: String) throws(Failure) -> [Run] {
        var runs: [Run] = []
        var pendingEnded: (roles: [EndedRole], reason: EndReason, stamp: Stamp, of: Int)?
        var number = 0
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            number += 1
            if rawLine.isEmpty { continue }
            let object: JSONValue
            switch JSONValue.parse(String(rawLine)) {
            case .success(let value): object = value
            case .failure(let error): throw Failure(line: number, message: "not JSON (byte \(error.offset + 1): \(error.message))")
            }
            do throws(Reader.Invalid) {
                let reader = Reader(object: object, lesson: runs.last?.header.lesson)
                guard let schema = object["schema"]?.int else { throw Reader.Invalid("no schema number: not a sockstep recording") }
                guard schema == JSONLinesRenderer.schemaVersion else {
                    throw Reader.Invalid("schema \(schema): this sockstep reads recordings of schema \(JSONLinesRenderer.schemaVersion)")
                }
                let type = try reader.string("type")
                if type == "start" {
                    let header = try reader.header()
                    runs.append(Run(header: header, events: [.started(header)]))
                    continue
                }
                guard !runs.isEmpty else { throw Reader.Invalid("a '\(type)' object before the recording's start object") }
                if type == "ended" {
                    let role = EndedRole(role: try reader.string("role"), pid: try reader.pid(), step: try reader.step("step_index"),
                                         inCall: try reader.bool("in_call"))
                    let of = try reader.int("of"), index = try reader.int("index")
                    if index == 0 {
                        pendingEnded = (roles: [role], reason: try reader.reason(), stamp: try reader.stamp("stamp"), of: of)
                    } else {
                        guard var pending = pendingEnded, pending.roles.count == index, pending.of == of else {
                            throw Reader.Invalid("an 'ended' object out of its group (index \(index) of \(of))")
                        }
                        pending.roles.append(role)
                        pendingEnded = pending
                    }
                    if let pending = pendingEnded, pending.roles.count == pending.of {
                        runs[runs.count - 1].events.append(.ended(pending.roles, pending.reason, at: pending.stamp))
                        pendingEnded = nil
                    }
                    continue
                }
                guard pendingEnded == nil else { throw Reader.Invalid("the 'ended' group before this object is not complete") }
                if let event = try reader.event(type) { runs[runs.count - 1].events.append(event) }
            } catch {
                throw Failure(line: number, message: error.message)
            }
        }
        if pendingEnded != nil { throw Failure(line: number, message: "the recording ends in the middle of an 'ended' group") }
        guard !runs.isEmpty else { throw Failure(line: max(1, number), message: "no start object: not a sockstep recording") }
        return runs
    }

    /// Reads the objects of one line.
    struct Reader {
        struct Invalid: Error {
            let message: String
            init(_ message: String) { self.message = message }
        }

        let object: JSONValue
        let lesson: Lesson?

        func field(_ key: String, in value: JSONValue? = nil) throws(Invalid) -> JSONValue {
            guard let v = (value ?? object)[key] else { throw Invalid("no '\(key)'") }
            return v
        }

        func string(_ key: String, in value: JSONValue? = nil) throws(Invalid) -> String {
            guard let s = try field(key, in: value).string else { throw Invalid("'\(key)' is not a string") }
            return s
        }

        func optionalString(_ key: String, in value: JSONValue? = nil) throws(Invalid) -> String? {
            let v = try field(key, in: value)
            if v.isNull { return nil }
            guard let s = v.string else { throw Invalid("'\(key)' is not a string or null") }
            return s
        }

        func int64(_ key: String, in value: JSONValue? = nil) throws(Invalid) -> Int64 {
            guard let n = try field(key, in: value).int64 else { throw Invalid("'\(key)' is not a 64-bit integer") }
            return n
        }

        func uint64(_ key: String, in value: JSONValue? = nil) throws(Invalid) -> UInt64 {
            guard let n = try field(key, in: value).uint64 else { throw Invalid("'\(key)' is not an unsigned 64-bit integer") }
            return n
        }

        func int(_ key: String, in value: JSONValue? = nil) throws(Invalid) -> Int {
            guard let n = try field(key, in: value).int else { throw Invalid("'\(key)' is not an integer") }
            return n
        }

        func int32(_ key: String, in value: JSONValue? = nil) throws(Invalid) -> Int32 {
            guard let n = Int32(exactly: try int64(key, in: value)) else { throw Invalid("'\(key)' is not a 32-bit integer") }
            return n
        }

        func bool(_ key: String, in value: JSONValue? = nil) throws(Invalid) -> Bool {
            guard let b = try field(key, in: value).bool else { throw Invalid("'\(key)' is not true or false") }
            return b
        }

        func array(_ key: String, in value: JSONValue? = nil) throws(Invalid) -> [JSONValue] {
            guard let a = try field(key, in: value).array else { throw Invalid("'\(key)' is not an array") }
            return a
        }

        func bytes(_ key: String, in value: JSONValue? = nil) throws(Invalid) -> [UInt8] {
            guard let b = JSON.bytes(base64: try string(key, in: value)) else { throw Invalid("'\(key)' is not base64") }
            return b
        }

        func pid() throws(Invalid) -> Int32 { try int32("pid") }

        func stamp(_ key: String) throws(Invalid) -> Stamp {
            let v = try field(key)
            return Stamp(monotonicNanos: try int64("monotonic_ns", in: v), wallNanos: try int64("wall_ns", in: v))
        }

        /// The lesson's step `key` names (its index), nil when the key is absent or null.
        func step(_ key: String) throws(Invalid) -> Step? {
            guard let v = object[key], !v.isNull else { return nil }
            guard let index = v.int else { throw Invalid("'\(key)' is not an integer") }
            guard let lesson, index >= 0, index < lesson.steps.count else { throw Invalid("'\(key)' \(index) is not a step of the recorded lesson") }
            return lesson.steps[index]
        }

        func context() throws(Invalid) -> LessonContext? {
            guard let role = object["role"]?.string else { return nil }
            var stepCall = true
            if let flag = object["step_call"], !flag.isNull {
                guard let value = flag.bool else { throw Invalid("'step_call' is not true or false") }
                stepCall = value
            }
            return LessonContext(role: role, step: try step("step_index"), stepCall: stepCall)
        }

        // MARK: Events

        func event(_ type: String) throws(Invalid) -> RunEvent? {
            let at = try stamp("stamp")
            switch type {
            case "entry":
                return .trace(.entered(try call(exit: false), at: at), try context())
            case "call":
                return .trace(.exited(try call(exit: true), at: try stamp("exit_stamp"), entry: at), try context())
            case "signal":
                let info = try field("info")
                let delivery = SignalDelivery(pid: try pid(), signal: try int("signal"), info: info.isNull ? nil : try value(info))
                return .trace(.signal(delivery, at: at), try context())
            case "stopped":
                return .trace(.groupStop(pid: try pid(), signal: try int("signal"), at: at), try context())
            case "exit":
                return .trace(.exitedNormally(pid: try pid(), status: try int("status"), at: at), try context())
            case "killed":
                return .trace(.killed(pid: try pid(), signal: try int("signal"), coreDumped: try bool("core_dumped"), at: at), try context())
            case "attached":
                return .trace(.attached(pid: try pid(), at: at), try context())
            case "detached":
                return .trace(.detached(pid: try pid(), at: at), try context())
            case "detached_in_call":
                return .trace(.detachedInCall(pid: try pid(), at: at), try context())
            case "superseded":
                return .trace(.superseded(pid: try pid(), formerPID: try int32("former_pid"), at: at), try context())
            case "personality":
                let personality: Personality
                switch try string("personality") {
                case "x86_64": personality = .x86_64
                case "x32": personality = .x32
                case "i386": personality = .i386
                case let other: throw Invalid("unknown personality '\(other)'")
                }
                return .trace(.personality(pid: try pid(), personality, at: at), try context())
            case "held":
                guard let context = try context() else { throw Invalid("a 'held' object without its role") }
                return .held(context, object["name"] == nil ? nil : try call(exit: false), at: at)
            case "blocked":
                guard let step = try step("step_index") else { throw Invalid("a 'blocked' object without its step") }
                return .blocked(step, role: try string("role"), at: at)
            case "refused":
                return .refused(role: try string("role"), step: try step("step_index"), reason: try string("reason"), at: at)
            case "snapshot":
                let moment: KernelSnapshot.Moment
                switch try string("moment") {
                case "after_step": moment = .afterStep
                case "on_request": moment = .onRequest
                case let other: throw Invalid("unknown snapshot moment '\(other)'")
                }
                var roles: [KernelSnapshot.Role] = []
                for role in try array("roles") {
                    var sockets: [SocketState] = []
                    for socket in try array("sockets", in: role) { sockets.append(try socketState(socket)) }
                    roles.append(KernelSnapshot.Role(role: try string("role", in: role), pid: try int32("pid", in: role), sockets: sockets))
                }
                return .snapshot(KernelSnapshot(moment: moment, context: try context(), roles: roles, stamp: at))
            case "output":
                guard let stream = ProgramStream(rawValue: try string("stream")) else { throw Invalid("'stream' is stdout or stderr") }
                return .output(role: try string("role"), stream: stream, text: try string("text"), at: at)
            case "finished":
                return .finished(RunEnd(interruptSignal: try int32("interrupt_signal"), stamp: at))
            case "segment":
                guard let segment = Segment.decode(ipPacket: try bytes("bytes")) else { throw Invalid("a 'segment' whose bytes are no TCP or UDP packet") }
                return .wire(.segment(segment, at: at))
            case "tcp_state":
                return .wire(.tcpState(TCPStateChange(local: try string("local"), remote: try optionalString("remote"),
                                                      previous: try optionalString("previous"), state: try optionalString("state")), at: at))
            case "wire_unavailable":
                return .wire(.unavailable(try string("text"), at: at))
            default:
                throw Invalid("unknown object type '\(type)'")
            }
        }

        func call(exit: Bool) throws(Invalid) -> DecodedCall {
            var arguments: [Value] = []
            for argument in try array("args") { arguments.append(try value(argument)) }
            var raw: [UInt64] = []
            for r in try array("raw_args") {
                guard let n = r.uint64 else { throw Invalid("'raw_args' holds something else than unsigned integers") }
                raw.append(n)
            }
            guard raw.count <= 6 else { throw Invalid("'raw_args' holds more than six registers") }
            let entryCount = try int("entry_args")
            guard entryCount >= 0, entryCount <= arguments.count else { throw Invalid("'entry_args' is not within the arguments") }
            var call = DecodedCall(pid: try pid(), number: try uint64("number"), name: try string("name"), arguments: arguments,
                                   entryArgumentCount: entryCount, completeAtEntry: try bool("complete_at_entry"), rawArguments: SyscallArguments(raw))
            if object["result_decoded_at_exit"] != nil { call.resultDecodedAtExit = try bool("result_decoded_at_exit") }
            if exit {
                call.result = try result(try field("result"))
                call.rawReturn = try int64("raw_return")
            }
            return call
        }

        func result(_ v: JSONValue) throws(Invalid) -> CallResult {
            switch try string("kind", in: v) {
            case "value":
                let note = try field("note", in: v)
                return .value(try value(try field("value", in: v)), note: note.isNull ? nil : try value(note))
            case "error":
                return .failed(errno: try int("errno", in: v))
            case "none":
                return .unknown
            case let other:
                throw Invalid("unknown result kind '\(other)'")
            }
        }

        func style(_ v: JSONValue) throws(Invalid) -> NumberStyle {
            switch try string("style", in: v) {
            case "decimal": return .decimal
            case "unsigned": return .unsigned
            case "hex": return .hex
            case "octal": return .octal
            case let other: throw Invalid("unknown number style '\(other)'")
            }
        }

        func values(_ key: String, in v: JSONValue) throws(Invalid) -> [Value] {
            var out: [Value] = []
            for item in try array(key, in: v) { out.append(try value(item)) }
            return out
        }

        /// A typed value (see JSON.value).
        func value(_ v: JSONValue) throws(Invalid) -> Value {
            switch try string("kind", in: v) {
            case "number":
                let style = try style(v)
                if style == .decimal { return .number(try int64("value", in: v), .decimal) }
                return .number(Int64(bitPattern: try uint64("value", in: v)), style)
            case "null": return .null
            case "pointer": return .pointer(try uint64("value", in: v))
            case "symbol": return .symbol(try string("name", in: v), raw: try uint64("value", in: v))
            case "unknown_symbol":
                return .unknownSymbol(raw: try uint64("value", in: v), style: try style(v), hint: try string("hint", in: v))
            case "flags":
                var names: [String] = []
                for name in try array("names", in: v) {
                    guard let s = name.string else { throw Invalid("'names' holds something else than strings") }
                    names.append(s)
                }
                return .flags(names, rest: try uint64("rest", in: v), raw: try uint64("value", in: v), hint: try string("hint", in: v))
            case "string": return .string(try bytes("base64", in: v), truncated: try bool("truncated", in: v))
            case "hex_string": return .hexString(try bytes("base64", in: v))
            case "fd":
                let description = try field("description", in: v)
                return .fd(try int64("fd", in: v), annotation: description.isNull ? nil : try fdDescription(description))
            case "boxed": return .boxed(try value(try field("value", in: v)))
            case "changed": return .changed(try value(try field("before", in: v)), try value(try field("after", in: v)))
            case "struct":
                var fields: [Value.Field] = []
                for f in try array("fields", in: v) { fields.append(Value.Field(try optionalString("name", in: f), try value(try field("value", in: f)))) }
                return .structure(fields)
            case "array": return .array(try values("items", in: v), more: try bool("more", in: v))
            case "call": return .call(try string("function", in: v), try values("args", in: v))
            case "commented": return .commented(try value(try field("value", in: v)), try string("comment", in: v))
            case "verbatim": return .verbatim(try string("text", in: v))
            case "joined": return .joined(try values("parts", in: v), separator: try string("separator", in: v))
            case "composite": return .composite(try value(try field("value", in: v)), raw: try value(try field("raw", in: v)))
            case "raw_form": return .rawForm(try value(try field("value", in: v)), raw: try value(try field("raw", in: v)))
            case "expression": return .expression(try value(try field("value", in: v)), raw: try value(try field("raw", in: v)))
            case "socket_address":
                let bytes = try bytes("base64", in: v)
                guard bytes.count >= 2 else { throw Invalid("a socket address of fewer than 2 bytes") }
                return .socketAddress(SocketAddress(bytes: bytes))
            case let other:
                throw Invalid("unknown value kind '\(other)'")
            }
        }

        func fdDescription(_ v: JSONValue) throws(Invalid) -> FDDescription {
            guard let kind = FDDescription.Kind(rawValue: try string("kind", in: v)) else { throw Invalid("unknown descriptor kind") }
            let path = try field("path_base64", in: v)
            let inode = try field("inode", in: v), pid = try field("pid", in: v)
            return FDDescription(text: try string("text", in: v), kind: kind, path: path.isNull ? nil : try bytes("path_base64", in: v),
                                 deleted: try bool("deleted", in: v), socketProtocol: try optionalString("protocol", in: v),
                                 inode: inode.isNull ? nil : try uint64("inode", in: v), device: try optionalString("device", in: v),
                                 pid: pid.isNull ? nil : try int32("pid", in: v))
        }

        func socketState(_ v: JSONValue) throws(Invalid) -> SocketState {
            let queue = try field("accept_queue", in: v)
            return SocketState(fd: try int("fd", in: v), inode: try uint64("inode", in: v), proto: try string("proto", in: v),
                               local: try optionalString("local", in: v), remote: try optionalString("remote", in: v),
                               state: try string("state", in: v),
                               acceptQueue: queue.isNull ? nil : SocketState.AcceptQueue(pending: try uint64("pending", in: queue),
                                                                                        backlog: try uint64("backlog", in: queue)),
                               receiveQueue: try uint64("receive_queue", in: v), sendQueue: try uint64("send_queue", in: v),
                               path: try optionalString("path", in: v), closed: v["closed"] == nil ? false : try bool("closed", in: v))
        }

        func reason() throws(Invalid) -> EndReason {
            switch try string("reason") {
            case "others_gone": return .othersGone
            case "all_waiting": return .allWaiting
            case "own_step_next":
                guard let next = try step("next_step_index") else { throw Invalid("no 'next_step_index'") }
                return .ownStepNext(next)
            case "address_taken":
                guard let step = try step("reason_step_index") else { throw Invalid("no 'reason_step_index'") }
                let use: PortUse
                switch try string("address_use") {
                case "listening": use = .listening
                case "connected": use = .connected(try string("address_state"))
                case "time_wait": use = .timeWait(try int("address_connections"))
                case "bound": use = .bound
                case let other: throw Invalid("unknown address use '\(other)'")
                }
                return .addressTaken(role: try string("reason_role"), step: step, address: try string("address"), use: use, reuse: try bool("reuse"))
            case "stranger_listens":
                guard let step = try step("reason_step_index") else { throw Invalid("no 'reason_step_index'") }
                return .strangerListens(role: try string("reason_role"), step: step, address: try string("address"))
            case let other:
                throw Invalid("unknown reason '\(other)'")
            }
        }

        // MARK: The header

        func header() throws(Invalid) -> RunHeader {
            guard let kind = RunHeader.Kind(rawValue: try string("kind")) else { throw Invalid("unknown run kind") }
            var command: [String] = []
            for part in try array("command") {
                guard let s = part.string else { throw Invalid("'command' holds something else than strings") }
                command.append(s)
            }
            let o = try field("options")
            var options = TraceOptions()
            options.followForks = try bool("follow_forks", in: o)
            options.toFile = try bool("to_file", in: o)
            guard let timestamps = TraceOptions.Timestamps(rawValue: try string("timestamps", in: o)) else { throw Invalid("unknown timestamps") }
            options.timestamps = timestamps
            options.durations = try bool("durations", in: o)
            options.summary = try bool("summary", in: o)
            options.describeDescriptors = try int("describe_descriptors", in: o)
            options.stringLimit = try int("string_limit", in: o)
            options.initialProcesses = try int("initial_processes", in: o)
            let model = try field("lesson_model")
            let lesson = model.isNull ? nil : try self.lesson(model)
            var language: CodeLanguage?
            if let name = try optionalString("language") {
                guard let known = CodeLanguage(rawValue: name) else { throw Invalid("unknown language '\(name)'") }
                language = known
            }
            var blocks: [BlockedCall] = []
            for block in try array("blocks") {
                let a = try field("action", in: block)
                let action: BlockedCall.Action
                switch try string("kind", in: a) {
                case "errno": action = .errno(try int("errno", in: a))
                case "kill": action = .kill
                case "trap": action = .trap
                case "log": action = .log
                case let other: throw Invalid("unknown block action '\(other)'")
                }
                blocks.append(BlockedCall(role: try optionalString("role", in: block), call: try string("call", in: block), action: action))
            }
            let port = try field("port")
            return RunHeader(kind: kind, version: try string("version"), command: command, title: try string("title"), options: options,
                             lesson: lesson, port: port.isNull ? nil : try int("port"), language: language, blocks: blocks,
                             keepGoing: try bool("keep_going"), snapshots: try bool("snapshots"), showState: try bool("show_state"))
        }

        func lesson(_ v: JSONValue) throws(Invalid) -> Lesson {
            var roles: [Role] = []
            for role in try array("roles", in: v) { roles.append(Role(name: try string("name", in: role), about: try string("about", in: role))) }
            var steps: [Step] = []
            for s in try array("steps", in: v) {
                var code: [CodeLanguage: String] = [:]
                let codes = try field("code", in: s)
                for language in CodeLanguage.allCases {
                    if let text = codes[language.rawValue] {
                        guard let t = text.string else { throw Invalid("a step's code is not a string") }
                        code[language] = t
                    }
                }
                let c = try field("call", in: s)
                var arguments: [CallArgument] = []
                for a in try array("args", in: c) { arguments.append(try callArgument(a)) }
                var step = Step(index: try int("index", in: s), numberInRole: try int("number", in: s), role: try string("role", in: s),
                                title: try string("title", in: s), explanation: try string("explain", in: s), code: code,
                                call: CallExpression(name: try string("name", in: c), arguments: arguments, text: try string("text", in: c)),
                                resultName: try optionalString("result_name", in: s), line: try int("line", in: s),
                                callLine: try int("call_line", in: s))
                if s["fails"] != nil { step.fails = try optionalString("fails", in: s) }
                if let child = s["child"], !child.isNull {
                    let n = try int("child", in: s)
                    guard (1 ... LessonLimits.children).contains(n) else { throw Invalid("a step's child is not 1 to \(LessonLimits.children)") }
                    step.child = n
                }
                if s["also"] != nil {
                    for name in try array("also", in: s) {
                        guard let text = name.string else { throw Invalid("a step's also is not a list of names") }
                        step.also.append(text)
                    }
                }
                steps.append(step)
            }
            for (i, step) in steps.enumerated() where step.index != i { throw Invalid("the lesson's step \(i) says it is step \(step.index)") }
            var lesson = Lesson(name: try string("name", in: v), title: try string("title", in: v), summary: try string("summary", in: v),
                                path: try string("path", in: v), defaultPort: try int("port", in: v), roles: roles, steps: steps)
            if let p = v["programs"], !p.isNull {
                lesson.programs = try programs(p)
                if let language = lesson.programs?.language {
                    for (i, s) in (try array("steps", in: v)).enumerated() {
                        if let region = try optionalString("region", in: s) { lesson.steps[i].regions = [language: region] }
                    }
                }
            }
            return lesson
        }

        /// A lesson's programs as they ran (the files' paths only: the code shown is in the steps).
        func programs(_ p: JSONValue) throws(Invalid) -> LessonPrograms {
            func language(_ name: String) throws(Invalid) -> CodeLanguage {
                guard let known = CodeLanguage(rawValue: name) else { throw Invalid("unknown language '\(name)'") }
                return known
            }
            var languages: [CodeLanguage] = []
            for name in try array("languages", in: p) {
                guard let text = name.string else { throw Invalid("a language is not a string") }
                languages.append(try language(text))
            }
            let argumentText = try string("argument", in: p)
            let argument: ProgramArgument = argumentText.hasPrefix("$DIR/") ? .socketPath(String(argumentText.dropFirst(5))) : .port
            var extras: [ExtraCall] = []
            for e in try array("extras", in: p) {
                var only: Set<CodeLanguage>?
                if let list = e["languages"], !list.isNull {
                    var set: Set<CodeLanguage> = []
                    for name in try array("languages", in: e) {
                        guard let text = name.string else { throw Invalid("a language is not a string") }
                        set.insert(try language(text))
                    }
                    only = set
                }
                extras.append(ExtraCall(languages: only, call: try string("call", in: e), region: try optionalString("in", in: e),
                                        byRuntime: try string("by", in: e) == "runtime", explanation: try string("explain", in: e),
                                        line: try int("line", in: e)))
            }
            var sources: [ProgramSource] = []
            for source in try array("sources", in: p) {
                sources.append(ProgramSource(role: try string("role", in: source), language: try language(try string("language", in: source)),
                                             path: try string("path", in: source), bytes: [], regions: [],
                                             sha256: try string("sha256", in: source)))
            }
            let ran = try optionalString("language", in: p)
            return LessonPrograms(languages: languages, trace: try string("trace", in: p), argument: argument, extras: extras,
                                  sources: sources, language: try ran.map { name throws(Invalid) in try language(name) })
        }

        func callArgument(_ v: JSONValue) throws(Invalid) -> CallArgument {
            switch try string("kind", in: v) {
            case "number": return .number(try int64("value", in: v), text: try string("text", in: v))
            case "descriptor": return .descriptor(try string("name", in: v))
            case "address":
                let a = try field("address", in: v)
                switch try string("type", in: a) {
                case "inet", "inet6":
                    let p = try field("port", in: a)
                    let port: PortValue = p["fixed"] != nil ? .fixed(try int("fixed", in: p)) : .lessonPort(offset: try int("lesson_port_offset", in: p))
                    return .address(.inet(host: try bytes("host_base64", in: a), v6: try string("type", in: a) == "inet6", port: port))
                case "unix_path": return .address(.unixPath(try string("path", in: a)))
                case "unix_abstract": return .address(.unixAbstract(try string("name", in: a)))
                case let other: throw Invalid("unknown address type '\(other)'")
                }
            case "data": return .data(try bytes("base64", in: v), text: try string("text", in: v))
            case "icmp_echo": return .icmpEcho(try bytes("base64", in: v))
            case "peer": return .peerBuffer
            case let other: throw Invalid("unknown call argument kind '\(other)'")
            }
        }
    }
}
