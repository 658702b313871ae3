/// sendmsg's and recvmsg's `struct msghdr` as strace 6.1 prints it (print_struct_msghdr):
/// the name with the caller's length, the iovecs (netlink messages when the name is a netlink
/// address), the control messages and the flags.
enum MessageHeader {
    static let size = 56

    struct Fields {
        var name: UInt64
        var nameLength: UInt32
        var iov: UInt64
        var iovCount: UInt64
        var control: UInt64
        var controlLength: UInt64
        var flags: UInt32

        init(_ b: [UInt8], at o: Int = 0) {
            name = b.uint64(at: o)
            nameLength = b.uint32(at: o + 8)
            iov = b.uint64(at: o + 16)
            iovCount = b.uint64(at: o + 24)
            control = b.uint64(at: o + 32)
            controlLength = b.uint64(at: o + 40)
            flags = b.uint32(at: o + 48)
        }
    }

    /// recvmsg's entry: the msg_namelen the caller gave (none when the msghdr cannot be read:
    /// strace then prints its address).
    static func capture(_ c: DecodeContext, address: UInt64) -> SavedValue {
        guard address != 0, let b = c.memory.read(address, count: size) else { return .none }
        return .int(Int64(Int32(bitPattern: Fields(b).nameLength)))
    }

    /// sendmsg's msghdr, or recvmsg's after a successful call (`dataSize`: the bytes received).
    static func decode(_ c: DecodeContext, address: UInt64, userNameLength: Int32?, dataSize: UInt64?) -> Value {
        guard address != 0, let b = c.memory.read(address, count: size) else { return .address(address) }
        return render(c, Fields(b), userNameLength: userNameLength, dataSize: dataSize)
    }

    /// recvmsg's msghdr at exit: `{msg_namelen=128}` after an error.
    static func decodeOut(_ c: DecodeContext, index: Int) -> Value {
        let address = c.arg(index)
        guard case .int(let before)? = c.saved[index] else { return .address(address) }
        guard c.succeeded else { return .structure([.init("msg_namelen", .int(before))]) }
        return decode(c, address: address, userNameLength: Int32(truncatingIfNeeded: before),
                      dataSize: UInt64(bitPattern: c.returnValue))
    }

    static func render(_ c: DecodeContext, _ m: Fields, userNameLength: Int32?, dataSize: UInt64?) -> Value {
        let namelen = Int32(bitPattern: m.nameLength)
        var usedLength = namelen
        if let user = userNameLength, namelen > user { usedLength = user }
        let name = Sockaddr.decode(c, address: m.name, length: Int64(usedLength))
        // decode_sockaddr's family: only when it could read the whole address.
        let netlink = usedLength >= 2 && m.name != 0
            && c.memory.read(m.name, count: Int(min(Int64(usedLength), 128)))?.uint16(at: 0) == 16
        var fields: [Value.Field] = [.init("msg_name", name)]
        if let user = userNameLength, user != namelen {
            fields.append(.init("msg_namelen", .changed(.int(Int64(user)), .int(Int64(namelen)))))
        } else {
            fields.append(.init("msg_namelen", .int(Int64(namelen))))
        }
        fields.append(.init("msg_iov", iovecs(c, address: m.iov, count: m.iovCount, dataSize: dataSize, netlink: netlink)))
        fields.append(.init("msg_iovlen", .uint(m.iovCount)))
        if m.controlLength != 0 {
            fields.append(.init("msg_control", ControlMessages.decode(c, address: m.control, length: m.controlLength)))
        }
        fields.append(.init("msg_controllen", .uint(m.controlLength)))
        fields.append(.init("msg_flags", Style.flags(Tables.messageFlags, UInt64(m.flags))))
        return .structure(fields)
    }

    /// `[{iov_base="hello", iov_len=5}, ...]`: at most `dataSize` bytes in all (nil: no limit);
    /// `addressesOnly`: each iov_base as its address (readv's iovecs after a failed call).
    static func iovecs(_ c: DecodeContext, address: UInt64, count: UInt64, dataSize: UInt64?, netlink: Bool,
                       addressesOnly: Bool = false) -> Value {
        var remaining = dataSize
        return Style.array(c, address: address, count: count, size: 16, fetchFails: false) { b, _ in
            let base = b.uint64(at: 0)
            let length = b.uint64(at: 8)
            var shown = length
            if let left = remaining {
                shown = min(length, left)
                remaining = left - shown
            }
            let data: Value
            if addressesOnly {
                data = .address(base)
            } else if netlink {
                data = Netlink.decode(c, family: c.options.netlinkProtocol?(c.pid, c.int(0)) ?? -1, address: base, length: shown)
            } else {
                data = Strings.buffer(c, address: base, length: shown)
            }
            return .structure([.init("iov_base", data), .init("iov_len", .uint(length))])
        }
    }
}

/// Control messages (decode_msg_control): `[{cmsg_len=20, cmsg_level=SOL_SOCKET,
/// cmsg_type=SCM_RIGHTS, cmsg_data=[5]}]`, cut where the buffer ends.
enum ControlMessages {
    static let headerSize = 16

    static func decode(_ c: DecodeContext, address: UInt64, length given: UInt64) -> Value {
        let total = min(given, c.options.optmemMax)
        guard total >= UInt64(headerSize), let b = c.memory.read(address, count: Int(total)) else { return .address(address) }
        var items: [Value] = []
        var offset = 0
        var left = Int(total)
        while left >= headerSize {
            let cmsgLength = b.uint64(at: offset)
            let level = Int32(bitPattern: b.uint32(at: offset + 8))
            let type = Int32(bitPattern: b.uint32(at: offset + 12))
            let length = min(cmsgLength, UInt64(left))
            let dataLength = length > UInt64(headerSize) ? Int(length) - headerSize : 0
            var fields: [Value.Field] = [
                .init("cmsg_len", .uint(cmsgLength)),
                .init("cmsg_level", Style.xval(Tables.socketLevelsCmsg, UInt64(UInt32(bitPattern: level)))),
            ]
            let data = Array(b[(offset + headerSize) ..< (offset + headerSize + dataLength)])
            fields += typeAndData(c, level: level, type: type, data: data)
            items.append(.structure(fields))
            if length < UInt64(headerSize) {
                left -= headerSize
                break
            }
            let aligned = (cmsgLength &+ 7) & ~7
            if aligned >= UInt64(left) || aligned == 0 {
                left = 0
                break
            }
            offset += Int(aligned)
            left -= Int(aligned)
        }
        if left > 0 {
            items.append(Style.more(at: address &+ (total - UInt64(left))))
        } else if total < given {
            items.append(Style.more)
        }
        return .array(items, more: false)
    }

    static func typeAndData(_ c: DecodeContext, level: Int32, type: Int32, data: [UInt8]) -> [Value.Field] {
        let utype = UInt64(UInt32(bitPattern: type))
        switch level {
        case 1: // SOL_SOCKET
            var fields: [Value.Field] = [.init("cmsg_type", Style.xval(Tables.scmValues, utype))]
            if let value = socketData(c, type: utype, data: data) { fields.append(.init("cmsg_data", value)) }
            return fields
        case 0: // SOL_IP
            var fields: [Value.Field] = [.init("cmsg_type", Style.xval(Tables.ipCmsgTypes, utype))]
            if let value = ipData(c, type: utype, data: data) { fields.append(.init("cmsg_data", value)) }
            return fields
        default:
            return [.init("cmsg_type", .hex(utype))]
        }
    }

    /// print_local_array: the elements strace shows, cut after -s of them.
    static func localArray(_ c: DecodeContext, count: Int, _ element: (Int) -> Value) -> Value {
        let cut = max(0, c.options.arrayLimit)
        return .array((0 ..< min(count, cut)).map(element), more: count > cut)
    }

    static func socketData(_ c: DecodeContext, type: UInt64, data: [UInt8]) -> Value? {
        switch type {
        case 1 where data.count >= 4: // SCM_RIGHTS
            return localArray(c, count: data.count / 4) { c.fd(Int64(data.int32(at: $0 * 4))) }
        case 2 where data.count >= 12: // SCM_CREDENTIALS
            return .structure([.init("pid", c.processID(Int64(data.int32(at: 0)))),
                               .init("uid", .uint(UInt64(data.uint32(at: 4)))),
                               .init("gid", .uint(UInt64(data.uint32(at: 8))))])
        case 3 where data.count >= 1: // SCM_SECURITY
            return .string(data, truncated: false)
        case 29 where data.count >= 1, 63 where data.count >= 1: // SO_TIMESTAMP_OLD/_NEW
            return timeStructure(data, usec: true)
        case 35 where data.count >= 1, 64 where data.count >= 1: // SO_TIMESTAMPNS_OLD/_NEW
            return timeStructure(data, usec: false)
        case 37 where data.count >= 1, 65 where data.count >= 1: // SO_TIMESTAMPING_OLD/_NEW
            guard data.count >= 48 else { return .verbatim("???") }
            return .array((0 ..< 3).map { timeStructure(Array(data[($0 * 16) ..< ($0 * 16 + 16)]), usec: false) }, more: false)
        default:
            return nil
        }
    }

    static func timeStructure(_ data: [UInt8], usec: Bool) -> Value {
        guard data.count >= 16 else { return .verbatim("???") }
        return .structure([.init("tv_sec", .int(data.int64(at: 0))), .init(usec ? "tv_usec" : "tv_nsec", .uint(data.uint64(at: 8)))])
    }

    static func ipData(_ c: DecodeContext, type: UInt64, data: [UInt8]) -> Value? {
        switch type {
        case 8 where data.count >= 12: // IP_PKTINFO
            return .structure([.init("ipi_ifindex", Style.ifindex(data.uint32(at: 0))),
                               .init("ipi_spec_dst", Style.inetAddr(data, at: 4)),
                               .init("ipi_addr", Style.inetAddr(data, at: 8))])
        case 2 where data.count >= 4, 23 where data.count >= 4: // IP_TTL, IP_CHECKSUM
            return localArray(c, count: data.count / 4) { .uint(UInt64(data.uint32(at: $0 * 4))) }
        case 1 where data.count >= 1, 6 where data.count >= 1, 7 where data.count >= 1: // IP_TOS, IP_RECVOPTS, IP_RETOPTS
            return localArray(c, count: data.count) { .hex(UInt64(data[$0])) }
        case 11 where data.count >= 32: // IP_RECVERR
            return .structure([
                .init("ee_errno", .uint(UInt64(data.uint32(at: 0)))),
                .init("ee_origin", .uint(UInt64(data[4]))),
                .init("ee_type", .uint(UInt64(data[5]))),
                .init("ee_code", .uint(UInt64(data[6]))),
                .init("ee_info", .uint(UInt64(data.uint32(at: 8)))),
                .init("ee_data", .uint(UInt64(data.uint32(at: 12)))),
                .init("offender", Sockaddr.render(Array(data[16 ..< 32]))),
            ])
        case 20 where data.count >= 16: // IP_ORIGDSTADDR
            return Sockaddr.render(Array(data.prefix(128)))
        case 3 where data.count >= 1: // SCM_SECURITY at SOL_IP
            return .string(data, truncated: false)
        default:
            return nil
        }
    }
}
