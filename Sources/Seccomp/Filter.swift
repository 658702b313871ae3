import CSeccomp
import Decoding
import Glibc

/// A seccomp-bpf program built with libseccomp from block rules: everything allowed but the
/// blocked calls.
public struct Filter: Sendable {
    public let rules: [BlockRule]
    /// The BPF program: `struct sock_filter` records, 8 bytes each.
    public let program: [UInt8]
    /// libseccomp's readable form (`seccomp_export_pfc`).
    public let pseudoCode: String

    public struct Failure: Error, Sendable, CustomStringConvertible {
        public let description: String
    }

    public var instructionCount: Int { program.count / 8 }

    static func actionValue(_ action: BlockRule.Action) -> UInt32 {
        switch action {
        case .errno(let e): return sockstep_scmp_act_errno(UInt16(truncatingIfNeeded: e))
        case .kill: return 0x8000_0000 // SCMP_ACT_KILL_PROCESS
        case .trap: return 0x0003_0000 // SCMP_ACT_TRAP
        case .log: return 0x7ffc_0000 // SCMP_ACT_LOG
        }
    }

    public static func build(_ rules: [BlockRule]) throws(Failure) -> Filter {
        guard let context = seccomp_init(0x7fff_0000) else { // SCMP_ACT_ALLOW
            throw Failure(description: "libseccomp: seccomp_init failed")
        }
        defer { seccomp_release(context) }
        // sockstep sets NO_NEW_PRIVS itself, so that the call shows in the trace.
        _ = seccomp_attr_set(context, SCMP_FLTATR_CTL_NNP, 0)
        for rule in rules {
            let nr = seccomp_syscall_resolve_name(rule.call)
            guard nr >= 0 else { throw Failure(description: "libseccomp does not know the call '\(rule.call)'") }
            let rc = seccomp_rule_add_array(context, actionValue(rule.action), nr, 0, nil)
            guard rc == 0 else {
                throw Failure(description: "libseccomp: cannot add the rule \(rule): \(String(cString: strerror(-rc)))")
            }
        }
        let program = try export { fd in seccomp_export_bpf(context, fd) }
        let pfc = try export { fd in seccomp_export_pfc(context, fd) }
        return Filter(rules: rules, program: program, pseudoCode: String(decoding: pfc, as: UTF8.self))
    }

    /// What libseccomp writes to a descriptor, read back through a pipe.
    static func export(_ write: (Int32) -> Int32) throws(Failure) -> [UInt8] {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw Failure(description: "pipe: \(String(cString: strerror(errno)))") }
        _ = fcntl(fds[0], F_SETFD, FD_CLOEXEC)
        _ = fcntl(fds[1], F_SETFD, FD_CLOEXEC)
        let rc = write(fds[1])
        close(fds[1])
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = read(fds[0], &chunk, chunk.count)
            if n <= 0 { break }
            out.append(contentsOf: chunk[0 ..< n])
        }
        close(fds[0])
        guard rc == 0 else { throw Failure(description: "libseccomp: cannot export the filter: \(String(cString: strerror(-rc)))") }
        return out
    }
}
