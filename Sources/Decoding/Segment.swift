import Glibc

/// A TCP segment or UDP datagram as it went over the loopback interface: the IP and transport
/// headers read from the frame's bytes (pure: no socket, no clock). `Segment.decode` never
/// traps: bytes that are not a whole IPv4/IPv6 TCP or UDP packet give nil.
public struct Segment: Sendable, Equatable {
    public enum Family: String, Sendable, Equatable {
        case ipv4, ipv6
    }

    /// One TCP option as the header carries it.
    public enum TCPOption: Sendable, Equatable {
        case endOfList
        case noOperation
        case maximumSegmentSize(UInt16)
        case windowScale(UInt8)
        case sackPermitted
        /// Selective acknowledgements: the blocks (left edge, right edge); `nil` when the
        /// option's length is not a multiple of 8 (tcpdump: `sack invalid sack`).
        case sack([SackBlock]?)
        case timestamp(value: UInt32, echoReply: UInt32)
        /// RFC 1072's echo and echo reply, RFC 1644's cc, ccnew, ccecho: one 32-bit value.
        case fourBytes(kind: UInt8, UInt32)
        /// TCP Fast Open: a cookie, or (empty) a request for one.
        case fastOpen(cookie: [UInt8])
        /// Any other kind, with its data bytes.
        case other(kind: UInt8, data: [UInt8])
        /// An option whose length cannot be: below 2 or past the header's end (`named`
        /// false), or too short for its kind's value (`named`): tcpdump prints `[bad opt]` and
        /// ends the line there.
        case malformed(kind: UInt8, named: Bool)
    }

    public struct SackBlock: Sendable, Equatable {
        public var left: UInt32
        public var right: UInt32
    }

    public struct TCPHeader: Sendable, Equatable {
        public var sequence: UInt32
        public var acknowledgement: UInt32
        /// The 9 flag bits: FIN 0x01, SYN 0x02, RST 0x04, PSH 0x08, ACK 0x10, URG 0x20,
        /// ECE 0x40, CWR 0x80, AE (0x100, the former NS bit).
        public var flags: UInt16
        public var window: UInt16
        public var urgent: UInt16
        public var headerLength: Int
        public var options: [TCPOption]
    }

    public enum Transport: Sendable, Equatable {
        case tcp(TCPHeader)
        case udp
    }

    public var family: Family
    /// 4 or 16 bytes.
    public var source: [UInt8]
    public var destination: [UInt8]
    public var sourcePort: UInt16
    public var destinationPort: UInt16
    public var transport: Transport
    /// The bytes of data the segment carries (TCP: after its header; UDP: after its 8 bytes).
    public var payloadLength: Int
    /// The packet, from its IP header on (the link's header left out).
    public var bytes: [UInt8]

    public static let flagFIN: UInt16 = 0x01, flagSYN: UInt16 = 0x02, flagRST: UInt16 = 0x04, flagPSH: UInt16 = 0x08
    public static let flagACK: UInt16 = 0x10, flagURG: UInt16 = 0x20, flagECE: UInt16 = 0x40, flagCWR: UInt16 = 0x80
    public static let flagAE: UInt16 = 0x100

    /// An Ethernet frame as the loopback interface carries it (14 bytes of zero MAC addresses
    /// and the EtherType, then the IP packet).
    public static func decode(ethernetFrame frame: [UInt8]) -> Segment? {
        guard frame.count >= 14 else { return nil }
        let type = UInt16(frame[12]) << 8 | UInt16(frame[13])
        switch type {
        case 0x0800: return decode(ipPacket: Array(frame[14...]), expect: .ipv4)
        case 0x86DD: return decode(ipPacket: Array(frame[14...]), expect: .ipv6)
        default: return nil
        }
    }

    /// An IP packet (IPv4 or IPv6, by its version nibble, or only `expect`).
    public static func decode(ipPacket p: [UInt8], expect: Family? = nil) -> Segment? {
        guard let first = p.first else { return nil }
        let version = first >> 4
        let family: Family
        let protocolNumber: UInt8
        let transportStart: Int
        let transportEnd: Int
        let source: [UInt8]
        let destination: [UInt8]
        switch version {
        case 4:
            family = .ipv4
            let headerLength = Int(first & 0x0f) * 4
            guard headerLength >= 20, p.count >= headerLength else { return nil }
            let total = Int(p.be16(2))
            guard total >= headerLength, total <= p.count else { return nil }
            // A fragment (more fragments, or an offset) is not a whole segment.
            guard p.be16(6) & 0x3fff == 0 else { return nil }
            protocolNumber = p[9]
            source = Array(p[12 ..< 16])
            destination = Array(p[16 ..< 20])
            transportStart = headerLength
            transportEnd = total
        case 6:
            family = .ipv6
            guard p.count >= 40 else { return nil }
            let payload = Int(p.be16(4))
            guard 40 + payload <= p.count else { return nil }
            // Extension headers are not followed: loopback TCP and UDP carry none.
            protocolNumber = p[6]
            source = Array(p[8 ..< 24])
            destination = Array(p[24 ..< 40])
            transportStart = 40
            transportEnd = 40 + payload
        default:
            return nil
        }
        if let expect, expect != family { return nil }
        let t = Array(p[transportStart ..< transportEnd])
        let packet = Array(p[0 ..< transportEnd])
        switch protocolNumber {
        case 6:
            guard t.count >= 20 else { return nil }
            let headerLength = Int(t[12] >> 4) * 4
            guard headerLength >= 20, headerLength <= t.count else { return nil }
            let header = TCPHeader(sequence: t.be32(4), acknowledgement: t.be32(8), flags: UInt16(t[12] & 0x01) << 8 | UInt16(t[13]),
                                   window: t.be16(14), urgent: t.be16(18), headerLength: headerLength,
                                   options: parseOptions(Array(t[20 ..< headerLength])))
            return Segment(family: family, source: source, destination: destination, sourcePort: t.be16(0), destinationPort: t.be16(2),
                           transport: .tcp(header), payloadLength: t.count - headerLength, bytes: packet)
        case 17:
            guard t.count >= 8 else { return nil }
            let length = Int(t.be16(4))
            guard length >= 8, length <= t.count else { return nil }
            return Segment(family: family, source: source, destination: destination, sourcePort: t.be16(0), destinationPort: t.be16(2),
                           transport: .udp, payloadLength: length - 8, bytes: packet)
        default:
            return nil
        }
    }

    /// The options' bytes as tcpdump walks them: EOL and NOP are one byte, every other kind
    /// has a length byte; EOL ends the list.
    static func parseOptions(_ o: [UInt8]) -> [TCPOption] {
        var out: [TCPOption] = []
        var i = 0
        while i < o.count {
            let kind = o[i]
            if kind == 0 {
                out.append(.endOfList)
                break
            }
            if kind == 1 {
                out.append(.noOperation)
                i += 1
                continue
            }
            guard i + 1 < o.count else {
                out.append(.malformed(kind: kind, named: false))
                break
            }
            let length = Int(o[i + 1])
            guard length >= 2, i + length <= o.count else {
                out.append(.malformed(kind: kind, named: false))
                break
            }
            let data = Array(o[i + 2 ..< i + length])
            if let needed = valueSizes[kind], data.count < needed {
                out.append(.malformed(kind: kind, named: true))
                break
            }
            switch (kind, data.count) {
            case (2, 2): out.append(.maximumSegmentSize(data.be16(0)))
            case (3, 1): out.append(.windowScale(data[0]))
            case (4, 0): out.append(.sackPermitted)
            case (8, 8): out.append(.timestamp(value: data.be32(0), echoReply: data.be32(4)))
            case (6, 4), (7, 4), (11, 4), (12, 4), (13, 4): out.append(.fourBytes(kind: kind, data.be32(0)))
            case (34, _): out.append(.fastOpen(cookie: data))
            case (5, _):
                if data.count % 8 == 0 {
                    out.append(.sack(stride(from: 0, to: data.count, by: 8).map { SackBlock(left: data.be32($0), right: data.be32($0 + 4)) }))
                } else {
                    out.append(.sack(nil))
                }
            default: out.append(.other(kind: kind, data: data))
            }
            i += length
        }
        return out
    }

    /// TCP's flags as tcpdump writes them, in its order: `S`, `S.`, `P.`, `F.`, `R.`, `.U`, `none`.
    public static func flagText(_ flags: UInt16) -> String {
        // tcpdump 4.99 reads the 8 flag bits of byte 13 (not AE, the former NS bit).
        let letters: [(UInt16, String)] = [(flagFIN, "F"), (flagSYN, "S"), (flagRST, "R"), (flagPSH, "P"), (flagACK, "."),
                                           (flagURG, "U"), (flagECE, "E"), (flagCWR, "W")]
        let text = letters.filter { flags & $0.0 != 0 }.map(\.1).joined()
        return text.isEmpty ? "none" : text
    }

    /// An address as tcpdump -n writes it (dotted IPv4, RFC 5952 IPv6 as inet_ntop does).
    public static func addressText(_ bytes: [UInt8]) -> String {
        if bytes.count == 4 { return bytes.map { String($0) }.joined(separator: ".") }
        guard bytes.count == 16 else { return "?" }
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        let ok = bytes.withUnsafeBytes { raw in inet_ntop(AF_INET6, raw.baseAddress, &buffer, socklen_t(buffer.count)) } != nil
        return ok ? String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self) : "?"
    }

    /// The option's name and value in tcpdump's words (`mss 65495`, `TS val 1 ecr 0`).
    static func optionText(_ option: TCPOption) -> String {
        switch option {
        case .endOfList: return "eol"
        case .noOperation: return "nop"
        case .maximumSegmentSize(let v): return "mss \(v)"
        case .windowScale(let v): return "wscale \(v)"
        case .sackPermitted: return "sackOK"
        case .sack(let blocks?): return "sack \(blocks.count) " + blocks.map { "{\($0.left):\($0.right)}" }.joined()
        case .sack(nil): return "sack invalid sack"
        case .timestamp(let value, let echo): return "TS val \(value) ecr \(echo)"
        case .fourBytes(let kind, let value): return (names[kind] ?? "") + " \(value)"
        case .fastOpen(let cookie): return cookie.isEmpty ? "tfo  cookiereq" : "tfo  cookie " + cookie.map { hex2($0) }.joined()
        case .other(let kind, let data):
            // A kind tcpdump does not know: its bytes in hex. (The kinds it decodes further, md5,
            // scps, uto, tcp-ao, mptcp, exp, are shown the same way: not tcpdump's words.)
            return (names[kind] ?? "unknown-\(kind)") + (data.isEmpty ? "" : " 0x" + data.map { hex2($0) }.joined())
        case .malformed(let kind, let named): return (named ? names[kind] ?? "" : "") + "[bad opt]"
        }
    }

    /// The option kinds tcpdump names.
    public static let names: [UInt8: String] = [0: "eol", 1: "nop", 2: "mss", 3: "wscale", 4: "sackOK", 5: "sack", 6: "echo", 7: "echoreply",
                                         8: "TS", 11: "cc", 12: "ccnew", 13: "", 19: "md5", 20: "scps", 28: "uto", 29: "tcp-ao",
                                         30: "mptcp", 34: "tfo", 254: "exp"]
    /// The bytes of value a kind needs (tcpdump's LENCHECK): fewer is `[bad opt]`.
    static let valueSizes: [UInt8: Int] = [2: 2, 3: 1, 6: 4, 7: 4, 8: 8, 11: 4, 12: 4, 13: 4, 19: 16]

    static func hex2(_ byte: UInt8) -> String {
        let digits = Array("0123456789abcdef")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 15)]])
    }

    /// The line `tcpdump -n -S` prints for it, without the time:
    /// `IP 127.0.0.1.39802 > 127.0.0.1.8888: Flags [S], seq 1234, win 65495, options [...], length 0`.
    public var tcpdumpText: String {
        var text = (family == .ipv4 ? "IP " : "IP6 ") + Self.addressText(source) + ".\(sourcePort) > "
            + Self.addressText(destination) + ".\(destinationPort): "
        switch transport {
        case .udp:
            text += "UDP, length \(payloadLength)"
        case .tcp(let h):
            text += "Flags [\(Self.flagText(h.flags))]"
            if payloadLength > 0 || h.flags & (Self.flagSYN | Self.flagFIN | Self.flagRST) != 0 {
                text += ", seq \(h.sequence)"
                if payloadLength > 0 { text += ":\(h.sequence &+ UInt32(truncatingIfNeeded: payloadLength))" }
            }
            if h.flags & Self.flagACK != 0 { text += ", ack \(h.acknowledgement)" }
            text += ", win \(h.window)"
            if h.flags & Self.flagURG != 0 { text += ", urg \(h.urgent)" }
            if h.headerLength > 20 {
                text += ", options [" + h.options.map(Self.optionText).joined(separator: ",")
                // A bad option ends tcpdump's line (with the bracket closed after other options).
                if case .malformed? = h.options.last { return text + (h.options.count > 1 ? "]" : "") }
                text += "]"
            }
            text += ", length \(payloadLength)"
        }
        return text
    }

    public var isTCP: Bool {
        if case .tcp = transport { return true }
        return false
    }
}

fileprivate extension Array where Element == UInt8 {
    /// Network-order (big-endian) values; callers check the bounds first.
    func be16(_ at: Int) -> UInt16 { UInt16(self[at]) << 8 | UInt16(self[at + 1]) }
    func be32(_ at: Int) -> UInt32 { UInt32(be16(at)) << 16 | UInt32(be16(at + 2)) }
}
