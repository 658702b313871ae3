/// What a line's leader says about its process besides the pid, read from the tracer when the
/// line is written (its events are reported at the stop they describe): the last call's number
/// (`-n`), the instruction pointer (`-i`) and the command's name (`-Y`).
public struct ProcessFacts: Sendable, Equatable {
    /// The number of the last call the process entered (strace's true_scno), 0 before any.
    public var lastSyscall: UInt64
    /// nil when it cannot be read (the process is gone): strace prints `[????????????????]`.
    public var instructionPointer: UInt64?
    /// /proc/PID/comm as strace keeps it (nil when not tracked).
    public var comm: String?
    /// A 32-bit process: the instruction pointer has 8 digits.
    public var is32Bit: Bool

    public init(lastSyscall: UInt64 = 0, instructionPointer: UInt64? = nil, comm: String? = nil, is32Bit: Bool = false) {
        self.lastSyscall = lastSyscall
        self.instructionPointer = instructionPointer
        self.comm = comm
        self.is32Bit = is32Bit
    }
}
