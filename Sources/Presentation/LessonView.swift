import Decoding
import Events
import LessonModel

/// The explained view of a lesson run, a sink: for each step the role, step number and title,
/// the explanation, the code in the chosen language, the strace line and what its result means,
/// and (stepping, pacing) the kernel's side of the sockets from the engine's snapshots.
public final class LessonView: EventSink {
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
    /// The calls a seccomp filter decides.
    public var filtered: [BlockedCall] = []
    /// Show the kernel's side of the sockets after each call (stepping, pacing), from the
    /// snapshots the engine takes.
    public var showState = false
    /// Whether `.started` writes the lesson's title, summary and roles (not after a restart).
    public var introduce = true
    /// Steps whose header was shown before the call was made (stepping).
    var announced: Set<Int> = []
    /// After quit or restart: the ends of the roles sockstep kills are not news.
    public var quiet = false
    /// The call whose line was written last, and whether the blank line after it waits for its
    /// snapshot.
    var lastCall: (call: DecodedCall, role: String)?
    var owesBlank = false

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
        out.write(style.dim("lesson file: " + lesson.path) + "\n")
        for line in wrapText(Self.playedBy(lesson, language: language), width: width, indent: "") { out.write(style.dim(line) + "\n") }
        out.write("\n")
        for line in wrapText(lesson.summary, width: width, indent: "") { out.write(line + "\n") }
        out.write("\n")
        for role in lesson.roles {
            out.write("  " + roleLabel(role.name) + ": " + role.about + "\n")
        }
        out.write("\n")
        out.flush()
    }

    /// Who makes the lesson's calls: its programs, or sockstep's lesson player.
    public static func playedBy(_ lesson: Lesson, language: CodeLanguage) -> String {
        guard let programs = lesson.programs else {
            return "Played by sockstep's lesson player: a calls-only lesson, whose calls sockstep itself makes with the lesson's arguments; the code beside each call is what a program would write, not code that runs."
        }
        let files = programs.sources.map { $0.fileName }.joined(separator: " and ")
        let how = language == .python ? "run by /usr/bin/python3" : "compiled by sockstep"
        return "Played by real programs: \(files), \(how), each role its own process; the code shown at each step is the part of the program that makes the call."
    }

    func header(_ step: Step) {
        let total = lesson.stepCount(of: step.role)
        let title = "\(step.role) · step \(step.numberInRole)/\(total) · \(step.title)"
        let rule = String(repeating: "─", count: max(3, width - title.count - 4))
        out.write(style.bold("── ") + roleLabel(step.role) + style.bold(" · step \(step.numberInRole)/\(total) · \(step.title) ") + style.dim(rule) + "\n")
        for line in wrapText(step.explanation, width: width, indent: "  ") { out.write(style.dim(line) + "\n") }
        if lesson.hasPrograms && firstStepShown.insert(step.role).inserted {
            if let before = beforeFirstStep.removeValue(forKey: step.role), !before.isEmpty {
                let names = Self.counted(before)
                emit("Before this step \(step.role)'s program (its \(language.displayName) runtime starting) made \(before.count) call\(before.count == 1 ? "" : "s") of the lesson's trace set: \(names); --plain shows each.", style.dim)
            }
            let mine = filtered.filter { rule in
                (rule.role ?? step.role) == step.role && (rule.role != nil || lesson.steps(of: step.role).contains { $0.callNames.contains(rule.call) })
            }
            if !mine.isEmpty {
                let rules = mine.map { "--block \($0.call)" }.joined(separator: " ")
                emit("\(step.role)'s seccomp filter (\(rules)) was loaded before its program started, before its execve: it covers the whole program, its runtime too.", style.yellow)
            }
        }
        if let code = step.code[language], !code.isEmpty {
            let trimmed = ProgramRegion.dedented(code)
            out.write("\n")
            for (i, line) in trimmed.enumerated() {
                let gutter = i == 0 ? language.rawValue.padding(6) : "      "
                for (k, piece) in Self.breakLine(line, width: width - 10).enumerated() {
                    out.write("  " + style.dim((k == 0 ? gutter : "      ") + (k == 0 ? "│ " : "┆   ")) + piece + "\n")
                }
            }
        }
        out.write("\n")
    }

    /// A piece of a call's line, its result coloured: `separator` is where ` = ` starts in
    /// the piece (nil, or outside the piece: the piece is written as it is).
    func colored(_ piece: String, separator: Int?, failed: Bool) -> String {
        guard style.enabled, let separator, separator >= 0, separator + 3 <= piece.count else { return piece }
        let call = String(piece.prefix(separator))
        let result = String(piece.dropFirst(separator + 3))
        return style.bold(call) + " = " + (failed ? style.red(result) : style.green(result))
    }

    /// A call's strace line (whole, or its `<... resumed>` part), wrapped, its result coloured.
    func writeCall(_ call: DecodedCall, resumed: Bool) {
        let line = resumed ? StraceLine.resumedLine(call) : StraceLine.call(call)
        // The line is the call's part, padded, then "= " and the result: ` = ` starts here.
        let separator = line.count - StraceLine.result(call.result).count - 3
        writeWrapped(line, separator: separator, failed: call.failed)
    }

    public var wantsSnapshots: Bool { showState }

    /// Programs: the calls each role made before its first step (its runtime starting), and the
    /// roles whose first step was shown.
    var beforeFirstStep: [String: [String]] = [:]
    var firstStepShown: Set<String> = []

    /// `read ×51, openat ×2` in the order first made.
    static func counted(_ names: [String]) -> String {
        var order: [String] = []
        var counts: [String: Int] = [:]
        for name in names {
            if counts[name] == nil { order.append(name) }
            counts[name, default: 0] += 1
        }
        return order.map { counts[$0]! == 1 ? $0 : "\($0) ×\(counts[$0]!)" }.joined(separator: ", ")
    }

    /// A call a program made within a step that is not the step's own: its line, and whose it is.
    func otherCall(_ call: DecodedCall, step: Step, role: String) {
        writeCall(call, resumed: false)
        let region = lesson.region(of: step)
        if let extra = lesson.programs?.extra(call: call.name, region: region, language: language) {
            let who = extra.byRuntime ? "made by the \(language.displayName) runtime, not by a line of this program" : "made by a line of the program outside the lesson's steps"
            for (i, line) in wrapText(who + ": " + extra.explanation, width: width - 4, indent: "").enumerated() {
                out.write("  " + (i == 0 ? style.yellow("⚙ ") : "  ") + style.yellow(line) + "\n")
            }
        } else {
            emit("⚙ not a step of this lesson: \(role)'s program (or its \(language.displayName) runtime) made this call after step \(step.numberInRole)", style.yellow)
        }
        out.write("\n")
    }

    public func receive(_ event: RunEvent) {
        if case .snapshot(let snapshot) = event {
            show(snapshot)
            return
        }
        if owesBlank {
            out.write("\n")
            owesBlank = false
        }
        switch event {
        case .started:
            if introduce { start() }
        case .trace(.entered(_, _), let context?) where !context.stepCall:
            break
        case .trace(.exited(let call, _, _), let context?) where !context.stepCall:
            if let step = context.step { otherCall(call, step: step, role: context.role) }
        case .trace(.exited(let call, _, _), let context?) where context.step == nil && lesson.hasPrograms:
            if !firstStepShown.contains(context.role) {
                beforeFirstStep[context.role, default: []].append(call.name)
            }
        case .trace(.entered(_, _), let context?):
            guard let step = context.step else { break }
            if let open, open != step.index { closeOpen() }
            if !announced.contains(step.index) { header(step) }
            open = step.index
        case .held(let context, let call, _):
            if let step = context.step { announce(step, call: call) }
        case .blocked(let step, let role, _):
            if let call = pendingEntry[step.index] {
                out.write("  " + style.bold(StraceLine.entry(call)) + style.dim(StraceLine.unfinished) + "\n")
            }
            emit("⏸ \(role) now waits in \(step.call.name): blocked in the kernel. The lesson goes on with the other role.", style.yellow)
            out.write("\n")
            blocked.insert(step.index)
            if open == step.index { open = nil }
        case .trace(.exited(let call, _, _), let context?):
            guard let step = context.step else { break }
            let role = context.role
            let failed = call.failed
            if blocked.contains(step.index) {
                blocked.remove(step.index)
                let returns = call.result == .unknown ? "never returns, its process ends in it" : "returns"
                out.write("  " + style.yellow("▶ \(role)'s \(call.name) (step \(step.numberInRole)) \(returns):") + "\n")
                writeCall(call, resumed: true)
            } else {
                writeCall(call, resumed: false)
            }
            let rule = filtered.first { $0.decides(call.name, role: role) }
            if let rule, call.failed {
                emit("✗ the seccomp filter decided this call (--block \(call.name)=\(rule.action.description)): it never reached the kernel's socket code", style.red)
            } else if let rule, rule.action == .kill || rule.action == .trap {
                emit("✗ the seccomp filter decided this call (--block \(call.name)=\(rule.action.description)): the kernel sends SIGSYS; the number shown is the call's own (\(call.name) is \(call.number)), left in the register", style.red)
            } else if let meaning = Explainer.meaning(call, port: port) {
                let arrow = failed ? style.red("✗ ") : style.green("→ ")
                for (i, line) in wrapText(meaning, width: width - 4, indent: "").enumerated() {
                    out.write("  " + (i == 0 ? arrow : "  ") + line + "\n")
                }
            }
            if let set = lesson.programs?.trace, let traced = try? TraceSelection.parse(set), SyscallTable.isKnown(call.number),
               !traced.contains(Int(call.number)) {
                emit("(\(call.name) is not in this lesson's strace set, trace=\(set): strace -e trace=\(set), and --plain, leave this line out)", style.dim)
            }
            lastCall = (call, role)
            // The kernel's side follows in the snapshot the engine takes now, then the blank line.
            if showState { owesBlank = true } else { out.write("\n") }
            if open == step.index { open = nil }
        case .ended(let roles, let reason, _):
            emit("⏹ " + reason.explanation(for: roles) + (reason.advice.map { " " + $0 } ?? ""), style.red)
            out.write("\n")
        case .refused(let role, _, let reason, _):
            out.write("  " + style.red("⛔ sockstep refused \(role)'s \(reason). It ends \(role): a lesson talks only on 127.0.0.0/8, ::1 and in its run folder.") + "\n")
        case .trace(.signal(let delivery, _), let context?):
            out.write("  " + style.red(StraceLine.signal(delivery)) + "  (\(context.role))\n")
        case .trace(.exitedNormally, _) where quiet, .trace(.killed, _) where quiet:
            break
        case .trace(.exitedNormally(_, let status, _), let context?):
            let text = StraceLine.exited(status: status, who: context.role)
            let why = lesson.programs?.language.map { "  (a step failed: \($0.failureHabit))" }
                ?? "  (a step failed: the role stops there, as a Rust program that used ?)"
            out.write(status == 0 ? style.dim(text) + "\n\n" : style.red(text) + (status == 1 ? why : "") + "\n\n")
        case .output(let role, let stream, let text, _):
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            let shown = lines.last == "" ? Array(lines.dropLast()) : lines
            for (i, line) in shown.prefix(20).enumerated() {
                let label = i == 0 ? "\(role) printed\(stream == .stderr ? " on stderr" : ""): " : String(repeating: " ", count: role.count + (stream == .stderr ? 19 : 9))
                out.write("  " + style.dim(label) + (stream == .stderr ? style.red(line) : line) + "\n")
            }
            if shown.count > 20 { out.write("  " + style.dim("(\(shown.count - 20) more lines)") + "\n") }
            out.write("\n")
        case .trace(.killed(_, let signal, let core, _), let context?):
            out.write(style.red(StraceLine.killed(signal: signal, coreDumped: core, who: context.role)) + "\n\n")
        default:
            break
        }
        if case .trace(.entered(let call, _), let context?) = event, let step = context.step, context.stepCall {
            pendingEntry[step.index] = call
        }
        out.flush()
    }

    var pendingEntry: [Int: DecodedCall] = [:]

    /// Stepping: the step's header and its call, before the call is made.
    func announce(_ step: Step, call: DecodedCall?) {
        guard !announced.contains(step.index) else { return }
        announced.insert(step.index)
        header(step)
        if let call {
            var text = StraceLine.entry(call)
            text += call.completeAtEntry ? ")" : "...)"
            writeWrapped(text, separator: nil, failed: false, plainStyle: true)
            out.write("  " + style.dim("(\(step.role) is stopped at the entry of \(call.name): the call has not been made yet)") + "\n")
        }
        out.flush()
    }

    /// A prompt or a note, as its own line.
    public func note(_ text: String) {
        for line in wrapText(text, width: width - 2, indent: "  ") { out.write(line + "\n") }
        out.flush()
    }

    /// A long strace line wrapped at the terminal's width, continuation lines indented.
    func writeWrapped(_ line: String, separator: Int?, failed: Bool, plainStyle: Bool = false) {
        let room = max(20, width - 2)
        if line.count <= room {
            out.write("  " + (plainStyle ? style.bold(line) : colored(line, separator: separator, failed: failed)) + "\n")
            return
        }
        var rest = Substring(line)
        var first = true
        while !rest.isEmpty {
            let limit = first ? room : room - 4
            var piece = rest.prefix(limit)
            if piece.count < rest.count, let space = piece.lastIndex(where: { $0 == " " || $0 == "," }), space > piece.startIndex {
                piece = rest[rest.startIndex ... space]
            }
            rest = rest.dropFirst(piece.count)
            let text = String(piece)
            let styled = rest.isEmpty && !plainStyle ? colored(text, separator: separator.map { $0 - (line.count - text.count) }, failed: failed) : style.bold(text)
            out.write((first ? "  " : "      ") + styled + "\n")
            first = false
        }
    }

    /// A snapshot: after a step, the role's sockets (and the peer's, when data or a connection
    /// went to it); on request, every role's.
    func show(_ snapshot: KernelSnapshot) {
        switch snapshot.moment {
        case .onRequest:
            allState(snapshot)
        case .afterStep:
            if showState, let last = lastCall { state(snapshot, after: last.call, role: last.role) }
            if owesBlank {
                out.write("\n")
                owesBlank = false
            }
        }
        out.flush()
    }

    /// The kernel's side of the role's sockets after its call, and of the peer's socket when
    /// data went to it.
    func state(_ snapshot: KernelSnapshot, after call: DecodedCall, role: String) {
        let sockets = snapshot.roles.first { $0.role == role }?.sockets ?? []
        if sockets.isEmpty {
            out.write("  " + style.dim("kernel: \(role) has no socket open") + "\n")
            return
        }
        var first = true
        for socket in sockets {
            for (k, piece) in Self.breakLine(Self.describe(socket), width: width - 12).enumerated() {
                out.write("  " + style.dim(first && k == 0 ? "kernel: " : "        ") + (k == 0 ? "" : "  ") + piece + "\n")
            }
            first = false
        }
        guard ["sendto", "write", "sendmsg", "connect"].contains(call.name), !call.failed else { return }
        for peer in snapshot.roles where peer.role != role {
            for socket in peer.sockets {
                let mine = sockets.contains { $0.local != nil && $0.local == socket.remote && $0.remote == socket.local }
                guard mine else { continue }
                if socket.receiveQueue > 0 {
                    emit("→ \(peer.role)'s fd \(socket.fd): \(socket.receiveQueue) bytes wait in its receive queue until it reads them", style.yellow)
                } else {
                    emit("→ \(peer.role)'s end: " + Self.describe(socket), style.dim)
                }
            }
            if call.name == "connect" {
                for listener in peer.sockets {
                    if let queue = listener.acceptQueue, queue.pending > 0 {
                        emit("→ \(peer.role)'s fd \(listener.fd): \(queue.pending)/\(queue.backlog) connection waits in the accept queue: the kernel finished the handshake without accept", style.yellow)
                    }
                }
            }
        }
    }

    /// A line of the view, indented, wrapped to the terminal's width, in a style.
    func emit(_ text: String, _ paint: (String) -> String) {
        for (k, piece) in Self.breakLine(text, width: width - 4).enumerated() {
            out.write((k == 0 ? "  " : "    ") + paint(piece) + "\n")
        }
    }

    /// A line cut at spaces to fit `width` columns (a word longer than that is cut).
    static func breakLine(_ line: String, width: Int) -> [String] {
        let room = max(20, width)
        guard line.count > room else { return [line] }
        var out: [String] = []
        var rest = Substring(line)
        while rest.count > room {
            var cut = rest.index(rest.startIndex, offsetBy: room)
            if let space = rest[..<cut].lastIndex(of: " "), space > rest.startIndex { cut = space }
            out.append(String(rest[..<cut]))
            rest = rest[cut...].drop { $0 == " " }
        }
        if !rest.isEmpty { out.append(String(rest)) }
        return out
    }

    public static func describe(_ s: SocketState) -> String {
        var parts = ["fd \(s.fd)", s.proto]
        if let path = s.path { parts.append(path) }
        if let local = s.local { parts.append(s.remote.map { local + " ⇄ " + $0 } ?? local) }
        parts.append(s.state)
        if let queue = s.acceptQueue {
            parts.append("accept queue \(queue.pending)/\(queue.backlog)")
        } else if s.proto.hasPrefix("TCP") || s.proto.hasPrefix("UDP") || s.proto.hasPrefix("RAW") {
            parts.append("receive queue \(s.receiveQueue) B, send queue \(s.sendQueue) B")
        }
        return parts.joined(separator: "  ")
    }

    /// `s`: the state of every role, as the engine read it.
    func allState(_ snapshot: KernelSnapshot) {
        for role in snapshot.roles {
            out.write("  " + roleLabel(role.role) + " (pid \(role.pid)):\n")
            if role.sockets.isEmpty { out.write("    no socket open\n") }
            for socket in role.sockets { out.write("    " + Self.describe(socket) + "\n") }
        }
    }

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

    public func finish() throws(SinkFailure) {
        if owesBlank {
            out.write("\n")
            owesBlank = false
        }
        out.flush()
        if let failure = out.failure { throw SinkFailure(failure) }
    }
}

extension String {
    func padding(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
