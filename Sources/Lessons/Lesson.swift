import Decoding

/// A lesson: roles (each a real process) and the steps they take, in the lesson's order.
public struct Lesson: Sendable {
    public var name: String
    public var title: String
    public var summary: String
    /// The file it came from.
    public var path: String
    /// The port `$PORT` stands for unless `--port` says otherwise.
    public var defaultPort: Int
    public var roles: [Role]
    public var steps: [Step]

    public func steps(of role: String) -> [Step] { steps.filter { $0.role == role } }

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
                                resultName: nil, line: step.line)
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
}

/// The languages a step's code is shown in.
public enum CodeLanguage: String, Sendable, CaseIterable {
    case rust, c, python, swift
}

public struct Step: Sendable {
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
    /// The line in the lesson file.
    public var line: Int
}

/// A call as the lesson writes it: `bind($listener, 127.0.0.1:$PORT)`.
public struct CallExpression: Sendable, Equatable {
    public var name: String
    public var arguments: [CallArgument]
    public var text: String
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
    /// An IPv4 or IPv6 host with a port; the port may be `$PORT` (nil until a port is chosen).
    case inet(host: String, v6: Bool, port: PortValue)
    /// A UNIX socket path; `$DIR` is the lesson's temporary directory.
    case unixPath(String)
    case unixAbstract(String)
}

public enum PortValue: Sendable, Equatable {
    case fixed(Int)
    case lessonPort(offset: Int)

    public func resolve(_ port: Int) -> Int {
        switch self {
        case .fixed(let p): return p
        case .lessonPort(let offset): return port + offset
        }
    }
}

/// The calls a lesson step can make, with the arguments each takes.
public enum LessonCall: String, Sendable, CaseIterable {
    case socket, setsockopt, bind, listen, accept, accept4, connect, sendto, recvfrom
    case write, read, shutdown, close, getsockname, getpeername
    /// Only in the steps sockstep adds to load a role's seccomp filter.
    case prctl, seccomp

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
