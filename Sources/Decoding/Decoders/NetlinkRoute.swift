/// NETLINK_ROUTE payloads strace 6.1 decodes and sockstep does too: the address messages
/// (RTM_NEWADDR/DELADDR/GETADDR, and the multicast and anycast ones that share their
/// ifaddrmsg), which glibc's getaddrinfo sends and reads for AI_ADDRCONFIG.
enum NetlinkRoute {
    /// The payload's text, or nil when sockstep does not decode the type (the caller prints
    /// the bytes).
    static func decode(_ c: DecodeContext, header: Netlink.Header, address: UInt64, length: UInt64) -> String? {
        if header.type == Netlink.done { return nil }
        let index = (Int(header.type) - 16) / 4
        guard index == 1 || index == 10 || index == 11 else { return nil }   // ADDR, MULTICAST, ANYCAST
        guard let family = c.memory.readUInt(address, size: 1) else { return Value.address(address).render(style: c.options.style) }
        return addressMessage(c, family: family, address: address, length: length)
    }

    /// `{ifa_family=AF_INET, ifa_prefixlen=8, ifa_flags=IFA_F_PERMANENT, ifa_scope=RT_SCOPE_HOST,
    /// ifa_index=if_nametoindex("lo")}` and its attributes.
    static func addressMessage(_ c: DecodeContext, family: UInt64, address: UInt64, length: UInt64) -> String {
        var out = "{ifa_family=" + Style.xval(Tables.addressFamilies, family).render(style: c.options.style) + ", "
        guard length >= 8 else { return out + "...}" }
        guard let b = c.memory.read(address, count: 8) else { return out + Value.address(address + 1).render(style: c.options.style) + "}" }
        out += "ifa_prefixlen=\(b[1]), ifa_flags=" + Style.flags(Tables.ifaddrFlags, UInt64(b[2])).render(style: c.options.style)
        out += ", ifa_scope=" + Style.xval(Tables.routingScopes, UInt64(b[3])).render(style: c.options.style)
        out += ", ifa_index=" + Style.ifindex(b.uint32(at: 4)).render(style: c.options.style) + "}"
        guard length > 8 else { return out }
        return out + ", " + Attributes.decode(c, address: address + 8, length: length - 8, table: Tables.ifaddrAttrs) { type, a, l in
            switch type {
            case 1, 2, 4, 5, 7: return inetAddress(c, family: family, address: a, length: l)   // ADDRESS LOCAL BROADCAST ANYCAST MULTICAST
            case 3: return Attributes.string(c, address: a, length: l)                          // IFA_LABEL
            case 6:                                                                              // IFA_CACHEINFO
                guard l >= 16 else { return nil }
                guard let v = c.memory.read(a, count: 16) else { return Value.address(a).render(style: c.options.style) }
                return "{ifa_prefered=\(v.uint32(at: 0)), ifa_valid=\(v.uint32(at: 4)), cstamp=\(v.uint32(at: 8)), tstamp=\(v.uint32(at: 12))}"
            case 8:                                                                              // IFA_FLAGS
                guard l >= 4 else { return nil }
                guard let v = c.memory.readUInt(a, size: 4) else { return Value.address(a).render(style: c.options.style) }
                return Style.flags(Tables.ifaddrFlags, v).render(style: c.options.style)
            case 9: return Attributes.u32(c, address: a, length: l)                             // IFA_RT_PRIORITY
            case 10:                                                                             // IFA_TARGET_NETNSID
                guard l >= 4 else { return nil }
                guard let v = c.memory.readInt32(a) else { return Value.address(a).render(style: c.options.style) }
                return String(v)
            default: return nil
            }
        }
    }

    /// decode_nla_in_addr by family: `inet_addr("127.0.0.1")`, `inet_pton(AF_INET6, "::1")`.
    static func inetAddress(_ c: DecodeContext, family: UInt64, address: UInt64, length: UInt64) -> String? {
        switch family {
        case 2:
            guard length >= 4 else { return nil }
            guard let b = c.memory.read(address, count: 4) else { return Value.address(address).render(style: c.options.style) }
            return Style.inetAddr(b, at: 0).render(style: c.options.style)
        case 10:
            guard length >= 16 else { return nil }
            guard let b = c.memory.read(address, count: 16) else { return Value.address(address).render(style: c.options.style) }
            return "inet_pton(AF_INET6, " + Value.string(Array(Sockaddr.ipv6Text(b).utf8), truncated: false).render(style: c.options.style) + ")"
        default:
            return nil
        }
    }
}
