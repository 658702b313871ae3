import Glibc

/// setsockopt/getsockopt values, by level and option, following strace 6.1's rules: the
/// int-valued SOL_SOCKET options print `[v]`, a few structures print their fields, and any
/// other value prints `[int]` when it is 4 bytes long and as a string of bytes otherwise.
enum SocketOptions {
    static let solSocket: UInt64 = 1, solIP: UInt64 = 0, solIPv6: UInt64 = 41, solNetlink: UInt64 = 270
    static let soError: UInt64 = 4, soLinger: UInt64 = 13, soPeerCred: UInt64 = 17, soTxRehash: UInt64 = 74
    static let ipAddMembership: UInt64 = 35, ipDropMembership: UInt64 = 36
    static let ipv6Memberships: Set<UInt64> = [20, 21, 27, 28]

    /// setsockopt's value: `length` bytes given by the caller.
    static func given(_ c: DecodeContext, level: UInt64, name: UInt64, address: UInt64, length: Int64) -> Value {
        guard address != 0 else { return .null }
        switch (level, name) {
        case (solSocket, soTxRehash):
            guard length >= 4, let v = c.memory.readInt32(address) else { return .pointer(address) }
            return .boxed(Tables.txrehashValues.symbol(UInt64(UInt32(bitPattern: v)), unknownStyle: .decimal))
        case (solSocket, let n) where Tables.intValuedSocketOptions.contains(n):
            return intValue(c, address: address, enough: length >= 4)
        case (solSocket, soLinger):
            guard length >= 8, let b = c.memory.read(address, count: 8) else { return .pointer(address) }
            return linger(b, length: 8)
        case (solIP, ipAddMembership), (solIP, ipDropMembership):
            guard length >= 8, let b = c.memory.read(address, count: 8) else { return .pointer(address) }
            return .structure([.init("imr_multiaddr", .call("inet_addr", [.string(Array(Sockaddr.ipv4Text(b, at: 0).utf8), truncated: false)])),
                               .init("imr_interface", .call("inet_addr", [.string(Array(Sockaddr.ipv4Text(b, at: 4).utf8), truncated: false)]))])
        case (solIPv6, let n) where ipv6Memberships.contains(n):
            guard length >= 20, let b = c.memory.read(address, count: 20) else { return .pointer(address) }
            let text = Sockaddr.ipv6Text(Array(b[0 ..< 16]))
            return .structure([.init(nil, .call("inet_pton", [.symbol("AF_INET6", raw: 10), .string(Array(text.utf8), truncated: false), .verbatim("&ipv6mr_multiaddr")])),
                               .init("ipv6mr_interface", interfaceIndex(b.uint32(at: 16)))])
        case (solNetlink, _):
            return intValue(c, address: address, enough: length >= 4)
        default:
            if length == 4 { return intValue(c, address: address, enough: true) }
            guard length > 0 else { return .pointer(address) }
            return Strings.buffer(c, address: address, length: UInt64(length))
        }
    }

    /// getsockopt's value: the kernel wrote `returned` bytes into a buffer of `given`.
    static func returned(_ c: DecodeContext, level: UInt64, name: UInt64, address: UInt64, given: Int64?, returned: Int64) -> Value {
        guard address != 0 else { return .null }
        if let given, given <= 0 { return .pointer(address) }
        guard returned > 0 else { return .pointer(address) }
        switch (level, name) {
        case (solSocket, soError) where returned >= 4:
            guard let v = c.memory.readInt32(address) else { return .pointer(address) }
            if v > 0, let errnoName = ErrnoTable.name(Int(v)) { return .boxed(.symbol(errnoName, raw: UInt64(v))) }
            return .boxed(.int(Int64(v)))
        case (solSocket, soLinger):
            let n = Int(min(returned, 8))
            guard let b = c.memory.read(address, count: n) else { return .pointer(address) }
            if n < 4 { return .structure([.init("l_onoff", .hexString(b))]) }
            return linger(b, length: n)
        case (solSocket, soPeerCred):
            let n = Int(min(returned, 12))
            guard let b = c.memory.read(address, count: n) else { return .pointer(address) }
            var fields: [Value.Field] = []
            if n >= 4 { fields.append(.init("pid", .int(Int64(b.int32(at: 0))))) }
            if n >= 8 { fields.append(.init("uid", .uint(UInt64(b.uint32(at: 4))))) }
            if n >= 12 { fields.append(.init("gid", .uint(UInt64(b.uint32(at: 8))))) }
            if fields.isEmpty { return .hexString(b) }
            return .structure(fields)
        case (solSocket, let n) where Tables.intValuedSocketOptions.contains(n):
            if returned >= 4 { return intValue(c, address: address, enough: true) }
            guard let b = c.memory.read(address, count: Int(returned)) else { return .pointer(address) }
            return .hexString(b)
        default:
            if returned == 4 { return intValue(c, address: address, enough: true) }
            return Strings.buffer(c, address: address, length: UInt64(returned))
        }
    }

    static func intValue(_ c: DecodeContext, address: UInt64, enough: Bool) -> Value {
        guard enough, let v = c.memory.readInt32(address) else { return .pointer(address) }
        return .boxed(.int(Int64(v)))
    }

    static func linger(_ b: [UInt8], length: Int) -> Value {
        var fields: [Value.Field] = [.init("l_onoff", .int(Int64(b.int32(at: 0))))]
        if length >= 8 { fields.append(.init("l_linger", .int(Int64(b.int32(at: 4))))) }
        return .structure(fields)
    }

    /// `if_nametoindex("lo")` for an interface that exists, else the number.
    static func interfaceIndex(_ index: UInt32) -> Value {
        guard index != 0 else { return .uint(0) }
        var buffer = [CChar](repeating: 0, count: Int(IF_NAMESIZE) + 1)
        guard if_indextoname(index, &buffer) != nil else { return .uint(UInt64(index)) }
        let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return .call("if_nametoindex", [.string(Array(name.utf8), truncated: false)])
    }
}
