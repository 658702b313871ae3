/// An output: it receives a run's events, in order, and is finished once at the end. strace
/// text, the -c summary, the explained view, JSON Lines, the page, compare's collector and
/// whatif's observation are sinks; a command composes the ones its options ask for.
public protocol EventSink: AnyObject {
    /// Whether the engine should read the kernel's side of the sockets after each step for it
    /// (it costs /proc reads: only the sinks that show them ask).
    var wantsSnapshots: Bool { get }
    /// Whether it reads the time of the events (their stamps). A trace whose sinks do not
    /// leaves the clocks unread at every stop (the events then carry `Stamp.zero`).
    var readsTimes: Bool { get }
    func receive(_ event: RunEvent)
    /// A trace event outside a lesson, `.trace(event, nil)`: what a trace sends at every stop.
    /// A sink that renders only trace events takes it as it is; the default wraps it for
    /// `receive` (copying an event out of the RunEvent again was a measurable part of a stop).
    func receiveTrace(_ event: TraceEvent)
    /// Writes what is left; a write that failed is its one line (exit 1).
    func finish() throws(SinkFailure)
}

extension EventSink {
    public var wantsSnapshots: Bool { false }
    public var readsTimes: Bool { true }
    public func receiveTrace(_ event: TraceEvent) { receive(.trace(event, nil)) }
}

/// An output that could not be written: `/dev/full: No space left on device`.
public struct SinkFailure: Error, Sendable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// Every sink of a run, in the order the command composed them: each event goes to each.
public final class Fanout {
    public let sinks: [any EventSink]
    public let wantsSnapshots: Bool
    public let readsTimes: Bool

    public init(_ sinks: [any EventSink]) {
        self.sinks = sinks
        wantsSnapshots = sinks.contains { $0.wantsSnapshots }
        readsTimes = sinks.contains { $0.readsTimes }
    }

    public func send(_ event: RunEvent) {
        for sink in sinks { sink.receive(event) }
    }

    /// `send(.trace(event, nil))`, through each sink's receiveTrace.
    public func sendTrace(_ event: TraceEvent) {
        for sink in sinks { sink.receiveTrace(event) }
    }

    /// Finishes every sink; the first failure is thrown after all were finished.
    public func finish() throws(SinkFailure) {
        var first: SinkFailure?
        for sink in sinks {
            do { try sink.finish() } catch { if first == nil { first = error } }
        }
        if let first { throw first }
    }
}
