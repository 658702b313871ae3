import Events
import Glibc

/// Puts the wire's events among a run's: each event passes through `receive`, after the
/// segments captured before its stamp; at each of the tracer's events the TCP states are
/// looked at. With no capture, only the line saying why follows `.started`.
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
            if case .trace = event {
                for wire in capture.states(at: stamp) { send(.wire(wire)) }
            }
        }
        send(event)
    }
}
