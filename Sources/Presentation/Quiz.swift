import Decoding
import Events
import LessonModel

/// `sockstep quiz`: what each step's call did in a run of the lesson, kept for the questions. A
/// sink like the others: each step's first call (its exit), whether it blocked first, and its
/// explanation, from the same explainer as `trace --explain` (fed every call of the run, so
/// that it knows which descriptors are sockets of which kind).
public final class QuizCollector: EventSink {
    public struct Record: Sendable {
        public var role: String
        public var step: Step
        public var call: DecodedCall
        public var blocked: Bool
        public var explanation: String
    }

    public private(set) var records: [Record] = []
    private var blocked: Set<Int> = []
    private var rules: [BlockedCall] = []
    private let explainer = CallExplainer()

    public init() {}

    public func receive(_ event: RunEvent) {
        switch event {
        case .started(let header):
            rules = header.blocks
        case .blocked(let step, _, _):
            blocked.insert(step.index)
        case .trace(.exited(let call, _, _), let context):
            var text = explainer.explain(call)
            guard let context, let step = context.step, context.stepCall, !records.contains(where: { $0.step.index == step.index }) else { return }
            if let rule = rules.first(where: { $0.decides(call.name, role: context.role) }), call.failed {
                text = "the seccomp filter (--block \(call.name)=\(rule.action.description)) made this call fail before the kernel's socket code ran: " + text
            }
            records.append(Record(role: context.role, step: step, call: call, blocked: blocked.contains(step.index), explanation: text))
        default:
            break
        }
    }

    public func finish() throws(SinkFailure) {}
}

/// A question of the quiz: a prompt, four choices, the right one, and what to show after.
public struct QuizQuestion: Sendable, Equatable {
    public enum Kind: String, Sendable { case result, blocks, nextCall = "next_call" }
    public var kind: Kind
    public var role: String
    public var step: Step
    public var prompt: [String]
    public var choices: [String]
    public var correct: Int
    /// The strace line of the call, and its explanation.
    public var line: String
    public var explanation: String

    public static let letters = ["a", "b", "c", "d"]
}

/// The questions for a run: one per step whose call was made, in lesson order; choices drawn
/// from plausible wrong answers; everything random comes from `seed`, so that the same lesson
/// and run give the same quiz.
public enum Quiz {
    /// A small deterministic generator (SplitMix64).
    struct Generator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9e37_79b9_7f4a_7c15
            var z = state
            z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
            z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
        mutating func shuffled<T>(_ items: [T]) -> [T] {
            var items = items
            for i in stride(from: items.count - 1, to: 0, by: -1) { items.swapAt(i, below(i + 1)) }
            return items
        }
    }

    /// The seed of a run: the lesson, its language and its blocks (FNV-1a).
    public static func seed(_ parts: [String]) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in parts.joined(separator: "\u{1}").utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        return hash
    }

    /// Errnos a student could expect from each call, the most plausible first.
    static let plausibleErrors: [String: [String]] = [
        "socket": ["EPERM", "EACCES", "EMFILE", "EAFNOSUPPORT"],
        "bind": ["EADDRINUSE", "EACCES", "EPERM", "EADDRNOTAVAIL"],
        "listen": ["EADDRINUSE", "EOPNOTSUPP", "EPERM", "EINVAL"],
        "connect": ["ECONNREFUSED", "ETIMEDOUT", "EPERM", "ENOENT"],
        "accept": ["EAGAIN", "EINVAL", "EPERM", "ECONNABORTED"],
        "accept4": ["EAGAIN", "EINVAL", "EPERM", "ECONNABORTED"],
        "sendto": ["EPIPE", "ECONNRESET", "EPERM", "ECONNREFUSED"],
        "send": ["EPIPE", "ECONNRESET", "EPERM"], "sendmsg": ["EPIPE", "ECONNRESET", "EPERM"],
        "write": ["EPIPE", "ECONNRESET", "EPERM", "EBADF"],
        "recvfrom": ["ECONNRESET", "EAGAIN", "EPERM", "ECONNREFUSED"],
        "recvmsg": ["ECONNRESET", "EAGAIN", "EPERM"], "read": ["ECONNRESET", "EAGAIN", "EPERM", "EBADF"],
        "close": ["EBADF", "EPERM", "EINTR"],
        "shutdown": ["ENOTCONN", "EPERM", "EINVAL"],
        "setsockopt": ["EINVAL", "ENOPROTOOPT", "EPERM"],
    ]
    static let fdCalls: Set<String> = ["socket", "accept", "accept4", "open", "openat", "dup"]
    static let byteCalls: Set<String> = ["read", "recv", "recvfrom", "recvmsg", "write", "send", "sendto", "sendmsg"]
    static let commonCalls = ["socket", "bind", "listen", "accept4", "connect", "sendto", "recvfrom", "close", "shutdown", "setsockopt"]

    /// What the call returned, as a choice: `3`, `0`, `-1 EPERM`, or that it never returned.
    public static func answer(_ call: DecodedCall) -> String {
        switch call.result {
        case .plain(let v)?, .noted(let v, _)?: return v.render()
        case .failed(let e)?: return "-1 " + (ErrnoTable.name(e) ?? "error \(e)")
        case .unknown?, nil: return "it never returns: the process ends in it"
        }
    }

    public static func questions(_ records: [QuizCollector.Record], lesson: Lesson, seed: UInt64) -> [QuizQuestion] {
        var random = Generator(state: seed)
        let lessonCalls = lesson.steps.map(\.call.name)
        var questions: [QuizQuestion] = []
        for (position, record) in records.sorted(by: { $0.step.index < $1.step.index }).enumerated() {
            let call = record.call
            let step = record.step
            let title = "\(record.role), step \(step.numberInRole)/\(lesson.stepCount(of: record.role)): \(step.title)"
            let line = StraceLine.call(call, column: 40)
            // The call as it was entered: its arguments known before it ran, the rest left out.
            var entered = StraceLine.entry(call)
            if call.completeAtEntry {
                entered += ")"
            } else {
                while entered.hasSuffix(" ") || entered.hasSuffix(",") { entered.removeLast() }
                entered += (entered.hasSuffix("(") ? "" : ", ") + "...)"
            }
            let entry = "  " + entered
            var kind = QuizQuestion.Kind.result
            var prompt: [String]
            var right: String
            var pool: [String]
            let roll = random.below(4)
            if record.blocked {
                kind = .blocks
                prompt = [title, entry, "Does this call return at once, or wait?"]
                right = "it blocks: it waits in the kernel until another role acts"
                pool = ["it returns at once with a result", "it fails at once with -1 EAGAIN", "it fails at once with -1 EPERM"]
            } else if position > 0, roll == 0, !call.failed, call.result != .unknown {
                kind = .nextCall
                prompt = ["\(record.role), step \(step.numberInRole)/\(lesson.stepCount(of: record.role)):", "Which call does \(record.role) make next?"]
                right = call.name
                pool = random.shuffled((lessonCalls + commonCalls).filter { !step.callNames.contains($0) }.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } })
            } else {
                prompt = [title, entry, "What does it return?"]
                right = answer(call)
                let errors = (plausibleErrors[call.name] ?? ["EPERM", "EINVAL", "EBADF"]).map { "-1 " + $0 }
                let returned = call.rawReturn
                var numbers: [String] = []
                if fdCalls.contains(call.name) {
                    numbers = [returned + 1, returned - 1, returned + 2, 3, 4, 5].filter { $0 >= 3 }.map(String.init)
                } else if byteCalls.contains(call.name) {
                    let asked = call.rawArguments.count > 2 ? Int64(truncatingIfNeeded: call.rawArguments[2]) : 64
                    numbers = [0, 6, asked, returned / 2, returned + 1].map(String.init)
                } else {
                    numbers = ["0"]
                }
                // Two numbers and an errno, or (for a call that returns 0 or fails) errnos.
                let wrongNumbers = random.shuffled(numbers.filter { $0 != right }.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } })
                let wrongErrors = errors.filter { $0 != right }
                pool = call.failed || numbers == ["0"] ? Array(wrongNumbers.prefix(1)) + wrongErrors : Array(wrongNumbers.prefix(2)) + wrongErrors
            }
            let wrong = Array(pool.filter { $0 != right }.prefix(3))
            let choices = random.shuffled([right] + wrong)
            questions.append(QuizQuestion(kind: kind, role: record.role, step: step, prompt: prompt, choices: choices,
                                          correct: choices.firstIndex(of: right) ?? 0, line: line, explanation: record.explanation))
        }
        return questions
    }
}

/// `quiz --format json`: one line at the end, the questions with their answers and the score.
public enum QuizResult {
    public static func json(lesson: String, language: String, blocks: [String], seed: UInt64, questions: [QuizQuestion], answers: [Int?]) -> String {
        let letters = QuizQuestion.letters
        let items = questions.enumerated().map { number, question in
            let answer = number < answers.count ? answers[number] : nil
            return JSON.object([
                ("number", String(number + 1)), ("kind", JSON.string(question.kind.rawValue)), ("role", JSON.string(question.role)),
                ("step_index", String(question.step.index)), ("step", String(question.step.numberInRole)),
                ("step_title", JSON.string(question.step.title)), ("prompt", JSON.array(question.prompt.map(JSON.string))),
                ("choices", JSON.array(question.choices.map(JSON.string))), ("correct", JSON.string(letters[question.correct])),
                ("answer", JSON.optional(answer.map { letters[$0] })), ("right", JSON.bool(answer == question.correct)),
                ("line", JSON.string(question.line)), ("explanation", JSON.string(question.explanation)),
            ])
        }
        let asked = min(answers.count, questions.count)
        let right = zip(questions, answers).filter { $0.0.correct == $0.1 }.count
        return JSON.object([
            ("type", JSON.string("quiz")), ("lesson", JSON.string(lesson)), ("language", JSON.string(language)),
            ("blocks", JSON.array(blocks.map(JSON.string))), ("seed", String(seed)), ("questions", JSON.array(items)),
            ("asked", String(asked)), ("right", String(right)), ("total", String(questions.count)),
            ("score", JSON.string("\(right)/\(asked)")), ("complete", JSON.bool(asked == questions.count)),
        ])
    }
}
