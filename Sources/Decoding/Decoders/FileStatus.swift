import Glibc

/// File modes, struct stat, struct statx, struct statfs and getdents64's buffer, as strace
/// prints them by default (abbreviated: a few fields, then `...`).
enum FileStatus {
    /// `%#03o`: `0644`, `022`, `000`, `001`.
    static func octal(_ value: UInt64) -> Value {
        if value >= 8 { return .number(Int64(bitPattern: value), .octal) }
        return .verbatim("00" + String(value))
    }

    /// A mode with its file type: `S_IFREG|0644`, `S_IFDIR|S_ISVTX|0777`, `S_ISUID|0755`
    /// (no type), `000`, the rest in octal (`S_IFIFO|S_ISGID|014032000000`); a type the kernel
    /// does not define makes the whole mode octal: `037777`, `037777777777`.
    static func mode(_ value: UInt64) -> Value {
        let type = value & 0o170000
        if type != 0 && Tables.fileTypes.name(type) == nil { return octal(value) }
        var parts: [Value] = []
        if type != 0 { parts.append(Tables.fileTypes.symbol(type)) }
        for entry in Tables.modeBits.entries where value & entry.value != 0 {
            parts.append(.symbol(entry.name, raw: entry.value))
        }
        parts.append(octal(value & ~UInt64(0o177000)))
        return .composite(.joined(parts, separator: "|"), raw: octal(value))
    }

    /// A device number as glibc's major()/minor() split it: `makedev(0x1, 0x3)`.
    static func device(_ dev: UInt64) -> Value {
        let major = ((dev >> 8) & 0xfff) | ((dev >> 32) & 0xffff_f000)
        let minor = (dev & 0xff) | ((dev >> 12) & 0xffff_ff00)
        return .composite(.call("makedev", [.hex(major), .hex(minor)]), raw: .hex(dev))
    }

    /// x86_64 struct stat (144 bytes): `{st_mode=S_IFREG|0644, st_size=1294, ...}`, or for a
    /// device `{st_mode=S_IFCHR|0666, st_rdev=makedev(0x1, 0x3), ...}`.
    static func stat(_ c: DecodeContext, address: UInt64) -> Value {
        guard address != 0 else { return .null }
        guard c.succeeded, let b = c.memory.read(address, count: 144) else { return .pointer(address) }
        let modeValue = UInt64(b.uint32(at: 24))
        var fields: [Value.Field] = [.init("st_mode", mode(modeValue))]
        let type = modeValue & 0o170000
        if type == 0o020000 || type == 0o060000 {
            fields.append(.init("st_rdev", device(b.uint64(at: 40))))
        } else {
            fields.append(.init("st_size", .uint(b.uint64(at: 48))))
        }
        fields.append(.init(nil, .verbatim("...")))
        return .structure(fields)
    }

    /// statx's flags: the sync type, then the AT_* flags:
    /// `AT_STATX_SYNC_AS_STAT|AT_SYMLINK_NOFOLLOW`, `AT_STATX_FORCE_SYNC|AT_EMPTY_PATH`.
    static func statxFlags(_ raw: UInt64) -> Value {
        let value = raw & 0xffff_ffff
        var parts: [Value] = [Tables.statxSyncTypes.flagsWithoutDefault(value & 0x6000)]
        let rest = value & ~UInt64(0x6000)
        if rest != 0 { parts.append(Tables.atFlags.flagsWithoutDefault(rest)) }
        return .joined(parts, separator: "|")
    }

    /// struct statx (256 bytes), abbreviated: `{stx_mask=STATX_BASIC_STATS|STATX_MNT_ID,
    /// stx_attributes=0, stx_mode=S_IFREG|0644, stx_size=1294, ...}`; stx_mode only when the
    /// mask has STATX_TYPE or STATX_MODE, stx_size only with STATX_SIZE.
    static func statx(_ c: DecodeContext, address: UInt64) -> Value {
        guard address != 0 else { return .null }
        guard c.succeeded, let b = c.memory.read(address, count: 256) else { return .pointer(address) }
        let mask = UInt64(b.uint32(at: 0))
        var fields: [Value.Field] = [
            .init("stx_mask", Tables.statxMasks.flags(mask)),
            .init("stx_attributes", Tables.statxAttributes.flags(b.uint64(at: 8))),
        ]
        if mask & 0x3 != 0 { fields.append(.init("stx_mode", mode(UInt64(b.uint16(at: 28))))) }
        if mask & 0x200 != 0 { fields.append(.init("stx_size", .uint(b.uint64(at: 40)))) }
        fields.append(.init(nil, .verbatim("...")))
        return .structure(fields)
    }

    /// x86_64 struct statfs (120 bytes), every field: `{f_type=EXT2_SUPER_MAGIC, f_bsize=4096,
    /// ..., f_fsid={val=[0x667744f1, 0x7b01f7be]}, f_namelen=255, f_frsize=4096,
    /// f_flags=ST_VALID|ST_RELATIME}`; an unknown f_type in bare hex, f_flags only when it has
    /// ST_VALID (the kernel's sign that it is filled in).
    static func statfs(_ c: DecodeContext, address: UInt64) -> Value {
        guard address != 0 else { return .null }
        guard c.succeeded, let b = c.memory.read(address, count: 120) else { return .pointer(address) }
        let type = b.uint64(at: 0)
        let typeValue: Value = Tables.filesystemMagics.name(type).map { .symbol($0, raw: type) } ?? .hex(type)
        var fields: [Value.Field] = [.init("f_type", typeValue)]
        for (offset, name) in [(8, "f_bsize"), (16, "f_blocks"), (24, "f_bfree"), (32, "f_bavail"),
                               (40, "f_files"), (48, "f_ffree")] {
            fields.append(.init(name, .uint(b.uint64(at: offset))))
        }
        let fsid: Value = .array([.hex(UInt64(b.uint32(at: 56))), .hex(UInt64(b.uint32(at: 60)))], more: false)
        fields.append(.init("f_fsid", .structure([.init("val", fsid)])))
        fields.append(.init("f_namelen", .uint(b.uint64(at: 64))))
        fields.append(.init("f_frsize", .uint(b.uint64(at: 72))))
        let flags = b.uint64(at: 80)
        if flags & 0x20 != 0 { fields.append(.init("f_flags", Tables.statfsFlags.flags(flags))) } // ST_VALID
        return .structure(fields)
    }

    /// getdents64's buffer, abbreviated: the address and how many entries the call returned,
    /// `0x5563... /* 8 entries */` (records of struct linux_dirent64: d_reclen at offset 16).
    static func directoryEntries(_ c: DecodeContext, address: UInt64) -> Value {
        guard c.succeeded else { return .address(address) }
        // The kernel returns at most the buffer's size; read no more than 16 MiB of it whatever
        // the registers say.
        let length = Int(clamping: min(max(0, c.returnValue), 16 << 20))
        var count = 0
        if length > 0 {
            guard let b = c.memory.read(address, count: length) else { return .address(address) }
            var offset = 0
            while offset + 18 <= length {
                let recordLength = Int(b.uint16(at: offset + 16))
                guard recordLength > 0 else { break }
                count += 1
                offset += recordLength
            }
        }
        return .commented(.address(address), "\(count) entr\(count == 1 ? "y" : "ies")")
    }

    /// utimensat's `struct timespec[2]`: each UTIME_NOW, UTIME_OMIT, or the time with the date
    /// it means in a comment (local time, as strace writes it); NULL for "now".
    static func times(_ c: DecodeContext, address: UInt64) -> Value {
        guard address != 0 else { return .null }
        guard let b = c.memory.read(address, count: 32) else { return .pointer(address) }
        return .array((0 ..< 2).map { k in
            let seconds = b.int64(at: k * 16)
            let nanoseconds = b.uint64(at: k * 16 + 8)
            let time: Value = .structure([.init("tv_sec", .int(seconds)), .init("tv_nsec", .uint(nanoseconds))])
            switch nanoseconds {
            // -X raw prints the structure itself.
            case (1 << 30) - 1: return .composite(.verbatim("UTIME_NOW"), raw: time)
            case (1 << 30) - 2: return .composite(.verbatim("UTIME_OMIT"), raw: time)
            default:
                guard nanoseconds < 1_000_000_000, let date = dateText(seconds, nanoseconds: nanoseconds) else { return time }
                return .commented(time, date)
            }
        }, more: false)
    }

    /// `1970-01-01T00:00:03.000000004+0000`, in the local time zone.
    static func dateText(_ seconds: Int64, nanoseconds: UInt64) -> String? {
        var t = time_t(seconds)
        var parts = tm()
        guard localtime_r(&t, &parts) != nil else { return nil }
        func format(_ pattern: String) -> String? {
            var buffer = [CChar](repeating: 0, count: 64)
            let n = strftime(&buffer, buffer.count, pattern, &parts)
            guard n > 0 else { return nil }
            return String(decoding: buffer.prefix(n).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
        guard let day = format("%Y-%m-%dT%H:%M:%S"), let zone = format("%z") else { return nil }
        let fraction = String(nanoseconds)
        return day + "." + String(repeating: "0", count: 9 - fraction.count) + fraction + zone
    }
}
