/// NETLINK_ROUTE's link and route messages as strace 6.1 prints them (rtnl_link.c,
/// rtnl_route.c): `{ifi_family=AF_UNSPEC, ifi_type=ARPHRD_LOOPBACK, ifi_index=if_nametoindex("lo"),
/// ifi_flags=IFF_UP|IFF_LOOPBACK|IFF_RUNNING|IFF_LOWER_UP, ifi_change=0}` and its IFLA_*
/// attributes; `{rtm_family=AF_INET, rtm_dst_len=8, ..., rtm_type=RTN_LOCAL, rtm_flags=0}` and its
/// RTA_* attributes. What `ip link`, `ip route` and glibc send and read.
enum NetlinkRouteLinks {
    // MARK: Attribute payloads shared by the two

    /// decode_nla_xval / decode_nla_flags: a number of `size` bytes (at least that many, at most
    /// 8, or the bytes in hex), named from `table`.
    static func xval(_ c: DecodeContext, address: UInt64, length: UInt64, size: Int, table: Xlat, flags: Bool = false) -> Value? {
        guard length >= UInt64(size), length <= 8 else { return nil }
        guard let v = c.memory.readUInt(address, size: size) else { return Value.address(address) }
        return flags ? Style.flags(table, v) : Style.xval(table, v)
    }

    /// A fixed-size number of at least `size` bytes (decode_nla_u16, _u64, _s32, _x32...).
    static func number(_ c: DecodeContext, address: UInt64, length: UInt64, size: Int,
                       _ make: (UInt64) -> Value) -> Value? {
        guard length >= UInt64(size) else { return nil }
        guard let v = c.memory.readUInt(address, size: size) else { return Value.address(address) }
        return make(v)
    }

    static func s32(_ c: DecodeContext, address: UInt64, length: UInt64) -> Value? {
        number(c, address: address, length: length, size: 4) { .int(Int64(Int32(truncatingIfNeeded: $0))) }
    }

    static func ifindex(_ c: DecodeContext, address: UInt64, length: UInt64) -> Value? {
        number(c, address: address, length: length, size: 4) { Style.ifindex(UInt32(truncatingIfNeeded: $0)) }
    }

    /// printstr_ex with QUOTE_0_TERMINATED: up to the first NUL, `...` after when there is none
    /// among the bytes shown.
    static func zeroTerminated(_ c: DecodeContext, address: UInt64, length: UInt64) -> Value {
        let shown = Int(min(length, UInt64(max(0, c.options.stringLimit))))
        guard let bytes = c.memory.read(address, count: shown) else { return Value.address(address) }
        if let end = bytes.firstIndex(of: 0) { return .string(Array(bytes[..<end]), truncated: false) }
        return .string(bytes, truncated: length > 0)
    }

    /// A structure of `names.count` unsigned fields of `size` bytes each.
    static func counters(_ b: [UInt8], names: [String], size: Int) -> Value {
        .structure(names.enumerated().map { i, name in
            let v = size == 8 ? b.uint64(at: i * 8) : UInt64(b.uint32(at: i * 4))
            return Value.Field(name, .uint(v))
        })
    }

    // MARK: ifinfomsg

    /// `{ifi_family=..., ifi_type=..., ifi_index=..., ifi_flags=..., ifi_change=0}` and the
    /// attributes after it.
    static func linkMessage(_ c: DecodeContext, family: UInt64, address: UInt64, length: UInt64) -> Value {
        let first = Value.Field("ifi_family", Style.xval(Tables.addressFamilies, family))
        guard length >= 16 else { return .structure([first, .init(nil, Style.more)]) }
        guard let b = c.memory.read(address, count: 16) else { return .structure([first, .init(nil, Value.address(address + 1))]) }
        let message = Value.structure([first, .init("ifi_type", Style.xval(Tables.arpHardwareTypes, UInt64(b.uint16(at: 2)))),
                                       .init("ifi_index", Style.ifindex(b.uint32(at: 4))),
                                       .init("ifi_flags", Style.flags(Tables.interfaceFlags, UInt64(b.uint32(at: 8)))),
                                       .init("ifi_change", .hex(UInt64(b.uint32(at: 12))))])
        guard length > 16 else { return message }
        return .joined([message, linkAttributes(c, family: family, address: address + 16, length: length - 16)], separator: ", ")
    }

    static let statsNames = [
        "rx_packets", "tx_packets", "rx_bytes", "tx_bytes", "rx_errors", "tx_errors", "rx_dropped", "tx_dropped",
        "multicast", "collisions", "rx_length_errors", "rx_over_errors", "rx_crc_errors", "rx_frame_errors",
        "rx_fifo_errors", "rx_missed_errors", "tx_aborted_errors", "tx_carrier_errors", "tx_fifo_errors",
        "tx_heartbeat_errors", "tx_window_errors", "rx_compressed", "tx_compressed", "rx_nohandler",
        "rx_otherhost_dropped",
    ]

    /// struct rtnl_link_stats (IFLA_STATS): 23 counters exactly, or all 24 when there is room.
    static func stats32(_ c: DecodeContext, address: UInt64, length: UInt64) -> Value? {
        let count = length >= 96 ? 24 : length == 92 ? 23 : 0
        guard count > 0 else { return nil }
        guard let b = c.memory.read(address, count: count * 4) else { return Value.address(address) }
        return counters(b, names: Array(statsNames.prefix(count)), size: 4)
    }

    /// struct rtnl_link_stats64 (IFLA_STATS64): 23 counters or 24 exactly, all 25 when there is
    /// room.
    static func stats64(_ c: DecodeContext, address: UInt64, length: UInt64) -> Value? {
        let count = length >= 200 ? 25 : length == 192 ? 24 : length == 184 ? 23 : 0
        guard count > 0 else { return nil }
        guard let b = c.memory.read(address, count: count * 8) else { return Value.address(address) }
        return counters(b, names: Array(statsNames.prefix(count)), size: 8)
    }

    /// The number of address bytes strace's hwaddr_sizes gives the ARPHRD_ type numbered
    /// `devtype` (strace passes the message's ifi_family there): 255 for the types it does
    /// not limit.
    static func hardwareAddressSize(_ devtype: UInt64) -> Int {
        switch devtype {
        case 0, 3: return 7          // ARPHRD_NETROM, ARPHRD_AX25
        case 1, 6: return 6          // ARPHRD_ETHER, ARPHRD_IEEE802
        case 7: return 1             // ARPHRD_ARCNET
        case 15: return 2            // ARPHRD_DLCI
        case 24: return 16           // ARPHRD_IEEE1394
        case 27: return 8            // ARPHRD_EUI64
        case 32: return 20           // ARPHRD_INFINIBAND
        default: return 255
        }
    }

    /// print_hwaddr: `00:11:22:33:44:55` (as many bytes as the type has), the bytes in hex with
    /// -X raw, both with -X verbose; more than 32 bytes in hex only.
    static func hardwareAddress(_ c: DecodeContext, family: UInt64, address: UInt64, length: UInt64) -> Value? {
        guard length <= 32 else { return nil }                       // MAX_ADDR_LEN
        guard let b = c.memory.read(address, count: Int(length)) else { return Value.address(address) }
        let text = Style.mac(b.prefix(min(b.count, hardwareAddressSize(family))))
        return .composite(text, raw: .hexString(b))
    }

    static func linkAttributes(_ c: DecodeContext, family: UInt64, address: UInt64, length: UInt64) -> Value {
        Attributes.decode(c, address: address, length: length, table: Tables.linkAttrs) { type, a, l in
            switch type {
            case 1, 2, 54: return hardwareAddress(c, family: family, address: a, length: l)   // ADDRESS, BROADCAST, PERM_ADDRESS
            case 3, 6, 20, 38, 53, 56, 57: return Attributes.string(c, address: a, length: l) // IFNAME, QDISC, IFALIAS, ...
            case 4, 5, 10, 13, 15, 19, 21, 27, 30, 31, 32, 35, 40, 41, 47, 48, 50, 51, 58, 59, 60, 61:
                return Attributes.u32(c, address: a, length: l)
            case 16, 17, 33, 39: return Attributes.u8(c, address: a, length: l)               // OPERSTATE, LINKMODE, CARRIER, PROTO_DOWN
            case 7: return stats32(c, address: a, length: l)
            case 23: return stats64(c, address: a, length: l)
            case 14: return interfaceMap(c, address: a, length: l)
            case 18: return linkInfo(c, address: a, length: l)
            case 28: return number(c, address: a, length: l, size: 4) { c.fd(Int64(Int32(truncatingIfNeeded: $0))) }
            case 29: return xval(c, address: a, length: l, size: 4, table: Tables.rtextFilterFlags, flags: true)
            case 37, 45, 46: return s32(c, address: a, length: l)                            // LINK_NETNSID, NEW_NETNSID, IF_NETNSID
            case 43: return xdp(c, address: a, length: l)
            case 44: return number(c, address: a, length: l, size: 4) { Style.xval(Tables.linkEvents, $0) }
            case 49: return ifindex(c, address: a, length: l)                                 // NEW_IFINDEX
            case 52:                                                                          // PROP_LIST: IFLA_ALT_IFNAME only
                return Attributes.decode(c, address: a, length: l, table: Tables.linkAttrs) { inner, ia, il in
                    inner == 53 ? Attributes.string(c, address: ia, length: il) : nil
                }
            case 55:                                                                          // PROTO_DOWN_REASON
                return Attributes.decode(c, address: a, length: l, table: Tables.protoDownReasonAttrs) { inner, ia, il in
                    guard inner == 1 || inner == 2 else { return nil }
                    return number(c, address: ia, length: il, size: 4) { .hex($0) }
                }
            default: return nil
            }
        }
    }

    /// struct rtnl_link_ifmap (IFLA_MAP), 28 bytes at least.
    static func interfaceMap(_ c: DecodeContext, address: UInt64, length: UInt64) -> Value? {
        guard length >= 28 else { return nil }
        guard let b = c.memory.read(address, count: 28) else { return Value.address(address) }
        return .structure([.init("mem_start", .hex(b.uint64(at: 0))), .init("mem_end", .hex(b.uint64(at: 8))),
                           .init("base_addr", .hex(b.uint64(at: 16))), .init("irq", .uint(UInt64(b.uint16(at: 24)))),
                           .init("dma", .uint(UInt64(b[26]))), .init("port", .uint(UInt64(b[27])))])
    }

    /// IFLA_LINKINFO: the kind and the slave kind (strings up to their NUL, not hex-escaped by -x
    /// for that NUL as IFLA_IFNAME is); the data of a kind
    /// strace decodes (bridge, tun, can) are not decoded by sockstep yet and print in hex.
    static func linkInfo(_ c: DecodeContext, address: UInt64, length: UInt64) -> Value {
        Attributes.decode(c, address: address, length: length, table: Tables.linkInfoAttrs) { type, a, l in
            switch type {
            case 1, 4: return zeroTerminated(c, address: a, length: l)               // IFLA_INFO_KIND, SLAVE_KIND
            default: return nil
            }
        }
    }

    static func xdp(_ c: DecodeContext, address: UInt64, length: UInt64) -> Value {
        Attributes.decode(c, address: address, length: length, table: Tables.linkXdpAttrs) { type, a, l in
            switch type {
            case 1, 8: return number(c, address: a, length: l, size: 4) { c.fd(Int64(Int32(truncatingIfNeeded: $0))) }
            case 2: return xval(c, address: a, length: l, size: 1, table: Tables.xdpAttachedModes)
            case 3: return number(c, address: a, length: l, size: 4) { Style.flags(Tables.xdpFlags, $0) }
            case 4, 5, 6, 7: return Attributes.u32(c, address: a, length: l)
            default: return nil
            }
        }
    }

    // MARK: rtmsg

    /// `{rtm_family=AF_INET, rtm_dst_len=32, rtm_src_len=0, rtm_tos=0, rtm_table=RT_TABLE_LOCAL,
    /// rtm_protocol=RTPROT_KERNEL, rtm_scope=RT_SCOPE_HOST, rtm_type=RTN_LOCAL, rtm_flags=0}` and
    /// the attributes after it.
    static func routeMessage(_ c: DecodeContext, family: UInt64, address: UInt64, length: UInt64) -> Value {
        let first = Value.Field("rtm_family", Style.xval(Tables.addressFamilies, family))
        guard length >= 12 else { return .structure([first, .init(nil, Style.more)]) }
        guard let b = c.memory.read(address, count: 12) else { return .structure([first, .init(nil, Value.address(address + 1))]) }
        let message = Value.structure([
            first, .init("rtm_dst_len", .uint(UInt64(b[1]))), .init("rtm_src_len", .uint(UInt64(b[2]))),
            .init("rtm_tos", Style.flags(Tables.ipTosFlags, UInt64(b[3]))),
            .init("rtm_table", Style.xval(Tables.routeTables, UInt64(b[4]))),
            .init("rtm_protocol", Style.xval(Tables.routeProtocols, UInt64(b[5]))),
            .init("rtm_scope", Style.xval(Tables.routingScopes, UInt64(b[6]))),
            .init("rtm_type", Style.xval(Tables.routeTypes, UInt64(b[7]))),
            .init("rtm_flags", Style.flags(Tables.routeFlags, UInt64(b.uint32(at: 8)))),
        ])
        guard length > 12 else { return message }
        return .joined([message, routeAttributes(c, family: family, address: address + 12, length: length - 12)], separator: ", ")
    }

    static func routeAttributes(_ c: DecodeContext, family: UInt64, address: UInt64, length: UInt64) -> Value {
        Attributes.decode(c, address: address, length: length, table: Tables.routeAttrs) { type, a, l in
            routeAttribute(c, family: family, type: type, address: a, length: l)
        }
    }

    static func routeAttribute(_ c: DecodeContext, family: UInt64, type: UInt16, address a: UInt64, length l: UInt64) -> Value? {
        switch type {
        case 1, 2, 5, 7, 19: return NetlinkRoute.inetAddress(c, family: family, address: a, length: l) // DST SRC GATEWAY PREFSRC NEWDST
        case 3, 4: return ifindex(c, address: a, length: l)                                             // IIF, OIF
        case 6, 10, 11, 14, 16, 25: return Attributes.u32(c, address: a, length: l)
        case 8:                                                                                         // METRICS
            return Attributes.decode(c, address: a, length: l, table: Tables.routeMetrics) { metric, ma, ml in
                switch metric {
                case 1 ... 15: return Attributes.u32(c, address: ma, length: ml)
                case 16: return Attributes.string(c, address: ma, length: ml)                           // RTAX_CC_ALGO
                default: return nil
                }
            }
        case 9: return multipath(c, family: family, address: a, length: l)
        case 12:                                                                                        // CACHEINFO
            guard l >= 32 else { return nil }
            guard let b = c.memory.read(a, count: 32) else { return Value.address(a) }
            return .structure(["rta_clntref", "rta_lastuse", "rta_expires", "rta_error", "rta_used", "rta_id", "rta_ts",
                               "rta_tsage"].enumerated().map { i, name in
                let v = UInt64(b.uint32(at: i * 4))
                return Value.Field(name, name == "rta_id" ? .hex(v) : .uint(v))
            })
        case 15: return number(c, address: a, length: l, size: 4) { Style.xval(Tables.routeTables, $0) }  // TABLE
        case 17:                                                                                        // MFC_STATS
            guard l >= 24 else { return nil }
            guard let b = c.memory.read(a, count: 24) else { return Value.address(a) }
            return counters(b, names: ["mfcs_packets", "mfcs_bytes", "mfcs_wrong_if"], size: 8)
        case 18: return via(c, address: a, length: l)
        case 20, 26, 27: return Attributes.u8(c, address: a, length: l)                                 // PREF, TTL_PROPAGATE, IP_PROTO
        case 21: return number(c, address: a, length: l, size: 2) { Style.xval(Tables.lwtunnelEncapTypes, $0) }
        case 23: return number(c, address: a, length: l, size: 8) { .uint($0) }                         // EXPIRES
        case 28, 29: return number(c, address: a, length: l, size: 2) { .uint($0) }                     // SPORT, DPORT
        default: return nil
        }
    }

    /// RTA_VIA: `{rtvia_family=AF_INET, rtvia_addr=inet_addr("10.0.0.1")}`, an IPv6 address as
    /// `inet_pton(AF_INET6, "fe80::1", &rtvia_addr)`, other bytes in hex.
    static func via(_ c: DecodeContext, address: UInt64, length: UInt64) -> Value? {
        guard length >= 2 else { return nil }
        guard let b = c.memory.read(address, count: Int(length)) else { return Value.address(address) }
        let family = UInt64(b.uint16(at: 0))
        var fields: [Value.Field] = [.init("rtvia_family", Style.xval(Tables.addressFamilies, family))]
        guard length > 2 else { return .structure(fields) }
        let rest = Array(b[2...])
        if family == 2 && rest.count >= 4 {
            fields.append(.init("rtvia_addr", Style.inetAddr(rest, at: 0)))
        } else if family == 10 && rest.count >= 16 {
            fields.append(Style.inet6Addr(rest, at: 0, field: "rtvia_addr"))
        } else {
            fields.append(.init("rtvia_addr", Style.hexBuffer(c, address: address + 2, length: length - 2)))
        }
        return .structure(fields)
    }

    /// RTA_MULTIPATH: the next hops, each `{rtnh_len=16, rtnh_flags=0, rtnh_hops=1,
    /// rtnh_ifindex=...}` with its own attributes after it.
    static func multipath(_ c: DecodeContext, family: UInt64, address: UInt64, length: UInt64) -> Value {
        Netlink.walk(c, address: address, length: length, headerSize: 8,
                     recordLength: { UInt64($0.uint16(at: 0)) }) { b, address, length in
            let declared = UInt64(b.uint16(at: 0))
            let head = Value.structure([.init("rtnh_len", .uint(declared)),
                                        .init("rtnh_flags", Style.flags(Tables.nexthopFlags, UInt64(b[2]))),
                                        .init("rtnh_hops", .uint(UInt64(b[3]))),
                                        .init("rtnh_ifindex", Style.ifindex(b.uint32(at: 4)))])
            let size = min(declared, length)
            guard size > 8 else { return head }
            return .array([head, routeAttributes(c, family: family, address: address + 8, length: size - 8)], more: false)
        }
    }
}
