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

    /// The structure for the bytes of a sockaddr (their count is the address length).
    public static func render(_ bytes: [UInt8]) -> Value {
        if let other = SockaddrFamilies.render(bytes) { return other }
        let family = UInt64(bytes.uint16(at: 0))
        var fields: [Value.Field] = [.init("sa_family", Tables.addressFamilies.symbol(family))]
        switch family {
        case 2 where bytes.count >= 16: // AF_INET
            fields.append(.init("sin_port", .call("htons", [.int(Int64(port(bytes)))])))
            fields.append(.init("sin_addr", .call("inet_addr", [.string(Array(ipv4Text(bytes, at: 4).utf8), truncated: false)])))
        case 10 where bytes.count >= 24: // AF_INET6
            fields.append(.init("sin6_port", .call("htons", [.int(Int64(port(bytes)))])))
            let flow = UInt32(bigEndian: bytes.uint32(at: 4))
            fields.append(.init("sin6_flowinfo", .call("htonl", [.uint(UInt64(flow))])))
            let text = ipv6Text(Array(bytes[8 ..< 24]))
            fields.append(.init(nil, .call("inet_pton", [.symbol("AF_INET6", raw: 10), .string(Array(text.utf8), truncated: false), .verbatim("&sin6_addr")])))
            if bytes.count > 24 {
                fields.append(.init("sin6_scope_id", SockaddrFamilies.scopeID(bytes)))
            }
        case 1: // AF_UNIX
            if bytes.count > 2 {
                let path = Array(bytes[2 ..< min(bytes.count, 110)])
                if path.first == 0 {
                    fields.append(.init("sun_path", .joined([.verbatim("@"), .string(Array(path.dropFirst()), truncated: false)], separator: "")))
                } else {
                    let end = path.firstIndex(of: 0) ?? path.count
                    fields.append(.init("sun_path", .string(Array(path[..<end]), truncated: false)))
                }
            }
        case 16 where bytes.count >= 12: // AF_NETLINK
            fields.append(.init("nl_pid", .uint(UInt64(bytes.uint32(at: 4)))))
            let groups = bytes.uint32(at: 8)
            // strace's %#08x: eight characters, 0x counted, and no 0x for zero.
            let hex = String(groups, radix: 16)
            let text = groups == 0 ? "00000000" : "0x" + String(repeating: "0", count: max(0, 6 - hex.count)) + hex
            fields.append(.init("nl_groups", .verbatim(text)))
        default:
            fields.append(.init("sa_data", .string(Array(bytes.dropFirst(2)), truncated: false)))
        }
        return .structure(fields)
    }

    /// `127.0.0.1:8888`, `[::1]:8888`, `/tmp/x/server.sock`, `@name` for a decoded sockaddr
    /// (what the explanations and the "what happened" summary say).
    public static func text(_ value: Value) -> String? {
        guard case .structure(let fields) = value else { return nil }
        var host: String?
        var port: String?
        var path: String?
        var v6 = false
        for field in fields {
            switch (field.name, field.value) {
            case ("sin_port"?, .call(_, let args)), ("sin6_port"?, .call(_, let args)):
                port = args.first?.render()
            case ("sin_addr"?, .call(_, let args)):
                if case .string(let bytes, _)? = args.first { host = String(decoding: bytes, as: UTF8.self) }
            case (nil, .call("inet_pton", let args)) where args.count > 1:
                if case .string(let bytes, _) = args[1] { host = String(decoding: bytes, as: UTF8.self); v6 = true }
            case ("sun_path"?, .string(let bytes, _)):
                path = String(decoding: bytes, as: UTF8.self)
            case ("sun_path"?, .joined(let parts, _)):
                if case .string(let bytes, _)? = parts.last { path = "@" + String(decoding: bytes, as: UTF8.self) }
            default:
                break
            }
        }
        if let path { return path }
        guard let host, let port else { return nil }
        return v6 ? "[\(host)]:\(port)" : "\(host):\(port)"
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
