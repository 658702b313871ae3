/// The strace lines, one builder per kind: a call (whole, its entry part before
/// `<unfinished ...>`, its `<... NAME resumed>` rest), a signal, a group-stop, an exit, a kill, a
/// thread's execve, a change of personality, and the attach/detach messages. Every output that
/// shows a strace line builds it here (the strace text, the explained view, JSON's `text`, the
/// page, compare), so that they all say what strace says.
public enum StraceLine {
    /// The column where ` = ` starts (strace's `-a`).
    public static let resultColumn = 40

    // MARK: Calls

    /// What strace prints at the entry: `accept4(3, ` (the arguments known at entry, and the
    /// separator when more come at the exit).
    public static func entry(_ call: DecodedCall, style: RenderStyle = .standard) -> String {
        var text = ""
        appendEntry(call, to: &text, style: style)
        return text
    }

    /// `entry` appended to `text`.
    public static func appendEntry(_ call: DecodedCall, to text: inout String, style: RenderStyle = .standard) {
        writeEntry(call, to: &text, style: style)
    }

    /// `entry` appended to the strace renderer's line.
    public static func appendEntry(_ call: DecodedCall, to line: LineBuffer, style: RenderStyle = .standard) {
        var text = line
        writeEntry(call, to: &text, style: style)
    }

    static func writeEntry<Out: StraceText>(_ call: DecodedCall, to text: inout Out, style: RenderStyle) {
        text.append(text: call.name)
        text.append(text: "(")
        // A call without arguments (getppid) makes no slice of them.
        if call.entryArgumentCount > 0 { arguments(call.arguments.prefix(call.entryArgumentCount), into: &text, style: style) }
        if !call.completeAtEntry && call.entryArgumentCount > 0 { text.append(text: ", ") }
    }

    /// What ends an entry line when another line comes before the call's exit.
    public static let unfinished = " <unfinished ...>"

    /// How the call's exit line starts after an interruption: `<... accept4 resumed>`.
    public static func resumed(_ name: String) -> String {
        "<... " + name + " resumed>"
    }

    /// The arguments strace prints at the exit, after the entry part (`{sa_family=...}, [16], SOCK_CLOEXEC`).
    public static func exitArguments(_ call: DecodedCall, style: RenderStyle = .standard) -> String {
        var text = ""
        appendExitArguments(call, to: &text, style: style)
        return text
    }

    /// `exitArguments` appended to `text`.
    public static func appendExitArguments(_ call: DecodedCall, to text: inout String, style: RenderStyle = .standard) {
        arguments(call.arguments.dropFirst(call.entryArgumentCount), into: &text, style: style)
    }

    /// `exitArguments` appended to the strace renderer's line.
    public static func appendExitArguments(_ call: DecodedCall, to line: LineBuffer, style: RenderStyle = .standard) {
        guard call.arguments.count > call.entryArgumentCount else { return }
        var text = line
        arguments(call.arguments.dropFirst(call.entryArgumentCount), into: &text, style: style)
    }

    /// The call up to its closing parenthesis, without padding: `bind(3, {...}, 16)`. A call whose
    /// process left while in it (`= ?`) shows only its entry part, `<unfinished ...>`.
    public static func callPart(_ call: DecodedCall) -> String {
        if case .unknown = call.result, call.unfinishedWhenLeft {
            return entry(call) + unfinished + ")"
        }
        // The entry's part and the exit's, as strace prints them: an exit part that continues
        // the entry's last argument (clone's `, child_tidptr=...`) brings its own separator.
        return entry(call) + exitArguments(call) + ")"
    }

    /// The call's whole line without prefix: `bind(3, {...}, 16)            = 0` (` = ` at
    /// `column`, or right after the call when it is longer).
    public static func call(_ call: DecodedCall, column: Int = resultColumn) -> String {
        padded(callPart(call) + " ", column: column) + "= " + result(call.result, raw: call.raw)
    }

    /// The exit line of a call that was interrupted: `<... accept4 resumed>{...}, [16]) = 4`.
    public static func resumedLine(_ call: DecodedCall, column: Int = resultColumn) -> String {
        padded(resumed(call.name) + exitArguments(call) + ") ", column: column) + "= " + result(call.result, raw: call.raw)
    }

    /// The result: `3`, `0x802 (flags O_RDWR|O_NONBLOCK)`, `-1 EPERM (Operation not permitted)`,
    /// `? ERESTARTSYS (...)`, `?`. A call printed `raw` (strace's printargs) shows a restart
    /// code as `-1 ERESTARTSYS (Unknown error 512)`: strerror's text, which has no message for it.
    public static func result(_ result: CallResult?, style: RenderStyle = .standard, raw: Bool = false) -> String {
        var text = ""
        appendResult(result, to: &text, style: style, raw: raw)
        return text
    }

    /// `result` appended to `text`.
    public static func appendResult(_ result: CallResult?, to text: inout String, style: RenderStyle = .standard, raw: Bool = false) {
        writeResult(result, to: &text, style: style, raw: raw)
    }

    /// `result` appended to the strace renderer's line.
    public static func appendResult(_ result: CallResult?, to line: LineBuffer, style: RenderStyle = .standard, raw: Bool = false) {
        var text = line
        writeResult(result, to: &text, style: style, raw: raw)
    }

    static func writeResult<Out: StraceText>(_ result: CallResult?, to text: inout Out, style: RenderStyle, raw: Bool) {
        switch result {
        case .plain(let value)?:
            value.write(into: &text, style: style)
        case .noted(let value, let note)?:
            value.write(into: &text, style: style)
            // A note that prints nothing in this style (ioprio_get's with -X raw) is left out.
            if !note.printsNothing(style) {
                text.append(text: " (")
                note.write(into: &text, style: style)
                text.append(text: ")")
            }
        case .failed(let e)?:
            guard ErrnoTable.isRestart(e) else {
                text.append(text: "-1 ")
                writeErrno(e, to: &text)
                return
            }
            if raw, let name = ErrnoTable.name(e) {
                text.append(text: "-1 " + name + " (Unknown error \(e))")
                return
            }
            text.append(text: "? ")
            writeErrno(e, to: &text)
        case .unknown?, nil:
            text.append(text: "?")
        }
    }

    /// The text strace prints for errno `e` after `-1 `: `ENOENT (No such file or directory)`,
    /// or `(errno 200)` for a value strace has no name for; written in its parts, without making
    /// the string first (a program's failed calls are many: python3 -c pass has 81).
    /// `ErrnoTable.describe(e)` is this as a String.
    static func writeErrno<Out: StraceText>(_ e: Int, to text: inout Out) {
        guard let name = ErrnoTable.name(e) else {
            text.append(text: "(errno ")
            appendDigits(UInt64(e.magnitude), radix: 10, negative: e < 0, to: &text)
            text.append(text: ")")
            return
        }
        text.append(text: name)
        text.append(text: " (")
        text.append(text: ErrnoTable.message(e) ?? "")
        text.append(text: ")")
    }

    /// `-T`: ` <0.000123>`.
    public static func duration(_ seconds: Double) -> String {
        " <" + StraceLine.seconds(seconds) + ">"
    }

    /// `0.000123`
    public static func seconds(_ t: Double) -> String {
        let whole = Int(t)
        return "\(whole)." + sixDigits(Int((t - Double(whole)) * 1_000_000))
    }

    /// `000123`: six digits, for microseconds.
    public static func sixDigits(_ v: Int) -> String {
        let s = String(min(max(0, v), 999_999))
        return String(repeating: "0", count: 6 - s.count) + s
    }

    // MARK: Other lines

    /// `--- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, ...} ---`
    public static func signal(_ delivery: SignalDelivery, style: RenderStyle = .standard) -> String {
        let name = SignalTable.name(delivery.signal)
        return "--- " + name + " " + (delivery.info?.render(style: style) ?? "{si_signo=" + name + "}") + " ---"
    }

    /// `--- stopped by SIGSTOP ---`
    public static func groupStop(signal: Int) -> String {
        "--- stopped by " + SignalTable.name(signal) + " ---"
    }

    /// `+++ exited with 0 +++`; `who` names the process (`+++ server exited with 0 +++`).
    public static func exited(status: Int, who: String? = nil) -> String {
        "+++ " + (who.map { $0 + " " } ?? "") + "exited with \(status) +++"
    }

    /// `+++ killed by SIGKILL +++`, `+++ killed by SIGSEGV (core dumped) +++`.
    public static func killed(signal: Int, coreDumped: Bool, who: String? = nil) -> String {
        "+++ " + (who.map { $0 + " " } ?? "") + "killed by " + SignalTable.name(signal) + (coreDumped ? " (core dumped)" : "") + " +++"
    }

    /// `+++ superseded by execve in pid 42 +++`
    public static func superseded(formerPID: Int32) -> String {
        "+++ superseded by execve in pid \(formerPID) +++"
    }

    /// What ends a thread's unfinished line when execve gave it the leader's pid.
    public static func pidChanged(to pid: Int32) -> String {
        " <pid changed to \(pid) ...>"
    }

    /// What ends an unfinished line when the tracer let the process go (-p, Ctrl-C).
    public static let detachedInCall = " <detached ...>"

    /// `[ Process PID=42 runs in 32 bit mode. ]`
    public static func personality(pid: Int32, _ personality: Personality) -> String {
        "[ Process PID=\(pid) runs in \(personality.modeName) mode. ]"
    }

    /// A process's name as strace writes it between `<` and `>` (`-Y`): escaped as a string is,
    /// `<` and `>` as octal.
    public static func processName(_ name: String) -> String {
        var out = ""
        var run: [UInt8] = []
        let bytes = Array(name.utf8)
        for (i, b) in bytes.enumerated() {
            guard b == UInt8(ascii: "<") || b == UInt8(ascii: ">") else {
                run.append(b)
                continue
            }
            out += String(quoteCString(run).dropFirst().dropLast())
            run = []
            let nextIsOctal = i + 1 < bytes.count && (0x30 ... 0x37).contains(bytes[i + 1])
            out += (nextIsOctal ? "\\0" : "\\") + String(b, radix: 8)
        }
        return out + String(quoteCString(run).dropFirst().dropLast())
    }

    /// `Process 42 attached` (after the tool's name, on stderr).
    public static func attached(pid: Int32) -> String { "Process \(pid) attached" }

    /// `Process 42 detached`
    public static func detached(pid: Int32) -> String { "Process \(pid) detached" }

    // MARK: Reading strace's text

    /// Lines of strace's text (real strace's, for compare): each `name(args <unfinished ...>`
    /// joined with the matching `<... name resumed>rest` line.
    public static func joinResumed(_ lines: [String]) -> [String] {
        var out: [String] = []
        var pending: [String: Int] = [:]
        for line in lines {
            if line.hasSuffix(unfinished), let paren = line.firstIndex(of: "(") {
                pending[String(line[..<paren])] = out.count
                out.append(String(line.dropLast(unfinished.count)))
                continue
            }
            if line.hasPrefix("<... "), let space = line.dropFirst(5).firstIndex(of: " "),
               line[space...].hasPrefix(" resumed>") {
                let name = String(line[line.index(line.startIndex, offsetBy: 5) ..< space])
                if let index = pending.removeValue(forKey: name) {
                    out[index] += line[line.index(space, offsetBy: " resumed>".count)...]
                    continue
                }
            }
            out.append(line)
        }
        return out
    }

    // MARK: Parts

    static func arguments<Out: StraceText>(_ values: ArraySlice<Value>, into text: inout Out, style: RenderStyle = .standard) {
        var first = true
        for value in values {
            if !first { text.append(text: ", ") }
            first = false
            value.write(into: &text, style: style)
        }
    }

    static func padded(_ text: String, column: Int) -> String {
        let count = text.utf8.count
        return count < column ? text + String(repeating: " ", count: column - count) : text
    }
}
