import Events
import Glibc

/// `-ff -o FILE`: strace's lines of each process in a file of its own, FILE.PID, opened when the
/// process joins the trace (an empty file for a process that printed nothing). Within a file
/// no line has a pid prefix and no call is cut by another process's line.
public final class SeparateTraceFiles: EventSink {
    private let base: String
    private let layout: StraceLayout
    private let append: Bool
    private let messages: OutputSink
    private var files: [Int32: (sink: OutputSink, renderer: StraceRenderer)] = [:]
    /// The first file that could not be opened or written.
    private var failure: String?
    /// What a line's leader shows (-n, -i, -Y), from the tracer.
    public var facts: ((Int32) -> ProcessFacts)?

    public var readsTimes: Bool { layout.showsTimes }

    public init(base: String, layout: StraceLayout, append: Bool, messages: OutputSink = .standardError) {
        self.base = base
        var own = layout
        own.followForks = false
        own.writingToFile = true
        self.layout = own
        self.append = append
        self.messages = messages
    }

    public func receive(_ event: RunEvent) {
        guard case .trace(let traceEvent, _) = event, let pid = Self.pid(of: traceEvent),
              let renderer = renderer(for: pid) else { return }
        renderer.handle(traceEvent)
    }

    private func renderer(for pid: Int32) -> StraceRenderer? {
        if let known = files[pid] { return known.renderer }
        let path = base + "." + String(pid)
        guard let sink = OutputSink.file(path, append: append) else {
            if failure == nil { failure = "Can't fopen '\(path)': " + String(cString: strerror(errno)) }
            return nil
        }
        let renderer = StraceRenderer(layout: layout, output: sink, messages: messages, initialProcesses: 1)
        renderer.facts = facts
        files[pid] = (sink, renderer)
        return renderer
    }

    static func pid(of event: TraceEvent) -> Int32? {
        switch event {
        case .entered(let call, _), .exited(let call, _, _): return call.pid
        case .signal(let delivery, _): return delivery.pid
        case .groupStop(let pid, _, _), .exitedNormally(let pid, _, _), .killed(let pid, _, _, _), .attached(let pid, _),
             .detached(let pid, _), .detachedInCall(let pid, _), .superseded(let pid, _, _), .personality(let pid, _, _):
            return pid
        }
    }

    public func finish() throws(SinkFailure) {
        var first = failure
        for pid in files.keys.sorted() {
            let file = files[pid]!
            do { try file.renderer.finish() } catch { if first == nil { first = error.description } }
            file.sink.close()
        }
        if let first { throw SinkFailure(first) }
    }
}
