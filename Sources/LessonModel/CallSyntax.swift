import Decoding
import Glibc

/// Reads a lesson's call, written as strace writes it: `bind($listener, 127.0.0.1:$PORT)`.
public enum CallSyntax {
    public struct Failure: Error, Sendable {
        public let message: String
    }

    /// Every constant a lesson may name, from the decoder's tables.
    static let constants: [String: UInt64] = {
        var all: [String: UInt64] = [:]
        let tables = [Tables.addressFamilies, Tables.socketTypes, Tables.socketTypeFlags, Tables.ipProtocols,
                      Tables.socketLevels, Tables.socketOptions, Tables.tcpOptions, Tables.ipOptions,
                      Tables.ipv6Options, Tables.udpOptions, Tables.messageFlags, Tables.shutdownModes]
        for table in tables {
            for entry in table.entries where all[entry.name] == nil { all[entry.name] = entry.value }
        }
        // The IPPROTO_ names double as setsockopt levels, as in C.
        for entry in Tables.ipProtocols.entries where all[entry.name] == nil { all[entry.name] = entry.value }
        return all
    }()

    /// The prefixes a constant in each position may have.
    static func allowedPrefixes(call: LessonCall, position: Int) -> [String] {
        switch (call, position) {
        case (.socket, 0): return ["AF_"]
        case (.socket, 1): return ["SOCK_"]
        case (.socket, 2): return ["IPPROTO_"]
        case (.setsockopt, 1): return ["SOL_", "IPPROTO_"]
        case (.setsockopt, 2): return ["SO_", "TCP_", "IP_", "IPV6_", "UDP_"]
        case (.accept4, 1): return ["SOCK_"]
        case (.sendto, 2), (.recvfrom, 2): return ["MSG_"]
        case (.shutdown, 1): return ["SHUT_"]
        default: return []
        }
    }

    public static func isIdentifier(_ s: String) -> Bool {
        guard let first = s.unicodeScalars.first, first == "_" || (first.properties.isAlphabetic && first.isASCII) else { return false }
        return s.unicodeScalars.allSatisfy { $0.isASCII && ($0 == "_" || $0.properties.isAlphabetic || ("0" ... "9").contains($0)) }
    }

    /// Text from a lesson file as an error message quotes it: control characters escaped, and
    /// cut at 60 characters, so that a message stays one readable line.
    public static func shown(_ text: String) -> String {
        var out = ""
        for (count, scalar) in text.unicodeScalars.enumerated() {
            if count == 60 { return out + "..." }
            if scalar == "\n" { out += "\\n" } else if scalar.value < 0x20 || (0x7f ... 0x9f).contains(scalar.value) {
                out += "\\u{" + String(scalar.value, radix: 16) + "}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Parses and checks a call; `known` are the descriptor names earlier steps of the role gave.
    public static func parse(_ text: String, known: Set<String>) throws(Failure) -> CallExpression {
        let trimmed = text.trimmingSpaces()
        guard trimmed.utf8.count <= LessonLimits.callLength else {
            throw Failure(message: "the call is \(trimmed.utf8.count) bytes long; a call may have at most \(LessonLimits.callLength)")
        }
        guard !trimmed.contains("\n") else {
            throw Failure(message: "a call is written on one line: '\(shown(trimmed))'")
        }
        guard let open = trimmed.firstIndex(of: "("), trimmed.hasSuffix(")") else {
            throw Failure(message: "'\(shown(trimmed))' is not a call; write it as strace does, e.g. listen($listener, 128)")
        }
        let name = String(trimmed[..<open]).trimmingSpaces()
        guard let kind = LessonCall(rawValue: name), kind != .prctl, kind != .seccomp else {
            let names = LessonCall.lessonCalls.map(\.rawValue)
            let hint = NearMiss.nearest(name, in: names, limit: 2).map { " (did you mean \($0)?)" } ?? ""
            throw Failure(message: "unknown call '\(shown(name))'\(hint); a lesson can make \(names.joined(separator: ", "))")
        }
        let inner = String(trimmed[trimmed.index(after: open) ..< trimmed.index(before: trimmed.endIndex)])
        let parts = try splitArguments(inner)
        let slots = kind.slots
        let required = slots.filter { $0 != .optionalAddress && $0 != .optionalPeer }.count
        guard parts.count >= required && parts.count <= slots.count else {
            throw Failure(message: "\(name) takes \(required == slots.count ? "\(required)" : "\(required) or \(slots.count)") arguments: \(kind.usage)")
        }
        var arguments: [CallArgument] = []
        for (position, part) in parts.enumerated() {
            guard !part.isEmpty else {
                throw Failure(message: "argument \(position + 1) of \(name) is empty (\(kind.usage))")
            }
            arguments.append(try argument(part, slot: slots[position], call: kind, position: position, known: known))
        }
        if kind == .socket { try checkSocket(arguments) }
        return CallExpression(name: name, arguments: arguments, text: trimmed)
    }

    static func splitArguments(_ text: String) throws(Failure) -> [String] {
        var parts: [String] = []
        var current = ""
        var depth = 0
        var inString = false
        var escaped = false
        for ch in text {
            if inString {
                current.append(ch)
                if escaped { escaped = false } else if ch == "\\" { escaped = true } else if ch == "\"" { inString = false }
                continue
            }
            switch ch {
            case "\"": inString = true; current.append(ch)
            case "(", "[": depth += 1; current.append(ch)
            case ")", "]":
                depth -= 1
                guard depth >= 0 else { throw Failure(message: "a '\(ch)' closes nothing: the brackets of the call do not match") }
                current.append(ch)
            case "," where depth == 0:
                parts.append(current.trimmingSpaces())
                current = ""
            default: current.append(ch)
            }
        }
        if inString { throw Failure(message: "a string is not closed: add the closing \"") }
        guard depth == 0 else { throw Failure(message: "a bracket is not closed: the brackets of the call do not match") }
        let last = current.trimmingSpaces()
        if !last.isEmpty || !parts.isEmpty { parts.append(last) }
        return parts
    }

    static func argument(_ text: String, slot: LessonCall.Slot, call: LessonCall, position: Int, known: Set<String>) throws(Failure) -> CallArgument {
        switch slot {
        case .descriptor:
            guard text.hasPrefix("$") else {
                throw Failure(message: "argument \(position + 1) of \(call.rawValue) is a descriptor: write $name, the result: of an earlier step (\(call.usage))")
            }
            let name = String(text.dropFirst())
            guard known.contains(name) else {
                let list = known.isEmpty ? "none yet" : known.sorted().map { "$" + $0 }.joined(separator: ", ")
                throw Failure(message: "descriptor $\(shown(name)) was not returned by an earlier step of this role (known: \(list)); name a socket with `result: \(shown(name))`")
            }
            return .descriptor(name)
        case .constant:
            return try constant(text, call: call, position: position)
        case .size:
            return .number(try decimal(text, in: 0 ... Int64(LessonLimits.bufferSize), what: "argument \(position + 1) of \(call.rawValue) is a size in bytes", range: "0 to \(LessonLimits.bufferSize) (16 MiB)"), text: text)
        case .backlog:
            return .number(try decimal(text, in: 0 ... Int64(LessonLimits.backlog), what: "the backlog of listen", range: "0 to \(LessonLimits.backlog)"), text: text)
        case .address:
            return .address(try address(text))
        case .optionalAddress:
            if text == "peer" { return .peerBuffer }
            return .address(try address(text))
        case .data:
            if text.hasPrefix("icmp_echo(") && text.hasSuffix(")") {
                let inner = String(text.dropFirst("icmp_echo(".count).dropLast())
                return .icmpEcho(try stringLiteral(inner))
            }
            return .data(try stringLiteral(text), text: text)
        case .optionalPeer:
            guard text == "peer" else {
                throw Failure(message: "the 4th argument of recvfrom is `peer` (a buffer for the sender's address), or nothing")
            }
            return .peerBuffer
        }
    }

    /// A number written in decimal, as C and strace write it: digits with an optional `-`, no
    /// leading zeros (C reads 010 as 8), no `+`, within `range`.
    static func decimal(_ text: String, in range: ClosedRange<Int64>, what: String, range rangeText: String) throws(Failure) -> Int64 {
        guard let value = plainDecimal(text), range.contains(value) else {
            if isNumeral(text) { throw Failure(message: "\(shown(text)) is out of range: \(what), from \(rangeText)") }
            throw Failure(message: "'\(shown(text))' is not a number: \(what), written in decimal without leading zeros (\(rangeText))")
        }
        return value
    }

    /// Whether `text` is written as a number, `-?[1-9][0-9]*|0`, of any size.
    static func isNumeral<S: StringProtocol>(_ text: S) -> Bool {
        let digits = text.hasPrefix("-") ? text.dropFirst() : text[...]
        guard let first = digits.first, digits.allSatisfy({ ("0" ... "9").contains($0) }) else { return false }
        return (first != "0" || digits.count == 1) && !(text.hasPrefix("-") && digits == "0")
    }

    /// The value of `-?[1-9][0-9]*|0`; nil for anything else, or beyond Int64.
    static func plainDecimal<S: StringProtocol>(_ text: S) -> Int64? {
        isNumeral(text) ? Int64(text) : nil
    }

    /// Constants joined with `|` (`SOCK_STREAM|SOCK_CLOEXEC`), or a decimal number; the value
    /// must fit the argument's C type, an int.
    static func constant(_ text: String, call: LessonCall, position: Int) throws(Failure) -> CallArgument {
        let prefixes = allowedPrefixes(call: call, position: position)
        let allowed = prefixes.isEmpty ? "a number" : prefixes.map { $0 + "..." }.joined(separator: " or ") + " constants or a number"
        let pieces = text.split(separator: "|", omittingEmptySubsequences: false).map { String($0).trimmingSpaces() }
        var total: UInt64 = 0
        for name in pieces {
            guard !name.isEmpty else {
                throw Failure(message: "'\(shown(text))' has an empty part: constants are joined by one |, as in SOCK_STREAM|SOCK_CLOEXEC")
            }
            if let first = name.unicodeScalars.first, first == "-" || ("0" ... "9").contains(first) {
                guard isNumeral(name) else {
                    throw Failure(message: "'\(shown(name))' is not a number: argument \(position + 1) of \(call.rawValue) takes \(allowed), numbers in decimal without leading zeros")
                }
                guard let v = plainDecimal(name), (Int64(Int32.min) ... Int64(Int32.max)).contains(v) else {
                    throw Failure(message: "\(name) does not fit argument \(position + 1) of \(call.rawValue), a C int (\(Int32.min) to \(Int32.max))")
                }
                guard v >= 0 || pieces.count == 1 else {
                    throw Failure(message: "'\(shown(text))' joins a negative number with |; write one value")
                }
                if pieces.count == 1 { return .number(v, text: text) }
                total |= UInt64(v)
                continue
            }
            guard !prefixes.isEmpty else {
                throw Failure(message: "'\(shown(name))' is not a number: argument \(position + 1) of \(call.rawValue) takes a number, in decimal (\(call.usage))")
            }
            guard let value = constants[name] else {
                let candidates = constants.keys.filter { key in prefixes.contains { key.hasPrefix($0) } }
                let hint = NearMiss.nearest(name, in: Array(candidates), limit: 3).map { " (did you mean \($0)?)" } ?? ""
                throw Failure(message: "unknown constant '\(shown(name))'\(hint); argument \(position + 1) of \(call.rawValue) takes \(allowed)")
            }
            if !prefixes.contains(where: { name.hasPrefix($0) }) {
                throw Failure(message: "'\(name)' does not fit argument \(position + 1) of \(call.rawValue), which takes \(prefixes.map { $0 + "..." }.joined(separator: " or ")) (\(call.usage))")
            }
            total |= value
        }
        guard total <= UInt64(Int32.max) else {
            throw Failure(message: "\(shown(text)) is \(total), which does not fit argument \(position + 1) of \(call.rawValue), a C int")
        }
        return .number(Int64(total), text: text)
    }

    /// The sockets a lesson may make: AF_INET, AF_INET6 and AF_UNIX, of type stream, datagram,
    /// seqpacket or raw; a raw socket only for ICMP (an IP raw socket of another protocol, or a
    /// netlink or packet socket, would let a lesson run as root write packets or reconfigure
    /// the machine).
    static func checkSocket(_ arguments: [CallArgument]) throws(Failure) {
        guard arguments.count == 3, case .number(let domain, let domainText) = arguments[0],
              case .number(let type, let typeText) = arguments[1], case .number(let proto, let protoText) = arguments[2] else { return }
        let (unix, inet, inet6) = (Int64(AF_UNIX), Int64(AF_INET), Int64(AF_INET6))
        guard domain == unix || domain == inet || domain == inet6 else {
            throw Failure(message: "socket domain \(domainText) is not one a lesson may use: AF_INET, AF_INET6 or AF_UNIX")
        }
        let flags: Int64 = 0o4000 | 0o2000000  // SOCK_NONBLOCK | SOCK_CLOEXEC
        let base = type & ~flags
        guard [1, 2, 3, 5].contains(base) else {
            throw Failure(message: "socket type \(typeText) is not one a lesson may use: SOCK_STREAM, SOCK_DGRAM, SOCK_SEQPACKET or SOCK_RAW, with SOCK_CLOEXEC or SOCK_NONBLOCK")
        }
        if base == 3 {
            let icmp: Int64 = domain == inet6 ? 58 : 1
            guard domain != unix, proto == icmp else {
                throw Failure(message: "a raw socket of protocol \(protoText) is not one a lesson may use: raw sockets only for ICMP (socket(AF_INET, SOCK_RAW, IPPROTO_ICMP) or AF_INET6 with IPPROTO_ICMPV6)")
            }
        }
    }

    /// `127.0.0.1:$PORT`, `[::1]:8888`, `unix:$DIR/s.sock`, `unix:@name`. Loopback only, and
    /// UNIX paths only inside the run's folder.
    static func address(_ text: String) throws(Failure) -> AddressLiteral {
        if text.hasPrefix("unix:@") {
            let name = String(text.dropFirst(6))
            guard (1 ... LessonLimits.abstractNameBytes).contains(name.utf8.count), name.utf8.allSatisfy(isVisibleASCII) else {
                throw Failure(message: "'\(shown(name))' is not an abstract socket name: write unix:@NAME, NAME 1 to \(LessonLimits.abstractNameBytes) printable ASCII characters without spaces")
            }
            return .unixAbstract(name)
        }
        if text.hasPrefix("unix:") {
            let path = String(text.dropFirst(5))
            guard path.hasPrefix("$DIR/") else {
                throw Failure(message: "a UNIX socket path must live in the lesson's own directory: unix:$DIR/name.sock")
            }
            let name = String(path.dropFirst(5))
            if name.utf8.count > LessonLimits.unixNameBytes {
                throw Failure(message: "the socket file name '\(shown(name))' has \(name.utf8.count) bytes; it may have at most \(LessonLimits.unixNameBytes), so that $DIR/NAME fits the 108 bytes of a UNIX socket address")
            }
            guard !name.isEmpty, name != ".", name != "..", !name.contains("/"), name.utf8.allSatisfy(isVisibleASCII) else {
                throw Failure(message: "'\(shown(name))' is not a socket file name: write unix:$DIR/NAME, NAME a plain file name (no /, not . or ..) of 1 to \(LessonLimits.unixNameBytes) printable ASCII characters without spaces")
            }
            return .unixPath(path)
        }
        let host: String
        let portText: String
        let v6 = text.hasPrefix("[")
        if v6 {
            guard let close = text.firstIndex(of: "]"), text[text.index(after: close)...].hasPrefix(":") else {
                throw Failure(message: "'\(shown(text))' is not an address: an IPv6 address is written [::1]:PORT")
            }
            host = String(text[text.index(after: text.startIndex) ..< close])
            portText = String(text[text.index(close, offsetBy: 2)...])
        } else {
            guard let colon = text.lastIndex(of: ":") else {
                throw Failure(message: "'\(shown(text))' is not an address; write 127.0.0.1:$PORT, [::1]:$PORT or unix:$DIR/name.sock")
            }
            host = String(text[..<colon])
            portText = String(text[text.index(after: colon)...])
        }
        let bytes = try loopbackHost(host, v6: v6)
        let port: PortValue
        if portText == "$PORT" {
            port = .lessonPort(offset: 0)
        } else if portText.hasPrefix("$PORT+") {
            let offsetText = String(portText.dropFirst(6))
            guard let offset = plainDecimal(offsetText), (0 ... Int64(LessonLimits.portOffset)).contains(offset) else {
                throw Failure(message: "'\(shown(portText))' is not a port: $PORT+N takes N from 0 to \(LessonLimits.portOffset), in decimal")
            }
            port = .lessonPort(offset: Int(offset))
        } else if let p = plainDecimal(portText), (0 ... 65535).contains(p) {
            port = .fixed(Int(p))
        } else {
            throw Failure(message: "'\(shown(portText))' is not a port; write $PORT (the lesson's port, --port changes it), $PORT+N or a number from 0 to 65535")
        }
        return .inet(host: bytes, v6: v6, port: port)
    }

    /// The bytes of a loopback host, read by inet_pton as the kernel will get them: IPv4 only as
    /// four decimal numbers 0 to 255 (127.x.y.z), IPv6 only ::1.
    static func loopbackHost(_ host: String, v6: Bool) throws(Failure) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: v6 ? 16 : 4)
        let allowed: (UInt8) -> Bool = v6 ? { isHexDigit($0) || $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: ".") }
                                          : { (UInt8(ascii: "0") ... UInt8(ascii: "9")).contains($0) || $0 == UInt8(ascii: ".") }
        let parsed = host.utf8.allSatisfy(allowed) && host.withCString { inet_pton(v6 ? AF_INET6 : AF_INET, $0, &bytes) } == 1
        if v6 {
            guard parsed else {
                throw Failure(message: "'\(shown(host))' is not an IPv6 address; lessons use only [::1]:$PORT")
            }
            guard bytes == [UInt8](repeating: 0, count: 15) + [1] else {
                throw Failure(message: "\(host) is not the loopback address: lessons bind and connect only on ::1 or 127.0.0.0/8")
            }
            return bytes
        }
        guard parsed else {
            throw Failure(message: "'\(shown(host))' is not an IPv4 address (four numbers from 0 to 255 with dots between); write 127.0.0.1:$PORT")
        }
        guard bytes[0] == 127 else {
            let any = bytes == [0, 0, 0, 0] ? " (0.0.0.0 means every interface of the machine)" : ""
            throw Failure(message: "\(host) is not a loopback address\(any): lessons bind and connect only on 127.0.0.0/8 or ::1; write 127.0.0.1:$PORT")
        }
        return bytes
    }

    static func isVisibleASCII(_ byte: UInt8) -> Bool { (0x21 ... 0x7e).contains(byte) }

    static func isHexDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0") ... UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a") ... UInt8(ascii: "f")).contains(byte)
            || (UInt8(ascii: "A") ... UInt8(ascii: "F")).contains(byte)
    }

    /// A C string literal: `"hello!\n"`, with the escapes \n \t \r \0 \\ and \".
    static func stringLiteral(_ text: String) throws(Failure) -> [UInt8] {
        guard text.utf8.count >= 2, text.hasPrefix("\""), text.hasSuffix("\"") else {
            throw Failure(message: "data is written as a quoted string: \"hello!\"")
        }
        let body = Array(text.utf8.dropFirst().dropLast())
        var out: [UInt8] = []
        var i = 0
        while i < body.count {
            let c = body[i]
            if c == UInt8(ascii: "\"") {
                throw Failure(message: "\(shown(text)) has a \" inside: write \\\" for a quote in the data")
            }
            if c != 0x5c { out.append(c); i += 1; continue }
            i += 1
            guard i < body.count else {
                throw Failure(message: "\(shown(text)) ends in a lone \\: write \\\\ for a backslash")
            }
            switch body[i] {
            case UInt8(ascii: "n"): out.append(0x0a)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "r"): out.append(0x0d)
            case UInt8(ascii: "0"): out.append(0)
            case UInt8(ascii: "\\"): out.append(0x5c)
            case UInt8(ascii: "\""): out.append(0x22)
            default:
                throw Failure(message: "unknown escape '\\\(shown(String(decoding: [body[i]], as: UTF8.self)))' in \(shown(text)); a lesson's data knows \\n \\t \\r \\0 \\\\ and \\\"")
            }
            i += 1
        }
        return out
    }
}

extension String {
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" || f == "\n" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\n" { s = s.dropLast() }
        return String(s)
    }
}
