import Decoding

/// What a lesson file may hold: a lesson file is untrusted input (downloaded from a course page,
/// often run as root), so every size and number in it has a limit the parser enforces.
public enum LessonLimits {
    /// The whole file, and one line of it.
    public static let fileBytes = 1 << 20
    public static let lineBytes = 4096
    /// YAML values in the file, and how deeply lists and mappings nest (a lesson needs 4:
    /// lesson, steps, step, code).
    public static let yamlValues = 50_000
    public static let yamlDepth = 6
    public static let roles = 16
    /// The child processes of one role that steps may name (`child: N`).
    public static let children = 16
    public static let steps = 500
    /// The lesson's name (it names the run's folder) and a role's name (it names a process).
    public static let nameLength = 40
    public static let roleNameLength = 32
    /// Characters of a title, of a longer text (summary, about, explain, code) and of a call.
    public static let titleLength = 200
    public static let textLength = 20_000
    public static let callLength = 2048
    /// `$PORT+N`: N from 0 to this.
    public static let portOffset = 1000
    /// recvfrom and read sizes: 0 to 16 MiB.
    public static let bufferSize = 16 << 20
    /// listen's backlog: 0 to 65535.
    public static let backlog = 65535
    /// `unix:$DIR/NAME`: NAME has at most this many bytes, so that the whole path fits the
    /// 108 bytes of sun_path (with its NUL) when the run's folder path has at most
    /// `runFolderPathBytes` bytes.
    public static let unixNameBytes = 40
    public static let runFolderPathBytes = 108 - 1 - 1 - unixNameBytes
    /// `unix:@NAME`: an abstract name of 1 to this many bytes.
    public static let abstractNameBytes = 100
}

/// A lesson: roles (each a real process) and the steps they take, in the lesson's order.
public struct Lesson: Sendable {
    /// The lesson's name, checked: 1 to 40 letters, digits, `-` and `_` (from `name:`, or from
    /// the file's name with every other character made `_`). Safe to put in a file name.
    public var name: String
    public var title: String
    public var summary: String
    /// The summary in the languages where it differs (lesson folders with programs).
    public var summaries: [CodeLanguage: String] = [:]
    /// The programs that play the roles, nil for a calls-only lesson (sockstep's player makes
    /// its calls).
    public var programs: LessonPrograms?
    /// The file it came from (an absolute path when found by `Catalog.find`).
    public var path: String
    /// The file's bytes as they were read and checked: the roles' processes get these (not the
    /// path, which could name another file by the time they start).
    public var source: [UInt8] = []
    /// The port `$PORT` stands for unless `--port` says otherwise.
    public var defaultPort: Int
    public var roles: [Role]
    public var steps: [Step] { didSet { stepCounts = Self.count(steps) } }
    /// How many steps each role has.
    public private(set) var stepCounts: [String: Int]

    public init(name: String, title: String, summary: String, path: String, defaultPort: Int, roles: [Role], steps: [Step]) {
        (self.name, self.title, self.summary, self.path) = (name, title, summary, path)
        (self.defaultPort, self.roles, self.steps) = (defaultPort, roles, steps)
        stepCounts = Self.count(steps)
    }

    /// The lesson as it runs on `port` (`--port`): its texts say that port where they name the
    /// lesson's own (`127.0.0.1:8888`, "port 8888"), so that no text names a port the run does
    /// not use. Only whole numbers are replaced (not the 8888 in 18888), and only in the texts
    /// written for people: the programs' code is shown as it is.
    public func texts(forPort port: Int) -> Lesson {
        guard port != defaultPort else { return self }
        let old = String(defaultPort)
        let new = String(port)
        func fix(_ text: String) -> String {
            var out = ""
            var rest = Substring(text)
            while let range = rest.firstRange(of: old) {
                let before = range.lowerBound == rest.startIndex ? out.last : rest[rest.index(before: range.lowerBound)]
                let after = range.upperBound == rest.endIndex ? nil : rest[range.upperBound]
                let whole = !(before?.isNumber ?? false) && !(after?.isNumber ?? false)
                out += rest[..<range.lowerBound]
                out += whole ? new : old
                rest = rest[range.upperBound...]
            }
            return out + rest
        }
        var copy = self
        copy.title = fix(title)
        copy.summary = fix(summary)
        copy.summaries = summaries.mapValues(fix)
        copy.roles = roles.map { Role(name: $0.name, about: fix($0.about)) }
        copy.steps = steps.map { step in
            var step = step
            step.title = fix(step.title)
            step.explanation = fix(step.explanation)
            step.explanations = step.explanations.mapValues(fix)
            return step
        }
        return copy
    }

    static func count(_ steps: [Step]) -> [String: Int] {
        var counts: [String: Int] = [:]
        for step in steps { counts[step.role, default: 0] += 1 }
        return counts
    }

    public func steps(of role: String) -> [Step] { steps.filter { $0.role == role } }

    /// The number of steps of `role`, without going through the steps.
    public func stepCount(of role: String) -> Int { stepCounts[role] ?? 0 }

    /// Whether `text` may be a lesson's name: 1 to 40 ASCII letters, digits, `-` and `_`.
    public static func isValidName(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.count <= LessonLimits.nameLength && text.utf8.allSatisfy { byte in
            isLetterOrDigit(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
        }
    }

    static func isLetterOrDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a") ... UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A") ... UInt8(ascii: "Z")).contains(byte)
            || (UInt8(ascii: "0") ... UInt8(ascii: "9")).contains(byte)
    }

    /// The ports the lesson's addresses come to when `$PORT` is `port`: one problem (file:line
    /// of the call) for each `$PORT+N` beyond 65535. The parser checks the lesson's own port;
    /// a command checks the `--port` it was given before anything runs.
    public func portProblems(port: Int) -> [LessonProblem] {
        var problems: [LessonProblem] = []
        for step in steps {
            for argument in step.call.arguments {
                guard case .address(.inet(_, _, .lessonPort(let offset))) = argument else { continue }
                let resolved = PortValue.lessonPort(offset: offset).resolve(port)
                guard !(1 ... 65535).contains(resolved) else { continue }
                let written = offset == 0 ? "$PORT" : "$PORT+\(offset)"
                problems.append(LessonProblem(file: path, line: step.callLine,
                                              message: "\(written) is port \(resolved) when $PORT is \(port); a port goes from 1 to 65535: use a port of at most \(65535 - offset) (--port)"))
            }
        }
        return problems
    }

    /// The addresses a lesson may talk to: what one of its own roles binds, or a `$PORT`-based
    /// port (the user chose that port). A fixed port or an abstract name that no role binds would
    /// let a downloaded lesson send its data to another service on this machine (a database on
    /// 127.0.0.1:5432, a desktop's abstract socket). sendto may name port 0: the raw lesson's ICMP
    /// has no ports (a UDP socket gets EINVAL for it).
    public func targetProblems() -> [LessonProblem] {
        var bound: [AddressLiteral] = []
        for step in steps where step.call.name == "bind" {
            for case .address(let literal) in step.call.arguments { bound.append(literal) }
        }
        var problems: [LessonProblem] = []
        for step in steps where step.call.name == "connect" || step.call.name == "sendto" {
            for case .address(let literal) in step.call.arguments {
                let allowed: Bool
                switch literal {
                case .inet(_, _, .lessonPort): allowed = true
                case .inet(_, _, .fixed(0)): allowed = step.call.name == "sendto"
                case .inet, .unixAbstract: allowed = bound.contains(literal)
                case .unixPath: allowed = true // a file in the run's own folder
                }
                if !allowed {
                    problems.append(LessonProblem(file: path, line: step.callLine,
                                                  message: "\(step.call.name) to an address no role of this lesson binds: a lesson talks only to its own roles; use $PORT (or $PORT+N), or bind that address in another role first"))
                }
            }
        }
        return problems
    }

    /// The lesson with, before the first step of each role in `roles`, the two calls that load
    /// its seccomp filter: `prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)` and
    /// `seccomp(SECCOMP_SET_MODE_FILTER, 0, {...})`. The actor and the orchestrator both apply
    /// it, so their step numbers agree.
    public func withFilterSteps(for roles: Set<String>, describing rules: String) -> Lesson {
        var out = self
        var steps: [Step] = []
        var done: Set<String> = []
        for step in self.steps {
            if roles.contains(step.role) && !done.contains(step.role) {
                done.insert(step.role)
                let base = Step(index: 0, numberInRole: 0, role: step.role, title: "", explanation: "", code: [:],
                                call: CallExpression(name: "prctl", arguments: [], text: "prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)"),
                                resultName: nil, line: step.line, callLine: step.callLine)
                var nnp = base
                nnp.title = "Give up gaining privileges (needed for a seccomp filter)"
                nnp.explanation = "PR_SET_NO_NEW_PRIVS promises the kernel that this process and its children will never gain privileges (no setuid programs). An unprivileged process must promise this before it may install a seccomp filter."
                nnp.code = [.c: "prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);", .rust: "unsafe { libc::prctl(libc::PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) };",
                            .python: "ctypes.CDLL(None).prctl(38, 1, 0, 0, 0)  # PR_SET_NO_NEW_PRIVS", .swift: "// prctl is variadic: call it from C"]
                var filter = base
                filter.call = CallExpression(name: "seccomp", arguments: [], text: "seccomp(SECCOMP_SET_MODE_FILTER, 0, FILTER)")
                filter.title = "Load the seccomp filter (\(rules))"
                filter.explanation = "The filter is a small BPF program the kernel runs at every system call of this process: it lets every call through except the blocked one, which gets the blocked action instead. sockstep --show-filter prints it."
                filter.code = [.c: "seccomp_load(ctx);  /* libseccomp: prctl + seccomp */", .rust: "ctx.load()?;  // libseccomp crate",
                               .python: "f.load()  # python3-seccomp", .swift: "seccomp_load(ctx)"]
                steps.append(nnp)
                steps.append(filter)
            }
            steps.append(step)
        }
        var count: [String: Int] = [:]
        for i in steps.indices {
            steps[i].index = i
            count[steps[i].role, default: 0] += 1
            steps[i].numberInRole = count[steps[i].role]!
        }
        out.steps = steps
        return out
    }
}

public struct Role: Sendable, Equatable {
    public var name: String
    public var about: String

    public init(name: String, about: String) {
        (self.name, self.about) = (name, about)
    }
}

/// The languages a step's code is shown in.
public enum CodeLanguage: String, Sendable, CaseIterable {
    case rust, c, python, swift
}

public struct Step: Sendable, Equatable {
    /// Position in the lesson (0-based) and within its role (1-based, for "step 3/6").
    public var index: Int
    public var numberInRole: Int
    public var role: String
    public var title: String
    public var explanation: String
    public var code: [CodeLanguage: String]
    public var call: CallExpression
    /// The name the returned descriptor gets (`$listener` in later steps).
    public var resultName: String?
    /// The line in the lesson file where the step starts, and the line of its `call:`.
    public var line: Int
    public var callLine: Int
    /// Programs: other calls that count as this step (`accept` for `accept4`, `sendto` for a
    /// `write`), the languages the step exists in (nil: all), the region of the program that
    /// makes the call in each language, the explanation where a language needs its own, and
    /// the line of `code:` in the lesson file.
    public var also: [String] = []
    public var only: Set<CodeLanguage>?
    public var regions: [CodeLanguage: String] = [:]
    public var explanations: [CodeLanguage: String] = [:]
    public var codeLine = 0
    /// `sockstep check`: whether a student's program must make the call, may, or must not, and
    /// what the step is worth (nil: 1 point for a required or forbidden step, 0 for an optional one).
    public var grade = StepGrade.required
    public var points: Int?

    /// The points the step is worth in `sockstep check`.
    public var worth: Int { points ?? (grade == .optional ? 0 : 1) }

    /// Programs: the error the step's call fails with when the lesson runs as written
    /// (`fails: EAGAIN`: a non-blocking accept4 with nobody to accept); nil: it succeeds.
    public var fails: String?
    /// Programs: the step is made by the role's Nth child process (`child: 1`: the first process
    /// the role's program forked), not by the process the role started.
    public var child: Int?

    /// Whether the call, as it happened, went as the step is written: it succeeded, or it
    /// failed with the step's `fails:` error.
    public func failsAsWritten(errno: Int?) -> Bool {
        guard let errno, let fails else { return false }
        return ErrnoTable.name(errno) == fails
    }

    /// The syscall names this step's call may be: its call and the `also:` variants.
    public var callNames: [String] { [call.name] + also }

    public init(index: Int, numberInRole: Int, role: String, title: String, explanation: String, code: [CodeLanguage: String],
                call: CallExpression, resultName: String?, line: Int, callLine: Int) {
        (self.index, self.numberInRole, self.role, self.title) = (index, numberInRole, role, title)
        (self.explanation, self.code, self.call, self.resultName) = (explanation, code, call, resultName)
        (self.line, self.callLine) = (line, callLine)
    }
}

/// How `sockstep check` grades a step (`grade:` in the lesson file).
public enum StepGrade: String, Sendable, Equatable {
    /// The student's program must make the call: missing or wrong, the check fails.
    case required
    /// The student's program may leave it out: a warning, not a failure.
    case optional
    /// The student's program must not make it.
    case forbidden
}

/// A call as the lesson writes it: `bind($listener, 127.0.0.1:$PORT)`.
public struct CallExpression: Sendable, Equatable {
    public var name: String
    public var arguments: [CallArgument]
    public var text: String

    public init(name: String, arguments: [CallArgument], text: String) {
        self.name = name
        self.arguments = arguments
        self.text = text
    }

    /// Whether it is a setsockopt of SO_REUSEADDR (2) at level SOL_SOCKET (1), from its parsed
    /// arguments.
    public var setsReuseAddress: Bool {
        guard name == "setsockopt", arguments.count > 2, case .number(1, _) = arguments[1],
              case .number(2, _) = arguments[2] else { return false }
        return true
    }
}

/// One argument of a lesson call.
public indirect enum CallArgument: Sendable, Equatable {
    /// A number, or constants joined with `|` (`SOCK_STREAM|SOCK_CLOEXEC`), already resolved.
    case number(Int64, text: String)
    /// `$name`: the descriptor an earlier step of the same role returned.
    case descriptor(String)
    /// An address: `127.0.0.1:$PORT`, `[::1]:$PORT`, `unix:$DIR/server.sock`, `unix:@name`.
    case address(AddressLiteral)
    /// Bytes: `"hello!"`, or an ICMP echo request `icmp_echo("ping")`.
    case data([UInt8], text: String)
    case icmpEcho([UInt8])
    /// `peer`: in recvfrom a buffer for the sender's address, which the kernel fills in; in
    /// sendto the address the role's last recvfrom got (a UDP server answering its client).
    case peerBuffer
}

public enum AddressLiteral: Sendable, Equatable {
    /// A loopback host with a port. `host` holds the address's bytes as the kernel takes them
    /// (network order): 4 bytes in 127.0.0.0/8, or the 16 bytes of ::1 (`v6`). The parser
    /// made them with inet_pton and checked them; nothing parses the text again.
    case inet(host: [UInt8], v6: Bool, port: PortValue)
    /// A UNIX socket path, always `$DIR/NAME`: `$DIR` is the run's folder and NAME a plain file
    /// name (no `/`, not `.` or `..`, printable ASCII, at most `LessonLimits.unixNameBytes`).
    case unixPath(String)
    /// An abstract UNIX name (`unix:@name`), printable ASCII, 1 to 100 bytes.
    case unixAbstract(String)
}

extension AddressLiteral {
    /// The address as people write it, with `$PORT` resolved: `127.0.0.1:8888`, `[::1]:8888`,
    /// `$DIR/server.sock`, `@name`.
    public func text(port: Int) -> String {
        switch self {
        case .inet(let host, let v6, let value):
            let resolved = value.resolve(port)
            return v6 ? "[\(Sockaddr.ipv6Text(host))]:\(resolved)" : "\(Sockaddr.ipv4Text(host, at: 0)):\(resolved)"
        case .unixPath(let path): return path
        case .unixAbstract(let name): return "@" + name
        }
    }
}

public enum PortValue: Sendable, Equatable {
    /// A port written as a number, 0 to 65535 (0: the kernel picks one when binding).
    case fixed(Int)
    /// `$PORT+offset`, offset 0 to `LessonLimits.portOffset`.
    case lessonPort(offset: Int)

    /// The port; never traps (a sum beyond Int's range comes out as -1, which is no port).
    public func resolve(_ port: Int) -> Int {
        switch self {
        case .fixed(let p): return p
        case .lessonPort(let offset):
            let (sum, overflow) = port.addingReportingOverflow(offset)
            return overflow ? -1 : sum
        }
    }
}

/// The calls a lesson step can make, with the arguments each takes.
public enum LessonCall: String, Sendable, CaseIterable {
    case socket, setsockopt, bind, listen, accept, accept4, connect, sendto, recvfrom
    case write, read, shutdown, close, getsockname, getpeername
    /// Only in the steps sockstep adds to load a role's seccomp filter.
    case prctl, seccomp

    /// The calls a lesson file may write.
    public static let lessonCalls = allCases.filter { $0 != .prctl && $0 != .seccomp }

    public enum Slot: Sendable {
        case descriptor, constant, address, data, size, backlog, optionalAddress, optionalPeer
    }

    /// The arguments, in order.
    public var slots: [Slot] {
        switch self {
        case .socket: return [.constant, .constant, .constant]
        case .setsockopt: return [.descriptor, .constant, .constant, .constant]
        case .bind, .connect: return [.descriptor, .address]
        case .listen: return [.descriptor, .backlog]
        case .accept, .getsockname, .getpeername, .close: return [.descriptor]
        case .accept4: return [.descriptor, .constant]
        case .sendto: return [.descriptor, .data, .constant, .optionalAddress]
        case .recvfrom: return [.descriptor, .size, .constant, .optionalPeer]
        case .write: return [.descriptor, .data]
        case .read: return [.descriptor, .size]
        case .shutdown: return [.descriptor, .constant]
        case .prctl, .seccomp: return []
        }
    }

    /// How it reads in an error message.
    public var usage: String {
        switch self {
        case .socket: return "socket(DOMAIN, TYPE, PROTOCOL)"
        case .setsockopt: return "setsockopt($fd, LEVEL, OPTION, VALUE)"
        case .bind: return "bind($fd, ADDRESS)"
        case .connect: return "connect($fd, ADDRESS)"
        case .listen: return "listen($fd, BACKLOG)"
        case .accept: return "accept($fd)"
        case .accept4: return "accept4($fd, FLAGS)"
        case .getsockname: return "getsockname($fd)"
        case .getpeername: return "getpeername($fd)"
        case .close: return "close($fd)"
        case .sendto: return "sendto($fd, \"DATA\", FLAGS[, ADDRESS or peer])"
        case .recvfrom: return "recvfrom($fd, SIZE, FLAGS[, peer])"
        case .write: return "write($fd, \"DATA\")"
        case .read: return "read($fd, SIZE)"
        case .shutdown: return "shutdown($fd, SHUT_RD|SHUT_WR|SHUT_RDWR)"
        case .prctl: return "prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)"
        case .seccomp: return "seccomp(SECCOMP_SET_MODE_FILTER, 0, FILTER)"
        }
    }

    /// Whether it returns a new descriptor that `result:` can name.
    public var returnsDescriptor: Bool {
        self == .socket || self == .accept || self == .accept4
    }
}
