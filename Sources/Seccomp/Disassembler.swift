import Decoding

/// A seccomp-bpf program, one instruction a line, as seccomp-tools shows it:
/// ` 0005: 0x15 0x03 0x00 0x00000032  if (A == listen) goto 0009`.
public enum Disassembler {
    public struct Instruction: Sendable, Equatable {
        public var code: UInt16
        public var jt: UInt8
        public var jf: UInt8
        public var k: UInt32
    }

    public static func instructions(_ program: [UInt8]) -> [Instruction] {
        var out: [Instruction] = []
        var i = 0
        while i + 8 <= program.count {
            let code = UInt16(program[i]) | (UInt16(program[i + 1]) << 8)
            var k: UInt32 = 0
            for b in 0 ..< 4 { k |= UInt32(program[i + 4 + b]) << UInt32(8 * b) }
            out.append(Instruction(code: code, jt: program[i + 2], jf: program[i + 3], k: k))
            i += 8
        }
        return out
    }

    /// The name of a seccomp_data field at this offset.
    static func field(_ offset: UInt32) -> Swift.String {
        switch offset {
        case 0: return "sys_number"
        case 4: return "arch"
        case 8: return "instruction_pointer"
        case 12: return "instruction_pointer >> 32"
        case 16 ..< 64:
            let index = (offset - 16) / 8
            return (offset - 16) % 8 == 0 ? "args[\(index)]" : "args[\(index)] >> 32"
        default: return "data[\(offset)]"
        }
    }

    /// What a return value means: `ERRNO(1)`, `KILL_PROCESS`, `ALLOW`.
    public static func action(_ k: UInt32) -> Swift.String {
        let data = k & 0xffff
        switch k & 0xffff_0000 {
        case 0x8000_0000: return "KILL_PROCESS"
        case 0x0000_0000: return "KILL"
        case 0x0003_0000: return "TRAP"
        case 0x0005_0000: return "ERRNO(\(data))" + (ErrnoTable.name(Int(data)).map { " /* \($0) */" } ?? "")
        case 0x7fc0_0000: return "USER_NOTIF"
        case 0x7ff0_0000: return "TRACE(\(data))"
        case 0x7ffc_0000: return "LOG"
        case 0x7fff_0000: return "ALLOW"
        default: return "0x" + Swift.String(k, radix: 16)
        }
    }

    static func hex(_ v: UInt32, digits: Int) -> String {
        let s = Swift.String(v, radix: 16)
        return "0x" + Swift.String(repeating: "0", count: max(0, digits - s.count)) + s
    }


    public static func render(_ program: [UInt8]) -> [Swift.String] {
        let list = instructions(program)
        var lines = [" line  CODE  JT   JF      K", "================================="]
        var holds = "" // what A holds, to name the constant it is compared with
        for (i, ins) in list.enumerated() {
            let prefix = " " + pad4(i) + ": " + hex(UInt32(ins.code), digits: 2) + " " + hex(UInt32(ins.jt), digits: 2) + " "
                + hex(UInt32(ins.jf), digits: 2) + " " + hex(ins.k, digits: 8) + "  "
            var text: Swift.String
            switch ins.code {
            case 0x20: // ld [k]
                holds = field(ins.k)
                text = "A = " + holds
            case 0x54:
                text = "A &= " + hex(ins.k, digits: 1)
                holds = ""
            case 0x05:
                text = "goto " + pad4(i + 1 + Int(ins.k))
            case 0x15, 0x25, 0x35, 0x45:
                let (op, negated): (Swift.String, Swift.String) = {
                    switch ins.code {
                    case 0x15: return ("==", "!=")
                    case 0x25: return (">", "<=")
                    case 0x35: return (">=", "<")
                    default: return ("&", "& ~")
                    }
                }()
                let constant = name(ins.k, holding: holds)
                let t = pad4(i + 1 + Int(ins.jt)), f = pad4(i + 1 + Int(ins.jf))
                if ins.jt == 0 && ins.jf != 0 {
                    text = ins.code == 0x45 ? "if (!(A & \(constant))) goto \(f)" : "if (A \(negated) \(constant)) goto \(f)"
                } else if ins.jf == 0 {
                    text = ins.code == 0x45 ? "if (A & \(constant)) goto \(t)" : "if (A \(op) \(constant)) goto \(t)"
                } else {
                    text = "if (A \(op) \(constant)) goto \(t) else goto \(f)"
                }
            case 0x06:
                text = "return " + action(ins.k)
            default:
                text = "(code " + hex(UInt32(ins.code), digits: 2) + ")"
            }
            lines.append(prefix + text)
        }
        return lines
    }

    static func name(_ k: UInt32, holding: Swift.String) -> Swift.String {
        switch holding {
        case "sys_number":
            if let n = SyscallTable.name(UInt64(k)) { return n }
            return hex(k, digits: 1)
        case "arch":
            if k == 0xc000_003e { return "ARCH_X86_64" }
            if k == 0x4000_0003 { return "ARCH_I386" }
            return hex(k, digits: 1)
        default:
            return hex(k, digits: 1)
        }
    }

    static func pad4(_ n: Int) -> Swift.String {
        let s = Swift.String(n)
        return Swift.String(repeating: "0", count: max(0, 4 - s.count)) + s
    }
}
