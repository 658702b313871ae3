import Decoding
import Events
import LessonModel

/// JSON text, written by hand (no Foundation): strings escaped, integers exact, bytes as base64.
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
        var out = "{"
        var first = true
        for (key, value) in fields {
            if !first { out += "," }
            first = false
            out += string(key)
            out += ":"
            out += value
        }
        return out + "}"
    }

    public static func array(_ items: [String]) -> String { "[" + items.joined(separator: ",") + "]" }

    /// Seconds with six decimals (microseconds), for the convenience times.
    public static func number(_ d: Double) -> String {
        let micro = Int64((d * 1_000_000).rounded())
        let whole = micro / 1_000_000
        let frac = String(abs(micro % 1_000_000))
        return (micro < 0 && whole == 0 ? "-" : "") + "\(whole)." + String(repeating: "0", count: 6 - frac.count) + frac
    }

    static func bool(_ b: Bool) -> String { b ? "true" : "false" }
    static func optional(_ s: String?) -> String { s.map(string) ?? "null" }
    static func optional<T: BinaryInteger>(_ n: T?) -> String { n.map { String($0) } ?? "null" }

    // MARK: Base64

    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// RFC 4648 base64, with padding.
    public static func base64(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var i = 0
        while i + 3 <= bytes.count {
            let n = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2])
            out += [alphabet[Int(n >> 18)], alphabet[Int(n >> 12 & 63)], alphabet[Int(n >> 6 & 63)], alphabet[Int(n & 63)]]
            i += 3
        }
        let left = bytes.count - i
        if left > 0 {
            let n = UInt32(bytes[i]) << 16 | (left == 2 ? UInt32(bytes[i + 1]) << 8 : 0)
            out += [alphabet[Int(n >> 18)], alphabet[Int(n >> 12 & 63)]]
            out += left == 2 ? [alphabet[Int(n >> 6 & 63)], UInt8(ascii: "=")] : [UInt8(ascii: "="), UInt8(ascii: "=")]
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The bytes of RFC 4648 base64 (padding required); nil when it is not base64.
    public static func bytes(base64 text: String) -> [UInt8]? {
        let chars = Array(text.utf8)
        guard chars.count % 4 == 0 else { return nil }
        var values = [Int](repeating: -1, count: 256)
        for (i, c) in alphabet.enumerated() { values[Int(c)] = i }
        var out: [UInt8] = []
        out.reserveCapacity(chars.count / 4 * 3)
        var i = 0
        while i < chars.count {
            let pad = (chars[i + 2] == UInt8(ascii: "=") ? 1 : 0) + (chars[i + 3] == UInt8(ascii: "=") ? 1 : 0)
            if pad > 0 && i + 4 != chars.count { return nil }
            var n = 0
            for k in 0 ..< 4 {
                let c = chars[i + k]
                if k >= 4 - pad {
                    guard c == UInt8(ascii: "=") else { return nil }
                    n <<= 6
                    continue
                }
                let v = values[Int(c)]
                guard v >= 0 else { return nil }
                n = n << 6 | v
            }
            out.append(UInt8(n >> 16 & 0xff))
            if pad < 2 { out.append(UInt8(n >> 8 & 0xff)) }
            if pad < 1 { out.append(UInt8(n & 0xff)) }
            i += 4
        }
        return out
    }

    // MARK: Values

    static func styleName(_ style: NumberStyle) -> String {
        switch style {
        case .decimal: return "decimal"
        case .unsigned: return "unsigned"
        case .hex: return "hex"
        case .octal: return "octal"
        }
    }

    /// A decoded value as typed JSON: `kind` and its fields, every integer exact, bytes as
    /// base64 beside strace's text. (JSON Lines schema 2; docs/sockstep-events.schema.json.)
    public static func value(_ v: Value) -> String {
        switch v {
        case .number(let n, let style):
            let text = style == .decimal ? String(n) : String(UInt64(bitPattern: n))
            return object([("kind", "\"number\""), ("style", string(styleName(style))), ("value", text)])
        case .null:
            return "{\"kind\":\"null\"}"
        case .pointer(let p):
            return object([("kind", "\"pointer\""), ("value", String(p))])
        case .symbol(let name, let raw):
            return object([("kind", "\"symbol\""), ("name", string(name)), ("value", String(raw))])
        case .unknownSymbol(let raw, let style, let hint):
            return object([("kind", "\"unknown_symbol\""), ("value", String(raw)), ("style", string(styleName(style))), ("hint", string(hint))])
        case .flags(let names, let rest, let raw, let hint):
            return object([("kind", "\"flags\""), ("names", array(names.map(string))), ("rest", String(rest)), ("value", String(raw)),
                           ("hint", string(hint))])
        case .string(let bytes, let truncated):
            return object([("kind", "\"string\""), ("base64", string(base64(bytes))), ("truncated", bool(truncated)), ("text", string(v.render()))])
        case .hexString(let bytes):
            return object([("kind", "\"hex_string\""), ("base64", string(base64(bytes))), ("text", string(v.render()))])
        case .fd(let n, let description):
            return object([("kind", "\"fd\""), ("fd", String(n)), ("description", description.map(fdDescription) ?? "null")])
        case .boxed(let inner):
            return object([("kind", "\"boxed\""), ("value", value(inner))])
        case .changed(let before, let after):
            return object([("kind", "\"changed\""), ("before", value(before)), ("after", value(after))])
        case .structure(let fields):
            return object([("kind", "\"struct\""), ("fields", array(fields.map { object([("name", optional($0.name)), ("value", value($0.value))]) }))])
        case .array(let items, let more):
            return object([("kind", "\"array\""), ("items", array(items.map(value))), ("more", bool(more))])
        case .call(let function, let args):
            return object([("kind", "\"call\""), ("function", string(function)), ("args", array(args.map(value)))])
        case .commented(let inner, let comment):
            return object([("kind", "\"commented\""), ("value", value(inner)), ("comment", string(comment))])
        case .verbatim(let text):
            return object([("kind", "\"verbatim\""), ("text", string(text))])
        case .joined(let parts, let separator):
            return object([("kind", "\"joined\""), ("parts", array(parts.map(value))), ("separator", string(separator))])
        case .composite(let parts, let raw):
            return object([("kind", "\"composite\""), ("value", value(parts)), ("raw", value(raw))])
        case .rawForm(let form, let raw):
            return object([("kind", "\"raw_form\""), ("value", value(form)), ("raw", value(raw))])
        case .expression(let parts, let raw):
            return object([("kind", "\"expression\""), ("value", value(parts)), ("raw", value(raw))])
        case .socketAddress(let address):
            return object([("kind", "\"socket_address\""), ("family", String(address.family)),
                           ("family_name", optional(Tables.addressFamilies.name(UInt64(address.family)))),
                           ("base64", string(base64(address.bytes))), ("address", socketAddressKind(address.kind)),
                           ("text", optional(address.text))])
        }
    }

    static func socketAddressKind(_ kind: SocketAddress.Kind) -> String {
        switch kind {
        case .inet(let address, let port):
            return object([("type", "\"inet\""), ("host", string(Sockaddr.ipv4Text(address, at: 0))), ("port", String(port))])
        case .inet6(let address, let port, let flowinfo, let scopeID):
            return object([("type", "\"inet6\""), ("host", string(Sockaddr.ipv6Text(address))), ("port", String(port)),
                           ("flowinfo", String(flowinfo)), ("scope_id", optional(scopeID))])
        case .unix(let path, let abstract):
            return object([("type", "\"unix\""), ("path", string(String(decoding: path, as: UTF8.self))), ("path_base64", string(base64(path))),
                           ("abstract", bool(abstract))])
        case .unnamed:
            return "{\"type\":\"unnamed\"}"
        case .netlink(let pid, let groups):
            return object([("type", "\"netlink\""), ("pid", String(pid)), ("groups", String(groups))])
        case .other(let data):
            return object([("type", "\"other\""), ("data_base64", string(base64(data)))])
        }
    }

    static func fdDescription(_ d: FDDescription) -> String {
        object([("text", string(d.text)), ("kind", string(d.kind.rawValue)), ("path_base64", d.path.map { string(base64($0)) } ?? "null"),
                ("deleted", bool(d.deleted)), ("protocol", optional(d.socketProtocol)), ("inode", optional(d.inode)),
                ("device", optional(d.device)), ("pid", optional(d.pid))])
    }

    // MARK: Calls

    /// A call's result: a value (with strace's note), an error (number, name, message) or none.
    static func result(_ result: CallResult?) -> String {
        switch result {
        case .plain(let v)?:
            return object([("kind", "\"value\""), ("value", value(v)), ("note", "null")])
        case .noted(let v, let note)?:
            return object([("kind", "\"value\""), ("value", value(v)), ("note", value(note))])
        case .failed(let e)?:
            return object([("kind", "\"error\""), ("errno", String(e)), ("name", optional(ErrnoTable.name(e))),
                           ("message", optional(ErrnoTable.message(e))), ("restart", bool(ErrnoTable.isRestart(e)))])
        case .unknown?, nil:
            return "{\"kind\":\"none\"}"
        }
    }

    /// The fields of a decoded call (at its entry, `result` is absent).
    static func callFields(_ call: DecodedCall, exit: Bool) -> [(String, String)] {
        var fields: [(String, String)] = [("name", string(call.name)), ("number", String(call.number)),
                                          ("args", array(call.arguments.map(value))), ("entry_args", String(call.entryArgumentCount)),
                                          ("complete_at_entry", bool(call.completeAtEntry)), ("raw_args", array(call.rawArguments.map { String($0) }))]
        if call.resultDecodedAtExit { fields.append(("result_decoded_at_exit", "true")) }
        if exit {
            fields.append(("result", result(call.result)))
            fields.append(("raw_return", String(call.rawReturn)))
        }
        return fields
    }

    // MARK: Stamps, the lesson, kernel state

    static func stamp(_ s: Stamp) -> String {
        object([("monotonic_ns", String(s.monotonicNanos)), ("wall_ns", String(s.wallNanos))])
    }

    static func personalityName(_ p: Personality) -> String {
        switch p {
        case .x86_64: return "x86_64"
        case .x32: return "x32"
        case .i386: return "i386"
        }
    }

    static func action(_ action: BlockedCall.Action) -> String {
        switch action {
        case .errno(let e): return object([("kind", "\"errno\""), ("errno", String(e)), ("name", optional(ErrnoTable.name(e)))])
        case .kill: return "{\"kind\":\"kill\"}"
        case .trap: return "{\"kind\":\"trap\"}"
        case .log: return "{\"kind\":\"log\"}"
        }
    }

    static func lesson(_ lesson: Lesson) -> String {
        object([("name", string(lesson.name)), ("title", string(lesson.title)), ("summary", string(lesson.summary)),
                ("path", string(lesson.path)), ("port", String(lesson.defaultPort)),
                ("roles", array(lesson.roles.map { object([("name", string($0.name)), ("about", string($0.about))]) })),
                ("steps", array(lesson.steps.map(step))), ("programs", lesson.programs.map(programs) ?? "null")])
    }

    /// A lesson's programs as they ran: the language, the trace set, the argument, the extra
    /// calls explained, each role's program file and the SHA-256 of its bytes.
    static func programs(_ p: LessonPrograms) -> String {
        object([("language", p.language.map { string($0.rawValue) } ?? "null"),
                ("languages", array(p.languages.map { string($0.rawValue) })),
                ("trace", string(p.trace)), ("argument", string(p.argument.text)),
                ("extras", array(p.extras.map { extra in
                    object([("languages", extra.languages.map { set in array(CodeLanguage.allCases.filter(set.contains).map { string($0.rawValue) }) } ?? "null"),
                            ("call", string(extra.call)), ("in", optional(extra.region)), ("by", string(extra.byRuntime ? "runtime" : "program")),
                            ("explain", string(extra.explanation)), ("line", String(extra.line))])
                })),
                ("sources", array(p.sources.map { source in
                    object([("role", string(source.role)), ("language", string(source.language.rawValue)), ("path", string(source.path)),
                            ("sha256", string(source.sha256))])
                }))])
    }

    static func step(_ step: Step) -> String {
        let code = CodeLanguage.allCases.compactMap { language in step.code[language].map { (language.rawValue, string($0)) } }
        return object([("index", String(step.index)), ("number", String(step.numberInRole)), ("role", string(step.role)),
                       ("title", string(step.title)), ("explain", string(step.explanation)), ("code", object(code)),
                       ("call", object([("name", string(step.call.name)), ("text", string(step.call.text)),
                                        ("args", array(step.call.arguments.map(callArgument)))])),
                       ("result_name", optional(step.resultName)), ("line", String(step.line)), ("call_line", String(step.callLine)),
                       ("also", array(step.also.map(string))), ("fails", optional(step.fails)),
                       ("child", step.child.map { String($0) } ?? "null"),
                       ("region", optional(step.regions.first.map(\.value)))])
    }

    static func callArgument(_ argument: CallArgument) -> String {
        switch argument {
        case .number(let n, let text): return object([("kind", "\"number\""), ("value", String(n)), ("text", string(text))])
        case .descriptor(let name): return object([("kind", "\"descriptor\""), ("name", string(name))])
        case .address(let literal):
            let fields: [(String, String)]
            switch literal {
            case .inet(let host, let v6, let port):
                let portText: String
                switch port {
                case .fixed(let p): portText = object([("fixed", String(p))])
                case .lessonPort(let offset): portText = object([("lesson_port_offset", String(offset))])
                }
                fields = [("type", string(v6 ? "inet6" : "inet")), ("host_base64", string(base64(host))), ("port", portText)]
            case .unixPath(let path): fields = [("type", "\"unix_path\""), ("path", string(path))]
            case .unixAbstract(let name): fields = [("type", "\"unix_abstract\""), ("name", string(name))]
            }
            return object([("kind", "\"address\""), ("address", object(fields))])
        case .data(let bytes, let text): return object([("kind", "\"data\""), ("base64", string(base64(bytes))), ("text", string(text))])
        case .icmpEcho(let payload): return object([("kind", "\"icmp_echo\""), ("base64", string(base64(payload)))])
        case .peerBuffer: return "{\"kind\":\"peer\"}"
        }
    }

    static func socket(_ s: SocketState) -> String {
        object([("fd", String(s.fd)), ("inode", String(s.inode)), ("proto", string(s.proto)), ("local", optional(s.local)),
                ("remote", optional(s.remote)), ("state", string(s.state)),
                ("accept_queue", s.acceptQueue.map { object([("pending", String($0.pending)), ("backlog", String($0.backlog))]) } ?? "null"),
                ("receive_queue", String(s.receiveQueue)), ("send_queue", String(s.sendQueue)), ("path", optional(s.path)),
                ("closed", s.closed ? "true" : "false")])
    }
}
