// mount's flags, fsconfig's binary value, struct mount_attr, landlock's ruleset and rule
// attributes.

enum KernelInterfaces {
    /// MS_MGC_VAL, the old magic of mount's flags, and the mask it lives in.
    static let mountMagic: UInt64 = 0xc0ed_0000
    static let mountMagicMask: UInt64 = 0xffff_0000

    /// mount's flags as strace reads them: with the old magic in the high 16 of the low 32
    /// bits, the magic and the low 16 bits alone (the bits above 32 dropped too), the rest as
    /// it is.
    static func mountFlags(_ raw: UInt64) -> (magic: Bool, flags: UInt64) {
        guard raw & mountMagicMask == mountMagic else { return (false, raw) }
        return (true, raw & 0xffff)
    }

    /// `MS_MGC_VAL|MS_RDONLY`, `MS_MGC_VAL`, `MS_BIND|MS_REC`, `0`; -X raw `0xc0ed0000|0x1`.
    static func mountFlagsValue(_ raw: UInt64) -> Value {
        let (magic, flags) = mountFlags(raw)
        guard magic else { return Tables.mountFlags.flags(flags) }
        let name = Value.symbol("MS_MGC_VAL", raw: mountMagic)
        guard flags != 0 else { return name }
        return .joined([name, Tables.mountFlags.flags(flags)], separator: "|")
    }

    /// Whether mount ignores its type (a remount, a bind, a move or a propagation change) and
    /// its data (all but a remount): strace prints them as addresses then.
    static func mountIgnores(_ raw: UInt64) -> (type: Bool, data: Bool) {
        let flags = mountFlags(raw).flags
        if flags & 0x20 != 0 { return (true, false) } // MS_REMOUNT
        // MS_BIND, MS_MOVE, MS_UNBINDABLE, MS_PRIVATE, MS_SLAVE, MS_SHARED
        if flags & (0x1000 | 0x2000 | 0x20000 | 0x40000 | 0x80000 | 0x100000) != 0 { return (true, true) }
        return (false, false)
    }

    /// The size of struct mount_attr (MOUNT_ATTR_SIZE_VER0): attr_set, attr_clr, propagation,
    /// userns_fd, four u64s.
    static let mountAttrSize = 32

    /// mount_setattr's `{attr_set=MOUNT_ATTR_RDONLY, attr_clr=0, propagation=MS_PRIVATE,
    /// userns_fd=0}`: userns_fd a descriptor only when MOUNT_ATTR_IDMAP is set or cleared and
    /// it fits an int; any bytes not 0 beyond the struct (up to a page) after it, `???` when they
    /// cannot be read. The address
    /// when `size` is below the struct's.
    static func mountAttr(_ c: DecodeContext, address: UInt64, size: UInt64) -> Value {
        guard size >= UInt64(mountAttrSize) else { return .address(address) }
        guard address != 0 else { return .null }
        guard let b = c.memory.read(address, count: mountAttrSize) else { return .pointer(address) }
        let set = b.uint64(at: 0)
        let clear = b.uint64(at: 8)
        let userns = b.uint64(at: 24)
        let idmap: UInt64 = 0x100000 // MOUNT_ATTR_IDMAP
        var fields: [Value.Field] = [
            .init("attr_set", Tables.mountAttributes.flags(set)),
            .init("attr_clr", Tables.mountAttributes.flags(clear)),
            .init("propagation", Tables.mountPropagations.symbol(b.uint64(at: 16))),
            .init("userns_fd", userns > UInt64(Int32.max) || (set | clear) & idmap == 0 ? .uint(userns) : c.fd(Int64(userns))),
        ]
        // strace's print_nonzero_bytes: `???` for bytes beyond the struct it cannot read.
        if let tail = ProcessValues.structTail(c, address: address, size: size, known: mountAttrSize, unreadable: .verbatim("???")) {
            fields.append(.init(nil, tail))
        }
        return .structure(fields)
    }

    /// landlock_create_ruleset's `{handled_access_fs=LANDLOCK_ACCESS_FS_EXECUTE}`, `, ...` after
    /// it when `size` is beyond the 8 bytes strace 6.1 knows; the address below them.
    static func rulesetAttr(_ c: DecodeContext, address: UInt64, size: UInt64) -> Value {
        guard size >= 8 else { return .address(address) }
        guard address != 0 else { return .null }
        guard let b = c.memory.read(address, count: 8) else { return .pointer(address) }
        var fields: [Value.Field] = [.init("handled_access_fs", Tables.landlockFilesystemAccess.flags(b.uint64(at: 0)))]
        if size > 8 { fields.append(.init(nil, Style.more)) }
        return .structure(fields)
    }

    /// landlock_add_rule's packed struct landlock_path_beneath_attr (12 bytes):
    /// `{allowed_access=LANDLOCK_ACCESS_FS_READ_FILE, parent_fd=3}`.
    static func pathBeneathAttr(_ c: DecodeContext, address: UInt64) -> Value {
        guard address != 0 else { return .null }
        guard let b = c.memory.read(address, count: 12) else { return .pointer(address) }
        return .structure([
            .init("allowed_access", Tables.landlockFilesystemAccess.flags(b.uint64(at: 0))),
            .init("parent_fd", c.fd(Int64(b.int32(at: 8)))),
        ])
    }
}
