/// The classic BPF program the wire's packet socket runs in the kernel (SO_ATTACH_FILTER): it
/// keeps the IPv4 and IPv6 TCP and UDP packets whose source or destination port is one of the
/// lesson's, on a link with a 14-byte Ethernet header (the loopback interface). For one port it
/// is the program `tcpdump -i lo -dd 'tcp port P or udp port P'` prints, instruction for
/// instruction; for more ports it tests each of them where tcpdump tests its one.
public enum SegmentFilter {
    /// struct sock_filter: the opcode, the jumps when true and false, the constant.
    public struct Instruction: Sendable, Equatable, CustomStringConvertible {
        public var code: UInt16
        public var jt: UInt8
        public var jf: UInt8
        public var k: UInt32

        public init(code: UInt16, jt: UInt8, jf: UInt8, k: UInt32) {
            self.code = code
            self.jt = jt
            self.jf = jf
            self.k = k
        }

        /// As `tcpdump -dd` prints it: `{ 0x28, 0, 0, 0x0000000c },`.
        public var description: String {
            let hexK = String(k, radix: 16)
            return "{ 0x\(String(code, radix: 16)), \(jt), \(jf), 0x\(String(repeating: "0", count: max(0, 8 - hexK.count)) + hexK) },"
        }
    }

    /// What an accepted packet keeps (tcpdump's default snapshot length): all of a loopback packet.
    public static let snapshotLength: UInt32 = 262_144

    // The opcodes used: loads of a half-word or byte at a fixed offset, at X + offset, X from
    // an IPv4 header's length; jumps if equal, if any bit set; return.
    static let ldhAbsolute: UInt16 = 0x28, ldbAbsolute: UInt16 = 0x30, ldhIndirect: UInt16 = 0x48, ldxbHeaderLength: UInt16 = 0xb1
    static let jumpEqual: UInt16 = 0x15, jumpSet: UInt16 = 0x45, returnConstant: UInt16 = 0x06

    enum Target: Hashable {
        case next, accept, reject, ipv4, ipv6Ports, ipv4Ports
    }

    struct Line {
        var mark: Target?
        var code: UInt16
        var k: UInt32
        var jt: Target = .next
        var jf: Target = .next
    }

    /// The program for these ports (duplicates and order do not matter); nil without ports or
    /// with too many for a conditional jump's 8-bit offset.
    public static func program(ports: [UInt16]) -> [Instruction]? {
        let ports = Array(Set(ports)).sorted()
        guard !ports.isEmpty, ports.count <= 60 else { return nil }
        var lines: [Line] = []
        func add(_ code: UInt16, _ k: UInt32, jt: Target = .next, jf: Target = .next, mark: Target? = nil) {
            lines.append(Line(mark: mark, code: code, k: k, jt: jt, jf: jf))
        }
        /// Each port compared with the loaded value: equal accepts; the last one not equal goes
        /// to `otherwise`.
        func comparePorts(otherwise: Target) {
            for (i, port) in ports.enumerated() {
                add(jumpEqual, UInt32(port), jt: .accept, jf: i == ports.count - 1 ? otherwise : .next)
            }
        }
        add(ldhAbsolute, 12)                                        // EtherType
        add(jumpEqual, 0x86dd, jf: .ipv4)
        add(ldbAbsolute, 20)                                        // IPv6 next header
        add(jumpEqual, 6, jt: .ipv6Ports)
        add(jumpEqual, 17, jt: .ipv6Ports, jf: .reject)
        add(ldhAbsolute, 54, mark: .ipv6Ports)                      // source port (14 + 40)
        comparePorts(otherwise: .next)
        add(ldhAbsolute, 56)                                        // destination port
        comparePorts(otherwise: .reject)
        add(jumpEqual, 0x800, jf: .reject, mark: .ipv4)
        add(ldbAbsolute, 23)                                        // IPv4 protocol
        add(jumpEqual, 6, jt: .ipv4Ports)
        add(jumpEqual, 17, jt: .ipv4Ports, jf: .reject)
        add(ldhAbsolute, 20, mark: .ipv4Ports)                      // flags and fragment offset
        add(jumpSet, 0x1fff, jt: .reject)                           // a later fragment has no ports
        add(ldxbHeaderLength, 14)                                   // X = 4 * (IHL)
        add(ldhIndirect, 14)                                        // source port
        comparePorts(otherwise: .next)
        add(ldhIndirect, 16)                                        // destination port
        comparePorts(otherwise: .reject)
        add(returnConstant, snapshotLength, mark: .accept)
        add(returnConstant, 0, mark: .reject)

        var positions: [Target: Int] = [:]
        for (i, line) in lines.enumerated() { if let mark = line.mark { positions[mark] = i } }
        var out: [Instruction] = []
        for (i, line) in lines.enumerated() {
            func offset(_ target: Target) -> UInt8? {
                if target == .next { return 0 }
                guard let at = positions[target], at > i, at - i - 1 <= 255 else { return nil }
                return UInt8(at - i - 1)
            }
            guard let jt = offset(line.jt), let jf = offset(line.jf) else { return nil }
            out.append(Instruction(code: line.code, jt: jt, jf: jf, k: line.k))
        }
        return out
    }

    /// The program as the kernel reads it (struct sock_filter, host byte order, 8 bytes each).
    public static func bytes(_ program: [Instruction]) -> [UInt8] {
        var out: [UInt8] = []
        for i in program {
            out += [UInt8(i.code & 0xff), UInt8(i.code >> 8), i.jt, i.jf]
            out += [UInt8(i.k & 0xff), UInt8((i.k >> 8) & 0xff), UInt8((i.k >> 16) & 0xff), UInt8(i.k >> 24)]
        }
        return out
    }

    /// Runs a program on a packet as the kernel would (the opcodes above only; any other
    /// rejects): the number of bytes kept, 0 for a packet left out. For tests and checks.
    public static func run(_ program: [Instruction], on packet: [UInt8]) -> UInt32 {
        var a: UInt32 = 0
        var x: UInt32 = 0
        var pc = 0
        func half(_ at: Int) -> UInt32? { at >= 0 && at + 1 < packet.count ? UInt32(packet[at]) << 8 | UInt32(packet[at + 1]) : nil }
        while pc < program.count {
            let i = program[pc]
            pc += 1
            switch i.code {
            case ldhAbsolute:
                guard let v = half(Int(i.k)) else { return 0 }
                a = v
            case ldbAbsolute:
                guard Int(i.k) < packet.count else { return 0 }
                a = UInt32(packet[Int(i.k)])
            case ldhIndirect:
                guard let v = half(Int(x) + Int(i.k)) else { return 0 }
                a = v
            case ldxbHeaderLength:
                guard Int(i.k) < packet.count else { return 0 }
                x = UInt32(packet[Int(i.k)] & 0x0f) * 4
            case jumpEqual:
                pc += a == i.k ? Int(i.jt) : Int(i.jf)
            case jumpSet:
                pc += a & i.k != 0 ? Int(i.jt) : Int(i.jf)
            case returnConstant:
                return i.k
            default:
                return 0
            }
        }
        return 0
    }
}
