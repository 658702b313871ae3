import Events
import Glibc

/// Puts the wire's events among a run's: each event passes through `receive`, after the
/// segments captured before its stamp; at each of the tracer's events the TCP states are
/// looked at (after the calls that can change them, not after every call of a runtime's start).
/// With no capture, only the line saying why follows `.started`.
public final class WireTap {
    let capture: WireCapture?
    let unavailable: String?
    let send: (RunEvent) -> Void

    public init(_ opened: Result<WireCapture, WireCapture.Unavailable>, send: @escaping (RunEvent) -> Void) {
        self.send = send
        switch opened {
        case .success(let capture):
            self.capture = capture
            unavailable = nil
        case .failure(let why):
            capture = nil
            unavailable = why.description
        }
    }

    public func receive(_ event: RunEvent) {
        guard let capture else {
            send(event)
            if case .started = event, let unavailable { send(.wire(.unavailable(unavailable, at: Tracer.stamp()))) }
            return
        }
        if case .finished = event {
            // The last packets (a FIN's acknowledgement) may follow the last call by a moment.
            usleep(50_000)
            for wire in capture.take(before: nil) + capture.states(at: Tracer.stamp()) { send(.wire(wire)) }
        } else if let stamp = event.stamp {
            for wire in capture.take(before: stamp) { send(.wire(wire)) }
            // At a stop of the tracer the process stays stopped while the states are read: they
            // are its call's, with its stamp, and go before it (to be shown under it).
            if case .trace(let traced, _) = event, Self.changesStates(traced) {
                for wire in capture.states(at: stamp) { send(.wire(wire)) }
            }
        }
        send(event)
    }

    /// The calls after which a TCP socket's state may have changed, and a process's end.
    static let socketCalls: Set<String> = ["socket", "bind", "listen", "connect", "accept", "accept4", "shutdown", "close", "close_range",
                                           "sendto", "sendmsg", "sendmmsg", "recvfrom", "recvmsg", "recvmmsg", "read", "write",
                                           "readv", "writev", "setsockopt", "epoll_wait", "epoll_pwait", "poll", "ppoll", "select",
                                           "pselect6", "dup2", "dup3", "exit", "exit_group", "sendfile", "splice"]

    static func changesStates(_ event: TraceEvent) -> Bool {
        switch event {
        case .exited(let call, _, _): return socketCalls.contains(call.name)
        case .exitedNormally, .killed, .signal: return true
        default: return false
        }
    }
}
