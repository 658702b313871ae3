import Decoding

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
                if call.rawReturn == 0 { return "0 bytes: the peer closed its side (end of file)" }
                let data = args.count > 1 ? " " + args[1].render() : ""
                let from = argAddress(4).map { " from \($0)" } ?? ""
                return "\(v) bytes received\(from):\(data)"
            case "close": return "fd \(fdText) is closed; the number can be given out again"
            case "shutdown":
                let reading = call.rawArguments.count > 1 && call.rawArguments[1] & 0xffff_ffff == 0 // SHUT_RD
                return "no more \(reading ? "reading" : "sending") on fd \(fdText); the peer reads end of file"
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
                if socketType(call) == 3 { // SOCK_RAW
                    return text + "raw sockets need CAP_NET_RAW (they can forge packets); run as root or `setcap cap_net_raw+ep` the program"
                }
                return text + (ErrnoTable.message(e) ?? "")
            case ("accept", "EINVAL"), ("accept4", "EINVAL"):
                return text + "fd \(fdText) is not listening (listen was not called, or failed)"
            case (_, "EBADF"):
                return text + "fd \(fdText) is not an open descriptor"
            case (_, "EPIPE"):
                // sendto/sendmsg/send flags: argument 4 (3 for sendmsg); MSG_NOSIGNAL is 0x4000.
                let flagIndex = call.name == "sendmsg" ? 2 : 3
                let noSignal = ["sendto", "sendmsg"].contains(call.name) && call.rawArguments.count > flagIndex
                    && call.rawArguments[flagIndex] & 0x4000 != 0
                return text + (noSignal ? "the peer has gone; MSG_NOSIGNAL turned SIGPIPE into this error"
                                        : "the peer has gone; the kernel also sends SIGPIPE, which ends the program unless it ignores or handles SIGPIPE")
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
