/// NETLINK_SOCK_DIAG payloads as strace 6.1 prints them (netlink_sock_diag.c,
/// netlink_unix_diag.c, netlink_inet_diag.c): requests by the family in their first byte,
/// replies likewise, then their attributes.
enum SockDiag {
    /// The payload's text, or nil to let the caller print it generically (NLMSG_DONE).
    static func decode(_ c: DecodeContext, header: Netlink.Header, address: UInt64, length: UInt64) -> String? {
        if header.type == Netlink.done { return nil }
        guard let family = c.memory.readUInt(address, size: 1) else { return Value.address(address).render(style: c.options.style) }
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
        var out = "{family=" + Style.xval(Tables.addressFamilies, family).render(style: c.options.style)
        if length > 1 { out += ", data=" + Style.hexBuffer(c, address: address + 1, length: length - 1).render(style: c.options.style) }
        return out + "}"
    }

    /// The structure after its family byte: the fields when all of it is there and readable,
    /// `...` when the message is shorter, the address when it cannot be read.
    static func body(_ c: DecodeContext, address: UInt64, length: UInt64, size: Int, familyField: String, family: UInt64,
                     _ fields: ([UInt8]) -> String) -> (text: String, decoded: Bool) {
        var out = "{" + familyField + "=" + Style.xval(Tables.addressFamilies, family).render(style: c.options.style) + ", "
        guard length >= UInt64(size) else { return (out + "...}", false) }
        guard let b = c.memory.read(address, count: size) else { return (out + Value.address(address + 1).render(style: c.options.style) + "}", false) }
        out += fields(b)
        return (out + "}", true)
    }

    static func cookie(_ b: [UInt8], at o: Int) -> String { "[\(b.uint32(at: o)), \(b.uint32(at: o + 4))]" }

    static func unixRequest(_ c: DecodeContext, address: UInt64, length: UInt64) -> String {
        body(c, address: address, length: length, size: 24, familyField: "sdiag_family", family: 1) { b in
            "sdiag_protocol=\(b[1]), udiag_states=\(Style.flags(Tables.tcpStateFlags, UInt64(b.uint32(at: 4))).render(style: c.options.style)), "
                + "udiag_ino=\(b.uint32(at: 8)), udiag_show=\(Style.flags(Tables.unixDiagShow, UInt64(b.uint32(at: 12))).render(style: c.options.style)), "
                + "udiag_cookie=" + cookie(b, at: 16)
        }.text
    }

    static func unixMessage(_ c: DecodeContext, address: UInt64, length: UInt64) -> String {
        let (text, decoded) = body(c, address: address, length: length, size: 16, familyField: "udiag_family", family: 1) { b in
            "udiag_type=\(Style.xval(Tables.socketTypes, UInt64(b[1])).render(style: c.options.style)), udiag_state=\(Style.xval(Tables.tcpStates, UInt64(b[2])).render(style: c.options.style)), "
                + "udiag_ino=\(b.uint32(at: 4)), udiag_cookie=" + cookie(b, at: 8)
        }
        guard decoded, length > 16 else { return text }
        return text + ", " + Attributes.decode(c, address: address + 16, length: length - 16, table: Tables.unixDiagAttrs) { type, a, l in
            switch type {
            case 0: return Attributes.string(c, address: a, length: l)                  // UNIX_DIAG_NAME
            case 1:                                                                      // UNIX_DIAG_VFS
                guard l >= 8 else { return nil }
                guard let v = c.memory.read(a, count: 8) else { return Value.address(a).render(style: c.options.style) }
                return "{udiag_vfs_dev=\(device(v.uint32(at: 4))), udiag_vfs_ino=\(v.uint32(at: 0))}"
            case 2: return Attributes.u32(c, address: a, length: l)                     // UNIX_DIAG_PEER
            case 3:                                                                      // UNIX_DIAG_ICONS
                guard l >= 4 else { return nil }
                return Style.array(c, address: a, count: l / 4, size: 4) { v, _ in .uint(UInt64(v.uint32(at: 0))) }.render(style: c.options.style)
            case 4:                                                                      // UNIX_DIAG_RQLEN
                guard l >= 8 else { return nil }
                guard let v = c.memory.read(a, count: 8) else { return Value.address(a).render(style: c.options.style) }
                return "{udiag_rqueue=\(v.uint32(at: 0)), udiag_wqueue=\(v.uint32(at: 4))}"
            case 5: return meminfo(c, address: a, length: l)                            // UNIX_DIAG_MEMINFO
            case 6: return Attributes.u8(c, address: a, length: l)                      // UNIX_DIAG_SHUTDOWN
            case 7: return uid(c, address: a, length: l)                                // UNIX_DIAG_UID
            default: return nil
            }
        }
    }

    /// PRINT_FIELD_DEV: `makedev(0, 0xfe00)`, glibc's major() and minor() of the value as the
    /// kernel gives it (its own dev_t, major << 20 | minor, read as a user-space dev_t).
    static func device(_ dev: UInt32) -> String {
        let d = UInt64(dev)
        let major = ((d >> 8) & 0xfff) | ((d >> 32) & ~0xfff)
        let minor = (d & 0xff) | ((d >> 12) & ~0xff)
        return "makedev(\(formatHex(major)), \(formatHex(minor)))"
    }

    /// `[[SK_MEMINFO_RMEM_ALLOC] = 0, ...]`.
    static func meminfo(_ c: DecodeContext, address: UInt64, length: UInt64) -> String? {
        guard length >= 4 else { return nil }
        return Style.array(c, address: address, count: length / 4, size: 4) { v, k in
            let index = Style.xval(Tables.skMeminfoIndices, UInt64(k)).render(style: c.options.style)
            return .verbatim("[\(index)]=\(v.uint32(at: 0))")
        }.render(style: c.options.style)
    }

    static func uid(_ c: DecodeContext, address: UInt64, length: UInt64) -> String? {
        guard length >= 4 else { return nil }
        guard let v = c.memory.readUInt(address, size: 4) else { return Value.address(address).render(style: c.options.style) }
        return v == 0xffff_ffff ? "-1" : String(v)
    }

    /// print_inet_diag_sockid.
    static func socketID(_ b: [UInt8], at o: Int, family: UInt64, style: RenderStyle) -> String {
        var out = "{idiag_sport=" + Style.port(b, at: o).render(style: style) + ", idiag_dport=" + Style.port(b, at: o + 2).render(style: style)
        for (name, offset) in [("idiag_src", o + 4), ("idiag_dst", o + 20)] {
            out += ", "
            switch family {
            case 2: out += name + "=" + Style.inetAddr(b, at: offset).render(style: style)
            case 10: out += Value.structure([Style.inet6Addr(b, at: offset, field: name)]).render(style: style).dropFirst().dropLast()
            default: out += name + "=" + Value.hexString(Array(b[offset ..< offset + 16])).render(style: style)
            }
        }
        out += ", idiag_if=" + Style.ifindex(b.uint32(at: o + 36)).render(style: style)
        out += ", idiag_cookie=" + cookie(b, at: o + 40) + "}"
        return out
    }

    static func inetRequest(_ c: DecodeContext, type: UInt16, family: UInt64, address: UInt64, length: UInt64) -> String {
        if type == 18 || type == 19 { // TCPDIAG_GETSOCK, DCCPDIAG_GETSOCK: the old request
            let (text, decoded) = body(c, address: address, length: length, size: 60, familyField: "idiag_family", family: family) { b in
                "idiag_src_len=\(b[1]), idiag_dst_len=\(b[2]), idiag_ext=\(Style.flags(Tables.inetDiagExtendedFlags, UInt64(b[3])).render(style: c.options.style)), "
                    + "id=" + socketID(b, at: 4, family: family, style: c.options.style)
                    + ", idiag_states=\(Style.flags(Tables.tcpStateFlags, UInt64(b.uint32(at: 52))).render(style: c.options.style)), idiag_dbs=\(b.uint32(at: 56))"
            }
            return decoded && length > 60 ? text + ", " + requestAttributes(c, address: address + 60, length: length - 60) : text
        }
        let (text, decoded) = body(c, address: address, length: length, size: 56, familyField: "sdiag_family", family: family) { b in
            "sdiag_protocol=\(Style.xval(Tables.ipProtocols, UInt64(b[1])).render(style: c.options.style)), "
                + "idiag_ext=\(Style.flags(Tables.inetDiagExtendedFlags, UInt64(b[2])).render(style: c.options.style)), "
                + "idiag_states=\(Style.flags(Tables.tcpStateFlags, UInt64(b.uint32(at: 4))).render(style: c.options.style)), "
                + "id=" + socketID(b, at: 8, family: family, style: c.options.style)
        }
        return decoded && length > 56 ? text + ", " + requestAttributes(c, address: address + 56, length: length - 56) : text
    }

    static func requestAttributes(_ c: DecodeContext, address: UInt64, length: UInt64) -> String {
        Attributes.decode(c, address: address, length: length, table: Tables.inetDiagRequestAttrs) { type, a, l in
            guard type == 1, l >= 4 else { return nil }                                  // INET_DIAG_REQ_BYTECODE
            guard let op = c.memory.read(a, count: 4) else { return Value.address(a).render(style: c.options.style) }
            return bytecodeOp(op, style: c.options.style) + (l > 4 ? ", " + bytecodeData(c, code: op[0], address: a + 4, length: l - 4) : "")
        }
    }

    static func bytecodeOp(_ op: [UInt8], style: RenderStyle) -> String {
        "{code=\(Style.xval(Tables.inetDiagBytecodes, UInt64(op[0])).render(style: style)), yes=\(op[1]), no=\(op.uint16(at: 2))}"
    }

    /// What follows a bytecode op (decode_bytecode_data): another op for the port
    /// comparisons, a host condition, an interface, a mark; the bytes otherwise.
    static func bytecodeData(_ c: DecodeContext, code: UInt8, address: UInt64, length: UInt64) -> String {
        let hex = { Style.hexBuffer(c, address: address, length: length).render(style: c.options.style) }
        switch code {
        case 2, 3, 4, 5:                                             // INET_DIAG_BC_S_GE ... D_LE
            guard length >= 4 else { return hex() }
            guard let op = c.memory.read(address, count: 4) else { return Value.address(address).render(style: c.options.style) }
            return bytecodeOp(op, style: c.options.style)
        case 7, 8:                                                   // INET_DIAG_BC_S_COND, D_COND
            guard length >= 8 else { return hex() }
            guard let h = c.memory.read(address, count: 8) else { return Value.address(address).render(style: c.options.style) }
            let family = UInt64(h[0])
            var out = "{family=\(Style.xval(Tables.addressFamilies, family).render(style: c.options.style)), prefix_len=\(h[1]), port=\(h.int32(at: 4))"
            if length > 8 {
                out += ", " + hostAddress(c, family: family, address: address + 8, length: length - 8)
            }
            return out + "}"
        case 9:                                                      // INET_DIAG_BC_DEV_COND
            guard length >= 4 else { return hex() }
            guard let v = c.memory.readUInt(address, size: 4) else { return Value.address(address).render(style: c.options.style) }
            return Style.ifindex(UInt32(v)).render(style: c.options.style)
        case 10:                                                     // INET_DIAG_BC_MARK_COND
            guard length >= 8 else { return hex() }
            guard let v = c.memory.read(address, count: 8) else { return Value.address(address).render(style: c.options.style) }
            return "{mark=\(v.uint32(at: 0)), mask=\(v.uint32(at: 4))}"
        default:
            return hex()
        }
    }

    /// decode_inet_addr: `addr=inet_addr("...")`, `inet_pton(AF_INET6, "...", &addr)`, or hex.
    static func hostAddress(_ c: DecodeContext, family: UInt64, address: UInt64, length: UInt64) -> String {
        let size: UInt64 = family == 2 ? 4 : family == 10 ? 16 : 0
        guard size > 0, length >= size else { return "addr=" + Style.hexBuffer(c, address: address, length: length).render(style: c.options.style) }
        guard let b = c.memory.read(address, count: Int(size)) else { return "addr=" + Value.address(address).render(style: c.options.style) }
        if family == 2 { return "addr=" + Style.inetAddr(b, at: 0).render(style: c.options.style) }
        return Value.structure([Style.inet6Addr(b, at: 0, field: "addr")]).render(style: c.options.style).dropFirst().dropLast().description
    }

    /// INET_DIAG_SOCKOPT: the bits that are set, `{recverr=1, is_icsk=1}`.
    static func sockopt(_ c: DecodeContext, address: UInt64, length: UInt64) -> String? {
        guard length >= 2 else { return nil }
        guard let b = c.memory.read(address, count: 2) else { return Value.address(address).render(style: c.options.style) }
        let names = ["recverr", "is_icsk", "freebind", "hdrincl", "mc_loop", "transparent", "mc_all", "nodefrag",
                     "bind_address_no_port", "recverr_rfc4884", "defer_connect"]
        let bits = UInt16(b[0]) | UInt16(b[1]) << 8
        var fields = names.enumerated().filter { bits & (1 << UInt16($0.offset)) != 0 }.map { $0.element + "=1" }
        if bits >> 11 != 0 { fields.append("unused=" + formatHex(UInt64(bits >> 11))) }
        return "{" + fields.joined(separator: ", ") + "}"
    }

    static func inetMessage(_ c: DecodeContext, family: UInt64, address: UInt64, length: UInt64) -> String {
        let (text, decoded) = body(c, address: address, length: length, size: 72, familyField: "idiag_family", family: family) { b in
            "idiag_state=\(Style.xval(Tables.tcpStates, UInt64(b[1])).render(style: c.options.style)), idiag_timer=\(b[2]), idiag_retrans=\(b[3]), "
                + "id=" + socketID(b, at: 4, family: family, style: c.options.style)
                + ", idiag_expires=\(b.uint32(at: 52)), idiag_rqueue=\(b.uint32(at: 56)), idiag_wqueue=\(b.uint32(at: 60)), "
                + "idiag_uid=\(b.uint32(at: 64)), idiag_inode=\(b.uint32(at: 68))"
        }
        guard decoded, length > 72 else { return text }
        return text + ", " + Attributes.decode(c, address: address + 72, length: length - 72, table: Tables.inetDiagAttrs) { type, a, l in
            switch type {
            case 1:                                                                      // INET_DIAG_MEMINFO
                guard l >= 16 else { return nil }
                guard let v = c.memory.read(a, count: 16) else { return Value.address(a).render(style: c.options.style) }
                return "{idiag_rmem=\(v.uint32(at: 0)), idiag_wmem=\(v.uint32(at: 4)), idiag_fmem=\(v.uint32(at: 8)), idiag_tmem=\(v.uint32(at: 12))}"
            case 4: return Attributes.string(c, address: a, length: l)                  // INET_DIAG_CONG
            case 5, 6, 10, 11: return Attributes.u8(c, address: a, length: l)           // TOS, TCLASS, PROTOCOL, SKV6ONLY
            case 7: return meminfo(c, address: a, length: l)                            // INET_DIAG_SKMEMINFO
            case 8:                                                                      // INET_DIAG_SHUTDOWN
                guard l >= 1, l <= 8 else { return nil }
                guard let v = c.memory.readUInt(a, size: 1) else { return Value.address(a).render(style: c.options.style) }
                return Style.flags(Tables.inetDiagShutdownFlags, v).render() == "0" ? "0" : verboseFlags(v)
            case 15, 17: return Attributes.u32(c, address: a, length: l)                // MARK, CLASS_ID
            case 22: return sockopt(c, address: a, length: l)                           // INET_DIAG_SOCKOPT
            case 21:                                                                     // INET_DIAG_CGROUP_ID
                guard l >= 8 else { return nil }
                guard let v = c.memory.readUInt(a, size: 8) else { return Value.address(a).render(style: c.options.style) }
                return String(v)
            default: return nil
            }
        }
    }

    /// INET_DIAG_SHUTDOWN in the verbose style: `0x3 /* RCV_SHUTDOWN|SEND_SHUTDOWN */`.
    static func verboseFlags(_ v: UInt64) -> String {
        let names = Style.flags(Tables.inetDiagShutdownFlags, v)
        if case .flags(let list, let rest, _, _) = names {
            var text = list.joined(separator: "|")
            if rest != 0 { text += (text.isEmpty ? "" : "|") + formatHex(rest) }
            if list.isEmpty { text = "???_SHUTDOWN" }
            return formatHex(v) + " /* " + text + " */"
        }
        return formatHex(v)
    }
}
