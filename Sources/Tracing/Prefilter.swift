import CPtrace

/// The seccomp-bpf program that wakes the tracer only for the calls it prints (strace's
/// `--seccomp-bpf`): SECCOMP_RET_TRACE for those, SECCOMP_RET_ALLOW for the rest. Never
/// combined with a blocking filter (a blocking ERRNO/KILL outranks TRACE).
public enum Prefilter {
    static let x32Bit: UInt32 = 0x4000_0000
    static let retAllow: UInt32 = 0x7fff_0000
    static let retTrace: UInt32 = 0x7ff0_0000
    /// Conditional jumps reach at most 255 instructions ahead.
    static let maxCompares = 250

    /// The program as raw `struct sock_filter` bytes (8 each), or nil when the set is too large
    /// to express with short jumps (then every call stops, and the tracer filters).
    public static func program(tracing numbers: Set<Int>, maxNumber: Int) -> [UInt8]? {
        var isTraced = [Bool](repeating: false, count: maxNumber + 1)
        for n in numbers where n >= 0 && n <= maxNumber { isTraced[n] = true }
        let tracedCount = isTraced.lazy.filter { $0 }.count
        let listTraced = tracedCount <= isTraced.count - tracedCount
        let list = isTraced.indices.filter { isTraced[$0] == listTraced }
        guard list.count <= maxCompares else { return nil }
        var program: [(code: UInt16, jt: UInt8, jf: UInt8, k: UInt32)] = []
        // A = seccomp_data.arch; another architecture (i386 calls) always stops.
        program.append((0x20, 0, 0, 4))
        program.append((0x15, 1, 0, cp_audit_arch_x86_64))
        program.append((0x06, 0, 0, retTrace))
        // A = seccomp_data.nr; an x32 call always stops (its personality line, its name).
        program.append((0x20, 0, 0, 0))
        program.append((0x45, 0, 1, x32Bit))
        program.append((0x06, 0, 0, retTrace))
        let n = list.count
        for (i, nr) in list.enumerated() {
            // Jump to the "listed" return, which sits right after the last compare and the default.
            program.append((0x15, UInt8(n - i), 0, UInt32(nr)))
        }
        program.append((0x06, 0, 0, listTraced ? retAllow : retTrace))
        program.append((0x06, 0, 0, listTraced ? retTrace : retAllow))
        var bytes: [UInt8] = []
        bytes.reserveCapacity(program.count * 8)
        for ins in program {
            bytes.append(UInt8(ins.code & 0xff)); bytes.append(UInt8(ins.code >> 8))
            bytes.append(ins.jt); bytes.append(ins.jf)
            for shift in stride(from: 0, to: 32, by: 8) { bytes.append(UInt8((ins.k >> UInt32(shift)) & 0xff)) }
        }
        return bytes
    }
}
