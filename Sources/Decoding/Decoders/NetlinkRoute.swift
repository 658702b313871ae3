/// NETLINK_ROUTE payloads strace 6.1 decodes and sockstep does too: the address messages
/// (RTM_NEWADDR/DELADDR/GETADDR, and the multicast and anycast ones that share their
/// ifaddrmsg), which glibc's getaddrinfo sends and reads for AI_ADDRCONFIG; the link and route
/// messages are in NetlinkRouteLinks.
enum NetlinkRoute {
    /// The payload, or nil when sockstep does not decode the type (the caller prints the
    /// bytes).
    static func decode(_ c: DecodeContext, header: Netlink.Header, address: UInt64, length: UInt64) -> Value? {
        if header.type == Netlink.done { return nil }
        let index = (Int(header.type) - 16) / 4
        let link = (16 ... 19).contains(header.type), route = (24 ... 26).contains(header.type)
        guard index == 1 || index == 10 || index == 11 || link || route else { return nil }   // ADDR, MULTICAST, ANYCAST
        guard let family = c.memory.readUInt(address, size: 1) else { return Value.address(address) }
        if link { return NetlinkRouteLinks.linkMessage(c, family: family, address: address, length: length) }
        if route { return NetlinkRouteLinks.routeMessage(c, family: family, address: address, length: length) }
        return addressMessage(c, family: family, address: address, length: length)
    }

    /// `{ifa_family=AF_INET, ifa_prefixlen=8, ifa_flags=IFA_F_PERMANENT, ifa_scope=RT_SCOPE_HOST,
    /// ifa_index=if_nametoindex("lo")}` and its attributes.
    static func addressMessage(_ c: DecodeContext, family: UInt64, address: UInt64, length: UInt64) -> Value {
        let first = Value.Field("ifa_family", Style.xval(Tables.addressFamilies, family))
        guard length >= 8 else { return .structure([first, .init(nil, Style.more)]) }
        guard let b = c.memory.read(address, count: 8) else { return .structure([first, .init(nil, Value.address(address + 1))]) }
        let message = Value.structure([first, .init("ifa_prefixlen", .uint(UInt64(b[1]))),
                                       .init("ifa_flags", Style.flags(Tables.ifaddrFlags, UInt64(b[2]))),
                                       .init("ifa_scope", Style.xval(Tables.routingScopes, UInt64(b[3]))),
                                       .init("ifa_index", Style.ifindex(b.uint32(at: 4)))])
        guard length > 8 else { return message }
        let attributes = Attributes.decode(c, address: address + 8, length: length - 8, table: Tables.ifaddrAttrs) { type, a, l in
            switch type {
            case 1, 2, 4, 5, 7: return inetAddress(c, family: family, address: a, length: l)   // ADDRESS LOCAL BROADCAST ANYCAST MULTICAST
            case 3: return Attributes.string(c, address: a, length: l)                          // IFA_LABEL
            case 6:                                                                              // IFA_CACHEINFO
                guard l >= 16 else { return nil }
                guard let v = c.memory.read(a, count: 16) else { return Value.address(a) }
                return .structure(["ifa_prefered", "ifa_valid", "cstamp", "tstamp"].enumerated().map {
                    .init($0.element, .uint(UInt64(v.uint32(at: 4 * $0.offset))))
                })
            case 8:                                                                              // IFA_FLAGS
                guard l >= 4 else { return nil }
                guard let v = c.memory.readUInt(a, size: 4) else { return Value.address(a) }
                return Style.flags(Tables.ifaddrFlags, v)
            case 9: return Attributes.u32(c, address: a, length: l)                             // IFA_RT_PRIORITY
            case 10:                                                                             // IFA_TARGET_NETNSID
                guard l >= 4 else { return nil }
                guard let v = c.memory.readInt32(a) else { return Value.address(a) }
                return .int(Int64(v))
            default: return nil
            }
        }
        return .joined([message, attributes], separator: ", ")
    }

    /// decode_nla_in_addr by family: `inet_addr("127.0.0.1")`, `inet_pton(AF_INET6, "::1")`
    /// (with -X raw its 16 bytes in hex, with -X verbose the call in a comment after them).
    static func inetAddress(_ c: DecodeContext, family: UInt64, address: UInt64, length: UInt64) -> Value? {
        switch family {
        case 2:
            guard length >= 4 else { return nil }
            guard let b = c.memory.read(address, count: 4) else { return Value.address(address) }
            return Style.inetAddr(b, at: 0)
        case 10:
            guard length >= 16 else { return nil }
            guard let b = c.memory.read(address, count: 16) else { return Value.address(address) }
            let call = Value.call("inet_pton", [.symbol("AF_INET6", raw: 10), .string(Array(Sockaddr.ipv6Text(b).utf8), truncated: false)])
            return .composite(call, raw: .hexString(b))
        default:
            return nil
        }
    }
}
