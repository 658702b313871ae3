/// NETLINK_SOCK_DIAG payloads as strace 6.1 prints them (netlink_sock_diag.c,
/// netlink_unix_diag.c, netlink_inet_diag.c): requests by the family in their first byte,
/// replies likewise, then their attributes.
enum SockDiag {
    /// The payload, or nil to let the caller print it generically (NLMSG_DONE).
    static func decode(_ c: DecodeContext, header: Netlink.Header, address: UInt64, length: UInt64) -> Value? {
        if header.type == Netlink.done { return nil }
        guard let family = c.memory.readUInt(address, size: 1) else { return Value.address(address) }
        let isRequest = header.flags & Netlink.request != 0
        if family < 46 && length > 1 {
            switch (family, isRequest) {
            case (1, true): return unixRequest(c, address: address, length: length)
            case (1, false): return unixMessage(c, address: address, length: length)
            case (2, true), (10, true): return inetRequest(c, type: header.type, family: family, address: address, length: length)
            case (2, false), (10, false): return inetMessage(c, family: family, address: address, length: length)
            default: break
            }
        }
        var fields: [Value.Field] = [.init("family", Style.xval(Tables.addressFamilies, family))]
        if length > 1 { fields.append(.init("data", Style.hexBuffer(c, address: address + 1, length: length - 1))) }
        return .structure(fields)
    }

    /// The structure after its family byte: the fields when all of it is there and readable,
    /// `...` when the message is shorter, the address when it cannot be read.
    static func body(_ c: DecodeContext, address: UInt64, length: UInt64, size: Int, familyField: String, family: UInt64,
                     _ fields: ([UInt8]) -> [Value.Field]) -> (value: Value, decoded: Bool) {
        let first = Value.Field(familyField, Style.xval(Tables.addressFamilies, family))
        guard length >= UInt64(size) else { return (.structure([first, .init(nil, Style.more)]), false) }
        guard let b = c.memory.read(address, count: size) else { return (.structure([first, .init(nil, Value.address(address + 1))]), false) }
        return (.structure([first] + fields(b)), true)
    }

    /// The structure, and its attributes after it when there are any.
    static func withAttributes(_ body: (value: Value, decoded: Bool), length: UInt64, size: UInt64,
                               _ attributes: () -> Value) -> Value {
        guard body.decoded, length > size else { return body.value }
        return .joined([body.value, attributes()], separator: ", ")
    }

    static func cookie(_ b: [UInt8], at o: Int) -> Value {
        .array([.uint(UInt64(b.uint32(at: o))), .uint(UInt64(b.uint32(at: o + 4)))], more: false)
    }

    static func u32(_ b: [UInt8], at o: Int) -> Value { .uint(UInt64(b.uint32(at: o))) }

    static func unixRequest(_ c: DecodeContext, address: UInt64, length: UInt64) -> Value {
        body(c, address: address, length: length, size: 24, familyField: "sdiag_family", family: 1) { b in
            [.init("sdiag_protocol", .uint(UInt64(b[1]))),
             .init("udiag_states", Style.flags(Tables.tcpStateFlags, UInt64(b.uint32(at: 4)))),
             .init("udiag_ino", u32(b, at: 8)),
             .init("udiag_show", Style.flags(Tables.unixDiagShow, UInt64(b.uint32(at: 12)))),
             .init("udiag_cookie", cookie(b, at: 16))]
        }.value
    }

    static func unixMessage(_ c: DecodeContext, address: UInt64, length: UInt64) -> Value {
        let message = body(c, address: address, length: length, size: 16, familyField: "udiag_family", family: 1) { b in
            [.init("udiag_type", Style.xval(Tables.socketTypes, UInt64(b[1]))),
             .init("udiag_state", Style.xval(Tables.tcpStates, UInt64(b[2]))),
             .init("udiag_ino", u32(b, at: 4)),
             .init("udiag_cookie", cookie(b, at: 8))]
        }
        return withAttributes(message, length: length, size: 16) {
            Attributes.decode(c, address: address + 16, length: length - 16, table: Tables.unixDiagAttrs) { type, a, l in
                switch type {
                case 0: return Attributes.string(c, address: a, length: l)              // UNIX_DIAG_NAME
                case 1:                                                                  // UNIX_DIAG_VFS
                    guard l >= 8 else { return nil }
                    guard let v = c.memory.read(a, count: 8) else { return Value.address(a) }
                    return .structure([.init("udiag_vfs_dev", FileStatus.device(UInt64(v.uint32(at: 4)))),
                                       .init("udiag_vfs_ino", u32(v, at: 0))])
                case 2: return Attributes.u32(c, address: a, length: l)                 // UNIX_DIAG_PEER
                case 3:                                                                  // UNIX_DIAG_ICONS
                    guard l >= 4 else { return nil }
                    return Style.array(c, address: a, count: l / 4, size: 4) { v, _ in u32(v, at: 0) }
                case 4:                                                                  // UNIX_DIAG_RQLEN
                    guard l >= 8 else { return nil }
                    guard let v = c.memory.read(a, count: 8) else { return Value.address(a) }
                    return .structure([.init("udiag_rqueue", u32(v, at: 0)), .init("udiag_wqueue", u32(v, at: 4))])
                case 5: return meminfo(c, address: a, length: l)                        // UNIX_DIAG_MEMINFO
                case 6: return Attributes.u8(c, address: a, length: l)                  // UNIX_DIAG_SHUTDOWN
                case 7: return uid(c, address: a, length: l)                            // UNIX_DIAG_UID
                default: return nil
                }
            }
        }
    }

    /// `[[SK_MEMINFO_RMEM_ALLOC]=0, ...]`; the indexes are decimal numbers with -X raw
    /// (`[1]=212992`) and -X verbose (`[1 /* SK_MEMINFO_RCVBUF */]=212992`), as strace's
    /// XLAT_STYLE_FMT_U prints them.
    static func meminfo(_ c: DecodeContext, address: UInt64, length: UInt64) -> Value? {
        guard length >= 4 else { return nil }
        return Style.array(c, address: address, count: length / 4, size: 4) { v, k in
            .joined([.boxed(Style.xvalDecimal(Tables.skMeminfoIndices, UInt64(k))), u32(v, at: 0)], separator: "=")
        }
    }

    static func uid(_ c: DecodeContext, address: UInt64, length: UInt64) -> Value? {
        guard length >= 4 else { return nil }
        guard let v = c.memory.readUInt(address, size: 4) else { return Value.address(address) }
        return v == 0xffff_ffff ? .int(-1) : .uint(v)
    }

    /// print_inet_diag_sockid: the ports, the addresses (all 16 bytes of each with -X raw,
    /// whatever the family), the interface and the cookie.
    static func socketID(_ b: [UInt8], at o: Int, family: UInt64) -> Value {
        var fields: [Value.Field] = [.init("idiag_sport", Style.port(b, at: o)), .init("idiag_dport", Style.port(b, at: o + 2))]
        for (name, offset) in [("idiag_src", o + 4), ("idiag_dst", o + 20)] {
            let bytes = Array(b[offset ..< offset + 16])
            switch family {
            case 2: fields.append(.init(name, .composite(Style.inetAddr(b, at: offset), raw: .hexString(bytes))))
            case 10: fields.append(Style.inet6Addr(b, at: offset, field: name))
            default: fields.append(.init(name, .hexString(bytes)))
            }
        }
        fields.append(.init("idiag_if", Style.ifindex(b.uint32(at: o + 36))))
        fields.append(.init("idiag_cookie", cookie(b, at: o + 40)))
        return .structure(fields)
    }

    static func inetRequest(_ c: DecodeContext, type: UInt16, family: UInt64, address: UInt64, length: UInt64) -> Value {
        if type == 18 || type == 19 { // TCPDIAG_GETSOCK, DCCPDIAG_GETSOCK: the old request
            let request = body(c, address: address, length: length, size: 60, familyField: "idiag_family", family: family) { b in
                [.init("idiag_src_len", .uint(UInt64(b[1]))), .init("idiag_dst_len", .uint(UInt64(b[2]))),
                 .init("idiag_ext", Style.flags(Tables.inetDiagExtendedFlags, UInt64(b[3]))),
                 .init("id", socketID(b, at: 4, family: family)),
                 .init("idiag_states", Style.flags(Tables.tcpStateFlags, UInt64(b.uint32(at: 52)))),
                 .init("idiag_dbs", u32(b, at: 56))]
            }
            return withAttributes(request, length: length, size: 60) { requestAttributes(c, address: address + 60, length: length - 60) }
        }
        let request = body(c, address: address, length: length, size: 56, familyField: "sdiag_family", family: family) { b in
            [.init("sdiag_protocol", Style.xval(Tables.ipProtocols, UInt64(b[1]))),
             .init("idiag_ext", Style.flags(Tables.inetDiagExtendedFlags, UInt64(b[2]))),
             .init("idiag_states", Style.flags(Tables.tcpStateFlags, UInt64(b.uint32(at: 4)))),
             .init("id", socketID(b, at: 8, family: family))]
        }
        return withAttributes(request, length: length, size: 56) { requestAttributes(c, address: address + 56, length: length - 56) }
    }

    static func requestAttributes(_ c: DecodeContext, address: UInt64, length: UInt64) -> Value {
        Attributes.decode(c, address: address, length: length, table: Tables.inetDiagRequestAttrs) { type, a, l in
            guard type == 1, l >= 4 else { return nil }                                  // INET_DIAG_REQ_BYTECODE
            guard let op = c.memory.read(a, count: 4) else { return Value.address(a) }
            guard l > 4 else { return bytecodeOp(op) }
            return .joined([bytecodeOp(op), bytecodeData(c, code: op[0], address: a + 4, length: l - 4)], separator: ", ")
        }
    }

    static func bytecodeOp(_ op: [UInt8]) -> Value {
        .structure([.init("code", Style.xval(Tables.inetDiagBytecodes, UInt64(op[0]))), .init("yes", .uint(UInt64(op[1]))),
                    .init("no", .uint(UInt64(op.uint16(at: 2))))])
    }

    /// What follows a bytecode op (decode_bytecode_data): another op for the port
    /// comparisons, a host condition, an interface, a mark; the bytes otherwise.
    static func bytecodeData(_ c: DecodeContext, code: UInt8, address: UInt64, length: UInt64) -> Value {
        let hex = { Style.hexBuffer(c, address: address, length: length) }
        switch code {
        case 2, 3, 4, 5:                                             // INET_DIAG_BC_S_GE ... D_LE
            guard length >= 4 else { return hex() }
            guard let op = c.memory.read(address, count: 4) else { return Value.address(address) }
            return bytecodeOp(op)
        case 7, 8:                                                   // INET_DIAG_BC_S_COND, D_COND
            guard length >= 8 else { return hex() }
            guard let h = c.memory.read(address, count: 8) else { return Value.address(address) }
            let family = UInt64(h[0])
            var fields: [Value.Field] = [.init("family", Style.xval(Tables.addressFamilies, family)),
                                         .init("prefix_len", .uint(UInt64(h[1]))), .init("port", .int(Int64(h.int32(at: 4))))]
            if length > 8 { fields.append(hostAddress(c, family: family, address: address + 8, length: length - 8)) }
            return .structure(fields)
        case 9:                                                      // INET_DIAG_BC_DEV_COND
            guard length >= 4 else { return hex() }
            guard let v = c.memory.readUInt(address, size: 4) else { return Value.address(address) }
            return Style.ifindex(UInt32(v))
        case 10:                                                     // INET_DIAG_BC_MARK_COND
            guard length >= 8 else { return hex() }
            guard let v = c.memory.read(address, count: 8) else { return Value.address(address) }
            return .structure([.init("mark", u32(v, at: 0)), .init("mask", u32(v, at: 4))])
        default:
            return hex()
        }
    }

    /// decode_inet_addr: `addr=inet_addr("...")`, `inet_pton(AF_INET6, "...", &addr)`, or hex.
    static func hostAddress(_ c: DecodeContext, family: UInt64, address: UInt64, length: UInt64) -> Value.Field {
        let size: UInt64 = family == 2 ? 4 : family == 10 ? 16 : 0
        guard size > 0, length >= size else { return .init("addr", Style.hexBuffer(c, address: address, length: length)) }
        guard let b = c.memory.read(address, count: Int(size)) else { return .init("addr", Value.address(address)) }
        if family == 2 { return .init("addr", Style.inetAddr(b, at: 0)) }
        return Style.inet6Addr(b, at: 0, field: "addr")
    }

    /// INET_DIAG_SOCKOPT: the bits that are set, `{recverr=1, is_icsk=1}`, every bit with -v
    /// (`hdrincl=0`); the five unused bits `unused=0x1c /* bits 3..8 */` when set or with -v.
    static func sockopt(_ c: DecodeContext, address: UInt64, length: UInt64) -> Value? {
        guard length >= 2 else { return nil }
        guard let b = c.memory.read(address, count: 2) else { return Value.address(address) }
        let names = ["recverr", "is_icsk", "freebind", "hdrincl", "mc_loop", "transparent", "mc_all", "nodefrag",
                     "bind_address_no_port", "recverr_rfc4884", "defer_connect"]
        let bits = UInt16(b[0]) | UInt16(b[1]) << 8
        let all = !c.options.abbreviate
        var fields = names.enumerated().filter { all || bits & (1 << UInt16($0.offset)) != 0 }.map {
            Value.Field($0.element, .uint(UInt64(bits >> UInt16($0.offset) & 1)))
        }
        if all || bits >> 11 != 0 { fields.append(.init("unused", .commented(.hex(UInt64(bits >> 11)), "bits 3..8"))) }
        return .structure(fields)
    }

    static func inetMessage(_ c: DecodeContext, family: UInt64, address: UInt64, length: UInt64) -> Value {
        let message = body(c, address: address, length: length, size: 72, familyField: "idiag_family", family: family) { b in
            [.init("idiag_state", Style.xval(Tables.tcpStates, UInt64(b[1]))), .init("idiag_timer", .uint(UInt64(b[2]))),
             .init("idiag_retrans", .uint(UInt64(b[3]))), .init("id", socketID(b, at: 4, family: family)),
             .init("idiag_expires", u32(b, at: 52)), .init("idiag_rqueue", u32(b, at: 56)), .init("idiag_wqueue", u32(b, at: 60)),
             .init("idiag_uid", u32(b, at: 64)), .init("idiag_inode", u32(b, at: 68))]
        }
        return withAttributes(message, length: length, size: 72) {
            Attributes.decode(c, address: address + 72, length: length - 72, table: Tables.inetDiagAttrs) { type, a, l in
                switch type {
                case 1:                                                                  // INET_DIAG_MEMINFO
                    guard l >= 16 else { return nil }
                    guard let v = c.memory.read(a, count: 16) else { return Value.address(a) }
                    return .structure([.init("idiag_rmem", u32(v, at: 0)), .init("idiag_wmem", u32(v, at: 4)),
                                       .init("idiag_fmem", u32(v, at: 8)), .init("idiag_tmem", u32(v, at: 12))])
                case 4: return Attributes.string(c, address: a, length: l)              // INET_DIAG_CONG
                case 5, 6, 10, 11: return Attributes.u8(c, address: a, length: l)       // TOS, TCLASS, PROTOCOL, SKV6ONLY
                case 7: return meminfo(c, address: a, length: l)                        // INET_DIAG_SKMEMINFO
                case 8:                                                                  // INET_DIAG_SHUTDOWN
                    guard l >= 1, l <= 8 else { return nil }
                    guard let v = c.memory.readUInt(a, size: 1) else { return Value.address(a) }
                    return v == 0 ? .uint(0) : shutdownFlags(v)
                case 15, 17: return Attributes.u32(c, address: a, length: l)            // MARK, CLASS_ID
                case 22: return sockopt(c, address: a, length: l)                       // INET_DIAG_SOCKOPT
                case 21:                                                                 // INET_DIAG_CGROUP_ID
                    guard l >= 8 else { return nil }
                    guard let v = c.memory.readUInt(a, size: 8) else { return Value.address(a) }
                    return .uint(v)
                default: return nil
                }
            }
        }
    }

    /// INET_DIAG_SHUTDOWN other than 0 as strace prints it, in the verbose style by default:
    /// `0x3 /* RCV_SHUTDOWN|SEND_SHUTDOWN */`, `0x4 /* ???_SHUTDOWN */`; `0x3` with -X raw.
    static func shutdownFlags(_ v: UInt64) -> Value {
        guard case .flags(let names, let rest, _, _) = Style.flags(Tables.inetDiagShutdownFlags, v) else { return .hex(v) }
        var text = names.joined(separator: "|")
        if rest != 0 { text += (text.isEmpty ? "" : "|") + formatHex(rest) }
        if names.isEmpty { text = "???_SHUTDOWN" }
        return .rawForm(.commented(.hex(v), text), raw: .hex(v))
    }
}
