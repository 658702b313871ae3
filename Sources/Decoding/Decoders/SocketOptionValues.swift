/// setsockopt/getsockopt values, by level and option, following strace 6.1's rules (net.c):
/// the int-valued SOL_SOCKET options print `[v]`, a few structures print their fields (a
/// structure cut short by the length shows its last field's bytes in hex), and any other value
/// prints `[int]` when it is 4 bytes long and as a string of bytes otherwise.
enum SocketOptions {
    static let solSocket: UInt64 = 1, solIP: UInt64 = 0, solIPv6: UInt64 = 41, solRaw: UInt64 = 255
    static let solPacket: UInt64 = 263, solNetlink: UInt64 = 270
    static let soError: UInt64 = 4, soLinger: UInt64 = 13, soPeerCred: UInt64 = 17, soTxRehash: UInt64 = 74
    static let soAttachFilter: UInt64 = 26, soAttachReuseportCBPF: UInt64 = 51
    static let ipAddMembership: UInt64 = 35, ipDropMembership: UInt64 = 36
    static let mcastJoinGroup: UInt64 = 42, mcastLeaveGroup: UInt64 = 45
    static let ipv6Memberships: Set<UInt64> = [20, 21, 27, 28]
    static let packetAddMembership: UInt64 = 1, packetDropMembership: UInt64 = 2
    static let packetRxRing: UInt64 = 5, packetStatistics: UInt64 = 6, packetTxRing: UInt64 = 13
    static let icmpFilter: UInt64 = 1, netlinkListMemberships: UInt64 = 9

    // MARK: setsockopt

    /// setsockopt's value: `length` bytes given by the caller.
    static func given(_ c: DecodeContext, level: UInt64, name: UInt64, address: UInt64, length: Int64) -> Value {
        guard address != 0 else { return .null }
        switch (level, name) {
        case (solSocket, soTxRehash):
            guard length >= 4, let v = c.memory.readInt32(address) else { return .pointer(address) }
            return .boxed(txrehash(v))
        case (solSocket, let n) where Tables.intValuedSocketOptions.contains(n):
            return intValue(c, address: address, enough: length >= 4)
        case (solSocket, soLinger):
            guard length >= 8, let b = c.memory.read(address, count: 8) else { return .pointer(address) }
            return linger(b, length: 8)
        case (solSocket, soAttachFilter), (solSocket, soAttachReuseportCBPF):
            guard length == 16 else { return .pointer(address) }
            return Seccomp.fprog(c, address: address, seccomp: false)
        case (solIP, ipAddMembership), (solIP, ipDropMembership):
            guard length >= 8, let b = c.memory.read(address, count: 8) else { return .pointer(address) }
            return .structure([.init("imr_multiaddr", Style.inetAddr(b, at: 0)), .init("imr_interface", Style.inetAddr(b, at: 4))])
        case (solIP, mcastJoinGroup), (solIP, mcastLeaveGroup), (solIPv6, mcastJoinGroup), (solIPv6, mcastLeaveGroup):
            guard length == 136, let b = c.memory.read(address, count: 136) else { return .pointer(address) }
            return .structure([.init("gr_interface", Style.ifindex(b.uint32(at: 0))),
                               .init("gr_group", Sockaddr.render(Array(b[8 ..< 136])))])
        case (solIPv6, let n) where ipv6Memberships.contains(n):
            guard length >= 20, let b = c.memory.read(address, count: 20) else { return .pointer(address) }
            return .structure([Style.inet6Addr(b, at: 0, field: "ipv6mr_multiaddr"),
                               .init("ipv6mr_interface", Style.ifindex(b.uint32(at: 16)))])
        case (solPacket, packetRxRing), (solPacket, packetTxRing):
            guard length == 16, let b = c.memory.read(address, count: 16) else { return .pointer(address) }
            return .structure(["tp_block_size", "tp_block_nr", "tp_frame_size", "tp_frame_nr"].enumerated().map {
                .init($0.element, .uint(UInt64(b.uint32(at: $0.offset * 4))))
            })
        case (solPacket, packetAddMembership), (solPacket, packetDropMembership):
            guard length == 16, let b = c.memory.read(address, count: 16) else { return .pointer(address) }
            let alen = Int(b.uint16(at: 6))
            return .structure([.init("mr_ifindex", Style.ifindex(b.uint32(at: 0))),
                               .init("mr_type", Style.xval(Tables.packetMreqTypes, UInt64(b.uint16(at: 4)))),
                               .init("mr_alen", .uint(UInt64(alen))),
                               .init("mr_address", Style.mac(b[8 ..< 8 + min(alen, 8)]))])
        case (solRaw, icmpFilter):
            return icmpFilterValue(c, address: address, length: length)
        case (solNetlink, _):
            return intValue(c, address: address, enough: length >= 4)
        default:
            if length == 4 { return intValue(c, address: address, enough: true) }
            // printstrn with the int length: 0 prints "", a negative one as a huge length.
            return Strings.buffer(c, address: address, length: UInt64(bitPattern: length))
        }
    }

    // MARK: getsockopt

    /// getsockopt's value: the kernel wrote `returned` bytes into a buffer of `given`.
    static func returned(_ c: DecodeContext, level: UInt64, name: UInt64, address: UInt64, given: Int64?, returned: Int64) -> Value {
        if let given, given <= 0 { return .address(address) }
        guard returned > 0 else { return .address(address) }
        guard address != 0 else { return .null }
        switch (level, name) {
        case (solSocket, soError):
            let n = Int(min(returned, 4))
            guard let b = c.memory.read(address, count: n) else { return .pointer(address) }
            if n < 4 { return .hexString(b) }
            let v = UInt64(b.uint32(at: 0))
            if let errnoName = ErrnoTable.name(Int(v)), v != 0 { return .boxed(.symbol(errnoName, raw: v)) }
            return .boxed(.uint(v))
        case (solSocket, soLinger):
            return partial(c, address: address, length: returned, fields: [("l_onoff", 4, { .int(Int64($0.int32(at: 0))) }),
                                                                          ("l_linger", 4, { .int(Int64($0.int32(at: 0))) })])
        case (solSocket, soPeerCred):
            return partial(c, address: address, length: returned, fields: [("pid", 4, { c.processID(Int64($0.int32(at: 0))) }),
                                                                          ("uid", 4, { id($0.uint32(at: 0)) }),
                                                                          ("gid", 4, { id($0.uint32(at: 0)) })])
        case (solSocket, soTxRehash) where returned >= 4:
            guard let v = c.memory.readInt32(address) else { return .pointer(address) }
            return .boxed(txrehash(v))
        case (solSocket, let n) where Tables.intValuedSocketOptions.contains(n):
            if returned >= 4 { return intValue(c, address: address, enough: true) }
            guard let b = c.memory.read(address, count: Int(returned)) else { return .pointer(address) }
            return .hexString(b)
        case (solPacket, packetStatistics):
            return partial(c, address: address, length: returned, fields: [("tp_packets", 4, { .uint(UInt64($0.uint32(at: 0))) }),
                                                                          ("tp_drops", 4, { .uint(UInt64($0.uint32(at: 0))) }),
                                                                          ("tp_freeze_q_cnt", 4, { .uint(UInt64($0.uint32(at: 0))) })])
        case (solRaw, icmpFilter):
            return icmpFilterValue(c, address: address, length: returned)
        case (solNetlink, netlinkListMemberships):
            let count = UInt64(min(given ?? returned, returned)) / 4
            return Style.array(c, address: address, count: count, size: 4) { b, _ in .uint(UInt64(b.uint32(at: 0))) }
        case (solNetlink, _):
            return intValue(c, address: address, enough: true)
        default:
            if returned == 4 { return intValue(c, address: address, enough: true) }
            return Strings.buffer(c, address: address, length: UInt64(returned))
        }
    }

    // MARK: Values

    /// printnum_int: `[-1]`.
    static func intValue(_ c: DecodeContext, address: UInt64, enough: Bool) -> Value {
        guard enough, let v = c.memory.readInt32(address) else { return .pointer(address) }
        return .boxed(.int(Int64(v)))
    }

    /// SO_TXREHASH's value: its name, or the signed number with `/* SOCK_TXREHASH_??? */`.
    static func txrehash(_ v: Int32) -> Value {
        let raw = UInt64(UInt32(bitPattern: v))
        if let name = Tables.txrehashValues.name(raw) { return .symbol(name, raw: raw) }
        return .unknownSymbol(raw: UInt64(bitPattern: Int64(v)), style: .decimal, hint: Tables.txrehashValues.unknown)
    }

    /// printuid: `-1` for (uid_t) -1.
    static func id(_ v: UInt32) -> Value { v == UInt32.max ? .int(-1) : .uint(UInt64(v)) }

    static func linger(_ b: [UInt8], length: Int) -> Value {
        .structure([.init("l_onoff", .int(Int64(b.int32(at: 0)))), .init("l_linger", .int(Int64(b.int32(at: 4))))])
    }

    /// A structure the kernel filled `length` bytes of (MAYBE_PRINT_FIELD_LEN): each field that
    /// fits, then the bytes of the one cut short in hex.
    static func partial(_ c: DecodeContext, address: UInt64, length: Int64,
                        fields: [(String, Int, ([UInt8]) -> Value)]) -> Value {
        let total = fields.reduce(0) { $0 + $1.1 }
        let n = Int(min(length, Int64(total)))
        guard let b = c.memory.read(address, count: n) else { return .pointer(address) }
        var out: [Value.Field] = []
        var offset = 0
        for (name, size, print) in fields where n > offset {
            if n >= offset + size {
                out.append(.init(name, print(Array(b[offset ..< offset + size]))))
            } else {
                out.append(.init(name, .hexString(Array(b[offset ..< n]))))
            }
            offset += size
        }
        return .structure(out)
    }

    /// ICMP_FILTER: the filtered ICMP types, a set of bits: `[ICMP_ECHO 0x9 /* ICMP_??? */]`,
    /// `~[...]` (the types not filtered) when more than half of the bits are set. Bytes past
    /// a short length keep strace's initial value, all ones.
    static func icmpFilterValue(_ c: DecodeContext, address: UInt64, length: Int64) -> Value {
        guard length > 0 else { return .address(address) }
        let n = Int(min(length, 4))
        guard let b = c.memory.read(address, count: n) else { return .pointer(address) }
        var bytes = b
        while bytes.count < 4 { bytes.append(0xff) }
        return Style.bitset(UInt64(bytes.uint32(at: 0)), width: 32, complementAt: 17) {
            Style.xval(Tables.icmpFilterFlags, UInt64($0))
        }
    }
}
