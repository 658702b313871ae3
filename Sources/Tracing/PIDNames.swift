import Decoding

/// `-Y` (`--decode-pids=comm`): strace 6.1 writes a process's name after the pids it knows to
/// be process or thread ids (`kill(4242<server>, SIGTERM)`, `getppid() = 4240<bash>`), read
/// from /proc/PID/comm when the line is printed; nothing when there is no such process.
enum PIDNames {
    /// The arguments that are pids, by call.
    static let arguments: [String: [Int]] = [
        "kill": [0], "tkill": [0], "tgkill": [0, 1], "wait4": [0], "getpgid": [0], "setpgid": [0, 1], "getsid": [0],
        "pidfd_open": [0], "sched_setaffinity": [0], "sched_getaffinity": [0], "sched_setscheduler": [0],
        "sched_getscheduler": [0], "sched_setparam": [0], "sched_getparam": [0], "sched_rr_get_interval": [0],
        "sched_getattr": [0], "sched_setattr": [0],
        "prlimit64": [0], "process_vm_readv": [0], "process_vm_writev": [0], "get_robust_list": [0],
        "rt_sigqueueinfo": [0], "rt_tgsigqueueinfo": [0, 1], "kcmp": [0, 1],
    ]
    /// The calls whose result is a pid.
    static let results: Set<String> = ["getpid", "gettid", "getppid", "fork", "vfork", "clone", "clone3", "wait4"]

    /// The arguments of `call` that are pids: waitid's id with P_PID (strace 6.1 names no
    /// P_PGID's group), ioprio_get's and ioprio_set's who with IOPRIO_WHO_PROCESS (not a
    /// process group's or a user's).
    static func pidArguments(_ call: DecodedCall) -> [Int]? {
        switch call.name {
        case "waitid", "ioprio_get", "ioprio_set":
            return call.rawArguments.first.map { $0 & 0xffff_ffff } == 1 ? [1] : nil    // P_PID, IOPRIO_WHO_PROCESS
        default:
            return arguments[call.name]
        }
    }

    /// `-Y` on the arguments known at entry.
    static func annotateArguments(_ call: inout DecodedCall) {
        guard let indices = pidArguments(call) else { return }
        for i in indices where i < call.arguments.count {
            call.arguments[i] = annotated(call.arguments[i])
        }
    }

    /// `-Y` on the result.
    static func annotateResult(_ call: inout DecodedCall) {
        guard results.contains(call.name), let result = call.result, let value = result.value else { return }
        let note = result.note
        call.result = .value(annotated(value), note: note)
    }

    /// `42<name>` for a decimal pid whose process is there.
    static func annotated(_ value: Value) -> Value {
        guard case .number(let pid, .decimal) = value, pid > 0, pid <= Int64(Int32.max),
              let name = Tracer.comm(of: Int32(pid)) else { return value }
        return .processID(pid, name: name)
    }
}
