/// Options that change how values print.
public struct DecodeOptions: Sendable {
    /// `-s N`: how many bytes of a string or buffer print before `...`.
    public var stringLimit: Int = 32
    /// /proc/sys/net/core/optmem_max rounded up to 8, the most control-message bytes strace
    /// reads (its default when the file cannot be read: 8 * (2 * 1024 + 512)): asked of
    /// `readOptmemMax` when a control message is decoded, so that a trace without one never
    /// reads the file.
    public var optmemMax: UInt64 { fixed.readOptmemMax?() ?? 8 * (2 * 1024 + 512) }
    /// `-X` and `-x` for the run, for what the decoders decide by them: poll's note, which
    /// strace makes as text (`revents=POLLIN`, `0x1` with -X raw), and whether a netlink
    /// attribute's string prints in hex with its NUL (-x). The rest of a line is styled when
    /// it is rendered.
    public var style = RenderStyle.standard
    /// Set for the call being decoded: whether it is abbreviated and verbose.
    public var abbreviate = true
    public var dereference = true
    /// What is the same for every call of a run, behind one reference: the options are copied
    /// into each call's context twice (entry and exit), and the sets and closures as stored
    /// properties cost a dozen reference counts a copy. Copied before a change when shared.
    private var fixed = Fixed()

    private final class Fixed: @unchecked Sendable {
        // Written only through DecodeOptions' setters, after `isKnownUniquelyReferenced`.
        var describeFD: (@Sendable (Int32, Int64) -> FDDescription?)?
        var describeWorkingDirectory: (@Sendable (Int32) -> String?)?
        var processName: (@Sendable (Int32) -> String?)?
        var netlinkProtocol: (@Sendable (Int32, Int64) -> Int?)?
        var raw: SyscallSet?
        var abbreviated: SyscallSet?
        var verbose: SyscallSet?
        var readOptmemMax: (@Sendable () -> UInt64)?

        func copy() -> Fixed {
            let new = Fixed()
            new.describeFD = describeFD
            new.describeWorkingDirectory = describeWorkingDirectory
            new.processName = processName
            new.netlinkProtocol = netlinkProtocol
            new.raw = raw
            new.abbreviated = abbreviated
            new.verbose = verbose
            new.readOptmemMax = readOptmemMax
            return new
        }
    }

    private mutating func change(_ body: (Fixed) -> Void) {
        if !isKnownUniquelyReferenced(&fixed) { fixed = fixed.copy() }
        body(fixed)
    }

    /// `-y`/`-yy`: what to write after a descriptor (`<TCP:[127.0.0.1:8888]>`), given pid and fd.
    public var describeFD: (@Sendable (Int32, Int64) -> FDDescription?)? {
        get { fixed.describeFD }
        set { change { $0.describeFD = newValue } }
    }
    /// `-y` (the path among `--decode-fds`): what to write after `AT_FDCWD`, given the pid —
    /// the process's working directory in angle brackets (`AT_FDCWD</tmp>`), nil for nothing.
    public var describeWorkingDirectory: (@Sendable (Int32) -> String?)? {
        get { fixed.describeWorkingDirectory }
        set { change { $0.describeWorkingDirectory = newValue } }
    }
    /// `-Y` (--decode-pids=comm): the name of a live process (its comm), given its pid, for the
    /// pids that decoders find inside structures (struct flock's l_pid, f_owner_ex, SO_PEERCRED,
    /// SCM_CREDENTIALS): `l_pid=4242<sleep>`.
    public var processName: (@Sendable (Int32) -> String?)? {
        get { fixed.processName }
        set { change { $0.processName = newValue } }
    }
    /// The netlink protocol of a descriptor (NETLINK_ROUTE = 0, ...), -1 for a netlink socket
    /// whose protocol is unknown, nil for anything else: strace decodes the data sent to and
    /// received from a netlink socket as netlink messages. Set by the tracer (it reads /proc).
    public var netlinkProtocol: (@Sendable (Int32, Int64) -> Int?)? {
        get { fixed.netlinkProtocol }
        set { change { $0.netlinkProtocol = newValue } }
    }
    /// `-e raw=SET`: these calls print their arguments undecoded, in hex, and their result in
    /// hex (strace's printargs).
    public var raw: SyscallSet? {
        get { fixed.raw }
        set { change { $0.raw = newValue } }
    }
    /// `-e abbrev=SET` (`-v`: none): calls not in it print arrays whole and execve's
    /// environment in full. nil: every call is abbreviated.
    public var abbreviated: SyscallSet? {
        get { fixed.abbreviated }
        set { change { $0.abbreviated = newValue } }
    }
    /// `-e verbose=SET`: calls not in it print the address of each structure instead of what
    /// it holds. nil: every call is verbose.
    public var verbose: SyscallSet? {
        get { fixed.verbose }
        set { change { $0.verbose = newValue } }
    }

    /// Where `optmemMax` comes from (set by the tracer, which reads /proc); nil: strace's default.
    public var readOptmemMax: (@Sendable () -> UInt64)? {
        get { fixed.readOptmemMax }
        set { change { $0.readOptmemMax = newValue } }
    }

    /// Whether `-e raw=`, `-e abbrev=` and `-e verbose=` take the call in (asked of the sets
    /// where they are, without copying them out).
    func isRaw(_ number: UInt64, _ personality: Personality) -> Bool {
        fixed.raw?.contains(number, personality: personality) == true
    }
    func isAbbreviated(_ number: UInt64, _ personality: Personality) -> Bool {
        fixed.abbreviated?.contains(number, personality: personality) ?? true
    }
    func isVerbose(_ number: UInt64, _ personality: Personality) -> Bool {
        fixed.verbose?.contains(number, personality: personality) ?? true
    }

    /// How many elements of an array print before `...` (-s, unless the call is not abbreviated).
    public var arrayLimit: Int { abbreviate ? stringLimit : Int.max }

    public init(stringLimit: Int = 32, describeFD: (@Sendable (Int32, Int64) -> FDDescription?)? = nil) {
        self.stringLimit = stringLimit
        if let describeFD { self.describeFD = describeFD }
    }
}

/// What the decoders see: the call's registers, the tracee's memory, and — at exit — the result.
public struct DecodeContext {
    public let pid: Int32
    /// The six argument registers.
    public let args: SyscallArguments
    public let memory: any MemoryReader
    public let options: DecodeOptions
    /// Set at exit.
    public var returnValue: Int64 = 0
    public var isError: Bool = false
    public var atExit: Bool = false
    /// What each argument's decoder saved at entry for its exit (keyed by argument index).
    public var saved = SavedValues()
    /// The stack pointer at the syscall entry, when the tracer knows it (rt_sigreturn reads
    /// its signal frame there).
    public var stackPointer: UInt64?

    public init(pid: Int32, args: SyscallArguments, memory: any MemoryReader, options: DecodeOptions) {
        self.pid = pid
        self.args = args.count == 6 ? args : args.padded
        self.memory = memory
        self.options = options
    }

    public func arg(_ i: Int) -> UInt64 { i < args.count ? args[i] : 0 }
    /// The argument as a C `int` (the low 32 bits, signed).
    public func int(_ i: Int) -> Int64 { Int64(Int32(truncatingIfNeeded: arg(i))) }
    public func uint(_ i: Int) -> UInt64 { UInt64(UInt32(truncatingIfNeeded: arg(i))) }
    public func long(_ i: Int) -> Int64 { Int64(bitPattern: arg(i)) }

    /// True at exit when the call succeeded: output arguments are worth reading.
    public var succeeded: Bool { atExit && !isError }
    /// True at the exit of a failed call: strace prints the address of an argument it would
    /// read then (umove_or_printaddr), not what it points to.
    public var failedAtExit: Bool { atExit && isError }

    /// A thread or process id as strace's printpid with PT_TID or PT_TGID prints it: with -Y
    /// the process's name after it when the process is there (`4242<sleep>`).
    public func processID(_ value: Int64) -> Value {
        guard let processName = options.processName, value > 0, value <= Int64(Int32.max),
              let name = processName(Int32(value)) else { return .int(value) }
        return Value.processID(value, name: name)
    }

    public func fd(_ value: Int64) -> Value {
        .fd(value, annotation: value >= 0 ? options.describeFD?(pid, value) : nil)
    }
}

/// State an argument decoder keeps from entry to exit.
public enum SavedValue: Sendable, Equatable {
    case int(Int64)
    case bytes([UInt8])
    case none
}

/// What the decoders of a call's arguments saved at entry for its exit, by argument index. Most
/// calls save nothing or one value (a length before the call wrote it): the first is kept in
/// place, the others in a short list (a call has six arguments at most; a dictionary cost an
/// allocation and a rehash at every call that saved anything, and the first one made in a
/// process a scan of the binary's conformance records).
public struct SavedValues: Sendable {
    private var firstIndex = -1
    private var firstValue = SavedValue.none
    private var others: [(index: Int, value: SavedValue)] = []

    public init() {}

    public subscript(index: Int) -> SavedValue? {
        get {
            if index == firstIndex { return firstValue }
            return others.first { $0.index == index }?.value
        }
        set {
            if firstIndex < 0 || index == firstIndex {
                if !others.isEmpty { others.removeAll { $0.index == index } }
                if let newValue {
                    firstIndex = index
                    firstValue = newValue
                } else {
                    firstIndex = -1
                    firstValue = .none
                }
            } else {
                others.removeAll { $0.index == index }
                if let newValue { others.append((index, newValue)) }
            }
        }
    }
}

/// When an argument is read: at entry (in), at exit (out), or both (in/out).
public enum Direction: Sendable, Equatable {
    case input
    case output
    case inOut
}

public struct Param: Sendable {
    public let kind: ArgKind
    public let direction: Direction
    public static func i(_ k: ArgKind) -> Param { Param(kind: k, direction: .input) }
    public static func o(_ k: ArgKind) -> Param { Param(kind: k, direction: .output) }
    public static func io(_ k: ArgKind) -> Param { Param(kind: k, direction: .inOut) }
}

/// A syscall's argument list and how its return value prints. `dynamic` specs (fcntl, ioctl,
/// prctl) pick their arguments from the registers at entry.
public struct SyscallSpec: Sendable {
    private let fixed: [Param]
    private let dynamic: (@Sendable (SyscallArguments) -> [Param])?
    public let returns: ReturnKind

    public init(_ params: [Param], returns: ReturnKind = .int) {
        fixed = params
        dynamic = nil
        self.returns = returns
    }

    public init(dynamic: @escaping @Sendable (SyscallArguments) -> [Param], returns: ReturnKind = .int) {
        fixed = []
        self.dynamic = dynamic
        self.returns = returns
    }

    /// The arguments of a call made with these registers.
    public func params(_ args: SyscallArguments) -> [Param] {
        guard let dynamic else { return fixed }
        return dynamic(args)
    }
}

/// A call on its way: what the decoder knew at entry, kept until the exit stop.
public struct PendingCall: Sendable {
    public var call: DecodedCall
    let params: [Param]
    let returns: ReturnKind
    let saved: SavedValues
    var personality: Personality = .x86_64

    /// The decoded entry, moved out (a shared empty call is left in its place): the exit
    /// appends to its arguments, which would otherwise be copied, as this pending call would
    /// still share them.
    mutating func takeCall() -> DecodedCall {
        var taken = Self.placeholder
        swap(&taken, &call)
        return taken
    }

    private static let placeholder = DecodedCall(pid: 0, number: 0, name: "", arguments: [], entryArgumentCount: 0, completeAtEntry: true)
}

/// Turns the registers and memory of a syscall stop into a DecodedCall. Pure: no ptrace, no
/// I/O other than through the MemoryReader (and the optional fd describer).
public struct Decoder: Sendable {
    public var options: DecodeOptions

    public init(options: DecodeOptions = DecodeOptions()) {
        self.options = options
    }

    /// Decode the arguments known at entry. A 32-bit call (`personality` .i386) prints as
    /// `strace -e raw=all` prints it: its name from strace's i386 table, its arguments and its
    /// result in hex (sockdecode has no 32-bit layouts). restart_syscall prints the call it
    /// resumes, `interrupted` (strace: `<... resuming interrupted clock_nanosleep ...>`).
    public func enter(pid: Int32, number: UInt64, args: [UInt64], memory: any MemoryReader,
                      personality: Personality = .x86_64, interrupted: String? = nil,
                      stackPointer: UInt64? = nil) -> PendingCall {
        enter(pid: pid, number: number, args: SyscallArguments(args), memory: memory, personality: personality,
              interrupted: interrupted, stackPointer: stackPointer)
    }

    /// `enter` with the registers of a stop.
    public func enter(pid: Int32, number: UInt64, args: SyscallArguments, memory: any MemoryReader,
                      personality: Personality = .x86_64, interrupted: String? = nil,
                      stackPointer: UInt64? = nil) -> PendingCall {
        let name = SyscallTable.displayName(number, personality: personality)
        let spec: SyscallSpec
        let raw = personality == .i386 || options.isRaw(number, personality)
        if name == "restart_syscall" {
            spec = SyscallSpecs.restart(resuming: interrupted)
        } else if raw {
            let count = personality == .i386 ? I386SyscallTable.count(number)
                : SyscallTable.isX32(number) ? SyscallArity.countX32(number) : SyscallArity.count(number)
            spec = SyscallSpec(Array(repeating: .i(.hex), count: count), returns: .hex)
        } else {
            spec = personality == .x86_64 ? SyscallSpecs.spec(x86_64: number)
                : SyscallSpecs.spec(for: name) ?? SyscallSpecs.raw(number: number)
        }
        var context = DecodeContext(pid: pid, args: args, memory: memory, options: callOptions(number, personality))
        context.stackPointer = stackPointer
        let params = spec.params(context.args)
        var values: [Value] = []
        // Not for a call without arguments: reserving room for none gives the empty array a
        // buffer of its own (an allocation and a free at every getppid()).
        if !params.isEmpty { values.reserveCapacity(params.count) }
        var index = 0
        while index < params.count && params[index].direction == .input {
            values.append(params[index].kind.value(&context, index))
            index += 1
        }
        let entryCount = index
        while index < params.count {
            if params[index].direction == .inOut || params[index].kind.capturesAtEntry {
                if let saved = params[index].kind.capture(&context, index) { context.saved[index] = saved }
            }
            index += 1
        }
        // An exit part that continues the entry's last argument (clone's child_tidptr) leaves
        // the entry's line without the `, ` that announces more arguments.
        let complete = entryCount == params.count || params[entryCount].kind.isContinued
        var call = DecodedCall(pid: pid, number: number, name: name, arguments: values,
                               entryArgumentCount: entryCount, completeAtEntry: complete,
                               rawArguments: context.args)
        call.raw = raw && name != "restart_syscall"
        call.resultDecodedAtExit = spec.returns.decodesAtExit
        return PendingCall(call: call, params: params, returns: spec.returns, saved: context.saved,
                           personality: personality)
    }

    /// The options for one call: -e abbrev= and -e verbose= decide per call.
    func callOptions(_ number: UInt64, _ personality: Personality) -> DecodeOptions {
        var own = options
        own.abbreviate = options.isAbbreviated(number, personality)
        own.dereference = options.isVerbose(number, personality)
        return own
    }

    /// Decode the rest at exit, and the result. The pending call is used up: its decoded
    /// entry becomes the result (a caller that passes its last copy saves copying it).
    public func exit(_ pending: consuming PendingCall, returnValue: Int64, isError: Bool, memory: any MemoryReader) -> DecodedCall {
        var pending = consume pending
        var call = pending.takeCall()
        if pending.params.count > call.entryArgumentCount { call.arguments.reserveCapacity(pending.params.count) }
        var context = DecodeContext(pid: call.pid, args: call.rawArguments, memory: memory,
                                    options: callOptions(call.number, pending.personality))
        context.returnValue = returnValue
        context.isError = isError
        context.atExit = true
        context.saved = pending.saved
        var index = call.entryArgumentCount
        while index < pending.params.count {
            call.arguments.append(pending.params[index].kind.value(&context, index))
            index += 1
        }
        call.rawReturn = returnValue
        if isError {
            call.result = .failed(errno: Int(-returnValue))
        } else {
            call.result = pending.returns.value(&context, pending.params)
        }
        return call
    }

    /// The process left while in the call: the result is `?`.
    public func vanished(_ pending: PendingCall) -> DecodedCall {
        var call = pending.call
        call.result = .unknown
        return call
    }
}
