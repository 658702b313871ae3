import Decoding
import Glibc
import Seccomp

/// One line of a check's report: a step of the lesson, or one of the checks on how the program
/// ended (`ends`) or how it handled a blocked call (`handles`).
public struct CheckResult: Sendable {
    public enum Mark: String, Sendable {
        case pass, fail, warn

        public var symbol: String {
            switch self {
            case .pass: return "✓"
            case .fail: return "✗"
            case .warn: return "⚠"
            }
        }
    }

    /// `step-3`, `ends`, `handles`: stable, for the machine-readable reports.
    public var id: String
    /// The step's number within the role (nil for the end checks).
    public var number: Int?
    public var title: String
    public var step: Step?
    public var mark: Mark
    public var grade: StepGrade
    public var points: Int
    public var score: Int
    /// The student's strace lines for the step (its calls, as strace prints them).
    public var yours: [String]
    /// The lesson's call for the step, its port resolved.
    public var expected: String?
    /// What is wrong and why it matters (a failure or a warning), or what happened.
    public var message: String?
    /// The differences that are allowed, each named.
    public var notes: [String]
}

/// A check's whole report.
public struct CheckReport: Sendable {
    public var lesson: Lesson
    public var role: String
    public var port: Int
    public var blocks: [BlockRule]
    public var results: [CheckResult]
    /// What the run itself says (a call of the lesson's programs sockstep refused).
    public var notices: [String] = []

    /// Every required check passes (a warning is not a failure).
    public var passed: Bool { !results.contains { $0.mark == .fail } }
    public var score: Int { results.map(\.score).reduce(0, +) }
    public var maxScore: Int { results.map(\.points).reduce(0, +) }
    public func count(_ mark: CheckResult.Mark) -> Int { results.filter { $0.mark == mark }.count }
}

/// Grades the student's calls against the lesson's steps of its role: typed events, never text.
/// What must hold: the family and type of the socket, the addresses and ports, the order of
/// the steps, the data sent and received. What may differ, and is named: accept for accept4,
/// write for sendto, read for recvfrom, flags such as SOCK_CLOEXEC, the backlog, buffer sizes,
/// descriptor numbers, data in several calls, calls the lesson does not make.
public enum CheckGrader {
    /// What the lesson's own program does in the role, from a run of it (the oracle for calls
    /// that fail on purpose: a read of a reset connection, a bind the lesson shows failing):
    /// the errno of each step's call (nil: it succeeded, or was not made), how it ended.
    public struct Reference: Sendable {
        public var errnos: [Int?]
        public var ending: CheckRun.Ending?
        /// The descriptor each step that names one (`result:`) returned.
        public var descriptors: [Int64?] = []
        /// The bytes each sending or receiving step's calls moved (nil for other steps): the
        /// whole of a long send whose lesson call names only its first bytes (stream's
        /// MSG_DONTWAIT writes take 6144 of 65536 bytes, which no call in a lesson file spells out).
        public var moved: [[UInt8]?] = []
    }

    public static func grade(_ lesson: Lesson, role: String, port: Int, outcome: CheckRun.Outcome, blocks: [BlockRule],
                             timeout: Double, reference: Reference? = nil) -> CheckReport {
        var grader = Grader(lesson: lesson, role: role, port: port, outcome: outcome, blocks: blocks, timeout: timeout)
        grader.reference = reference
        var report = CheckReport(lesson: lesson, role: role, port: port, blocks: blocks, results: grader.results())
        report.notices = outcome.refused
        return report
    }

    /// The reference from a run of the lesson's own program in `role`.
    public static func reference(_ lesson: Lesson, role: String, port: Int, outcome: CheckRun.Outcome) -> Reference {
        let grader = Grader(lesson: lesson, role: role, port: port, outcome: outcome, blocks: [], timeout: 0)
        let matching = grader.match(relaxed: false)
        let errnos = matching.byStep.map { calls in calls.lazy.compactMap { grader.calls[$0].errnoValue }.first }
        let descriptors = matching.byStep.enumerated().map { position, calls -> Int64? in
            guard grader.steps[position].resultName != nil, let first = calls.first, Grader.succeeded(grader.calls[first]) else { return nil }
            return grader.calls[first].rawReturn
        }
        let moved = matching.byStep.enumerated().map { position, calls -> [UInt8]? in
            ["send", "recv"].contains(kind(grader.steps[position].call.name)) ? calls.flatMap { grader.moved(grader.calls[$0]) } : nil
        }
        return Reference(errnos: errnos, ending: outcome.student, descriptors: descriptors, moved: moved)
    }

    /// Calls that count as the same step: the lesson's call, or these.
    static func kind(_ name: String) -> String {
        switch name {
        case "accept", "accept4": return "accept"
        case "sendto", "write", "sendmsg", "writev": return "send"
        case "recvfrom", "read", "recvmsg", "readv": return "recv"
        default: return name
        }
    }

    /// The calls a student's program makes on sockets: the ones a report names when extra.
    static let socketCalls: Set<String> = ["socket", "socketpair", "bind", "listen", "accept", "accept4", "connect", "sendto", "sendmsg",
                                           "recvfrom", "recvmsg", "setsockopt", "getsockopt", "getsockname", "getpeername", "shutdown"]

    /// The lesson's call with its port: `bind($listener, 127.0.0.1:8888)`.
    public static func expectedText(_ step: Step, port: Int) -> String {
        var text = step.call.text
        var out = ""
        while let range = text.firstRange(of: "$PORT") {
            out += text[..<range.lowerBound]
            var rest = text[range.upperBound...]
            var offset = 0
            if rest.hasPrefix("+") {
                let digits = rest.dropFirst().prefix { $0.isNumber }
                if let n = Int(digits) {
                    offset = n
                    rest = rest.dropFirst(1 + digits.count)
                }
            }
            out += String(port + offset)
            text = String(rest)
        }
        return out + text
    }

    /// What a signal means, in a few words, for the ones student programs die of.
    public static func signalMeaning(_ signal: Int) -> String {
        let name = SignalTable.name(signal)
        switch Int32(signal) {
        case SIGSEGV: return name + " (a segmentation fault: it used memory it does not own)"
        case SIGBUS: return name + " (a bus error: it used memory that does not exist)"
        case SIGABRT: return name + " (abort: an assertion failed, or the C library found its memory corrupted)"
        case SIGFPE: return name + " (an arithmetic error, such as a division by zero)"
        case SIGPIPE: return name + " (it wrote to a connection the other side had closed)"
        case SIGILL: return name + " (an illegal instruction)"
        case SIGSYS: return name + " (a call its seccomp filter forbids)"
        case SIGXFSZ: return name + " (it wrote a file larger than the \(CheckRun.fileLimit >> 20) MiB sockstep allows: its output, most likely)"
        default: return name
        }
    }
}

/// One grading, step by step.
struct Grader {
    let lesson: Lesson
    let role: String
    let port: Int
    let outcome: CheckRun.Outcome
    let blocks: [BlockRule]
    let timeout: Double
    let steps: [Step]
    let calls: [DecodedCall]
    var reference: CheckGrader.Reference?

    init(lesson: Lesson, role: String, port: Int, outcome: CheckRun.Outcome, blocks: [BlockRule], timeout: Double) {
        (self.lesson, self.role, self.port, self.outcome, self.blocks, self.timeout) = (lesson, role, port, outcome, blocks, timeout)
        steps = lesson.steps(of: role)
        calls = outcome.calls.filter { $0.role == role }.map(\.call)
    }

    // MARK: Matching

    /// Which of the student's calls make each step (positions in `calls`), and the socket calls
    /// that are no step.
    struct Matching {
        var byStep: [[Int]]
        var extra: [Int]
    }

    /// Goes through the student's calls in order: each is the next step's call, the call of a
    /// later step (the steps between are missing), more data of the step just made, or extra.
    /// `relaxed`: a socket call of another family or type still counts as the socket step.
    func match(relaxed: Bool) -> Matching {
        var byStep = Array(repeating: [Int](), count: steps.count)
        var extra: [Int] = []
        var names: [String: Int64] = [:]
        var sockets: Set<Int64> = []
        var cursor = 0
        var last: Int?
        for (index, call) in calls.enumerated() {
            let fd = Self.fd(call)
            if let position = last, continues(steps[position], with: call, fd: fd, so: byStep[position]) {
                byStep[position].append(index)
                continue
            }
            if let position = (cursor ..< steps.count).first(where: { matches(steps[$0], call, fd: fd, names: names, sockets: sockets, relaxed: relaxed) }) {
                byStep[position] = [index]
                cursor = position + 1
                last = position
                if Self.succeeded(call), let name = steps[position].resultName {
                    names[name] = call.rawReturn
                }
            } else if CheckGrader.socketCalls.contains(call.name) {
                extra.append(index)
            }
            if Self.succeeded(call) {
                if call.name == "accept" || call.name == "accept4" { sockets.insert(call.rawReturn) }
                if call.name == "socket", byStep.contains(where: { $0.last == index }) { sockets.insert(call.rawReturn) }
                if call.name == "close" { sockets.remove(fd) }
            }
        }
        return Matching(byStep: byStep, extra: extra)
    }

    func matches(_ step: Step, _ call: DecodedCall, fd: Int64, names: [String: Int64], sockets: Set<Int64>, relaxed: Bool) -> Bool {
        guard CheckGrader.kind(call.name) == CheckGrader.kind(step.call.name) || step.also.contains(call.name) else { return false }
        let arguments = step.call.arguments
        if call.name == "socket" {
            guard !relaxed else { return true }
            guard arguments.count > 1, case .number(let family, _) = arguments[0], case .number(let type, _) = arguments[1],
                  call.rawArguments.count > 1 else { return false }
            return Int64(call.rawArguments[0]) == family && (Int64(call.rawArguments[1]) & 0xf) == (type & 0xf)
        }
        if case .descriptor(let name)? = arguments.first {
            if let known = names[name] { guard fd == known else { return false } } else { guard sockets.contains(fd) else { return false } }
        }
        if step.call.name == "setsockopt" {
            guard arguments.count > 2, case .number(let level, _) = arguments[1], case .number(let option, _) = arguments[2],
                  call.rawArguments.count > 2 else { return false }
            return Int64(call.rawArguments[1]) == level && Int64(call.rawArguments[2]) == option
        }
        return true
    }

    /// Whether `call` sends or receives more of a step's data: the same kind of call on the same
    /// descriptor, while the step has fewer bytes than the lesson's (and the last read got some).
    func continues(_ step: Step, with call: DecodedCall, fd: Int64, so far: [Int]) -> Bool {
        let kind = CheckGrader.kind(step.call.name)
        guard kind == "send" || kind == "recv", CheckGrader.kind(call.name) == kind, let first = far.first,
              Self.fd(calls[first]) == fd, let last = far.last else { return false }
        // The lesson's own next step is another of the same kind: each call is a step.
        let position = steps.firstIndex(of: step)
        if let position, position + 1 < steps.count, CheckGrader.kind(steps[position + 1].call.name) == kind { return false }
        let literal = kind == "send" ? Self.data(of: step) : expectedReceived(step)
        let expected = position.map { wanted(literal, $0 ... $0)?.count } ?? literal?.count
        guard let expected else { return false }
        let bytes = far.map { moved(calls[$0]).count }.reduce(0, +)
        if kind == "recv" && (!Self.succeeded(calls[last]) || calls[last].rawReturn == 0) { return false }
        return bytes < expected
    }

    static func fd(_ call: DecodedCall) -> Int64 { Int64(Int32(truncatingIfNeeded: call.rawArguments.first ?? UInt64.max)) }

    static func succeeded(_ call: DecodedCall) -> Bool {
        call.result?.value != nil
    }

    /// The bytes a call sent or received (what the kernel took or gave).
    func moved(_ call: DecodedCall) -> [UInt8] {
        guard Self.succeeded(call), call.rawReturn > 0 else { return [] }
        var bytes: [UInt8] = []
        for case .data(let chunk) in call.dumps { bytes += chunk }
        return Array(bytes.prefix(Int(call.rawReturn)))
    }

    /// The bytes these steps should move: the lesson's (`literal`), or the lesson's own
    /// program's (the reference run) where those begin with the lesson's and go on. A call in a
    /// lesson file names the first bytes of a long send, as strace shows them.
    func wanted(_ literal: [UInt8]?, _ positions: ClosedRange<Int>) -> [UInt8]? {
        guard let literal, let moved = reference?.moved, moved.indices.contains(positions.upperBound) else { return literal }
        var bytes: [UInt8] = []
        for position in positions {
            guard let chunk = moved[position] else { return literal }
            bytes += chunk
        }
        return bytes.count > literal.count && bytes.starts(with: literal) ? bytes : literal
    }

    /// The data a sending step writes.
    static func data(of step: Step) -> [UInt8]? {
        for argument in step.call.arguments {
            if case .data(let bytes, _) = argument { return bytes }
        }
        return nil
    }

    /// What a receiving step should get: the data the other roles' steps send after the role's
    /// previous receiving step and before this one.
    func expectedReceived(_ step: Step) -> [UInt8]? {
        var bytes: [UInt8] = []
        var found = false
        for other in lesson.steps.prefix(step.index).reversed() {
            if other.role == role {
                if CheckGrader.kind(other.call.name) == "recv" { break }
                continue
            }
            if CheckGrader.kind(other.call.name) == "send", let data = Self.data(of: other) {
                bytes = data + bytes
                found = true
            }
        }
        return found ? bytes : nil
    }

    // MARK: Results

    mutating func results() -> [CheckResult] {
        var matching = match(relaxed: false)
        if let socketPosition = steps.firstIndex(where: { $0.call.name == "socket" }), matching.byStep[socketPosition].isEmpty,
           calls.contains(where: { $0.name == "socket" }) {
            matching = match(relaxed: true)
        }
        let blocked = blockedPosition(matching)
        var out: [CheckResult] = []
        for (position, step) in steps.enumerated() {
            if let blocked, position > blocked.position { break }
            var result = judge(step, position: position, matching: matching)
            if let blocked, position == blocked.position { result = judgeBlocked(step, result: result, call: blocked.call) }
            out.append(result)
        }
        if !blocks.isEmpty {
            out.append(handles(blocked: blocked, matching: matching))
        } else {
            out.append(ends(matching: matching))
        }
        return out
    }

    /// With --block: the step whose call is blocked, and the student's blocked call (nil when
    /// it never made it).
    func blockedPosition(_ matching: Matching) -> (position: Int, call: Int?)? {
        guard let rule = blocks.first else { return nil }
        guard let position = steps.firstIndex(where: { $0.callNames.contains(rule.call) || CheckGrader.kind($0.call.name) == CheckGrader.kind(rule.call) })
        else { return nil }
        let call = calls.indices.first { calls[$0].name == rule.call && calls[$0].failed }
        return (position, call)
    }

    var you: String { "your \(role)" }

    func lines(_ indexes: [Int]) -> [String] {
        var out = indexes.prefix(4).map { StraceLine.call(calls[$0]) }
        if indexes.count > 4 { out.append("... and \(indexes.count - 4) more calls like it") }
        return out
    }

    func result(_ step: Step, mark: CheckResult.Mark, yours: [Int], message: String?, notes: [String] = []) -> CheckResult {
        let points = step.worth
        return CheckResult(id: "step-\(step.numberInRole)", number: step.numberInRole, title: step.title, step: step, mark: mark,
                           grade: step.grade, points: points, score: mark == .fail || (mark == .warn && yours.isEmpty) ? 0 : points,
                           yours: lines(yours), expected: CheckGrader.expectedText(step, port: port).replacing("$DIR", with: outcome.folder),
                           message: message, notes: notes)
    }

    /// One step: its calls checked, or why it is missing.
    func judge(_ step: Step, position: Int, matching: Matching) -> CheckResult {
        let mine = matching.byStep[position]
        if step.grade == .forbidden {
            return mine.isEmpty ? result(step, mark: .pass, yours: [], message: "not made, as the lesson asks")
                : result(step, mark: .fail, yours: mine, message: "the lesson forbids this call here: \(step.title.lowercasedFirst)")
        }
        guard !mine.isEmpty else {
            let later = matching.byStep[(position + 1)...].contains { !$0.isEmpty }
            let why = later ? missing(step) : notReached(step, matching: matching)
            return result(step, mark: step.grade == .optional ? .warn : .fail, yours: [], message: why)
        }
        var notes: [String] = []
        let first = calls[mine[0]]
        if first.name != step.call.name {
            notes.append("\(first.name) instead of \(step.call.name): allowed (\(Self.sameness(first.name, step.call.name)))")
        }
        if step.resultName != nil, Self.succeeded(first), let theirs = reference?.descriptors[position], theirs != first.rawReturn {
            notes.append("descriptor \(first.rawReturn) where the lesson's program gets \(theirs): allowed (the kernel gives the lowest number free in the process)")
        }
        var problem = failure(of: step, position: position, matching: matching, notes: &notes)
        if problem == nil, let waiting = unfinished(mine) { problem = waiting }
        for index in matching.extra where index > mine.last! && index < nextMatched(after: position, matching) {
            let name = calls[index].name
            if !notes.contains(where: { $0.hasPrefix("extra call \(name):") }) { notes.append("extra call \(name): allowed") }
        }
        guard let problem else { return result(step, mark: .pass, yours: mine, message: nil, notes: notes) }
        return result(step, mark: step.grade == .optional ? .warn : .fail, yours: mine, message: problem, notes: notes)
    }

    func nextMatched(after position: Int, _ matching: Matching) -> Int {
        matching.byStep[(position + 1)...].first { !$0.isEmpty }?.first ?? calls.count
    }

    /// A call the process was ended in.
    func unfinished(_ mine: [Int]) -> String? {
        guard let index = mine.last, case .unknown? = calls[index].result else { return nil }
        if outcome.timedOut { return "\(you) waited in \(calls[index].name) until the time limit (\(Self.seconds(timeout))) ran out" }
        if !outcome.endedAfterOthers.isEmpty { return "\(you) still waited in \(calls[index].name) after the other roles had ended" }
        return "\(calls[index].name) never returned: \(you) ended while in it"
    }

    static func sameness(_ a: String, _ b: String) -> String {
        switch CheckGrader.kind(a) {
        case "accept": return "accept4 is accept with flags such as SOCK_CLOEXEC"
        case "send": return "on a connected socket write, send and sendto without an address all send"
        case "recv": return "on a connected socket read, recv and recvfrom without an address all receive"
        default: return "the same step"
        }
    }

    static func seconds(_ t: Double) -> String {
        t == t.rounded() ? "\(Int(t)) s" : "\(t) s"
    }

    func errnoText(_ call: DecodedCall) -> String {
        guard let e = call.errnoValue else { return "" }
        return ErrnoTable.name(e) ?? "error \(e)"
    }

    /// What is wrong with the step's calls, or nil; allowed differences go to `notes`. A call
    /// that fails as the lesson's own program's does (the reference run) is the lesson's point.
    func failure(of step: Step, position: Int, matching: Matching, notes: inout [String]) -> String? {
        let mine = matching.byStep[position].map { calls[$0] }
        let expectedErrno = reference?.errnos[position]
        let failing = mine.first { $0.failed }
        if let failing, let e = failing.errnoValue, e == expectedErrno {
            notes.append("\(failing.name) fails with \(ErrnoTable.name(e) ?? "error \(e)"), as the lesson's own program's does")
            if let problem = addressFailure(step, failing) { return problem }
            return nil
        }
        if failing == nil, let e = expectedErrno, let call = mine.first {
            return "\(call.name) succeeded where the lesson's own program's fails with \(ErrnoTable.name(e) ?? "error \(e)"): that failure is what this step shows"
        }
        return unexpectedFailure(of: step, position: position, matching: matching, notes: &notes)
    }

    /// A bind or connect to another address than the lesson's (whatever the call returned).
    func addressFailure(_ step: Step, _ call: DecodedCall) -> String? {
        guard step.call.name == "bind" || step.call.name == "connect", step.call.arguments.count > 1,
              case .address(let literal) = step.call.arguments[1], call.arguments.count > 1, let mine = Sockaddr.text(call.arguments[1]) else { return nil }
        let wanted = literal.text(port: port).replacing("$DIR", with: outcome.folder)
        guard mine != wanted else { return nil }
        return addressProblem(call: step.call.name, mine: call.arguments[1], mineText: mine, wanted: literal, wantedText: wanted, failed: call)
    }

    /// The consecutive receiving steps of the role around `position`: the first of them, and
    /// whether `position` is the last.
    func receivingRun(_ position: Int) -> (first: Int, last: Bool) {
        var first = position
        while first > 0 && CheckGrader.kind(steps[first - 1].call.name) == "recv" { first -= 1 }
        let last = position + 1 >= steps.count || CheckGrader.kind(steps[position + 1].call.name) != "recv"
        return (first, last)
    }

    func unexpectedFailure(of step: Step, position: Int, matching: Matching, notes: inout [String]) -> String? {
        let mine = matching.byStep[position].map { calls[$0] }
        let call = mine[0]
        let arguments = step.call.arguments
        switch CheckGrader.kind(step.call.name) {
        case "socket":
            guard case .number(let family, let familyText) = arguments[0], case .number(let type, let typeText) = arguments[1],
                  case .number(let proto, _) = arguments[2], call.rawArguments.count > 2 else { return nil }
            let (myFamily, myType, myProto) = (Int64(call.rawArguments[0]), Int64(call.rawArguments[1]), Int64(call.rawArguments[2]))
            if myFamily != family {
                let names = ["AF_INET": " (IPv4)", "AF_INET6": " (IPv6)", "AF_UNIX": " (a UNIX socket, on this machine only)"]
                let wanted = String(familyText.split(separator: "|")[0])
                return "socket of family \(call.arguments[0].render()): the lesson asks for \(wanted)\(names[wanted] ?? ""), the family its other roles use"
            }
            if myType & 0xf != type & 0xf {
                let base = typeText.split(separator: "|")[0]
                return "socket of type \(call.arguments[1].render()): the lesson asks for \(base) (\(base == "SOCK_STREAM" ? "TCP, a byte stream" : "another protocol")), which the other side speaks"
            }
            let flags: [(Int64, String)] = [(0o2000000, "SOCK_CLOEXEC"), (0o4000, "SOCK_NONBLOCK")]
            for (bit, name) in flags where myType & bit != type & bit {
                notes.append(myType & bit == 0 ? "without \(name): allowed" : "with \(name): allowed")
            }
            if myProto != proto { notes.append("protocol \(call.arguments[2].render()) instead of \(proto == 0 ? "IPPROTO_IP (0)" : String(proto)): allowed (for this type the kernel picks the same protocol)") }
            if call.failed { return "socket failed with \(errnoText(call))" }
        case "setsockopt":
            if call.failed { return "setsockopt failed with \(errnoText(call))" }
        case "bind", "connect":
            guard arguments.count > 1, case .address(let literal) = arguments[1] else { return nil }
            let wanted = literal.text(port: port).replacing("$DIR", with: outcome.folder)
            let what = step.call.name
            guard call.arguments.count > 1, let mine = Sockaddr.text(call.arguments[1]) else {
                return "\(what) with an address sockstep cannot read: the lesson asks for \(wanted)"
            }
            if mine != wanted {
                return addressProblem(call: what, mine: call.arguments[1], mineText: mine, wanted: literal, wantedText: wanted, failed: call)
            }
            if call.failed {
                if call.errnoValue == Int(EADDRINUSE) { return "bind failed with EADDRINUSE: another socket holds \(wanted), and without an address the server cannot be reached" }
                if call.errnoValue == Int(ECONNREFUSED) { return "connect failed with ECONNREFUSED: nothing listened on \(wanted) at that moment" }
                return "\(what) failed with \(errnoText(call))"
            }
        case "listen":
            if call.failed { return "listen failed with \(errnoText(call)): the socket does not wait for clients" }
            if arguments.count > 1, case .number(let backlog, _) = arguments[1], call.rawArguments.count > 1,
               Int64(Int32(truncatingIfNeeded: call.rawArguments[1])) != backlog {
                notes.append("backlog \(Int32(truncatingIfNeeded: call.rawArguments[1])) instead of \(backlog): allowed (it only caps the queue of connections not yet accepted)")
            }
        case "accept":
            if call.failed {
                let why = call.errnoValue == Int(EINVAL) ? ": the socket is not listening (no listen before accept)" : ""
                return "\(call.name) failed with \(errnoText(call))\(why)"
            }
        case "send":
            guard let wanted = wanted(Self.data(of: step), position ... position) else { return nil }
            if let failed = mine.first(where: { $0.failed }) { return "\(failed.name) failed with \(errnoText(failed))" }
            let sent = mine.flatMap { moved($0) }
            if mine.count > 1 { notes.append("in \(mine.count) calls: allowed (TCP is a stream: the bytes count, not the calls)") }
            if step.call.name == "sendto", arguments.count > 2, case .number(let flags, _) = arguments[2], flags & 0x4000 != 0,
               call.name == "sendto", call.rawArguments.count > 3, call.rawArguments[3] & 0x4000 == 0 {
                notes.append("without MSG_NOSIGNAL: allowed (a write after the other side has gone then raises SIGPIPE)")
            }
            if sent == wanted { return nil }
            if sent.count < wanted.count && Array(wanted.prefix(sent.count)) == sent {
                return "sent \(sent.count) of the \(wanted.count) bytes \(quoteCString(wanted)): the other side waits for the rest"
            }
            return "sent \(quoteCString(sent)) where the lesson sends \(quoteCString(wanted)): the other side gets other bytes than it expects"
        case "recv":
            if let failed = mine.first(where: { $0.failed }) { return "\(failed.name) failed with \(errnoText(failed))" }
            if mine.count > 1 { notes.append("in \(mine.count) calls: allowed (TCP is a stream: the bytes count, not the calls)") }
            if call.name == "recvfrom" || call.name == "read", call.rawArguments.count > 2, arguments.count > 1,
               case .number(let size, _) = arguments[1], Int64(call.rawArguments[2]) != size {
                notes.append("a buffer of \(call.rawArguments[2]) bytes instead of \(size): allowed")
            }
            // Several receiving steps in a row: the bytes of them all, checked at the last.
            let run = receivingRun(position)
            guard run.last, let wanted = wanted(expectedReceived(steps[run.first]), run.first ... position) else { return nil }
            let got = (run.first ... position).flatMap { matching.byStep[$0].flatMap { moved(calls[$0]) } }
            if got == wanted { return nil }
            if got.count < wanted.count && Array(wanted.prefix(got.count)) == got {
                let stream = lesson.steps.first { $0.call.name == "socket" }.map { step in
                    if case .number(let type, _) = step.call.arguments[1], type & 0xf == 1 { return true }
                    return false
                } ?? false
                return "\(you) read \(got.count) of \(wanted.count) bytes" + (stream ? ": TCP is a stream, read until you have them all" : "")
            }
            return "\(you) received \(quoteCString(got)) where the other side sent \(quoteCString(wanted))"
        default:
            if call.failed { return "\(call.name) failed with \(errnoText(call))" }
        }
        return nil
    }

    /// A bind or connect to another address than the lesson's: what it means.
    func addressProblem(call: String, mine: Value, mineText: String, wanted: AddressLiteral, wantedText: String, failed: DecodedCall) -> String {
        guard case .socketAddress(let address) = mine, case .inet(let host, _, let value) = wanted else {
            return "\(call) to \(mineText): the lesson asks for \(wantedText)"
        }
        let refused = failed.errnoValue == Int(ECONNREFUSED) ? " (connect failed with ECONNREFUSED)" : ""
        if let myPort = address.port, Int(myPort) != value.resolve(port) {
            if call == "bind" {
                return "bind to port \(myPort): the lesson's other roles talk to port \(value.resolve(port)), where nothing of yours is"
            }
            return "connect to \(mineText): the lesson's server is at \(wantedText)\(refused)"
        }
        let any = address.host == "0.0.0.0" || address.host == "::"
        if any && call == "bind" {
            return "bind to \(mineText) listens on every interface of the machine; the lesson asks for \(Sockaddr.ipv4Text(host, at: 0)) (this machine only)"
        }
        return "\(call) to \(mineText): the lesson asks for \(wantedText)\(refused)"
    }

    /// Why a step is missing when a later step was made: what goes wrong without it.
    func missing(_ step: Step) -> String {
        switch CheckGrader.kind(step.call.name) {
        case "listen":
            var effects: [String] = []
            if let refused = outcome.calls.first(where: { $0.role != role && $0.call.name == "connect" && $0.call.errnoValue == Int(ECONNREFUSED) }) {
                effects.append("connect from the \(refused.role) fails with ECONNREFUSED")
            }
            if calls.contains(where: { CheckGrader.kind($0.name) == "accept" && $0.errnoValue == Int(EINVAL) }) {
                effects.append("accept on a socket that does not listen fails with EINVAL")
            }
            return "no listen: " + (effects.isEmpty ? "the socket never waits for clients" : effects.joined(separator: ", and "))
        case "bind":
            return "no bind: the socket gets no address of its own (listen gives it a random port), so the other roles, which use port \(port), cannot reach it"
        case "accept":
            return "no accept: the client's connection waits in the listen queue and the server never gets a descriptor to talk on"
        case "connect":
            return "no connect: the socket never reaches the server"
        case "send":
            return "no data sent: the other side waits for \(Self.data(of: step).map(quoteCString) ?? "it") in vain"
        case "recv":
            return "\(you) never reads what the other side sent"
        case "setsockopt" where step.call.setsReuseAddress:
            return "no SO_REUSEADDR: started again soon after serving a client, \(you)'s bind can fail with EADDRINUSE while the old connection waits in TIME_WAIT"
        case "socket":
            return "no socket of the lesson's kind: the later calls work on another socket"
        case "close":
            return "no close here: the descriptor and its connection stay open, and the other side does not see the end of the connection"
        default:
            return "\(you) does not make this call (\(step.callNames.joined(separator: " or ")))"
        }
    }

    /// Why the program never came to a step: it ended, crashed or hung before it.
    func notReached(_ step: Step, matching: Matching) -> String {
        let after = afterLastStep(matching)
        if outcome.timedOut {
            if let waiting = outcome.waiting.first {
                return "not reached: the time limit (\(Self.seconds(timeout))) ran out while \(you) waited in \(waiting.name)"
            }
            return "not reached: the time limit (\(Self.seconds(timeout))) ran out while \(you) was running (in a loop, not in a call)"
        }
        if let waiting = outcome.endedAfterOthers.first {
            return "not reached: \(you) waited in \(waiting.name) after the other roles had ended"
        }
        switch outcome.student {
        case .killed(let signal, _)?:
            return "not reached: \(you) was killed by \(CheckGrader.signalMeaning(signal))\(after)"
        case .exited(0)? where step.call.name == "close":
            return "no close: \(you) exited without closing its socket; the kernel closed it at the exit, but a program that goes on (a server that serves more clients) keeps the connection open and runs out of descriptors"
        case .exited(let status)?:
            let said = firstLine(outcome.stderr).map { " (it said: \($0))" } ?? ""
            return "not reached: \(you) exited with status \(status)\(after)\(said)"
        default:
            return "not reached: \(you) did not make this call (\(step.callNames.joined(separator: " or ")))"
        }
    }

    /// The line of the program's stderr that says what went wrong: its first, or the last of a
    /// Python traceback (the exception).
    func firstLine(_ text: String) -> String? {
        let lines = text.split(separator: "\n").filter { !$0.allSatisfy { $0 == " " } }
        guard let first = lines.first else { return nil }
        let line = first.hasPrefix("Traceback (most recent call last)") ? lines.last! : first
        return CallSyntaxQuote.quoted(String(line))
    }

    /// ` after NAME`: the last of the student's calls that made a step.
    func afterLastStep(_ matching: Matching) -> String {
        matching.byStep.last { !$0.isEmpty }?.last.map { " after \(calls[$0].name)" } ?? ""
    }

    /// How strace shows a call a process was ended in: `accept(3,  <unfinished ...>`.
    static func waitingLine(_ call: DecodedCall) -> String {
        StraceLine.entry(call) + StraceLine.unfinished
    }

    /// How the program ended (without --block): exit status 0 passes.
    func ends(matching: Matching) -> CheckResult {
        var notes: [String] = []
        let processes = outcome.studentProcesses.count
        if processes > 1 { notes.append("it ran as \(processes) processes or threads: each was traced") }
        var mark = CheckResult.Mark.pass
        var message: String?
        let lastCall = afterLastStep(matching)
        if outcome.timedOut {
            mark = .fail
            let waiting = outcome.waiting.first.map { " waiting in \(Self.waitingLine($0))" } ?? " running (in a loop, not in a call)"
            message = "still running when the time limit (\(Self.seconds(timeout))) ran out,\(waiting)"
        } else if let waiting = outcome.endedAfterOthers.first {
            notes.append("it still waited in \(waiting.name) after the other roles had ended; sockstep ended it (a server that waits for more clients is not a failure)")
        } else if let ending = reference?.ending, ending == outcome.student, ending != .exited(0) {
            notes.append("it ends as the lesson's own program does")
        } else {
            switch outcome.student {
            case .exited(0)?: break
            case .exited(let status)?:
                mark = .fail
                let said = firstLine(outcome.stderr).map { "; it said: \($0)" } ?? ""
                message = "exited with status \(status)\(lastCall)\(said): a status other than 0 tells whoever runs it that it failed"
            case .killed(let signal, _)?:
                mark = .fail
                message = "killed by \(CheckGrader.signalMeaning(signal))\(lastCall)"
            case .ended?, nil:
                mark = .fail
                message = "ended before it finished"
            }
        }
        // The lesson's own program may end otherwise on purpose (killed by SIGPIPE in epipe).
        var title = "Ends with exit status 0"
        var expected = StraceLine.exited(status: 0)
        if let ending = reference?.ending, ending != .exited(0), let line = Self.endLine(ending) {
            title = "Ends as the lesson's own program does"
            expected = line
        }
        return CheckResult(id: "ends", number: nil, title: title, step: nil, mark: mark, grade: .required, points: 0,
                           score: 0, yours: endLines(), expected: expected, message: message, notes: notes)
    }

    /// The strace line of how the student's first process ended.
    func endLines() -> [String] {
        outcome.student.flatMap(Self.endLine).map { [$0] } ?? []
    }

    static func endLine(_ ending: CheckRun.Ending) -> String? {
        switch ending {
        case .exited(let status): return StraceLine.exited(status: status)
        case .killed(let signal, let core): return StraceLine.killed(signal: signal, coreDumped: core)
        case .ended: return StraceLine.killed(signal: Int(SIGKILL), coreDumped: false)
        }
    }

    /// With --block: the blocked step passes when its call was made and failed as asked.
    func judgeBlocked(_ step: Step, result: CheckResult, call: Int?) -> CheckResult {
        var out = result
        let rule = blocks[0]
        out.points = 0
        out.score = 0
        guard let call else {
            out.mark = .fail
            out.message = "\(you) never called \(rule.call), so the block could not test how it handles the failure"
            return out
        }
        out.yours = lines([call])
        out.mark = .pass
        out.message = "blocked as asked: \(rule.call) failed with \(errnoText(calls[call]))"
        out.notes = []
        return out
    }

    /// With --block: the program reports the failure (a message on stderr, a status other than
    /// 0) and does not carry on.
    func handles(blocked: (position: Int, call: Int?)?, matching: Matching) -> CheckResult {
        let rule = blocks[0]
        var mark = CheckResult.Mark.fail
        var message: String
        let failure = blocked?.call.map { "\(rule.call) failed with \(errnoText(calls[$0]))" } ?? "\(rule.call) was blocked"
        let laterKinds = Set(steps.dropFirst((blocked?.position ?? steps.count) + 1).map { CheckGrader.kind($0.call.name) })
            .subtracting(["close", "shutdown"])
        // A later step's call (not the program's own messages on descriptors 0 to 2).
        let carriedOn = blocked?.call.flatMap { index in
            calls[(index + 1)...].first { laterKinds.contains(CheckGrader.kind($0.name)) && Self.fd($0) > 2 }
        }
        if blocked?.call == nil {
            message = "not tested: \(you) never called \(rule.call)"
        } else if outcome.timedOut {
            let waiting = outcome.waiting.first.map { ", waiting in \($0.name)" } ?? ""
            message = "after \(failure), \(you) was still running when the time limit (\(Self.seconds(timeout))) ran out\(waiting)"
        } else if let carriedOn {
            message = "carries on: after \(failure), \(you) called \(carriedOn.name) as if nothing had happened"
        } else {
            switch outcome.student {
            case .exited(0)?:
                message = "exits with status 0 after \(failure): whoever runs it (a script, a service manager) believes it worked"
            case .exited(let status)?:
                if outcome.stderrBytes == 0 {
                    message = "exits with status \(status) after \(failure) but says nothing on stderr: the user does not learn what went wrong"
                } else {
                    mark = .pass
                    message = "reports the failure: exits with status \(status) and says \(firstLine(outcome.stderr) ?? "so on stderr")"
                }
            case .killed(let signal, _)?:
                message = "killed by \(CheckGrader.signalMeaning(signal)) after \(failure)"
            case .ended?, nil:
                message = "ended by sockstep after \(failure)"
            }
        }
        return CheckResult(id: "handles", number: nil, title: "Reports the failure of \(rule.call) and stops", step: nil, mark: mark,
                           grade: .required, points: 1, score: mark == .pass ? 1 : 0, yours: endLines(),
                           expected: "a message on stderr, then an exit status other than 0", message: message, notes: [])
    }
}

/// A line the student's program wrote, quoted for a report (cut at 80 characters).
enum CallSyntaxQuote {
    static func quoted(_ line: String) -> String {
        let cut = line.count > 80 ? String(line.prefix(80)) + "..." : line
        return "\"" + cut + "\""
    }
}

extension String {
    var lowercasedFirst: String {
        guard let first else { return self }
        return first.lowercased() + dropFirst()
    }
}
