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
        parts.reserveCapacity(4)
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
    /// device `{st_mode=S_IFCHR|0666, st_rdev=makedev(0x1, 0x3), ...}`; with `-v` every field
    /// (the times with their dates in comments).
    static func stat(_ c: DecodeContext, address: UInt64) -> Value {
        guard address != 0 else { return .null }
        guard c.succeeded, let b = c.memory.read(address, count: 144) else { return .pointer(address) }
        let modeValue = UInt64(b.uint32(at: 24))
        let type = modeValue & 0o170000
        let sizeOrDevice: Value.Field = type == 0o020000 || type == 0o060000
            ? .init("st_rdev", device(b.uint64(at: 40))) : .init("st_size", .uint(b.uint64(at: 48)))
        guard !c.options.abbreviate else {
            return .structure([.init("st_mode", mode(modeValue)), sizeOrDevice, .init(nil, .verbatim("..."))])
        }
        var fields: [Value.Field] = [
            .init("st_dev", device(b.uint64(at: 0))), .init("st_ino", .uint(b.uint64(at: 8))),
            .init("st_mode", mode(modeValue)), .init("st_nlink", .uint(b.uint64(at: 16))),
            .init("st_uid", .uint(UInt64(b.uint32(at: 28)))), .init("st_gid", .uint(UInt64(b.uint32(at: 32)))),
            .init("st_blksize", .uint(b.uint64(at: 56))), .init("st_blocks", .uint(b.uint64(at: 64))), sizeOrDevice,
        ]
        for (offset, name) in [(72, "st_atime"), (88, "st_mtime"), (104, "st_ctime")] {
            let seconds = b.int64(at: offset), nanoseconds = b.uint64(at: offset + 8)
            fields.append(.init(name, dated(.int(seconds), seconds, nanoseconds)))
            fields.append(.init(name + "_nsec", .uint(nanoseconds)))
        }
        return .structure(fields)
    }

    /// A time with the date it means in a comment, unless it is 0 or its nanoseconds are not
    /// a fraction of a second (strace's tprints_comment(sprinttime_nsec(...))); with `digits`
    /// 6, `fraction` is microseconds (sprinttime_usec).
    static func dated(_ value: Value, _ seconds: Int64, _ fraction: UInt64, digits: Int = 9) -> Value {
        guard seconds != 0 || fraction != 0, fraction < fractionUnit(digits),
              let date = dateText(seconds, fraction: fraction, digits: digits) else { return value }
        return .commented(value, date)
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
    /// mask has STATX_TYPE or STATX_MODE, stx_size only with STATX_SIZE. With `-v` every field,
    /// each one the mask says the kernel filled in (and the ones it always fills).
    static func statx(_ c: DecodeContext, address: UInt64) -> Value {
        guard address != 0 else { return .null }
        guard c.succeeded, let b = c.memory.read(address, count: 256) else { return .pointer(address) }
        let mask = UInt64(b.uint32(at: 0))
        let full = !c.options.abbreviate
        func u32(_ offset: Int) -> Value { .uint(UInt64(b.uint32(at: offset))) }
        var fields: [Value.Field] = [.init("stx_mask", Tables.statxMasks.flags(mask))]
        if full { fields.append(.init("stx_blksize", u32(4))) }
        fields.append(.init("stx_attributes", Tables.statxAttributes.flags(b.uint64(at: 8))))
        if full {
            for (bit, offset, name) in [(UInt64(0x4), 16, "stx_nlink"), (0x8, 20, "stx_uid"), (0x10, 24, "stx_gid")] where mask & bit != 0 {
                fields.append(.init(name, u32(offset)))
            }
        }
        if mask & 0x3 != 0 { fields.append(.init("stx_mode", mode(UInt64(b.uint16(at: 28))))) }      // STATX_TYPE, STATX_MODE
        if full, mask & 0x100 != 0 { fields.append(.init("stx_ino", .uint(b.uint64(at: 32)))) }      // STATX_INO
        if mask & 0x200 != 0 { fields.append(.init("stx_size", .uint(b.uint64(at: 40)))) }          // STATX_SIZE
        guard full else {
            fields.append(.init(nil, .verbatim("...")))
            return .structure(fields)
        }
        if mask & 0x400 != 0 { fields.append(.init("stx_blocks", .uint(b.uint64(at: 48)))) }         // STATX_BLOCKS
        fields.append(.init("stx_attributes_mask", Tables.statxAttributes.flags(b.uint64(at: 56))))
        for (bit, offset, name) in [(0x20, 64, "stx_atime"), (0x800, 80, "stx_btime"), (0x80, 96, "stx_ctime"),
                                    (0x40, 112, "stx_mtime")] where mask & UInt64(bit) != 0 {
            let seconds = b.int64(at: offset), nanoseconds = UInt64(b.uint32(at: offset + 8))
            let time: Value = .structure([.init("tv_sec", .int(seconds)), .init("tv_nsec", .uint(nanoseconds))])
            fields.append(.init(name, dated(time, seconds, nanoseconds)))
        }
        for (offset, name) in [(128, "stx_rdev_major"), (132, "stx_rdev_minor"), (136, "stx_dev_major"), (140, "stx_dev_minor")] {
            fields.append(.init(name, u32(offset)))
        }
        if mask & 0x1000 != 0 { fields.append(.init("stx_mnt_id", .hex(b.uint64(at: 144)))) }        // STATX_MNT_ID
        if mask & 0x2000 != 0 {                                                                     // STATX_DIOALIGN
            fields.append(.init("stx_dio_mem_align", u32(152)))
            fields.append(.init("stx_dio_offset_align", u32(156)))
        }
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
    /// With -v every entry: `[{d_ino=2, d_off=1, d_reclen=24, d_type=DT_DIR, d_name="."}, ...]`;
    /// getdents's older records (`legacy`) put d_type in their last byte, printed last.
    static func directoryEntries(_ c: DecodeContext, address: UInt64, legacy: Bool) -> Value {
        guard c.succeeded else { return .address(address) }
        // The kernel returns at most the buffer's size; read no more than 16 MiB of it whatever
        // the registers say.
        let length = Int(clamping: min(max(0, c.returnValue), 16 << 20))
        let nameOffset = legacy ? 18 : 19
        var b: [UInt8] = []
        if length > 0 {
            guard let read = c.memory.read(address, count: length) else { return .address(address) }
            b = read
        }
        var count = 0
        var entries: [Value] = []
        var overflow: Int?
        var offset = 0
        var cut = false
        while length >= nameOffset, offset <= length - nameOffset {
            let recordLength = Int(b.uint16(at: offset + 16))
            // A record that claims more bytes than the result has: strace says by how many.
            let fits = recordLength >= nameOffset && offset + recordLength <= length
            if recordLength >= nameOffset, !fits { overflow = offset + recordLength - length }
            if !c.options.abbreviate {
                // The name's room runs to the record's end (less getdents's d_type byte), or to
                // the result's end; a name that fills it without a NUL is cut with `...`.
                var room = fits ? recordLength - nameOffset - (legacy ? 1 : 0) : length - offset - nameOffset
                room = max(0, min(256, room))
                let bytes = b[(offset + nameOffset) ..< (offset + nameOffset + room)]
                let name: Value = bytes.contains(0) ? .string(Array(bytes.prefix { $0 != 0 }), truncated: false)
                    : .string(Array(bytes.dropLast()), truncated: room > 0)
                let type: UInt64 = legacy ? (fits ? UInt64(b[offset + recordLength - 1]) : 0) : UInt64(b[offset + 18])
                var reclen: Value = .uint(UInt64(recordLength))
                if recordLength >= nameOffset, !fits { reclen = .commented(reclen, "\(offset + recordLength - length) bytes overflow") }
                // Made at its size: a directory's entries are many, and each grown array was
                // made twice.
                var fields: [Value.Field] = []
                fields.reserveCapacity(5)
                fields.append(.init("d_ino", .uint(b.uint64(at: offset))))
                fields.append(.init("d_off", .uint(b.uint64(at: offset + 8))))
                fields.append(.init("d_reclen", reclen))
                let nameField = Value.Field("d_name", name)
                let typeField = Value.Field("d_type", Tables.directoryEntryTypes.symbol(type))
                fields.append(legacy ? nameField : typeField)
                fields.append(legacy ? typeField : nameField)
                entries.append(.structure(fields))
            }
            guard recordLength >= nameOffset else {
                cut = true
                break
            }
            count += 1
            offset += recordLength
        }
        guard c.options.abbreviate else { return .array(entries, more: cut) }
        var value: Value = .address(address)
        if let overflow { value = .commented(value, "d_reclen \(overflow) bytes overflow") }
        return .commented(value, "\(count) entr\(count == 1 ? "y" : "ies")")
    }

    /// utimensat's `struct timespec[2]`: each UTIME_NOW, UTIME_OMIT, or the time with the date
    /// it means in a comment (local time, as strace writes it); NULL for "now". With
    /// `microseconds`, utimes' and futimesat's `struct timeval[2]`: no UTIME_ names, the date
    /// with six digits of fraction.
    static func times(_ c: DecodeContext, address: UInt64, microseconds: Bool = false) -> Value {
        guard address != 0 else { return .null }
        guard let b = c.memory.read(address, count: 32) else { return .pointer(address) }
        return .array((0 ..< 2).map { k in
            let seconds = b.int64(at: k * 16)
            let fraction = b.uint64(at: k * 16 + 8)
            let time: Value = .structure([.init("tv_sec", .int(seconds)), .init(microseconds ? "tv_usec" : "tv_nsec", .uint(fraction))])
            switch (microseconds, fraction) {
            // -X raw prints the structure itself.
            case (false, (1 << 30) - 1): return .composite(.verbatim("UTIME_NOW"), raw: time)
            case (false, (1 << 30) - 2): return .composite(.verbatim("UTIME_OMIT"), raw: time)
            default: return dated(time, seconds, fraction, digits: microseconds ? 6 : 9)
            }
        }, more: false)
    }

    /// 10^digits: one second in a fraction of `digits` digits (1,000,000 microseconds).
    static func fractionUnit(_ digits: Int) -> UInt64 {
        var one: UInt64 = 1
        for _ in 0 ..< digits { one *= 10 }
        return one
    }

    /// `1970-01-01T00:00:03.000000004+0000`, in the local time zone (strace's strftime
    /// `%Y-%m-%dT%H:%M:%S` and `%z`, the fraction of a second between them when not 0:
    /// `fraction` in units of 10^-`digits` seconds, 9 digits for nanoseconds, 6 for
    /// microseconds).
    static func dateText(_ seconds: Int64, fraction nanoseconds: UInt64, digits: Int = 9) -> String? {
        let one = fractionUnit(digits)
        let fractionDigits = digits
        var t = time_t(seconds)
        var parts = tm()
        guard localtime_r(&t, &parts) != nil else { return nil }
        let year = Int(parts.tm_year) + 1900
        // glibc writes -0000 for a zero offset in a zone named -00.
        let negativeZero = parts.tm_gmtoff == 0 && parts.tm_zone?.pointee == 0x2d
        guard (1000 ... 9999).contains(year), parts.tm_gmtoff % 60 == 0, !negativeZero, nanoseconds < one else {
            guard let day = strftime("%Y-%m-%dT%H:%M:%S", &parts), let zone = strftime("%z", &parts) else { return nil }
            guard nanoseconds != 0 else { return day + zone }
            let fraction = String(nanoseconds)
            return day + "." + String(repeating: "0", count: max(0, digits - fraction.count)) + fraction + zone
        }
        // What strftime writes for these (four-digit years, whole-minute offsets), made here
        // in bytes: strftime cost some 3,000 instructions a call, three dates a stat with -v.
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 40) { text in
            var end = 0
            func digits(_ value: Int, _ count: Int) {
                var value = value
                for i in stride(from: count - 1, through: 0, by: -1) {
                    text[end + i] = UInt8(48 + value % 10)
                    value /= 10
                }
                end += count
            }
            func byte(_ b: UInt8) {
                text[end] = b
                end += 1
            }
            digits(year, 4)
            byte(0x2d); digits(Int(parts.tm_mon) + 1, 2)
            byte(0x2d); digits(Int(parts.tm_mday), 2)
            byte(0x54); digits(Int(parts.tm_hour), 2)
            byte(0x3a); digits(Int(parts.tm_min), 2)
            byte(0x3a); digits(Int(parts.tm_sec), 2)
            if nanoseconds != 0 {
                byte(0x2e)
                digits(Int(nanoseconds), fractionDigits)
            }
            // %z: the offset's sign, then its hours and minutes.
            let minutes = Int(parts.tm_gmtoff / 60)
            byte(minutes < 0 ? 0x2d : 0x2b)
            digits(abs(minutes) / 60 * 100 + abs(minutes) % 60, 4)
            return String(decoding: UnsafeBufferPointer(rebasing: text[..<end]), as: UTF8.self)
        }
    }

    /// strftime(3) of one pattern, nil when it writes nothing.
    private static func strftime(_ pattern: String, _ parts: inout tm) -> String? {
        var buffer = [CChar](repeating: 0, count: 64)
        let n = Glibc.strftime(&buffer, buffer.count, pattern, &parts)
        guard n > 0 else { return nil }
        return String(decoding: buffer.prefix(n).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
