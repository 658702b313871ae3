import Decoding

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

    /// Parses and checks a call; `known` are the descriptor names earlier steps of the role gave.
    public static func parse(_ text: String, known: Set<String>) throws(Failure) -> CallExpression {
        let trimmed = text.trimmingSpaces()
        guard let open = trimmed.firstIndex(of: "("), trimmed.hasSuffix(")") else {
            throw Failure(message: "'\(trimmed)' is not a call; write it as strace does, e.g. listen($listener, 128)")
        }
        let name = String(trimmed[..<open]).trimmingSpaces()
        guard let kind = LessonCall(rawValue: name) else {
            let names = LessonCall.allCases.map(\.rawValue)
            let hint = NearMiss.nearest(name, in: names, limit: 2).map { " (did you mean \($0)?)" } ?? ""
            throw Failure(message: "unknown call '\(name)'\(hint); a lesson can make \(names.joined(separator: ", "))")
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
            arguments.append(try argument(part, slot: slots[position], call: kind, position: position, known: known))
        }
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
            case ")", "]": depth -= 1; current.append(ch)
            case "," where depth == 0:
                parts.append(current.trimmingSpaces())
                current = ""
            default: current.append(ch)
            }
        }
        if inString { throw Failure(message: "a string is not closed: add the closing \"") }
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
                throw Failure(message: "descriptor $\(name) was not returned by an earlier step of this role (known: \(list)); name a socket with `result: \(name)`")
            }
            return .descriptor(name)
        case .constant, .backlog, .size:
            return try number(text, call: call, position: position)
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

    static func number(_ text: String, call: LessonCall, position: Int) throws(Failure) -> CallArgument {
        var total: UInt64 = 0
        for piece in text.split(separator: "|") {
            let name = String(piece).trimmingSpaces()
            if let v = Int64(name) {
                total |= UInt64(bitPattern: v)
                continue
            }
            guard let value = constants[name] else {
                let prefixes = allowedPrefixes(call: call, position: position)
                let candidates = constants.keys.filter { key in prefixes.contains { key.hasPrefix($0) } }
                let hint = NearMiss.nearest(name, in: Array(candidates), limit: 3).map { " (did you mean \($0)?)" } ?? ""
                let allowed = prefixes.isEmpty ? "a number" : prefixes.map { $0 + "..." }.joined(separator: " or ") + " constants or a number"
                throw Failure(message: "unknown constant '\(name)'\(hint); argument \(position + 1) of \(call.rawValue) takes \(allowed)")
            }
            let prefixes = allowedPrefixes(call: call, position: position)
            if !prefixes.isEmpty && !prefixes.contains(where: { name.hasPrefix($0) }) {
                throw Failure(message: "'\(name)' does not fit argument \(position + 1) of \(call.rawValue), which takes \(prefixes.map { $0 + "..." }.joined(separator: " or ")) (\(call.usage))")
            }
            total |= value
        }
        return .number(Int64(bitPattern: total), text: text)
    }

    /// `127.0.0.1:$PORT`, `[::1]:8888`, `unix:$DIR/s.sock`, `unix:@name`. Loopback only.
    static func address(_ text: String) throws(Failure) -> AddressLiteral {
        if text.hasPrefix("unix:@") { return .unixAbstract(String(text.dropFirst(6))) }
        if text.hasPrefix("unix:") {
            let path = String(text.dropFirst(5))
            guard path.hasPrefix("$DIR/") else {
                throw Failure(message: "a UNIX socket path must live in the lesson's own directory: unix:$DIR/name.sock")
            }
            return .unixPath(path)
        }
        var host: String
        var portText: String
        var v6 = false
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { throw Failure(message: "an IPv6 address is written [::1]:PORT") }
            host = String(text[text.index(after: text.startIndex) ..< close])
            let rest = text[text.index(after: close)...]
            guard rest.hasPrefix(":") else { throw Failure(message: "an IPv6 address is written [::1]:PORT") }
            portText = String(rest.dropFirst())
            v6 = true
        } else {
            guard let colon = text.lastIndex(of: ":") else {
                throw Failure(message: "'\(text)' is not an address; write 127.0.0.1:$PORT, [::1]:$PORT or unix:$DIR/name.sock")
            }
            host = String(text[..<colon])
            portText = String(text[text.index(after: colon)...])
        }
        if v6 {
            guard host == "::1" else {
                throw Failure(message: "\(host) is not a loopback address: lessons bind and connect only on ::1 or 127.0.0.0/8")
            }
        } else {
            let octets = host.split(separator: ".").compactMap { UInt8($0) }
            guard octets.count == 4 else {
                throw Failure(message: "'\(host)' is not an IPv4 address; write 127.0.0.1:$PORT")
            }
            guard octets[0] == 127 else {
                let any = host == "0.0.0.0" ? " (0.0.0.0 means every interface of the machine)" : ""
                throw Failure(message: "\(host) is not a loopback address\(any): lessons bind and connect only on 127.0.0.0/8 or ::1; write 127.0.0.1:$PORT")
            }
        }
        let port: PortValue
        if portText == "$PORT" {
            port = .lessonPort(offset: 0)
        } else if portText.hasPrefix("$PORT+"), let offset = Int(portText.dropFirst(6)) {
            port = .lessonPort(offset: offset)
        } else if let p = Int(portText), (0 ... 65535).contains(p) {
            port = .fixed(p)
        } else {
            throw Failure(message: "'\(portText)' is not a port; write $PORT (the lesson's port, --port changes it) or a number")
        }
        return .inet(host: host, v6: v6, port: port)
    }

    /// A C string literal: `"hello!\n"`.
    static func stringLiteral(_ text: String) throws(Failure) -> [UInt8] {
        guard text.count >= 2, text.hasPrefix("\""), text.hasSuffix("\"") else {
            throw Failure(message: "data is written as a quoted string: \"hello!\"")
        }
        let body = Array(text.utf8.dropFirst().dropLast())
        var out: [UInt8] = []
        var i = 0
        while i < body.count {
            let c = body[i]
            if c != 0x5c { out.append(c); i += 1; continue }
            i += 1
            guard i < body.count else { break }
            switch body[i] {
            case UInt8(ascii: "n"): out.append(0x0a)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "r"): out.append(0x0d)
            case UInt8(ascii: "0"): out.append(0)
            case UInt8(ascii: "\\"): out.append(0x5c)
            case UInt8(ascii: "\""): out.append(0x22)
            default: out.append(body[i])
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
