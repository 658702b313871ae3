/// sendmsg/recvmsg's `struct msghdr`, its iovecs and control messages.
enum Msghdr {
    static let size = 56

    /// recvmsg saves msg_namelen at entry, to print `msg_namelen=128 => 16`.
    static func capture(_ c: inout DecodeContext, _ address: UInt64) -> SavedValue? {
        guard address != 0, let b = c.memory.read(address, count: size) else { return nil }
        return .int(Int64(b.uint32(at: 8)))
    }

    static func decode(_ c: DecodeContext, address: UInt64, output: Bool, nameLengthBefore: SavedValue? = nil) -> Value {
        guard address != 0 else { return .null }
        guard let b = c.memory.read(address, count: size) else { return .pointer(address) }
        let name = b.uint64(at: 0)
        let nameLength = Int64(b.uint32(at: 8))
        let iov = b.uint64(at: 16)
        let iovCount = b.uint64(at: 24)
        let control = b.uint64(at: 32)
        let controlLength = b.uint64(at: 40)
        let flags = UInt64(b.uint32(at: 48))
        var fields: [Value.Field] = []
        fields.append(.init("msg_name", name == 0 ? .null : Sockaddr.decode(c, address: name, length: nameLength)))
        var nameLengthValue: Value = .int(nameLength)
        if output, case .int(let before)? = nameLengthBefore, before != nameLength {
            nameLengthValue = .changed(.int(before), .int(nameLength))
        }
        fields.append(.init("msg_namelen", nameLengthValue))
        let dataSize: UInt64? = output ? UInt64(max(0, c.returnValue)) : nil
        fields.append(.init("msg_iov", iovecs(c, address: iov, count: iovCount, dataSize: dataSize)))
        fields.append(.init("msg_iovlen", .uint(iovCount)))
        if controlLength != 0 {
            fields.append(.init("msg_control", controlMessages(c, address: control, length: controlLength)))
        }
        fields.append(.init("msg_controllen", .uint(controlLength)))
        fields.append(.init("msg_flags", Tables.messageFlags.flags(flags)))
        return .structure(fields)
    }

    /// `[{iov_base="hello", iov_len=5}, ...]`; for output only the bytes the call returned.
    static func iovecs(_ c: DecodeContext, address: UInt64, count: UInt64, dataSize: UInt64?) -> Value {
        guard address != 0 else { return .null }
        let shown = min(count, UInt64(max(1, c.options.stringLimit)))
        guard count <= 1024, let b = c.memory.read(address, count: Int(shown) * 16) else { return .pointer(address) }
        var remaining = dataSize
        var items: [Value] = []
        for k in 0 ..< Int(shown) {
            let base = b.uint64(at: k * 16)
            let length = b.uint64(at: k * 16 + 8)
            var data: Value
            if let left = remaining {
                let n = min(length, left)
                data = Strings.buffer(c, address: base, length: n)
                remaining = left - n
            } else {
                data = Strings.buffer(c, address: base, length: length)
            }
            items.append(.structure([.init("iov_base", data), .init("iov_len", .uint(length))]))
        }
        return .array(items, more: count > shown)
    }

    /// Control messages: `[{cmsg_len=20, cmsg_level=SOL_SOCKET, cmsg_type=SCM_RIGHTS, cmsg_data=[5]}]`.
    static func controlMessages(_ c: DecodeContext, address: UInt64, length: UInt64) -> Value {
        guard address != 0 else { return .null }
        let total = Int(min(length, 4096))
        guard let b = c.memory.read(address, count: total) else { return .pointer(address) }
        var items: [Value] = []
        var offset = 0
        while offset + 16 <= total {
            let rawLength = b.uint64(at: offset)
            // What the kernel would read: never past the buffer, whatever the length says.
            let cmsgLength = Int(min(rawLength, UInt64(total - offset)))
            let level = UInt64(b.uint32(at: offset + 8))
            let type = UInt64(b.uint32(at: offset + 12))
            var fields: [Value.Field] = [.init("cmsg_len", .uint(rawLength)),
                                         .init("cmsg_level", Tables.socketLevels.symbol(level))]
            let dataStart = offset + 16
            let dataEnd = max(dataStart, min(offset + cmsgLength, total))
            if level == 1 {
                fields.append(.init("cmsg_type", Tables.scmTypes.symbol(type)))
                if type == 1 { // SCM_RIGHTS
                    var fds: [Value] = []
                    var p = dataStart
                    while p + 4 <= dataEnd {
                        fds.append(c.fd(Int64(b.int32(at: p))))
                        p += 4
                    }
                    fields.append(.init("cmsg_data", .array(fds, more: false)))
                } else if type == 2, dataEnd - dataStart >= 12 { // SCM_CREDENTIALS
                    fields.append(.init("cmsg_data", .structure([
                        .init("pid", .int(Int64(b.int32(at: dataStart)))),
                        .init("uid", .uint(UInt64(b.uint32(at: dataStart + 4)))),
                        .init("gid", .uint(UInt64(b.uint32(at: dataStart + 8)))),
                    ])))
                } else if dataEnd > dataStart {
                    fields.append(.init("cmsg_data", .string(Array(b[dataStart ..< dataEnd]), truncated: false)))
                }
            } else {
                fields.append(.init("cmsg_type", .hex(type)))
                if dataEnd > dataStart {
                    fields.append(.init("cmsg_data", .string(Array(b[dataStart ..< dataEnd]), truncated: false)))
                }
            }
            items.append(.structure(fields))
            guard cmsgLength >= 16 else { break }
            offset += (cmsgLength + 7) & ~7
        }
        return .array(items, more: false)
    }
}
