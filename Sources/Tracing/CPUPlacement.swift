import CPtrace
import Decoding

/// Where the traced processes run. A ptrace stop costs a few microseconds when the tracer and
/// the process share a CPU, and a cross-CPU wake-up (several times that) when they do not.
public enum CPUPlacement: Sendable, Equatable {
    /// On every CPU they were given, as under strace (sched_getaffinity tells them so).
    case asGiven
    /// The tracer's CPU for the tracer and everything it starts; the processes are told so
    /// (sched_getaffinity returns that one CPU).
    case oneCPU
    /// The tracer's CPU for all, but each process is told the CPUs it was given: at the exit
    /// of its sched_getaffinity the tracer writes the mask it would have had into its buffer
    /// (before the call is decoded, so the line is the one strace prints). Its threads share
    /// one CPU. Without `followForks` the children (and threads) of the command, which are not
    /// traced and could not be told, are each taken at their start only to be given the
    /// command's CPUs back and let go.
    case oneCPUShowingGiven
}

/// The CPU masks of `CPUPlacement.oneCPUShowingGiven`, and the calls that read or set them.
struct GivenCPUs {
    /// The mask the tracer had before it pinned itself: what a process would be told under
    /// strace, as the kernel gives it (its cpumask's size).
    let given: [UInt8]
    /// The one-CPU mask after the pin: a process told this was told it by the pin, unless it
    /// chose its CPUs itself.
    let pinned: [UInt8]
    /// sched_getaffinity and sched_setaffinity in the 64-bit table (x32 calls are these
    /// numbers with the x32 bit; 32-bit calls, rare, are told by their names).
    private let get64 = SyscallTable.schedGetaffinity, set64 = SyscallTable.schedSetaffinity

    /// A thread's mask (0: the calling thread's) as the kernel gives it; nil when it cannot be read.
    static func currentMask(of thread: Int32 = 0) -> [UInt8]? {
        var buffer = [UInt8](repeating: 0, count: 1024)
        let size = buffer.withUnsafeMutableBytes { raw in cp_get_affinity(thread, raw.baseAddress, UInt(raw.count)) }
        guard size > 0 else { return nil }
        return Array(buffer.prefix(Int(size)))
    }

    /// The mask sockstep was started with, read before its first pin: a second trace in the
    /// same process (a lesson's checks, one after another) starts pinned by the first.
    private static let started = currentMask()

    /// Pin the calling thread (the tracer; processes it starts inherit it) to the CPU it runs
    /// on, and remember the mask sockstep was given. Nil when the pin failed or changed nothing
    /// (it was given one CPU): there is then nothing to tell anyone.
    static func pinRemembering() -> GivenCPUs? {
        pinToCurrentCPU()
        guard let before = started, let after = currentMask(), after != before else { return nil }
        return GivenCPUs(given: before, pinned: after)
    }

    /// Every CPU sockstep was given back to it (and to what it starts), after an earlier
    /// trace in the same process pinned it.
    static func unpin() {
        guard let started, let now = currentMask(), now != started else { return }
        setMask(started, of: 0)
    }

    /// sched_setaffinity of a thread (0: the calling one) to `mask`.
    private static func setMask(_ mask: [UInt8], of thread: Int32) {
        _ = mask.withUnsafeBytes { raw in cp_set_affinity(thread, raw.baseAddress, UInt(raw.count)) }
    }

    static func pinToCurrentCPU() {
        _ = started
        let cpu = cp_current_cpu()
        if cpu >= 0 { _ = cp_pin_to_cpu(cpu) }
    }

    private init(given: [UInt8], pinned: [UInt8]) {
        self.given = given
        self.pinned = pinned
    }

    /// A new thread that has the pinned mask from its parent gets the given one (`inherits`:
    /// its parent chose its mask, and the child keeps it). The thread must be stopped.
    func restore(_ thread: Int32, inherits: Bool) {
        guard !inherits, let mask = Self.currentMask(of: thread), mask == pinned else { return }
        Self.setMask(given, of: thread)
    }

    /// The 64-bit numbers a seccomp prefilter must stop at as well.
    var numbers64: [Int] { [Int(get64), Int(set64)] }

    /// Whether call `number` reads (`true`) or sets (`false`) a mask; nil for other calls.
    func isGet(_ number: UInt64, personality: Personality) -> Bool? {
        switch personality {
        case .x86_64:
            return number == get64 ? true : number == set64 ? false : nil
        case .x32:
            let base = number & ~UInt64(Prefilter.x32Bit)
            return base == get64 ? true : base == set64 ? false : nil
        case .i386:
            switch I386SyscallTable.name(number) {
            case "sched_getaffinity"?: return true
            case "sched_setaffinity"?: return false
            default: return nil
            }
        }
    }
}

/// A sched_getaffinity or sched_setaffinity a traced thread is in: the thread it names (0 is
/// the caller) and, for a read, where the mask goes.
struct AffinityCall {
    let isGet: Bool
    let thread: Int32
    let buffer: UInt64
}
