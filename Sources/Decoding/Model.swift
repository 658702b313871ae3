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

/// A call's argument registers, at most six, kept in place: an array cost an allocation and a
/// free at every call (the tracer copies them out of every reported stop).
public struct SyscallArguments: RandomAccessCollection, ExpressibleByArrayLiteral, Sendable, Hashable {
    private var registers: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64)
    public let count: Int

    /// The six registers of a syscall stop.
    public init(_ a0: UInt64, _ a1: UInt64, _ a2: UInt64, _ a3: UInt64, _ a4: UInt64, _ a5: UInt64) {
        registers = (a0, a1, a2, a3, a4, a5)
        count = 6
    }

    /// The first six of `values` (fewer when there are fewer).
    public init<S: Sequence>(_ values: S) where S.Element == UInt64 {
        registers = (0, 0, 0, 0, 0, 0)
        var n = 0
        for value in values where n < 6 {
            Self.set(&registers, n, value)
            n += 1
        }
        count = n
    }

    public init(arrayLiteral values: UInt64...) {
        self.init(values)
    }

    /// These, with zeros after them up to six.
    public var padded: SyscallArguments {
        var all = SyscallArguments(0, 0, 0, 0, 0, 0)
        all.registers = registers
        return all
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { count }

    public subscript(index: Int) -> UInt64 {
        precondition(index >= 0 && index < count, "argument \(index) of \(count)")
        switch index {
        case 0: return registers.0
        case 1: return registers.1
        case 2: return registers.2
        case 3: return registers.3
        case 4: return registers.4
        default: return registers.5
        }
    }

    private static func set(_ r: inout (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64), _ index: Int, _ value: UInt64) {
        switch index {
        case 0: r.0 = value
        case 1: r.1 = value
        case 2: r.2 = value
        case 3: r.3 = value
        case 4: r.4 = value
        default: r.5 = value
        }
    }

    public static func == (a: SyscallArguments, b: SyscallArguments) -> Bool {
        a.count == b.count && a.elementsEqual(b)
    }

    public func hash(into hasher: inout Hasher) {
        for value in self { hasher.combine(value) }
    }
}

/// How a call ended.
public enum CallResult: Sendable, Equatable {
    /// A value without a note: `= 3`. Most results; in place (a box was an allocation, and its
    /// release a free, at every call).
    case plain(Value)
    /// A value with strace's note after it: `= 0x802 (flags O_RDWR|O_NONBLOCK)`. Kept in a box:
    /// two Values in place made an optional result a type the compiler copies and destroys
    /// through the runtime's generic witnesses.
    indirect case noted(Value, note: Value)
    /// `-1 ENAME (message)`; restart codes print as `? ERESTARTSYS (...)`.
    case failed(errno: Int)
    /// The process left while in the call (`exit_group`, a kill): `= ?`.
    case unknown

    /// A value, with its note when there is one. Make results with this: a value without a
    /// note is always `.plain`, so that two equal results are equal cases.
    public static func value(_ value: Value, note: Value?) -> CallResult {
        guard let note else { return .plain(value) }
        return .noted(value, note: note)
    }

    /// The value, unless the call failed or never returned.
    public var value: Value? {
        switch self {
        case .plain(let value), .noted(let value, _): return value
        case .failed, .unknown: return nil
        }
    }

    /// strace's note after the value, if any.
    public var note: Value? {
        if case .noted(_, let note) = self { return note }
        return nil
    }
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
        var rawArguments: SyscallArguments
        var dumps: [DataDump] = []
        var injected = false
        var raw = false
    }

    private var storage: Storage
    // The strings, arrays and result are read in place (`_read`), not copied out: a renderer
    // reads each of them once a line, and a copy was a retain and a release each time.

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
        _read { yield storage.fields.name }
        _modify { yield &fields.name }
    }
    /// Every argument strace prints, in order.
    public var arguments: [Value] {
        _read { yield storage.fields.arguments }
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
        _read { yield storage.fields.result }
        _modify { yield &fields.result }
    }
    /// The raw return value and error flag, as the kernel gave them.
    public var rawReturn: Int64 {
        get { storage.fields.rawReturn }
        _modify { yield &fields.rawReturn }
    }
    public var rawArguments: SyscallArguments {
        _read { yield storage.fields.rawArguments }
        _modify { yield &fields.rawArguments }
    }
    /// `-e read=`/`-e write=`: the data dumped after the line.
    public var dumps: [DataDump] {
        _read { yield storage.fields.dumps }
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
                completeAtEntry: Bool, result: CallResult? = nil, rawReturn: Int64 = 0, rawArguments: SyscallArguments = SyscallArguments([])) {
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
