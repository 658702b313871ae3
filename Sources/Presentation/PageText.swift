import Decoding

/// The texts of a call on the page: its whole strace line, and shorter forms for a box that is
/// too narrow for it. A shorter form keeps what a student looks for (the descriptor, addresses
/// and ports, the backlog, byte counts and the data, flags, the result and errno) and marks
/// everything it leaves out with `…`, which strace never prints: the whole line is one click,
/// hover or focus away.
enum PageText {
    /// The call's line, then its shorter forms, longest first, each different from the one before.
    static func variants(_ call: DecodedCall) -> [String] {
        var out = [StraceLine.call(call, column: 0)]
        for level in 1 ... 2 {
            let text = short(call, level: level)
            if text.count < out[out.count - 1].count { out.append(text) }
        }
        return out
    }

    /// What strace prints at the entry of a call that did not return at once, and its shorter forms.
    static func entryVariants(_ call: DecodedCall) -> [String] {
        var out = [StraceLine.entry(call) + StraceLine.unfinished]
        let args = arguments(call, count: call.entryArgumentCount, level: 2)
        let text = call.name + "(" + args + (call.completeAtEntry ? "" : ", ") + " <unfinished ...>"
        if text.count < out[0].count { out.append(text) }
        return out
    }

    /// A signal's line and, when its details are long, the line with them left out.
    static func signalVariants(_ delivery: SignalDelivery) -> [String] {
        let line = StraceLine.signal(delivery)
        let short = "--- " + SignalTable.name(delivery.signal) + " {…} ---"
        return short.count < line.count ? [line, short] : [line]
    }

    /// `name(args) = result` with the arguments shortened at `level` (1: addresses as text, the
    /// errno without its message; 2: also long data, paths and structures cut, and the arguments
    /// a student does not look for left out).
    static func short(_ call: DecodedCall, level: Int) -> String {
        if case .unknown = call.result, !call.completeAtEntry {
            return call.name + "(" + arguments(call, count: call.entryArgumentCount, level: level) + ", … <unfinished ...>) = ?"
        }
        return call.name + "(" + arguments(call, count: call.arguments.count, level: level) + ") = " + result(call.result, level: level)
    }

    static func arguments(_ call: DecodedCall, count: Int, level: Int) -> String {
        let kept = level >= 2 ? keptArguments(call.name) : nil
        var parts: [String] = []
        var elided = false
        for (i, value) in call.arguments.prefix(count).enumerated() {
            if let kept, !kept.contains(i) || (i > 0 && value == .null) {
                if !elided { parts.append("…") }
                elided = true
                continue
            }
            elided = false
            parts.append(compact(value, level: level))
        }
        return parts.joined(separator: ", ")
    }

    /// The arguments that stay in the shortest form, by position (nil: all of them).
    static func keptArguments(_ name: String) -> Set<Int>? {
        switch name {
        case "bind", "connect", "getsockname", "getpeername": return [0, 1]
        case "listen", "shutdown": return [0, 1]
        case "accept": return [0, 1]
        case "accept4": return [0, 1, 3]
        case "sendto", "recvfrom": return [0, 1, 2, 3, 4]
        case "read", "write": return [0, 1, 2]
        case "setsockopt", "getsockopt": return [0, 1, 2, 3]
        default: return nil
        }
    }

    static func result(_ result: CallResult?, level: Int) -> String {
        if case .failed(let e)? = result {
            return (ErrnoTable.isRestart(e) ? "? " : "-1 ") + (ErrnoTable.name(e) ?? String(e))
        }
        return StraceLine.result(result)
    }

    /// One value, shorter: addresses as `127.0.0.1:8888`, and at level 2 data cut after 10 bytes,
    /// a path to its last part, a long structure to `{…}`.
    static func compact(_ value: Value, level: Int) -> String {
        switch value {
        case .socketAddress(let address):
            switch address.kind {
            case .unnamed: return "AF_UNIX"
            case .unix(let path, let abstract) where level >= 2 && !abstract && path.count > 24:
                let name = path.split(separator: UInt8(ascii: "/")).last.map { Array($0) } ?? path
                return "…/" + String(decoding: name, as: UTF8.self)
            default: return address.text ?? value.render()
            }
        case .fd(let number, _) where level >= 2:
            return String(number)
        case .string(let bytes, _) where level >= 2 && bytes.count > 12:
            return quoteCString(Array(bytes.prefix(10))) + "…"
        case .boxed(let inner):
            return "[" + compact(inner, level: level) + "]"
        case .changed(let before, let after):
            return compact(before, level: level) + " => " + compact(after, level: level)
        case .structure where level >= 2:
            let text = value.render()
            return text.count > 24 ? "{…}" : text
        default:
            return value.render()
        }
    }

    /// The bytes of a data argument (`"hello!"`), as far as strace shows them.
    static func data(_ value: Value?) -> [UInt8]? {
        switch value {
        case .string(let bytes, _)?: return bytes
        case .hexString(let bytes)?: return bytes
        default: return nil
        }
    }

    /// HTML text: `&`, `<`, `>` and `"` escaped.
    static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for c in s.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }
}
