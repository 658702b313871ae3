/// strace 6.1's command line, read as strace reads it (`getopt_long` with its option string
/// and long-option table, then its checks, in its order) into the settings a trace runs with.
/// The messages are strace's; the caller prints them after its own name.

/// How constants and flags print (`-X`).
public enum ConstantStyle: Sendable, Equatable {
    /// `AF_INET` (the default).
    case abbrev
    /// `0x2`.
    case raw
    /// `0x2 /* AF_INET */`.
    case verbose
}

/// Which strings print in hex (`-x`, `-xx`, `--strings-in-hex`).
public enum HexStrings: Sendable, Equatable {
    case none
    /// `-x`: a string with any byte that is not printable ASCII or `\t\n\v\f\r`, all in hex.
    case nonASCII
    /// `-xx`: every string in hex.
    case all
    /// `--strings-in-hex=non-ascii-chars`: `\x..` instead of octal escapes.
    case nonASCIIChars
}

/// How a value prints, as far as the options change it.
public struct RenderStyle: Sendable, Equatable {
    public var constants: ConstantStyle = .abbrev
    public var hexStrings: HexStrings = .none

    public init(constants: ConstantStyle = .abbrev, hexStrings: HexStrings = .none) {
        self.constants = constants
        self.hexStrings = hexStrings
    }

    public static let standard = RenderStyle()
}

/// A syscall's end, for `-e status=`, `-z` and `-Z`.
public enum CallStatus: Int, Sendable, CaseIterable {
    case successful, failed, unfinished, unavailable, detached
}

/// Messages `-q`, `-qq`, `-qqq` and `-e quiet=` leave out.
public enum QuietMessage: Int, Sendable, CaseIterable {
    /// `Process N attached` / `detached`.
    case attach
    /// `+++ exited with N +++`.
    case exit
    /// `Requested path "x" resolved into "y"` (-P).
    case pathResolution
    /// `[ Process PID=N runs in 32 bit mode. ]`.
    case personality
    /// `+++ superseded by execve in pid N +++`.
    case threadExecve
}

/// What `-y`, `-yy` and `--decode-fds=` add after a descriptor.
public enum FDDetail: Int, Sendable, CaseIterable {
    case path, socket, dev, pidfd
}

/// A time's precision (`-r`, `-T`, `--absolute-timestamps=precision:`): digits after the point.
public struct TimePrecision: Sendable, Equatable {
    /// 0 (s), 3 (ms), 6 (us), 9 (ns).
    public var digits: Int
    public static let seconds = TimePrecision(digits: 0)
    public static let micro = TimePrecision(digits: 6)
    public init(digits: Int) { self.digits = digits }
}

/// `-t`, `-tt`, `-ttt`, `--absolute-timestamps=`: the time of day or the UNIX time.
public struct AbsoluteTimestamps: Sendable, Equatable {
    public enum Format: Sendable, Equatable { case time, unix }
    public var format: Format
    public var precision: TimePrecision
    public init(format: Format, precision: TimePrecision) {
        self.format = format
        self.precision = precision
    }
}

/// `-e inject=SET:...` and `-e fault=SET:...`: what happens to the calls in `calls`, counted per
/// process and call (`when=`).
public struct Injection: Sendable, Equatable {
    public enum Action: Sendable, Equatable {
        /// The call fails with this errno (it is not made: its number becomes -1).
        case error(Int)
        /// The call is not made and returns this value.
        case value(UInt64)
    }
    public var calls: SyscallSet
    public var action: Action?
    /// A signal delivered on entry (`signal=`).
    public var signal: Int?
    /// `when=FIRST[..LAST][+[STEP]]`: the FIRST-th call, then every STEP-th up to the LAST-th.
    public var first: Int = 1
    public var last: Int?
    public var step: Int = 1
    /// The whole expression as given, for messages.
    public var text: String = ""

    public init(calls: SyscallSet) { self.calls = calls }
}

/// What the command line asked for.
public struct StraceOptions: Sendable {
    public enum Summary: Sendable, Equatable {
        case none
        /// `-c`: only the table.
        case only
        /// `-C`: the trace and the table.
        case withTrace
    }

    // What is traced.
    public var command: [String] = []
    public var attach: [Int32] = []
    /// `-E VAR=VAL` and `-E VAR`, in order.
    public var environment: [String] = []
    public var followForks = false
    public var outputSeparately = false
    public var seccompBPF = false

    // Where and how it prints.
    public var outputFile: String?
    public var appendOutput = false
    public var column = 40
    public var stringLimit = 32
    public var syscallNumbers = false
    public var instructionPointer = false
    public var absoluteTimestamps: AbsoluteTimestamps?
    public var relativeTimestamps: TimePrecision?
    public var durations: TimePrecision?
    public var summary: Summary = .none
    public var style = RenderStyle.standard
    public var decodeFDs: Set<FDDetail> = []
    public var decodePIDComm = false
    public var quiet = NumberSet.none

    // What is shown, and what is done to it.
    public var trace = SyscallSet.all
    public var abbrev = SyscallSet.all
    public var verbose = SyscallSet.all
    public var raw = SyscallSet()
    public var signals = NumberSet.all
    public var statuses = NumberSet.all
    public var readFDs = NumberSet.none
    public var writeFDs = NumberSet.none
    public var injections: [Injection] = []
    public var paths: [String] = []

    /// Messages strace writes and goes on (`--seccomp-bpf cannot be used without ...`).
    public var warnings: [String] = []

    // sockstep's own options.
    public var blocks: [String] = []
    public var showFilter = false
    public var format: String?
    public var html: String?
    public var print: String?
    public var record: String?
    public var pinCPU = false
    public var noPin = false
    /// `--explain`: a plain-words line under each call's line (long form only: strace's -E is
    /// an environment variable).
    public var explain = false
    /// `--wire PORT[,PORT...]`: the segments of these ports on lo, and their TCP states.
    public var wire: String?

    public init() {}

    public func isQuiet(_ message: QuietMessage) -> Bool { quiet.contains(message.rawValue) }
    public func shows(status: CallStatus) -> Bool { statuses.contains(status.rawValue) }
    public var filtersStatus: Bool { !statuses.isAll && !(CallStatus.allCases.allSatisfy { shows(status: $0) }) }
}

/// What the command line says to do.
public enum StraceCommandLine: Sendable {
    case trace(StraceOptions)
    /// `-h`: the help.
    case help
    /// `-V`: the version.
    case version

    /// A bad command line: the message (nil when getopt's own message says it all and strace
    /// adds only its `Try` line) and whether strace adds that line.
    public struct Failure: Error, Sendable, Equatable {
        public let message: String
        public let tryHelp: Bool
        public init(_ message: String, tryHelp: Bool) {
            self.message = message
            self.tryHelp = tryHelp
        }
    }

    /// strace's option keys: a short option's character, or 256 and up for the long-only ones.
    enum Key {
        static let seccompBPF = 256, daemonize = 257, stringsInHex = 258, followForks = 259, outputSeparately = 260
        static let timestamps = 261, pidnsTranslation = 262, tips = 263, trace = 264, abbrev = 265, verbose = 266
        static let raw = 267, signals = 268, status = 269, read = 270, write = 271, fault = 272, inject = 273
        static let kvm = 274, quiet = 275, decodeFDs = 276, decodePIDs = 277, secontext = 278
        // sockstep's own.
        static let block = 1000, showFilter = 1001, format = 1002, html = 1003, print = 1004, record = 1005
        static let pinCPU = 1006, noPinCPU = 1007, explain = 1008, wire = 1009
    }

    static func c(_ s: Character) -> Int { Int(s.asciiValue!) }

    /// strace 6.1's option string (without its leading `+`).
    public static let shortOptions = "a:Ab:cCdDe:E:fFhiI:kno:O:p:P:qrs:S:tTu:U:vVwxX:yYzZ"

    /// strace 6.1's long options, in its table's order (the order of an ambiguity's list), then
    /// sockstep's own (whole names only).
    public static let longOptions: [Getopt.LongOption] = [
        .init("columns", .required, key: c("a")),
        .init("output-append-mode", .none, key: c("A")),
        .init("detach-on", .required, key: c("b")),
        .init("summary-only", .none, key: c("c")),
        .init("summary", .none, key: c("C")),
        .init("debug", .none, key: c("d")),
        .init("daemonize", .optional, key: Key.daemonize),
        .init("daemonised", .optional, key: Key.daemonize),
        .init("daemonized", .optional, key: Key.daemonize),
        .init("env", .required, key: c("E")),
        .init("follow-forks", .none, key: Key.followForks),
        .init("output-separately", .none, key: Key.outputSeparately),
        .init("help", .none, key: c("h")),
        .init("instruction-pointer", .none, key: c("i")),
        .init("interruptible", .required, key: c("I")),
        .init("stack-traces", .none, key: c("k")),
        .init("syscall-number", .none, key: c("n")),
        .init("output", .required, key: c("o")),
        .init("summary-syscall-overhead", .required, key: c("O")),
        .init("attach", .required, key: c("p")),
        .init("trace-path", .required, key: c("P")),
        .init("relative-timestamps", .optional, key: c("r")),
        .init("string-limit", .required, key: c("s")),
        .init("summary-sort-by", .required, key: c("S")),
        .init("absolute-timestamps", .optional, key: Key.timestamps),
        .init("timestamps", .optional, key: Key.timestamps),
        .init("syscall-times", .optional, key: c("T")),
        .init("user", .required, key: c("u")),
        .init("summary-columns", .required, key: c("U")),
        .init("no-abbrev", .none, key: c("v")),
        .init("version", .none, key: c("V")),
        .init("summary-wall-clock", .none, key: c("w")),
        .init("strings-in-hex", .optional, key: Key.stringsInHex),
        .init("const-print-style", .required, key: c("X")),
        .init("pidns-translation", .none, key: Key.pidnsTranslation),
        .init("successful-only", .none, key: c("z")),
        .init("failed-only", .none, key: c("Z")),
        .init("failing-only", .none, key: c("Z")),
        .init("seccomp-bpf", .none, key: Key.seccompBPF),
        .init("tips", .optional, key: Key.tips),
        .init("trace", .required, key: Key.trace),
        .init("abbrev", .required, key: Key.abbrev),
        .init("verbose", .required, key: Key.verbose),
        .init("raw", .required, key: Key.raw),
        .init("signals", .required, key: Key.signals),
        .init("status", .required, key: Key.status),
        .init("read", .required, key: Key.read),
        .init("write", .required, key: Key.write),
        .init("fault", .required, key: Key.fault),
        .init("inject", .required, key: Key.inject),
        .init("kvm", .required, key: Key.kvm),
        .init("quiet", .optional, key: Key.quiet),
        .init("silent", .optional, key: Key.quiet),
        .init("silence", .optional, key: Key.quiet),
        .init("decode-fds", .optional, key: Key.decodeFDs),
        .init("decode-pids", .required, key: Key.decodePIDs),
        .init("secontext", .optional, key: Key.secontext),

        .init("block", .required, key: Key.block, wholeNameOnly: true),
        .init("show-filter", .none, key: Key.showFilter, wholeNameOnly: true),
        .init("format", .required, key: Key.format, wholeNameOnly: true),
        .init("html", .required, key: Key.html, wholeNameOnly: true),
        .init("print", .required, key: Key.print, wholeNameOnly: true),
        .init("record", .required, key: Key.record, wholeNameOnly: true),
        .init("pin-cpu", .none, key: Key.pinCPU, wholeNameOnly: true),
        .init("no-pin-cpu", .none, key: Key.noPinCPU, wholeNameOnly: true),
        .init("explain", .none, key: Key.explain, wholeNameOnly: true),
        .init("wire", .required, key: Key.wire, wholeNameOnly: true),
    ]

    /// The strace options sockstep does not have (strace's `-b`, `-D`, `-k`, `-u`, the summary's
    /// `-S`, `-U`, `-w`, `-O`, ...): they get the message glibc gives an option it does not know.
    static let missing: [Int] = [
        c("b"), c("d"), c("D"), Key.daemonize, c("I"), c("k"), c("O"), c("S"), c("u"), c("U"), c("w"),
        Key.pidnsTranslation, Key.tips, Key.kvm, Key.secontext,
    ]

    /// Read `arguments` (what follows `sockstep trace`).
    public static func parse(_ arguments: [String]) throws(Failure) -> StraceCommandLine {
        var reader = Reader()
        var getopt = Getopt(arguments: arguments, shortOptions: shortOptions, longOptions: longOptions)
        while true {
            let found: Getopt.Found?
            do { found = try getopt.next() } catch { throw Failure(error.message, tryHelp: true) }
            guard let found else { break }
            if missing.contains(found.key) {
                throw Failure(unknown(found), tryHelp: true)
            }
            if try reader.take(found) { return .help }
        }
        // strace prints its version after reading every option (a bad one still fails).
        if reader.wantsVersion { return .version }
        return .trace(try reader.finish(operands: getopt.operands))
    }

    /// glibc's words for an option it does not know, as the option was written.
    static func unknown(_ found: Getopt.Found) -> String {
        if let written = found.written { return "unrecognized option '--\(written)'" }
        return "invalid option -- '\(Getopt.character(UInt8(found.key)))'"
    }
}

/// The state of strace's option loop: counters of repeated short options and what was set.
struct Reader {
    var options = StraceOptions()
    var followShort = 0
    var quietShort = 0
    var describeShort = 0
    var timeShort = 0
    var hexShort = 0
    var hexLong: HexStrings?
    var timestampsLong = false
    var quietUpdated = false
    var decodeFDsSet = false
    var statusFlags = 0
    var followLong = false
    var deprecatedF = false
    var wantsVersion = false

    typealias Failure = StraceCommandLine.Failure
    static func c(_ s: Character) -> Int { StraceCommandLine.c(s) }

    /// Act on one option; true for `-h` (the help, at once, as strace prints it).
    mutating func take(_ found: Getopt.Found) throws(Failure) -> Bool {
        let value = found.argument
        typealias Key = StraceCommandLine.Key
        func badValue() -> Failure {
            if let long = found.long {
                return Failure("invalid --\(long.name) argument: '\(value ?? "(null)")'", tryHelp: true)
            }
            return Failure("invalid -\(Getopt.character(UInt8(found.key))) argument: '\(value ?? "(null)")'", tryHelp: true)
        }
        func qualify(_ body: () throws(QualifierError) -> Void) throws(Failure) {
            do { try body() } catch { throw Failure(error.message, tryHelp: error.tryHelp) }
        }
        switch found.key {
        case Self.c("a"):
            guard let n = cUnsignedWhole(Substring(value ?? "")) else { throw badValue() }
            options.column = n
        case Self.c("A"): options.appendOutput = true
        case Self.c("c"):
            if options.summary == .withTrace { throw Failure("-c/--summary-only and -C/--summary are mutually exclusive", tryHelp: true) }
            options.summary = .only
        case Self.c("C"):
            if options.summary == .only { throw Failure("-c/--summary-only and -C/--summary are mutually exclusive", tryHelp: true) }
            options.summary = .withTrace
        case Self.c("e"): try qualify { () throws(QualifierError) in try qualifyExpression(value ?? "") }
        case Self.c("E"): options.environment.append(value ?? "")
        case Self.c("f"): followShort += 1
        case Key.followForks: followLong = true
        case Key.outputSeparately: options.outputSeparately = true
        case Self.c("F"): deprecatedF = true
        case Self.c("h"): return true
        case Self.c("i"): options.instructionPointer = true
        case Self.c("n"): options.syscallNumbers = true
        case Self.c("o"): options.outputFile = value
        case Self.c("p"): try attachList(value ?? "")
        case Self.c("P"): options.paths.append(value ?? "")
        case Self.c("q"): quietShort += 1
        case Self.c("r"):
            guard let precision = Self.precision(value) else { throw badValue() }
            options.relativeTimestamps = precision
        case Self.c("s"):
            guard let n = cUnsignedWhole(Substring(value ?? "")), n <= 1_073_741_823 else {
                throw rangeOrBad(value, "-s", 0 ... 1_073_741_823, bad: badValue())
            }
            options.stringLimit = n
        case Self.c("t"): timeShort += 1
        case Key.timestamps:
            timestampsLong = true
            guard let stamps = Self.timestamps(value ?? "format:time", current: options.absoluteTimestamps) else { throw badValue() }
            options.absoluteTimestamps = stamps
        case Self.c("T"):
            guard let precision = Self.precision(value) else { throw badValue() }
            options.durations = precision
        case Self.c("v"): options.abbrev = SyscallSet()
        case Self.c("V"): wantsVersion = true
        case Self.c("x"): hexShort += 1
        case Key.stringsInHex:
            switch value?.lowercased() {
            case nil, "all": hexLong = .all
            case "none": hexLong = HexStrings.none
            case "non-ascii-chars": hexLong = .nonASCIIChars
            case "non-ascii": hexLong = .nonASCII
            default: throw badValue()
            }
        case Self.c("X"):
            switch value {
            case "raw": options.style.constants = .raw
            case "abbrev": options.style.constants = .abbrev
            case "verbose": options.style.constants = .verbose
            default: throw badValue()
            }
        case Self.c("y"): describeShort += 1
        case Self.c("Y"): try qualify { () throws(QualifierError) in try decodePIDs("comm") }
        case Self.c("z"):
            options.statuses = NumberSet(listed: [CallStatus.successful.rawValue])
            statusFlags += 1
        case Self.c("Z"):
            options.statuses = NumberSet(listed: [CallStatus.failed.rawValue])
            statusFlags += 1
        case Key.seccompBPF: options.seccompBPF = true
        case Key.trace: try qualify { () throws(QualifierError) in options.trace = try SyscallSet.parse(value ?? "") }
        case Key.abbrev: try qualify { () throws(QualifierError) in options.abbrev = try SyscallSet.parse(value ?? "") }
        case Key.verbose: try qualify { () throws(QualifierError) in options.verbose = try SyscallSet.parse(value ?? "") }
        case Key.raw: try qualify { () throws(QualifierError) in options.raw = try SyscallSet.parse(value ?? "") }
        case Key.signals: try qualify { () throws(QualifierError) in try signals(value ?? "") }
        case Key.status: try qualify { () throws(QualifierError) in try statuses(value ?? "") }
        case Key.read: try qualify { () throws(QualifierError) in options.readFDs = try Self.descriptors(value ?? "") }
        case Key.write: try qualify { () throws(QualifierError) in options.writeFDs = try Self.descriptors(value ?? "") }
        case Key.fault: try qualify { () throws(QualifierError) in try inject(value ?? "", faultOnly: true) }
        case Key.inject: try qualify { () throws(QualifierError) in try inject(value ?? "", faultOnly: false) }
        case Key.quiet: try qualify { () throws(QualifierError) in try quietSet(value ?? "attach,personality") }
        case Key.decodeFDs: try qualify { () throws(QualifierError) in try decodeFDs(value ?? "path") }
        case Key.decodePIDs: try qualify { () throws(QualifierError) in try decodePIDs(value ?? "") }
        case Key.block: options.blocks.append(value ?? "")
        case Key.showFilter: options.showFilter = true
        case Key.format: options.format = value
        case Key.html: options.html = value
        case Key.print: options.print = value
        case Key.record: options.record = value
        case Key.pinCPU: options.pinCPU = true
        case Key.noPinCPU: options.noPin = true
        case Key.explain: options.explain = true
        case Key.wire: options.wire = value
        default:
            throw Failure(StraceCommandLine.unknown(found), tryHelp: true)
        }
        return false
    }

    /// sockstep's range message for a number out of range (`-s must be from 0 to 1073741823
    /// (got 1073741824)`), strace's for anything else.
    func rangeOrBad(_ value: String?, _ name: String, _ range: ClosedRange<Int>, bad: Failure) -> Failure {
        guard let value, let number = Int(value) else { return bad }
        return Failure("\(name) must be from \(range.lowerBound) to \(range.upperBound) (got \(number))", tryHelp: false)
    }

    /// `-p 1,2 3`: pids separated by commas, blanks or newlines.
    mutating func attachList(_ text: String) throws(Failure) {
        var rest = Substring(text)
        while !rest.isEmpty {
            let end = rest.firstIndex { $0 == "," || $0 == " " || $0 == "\t" || $0 == "\n" } ?? rest.endIndex
            let token = rest[..<end]
            guard let pid = cUnsignedWhole(token), pid > 0 else {
                if let n = Int(token), n <= 0 || n > 4_194_304 {
                    throw Failure("-p must be from 1 to 4194304 (got \(n))", tryHelp: false)
                }
                throw Failure("Invalid process id: '\(token)'", tryHelp: false)
            }
            guard pid <= 4_194_304 else { throw Failure("-p must be from 1 to 4194304 (got \(pid))", tryHelp: false) }
            options.attach.append(Int32(pid))
            if end == rest.endIndex { break }
            rest = rest[rest.index(after: end)...]
        }
    }

    // MARK: -e

    static let qualifierNames: [(String, String)] = [
        ("trace", "trace"), ("t", "trace"), ("abbrev", "abbrev"), ("a", "abbrev"), ("verbose", "verbose"), ("v", "verbose"),
        ("raw", "raw"), ("x", "raw"), ("signal", "signal"), ("signals", "signal"), ("status", "status"), ("s", "signal"),
        ("quiet", "quiet"), ("silent", "quiet"), ("silence", "quiet"), ("q", "quiet"), ("read", "read"), ("reads", "read"),
        ("r", "read"), ("write", "write"), ("writes", "write"), ("w", "write"), ("fault", "fault"), ("inject", "inject"),
        ("kvm", "kvm"), ("decode-fd", "decode-fds"), ("decode-fds", "decode-fds"), ("decode-pid", "decode-pids"),
        ("decode-pids", "decode-pids"),
    ]

    /// `-e [NAME=]VALUE` (no known NAME: the whole text is a trace= list).
    mutating func qualifyExpression(_ text: String) throws(QualifierError) {
        var kind = "trace"
        var value = Substring(text)
        for (name, meaning) in Self.qualifierNames where text.hasPrefix(name + "=") {
            kind = meaning
            value = text.dropFirst(name.count + 1)
            break
        }
        let v = String(value)
        switch kind {
        case "abbrev": options.abbrev = try SyscallSet.parse(v)
        case "verbose": options.verbose = try SyscallSet.parse(v)
        case "raw": options.raw = try SyscallSet.parse(v)
        case "signal": try signals(v)
        case "status": try statuses(v)
        case "quiet": try quietSet(v)
        case "read": options.readFDs = try Self.descriptors(v)
        case "write": options.writeFDs = try Self.descriptors(v)
        case "fault": try inject(v, faultOnly: true)
        case "inject": try inject(v, faultOnly: false)
        case "decode-fds": try decodeFDs(v)
        case "decode-pids": try decodePIDs(v)
        case "kvm":
            // sockstep does not decode KVM: what strace says of a name it does not know.
            throw QualifierError("invalid system call '\(text)'")
        default: options.trace = try SyscallSet.parse(v)
        }
    }

    mutating func signals(_ text: String) throws(QualifierError) {
        options.signals = try NumberSet.parse(text, name: "signal") { token in
            if let first = token.first, first.isASCII, first.isNumber { return cUnsignedWhole(token, max: 255) }
            var name = token.uppercased()
            if name.hasPrefix("SIG") { name.removeFirst(3) }
            for n in 1 ... 255 {
                let known = SignalTable.name(n)
                if known.hasPrefix("SIG"), known.dropFirst(3).uppercased() == name { return n }
            }
            return nil
        }
    }

    mutating func statuses(_ text: String) throws(QualifierError) {
        let names = ["successful", "failed", "unfinished", "unavailable", "detached"]
        options.statuses = try NumberSet.parse(text, name: "status") { names.firstIndex(of: $0.lowercased()) }
    }

    mutating func quietSet(_ text: String) throws(QualifierError) {
        let names: [String: QuietMessage] = ["attach": .attach, "exit": .exit, "exits": .exit, "path-resolution": .pathResolution,
                                             "personality": .personality, "superseded": .threadExecve, "thread-execve": .threadExecve]
        options.quiet = try NumberSet.parse(text, name: "quiet") { names[$0.lowercased()]?.rawValue }
        quietUpdated = true
    }

    mutating func decodeFDs(_ text: String) throws(QualifierError) {
        let names: [String: FDDetail] = ["path": .path, "socket": .socket, "dev": .dev, "pidfd": .pidfd]
        let set = try NumberSet.parse(text, name: "decode-fds") { names[$0.lowercased()]?.rawValue }
        options.decodeFDs = Set(FDDetail.allCases.filter { set.contains($0.rawValue) })
        decodeFDsSet = true
    }

    mutating func decodePIDs(_ text: String) throws(QualifierError) {
        // 0: pidns, 1: comm. sockstep traces in its own PID namespace only; a process in
        // another one would need strace's translation, which sockstep does not do.
        let set = try NumberSet.parse(text, name: "decode-pids") { token in
            switch token.lowercased() {
            case "comm": return 1
            case "pidns": return 0
            default: return nil
            }
        }
        if set.contains(0) {
            throw QualifierError("--decode-pids=pidns is not supported: sockstep does not translate PIDs between PID namespaces")
        }
        options.decodePIDComm = set.contains(1)
    }

    static func descriptors(_ text: String) throws(QualifierError) -> NumberSet {
        try NumberSet.parse(text, name: "descriptor") { cUnsignedWhole($0) }
    }

    /// `-e inject=SET:error=E|retval=N[:signal=S][:when=W]` and `-e fault=SET[:error=E][:when=W]`.
    mutating func inject(_ text: String, faultOnly: Bool) throws(QualifierError) {
        let description = faultOnly ? "fault argument" : "inject argument"
        let invalid = QualifierError("invalid \(description) '\(text)'")
        guard let first = text.first, first != ":" else { throw QualifierError("invalid system call ''") }
        let parts = text.split(separator: ":", omittingEmptySubsequences: true)
        var injection = Injection(calls: SyscallSet())
        injection.text = text
        var hasSignal = false
        for token in parts.dropFirst() {
            if token.hasPrefix("when=") {
                guard Self.when(token.dropFirst(5), into: &injection) else { throw invalid }
            } else if token.hasPrefix("error=") {
                guard injection.action == nil else { throw invalid }
                let value = token.dropFirst(6)
                var e = cUnsignedWhole(value, max: 4095)
                if e == nil { e = ErrnoTable.number(value.uppercased()) }
                guard let e, e >= 1 else { throw invalid }
                injection.action = .error(e)
            } else if !faultOnly, token.hasPrefix("retval=") {
                guard injection.action == nil, let v = Self.cULongLong(token.dropFirst(7)) else { throw invalid }
                injection.action = .value(v)
                let signed = Int64(bitPattern: v)
                if signed < 0 && signed >= -4095 {
                    options.warnings.append("Inadvertent injection of error \(-signed) is possible for retval=\(v)")
                }
            } else if !faultOnly, token.hasPrefix("signal=") {
                guard !hasSignal else { throw invalid }
                var signal: Int?
                try signalsOf(String(token.dropFirst(7)), into: &signal)
                guard let signal, signal >= 1, signal <= 64 else { throw invalid }
                injection.signal = signal
                hasSignal = true
            } else {
                // syscall=, delay_enter=, delay_exit=, poke_enter=, poke_exit=: not in sockstep.
                throw invalid
            }
        }
        injection.calls = try SyscallSet.parse(String(parts[0]))
        if injection.action == nil && injection.signal == nil {
            guard faultOnly else { throw invalid }
            injection.action = .error(38) // ENOSYS
        }
        options.injections.append(injection)
    }

    private func signalsOf(_ text: String, into signal: inout Int?) throws(QualifierError) {
        var probe = Reader()
        do { try probe.signals(text) } catch { signal = nil; return }
        signal = probe.options.signals.listed.count == 1 && !probe.options.signals.inverted ? probe.options.signals.listed.first : nil
    }

    /// `when=`: FIRST, FIRST+, FIRST+STEP, FIRST..LAST, FIRST..LAST+STEP (1 to 65535).
    static func when(_ text: Substring, into injection: inout Injection) -> Bool {
        guard let (first, afterFirst) = cUnsigned(text, max: 0xffff, endings: "+."), first >= 1 else { return false }
        injection.first = Int(first)
        var rest = afterFirst
        if rest.first == "." {
            guard rest.hasPrefix("..") else { return false }
            guard let (last, afterLast) = cUnsigned(rest.dropFirst(2), max: 0xffff, endings: "+"),
                  last >= first, last != 0xffff else { return false }
            injection.last = Int(last)
            rest = afterLast
        } else {
            injection.last = nil
        }
        if rest.isEmpty {
            injection.step = injection.last == nil ? 0 : 1
        } else {
            let step = rest.dropFirst()
            if step.isEmpty {
                injection.step = 1
            } else {
                guard let s = cUnsignedWhole(step, max: 0xffff), s >= 1 else { return false }
                injection.step = s
            }
        }
        return true
    }

    /// `strtoull(text, &end, 0)` over the whole text: decimal, 0x hex or 0 octal.
    static func cULongLong(_ text: Substring) -> UInt64? {
        var s = text.drop { $0 == " " || $0 == "\t" || $0 == "\n" }
        var negative = false
        if let sign = s.first, sign == "+" || sign == "-" {
            negative = sign == "-"
            s = s.dropFirst()
        }
        var radix = 10
        if s.hasPrefix("0x") || s.hasPrefix("0X") {
            radix = 16
            s = s.dropFirst(2)
        } else if s.hasPrefix("0") && s.count > 1 {
            radix = 8
            s = s.dropFirst()
        }
        guard !s.isEmpty, let v = UInt64(s, radix: radix) else { return nil }
        return negative ? 0 &- v : v
    }

    // MARK: Times

    /// `-r`/`-T` precision: none (microseconds), or s, ms, us, ns.
    static func precision(_ text: String?) -> TimePrecision? {
        guard let text else { return .micro }
        switch text.lowercased() {
        case "s": return TimePrecision(digits: 0)
        case "ms": return TimePrecision(digits: 3)
        case "us": return TimePrecision(digits: 6)
        case "ns": return TimePrecision(digits: 9)
        default: return nil
        }
    }

    /// `--absolute-timestamps=[[format:]FORMAT][,[precision:]PRECISION]`; format none turns them off
    /// (returned as nil inside the optional).
    static func timestamps(_ text: String, current: AbsoluteTimestamps?) -> AbsoluteTimestamps?? {
        var format: AbsoluteTimestamps.Format?? = .none
        var precision: TimePrecision?
        for var token in text.split(separator: ",", omittingEmptySubsequences: true) {
            var formatAllowed = true
            var precisionAllowed = true
            if token.lowercased().hasPrefix("format:") {
                token = token.dropFirst(7)
                precisionAllowed = false
            } else if token.lowercased().hasPrefix("precision:") {
                token = token.dropFirst(10)
                formatAllowed = false
            }
            if formatAllowed {
                switch token.lowercased() {
                case "none": format = .some(nil); continue
                case "time": format = .some(.time); continue
                case "unix": format = .some(.unix); continue
                default: break
                }
            }
            if precisionAllowed, let p = Self.precision(String(token)) {
                precision = p
                continue
            }
            return nil
        }
        var result = current ?? AbsoluteTimestamps(format: .time, precision: .seconds)
        switch format {
        case .none: break
        case .some(nil): return .some(nil)
        case .some(.some(let f)): result.format = f
        }
        if let precision { result.precision = precision }
        return .some(result)
    }

    // MARK: After the options

    mutating func finish(operands: [String]) throws(Failure) -> StraceOptions {
        options.command = operands
        if options.command.isEmpty && options.attach.isEmpty {
            throw Failure("must have PROG [ARGS] or -p PID", tryHelp: true)
        }
        if timeShort > 0 {
            if timestampsLong { throw Failure("-t and --absolute-timestamps cannot be provided simultaneously", tryHelp: false) }
            switch timeShort {
            case 1: options.absoluteTimestamps = AbsoluteTimestamps(format: .time, precision: .seconds)
            case 2: options.absoluteTimestamps = AbsoluteTimestamps(format: .time, precision: .micro)
            default: options.absoluteTimestamps = AbsoluteTimestamps(format: .unix, precision: .micro)
            }
        }
        if let hexLong {
            if hexShort > 0 { throw Failure("-x and --strings-in-hex cannot be provided simultaneously", tryHelp: false) }
            options.style.hexStrings = hexLong
        } else if hexShort > 0 {
            options.style.hexStrings = hexShort == 1 ? .nonASCII : .all
        }
        if describeShort > 0 {
            if decodeFDsSet { throw Failure("-y and --decode-fds cannot be provided simultaneously", tryHelp: false) }
            options.decodeFDs = describeShort == 1 ? [.path] : Set(FDDetail.allCases)
        }
        if followShort > 0 {
            if followLong { throw Failure("-f and --follow-forks cannot be provided simultaneously", tryHelp: false) }
            if followShort >= 2 && options.outputSeparately {
                throw Failure("-ff and --output-separately cannot be provided simultaneously", tryHelp: false)
            }
            options.followForks = true
            options.outputSeparately = followShort >= 2
        } else if followLong {
            options.followForks = true
        }
        if options.seccompBPF && !options.followForks {
            options.warnings.append("--seccomp-bpf cannot be used without -f/--follow-forks, disabling")
            options.seccompBPF = false
        }
        if options.seccompBPF && !options.attach.isEmpty {
            options.warnings.append("--seccomp-bpf is not enabled for processes attached with -p")
            if options.command.isEmpty { options.seccompBPF = false }
        }
        if deprecatedF {
            if options.followForks {
                options.warnings.append("deprecated option -F ignored")
            } else {
                options.warnings.append("option -F is deprecated, please use -f/--follow-forks instead")
                options.followForks = true
            }
        }
        if options.outputSeparately && options.summary != .none {
            throw Failure("(-c/--summary-only or -C/--summary) and -ff/--output-separately are mutually exclusive", tryHelp: true)
        }
        if options.summary == .only {
            let ignored: [(Bool, String)] = [
                (options.instructionPointer, "-i/--instruction-pointer"), (options.syscallNumbers, "-n/--syscall-number"),
                (options.relativeTimestamps != nil, "-r/--relative-timestamps"),
                (options.absoluteTimestamps != nil, "-t/--absolute-timestamps"), (options.durations != nil, "-T/--syscall-times"),
                (!options.decodeFDs.isEmpty, "-y/--decode-fds"),
            ]
            for (set, name) in ignored where set {
                options.warnings.append("\(name) has no effect with -c/--summary-only")
            }
        }
        if options.outputFile == nil {
            if options.outputSeparately && !options.followForks {
                options.warnings.append("--output-separately has no effect without -o/--output")
            }
            if options.appendOutput { options.warnings.append("-A/--output-append-mode has no effect without -o/--output") }
        }
        if statusFlags > 1 {
            options.warnings.append("Only the last of -z/--successful-only/-Z/--failed-only options will take effect. "
                                    + "See status qualifier for more complex filters.")
        }
        if options.outputFile == nil {
            // -ff without -o FILE is -f.
            options.outputSeparately = false
        }
        // -o FILE with a command: -q unless -q or -e quiet= was given.
        if options.outputFile != nil && !options.command.isEmpty && quietShort == 0 && !quietUpdated {
            quietShort = 1
        }
        if quietShort > 0 {
            if quietUpdated { throw Failure("-q and -e quiet/--quiet cannot be provided simultaneously", tryHelp: false) }
            let sets: [[QuietMessage]] = [[.attach, .personality], [.attach, .personality, .exit], QuietMessage.allCases]
            options.quiet = NumberSet(listed: Set(sets[min(quietShort, 3) - 1].map(\.rawValue)))
        }
        return options
    }
}
