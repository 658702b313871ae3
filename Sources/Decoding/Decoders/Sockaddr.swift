import Glibc

/// Socket addresses: `{sa_family=AF_INET, sin_port=htons(8888), sin_addr=inet_addr("127.0.0.1")}`.
public enum Sockaddr {
    static let storageSize = 128

    static func decode(_ c: DecodeContext, address: UInt64, length: Int64) -> Value {
        guard address != 0 else { return .null }
        guard length >= 2 else { return .pointer(address) }
        let size = Int(min(length, Int64(storageSize)))
        guard let bytes = c.memory.read(address, count: size) else { return .pointer(address) }
        return render(bytes)
    }

    /// The typed value for the bytes of a sockaddr (their count is the address length).
    public static func render(_ bytes: [UInt8]) -> Value {
        .socketAddress(SocketAddress(bytes: bytes))
    }

    /// `127.0.0.1:8888`, `[::1]:8888`, `/tmp/x/server.sock`, `@name` for a decoded sockaddr
    /// (what the explanations and the "what happened" summary say).
    public static func text(_ value: Value) -> String? {
        guard case .socketAddress(let address) = value else { return nil }
        return address.text
    }

    static func port(_ bytes: [UInt8]) -> UInt16 {
        UInt16(bytes[2]) << 8 | UInt16(bytes[3])
    }

    public static func ipv4Text(_ bytes: [UInt8], at offset: Int) -> String {
        (0 ..< 4).map { String(offset + $0 < bytes.count ? bytes[offset + $0] : 0) }.joined(separator: ".")
    }

    /// The text inet_ntop gives for 16 address bytes.
    public static func ipv6Text(_ address: [UInt8]) -> String {
        var raw = address
        if raw.count < 16 { raw += Array(repeating: 0, count: 16 - raw.count) }
        var buffer = [CChar](repeating: 0, count: 64)
        let ok = raw.withUnsafeBytes { source in
            inet_ntop(AF_INET6, source.baseAddress, &buffer, socklen_t(buffer.count)) != nil
        }
        guard ok else { return "" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

/// A socket address as the kernel was given it or gave it: the family, the raw bytes (as many
/// as the address length said, at most 128), and what they mean. strace's text
/// (`{sa_family=AF_INET, sin_port=htons(8888), sin_addr=inet_addr("127.0.0.1")}`) is one
/// rendering of it (`structure`); explanations and JSON read the fields.
public struct SocketAddress: Sendable, Equatable {
    /// What the bytes say, by family. A family whose address is shorter than its structure is
    /// `.other`, as strace prints it (`sa_data=...`).
    public enum Kind: Sendable, Equatable {
        /// AF_INET: 4 address bytes (network order) and the port.
        case inet(address: [UInt8], port: UInt16)
        /// AF_INET6: 16 address bytes, the port, the flow label and, when the address is long
        /// enough to hold it, the scope id.
        case inet6(address: [UInt8], port: UInt16, flowinfo: UInt32, scopeID: UInt32?)
        /// AF_UNIX: a path (up to its first NUL), or an abstract name (the bytes after the
        /// leading NUL, all of them).
        case unix(path: [UInt8], abstract: Bool)
        /// AF_UNIX without a path (an unbound socket's address).
        case unnamed
        /// AF_NETLINK: the port id and the multicast groups.
        case netlink(pid: UInt32, groups: UInt32)
        /// Any other family: the bytes after the family.
        case other(data: [UInt8])
    }

    /// The address's bytes, the family first.
    public let bytes: [UInt8]
    public let family: UInt16
    public let kind: Kind

    public init(bytes: [UInt8]) {
        self.bytes = bytes
        family = bytes.uint16(at: 0)
        switch family {
        case 2 where bytes.count >= 16:
            kind = .inet(address: Array(bytes[4 ..< 8]), port: Sockaddr.port(bytes))
        case 10 where bytes.count >= 24:
            kind = .inet6(address: Array(bytes[8 ..< 24]), port: Sockaddr.port(bytes), flowinfo: UInt32(bigEndian: bytes.uint32(at: 4)),
                          scopeID: bytes.count > 24 ? bytes.uint32(at: 24) : nil)
        case 1 where bytes.count > 2:
            // sun_path holds 108 bytes: what a longer length says beyond them is not the path.
            let path = bytes[2 ..< min(bytes.count, 110)]
            if path.first == 0 {
                kind = .unix(path: Array(path.dropFirst()), abstract: true)
            } else {
                kind = .unix(path: Array(path.prefix { $0 != 0 }), abstract: false)
            }
        case 1:
            kind = .unnamed
        case 16 where bytes.count >= 12:
            kind = .netlink(pid: bytes.uint32(at: 4), groups: bytes.uint32(at: 8))
        default:
            kind = .other(data: Array(bytes.dropFirst(2)))
        }
    }

    /// The host of an IPv4 or IPv6 address, as inet_ntop writes it.
    public var host: String? {
        switch kind {
        case .inet(let address, _): return Sockaddr.ipv4Text(address, at: 0)
        case .inet6(let address, _, _, _): return Sockaddr.ipv6Text(address)
        default: return nil
        }
    }

    public var port: UInt16? {
        switch kind {
        case .inet(_, let port), .inet6(_, let port, _, _): return port
        default: return nil
        }
    }

    /// `127.0.0.1:8888`, `[::1]:8888`, `/tmp/x/server.sock`, `@name`; nil for other families.
    public var text: String? {
        switch kind {
        case .inet(_, let port): return "\(host ?? ""):\(port)"
        case .inet6(_, let port, _, _): return "[\(host ?? "")]:\(port)"
        case .unix(let path, let abstract): return (abstract ? "@" : "") + String(decoding: path, as: UTF8.self)
        case .unnamed, .netlink, .other: return nil
        }
    }

    /// The structure strace prints for it. The families beyond the typed ones (and netlink with
    /// its pad) print as SockaddrFamilies decodes them.
    public var structure: Value {
        if let other = SockaddrFamilies.render(bytes) { return other }
        var fields: [Value.Field] = [.init("sa_family", Tables.addressFamilies.symbol(UInt64(family)))]
        switch kind {
        case .inet(_, let port):
            fields.append(.init("sin_port", .call("htons", [.int(Int64(port))])))
            fields.append(.init("sin_addr", .call("inet_addr", [.string(Array((host ?? "").utf8), truncated: false)])))
        case .inet6(_, let port, let flowinfo, let scopeID):
            fields.append(.init("sin6_port", .call("htons", [.int(Int64(port))])))
            fields.append(.init("sin6_flowinfo", .call("htonl", [.uint(UInt64(flowinfo))])))
            fields.append(.init(nil, .call("inet_pton", [.symbol("AF_INET6", raw: 10), .string(Array((host ?? "").utf8), truncated: false), .verbatim("&sin6_addr")])))
            if scopeID != nil { fields.append(.init("sin6_scope_id", SockaddrFamilies.scopeID(bytes))) }
        case .unix(let path, let abstract):
            if abstract {
                fields.append(.init("sun_path", .joined([.verbatim("@"), .string(path, truncated: false)], separator: "")))
            } else {
                fields.append(.init("sun_path", .string(path, truncated: false)))
            }
        case .unnamed:
            break
        case .netlink(let pid, let groups):
            fields.append(.init("nl_pid", .uint(UInt64(pid))))
            // strace's %#08x: eight characters, 0x counted, and no 0x for zero.
            let hex = String(groups, radix: 16)
            let text = groups == 0 ? "00000000" : "0x" + String(repeating: "0", count: max(0, 6 - hex.count)) + hex
            fields.append(.init("nl_groups", .verbatim(text)))
        case .other(let data):
            fields.append(.init("sa_data", .string(data, truncated: false)))
        }
        return .structure(fields)
    }
}
