import Decoding
import Events
import LessonModel

/// `--html FILE`, a sink: one self-contained page (no network, no external scripts, fonts or
/// images) with the sequence diagram of a run, for a classroom. A lane per role (or pid) and one
/// for the kernel; each call a box with its strace line (shortened, marked `…`, when the box is
/// too narrow), a span from entry to return when it waited; every connection and data flow the
/// trace implies, and what the kernel did on its own (the handshake into the accept queue, an
/// echo reply, a reset). It presents call by call (→, Space, PageDown; ← back; Home, End; the
/// position in the URL, `#12`) with each call's code, line and explanation in large type beside
/// the diagram, ends a blocked run with "what happened", and prints as a handout.
public final class SequenceDiagram: EventSink {
    let title: String
    let lanes: [String]
    var records: [PageRecord] = []
    var header: RunHeader?
    /// What the lesson did, for "what happened".
    let observation = Observation()
    /// Calls a seccomp filter decides.
    public var filtered: [BlockedCall] = []
    /// Where the page goes when the run is over.
    let file: OutputFile?
    /// Write the page after Ctrl-C too (a trace's page shows what was traced; a lesson's page
    /// is of a whole lesson).
    let writeWhenInterrupted: Bool
    var interrupted = false
    /// Set when the page must not be written by this run (a lesson that restarts with a block:
    /// the next run writes it).
    public var skip = false
    /// The page, once rendered at the end (for `--print`).
    public private(set) var page: String?

    public init(title: String, lanes: [String] = [], file: OutputFile? = nil, writeWhenInterrupted: Bool = true) {
        self.title = title
        self.lanes = lanes
        self.file = file
        self.writeWhenInterrupted = writeWhenInterrupted
    }

    /// The kernel's side after each step: the accept queue the handshake filled, the addresses
    /// the calls do not show (a client's ephemeral port).
    public var wantsSnapshots: Bool { true }

    public func receive(_ event: RunEvent) {
        observation.receive(event)
        switch event {
        case .started(let header): self.header = header
        case .trace(let traceEvent, let context): records.append(.trace(traceEvent, context))
        case .blocked(let step, let role, _): records.append(.blocked(step, role: role))
        case .snapshot(let snapshot): records.append(.snapshot(snapshot))
        case .ended(let roles, let reason, _): records.append(.ended(roles, reason))
        case .refused(let role, let step, let reason, _): records.append(.refused(role: role, step: step, reason: reason))
        case .finished(let end): interrupted = end.interruptSignal != 0
        case .wire(.segment(let segment, _)): records.append(.segment(segment))
        case .held, .output, .wire: break
        }
    }

    /// Writes the page (or, when it is not to be written, leaves the file as it was).
    public func finish() throws(SinkFailure) {
        guard !skip, writeWhenInterrupted || !interrupted else {
            file?.abandon()
            return
        }
        let text = render()
        page = text
        try file?.replace(with: text)
    }

    /// Whether the page is to be made by this run.
    public var writes: Bool { !skip && (writeWhenInterrupted || !interrupted) }

    public func render() -> String {
        let rules = filtered.isEmpty ? header?.blocks ?? [] : filtered
        let model = PageModel(header: header, lanes: lanes, records: records, rules: rules)
        if let lesson = header?.lesson, !rules.isEmpty {
            model.story = WhatHappened.story(observation, lesson: lesson, rules: rules, port: header?.port ?? lesson.defaultPort,
                                             keepGoing: header?.keepGoing ?? false)
        }
        return PageHTML(model: model, title: title).render()
    }
}
