import Decoding
import Glibc

/// What a call's result means, in plain words, from the decoded call itself:
/// `fd 3 is a new TCP socket`, `-1 ECONNREFUSED: nothing listens on 127.0.0.1:8888`.
public enum Explainer {
    /// `127.0.0.1:8888`, `[::1]:8888`, a path or `@name` for a decoded sockaddr.
    public static func address(_ value: Value) -> String? { Sockaddr.text(value) }

    /// socket(2)'s type (the low four bits of its type argument) and family, from the registers.
    static func socketType(_ call: DecodedCall) -> UInt64? {
        call.rawArguments.count > 1 ? call.rawArguments[1] & 0xf : nil
    }

    static func kind(_ call: DecodedCall) -> String {
        let family = call.rawArguments.first.map { $0 & 0xffff_ffff }
        let unix = family == 1 // AF_UNIX
        let base: String
        switch socketType(call) {
        case 1?: base = unix ? "UNIX stream" : "TCP" // SOCK_STREAM
        case 2?: base = unix ? "UNIX datagram" : "UDP" // SOCK_DGRAM
        case 3?: base = "raw" // SOCK_RAW
        default: base = call.arguments.count > 1 ? call.arguments[1].render() : ""
        }
        let version = family == 2 ? " (IPv4)" : family == 10 ? " (IPv6)" : ""
        return base + " socket" + version
    }

    /// What the explainer knows beyond the call itself: the kind of socket its descriptor is
    /// (from the socket or accept call that made it, in the same process), and whether the
    /// peer has closed its sockets or its process has ended.
    public struct Context: Sendable, Equatable {
        public var socket: SocketKind?
        public var peerGone: Bool
        /// Whether `peerGone` is known (false in `trace`, where the peer may be another program).
        public var peerKnown: Bool
        public init(socket: SocketKind? = nil, peerGone: Bool = false, peerKnown: Bool = true) {
            self.socket = socket
            self.peerGone = peerGone
            self.peerKnown = peerKnown
        }
    }

    /// A socket's family and type (SOCK_STREAM 1, SOCK_DGRAM 2, SOCK_RAW 3), as socket(2) got them.
    public struct SocketKind: Sendable, Equatable {
        public var family: UInt64
        public var type: UInt64
        public init(family: UInt64, type: UInt64) {
            self.family = family
            self.type = type
        }
        /// The kind a successful socket call made, from its registers.
        public init?(socketCall call: DecodedCall) {
            guard call.name == "socket", !call.failed, call.rawArguments.count > 1 else { return nil }
            self.init(family: call.rawArguments[0] & 0xffff_ffff, type: call.rawArguments[1] & 0xf)
        }
        var isTCP: Bool { (family == 2 || family == 10) && type == 1 }
        var isUnix: Bool { family == 1 }
        var isStream: Bool { type == 1 }
        var isDatagram: Bool { type == 2 }
        var isRaw: Bool { type == 3 }
    }

    public static let msgNoSignal: UInt64 = 0x4000

    /// The flags argument of a send call, from its registers (nil for write, which has none).
    public static func sendFlags(_ call: DecodedCall) -> UInt64? {
        let index: Int
        switch call.name {
        case "sendto", "send": index = 3
        case "sendmsg": index = 2
        default: return nil
        }
        return call.rawArguments.count > index ? call.rawArguments[index] : nil
    }

    /// The family of the address argument at `index`, when it was decoded.
    static func addressFamily(_ call: DecodedCall, _ index: Int) -> UInt16? {
        guard index < call.arguments.count, case .socketAddress(let address) = call.arguments[index] else { return nil }
        return address.family
    }

    /// `[128 => 16]`: the buffer's size given, the address's real length written back.
    static func lengthNote(_ call: DecodedCall, _ index: Int) -> String {
        guard index < call.arguments.count, case .boxed(.changed(let given, let real)) = call.arguments[index] else { return "" }
        return "; [\(given.render()) => \(real.render())]: the address buffer's size in, the address's real length out"
    }

    /// The meaning of the call's result, or nil when there is nothing to add.
    public static func meaning(_ call: DecodedCall, port: Int? = nil, context: Context = Context()) -> String? {
        let args = call.arguments
        let fdText = args.first.map { $0.render() } ?? "?"
        let socket = context.socket
        func argAddress(_ i: Int) -> String? { i < args.count ? address(args[i]) : nil }
        switch call.result {
        case .plain(let value)?, .noted(let value, _)?:
            let v = value.render()
            switch call.name {
            case "socket": return "fd \(v) is a new \(kind(call)); it has no address yet"
            case "setsockopt":
                guard args.count > 3 else { return nil }
                var value = args[3].render()
                if case .boxed(let inner) = args[3] { value = inner.render() }
                let option = args[2].render()
                let raw = call.rawArguments
                if raw.count > 2, raw[1] == UInt64(SOL_SOCKET), raw[2] == UInt64(SO_SNDBUF) || raw[2] == UInt64(SO_RCVBUF),
                   case .boxed(.number(let asked, _)) = args[3] {
                    // socket(7): the kernel doubles the value, within net.core.[wr]mem_max.
                    let limit = raw[2] == UInt64(SO_SNDBUF) ? "net.core.wmem_max" : "net.core.rmem_max"
                    return "\(option) asked for \(value) on fd \(fdText): the kernel doubles the value for its bookkeeping, so getsockopt reads back \(asked * 2) (unless the value is below the kernel's minimum or above \(limit))"
                }
                return "\(option) is now \(value) on fd \(fdText)"
            case "bind":
                guard let to = argAddress(1) else { return nil }
                if args.count > 1, case .socketAddress(let a) = args[1], a.port == 0 {
                    return "fd \(fdText) now owns \(to): port 0 asks the kernel for a free port, which it picks from the ephemeral range (net.ipv4.ip_local_port_range); getsockname tells which"
                }
                return "fd \(fdText) now owns \(to)"
            case "listen":
                let backlog = args.count > 1 ? args[1].render() : "?"
                if socket?.isUnix == true {
                    return "fd \(fdText) is listening: the kernel queues connections nobody has accepted yet, up to the backlog (\(backlog), capped by net.core.somaxconn)"
                }
                return "fd \(fdText) is listening: the kernel queues connections whose handshake is done and that nobody has accepted yet; the backlog \(backlog) is capped by net.core.somaxconn, Linux admits backlog+1, and when the queue is full it drops a new handshake (the client retries) rather than refusing it"
            case "accept", "accept4":
                let peer = argAddress(1).map { " from \($0)" } ?? ""
                return "fd \(v) is the connection\(peer); fd \(fdText) goes on listening" + lengthNote(call, 2)
            case "connect":
                let to = argAddress(1)
                let unix = socket?.isUnix == true || addressFamily(call, 1) == 1
                if unix, socket?.isDatagram != true {
                    return "connected to \(to ?? "the listener"): the connection waits in the listener's accept queue until it accepts it (no handshake on a UNIX socket)"
                }
                if socket?.isDatagram == true {
                    return "fd \(fdText) is now connected to \(to ?? "that address"): its datagrams go there by default and only that address's reach it; no packet was sent"
                }
                if socket?.isTCP == true {
                    return "connected to \(to ?? "that address"): the handshake is done"
                }
                return "connected to \(to ?? "that address")"
            case "sendto", "write", "sendmsg", "send":
                let to = argAddress(4).map { " for \($0)" } ?? ""
                guard let socket else { return "\(v) bytes handed to the kernel\(to)" }
                if socket.isRaw {
                    return "\(v) bytes sent\(to) as one packet: the kernel adds the IP header and delivers it; no peer socket queues it"
                }
                if socket.isDatagram {
                    let unconnected = argAddress(4) != nil
                    return "one datagram of \(v) bytes sent\(to)" + (unconnected ? ": UDP does not tell whether anyone received it (no error if nobody listened)" : "")
                }
                if call.name != "sendmsg", call.rawArguments.count > 2, call.rawReturn >= 0, UInt64(call.rawReturn) < call.rawArguments[2] {
                    return "\(v) of the \(call.rawArguments[2]) bytes handed to the kernel, a short write: it took what fitted in the send buffer (and in what the peer's receive queue could take); the program must send the rest"
                }
                if !context.peerKnown {
                    return "\(v) bytes handed to the kernel, to be sent to the peer"
                }
                if context.peerGone {
                    return "\(v) bytes handed to the kernel, but the peer has closed its socket (or its process ended): nobody will read them. The first write after the peer closed usually succeeds (the peer answers with a reset); a later one fails with EPIPE"
                }
                return "\(v) bytes handed to the kernel; they wait in the peer's receive queue until it reads them"
            case "recvfrom", "read", "recvmsg", "recv":
                if call.rawReturn == 0 {
                    if socket?.isDatagram == true || socket?.isRaw == true { return "0 bytes: an empty datagram" }
                    if socket == nil && call.name == "read" { return "0 bytes: end of file" }
                    return "0 bytes: end of file: the peer will send nothing more (it closed the connection or shut down its writing)"
                }
                let data = args.count > 1 ? " " + args[1].render() : ""
                let from = argAddress(4).map { " from \($0)" } ?? ""
                return "\(v) bytes received\(from):\(data)" + lengthNote(call, 5)
            case "close": return "fd \(fdText) is closed; the number can be given out again"
            case "shutdown":
                let how = call.rawArguments.count > 1 ? call.rawArguments[1] & 0xffff_ffff : 99
                let fin = socket?.isTCP == true ? "the kernel sends a FIN after the data already queued, and " : ""
                switch how {
                case 0: // SHUT_RD
                    return "fd \(fdText) reads no more: its reads return 0 (end of file) from now on; nothing is sent, so the peer is not told and can go on writing"
                case 1: // SHUT_WR
                    return "fd \(fdText) sends no more: \(fin)the peer reads end of file once it has read what was sent; fd \(fdText) can still read"
                case 2: // SHUT_RDWR
                    return "fd \(fdText) neither sends nor reads any more: \(fin)the peer reads end of file once it has read what was sent"
                default: return nil
                }
            case "getsockname": return argAddress(1).map { "fd \(fdText) is bound to \($0)" + lengthNote(call, 2) }
            case "getpeername": return argAddress(1).map { "fd \(fdText) is connected to \($0)" + lengthNote(call, 2) }
            default: return nil
            }
        case .failed(let e)?:
            let name = ErrnoTable.name(e) ?? "error \(e)"
            let text = "-1 \(name): "
            switch (call.name, name) {
            case ("connect", "ECONNREFUSED"):
                return text + "nothing listens on \(argAddress(1) ?? "that address")"
            case (_, "ECONNREFUSED") where socket?.isDatagram == true:
                return text + "nothing listened where this connected socket sends: an earlier datagram came back as ICMP port unreachable, and a connected UDP socket reports it (an unconnected one gets no error)"
            case ("bind", "EADDRINUSE"):
                let other = port.map { " pass --port \($0 + 1) (or another free port)" } ?? " choose another port"
                return text + "another socket already uses \(argAddress(1) ?? "that address"):" + other
            case ("socket", "EPERM"), ("socket", "EACCES"):
                if socketType(call) == 3 { // SOCK_RAW
                    return text + "raw sockets need CAP_NET_RAW (they can forge packets); run as root or `setcap cap_net_raw+ep` the program"
                }
                return text + (ErrnoTable.message(e) ?? "")
            case ("accept", "EINVAL"), ("accept4", "EINVAL"):
                return text + "fd \(fdText) is not listening (listen was not called, or failed)"
            case (_, "EBADF"):
                return text + "fd \(fdText) is not an open descriptor"
            case (_, "EPIPE") where !context.peerKnown:
                let signal = sendFlags(call).map { $0 & msgNoSignal != 0 } == true
                    ? "MSG_NOSIGNAL turned SIGPIPE into this error" : "the kernel also sends SIGPIPE, which kills the process unless it ignores or handles it"
                return text + "fd \(fdText) can send no more (the peer closed the connection, or this socket shut down its writing or was never connected); " + signal
            case (_, "EPIPE"):
                if let flags = sendFlags(call), flags & msgNoSignal != 0 {
                    return text + "the peer has closed the connection; MSG_NOSIGNAL turned SIGPIPE into this error"
                }
                return text + "the peer has closed the connection; the kernel also sends SIGPIPE, which kills the process unless it ignores or handles it (Rust's and Python's runtimes ignore it before main)"
            case (_, "ECONNRESET"):
                return text + "the peer reset the connection: it closed with data unread or after a reset of its own, or it was a listener closed before accepting this connection (closing a listener resets the connections nobody accepted)"
            case (_, "ENOTCONN"):
                return text + "fd \(fdText) is not connected"
            default:
                return text + (ErrnoTable.message(e) ?? "")
            }
        case .unknown?, nil:
            return nil
        }
    }
}
