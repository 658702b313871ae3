import ArgumentParser
import Events
import Files
import Glibc
import LessonModel
import Presentation
import TraceRun

/// `sockstep render FILE.jsonl`: a recording (`--format json` or `--record FILE` of run, step or
/// trace) rendered again by the same sinks, without running anything: strace text, the
/// explained view of a lesson, JSON Lines, the page.
struct RenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Render a recording again: strace text, the explained view, JSON or the page, without running anything.",
        usage: """
        sockstep render <file> [--plain] [--format <format>]
                [--html <FILE>] [--print <FILE>] [--lang <lang>]
        """,
        discussion: """
        A recording is what --format json (or --record FILE) of run, step or trace wrote: every \
        event of the run, with the lesson it ran. Record once, render in class:

          sockstep run tcp --record tcp.jsonl
          sockstep render tcp.jsonl                 # the explained view (on a terminal)
          sockstep render tcp.jsonl --plain         # the strace lines, as run --plain printed them
          sockstep render tcp.jsonl --html tcp.html
          sockstep render tcp.jsonl --format json   # the recording itself, byte for byte

        A trace's lines go to standard output (the live trace wrote them to stderr or -o FILE), \
        its messages (Process N attached) to stderr.

        Exit status: 0 when the recording was rendered; 1 when the output could not be written; \
        2 for bad input (options, a file that is not a recording: file:line and what is wrong).
        """)

    @Argument(help: "A recording: JSON Lines of schema 2.")
    var file: String

    @Flag(help: "For a lesson: only the strace lines, as run --plain printed them.")
    var plain = false

    @Option(help: "text (the view, or strace lines) or json (the recording's JSON Lines).")
    var format: OutputFormat = .text

    @Option(help: ArgumentHelp("Also write the run's sequence diagram as a self-contained HTML page.", valueName: "FILE"))
    var html: String?

    @Option(help: ArgumentHelp("Also print the page to a PDF handout (with Chromium).", valueName: "FILE"))
    var print: String?

    @Option(help: "For a lesson: the language of the code (default: the recording's).")
    var lang: CodeLanguage?

    /// Recordings larger than this are refused (a whole lesson is a few hundred KiB).
    static let sizeLimit = 1 << 30

    func run() throws {
        let bytes: [UInt8]
        switch Files.readRegularFile(file, limit: Self.sizeLimit) {
        case .success(let read): bytes = read
        case .failure(let failure): throw InputFailure(message: "cannot read the recording '\(file)': \(failure.message)")
        }
        let runs: [Recording.Run]
        do { runs = try Recording.read(String(decoding: bytes, as: UTF8.self)) } catch {
            throw InputFailure(message: "\(file):\(error.line): \(error.message)")
        }
        let page = try openPage(html)
        let pdf = try openPrint(print)
        let out = OutputSink.standardOutput
        var failure: SinkFailure?
        for (index, run) in runs.enumerated() {
            var header = run.header
            if let lang, let ran = header.lesson?.programs?.language, lang != ran {
                // The code shown is the programs' that ran: there is no other language's.
                throw InputFailure(message: "\(file): the recording ran lesson \(header.lesson?.name ?? "")'s \(ran.rawValue) programs, and the code it shows is theirs; render it without --lang (or record a run with --lang \(lang.rawValue))")
            }
            if let lang { header.language = lang }
            var request = OutputRequest(header: header)
            let explained = header.kind == .lesson && !plain && format == .text && isatty(1) != 0
            if format == .json {
                request.jsonTo = out
            } else if explained {
                request.view = (out, Style.forDescriptor(1), min(100, Style.terminalWidth(1)))
            } else {
                request.straceTo = out
                if header.options.summary { request.summaryTo = out }
            }
            request.notices = header.kind == .lesson && !explained
            request.story = format == .text
            // Stepping that restarted with a block: only the last run wrote the page.
            request.page = index == runs.count - 1 ? page : nil
            request.print = index == runs.count - 1 ? pdf : nil
            let outputs = makeOutputs(request)
            outputs.view?.introduce = index == 0
            for event in run.events { outputs.send(event) }
            do { try outputs.fanout.finish() } catch { if failure == nil { failure = error } }
        }
        try checkWritten([out], failure)
    }
}

/// Bad input that is not an option: one line, exit 2.
struct InputFailure: Error {
    let message: String
}
