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
            // The flags as Xlat.flags finds them (the table's order), each a part of its own.
            var rest = flags
            for entry in Tables.mmapFlags.entries
            where entry.value != 0 && flags & entry.value == entry.value && rest & entry.value != 0 {
                parts.append(.symbol(entry.name, raw: entry.value))
                rest &= ~entry.value
            }
            if rest != 0 { parts.append(.hex(rest)) }
        }
        if huge != 0 { parts.append(.verbatim("\(huge)<<MAP_HUGE_SHIFT")) }
        return .composite(.joined(parts, separator: "|"), raw: .hex(value))
    }
}
