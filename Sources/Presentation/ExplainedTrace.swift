import Decoding
import Events

/// The explainer's memory of a trace: which descriptors of which process are sockets, and of
/// what kind (from the socket, accept, socketpair and dup calls it saw, copied into a child at
/// fork), so that each call is explained with its `Explainer.Context`.
public final class CallExplainer {
    private var sockets: [Int32: [Int64: Explainer.SocketKind]] = [:]

    public init() {}

    /// The line for a call that returned, then what it changed remembered.
    public func explain(_ call: DecodedCall) -> String {
        let fd = call.rawArguments.first.map { Int64(Int32(truncatingIfNeeded: $0)) }
        let kind = fd.flatMap { sockets[call.pid]?[$0] }
        let text = Explainer.line(call, context: Explainer.Context(socket: kind, peerKnown: false))
        remember(call, fd: fd)
        return text
    }

    private func remember(_ call: DecodedCall, fd: Int64?) {
        guard call.result?.value != nil else { return }
        let pid = call.pid
        let returned = call.rawReturn
        switch call.name {
        case "socket":
            if let kind = Explainer.SocketKind(socketCall: call) { sockets[pid, default: [:]][returned] = kind }
        case "socketpair":
            if call.rawArguments.count > 1, case .array(let ends, _)? = call.arguments.count > 3 ? call.arguments[3] : nil {
                let kind = Explainer.SocketKind(family: call.rawArguments[0] & 0xffff_ffff, type: call.rawArguments[1] & 0xf)
                for end in ends { if case .fd(let n, _) = end { sockets[pid, default: [:]][n] = kind } }
            }
        case "accept", "accept4", "dup", "dup2", "dup3", "fcntl":
            // fcntl's F_DUPFD and F_DUPFD_CLOEXEC (0 and 1030) return a copy; other commands do not.
            if call.name == "fcntl", call.rawArguments.count > 1, ![0, 1030].contains(call.rawArguments[1]) { break }
            if let fd, let kind = sockets[pid]?[fd] {
                sockets[pid, default: [:]][returned] = kind
            } else if call.name != "accept" && call.name != "accept4" {
                sockets[pid]?[returned] = nil
            }
        case "open", "openat", "creat", "epoll_create", "epoll_create1", "eventfd2":
            sockets[pid]?[returned] = nil
        case "close":
            if let fd { sockets[pid]?[fd] = nil }
        case "fork", "vfork", "clone", "clone3":
            if returned > 0, let table = sockets[pid] { sockets[Int32(truncatingIfNeeded: returned)] = table }
        default:
            break
        }
    }
}

/// `sockstep trace --explain`: after each call's strace line, one line in plain words. It follows
/// the strace text sink in the fanout and writes to the same output, so that each explanation
/// comes right under the line of the call it explains (a call's line is complete at its exit).
public final class ExplainedTrace: EventSink {
    /// The explanations say what a call did, not when.
    public var readsTimes: Bool { false }
    /// What starts an explanation line: no strace line starts so.
    public static let marker = "  ↳ "
    private let out: OutputSink
    private let explainer = CallExplainer()

    public init(output: OutputSink) {
        self.out = output
    }

    public func receive(_ event: RunEvent) {
        guard case .trace(.exited(let call, _, _), _) = event else { return }
        out.write(Self.marker + explainer.explain(call) + "\n")
        out.flushIfInteractive()
    }

    public func finish() throws(SinkFailure) {
        out.flush()
        if let failure = out.failure { throw SinkFailure(failure) }
    }
}
