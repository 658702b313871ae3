import Events
import Glibc
import LessonModel
import Presentation

/// What a command asks for as output, from its options (or, for `render`, from a recording's
/// header and the options given to render). `makeOutputs` turns it into the run's sinks: a new
/// output is a new sink file in Presentation and one line there.
public struct OutputRequest {
    public var header: RunHeader
    /// Where strace's lines go (trace: stderr or -o FILE; a lesson without the view: stdout).
    public var straceTo: OutputSink?
    /// The -c table, at the end.
    public var summaryTo: OutputSink?
    /// The explained view.
    public var view: (out: OutputSink, style: Style, width: Int)?
    /// JSON Lines (`--format json`), and the recording (`--record FILE`).
    public var jsonTo: OutputSink?
    public var recordTo: OutputSink?
    /// The page (`--html FILE`), and the page printed to PDF (`--print FILE`).
    public var page: OutputFile?
    public var print: PagePrint?
    /// Lessons without the view: why sockstep refused or ended a role, on stderr.
    public var notices = false
    /// "What happened" after a run with a block, in the view or on stderr.
    public var story = false
    /// compare: each role's lines.
    public var collect = false
    /// trace: the layout its options ask for (else the header's), and where a line's leader
    /// finds its process's number, instruction pointer and name.
    public var layout: StraceLayout?
    public var facts: ((Int32) -> ProcessFacts)?
    /// trace -ff -o FILE: each process's lines in FILE.PID (appended to with -A).
    public var separateFiles: (base: String, append: Bool)?
    /// `trace --explain`: a plain-words line under each call's strace line, and in JSON.
    public var explain = false
    /// `quiz`: each step's call and its explanation, kept for the questions.
    public var quiz = false
    /// `--wire --plain`: the wire's lines on their own output (standard error), after what
    /// `before` (standard output) holds.
    public var wireTo: (out: OutputSink, before: OutputSink?)?

    public init(header: RunHeader) {
        self.header = header
    }
}

/// A run's sinks, and the ones the command still talks to.
public struct Outputs {
    public let fanout: Fanout
    /// What the lesson did (exit status, whatif's rows).
    public let observation: Observation?
    public let view: LessonView?
    public let page: SequenceDiagram?
    public let story: WhatHappened?
    public let collector: CompareCollector?
    public var quiz: QuizCollector?

    public func send(_ event: RunEvent) { fanout.send(event) }
}

/// The one place where a command's outputs become sinks, in the order they write.
public func makeOutputs(_ request: OutputRequest) -> Outputs {
    let header = request.header
    var sinks: [any EventSink] = []
    let lesson = header.lesson
    let observation = lesson.map { _ in Observation() }
    if let observation { sinks.append(observation) }
    if let out = request.straceTo {
        var layout = request.layout ?? StraceLayout(header.options)
        layout.toolName = "sockstep"
        let renderer = StraceRenderer(layout: layout, output: out, initialProcesses: header.options.initialProcesses)
        renderer.facts = request.facts
        sinks.append(TraceSetFilter.wrapping(renderer, lesson: lesson))
        // Right after the strace sink, to the same output: each line under its call's line.
        if request.explain && !header.options.summary { sinks.append(ExplainedTrace(output: out)) }
    }
    if let separate = request.separateFiles {
        var layout = request.layout ?? StraceLayout(header.options)
        layout.toolName = "sockstep"
        let files = SeparateTraceFiles(base: separate.base, layout: layout, append: separate.append)
        files.facts = request.facts
        sinks.append(files)
    }
    var view: LessonView?
    if let settings = request.view, let lesson {
        let made = LessonView(lesson: lesson, language: header.language ?? .rust, output: settings.out, style: settings.style,
                              width: settings.width, port: header.port ?? lesson.defaultPort)
        made.filtered = header.blocks
        made.showState = header.showState
        view = made
        sinks.append(made)
    }
    if let out = request.jsonTo { sinks.append(JSONLinesRenderer(output: out, explain: request.explain)) }
    if let out = request.recordTo { sinks.append(JSONLinesRenderer(output: out)) }
    if request.notices, lesson != nil {
        sinks.append(LessonNotices(trace: request.straceTo ?? request.jsonTo ?? .standardOutput, refusals: request.jsonTo == nil))
    }
    if let wire = request.wireTo { sinks.append(WireLines(output: wire.out, flushing: wire.before)) }
    if let out = request.summaryTo { sinks.append(SummaryTable(output: out)) }
    var page: SequenceDiagram?
    if request.page != nil || request.print != nil {
        let made = SequenceDiagram(title: header.title, lanes: lesson?.roles.map(\.name) ?? [], file: request.page,
                                   writeWhenInterrupted: header.kind == .trace)
        made.filtered = header.blocks
        page = made
        sinks.append(made)
        if let target = request.print { sinks.append(PagePrinter(page: made, target: target)) }
    }
    var story: WhatHappened?
    if request.story, let lesson, let observation, !header.blocks.isEmpty {
        let made = WhatHappened(observation: observation, lesson: lesson, rules: header.blocks, port: header.port ?? lesson.defaultPort,
                                keepGoing: header.keepGoing, view: view, trace: request.straceTo)
        story = made
        sinks.append(made)
    }
    var collector: CompareCollector?
    if request.collect {
        let made = CompareCollector()
        collector = made
        sinks.append(TraceSetFilter.wrapping(made, lesson: lesson))
    }
    let quiz = request.quiz ? QuizCollector() : nil
    if let quiz { sinks.append(quiz) }
    return Outputs(fanout: Fanout(sinks), observation: observation, view: view, page: page, story: story, collector: collector, quiz: quiz)
}

/// The header of a lesson's run.
public func lessonHeader(_ lesson: Lesson, title: String, port: Int, language: CodeLanguage?, blocks: [BlockedCall],
                  keepGoing: Bool, showState: Bool) -> RunHeader {
    var options = TraceOptions()
    options.followForks = true
    options.initialProcesses = lesson.roles.count
    return RunHeader(kind: .lesson, version: SockstepVersion.number, command: CommandLine.arguments, title: title, options: options,
                     lesson: lesson, port: port, language: language, blocks: blocks, keepGoing: keepGoing, showState: showState)
}

/// `--record FILE`: the run's JSON Lines, written beside whatever else it shows, for `render`.
public func openRecording(_ path: String?) throws -> OutputSink? {
    guard let path else { return nil }
    guard let file = OutputSink.file(path) else {
        throw RuntimeFailure(message: "cannot write '\(path)': \(String(cString: strerror(errno)))")
    }
    return file
}
