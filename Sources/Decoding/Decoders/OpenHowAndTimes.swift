// openat2's struct open_how, utime's struct utimbuf, struct timezone and kcmp's epoll slot.

enum FilesTimeProcess {
    /// The size of struct open_how as strace knows it (flags, mode, resolve: three u64s).
    static let openHowSize = 24

    /// openat2's `{flags=O_RDONLY|O_CLOEXEC, mode=0644, resolve=RESOLVE_BENEATH}`: the mode
    /// only when it is not 0 or the flags create a file (O_CREAT, O_TMPFILE), then any bytes
    /// not 0 beyond the struct. The address when `size` is below the struct's.
    static func openHow(_ c: DecodeContext, address: UInt64, size: UInt64) -> Value {
        guard address != 0 else { return .null }
        guard size >= UInt64(openHowSize), let b = c.memory.read(address, count: openHowSize) else { return .address(address) }
        let flags = b.uint64(at: 0)
        let mode = b.uint64(at: 8)
        var fields: [Value.Field] = [.init("flags", Tables.openModeFlags(flags, wide: true))]
        if mode != 0 || flags & 0x40 != 0 || flags & 0x400000 != 0 { // O_CREAT, __O_TMPFILE
            fields.append(.init("mode", FileStatus.octal(mode)))
        }
        fields.append(.init("resolve", Tables.resolveFlags.flags(b.uint64(at: 16))))
        if let tail = ProcessValues.structTail(c, address: address, size: size, known: openHowSize) {
            fields.append(.init(nil, tail))
        }
        return .structure(fields)
    }

    /// utime's `{actime=1 /* 1970-01-01T00:00:01+0000 */, modtime=...}`, each time dated
    /// unless it is 0 or no date.
    static func utimbuf(_ c: DecodeContext, address: UInt64) -> Value {
        guard address != 0 else { return .null }
        guard let b = c.memory.read(address, count: 16) else { return .pointer(address) }
        return .structure(["actime", "modtime"].enumerated().map { k, name in
            let seconds = b.int64(at: k * 8)
            return .init(name, FileStatus.dated(.int(seconds), seconds, 0))
        })
    }

    /// `{tz_minuteswest=-60, tz_dsttime=1}`.
    static func timezone(_ c: DecodeContext, address: UInt64) -> Value {
        guard address != 0 else { return .null }
        guard let b = c.memory.read(address, count: 8) else { return .pointer(address) }
        return .structure([.init("tz_minuteswest", .int(Int64(b.int32(at: 0)))), .init("tz_dsttime", .int(Int64(b.int32(at: 4))))])
    }

    /// kcmp's struct kcmp_epoll_slot: `{efd=3, tfd=4, toff=5}` (three u32s).
    static func kcmpEpollSlot(_ c: DecodeContext, address: UInt64) -> Value {
        guard address != 0 else { return .null }
        guard let b = c.memory.read(address, count: 12) else { return .pointer(address) }
        return .structure(["efd", "tfd", "toff"].enumerated().map { k, name in .init(name, .uint(UInt64(b.uint32(at: k * 4)))) })
    }
}
