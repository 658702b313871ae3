/// Values of the process calls: resource limits, uname, sysinfo, CPU sets, clone and clone3,
/// arch_prctl, getrandom's bytes.
enum ProcessValues {
    /// One limit of struct rlimit: `RLIM64_INFINITY`, `8192*1024` (a multiple of 1024 above
    /// 1024), `1024`, `20000`; with `-X raw` every limit in decimal.
    static func limit(_ value: UInt64) -> Value {
        if value == UInt64.max { return .composite(.verbatim("RLIM64_INFINITY"), raw: .uint(value)) }
        if value > 1024 && value % 1024 == 0 { return .composite(.verbatim("\(value / 1024)*1024"), raw: .uint(value)) }
        return .uint(value)
    }

    /// `{rlim_cur=8192*1024, rlim_max=RLIM64_INFINITY}`; given at entry, filled at exit.
    static func rlimit(_ c: DecodeContext, address: UInt64, output: Bool) -> Value {
        guard address != 0 else { return .null }
        if output && !c.succeeded { return .pointer(address) }
        guard let b = c.memory.read(address, count: 16) else { return .pointer(address) }
        return .structure([.init("rlim_cur", limit(b.uint64(at: 0))), .init("rlim_max", limit(b.uint64(at: 8)))])
    }

    /// A char array field: up to its NUL, or all but the last byte and `...` when it has none
    /// (uname's fields are printed whole, not cut at -s).
    static func fixedString(_ bytes: ArraySlice<UInt8>) -> Value {
        if let end = bytes.firstIndex(of: 0) { return .string(Array(bytes[bytes.startIndex ..< end]), truncated: false) }
        return .string(Array(bytes.dropLast()), truncated: true)
    }

    /// struct utsname, abbreviated: `{sysname="Linux", nodename="vm", ...}`; with -v every field.
    static func utsname(_ c: DecodeContext, address: UInt64) -> Value {
        guard address != 0 else { return .null }
        guard c.succeeded, let b = c.memory.read(address, count: 65 * 6) else { return .pointer(address) }
        let names = ["sysname", "nodename", "release", "version", "machine", "domainname"]
        // Abbreviated: the first two and `...`; with -v all six.
        let shown = c.options.abbreviate ? 2 : names.count
        var fields: [Value.Field] = (0 ..< shown).map { .init(names[$0], fixedString(b[65 * $0 ..< 65 * ($0 + 1)])) }
        if shown < names.count { fields.append(.init(nil, .verbatim("..."))) }
        return .structure(fields)
    }

    /// struct sysinfo, every field (x86_64 layout, 112 bytes).
    static func sysinfo(_ c: DecodeContext, address: UInt64) -> Value {
        guard address != 0 else { return .null }
        guard c.succeeded, let b = c.memory.read(address, count: 112) else { return .pointer(address) }
        var fields: [Value.Field] = [.init("uptime", .uint(b.uint64(at: 0)))]
        fields.append(.init("loads", .array((0 ..< 3).map { .uint(b.uint64(at: 8 + 8 * $0)) }, more: false)))
        for (offset, name) in [(32, "totalram"), (40, "freeram"), (48, "sharedram"), (56, "bufferram"),
                               (64, "totalswap"), (72, "freeswap")] {
            fields.append(.init(name, .uint(b.uint64(at: offset))))
        }
        fields.append(.init("procs", .uint(UInt64(b.uint16(at: 80)))))
        fields.append(.init("totalhigh", .uint(b.uint64(at: 88))))
        fields.append(.init("freehigh", .uint(b.uint64(at: 96))))
        fields.append(.init("mem_unit", .uint(UInt64(b.uint32(at: 104)))))
        return .structure(fields)
    }

    /// A CPU set of `size` bytes: the CPUs in it, `[0 1]`, `[]`; strace reads at most 128
    /// bytes (1024 CPUs) and marks a larger set `[0 1023 ...]`.
    static func cpuSet(_ c: DecodeContext, address: UInt64, size: UInt64) -> Value {
        guard address != 0 else { return .null }
        guard let b = c.memory.read(address, count: Int(min(size, 128))) else { return .pointer(address) }
        var cpus: [String] = []
        for (index, byte) in b.enumerated() where byte != 0 {
            for bit in 0 ..< 8 where byte & (1 << UInt8(bit)) != 0 { cpus.append(String(index * 8 + bit)) }
        }
        if size > 128 { cpus.append("...") }
        return .verbatim("[" + cpus.joined(separator: " ") + "]")
    }

    /// clone's flags with the exit signal in the low byte: `CLONE_VM|CLONE_FS|SIGCHLD`,
    /// `CLONE_VM|0x400000|SIGCHLD`, `CLONE_IO|145` (a low byte that is no signal), `0`.
    static func cloneFlags(_ raw: UInt64) -> Value {
        let signal = raw & 0xff
        let flags = raw & ~UInt64(0xff)
        var parts: [Value] = []
        if flags != 0 { parts.append(Tables.cloneFlags.flags(flags)) }
        if signal != 0 { parts.append(Tables.signal(Int64(signal))) }
        if parts.isEmpty { return .int(0) }
        return .joined(parts, separator: "|")
    }

    /// `name=value`, as clone's arguments print: `child_stack=NULL`.
    static func named(_ name: String, _ value: Value) -> Value {
        .joined([.verbatim(name), value], separator: "=")
    }

    static let parentSetTID: UInt64 = 0x100000, setTLS: UInt64 = 0x80000, pidFD: UInt64 = 0x1000
    static let childSetTID: UInt64 = 0x1000000, childClearTID: UInt64 = 0x200000
    static let intoCgroup: UInt64 = 0x200000000

    /// What clone prints after its flags, at the exit: `, parent_tid=[N], tls=0x...,
    /// child_tidptr=0x...`, each only with the flag that uses it (x86_64 argument order:
    /// flags, stack, parent_tid, child_tid, tls).
    static func cloneTail(_ c: DecodeContext) -> Value {
        let flags = c.arg(0)
        var parts: [Value] = [.verbatim("")]
        if flags & (parentSetTID | pidFD) != 0 {
            parts.append(named("parent_tid", idPointer(c, address: c.arg(2))))
        }
        if flags & setTLS != 0 { parts.append(named("tls", .address(c.arg(4)))) }
        if flags & (childSetTID | childClearTID) != 0 {
            parts.append(named("child_tidptr", .address(c.arg(3))))
        }
        if parts.count == 1 { return .verbatim("") }
        return .joined(parts, separator: ", ")
    }

    /// `[1234]`: an id the kernel stored; the address when the call failed, it is unreadable or
    /// the call is not verbose (-e verbose=).
    static func idPointer(_ c: DecodeContext, address: UInt64) -> Value {
        guard address != 0 else { return .null }
        guard c.succeeded, c.options.dereference, let v = c.memory.readInt32(address) else { return .pointer(address) }
        return .boxed(.int(Int64(v)))
    }

    /// clone3's struct clone_args, read at entry (saved for the exit). Offsets: flags 0,
    /// pidfd 8, child_tid 16, parent_tid 24, exit_signal 32, stack 40, stack_size 48, tls 56,
    /// set_tid 64, set_tid_size 72, cgroup 80.
    static let cloneArgsSize = 88

    static func captureCloneArgs(_ c: DecodeContext, address: UInt64, size: UInt64) -> SavedValue {
        guard address != 0, size >= 64, let b = c.memory.read(address, count: Int(min(size, UInt64(cloneArgsSize)))) else {
            return .none
        }
        return .bytes(b)
    }

    static let clearSighand: UInt64 = 0x1_0000_0000

    /// clone3's flags, 64 bits (the exit signal has a field of its own): clone's, then
    /// CLONE_NEWTIME (0x80, clone's exit-signal byte), CLONE_CLEAR_SIGHAND, CLONE_INTO_CGROUP.
    static let clone3Flags = Xlat(unknown: "CLONE_???",
                                  Tables.cloneFlags.entries.map { ($0.value, $0.name) }
                                      + [(0x80, "CLONE_NEWTIME"), (clearSighand, "CLONE_CLEAR_SIGHAND"),
                                         (intoCgroup, "CLONE_INTO_CGROUP")])

    /// `{flags=CLONE_VM|..., child_tid=0x..., parent_tid=0x..., exit_signal=0, stack=0x...,
    /// stack_size=0x1fff40, tls=0x...}`: pidfd, child_tid, parent_tid and tls only with the
    /// flags that use them, set_tid when set_tid_size is not 0, cgroup with CLONE_INTO_CGROUP
    /// or when it is not 0.
    static func cloneArgs(_ b: [UInt8]) -> Value {
        let flags = b.uint64(at: 0)
        var fields: [Value.Field] = [.init("flags", clone3Flags.flags(flags))]
        if flags & pidFD != 0 { fields.append(.init("pidfd", .address(b.uint64(at: 8)))) }
        if flags & (childSetTID | childClearTID) != 0 { fields.append(.init("child_tid", .address(b.uint64(at: 16)))) }
        if flags & parentSetTID != 0 { fields.append(.init("parent_tid", .address(b.uint64(at: 24)))) }
        // A 64-bit field: a signal's name, or the number unsigned.
        let exitSignal = b.uint64(at: 32)
        fields.append(.init("exit_signal", exitSignal <= 64 ? Tables.signal(Int64(exitSignal)) : .uint(exitSignal)))
        fields.append(.init("stack", .address(b.uint64(at: 40))))
        fields.append(.init("stack_size", .hex(b.uint64(at: 48))))
        if flags & setTLS != 0 { fields.append(.init("tls", .address(b.uint64(at: 56)))) }
        if b.count >= 80, b.uint64(at: 72) != 0 {
            fields.append(.init("set_tid", .address(b.uint64(at: 64))))
            fields.append(.init("set_tid_size", .uint(b.uint64(at: 72))))
        }
        if b.count >= 88, flags & intoCgroup != 0 || b.uint64(at: 80) != 0 {
            fields.append(.init("cgroup", .uint(b.uint64(at: 80))))
        }
        return .structure(fields)
    }

    /// What a caller passes beyond the struct strace knows (clone3's above 88 bytes, openat2's
    /// above 24: `known`): strace reads up to 4096 bytes and shows them in hex when any is not 0,
    /// `/* bytes 88..4095 */ "\x00\x0a..."...`. Bytes that cannot be read show as `unreadable`
    /// (mount_setattr's `???`), or not at all.
    static func structTail(_ c: DecodeContext, address: UInt64, size: UInt64, known: Int, unreadable: Value? = nil) -> Value? {
        guard size > UInt64(known) else { return nil }
        let end = Int(min(size, 4096))
        guard let tail = c.memory.read(address &+ UInt64(known), count: end - known) else { return unreadable }
        guard tail.contains(where: { $0 != 0 }) else { return nil }
        let limit = max(0, c.options.stringLimit)
        let shown: Value = tail.count > limit
            ? .joined([.hexString(Array(tail.prefix(limit))), .verbatim("")], separator: "...")
            : .hexString(tail)
        return .joined([.verbatim("/* bytes \(known)..\(end - 1) */"), shown], separator: " ")
    }

    /// At clone3's exit, after the struct: ` => {pidfd=[3], parent_tid=[1234]}` when the call
    /// succeeded and stored either.
    static func cloneArgsResult(_ c: DecodeContext, saved: SavedValue?) -> Value {
        guard c.succeeded, case .bytes(let b)? = saved else { return .verbatim("") }
        let flags = b.uint64(at: 0)
        var fields: [Value.Field] = []
        if flags & pidFD != 0 { fields.append(.init("pidfd", idPointer(c, address: b.uint64(at: 8)))) }
        if flags & parentSetTID != 0 { fields.append(.init("parent_tid", idPointer(c, address: b.uint64(at: 24)))) }
        if fields.isEmpty { return .verbatim("") }
        return .joined([.verbatim(""), .structure(fields)], separator: " => ")
    }

    /// clone3's argument as strace prints it at entry: the struct, or the address when it is
    /// unreadable or the size is too small to hold one.
    static func cloneArgsValue(_ c: DecodeContext, address: UInt64, size: UInt64) -> Value {
        guard address != 0 else { return .null }
        guard case .bytes(let b) = captureCloneArgs(c, address: address, size: size),
              case .structure(var fields) = cloneArgs(b) else { return .pointer(address) }
        if let tail = structTail(c, address: address, size: size, known: cloneArgsSize) { fields.append(.init(nil, tail)) }
        return .structure(fields)
    }

    /// `count` group ids (gid_t, 32 bits): `[0, 27]`, `[]`; at most -s of them, then `...`.
    static func groups(_ c: DecodeContext, address: UInt64, count: Int64) -> Value {
        guard address != 0 else { return .null }
        guard count > 0 else { return count == 0 ? .array([], more: false) : .pointer(address) }
        let shown = Int(min(count, Int64(max(1, c.options.arrayLimit))))
        guard count <= 65536, let b = c.memory.read(address, count: shown * 4) else { return .pointer(address) }
        return .array((0 ..< shown).map { .uint(UInt64(b.uint32(at: $0 * 4))) }, more: Int64(shown) < count)
    }

    /// getrandom's buffer: as many bytes as the call returned, every byte in hex.
    static func randomBytes(_ c: DecodeContext, address: UInt64) -> Value {
        guard c.succeeded else { return .address(address) }
        guard address != 0 else { return .null }
        let length = UInt64(max(0, c.returnValue))
        let limit = UInt64(max(0, c.options.stringLimit))
        guard let bytes = c.memory.read(address, count: Int(min(length, limit))) else { return .pointer(address) }
        if length > limit { return .joined([.hexString(bytes), .verbatim("")], separator: "...") }
        return .hexString(bytes)
    }
}
