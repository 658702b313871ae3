/// Values of the identity, resource usage, scheduling, I/O priority, personality, membarrier,
/// mincore and capability calls, as strace 6.1 prints them.
enum SchedulingValues {
    /// A uid or gid the kernel stored (getresuid): `[0]`, `[-1]`; the address when the call
    /// failed or it is unreadable.
    static func userIDOut(_ c: DecodeContext, address: UInt64) -> Value {
        guard address != 0 else { return .null }
        guard c.succeeded, let v = c.memory.readUInt(address, size: 4) else { return .pointer(address) }
        return .boxed(v == 0xffff_ffff ? .int(-1) : .uint(v))
    }


    /// struct tms filled by times: each clock_t with its seconds in a comment.
    static func tms(_ c: DecodeContext, address: UInt64) -> Value {
        guard address != 0 else { return .null }
        guard c.succeeded, let b = c.memory.read(address, count: 32) else { return .pointer(address) }
        let names = ["tms_utime", "tms_stime", "tms_cutime", "tms_cstime"]
        return .structure(names.enumerated().map { k, name in
            .init(name, .clockTicks(b.uint64(at: 8 * k), perSecond: Value.clockTicksPerSecond))
        })
    }

    /// personality's argument and result: 0xffffffff (the query) as is, otherwise the domain
    /// and the flags: `PER_LINUX32|READ_IMPLIES_EXEC`, `PER_LINUX`, `0x12 /* PER_??? */`.
    static func personality(_ raw: UInt64) -> Value {
        let value = raw & 0xffff_ffff
        if value == 0xffff_ffff { return .hex(value) }
        let domain = Tables.personalityTypes.symbol(value & 0xff)
        let flags = value & ~UInt64(0xff)
        guard flags != 0 else { return domain }
        return .joined([domain, Tables.personalityFlags.flags(flags)], separator: "|")
    }

    static func personalityResult(_ c: DecodeContext) -> CallResult {
        let v = UInt64(bitPattern: c.returnValue)
        return .value(.hex(v), note: personality(v))
    }

    /// sched_getscheduler's result: the policy's name after it, in every -X style, when it has one.
    static func policyResult(_ c: DecodeContext) -> CallResult {
        let v = c.returnValue
        return .value(.int(v), note: Tables.schedulingPolicies.name(UInt64(bitPattern: v)).map { .verbatim($0) })
    }

    /// membarrier's result: MEMBARRIER_CMD_QUERY's the commands supported.
    static func membarrierResult(_ c: DecodeContext) -> CallResult {
        let v = c.returnValue
        guard c.uint(0) == 0, v != 0 else { return .value(.int(v), note: nil) }
        return .value(.hex(UInt64(bitPattern: v)), note: Tables.membarrierCommands.flags(UInt64(bitPattern: v)))
    }

    /// struct sched_attr, given (sched_setattr) or filled (sched_getattr), by its own size
    /// field (0 is the first version's 48 bytes): `{size=20}` when smaller than that, the
    /// fields up to sched_period, the utilization clamps from 56 bytes, `...` beyond;
    /// sched_policy left out with SCHED_FLAG_KEEP_POLICY or SCHED_FLAG_KEEP_PARAMS, the
    /// parameters with SCHED_FLAG_KEEP_PARAMS.
    static func schedAttr(_ c: DecodeContext, address: UInt64, output: Bool) -> Value {
        guard address != 0 else { return .null }
        guard !(output && !c.succeeded), let head = c.memory.read(address, count: 4) else { return .pointer(address) }
        var size = UInt64(head.uint32(at: 0))
        if size == 0 { size = 48 }
        guard size >= 48 else { return .structure([.init("size", .uint(size))]) }
        guard let b = c.memory.read(address, count: Int(min(size, 56))) else { return .pointer(address) }
        let flags = b.uint64(at: 8)
        var fields: [Value.Field] = [.init("size", .uint(UInt64(b.uint32(at: 0))))]
        if flags & 0x18 == 0 { fields.append(.init("sched_policy", Tables.schedulingPolicies.symbol(UInt64(b.uint32(at: 4))))) }
        fields.append(.init("sched_flags", Tables.schedulingFlags.flags(flags)))
        if flags & 0x10 == 0 {
            fields.append(.init("sched_nice", .int(Int64(Int32(bitPattern: b.uint32(at: 16))))))
            fields.append(.init("sched_priority", .uint(UInt64(b.uint32(at: 20)))))
            for (offset, name) in [(24, "sched_runtime"), (32, "sched_deadline"), (40, "sched_period")] {
                fields.append(.init(name, .uint(b.uint64(at: offset))))
            }
        }
        if size >= 56 {
            fields.append(.init("sched_util_min", .uint(UInt64(b.uint32(at: 48)))))
            fields.append(.init("sched_util_max", .uint(UInt64(b.uint32(at: 52)))))
        }
        if size > 56 { fields.append(.init(nil, .verbatim("..."))) }
        return .structure(fields)
    }

    /// After sched_setattr failed with E2BIG: ` => {size=56}`, the size the kernel wrote back.
    static func schedAttrSize(_ c: DecodeContext, address: UInt64) -> Value {
        guard c.isError, c.returnValue == -7, address != 0, let b = c.memory.read(address, count: 4) else { return .verbatim("") }
        return .joined([.verbatim(""), .structure([.init("size", .uint(UInt64(b.uint32(at: 0))))])], separator: " => ")
    }

    /// An I/O priority: `IOPRIO_PRIO_VALUE(IOPRIO_CLASS_BE, 4)` (the class in bits 13 to 15,
    /// the level below).
    static func ioprioParts(_ value: UInt64) -> Value {
        .call("IOPRIO_PRIO_VALUE", [Tables.ioprioClasses.symbol(value >> 13), .uint(value & 0x1fff)])
    }

    /// ioprio_set's priority: the macro, the number with -X raw, both with -X verbose.
    static func ioprio(_ value: UInt64) -> Value {
        .expression(ioprioParts(value), raw: .int(Int64(Int32(truncatingIfNeeded: value)))) // an int
    }

    /// ioprio_get's result: the macro in a note that -X raw leaves out.
    static func ioprioResult(_ c: DecodeContext) -> CallResult {
        let v = c.returnValue
        return .value(.int(v), note: .rawForm(ioprioParts(UInt64(bitPattern: v) & 0xffff_ffff), raw: .verbatim("")))
    }

    /// mincore's vector: one byte a page of the range, `[1, 0, 1]`; the address when the call
    /// failed.
    static func mincoreVector(_ c: DecodeContext, address: UInt64) -> Value {
        let length = c.arg(1)
        let pages = length / 4096 + (length % 4096 == 0 ? 0 : 1)
        // print_array: NULL, `[]` for no page whatever the result, else the address after a failure
        guard address != 0, pages != 0 else { return Style.array(c, address: address, count: 0, size: 1) { _, _ in nil } }
        guard c.succeeded else { return .pointer(address) }
        return Style.array(c, address: address, count: pages, size: 1) { b, _ in .uint(UInt64(b[0])) }
    }

    /// capget's and capset's header: `{version=_LINUX_CAPABILITY_VERSION_3, pid=0}`.
    static func capHeader(_ c: DecodeContext, address: UInt64) -> Value {
        guard address != 0 else { return .null }
        guard let b = c.memory.read(address, count: 8) else { return .pointer(address) }
        return .structure([.init("version", Tables.capabilityVersions.symbol(UInt64(b.uint32(at: 0)))),
                           .init("pid", c.processID(Int64(Int32(bitPattern: b.uint32(at: 4)))))])
    }

    /// One capability set of the data: its two 32-bit words, each as flags.
    static func capabilitySet(low: UInt64, high: UInt64) -> Value {
        var parts: [Value] = []
        if low != 0 { parts.append(Tables.capabilityBitsLow.flags(low)) }
        if high != 0 { parts.append(Tables.capabilityBitsHigh.flags(high)) }
        if parts.isEmpty { return .int(0) }
        return parts.count == 1 ? parts[0] : .joined(parts, separator: "|")
    }

    /// capget's (filled, `output`) and capset's data: two structs (the high words in the
    /// second) for versions 2 and 3, one for version 1 and any other, as the header in argument
    /// 0 says; the address for an unreadable header.
    static func capData(_ c: DecodeContext, address: UInt64, output: Bool) -> Value {
        guard address != 0 else { return .null }
        guard !(output && !c.succeeded), c.arg(0) != 0, let header = c.memory.read(c.arg(0), count: 4) else {
            return .pointer(address)
        }
        let version = header.uint32(at: 0)
        let words = version == 0x20071026 || version == 0x20080522 ? 2 : 1
        guard let b = c.memory.read(address, count: 12 * words) else { return .pointer(address) }
        func set(_ field: Int) -> Value {
            capabilitySet(low: UInt64(b.uint32(at: 4 * field)), high: words == 2 ? UInt64(b.uint32(at: 12 + 4 * field)) : 0)
        }
        return .structure([.init("effective", set(0)), .init("permitted", set(1)), .init("inheritable", set(2))])
    }
}
