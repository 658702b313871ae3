import Decoding

/// What a call's result means, in plain words, from the decoded call itself:
/// `fd 3 is a new TCP socket`, `-1 ECONNREFUSED: nothing listens on 127.0.0.1:8888`.
public enum Explainer {
    /// `127.0.0.1:8888`, `[::1]:8888`, a path or `@name` for a decoded sockaddr.
    public static func address(_ value: Value) -> String? { Sockaddr.text(value) }

    static func kind(_ call: DecodedCall) -> String {
        let family = call.arguments.first?.render() ?? ""
        let type = call.arguments.count > 1 ? call.arguments[1].render() : ""
        let base: String
        if type.hasPrefix("SOCK_STREAM") {
            base = family == "AF_UNIX" ? "UNIX stream" : "TCP"
        } else if type.hasPrefix("SOCK_DGRAM") {
            base = family == "AF_UNIX" ? "UNIX datagram" : "UDP"
        } else if type.hasPrefix("SOCK_RAW") {
            base = "raw"
        } else {
            base = type
        }
        let version = family == "AF_INET" ? " (IPv4)" : family == "AF_INET6" ? " (IPv6)" : ""
        return base + " socket" + version
    }

    /// The meaning of the call's result, or nil when there is nothing to add.
    public static func meaning(_ call: DecodedCall, port: Int? = nil) -> String? {
        let args = call.arguments
        let fdText = args.first.map { $0.render() } ?? "?"
        func argAddress(_ i: Int) -> String? { i < args.count ? address(args[i]) : nil }
        switch call.result {
        case .value(let value, _)?:
            let v = value.render()
            switch call.name {
            case "socket": return "fd \(v) is a new \(kind(call)); it has no address yet"
            case "setsockopt":
                guard args.count > 3 else { return nil }
                var value = args[3].render()
                if case .boxed(let inner) = args[3] { value = inner.render() }
                return "\(args[2].render()) is now \(value) on fd \(fdText)"
            case "bind": return argAddress(1).map { "fd \(fdText) now owns \($0)" }
            case "listen":
                let backlog = args.count > 1 ? args[1].render() : "?"
                return "fd \(fdText) is listening: the kernel queues up to \(backlog) pending connections for accept"
            case "accept", "accept4":
                let peer = argAddress(1).map { " from \($0)" } ?? ""
                return "fd \(v) is the connection\(peer); fd \(fdText) goes on listening"
            case "connect": return argAddress(1).map { "connected to \($0): the handshake is done" } ?? "connected"
            case "sendto", "write", "sendmsg":
                let to = argAddress(4).map { " for \($0)" } ?? ""
                return "\(v) bytes handed to the kernel\(to); they wait in the peer's receive queue"
            case "recvfrom", "read", "recvmsg":
                if v == "0" { return "0 bytes: the peer closed its side (end of file)" }
                let data = args.count > 1 ? " " + args[1].render() : ""
                let from = argAddress(4).map { " from \($0)" } ?? ""
                return "\(v) bytes received\(from):\(data)"
            case "close": return "fd \(fdText) is closed; the number can be given out again"
            case "shutdown": return "no more \(args.count > 1 && args[1].render() == "SHUT_RD" ? "reading" : "sending") on fd \(fdText); the peer reads end of file"
            case "getsockname": return argAddress(1).map { "fd \(fdText) is bound to \($0)" }
            case "getpeername": return argAddress(1).map { "fd \(fdText) is connected to \($0)" }
            default: return nil
            }
        case .failed(let e)?:
            let name = ErrnoTable.name(e) ?? "error \(e)"
            let text = "-1 \(name): "
            switch (call.name, name) {
            case ("connect", "ECONNREFUSED"):
                return text + "nothing listens on \(argAddress(1) ?? "that address")"
            case ("bind", "EADDRINUSE"):
                let other = port.map { " pass --port \($0 + 1) (or another free port)" } ?? " choose another port"
                return text + "another socket already uses \(argAddress(1) ?? "that address"):" + other
            case ("socket", "EPERM"), ("socket", "EACCES"):
                if call.arguments.count > 1 && call.arguments[1].render().hasPrefix("SOCK_RAW") {
                    return text + "raw sockets need CAP_NET_RAW (they can forge packets); run as root or `setcap cap_net_raw+ep` the program"
                }
                return text + (ErrnoTable.message(e) ?? "")
            case ("accept", "EINVAL"), ("accept4", "EINVAL"):
                return text + "fd \(fdText) is not listening (listen was not called, or failed)"
            case (_, "EBADF"):
                return text + "fd \(fdText) is not an open descriptor"
            case (_, "EPIPE"):
                return text + "the peer has gone; MSG_NOSIGNAL turned SIGPIPE into this error"
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
