/// The kernel's side of one socket descriptor, as the engine read it (from /proc and
/// sock_diag, no call in the process).
public struct SocketState: Sendable, Equatable {
    /// A listening socket's queue: connections whose handshake is done and that wait for
    /// accept, and how many it may hold (the backlog listen gave, capped at somaxconn).
    public struct AcceptQueue: Sendable, Equatable {
        public var pending: UInt64
        public var backlog: UInt64
        public init(pending: UInt64, backlog: UInt64) {
            self.pending = pending
            self.backlog = backlog
        }
    }

    public var fd: Int
    public var inode: UInt64
    /// `TCP`, `TCPv6`, `UDP`, `UDPv6`, `RAW`, `UNIX-STREAM`, ...
    public var proto: String
    public var local: String?
    public var remote: String?
    /// `LISTEN`, `ESTABLISHED`, `CLOSE_WAIT`, `UNCONN`, ...
    public var state: String
    public var acceptQueue: AcceptQueue?
    /// Bytes waiting to be read, and bytes not yet sent / acknowledged.
    public var receiveQueue: UInt64
    public var sendQueue: UInt64
    /// A UNIX socket's path (`@name` for an abstract one).
    public var path: String?
    /// The descriptor `fd` is closed, and the kernel still keeps the TCP connection that was
    /// its socket (FIN_WAIT2, TIME_WAIT, LAST_ACK: the close is not over). `inode` is 0 then.
    public var closed = false

    public init(fd: Int, inode: UInt64, proto: String, local: String?, remote: String?, state: String,
                acceptQueue: AcceptQueue?, receiveQueue: UInt64, sendQueue: UInt64, path: String?, closed: Bool = false) {
        self.closed = closed
        self.fd = fd
        self.inode = inode
        self.proto = proto
        self.local = local
        self.remote = remote
        self.state = state
        self.acceptQueue = acceptQueue
        self.receiveQueue = receiveQueue
        self.sendQueue = sendQueue
        self.path = path
    }
}

/// The sockets of a lesson's roles, read by the engine while the role whose step it is stays
/// stopped at its call's exit (or, on request, while the lesson waits before a step).
public struct KernelSnapshot: Sendable, Equatable {
    public enum Moment: String, Sendable, Equatable {
        /// After a step's call: the role's sockets first, then each other role's.
        case afterStep = "after_step"
        /// Asked for (stepping, `s`): every role's, by role name.
        case onRequest = "on_request"
    }

    /// One role's process and its socket descriptors, in fd order.
    public struct Role: Sendable, Equatable {
        public var role: String
        public var pid: Int32
        public var sockets: [SocketState]
        public init(role: String, pid: Int32, sockets: [SocketState]) {
            self.role = role
            self.pid = pid
            self.sockets = sockets
        }
    }

    public var moment: Moment
    /// The role and step whose call it follows (after a step).
    public var context: LessonContext?
    public var roles: [Role]
    public var stamp: Stamp

    public init(moment: Moment, context: LessonContext?, roles: [Role], stamp: Stamp) {
        self.moment = moment
        self.context = context
        self.roles = roles
        self.stamp = stamp
    }
}

/// What holds a local address (`127.0.0.1:8888`) when bind says EADDRINUSE: a socket that
/// listens or is connected there, or only connections in TIME_WAIT, which SO_REUSEADDR lets a
/// new socket bind over. (The engine reads it from /proc/net/tcp and tcp6.)
public enum PortUse: Sendable, Equatable {
    /// A socket listens there.
    case listening
    /// A connection has it as its local address, in this TCP state (ESTABLISHED, CLOSE_WAIT, ...).
    case connected(String)
    /// Only connections in TIME_WAIT (this many): closed ones the kernel keeps for a while.
    case timeWait(Int)
    /// Nothing the kernel lists: a socket that is bound there but neither listens nor is
    /// connected (such sockets are not in /proc/net/tcp), or one that is gone already.
    case bound

    /// The kind's name in JSON.
    public var code: String {
        switch self {
        case .listening: return "listening"
        case .connected: return "connected"
        case .timeWait: return "time_wait"
        case .bound: return "bound"
        }
    }
}
