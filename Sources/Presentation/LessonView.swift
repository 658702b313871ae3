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
    /// What the explainer is told about a call: the kind of each role's sockets (from the
    /// socket and accept calls seen), and the roles whose process has ended.
    var socketKinds: [String: [Int64: Explainer.SocketKind]] = [:]
    var endedRoles: Set<String> = []
    /// `--wire`: the wire's lines that wait for the call line they go under (WireLines.swift).
    var pendingWire: [String] = []
    var wireNoted = false
    /// Each role's first process (the one sockstep started); the others are processes its
    /// program forked, whose end is not the role's.
    var firstPID: [String: Int32] = [:]

    /// Who ended: the role, or `server's child 1234`.
    func who(_ pid: Int32, role: String) -> String {
        firstPID[role] == nil || firstPID[role] == pid ? role : "\(role)'s child \(pid)"
    }

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
        out.write(style.dim("lesson file: ") + lesson.path + "\n")
        for line in wrapText(Self.playedBy(lesson, language: language), width: width, indent: "") { out.write(line + "\n") }
        out.write("\n")
        for line in wrapText(lesson.summary, width: width, indent: "") { out.write(line + "\n") }
        out.write("\n")
        for role in lesson.roles {
            let lines = wrapText(role.name + ": " + role.about, width: width, indent: "  ")
            for (i, line) in lines.enumerated() {
                out.write(i == 0 ? "  " + roleLabel(role.name) + String(line.dropFirst(2 + role.name.count)) + "\n" : "    " + line.dropFirst(2) + "\n")
            }
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

    /// A step's header whose prose waits for the call's result (a run, not stepping): the
    /// title line, and what follows the prose (notices, the code).
    struct HeldHeader {
        var step: Step
        var title: String
        var rest: String
    }
    var held: HeldHeader?
    /// While a header is held, the view's lines go here instead of to the output.
    var capture: String?

    func write(_ text: String) {
        if capture != nil { capture! += text } else { out.write(text) }
    }

    /// The title line, `── server · step 3/6 · Bind the socket to an address ─────`; a title
    /// too long for one line goes on, and the rule ends its last line.
    func titleLines(_ step: Step) -> String {
        let total = lesson.stepCount(of: step.role)
        let plain = "\(step.role) · step \(step.numberInRole)/\(total) · \(step.title)"
        var pieces = Self.breakLine(plain, width: width - 8)
        let last = pieces.removeLast()
        var text = ""
        for (i, piece) in (pieces + [last]).enumerated() {
            let lead = i == 0 ? style.bold("── ") : "   "
            let body = i == 0 && piece.hasPrefix(step.role)
                ? roleLabel(step.role) + style.bold(String(piece.dropFirst(step.role.count)))
                : style.bold(piece)
            let rule = i == pieces.count ? " " + style.dim(String(repeating: "─", count: max(3, width - piece.count - 4))) : ""
            text += lead + body + rule + "\n"
        }
        return text
    }

    func prose(_ text: String) {
        for line in wrapText(text, width: width, indent: "  ") { write(line + "\n") }
    }

    /// The language label of the code's gutter, padded to the longest language name, so
    /// that `python │` and `rust   │` line up.
    static let gutterWidth = CodeLanguage.allCases.map(\.rawValue.count).max() ?? 6

    func header(_ step: Step, holdProse: Bool = false) {
        if holdProse {
            capture = ""
        } else {
            write(titleLines(step))
            prose(step.explanation)
        }
        if lesson.hasPrograms && firstStepShown.insert(step.role).inserted {
            if let before = beforeFirstStep.removeValue(forKey: step.role), !before.isEmpty {
                let names = Self.counted(before)
                emit("Before this step \(step.role)'s program (its \(language.displayName) runtime starting) made \(before.count) call\(before.count == 1 ? "" : "s") of the lesson's trace set: \(names); --plain shows each.", { $0 })
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
            write("\n")
            let blank = String(repeating: " ", count: Self.gutterWidth + 1)
            for (i, line) in trimmed.enumerated() {
                let gutter = i == 0 ? language.rawValue.padding(Self.gutterWidth + 1) : blank
                for (k, piece) in Self.breakLine(line, width: width - Self.gutterWidth - 8).enumerated() {
                    write("  " + style.dim((k == 0 ? gutter : blank) + (k == 0 ? "│ " : "┆   ")) + piece + "\n")
                }
            }
        }
        write("\n")
        if holdProse {
            held = HeldHeader(step: step, title: titleLines(step), rest: capture ?? "")
            capture = nil
        }
    }

    /// Writes the held header: its prose is the lesson's, unless `call` (the step's call, as it
    /// happened) went otherwise than the prose says; then it is what did happen.
    func releaseHeld(_ call: DecodedCall?) {
        guard let header = held else { return }
        held = nil
        write(header.title)
        if let call, let otherwise = Self.wentOtherwise(call, step: header.step) {
            prose("In this run this step did not go as the lesson describes it: \(otherwise). The lesson's text describes the usual run; the line below is what happened in this one, and what it means.")
        } else {
            prose(header.step.explanation)
        }
        write(header.rest)
    }

    /// How the step's call went otherwise than its prose assumes (which is success, and data
    /// for a read), or nil when it went as the lesson says.
    static func wentOtherwise(_ call: DecodedCall, step: Step) -> String? {
        switch call.result {
        case .failed(let e)? where step.failsAsWritten(errno: e):
            return nil
        case .failed(let e)?:
            return "\(call.name) failed with \(ErrnoTable.describe(e))"
        case .unknown?, nil:
            return "\(call.name) never returned: its process ended in it"
        case .plain?, .noted?:
            let reads = ["read", "recvfrom", "recv", "recvmsg"].contains(call.name)
            if reads, call.rawReturn == 0, !step.explanation.contains("end of file") {
                return "\(call.name) returned 0, end of file: no data came, the peer closed its side"
            }
            return nil
        }
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

    /// Remembers the sockets a call made or closed, for the explanations of later calls.
    func remember(_ call: DecodedCall, role: String) {
        guard !call.failed, call.result != nil, call.result != .unknown else { return }
        let fd = call.rawArguments.first.map { Int64(Int32(truncatingIfNeeded: $0)) }
        switch call.name {
        case "socket":
            if let kind = Explainer.SocketKind(socketCall: call) { socketKinds[role, default: [:]][call.rawReturn] = kind }
        case "accept", "accept4":
            if let fd, let kind = socketKinds[role]?[fd] { socketKinds[role, default: [:]][call.rawReturn] = kind }
        case "close":
            if let fd { socketKinds[role]?[fd] = nil }
        default: break
        }
    }

    func explainerContext(_ call: DecodedCall, role: String) -> Explainer.Context {
        let fd = call.rawArguments.first.map { Int64(Int32(truncatingIfNeeded: $0)) }
        let others = lesson.roles.map(\.name).filter { $0 != role }
        // A peer is gone when its process ended or it closed every socket it had made.
        let gone = !others.isEmpty && others.allSatisfy { endedRoles.contains($0) || socketKinds[$0]?.isEmpty == true }
        return Explainer.Context(socket: fd.flatMap { socketKinds[role]?[$0] }, peerGone: gone)
    }

    /// Whether the event is the exit of the step call whose header is held, or one that
    /// writes nothing (the held header can wait for it).
    func keepsHeld(_ event: RunEvent) -> Bool {
        guard let held else { return true }
        switch event {
        case .trace(.exited(_, _, _), let context?) where context.stepCall && context.step?.index == held.step.index:
            return true
        case .trace(.entered(_, _), let context?) where !context.stepCall:
            return true
        case .trace(.exited(_, _, _), let context?) where context.step == nil && lesson.hasPrograms:
            return true
        default:
            return false
        }
    }

    public func receive(_ event: RunEvent) {
        if case .wire(let wire) = event { return self.wire(wire) }
        if !keepsHeld(event) { releaseHeld(nil) }
        if case .trace(let traceEvent, let context?) = event, firstPID[context.role] == nil { firstPID[context.role] = traceEvent.pid }
        switch event {
        case .trace(.exitedNormally(let pid, _, _), let context?), .trace(.killed(let pid, _, _, _), let context?):
            if who(pid, role: context.role) == context.role { endedRoles.insert(context.role) }
        default: break
        }
        defer {
            if case .trace(.exited(let call, _, _), let context?) = event { remember(call, role: context.role) }
        }
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
            if !announced.contains(step.index) { header(step, holdProse: true) }
            open = step.index
        case .held(let context, let call, _):
            if let step = context.step { announce(step, call: call) }
        case .blocked(let step, let role, _):
            if let call = pendingEntry[step.index] {
                writeWrapped(StraceLine.entry(call) + StraceLine.unfinished, separator: nil, failed: false, plainStyle: true)
            }
            emit("⏸ \(role) now waits in \(step.call.name): blocked in the kernel. The lesson goes on with the other role.", style.yellow)
            writeWire()
            out.write("\n")
            blocked.insert(step.index)
            if open == step.index { open = nil }
        case .trace(.exited(let call, _, _), let context?):
            guard let step = context.step else { break }
            let role = context.role
            let failed = call.failed
            if announced.contains(step.index) || blocked.contains(step.index), let otherwise = Self.wentOtherwise(call, step: step) {
                emit("⚠ In this run this step did not go as its text describes it: \(otherwise). The line below is what happened.", style.yellow)
            }
            if blocked.contains(step.index) {
                blocked.remove(step.index)
                let returns = call.result == .unknown ? "never returns, its process ends in it" : "returns"
                out.write("  " + style.yellow("▶ \(role)'s \(call.name) (step \(step.numberInRole)) \(returns):") + "\n")
                writeCall(call, resumed: true)
            } else {
                releaseHeld(call)
                writeCall(call, resumed: false)
            }
            let rule = filtered.first { $0.decides(call.name, role: role) }
            if let rule, call.failed {
                emit("✗ the seccomp filter decided this call (--block \(call.name)=\(rule.action.description)): it never reached the kernel's socket code", style.red)
            } else if let rule, rule.action == .kill || rule.action == .trap {
                emit("✗ the seccomp filter decided this call (--block \(call.name)=\(rule.action.description)): the kernel sends SIGSYS; the number shown is the call's own (\(call.name) is \(call.number)), left in the register", style.red)
            } else if let meaning = Explainer.meaning(call, port: port, context: explainerContext(call, role: role)) {
                let arrow = failed ? style.red("✗ ") : style.green("→ ")
                for (i, line) in wrapText(meaning, width: width - 4, indent: "").enumerated() {
                    out.write("  " + (i == 0 ? arrow : "  ") + line + "\n")
                }
            }
            if let set = lesson.programs?.trace, let traced = try? TraceSelection.parse(set), SyscallTable.isKnown(call.number),
               !traced.contains(Int(call.number)) {
                emit("(\(call.name) is not in this lesson's strace set, trace=\(set): strace -e trace=\(set), and --plain, leave this line out)", { $0 })
            }
            lastCall = (call, role)
            writeWire()
            // The kernel's side follows in the snapshot the engine takes now, then the blank line.
            if showState { owesBlank = true } else { out.write("\n") }
            if open == step.index { open = nil }
        case .ended(let roles, let reason, _):
            emit("⏹ " + reason.explanation(for: roles) + (reason.advice.map { " " + $0 } ?? ""), style.red)
            out.write("\n")
        case .refused(let role, _, let reason, _):
            emit("⛔ sockstep refused \(role)'s \(reason). It ends \(role): a lesson talks only on 127.0.0.0/8, ::1 and in its run folder.", style.red)
        case .trace(.signal(let delivery, _), let context?):
            emit(StraceLine.signal(delivery) + "  (\(context.role))", style.red)
        case .trace(.exitedNormally, _) where quiet, .trace(.killed, _) where quiet:
            break
        case .trace(.exitedNormally(let pid, let status, _), let context?):
            let text = StraceLine.exited(status: status, who: who(pid, role: context.role))
            let why = lesson.programs?.language.map { "(a step failed: \($0.failureHabit))" }
                ?? "(a step failed: the role stops there, as a Rust program that used ?)"
            out.write((status == 0 ? text : style.red(text)) + "\n")
            if status == 1 { emit(why, { $0 }) }
            out.write("\n")
        case .output(let role, let stream, let text, _):
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            let shown = lines.last == "" ? Array(lines.dropLast()) : lines
            for (i, line) in shown.prefix(20).enumerated() {
                let label = "\(role) printed\(stream == .stderr ? " on stderr" : ""): "
                for (k, piece) in Self.breakLine(line, width: width - 2 - label.count).enumerated() {
                    let lead = i == 0 && k == 0 ? label : String(repeating: " ", count: label.count)
                    out.write("  " + style.dim(lead) + (stream == .stderr ? style.red(piece) : piece) + "\n")
                }
            }
            if shown.count > 20 { out.write("  " + "(\(shown.count - 20) more lines)" + "\n") }
            out.write("\n")
        case .trace(.killed(let pid, let signal, let core, _), let context?):
            for piece in Self.breakLine(StraceLine.killed(signal: signal, coreDumped: core, who: who(pid, role: context.role)), width: width) { out.write(style.red(piece) + "\n") }
            out.write("\n")
        default:
            break
        }
        if case .trace(.entered(let call, _), let context?) = event, let step = context.step, context.stepCall {
            pendingEntry[step.index] = call
        }
        writeWire()
        out.flush()
    }

    var pendingEntry: [Int: DecodedCall] = [:]

    /// Stepping: the step's header and its call, before the call is made.
    func announce(_ step: Step, call: DecodedCall?) {
        releaseHeld(nil)
        guard !announced.contains(step.index) else { return }
        announced.insert(step.index)
        header(step)
        if let call {
            var text = StraceLine.entry(call)
            text += call.completeAtEntry ? ")" : "...)"
            writeWrapped(text, separator: nil, failed: false, plainStyle: true)
            out.write("  (\(step.role) is stopped at the entry of \(call.name): the call has not been made yet)\n")
        }
        out.flush()
    }

    /// A prompt or a note, as its own line.
    public func note(_ text: String) {
        releaseHeld(nil)
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
            out.write("  " + style.dim("kernel: ") + "\(role) has no socket open\n")
        }
        var first = true
        for socket in sockets {
            for (k, piece) in Self.breakLine(Self.describe(socket), width: width - 12).enumerated() {
                out.write("  " + style.dim(first && k == 0 ? "kernel: " : "        ") + (k == 0 ? "" : "  ") + piece + "\n")
            }
            first = false
        }
        if ["close", "shutdown"].contains(call.name), !call.failed {
            // The other end of each connection: CLOSE_WAIT after this end's FIN, TIME_WAIT for
            // an active closer once this end closed too (its descriptor closed or not).
            for peer in snapshot.roles where peer.role != role {
                for socket in peer.sockets where socket.proto.hasPrefix("TCP") && socket.remote != nil {
                    emit("→ \(peer.role)'s end: " + Self.describe(socket), { $0 })
                }
            }
            return
        }
        guard ["sendto", "write", "sendmsg", "connect"].contains(call.name), !call.failed else { return }
        for peer in snapshot.roles where peer.role != role {
            for socket in peer.sockets {
                let mine = sockets.contains { $0.local != nil && $0.local == socket.remote && $0.remote == socket.local }
                guard mine else { continue }
                if socket.receiveQueue > 0 {
                    emit("→ \(peer.role)'s fd \(socket.fd): \(socket.receiveQueue) bytes wait in its receive queue until it reads them", style.yellow)
                } else {
                    emit("→ \(peer.role)'s end: " + Self.describe(socket), { $0 })
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
            write((k == 0 ? "  " : "    ") + paint(piece) + "\n")
        }
    }

    /// A line cut at spaces to fit `width` columns (a word longer than that is cut).
    public static func breakLine(_ line: String, width: Int) -> [String] {
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
        var parts = [s.closed ? "fd \(s.fd) (closed)" : "fd \(s.fd)", s.proto]
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
            for socket in role.sockets {
                for (k, piece) in Self.breakLine(Self.describe(socket), width: width - 6).enumerated() { out.write((k == 0 ? "    " : "      ") + piece + "\n") }
            }
        }
    }

    func closeOpen() {
        open = nil
    }

    /// The "what happened" summary after a run with a block.
    public func whatHappened(_ lines: [String]) {
        releaseHeld(nil)
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
        releaseHeld(nil)
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
