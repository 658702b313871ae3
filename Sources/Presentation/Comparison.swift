import Decoding

/// Lines of sockstep and of real strace, normalized for what truly varies between two runs
/// (pids, ephemeral ports, pointer values, timings, temporary names) and compared per role.
public enum Comparison {
    public struct Line: Sendable {
        public var strace: String?
        public var sockstep: String?
        public var identical: Bool { strace == sockstep }
    }

    public struct RoleResult: Sendable {
        public var role: String
        public var lines: [Line]
        public var identicalCount: Int { lines.filter(\.identical).count }
    }

    /// `port`: the port the work was told to use (kept apart from ephemeral ones).
    public static func normalize(_ line: String, ports: Set<Int>) -> String {
        var s = Substring(line)
        // pid prefixes: "[pid  123] " and "123   " (-o -f)
        if s.hasPrefix("[pid "), let close = s.firstIndex(of: "]") { s = s[s.index(after: close)...].drop { $0 == " " } }
        var out = String(s)
        out = replacing(out, pattern: "htons(", digits: { ports.contains($0) ? "PORT" : ($0 >= 1024 ? "EPHEMERAL" : String($0)) })
        out = replaceHex(out)
        out = replaceTempNames(out)
        for key in ["si_pid=", "pid="] { out = replaceNumberAfter(out, key: key, with: "PID") }
        out = collapsePadding(out)
        // Calls that take a pid first.
        for call in ["wait4(", "kill(", "tgkill(", "waitid("] where out.hasPrefix(call) {
            let digits = out.dropFirst(call.count).prefix { $0.isNumber }
            if !digits.isEmpty {
                let start = out.index(out.startIndex, offsetBy: call.count)
                out.replaceSubrange(start ..< out.index(start, offsetBy: digits.count), with: "PID")
            }
        }
        // Calls that return a pid.
        for call in ["getpid(", "gettid(", "getppid(", "fork(", "vfork(", "clone(", "clone3(", "wait4(", "waitid("] where out.hasPrefix(call) {
            if let eq = out.ranges(of: ") = ").last, Int(out[eq.upperBound...].prefix { $0.isNumber }) != nil {
                let digits = out[eq.upperBound...].prefix { $0.isNumber }
                out.replaceSubrange(eq.upperBound ..< out.index(eq.upperBound, offsetBy: digits.count), with: "PID")
            }
        }
        // A runtime reading /proc/self/maps (Rust's and Swift's start-up) reads addresses that
        // ASLR moves on every run: in the bytes of a read, runs of 5 or more hex digits.
        if out.hasPrefix("read("), let open = out.firstIndex(of: "\"") {
            var i = out.index(after: open)
            var body = ""
            var escaped = false
            while i < out.endIndex {
                let c = out[i]
                if escaped { escaped = false } else if c == "\\" { escaped = true } else if c == "\"" { break }
                body.append(c)
                i = out.index(after: i)
            }
            out.replaceSubrange(out.index(after: open) ..< i, with: hideHexRuns(body))
        }
        // The kernel's IP identification and header checksum in a raw socket's packet vary:
        // only those four bytes are set to zero.
        if out.hasPrefix("recvfrom("), let start = out.firstRange(of: "\"E\\0") {
            var i = start.upperBound
            var escaped = false
            while i < out.endIndex {
                let c = out[i]
                if escaped { escaped = false } else if c == "\\" { escaped = true } else if c == "\"" { break }
                i = out.index(after: i)
            }
            if i < out.endIndex {
                var bytes = unescape(String(out[out.index(after: start.lowerBound) ..< i]))
                for k in [4, 5, 10, 11] where k < bytes.count { bytes[k] = 0 }
                out.replaceSubrange(start.lowerBound ... i, with: quoteCString(bytes))
            }
        }
        return out
    }

    /// `7f72dfa91000-7f72dfa95000 r--p` → `HEX-HEX r--p`: runs of 5 or more lowercase hex digits
    /// that no backslash escape starts.
    static func hideHexRuns(_ text: String) -> String {
        var out = ""
        var run = ""
        var previous: Character = " "
        func flush() {
            out += run.count >= 5 ? "HEX" : run
            run = ""
        }
        for c in text {
            if (c.isNumber || ("a" ... "f").contains(c)) && c.isASCII && !(run.isEmpty && previous == "\\") {
                run.append(c)
            } else {
                flush()
                out.append(c)
            }
            previous = c
        }
        flush()
        return out
    }

    /// The bytes of a C-escaped string body, as strace wrote it.
    static func unescape(_ text: String) -> [UInt8] {
        let b = Array(text.utf8)
        var out: [UInt8] = []
        var i = 0
        while i < b.count {
            guard b[i] == 0x5c, i + 1 < b.count else { out.append(b[i]); i += 1; continue }
            let c = b[i + 1]
            switch c {
            case UInt8(ascii: "n"): out.append(10); i += 2
            case UInt8(ascii: "t"): out.append(9); i += 2
            case UInt8(ascii: "r"): out.append(13); i += 2
            case UInt8(ascii: "v"): out.append(11); i += 2
            case UInt8(ascii: "f"): out.append(12); i += 2
            case UInt8(ascii: "0") ... UInt8(ascii: "7"):
                var value = 0
                var j = i + 1
                while j < b.count && j < i + 4 && b[j] >= 0x30 && b[j] <= 0x37 {
                    value = value * 8 + Int(b[j] - 0x30)
                    j += 1
                }
                out.append(UInt8(truncatingIfNeeded: value))
                i = j
            default: out.append(c); i += 2
            }
        }
        return out
    }

    static func replacing(_ s: String, pattern: String, digits: (Int) -> String) -> String {
        var out = ""
        var rest = Substring(s)
        while let range = rest.firstRange(of: pattern) {
            out += rest[..<range.upperBound]
            rest = rest[range.upperBound...]
            let number = rest.prefix { $0.isNumber }
            if let n = Int(number) {
                out += digits(n)
                rest = rest.dropFirst(number.count)
            }
        }
        return out + rest
    }

    /// Pointers: `0x` and six or more hex digits.
    static func replaceHex(_ s: String) -> String {
        var out = ""
        var chars = Array(s)
        var i = 0
        while i < chars.count {
            if chars[i] == "0", i + 1 < chars.count, chars[i + 1] == "x" {
                var j = i + 2
                while j < chars.count, chars[j].isHexDigit { j += 1 }
                if j - (i + 2) >= 6 {
                    out += "0xPTR"
                    i = j
                    continue
                }
            }
            out.append(chars[i])
            i += 1
        }
        chars.removeAll()
        return out
    }

    /// `/tmp/sockstep-tcp-1234-AbC123` → `/tmp/sockstep-DIR` (a run folder, under any $TMPDIR).
    static func replaceTempNames(_ s: String) -> String {
        guard let range = s.firstRange(of: "/sockstep-") else { return s }
        var rest = s[range.upperBound...]
        let name = rest.prefix { $0 != "/" && $0 != "\"" }
        rest = rest.dropFirst(name.count)
        return String(s[..<range.upperBound]) + "DIR" + replaceTempNames(String(rest))
    }

    static func replaceNumberAfter(_ s: String, key: String, with replacement: String) -> String {
        var out = ""
        var rest = Substring(s)
        while let range = rest.firstRange(of: key) {
            out += rest[..<range.upperBound]
            rest = rest[range.upperBound...]
            let digits = rest.prefix { $0.isNumber }
            if !digits.isEmpty {
                out += replacement
                rest = rest.dropFirst(digits.count)
            }
        }
        return out + rest
    }

    /// The ` = ` column padding differs once lines are joined or prefixes removed.
    static func collapsePadding(_ s: String) -> String {
        guard let range = s.ranges(of: ") ").last else { return s }
        let after = s[range.upperBound...]
        let trimmed = after.drop { $0 == " " }
        guard trimmed.hasPrefix("= ") else { return s }
        return String(s[..<range.upperBound]) + trimmed
    }

    /// Splits `-f -o` style output (`PID  line`) into one list per pid, in order of appearance.
    public static func byPID(_ text: String) -> [(pid: String, lines: [String])] {
        var order: [String] = []
        var lines: [String: [String]] = [:]
        for raw in text.split(separator: "\n") {
            let pid = String(raw.prefix { $0.isNumber })
            guard !pid.isEmpty else { continue }
            let line = String(raw.dropFirst(pid.count).drop { $0 == " " })
            if lines[pid] == nil { order.append(pid) }
            lines[pid, default: []].append(line)
        }
        return order.map { ($0, StraceLine.joinResumed(lines[$0]!)) }
    }

    public static func compare(role: String, strace: [String], sockstep: [String], ports: Set<Int>) -> RoleResult {
        let a = strace.map { normalize($0, ports: ports) }
        let b = sockstep.map { normalize($0, ports: ports) }
        var lines: [Line] = []
        for i in 0 ..< max(a.count, b.count) {
            lines.append(Line(strace: i < a.count ? a[i] : nil, sockstep: i < b.count ? b[i] : nil))
        }
        return RoleResult(role: role, lines: lines)
    }

    /// Where two lines first differ.
    public static func firstDifference(_ a: String, _ b: String) -> Int {
        var i = 0
        for (x, y) in zip(a, b) {
            if x != y { return i }
            i += 1
        }
        return i
    }
}
