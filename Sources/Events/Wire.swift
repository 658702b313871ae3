import Decoding

/// What the wire view saw (`--wire`): the lesson's packets on the loopback interface and its
/// TCP sockets' states, each stamped so that it falls in time order among the calls.
public enum WireEvent: Sendable, Equatable {
    /// A TCP segment or UDP datagram, stamped with the kernel's time of its capture.
    case segment(Segment, at: Stamp)
    /// A TCP socket of the lesson's ports is new, in another state, or gone, as sock_diag
    /// showed it when the engine looked (at each of the tracer's stops).
    case tcpState(TCPStateChange, at: Stamp)
    /// There is no wire view, and why (no CAP_NET_RAW, ...).
    case unavailable(String, at: Stamp)

    public var stamp: Stamp {
        switch self {
        case .segment(_, let t), .tcpState(_, let t), .unavailable(_, let t): return t
        }
    }
}

/// One TCP socket's state, as sock_diag lists it: by its addresses (`127.0.0.1.39802`,
/// tcpdump's way), the state before (nil: not listed before) and now (nil: no longer listed).
public struct TCPStateChange: Sendable, Equatable {
    public var local: String
    /// nil for a listening socket.
    public var remote: String?
    public var previous: String?
    public var state: String?

    public init(local: String, remote: String?, previous: String?, state: String?) {
        self.local = local
        self.remote = remote
        self.previous = previous
        self.state = state
    }

    /// `127.0.0.1.39802 > 127.0.0.1.8888: SYN_SENT -> ESTABLISHED`, `127.0.0.1.8888: LISTEN`,
    /// `... TIME_WAIT -> gone (...)`.
    public var text: String {
        let who = local + (remote.map { " > " + $0 } ?? "")
        let now = state ?? "gone (the kernel no longer lists it)"
        return who + ": " + (previous.map { $0 + " -> " } ?? "") + now
    }
}

extension RunEvent {
    /// When it happened (nil for `.started`, which is before everything).
    public var stamp: Stamp? {
        switch self {
        case .started: return nil
        case .trace(let event, _): return event.stamp
        case .held(_, _, let t), .blocked(_, _, let t), .refused(_, _, _, let t), .ended(_, _, let t), .output(_, _, _, let t): return t
        case .snapshot(let snapshot): return snapshot.stamp
        case .wire(let wire): return wire.stamp
        case .finished(let end): return end.stamp
        }
    }
}
