/// What one syscall stop reports: the registers, before any decoding.
public struct SyscallEvent: Sendable, Equatable {
    public enum Phase: Sendable, Equatable { case entry, exit }
    public var pid: Int32
    public var phase: Phase
    public var number: UInt64
    public var arguments: [UInt64]
    public var returnValue: Int64
    public var isError: Bool

    public init(pid: Int32, phase: Phase, number: UInt64, arguments: [UInt64], returnValue: Int64 = 0, isError: Bool = false) {
        self.pid = pid
        self.phase = phase
        self.number = number
        self.arguments = arguments
        self.returnValue = returnValue
        self.isError = isError
    }
}

/// How a call ended.
public enum CallResult: Sendable, Equatable {
    /// A value, with strace's optional note after it: `= 0x802 (flags O_RDWR|O_NONBLOCK)`.
    /// Kept in a box: two Values in place made an optional result a type the compiler copies and
    /// destroys through the runtime's generic witnesses (~400 instructions a call, against one
    /// allocation).
    indirect case value(Value, note: Value?)
    /// `-1 ENAME (message)`; restart codes print as `? ERESTARTSYS (...)`.
    case failed(errno: Int)
    /// The process left while in the call (`exit_group`, a kill): `= ?`.
    case unknown
}

/// A decoded call: its name, the arguments as typed values, and (after exit) its result.
///
/// A value like any other, but its fields live in one shared object (copied on the first
/// change of a shared copy, as Array does): an event carrying a call goes from the tracer to
/// every output, and each copy is then one reference instead of one per string and array in it.
public struct DecodedCall: Sendable, Equatable {
    /// The fields. Mutated only through `fields`, which copies the object first when another
    /// copy shares it, so no object is ever changed while two values (or two threads) hold it.
    private final class Storage: @unchecked Sendable {
        var fields: Fields
        init(_ fields: Fields) { self.fields = fields }
    }

    private struct Fields: Equatable {
        var pid: Int32
        var number: UInt64
        var name: String
        var arguments: [Value]
        var entryArgumentCount: Int
        var completeAtEntry: Bool
        var resultDecodedAtExit = false
        var result: CallResult?
        var rawReturn: Int64
        var rawArguments: [UInt64]
        var dumps: [DataDump] = []
        var injected = false
        var raw = false
    }

    private var storage: Storage

    /// The fields for a change: this value's own object (a copy of it when it is shared).
    private var fields: Fields {
        get { storage.fields }
        _modify {
            if !isKnownUniquelyReferenced(&storage) { storage = Storage(storage.fields) }
            yield &storage.fields
        }
    }

    public var pid: Int32 {
        get { storage.fields.pid }
        _modify { yield &fields.pid }
    }
    public var number: UInt64 {
        get { storage.fields.number }
        _modify { yield &fields.number }
    }
    public var name: String {
        get { storage.fields.name }
        _modify { yield &fields.name }
    }
    /// Every argument strace prints, in order.
    public var arguments: [Value] {
        get { storage.fields.arguments }
        _modify { yield &fields.arguments }
    }
    /// How many of `arguments` are known at the syscall entry (strace prints them before the
    /// call runs, so they show on an `<unfinished ...>` line).
    public var entryArgumentCount: Int {
        get { storage.fields.entryArgumentCount }
        _modify { yield &fields.entryArgumentCount }
    }
    /// True when no argument waits for the exit (strace's RVAL_DECODED at entry).
    public var completeAtEntry: Bool {
        get { storage.fields.completeAtEntry }
        _modify { yield &fields.completeAtEntry }
    }
    /// Every argument is printed at the entry, yet the result is decoded from memory at the
    /// exit (poll's revents): strace's decoder is not done at the entry.
    public var resultDecodedAtExit: Bool {
        get { storage.fields.resultDecodedAtExit }
        _modify { yield &fields.resultDecodedAtExit }
    }
    /// Whether strace marks the line `<unfinished ...>` when the process leaves while in the call.
    public var unfinishedWhenLeft: Bool { !completeAtEntry || resultDecodedAtExit }
    public var result: CallResult? {
        get { storage.fields.result }
        _modify { yield &fields.result }
    }
    /// The raw return value and error flag, as the kernel gave them.
    public var rawReturn: Int64 {
        get { storage.fields.rawReturn }
        _modify { yield &fields.rawReturn }
    }
    public var rawArguments: [UInt64] {
        get { storage.fields.rawArguments }
        _modify { yield &fields.rawArguments }
    }
    /// `-e read=`/`-e write=`: the data dumped after the line.
    public var dumps: [DataDump] {
        get { storage.fields.dumps }
        _modify { yield &fields.dumps }
    }
    /// `-e inject=`: the tracer made the result up (` (INJECTED)` after it).
    public var injected: Bool {
        get { storage.fields.injected }
        _modify { yield &fields.injected }
    }
    /// Printed undecoded, as strace's printargs (`-e raw=`, a 32-bit call): a restart code is
    /// then an error like any other, `-1 ERESTARTSYS (Unknown error 512)`.
    public var raw: Bool {
        get { storage.fields.raw }
        _modify { yield &fields.raw }
    }

    public init(pid: Int32, number: UInt64, name: String, arguments: [Value], entryArgumentCount: Int,
                completeAtEntry: Bool, result: CallResult? = nil, rawReturn: Int64 = 0, rawArguments: [UInt64] = []) {
        storage = Storage(Fields(pid: pid, number: number, name: name, arguments: arguments, entryArgumentCount: entryArgumentCount,
                                 completeAtEntry: completeAtEntry, result: result, rawReturn: rawReturn, rawArguments: rawArguments))
    }

    public static func == (a: DecodedCall, b: DecodedCall) -> Bool {
        a.storage === b.storage || a.storage.fields == b.storage.fields
    }

    public var failed: Bool {
        if case .failed = result { return true }
        return false
    }

    public var errnoValue: Int? {
        if case .failed(let e) = result { return e }
        return nil
    }
}

/// A decoded signal delivery: `--- SIGCHLD {si_signo=SIGCHLD, ...} ---`.
public struct SignalDelivery: Sendable, Equatable {
    public var pid: Int32
    public var signal: Int
    public var info: Value?

    public init(pid: Int32, signal: Int, info: Value?) {
        self.pid = pid
        self.signal = signal
        self.info = info
    }
}

/// What a seccomp filter does to a call it decides (`--block CALL=ACTION`).
public enum BlockAction: Sendable, Equatable {
    /// The call fails with this errno (EPERM by default).
    case errno(Int)
    /// The process dies of SIGSYS (SECCOMP_RET_KILL_PROCESS).
    case kill
    /// SIGSYS is delivered (SECCOMP_RET_TRAP).
    case trap
    /// The call is allowed and logged (SECCOMP_RET_LOG).
    case log

    /// `EPERM`, `kill`, `trap`, `log`.
    public var description: String {
        switch self {
        case .errno(let e): return ErrnoTable.name(e) ?? String(e)
        case .kill: return "kill"
        case .trap: return "trap"
        case .log: return "log"
        }
    }
}
