import Decoding
import Lessons

/// The explained view of a lesson run: for each step the role, step number and title, the
/// explanation, the code in the chosen language, the strace line and what its result means.
public final class LessonView {
    let lesson: Lesson
    let language: CodeLanguage
    let out: OutputSink
    let style: Style
    let width: Int
    let port: Int
    /// Steps whose call blocked: their result comes later.
    var blocked: Set<Int> = []
    /// The step whose entry was shown and whose result has not come yet.
    var open: Int?
    /// The calls a seccomp filter decides, by role (nil: every role that makes the call).
    public var filtered: [(role: String?, call: String, action: String)] = []

    public init(lesson: Lesson, language: CodeLanguage, output: OutputSink, style: Style, width: Int, port: Int) {
        self.lesson = lesson
        self.language = language
        self.out = output
        self.style = style
        self.width = max(40, width)
        self.port = port
    }

    func roleLabel(_ role: String) -> String {
        let index = lesson.roles.firstIndex { $0.name == role } ?? 0
        let colored = index % 2 == 0 ? style.cyan(role) : style.magenta(role)
        return style.bold(colored)
    }

    public func start() {
        out.write(style.bold(lesson.title) + "\n")
        for line in wrapText(lesson.summary, width: width, indent: "") { out.write(line + "\n") }
        out.write("\n")
        for role in lesson.roles {
            out.write("  " + roleLabel(role.name) + ": " + role.about + "\n")
        }
        out.write("\n")
        out.flush()
    }

    func header(_ step: Step) {
        let total = lesson.steps(of: step.role).count
        let title = "\(step.role) · step \(step.numberInRole)/\(total) · \(step.title)"
        let rule = String(repeating: "─", count: max(3, width - title.count - 4))
        out.write(style.bold("── ") + roleLabel(step.role) + style.bold(" · step \(step.numberInRole)/\(total) · \(step.title) ") + style.dim(rule) + "\n")
        for line in wrapText(step.explanation, width: width, indent: "  ") { out.write(style.dim(line) + "\n") }
        if let code = step.code[language], !code.isEmpty {
            let lines = code.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            let trimmed = lines.last == "" ? Array(lines.dropLast()) : lines
            out.write("\n")
            for (i, line) in trimmed.enumerated() {
                let gutter = i == 0 ? language.rawValue.padding(6) : "      "
                out.write("  " + style.dim(gutter + "│ ") + line + "\n")
            }
        }
        out.write("\n")
    }

    func colored(_ line: String, failed: Bool) -> String {
        guard style.enabled, let eq = line.range(of: " = ", options: .backwards) else { return line }
        let call = String(line[..<eq.lowerBound])
        let result = String(line[eq.upperBound...])
        return style.bold(call) + " = " + (failed ? style.red(result) : style.green(result))
    }

    public func handle(_ event: LessonEvent) {
        switch event {
        case .trace(.entered(_, _), _, let step?):
            if let open, open != step.index { closeOpen() }
            header(step)
            open = step.index
        case .blocked(let step, let role):
            if let call = pendingEntry[step.index] {
                out.write("  " + style.bold(StraceRenderer.entryText(call)) + style.dim(" <unfinished ...>") + "\n")
            }
            out.write("  " + style.yellow("⏸ \(role) now waits in \(step.call.name): blocked in the kernel. The lesson goes on with the other role.") + "\n\n")
            blocked.insert(step.index)
            if open == step.index { open = nil }
        case .trace(.exited(let call, _, _), let role, let step?):
            let failed = call.failed
            if blocked.contains(step.index) {
                blocked.remove(step.index)
                out.write("  " + style.yellow("▶ \(role)'s \(call.name) (step \(step.numberInRole)) returns:") + "\n")
                out.write("  " + colored(StraceRenderer.resumedLine(call), failed: failed) + "\n")
            } else {
                out.write("  " + colored(StraceRenderer.line(call), failed: failed) + "\n")
            }
            let rule = filtered.first { ($0.role == nil || $0.role == role) && $0.call == call.name }
            if let rule, call.failed {
                out.write("  " + style.red("✗ ") + "the seccomp filter decided this call (--block \(call.name)=\(rule.action)): it never reached the kernel's socket code\n")
            } else if let rule, rule.action == "kill" || rule.action == "trap" {
                out.write("  " + style.red("✗ ") + "the seccomp filter decided this call (--block \(call.name)=\(rule.action)): the kernel sends SIGSYS; the number shown is the call's own (\(call.name) is \(call.number)), left in the register\n")
            } else if let meaning = Explainer.meaning(call, port: port) {
                let arrow = failed ? style.red("✗ ") : style.green("→ ")
                for (i, line) in wrapText(meaning, width: width - 4, indent: "").enumerated() {
                    out.write("  " + (i == 0 ? arrow : "  ") + line + "\n")
                }
            }
            out.write("\n")
            if open == step.index { open = nil }
        case .stalled(let waiting):
            for (role, step) in waiting {
                out.write("  " + style.red("⏹ \(role) still waits in \(step.call.name) (step \(step.numberInRole)), and nothing is left that could wake it: the other roles are gone. sockstep ends it.") + "\n")
            }
        case .trace(.signal(let delivery, _), let role, _):
            out.write("  " + style.red("--- \(SignalTable.name(delivery.signal)) \(delivery.info?.render() ?? "") ---") + "  (\(role))\n")
        case .trace(.exitedNormally(_, let status, _), let role, _):
            let text = "+++ \(role) exited with \(status) +++"
            out.write(status == 0 ? style.dim(text) + "\n\n" : style.red(text) + (status == 1 ? "  (a step failed: the role stops there, as a Rust program that used ?)" : "") + "\n\n")
        case .trace(.killed(_, let signal, let core, _), let role, _):
            out.write(style.red("+++ \(role) killed by \(SignalTable.name(signal))\(core ? " (core dumped)" : "") +++") + "\n\n")
        default:
            break
        }
        if case .trace(.entered(let call, _), _, let step?) = event {
            pendingEntry[step.index] = call
        }
        out.flush()
    }

    var pendingEntry: [Int: DecodedCall] = [:]

    func closeOpen() {
        open = nil
    }

    /// The "what happened" summary after a run with a block.
    public func whatHappened(_ lines: [String]) {
        out.write(style.bold("What happened") + "\n")
        for line in lines {
            for (i, wrapped) in wrapText(line, width: width - 4, indent: "").enumerated() {
                out.write((i == 0 ? "  • " : "    ") + wrapped + "\n")
            }
        }
        out.write("\n")
        out.flush()
    }

    public func finish() {
        out.flush()
    }
}

extension String {
    func padding(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
