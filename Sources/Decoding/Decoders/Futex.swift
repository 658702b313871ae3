/// futex(2): which arguments print depends on the command (`op & 127`).
enum Futex {
    /// The parameters strace prints for operation `op`: always the address and the operation,
    /// then by command: `FUTEX_WAIT, 0, NULL`, `FUTEX_WAKE_PRIVATE, 1`,
    /// `FUTEX_WAIT_BITSET|FUTEX_CLOCK_REALTIME, 0, NULL, FUTEX_BITSET_MATCH_ANY`,
    /// `FUTEX_CMP_REQUEUE, 1, 2, 0x7ffd..., 1`; an unknown command all six in the raw.
    static func parameters(op: UInt64) -> [Param] {
        // Registers: uaddr, op, val, timeout (or val2), uaddr2, val3.
        let head: [Param] = [.i(.pointer), .i(.symbol(Tables.futexOperations)), .i(.uint)]
        let timeout = Param.i(.fromArgument(3, .timespec)), value2 = Param.i(.fromArgument(3, .uint))
        let address2 = Param.i(.fromArgument(4, .pointer))
        let value3 = Param.i(.fromArgument(5, .uint)), bitset = Param.i(.fromArgument(5, .futexBitset))
        let lead = Array(head.prefix(2))
        switch op & 127 {
        case 0: return head + [timeout]                                                // WAIT
        case 1, 2: return head                                                         // WAKE, FD
        case 3: return head + [value2, address2]                                       // REQUEUE
        case 4, 12: return head + [value2, address2, value3]                           // CMP_REQUEUE(_PI)
        case 5: return head + [value2, address2, .i(.fromArgument(5, .futexWakeOperation))] // WAKE_OP
        case 6, 13: return lead + [Param.i(.fromArgument(3, .timespec))]               // LOCK_PI, LOCK_PI2
        case 7, 8: return lead                                                         // UNLOCK_PI, TRYLOCK_PI
        case 9: return head + [timeout, bitset]                                        // WAIT_BITSET
        case 10: return head + [bitset]                                                // WAKE_BITSET
        case 11: return head + [timeout, address2]                                     // WAIT_REQUEUE_PI
        default: return head + [.i(.pointer), .i(.pointer), .i(.fromArgument(5, .futexValue3))]
        }
    }

    /// FUTEX_WAIT_BITSET's and FUTEX_WAKE_BITSET's mask: `FUTEX_BITSET_MATCH_ANY` (all ones)
    /// or hex.
    static func bitset(_ value: UInt64) -> Value {
        value == 0xffff_ffff ? .symbol("FUTEX_BITSET_MATCH_ANY", raw: value) : .hex(value)
    }

    /// FUTEX_WAKE_OP's encoded operation:
    /// `FUTEX_OP_SET<<28|0x1<<12|FUTEX_OP_CMP_GT<<24|0x1`, with `FUTEX_OP_OPARG_SHIFT<<28|`
    /// first when the operation's 8 bit is set and `0x5<<28 /* FUTEX_OP_??? */` for an
    /// unknown operation or comparison.
    static func wakeOperation(_ raw: UInt64) -> Value {
        let value = raw & 0xffff_ffff
        var parts: [Value] = []
        if (value >> 28) & 8 != 0 { parts.append(.joined([.symbol("FUTEX_OP_OPARG_SHIFT", raw: 8), .verbatim("28")], separator: "<<")) }
        parts.append(shifted(Tables.futexWakeOperations, (value >> 28) & 7, 28))
        parts.append(.verbatim(formatHex((value >> 12) & 0xfff) + "<<12"))
        parts.append(shifted(Tables.futexWakeComparisons, (value >> 24) & 0xf, 24))
        parts.append(.hex(value & 0xfff))
        return .joined(parts, separator: "|")
    }

    /// `NAME<<24`, or `0xf<<24 /* HINT */` for a value the table does not know; with -X raw
    /// always the latter (`0<<28 /* FUTEX_OP_??? */`: strace's raw lookup finds no name).
    private static func shifted(_ table: Xlat, _ raw: UInt64, _ shift: Int) -> Value {
        let unknown: Value = .commented(.verbatim(formatHex(raw) + "<<\(shift)"), table.unknown)
        guard let name = table.name(raw) else { return unknown }
        return .rawForm(.joined([.symbol(name, raw: raw), .verbatim(String(shift))], separator: "<<"), raw: unknown)
    }
}
