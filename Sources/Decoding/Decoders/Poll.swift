/// poll's pollfd arrays and epoll's events.
enum Poll {
    /// Given: `[{fd=3, events=POLLIN}]`; returned: only the entries with revents,
    /// `[{fd=3, revents=POLLOUT}]`.
    static func pollfds(_ c: DecodeContext, address: UInt64, count: UInt64, returned: Bool) -> Value {
        guard address != 0 else { return .null }
        let shown = min(count, UInt64(max(1, c.options.stringLimit)))
        guard count <= 65536, let b = c.memory.read(address, count: Int(shown) * 8) else { return .pointer(address) }
        var items: [Value] = []
        for k in 0 ..< Int(shown) {
            let fd = Int64(b.int32(at: k * 8))
            let events = UInt64(b.uint16(at: k * 8 + 4))
            let revents = UInt64(b.uint16(at: k * 8 + 6))
            if returned {
                if revents != 0 {
                    items.append(.structure([.init("fd", .int(fd)), .init("revents", Tables.pollEvents.flags(revents))]))
                }
            } else if fd < 0 {
                items.append(.structure([.init("fd", c.fd(fd))]))
            } else {
                items.append(.structure([.init("fd", c.fd(fd)), .init("events", Tables.pollEvents.flags(events))]))
            }
        }
        return .array(items, more: !returned && count > shown)
    }

    static func event(_ c: DecodeContext, _ b: [UInt8], at offset: Int) -> Value {
        let events = UInt64(b.uint32(at: offset))
        let data = b.uint64(at: offset + 4)
        return .structure([.init("events", Tables.epollEvents.flags(events)),
                           .init("data", .structure([.init("u32", .uint(data & 0xffff_ffff)), .init("u64", .uint(data))]))])
    }

    static func epollEvent(_ c: DecodeContext, address: UInt64) -> Value {
        guard address != 0 else { return .null }
        guard let b = c.memory.read(address, count: 12) else { return .pointer(address) }
        return event(c, b, at: 0)
    }

    static func epollEvents(_ c: DecodeContext, address: UInt64, count: Int) -> Value {
        guard address != 0 else { return .null }
        guard count > 0 else { return .array([], more: false) }
        let shown = min(count, max(1, c.options.stringLimit))
        guard let b = c.memory.read(address, count: shown * 12) else { return .pointer(address) }
        return .array((0 ..< shown).map { event(c, b, at: $0 * 12) }, more: count > shown)
    }
}

/// Time structures.
enum Time {
    static func timespec(_ c: DecodeContext, address: UInt64) -> Value {
        guard address != 0 else { return .null }
        guard let b = c.memory.read(address, count: 16) else { return .pointer(address) }
        // tv_nsec prints unsigned: `{tv_sec=0, tv_nsec=18446744073709551615}` for -1.
        return .structure([.init("tv_sec", .int(b.int64(at: 0))), .init("tv_nsec", .uint(b.uint64(at: 8)))])
    }
}

/// Signal numbers, masks and wait statuses.
enum Signals {
    /// `[INT CHLD]`, or `~[KILL STOP]` when most signals are in the set. strace prints a set
    /// of `minimum` to 8 bytes (the kernel's sigset_t); any other size as the address
    /// (rt_sigprocmask and ppoll take exactly 8, rt_sigpending 1 to 8).
    static func sigset(_ c: DecodeContext, address: UInt64, size: UInt64, minimum: UInt64 = 8) -> Value {
        guard address != 0 else { return .null }
        guard size >= minimum, size <= 8, let b = c.memory.read(address, count: Int(size)) else { return .pointer(address) }
        return sigset(b)
    }

    /// A signal set from its bytes. strace writes the complement, `~[...]` over all 64 signals,
    /// when at least two thirds of them (42) are in the set.
    static func sigset(_ b: [UInt8]) -> Value {
        var members: [Int] = []
        let bits = b.count * 8
        guard bits > 0 else { return .verbatim("[]") }
        for s in 1 ... bits where b[(s - 1) / 8] & (1 << UInt8((s - 1) % 8)) != 0 { members.append(s) }
        let complement = members.count >= 64 * 2 / 3
        let listed = complement ? (1 ... 64).filter { !members.contains($0) } : members
        let names = listed.map { name -> String in
            let full = SignalTable.name(name)
            return full.hasPrefix("SIG") ? String(full.dropFirst(3)) : full
        }
        return .verbatim((complement ? "~[" : "[") + names.joined(separator: " ") + "]")
    }

    static func waitStatusText(_ s: Int32) -> String {
        let low = s & 0x7f
        if low == 0 { return "WIFEXITED(s) && WEXITSTATUS(s) == \((s >> 8) & 0xff)" }
        if low == 0x7f {
            return "WIFSTOPPED(s) && WSTOPSIG(s) == \(SignalTable.name(Int((s >> 8) & 0xff)))"
        }
        let core = s & 0x80 != 0 ? " && WCOREDUMP(s)" : ""
        return "WIFSIGNALED(s) && WTERMSIG(s) == \(SignalTable.name(Int(low)))\(core)"
    }
}

/// seccomp(2)'s filter program: `{len=8, filter=0x55d...}`.
enum Seccomp {
    static func fprog(_ c: DecodeContext, address: UInt64) -> Value {
        guard address != 0 else { return .null }
        guard let b = c.memory.read(address, count: 16) else { return .pointer(address) }
        return .structure([.init("len", .uint(UInt64(b.uint16(at: 0)))), .init("filter", .address(b.uint64(at: 8)))])
    }
}

/// fcntl's third argument and result, by command.
enum Fcntl {
    static let getFD: UInt64 = 1, setFD: UInt64 = 2, getFL: UInt64 = 3, setFL: UInt64 = 4
    static let dupFD: UInt64 = 0, dupFDCloexec: UInt64 = 1030

    /// Commands that take no third argument.
    static func takesArgument(_ command: UInt64) -> Bool {
        switch command {
        case getFD, getFL, 9 /* F_GETOWN */, 11 /* F_GETSIG */, 1025 /* F_GETLEASE */, 1032 /* F_GETPIPE_SZ */, 1034 /* F_GET_SEALS */:
            return false
        default:
            return true
        }
    }

    static func openFlags(_ raw: UInt64) -> Value { Tables.openModeFlags(raw) }

    static func argument(_ c: DecodeContext, command: UInt64, index: Int) -> Value {
        switch command {
        case setFL: return openFlags(c.uint(index))
        case setFD: return Tables.fdFlags.flags(c.uint(index))
        case dupFD, dupFDCloexec, 8 /* F_SETOWN */, 1031 /* F_SETPIPE_SZ */: return .int(c.int(index))
        case 10 /* F_SETSIG */: return Tables.signal(c.int(index))
        default: return .pointer(c.arg(index))
        }
    }

    static func result(_ c: DecodeContext) -> CallResult {
        let v = c.returnValue
        switch c.uint(1) {
        case getFL: return .value(.hex(UInt64(v)), note: .verbatim("flags " + openFlags(UInt64(v)).render()))
        case getFD:
            return .value(.hex(UInt64(v)), note: v == 0 ? nil : .verbatim("flags " + Tables.fdFlags.flags(UInt64(v)).render()))
        case dupFD, dupFDCloexec: return .value(c.fd(v), note: nil)
        default: return .value(.int(v), note: nil)
        }
    }
}

/// ioctl's argument, by request.
enum Ioctl {
    static func argument(_ c: DecodeContext, request: UInt64, index: Int) -> Value {
        let address = c.arg(index)
        switch request {
        case 0x5421, 0x5452: // FIONBIO, FIOASYNC: int given
            guard address != 0 else { return .null }
            guard let v = c.memory.readInt32(address) else { return .pointer(address) }
            return .boxed(.int(Int64(v)))
        case 0x541b: // FIONREAD: int returned
            guard c.atExit else { return .address(address) }
            guard c.succeeded, let v = c.memory.readInt32(address) else { return .address(address) }
            return .boxed(.int(Int64(v)))
        default:
            return .hex(address)
        }
    }
}
