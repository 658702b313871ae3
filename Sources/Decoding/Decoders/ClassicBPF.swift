/// Classic BPF instructions as strace prints a filter program with -v:
/// `[BPF_STMT(BPF_LD|BPF_W|BPF_ABS, 0x4), BPF_JUMP(BPF_JMP|BPF_K|BPF_JEQ, 0xc000003e, 0, 0x3),
/// BPF_STMT(BPF_RET|BPF_K, SECCOMP_RET_ERRNO|0x1), BPF_STMT(BPF_RET|BPF_K, SECCOMP_RET_ALLOW)]`.
/// An instruction with a jump offset is a BPF_JUMP, any other a BPF_STMT; the tables come from
/// linux/bpf_common.h, linux/filter.h and linux/seccomp.h (Generated/HeaderTables.swift).
enum ClassicBPF {
    /// strace prints at most BPF_MAXINSNS instructions, then `...`.
    static let maximumInstructions: UInt64 = 4096

    /// A return's value source (code & 0x18): BPF_K and BPF_X (bpf_common.h), BPF_A (filter.h).
    static let returnValues = Xlat(unknown: "BPF_???", [(0x0, "BPF_K"), (0x8, "BPF_X"), (0x10, "BPF_A")])

    /// A load's size (code & 0x18): BPF_W, BPF_H, BPF_B (bpf_common.h) and eBPF's BPF_DW
    /// (bpf.h), which strace names in a classic program too.
    static let sizes = Xlat(unknown: "BPF_???", [(0x0, "BPF_W"), (0x8, "BPF_H"), (0x10, "BPF_B"), (0x18, "BPF_DW")])

    /// `count` instructions of 8 bytes at `address`: the array, the address when none can be
    /// read, and `... /* ADDRESS */` for the first one that cannot be read after those that can.
    static func program(_ c: DecodeContext, address: UInt64, count: UInt64, seccomp: Bool) -> Value {
        guard address != 0 else { return .null }
        guard count > 0 else { return .array([], more: false) }
        var items: [Value] = []
        for index in 0 ..< min(count, maximumInstructions) {
            let at = address &+ index * 8
            guard let b = c.memory.read(at, count: 8) else {
                if items.isEmpty { return .pointer(address) }
                items.append(Style.more(at: at))
                return .array(items, more: false)
            }
            items.append(instruction(code: b.uint16(at: 0), jumpTrue: b[2], jumpFalse: b[3], k: b.uint32(at: 4), seccomp: seccomp))
        }
        return .array(items, more: count > maximumInstructions)
    }

    static func instruction(code: UInt16, jumpTrue: UInt8, jumpFalse: UInt8, k: UInt32, seccomp: Bool) -> Value {
        if jumpTrue != 0 || jumpFalse != 0 {
            return .call("BPF_JUMP", [self.code(code), .hex(UInt64(k)), .hex(UInt64(jumpTrue)), .hex(UInt64(jumpFalse))])
        }
        let value: Value
        if seccomp && code & 0x7 == 0x6 { // BPF_RET: the action, then its data
            let action = UInt64(k & 0xffff_0000) // SECCOMP_RET_ACTION_FULL
            let data = UInt64(k) & ~action
            let name = Tables.seccompReturnActions.symbol(action)
            value = data == 0 ? name : .joined([name, .hex(data)], separator: "|")
        } else {
            value = .hex(UInt64(k))
        }
        return .call("BPF_STMT", [self.code(code), value])
    }

    /// The code's class, then what the class has: a load's size and mode, an ALU or jump
    /// instruction's operand and operation, BPF_MISC's operation, a return's value source;
    /// bits left over (for a store, BPF_MISC or a return) in hex with `/* BPF_??? */`.
    static func code(_ code: UInt16) -> Value {
        let value = UInt64(code)
        let classBits = value & 0x7
        var parts: [Value] = [Tables.bpfClasses.symbol(classBits)]
        var rest = value & ~classBits
        switch classBits {
        case 0x0, 0x1: // BPF_LD, BPF_LDX
            parts += [sizes.symbol(value & 0x18), Tables.bpfModes.symbol(value & 0xe0)]
            rest = 0
        case 0x4: // BPF_ALU
            parts += [Tables.bpfSources.symbol(value & 0x8), Tables.bpfAluOperations.symbol(value & 0xf0)]
            rest = 0
        case 0x5: // BPF_JMP
            parts += [Tables.bpfSources.symbol(value & 0x8), Tables.bpfJumpOperations.symbol(value & 0xf0)]
            rest = 0
        case 0x6: // BPF_RET
            parts.append(returnValues.symbol(value & 0x18))
            rest &= ~UInt64(0x18)
        case 0x7: // BPF_MISC
            parts.append(Tables.bpfMiscOperations.symbol(value & 0xf8))
            rest &= ~UInt64(0xf8)
        default: // BPF_ST, BPF_STX
            break
        }
        // The comment is there with -X raw too: strace writes it by hand.
        if rest != 0 { parts.append(.commented(.hex(rest), "BPF_???")) }
        return .joined(parts, separator: "|")
    }
}
