/// mmap's flags and the other memory-call values that are more than one table.
enum Mappings {
    /// mmap's flags: the mapping type, the flags, leftover bits in hex, the huge page size:
    /// `MAP_PRIVATE|MAP_ANONYMOUS`, `MAP_FILE` (type 0), `0xf /* MAP_??? */|MAP_ANONYMOUS`,
    /// `MAP_PRIVATE|MAP_ANONYMOUS|MAP_HUGETLB|21<<MAP_HUGE_SHIFT`. The flags are an int.
    static func mmapFlags(_ raw: UInt64) -> Value {
        let value = raw & 0xffff_ffff
        var parts: [Value] = []
        parts.reserveCapacity(4)
        parts.append(Tables.mmapTypes.symbol(value & 0xf))
        let huge = (value >> 26) & 0x3f
        let flags = value & ~UInt64(0xf) & ~(UInt64(0x3f) << 26)
        if flags != 0 {
            // The flags as Xlat.flags finds them, each a part of its own.
            let rest = Tables.mmapFlags.forEachFlag(in: flags) { parts.append(.symbol($0.name, raw: $0.value)) }
            if rest != 0 { parts.append(.hex(rest)) }
        }
        if huge != 0 { parts.append(.verbatim("\(huge)<<MAP_HUGE_SHIFT")) }
        return .composite(.joined(parts, separator: "|"), raw: .hex(value))
    }
}
