import ArgumentParser
import Decoding
import Events
import Glibc
import Lessons
import Presentation
import Seccomp
import Tracing
import CPtrace
import TraceRun

extension CodeLanguage: ExpressibleByArgument {}

/// `--format`: the view (text) or JSON Lines.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

/// Finds and checks a lesson; exit 2 with one line per problem when it is missing or broken.
/// With `port` (the command's --port): every `$PORT+N` of the lesson must still be a port.
func loadLesson(_ nameOrPath: String, port: Int? = nil) throws -> Lesson {
    guard let path = Catalog.find(nameOrPath) else {
        if Catalog.isPath(nameOrPath) {
            throw ValidationError("no lesson file at '\(nameOrPath)' (or it cannot be read)")
        }
        let names = Catalog.names()
        var list = names.isEmpty ? "no lessons folder was found" : "the lessons are \(names.joined(separator: ", "))"
        if let env = Catalog.environmentFolder, !Catalog.folders().contains(where: { $0.origin == "$SOCKSTEP_LESSONS" }) {
            list += " ($SOCKSTEP_LESSONS=\(env) is not a folder)"
        }
        throw ValidationError("no lesson '\(CallSyntax.shown(nameOrPath))': \(list); a lesson from another folder is run by its path (./lessons/NAME.yaml)")
    }
    let lesson: Lesson
    do {
        lesson = try LessonParser.load(path: path)
    } catch {
        throw LessonRefused(problems: error)
    }
    if let port {
        let problems = lesson.portProblems(port: port)
        if !problems.isEmpty { throw LessonRefused(problems: LessonProblems(problems: problems)) }
        return lesson.texts(forPort: port)
    }
    return lesson
}

/// A lesson file with problems: each on its own line, exit 2, nothing run.
struct LessonRefused: Error {
    let problems: LessonProblems
}

/// A lesson as it runs: resolved for its language, and for a lesson with programs, those
/// programs compiled (from the cache when it has them).
struct PreparedLesson {
    var lesson: Lesson
    var language: CodeLanguage
    var programs: [PreparedProgram]
}

/// The language a lesson runs in: `--lang`, or the lesson's first (rust for a calls-only
/// lesson); exit 2 when the lesson has no programs in it.
func lessonLanguage(_ lesson: Lesson, _ lang: CodeLanguage?) throws -> CodeLanguage {
    guard let programs = lesson.programs else { return lang ?? .rust }
    guard let lang else { return programs.languages[0] }
    guard programs.languages.contains(lang) else {
        throw ValidationError("lesson \(lesson.name) has no \(lang.rawValue) programs; its languages are \(programs.languages.map(\.rawValue).joined(separator: ", ")) (--lang \(programs.languages[0].rawValue))")
    }
    return lang
}

/// The lesson resolved for `lang` with its programs ready: a lesson given by a path outside the
/// lesson folders runs its programs only with `--trust`; --keep-going is for sockstep's player;
/// a missing toolchain or a program that does not compile is exit 1 (ProgramBuildFailure).
func prepareLesson(_ original: Lesson, lang: CodeLanguage?, trust: Bool, keepGoing: Bool = false, build: Bool = true) throws -> PreparedLesson {
    let language = try lessonLanguage(original, lang)
    guard let programs = original.programs else { return PreparedLesson(lesson: original, language: language, programs: []) }
    if keepGoing {
        throw ValidationError("--keep-going is for a calls-only lesson, played by sockstep's player: lesson \(original.name) runs programs, and each stops at its first failed call (it checks every call and exits with status 1)")
    }
    if !trust && Catalog.folder(containing: original.path) == nil {
        let files = programs.sources.filter { $0.language == language }.map(\.fileName).joined(separator: ", ")
        throw ValidationError("\(original.path): this lesson has programs (\(files)), and sockstep compiles and runs a lesson's programs only from the lesson folders ($SOCKSTEP_LESSONS, the installed lessons) or when you say so: add --trust to run them (as you, traced, talking only on loopback and in the run's folder)")
    }
    let lesson = original.resolved(for: language)
    guard build else { return PreparedLesson(lesson: lesson, language: language, programs: []) }
    let prepared = try ProgramBuild(environment: Tracer.currentEnvironment()).prepare(lesson)
    return PreparedLesson(lesson: lesson, language: language, programs: prepared)
}

struct LessonsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lessons",
        abstract: "List the lessons: name, title, roles and number of steps.",
        discussion: """
        A name is looked up in $SOCKSTEP_LESSONS (when set), then in the installed \
        lessons; never in the current directory. Run any other lesson file by its path.
        """)

    func run() throws {
        let folders = Catalog.folders()
        if folders.isEmpty {
            print("No lessons found. Lessons live in the installed lessons/ folder (or $SOCKSTEP_LESSONS); run a file with `sockstep run path/to/lesson.yaml`.")
            return
        }
        var seen: Set<String> = []
        for (index, folder) in folders.enumerated() {
            if index > 0 { print("") }
            // On a terminal, lines are wrapped to its width; piped, each stays whole.
            let width = isatty(1) != 0 ? Style.terminalWidth(1) : Int.max / 4
            wrapText("Lessons in \(folder.path) (\(folder.origin)):", width: width, indent: "").forEach { print($0) }
            var rows: [(String, String, String, String)] = [("NAME", "TITLE", "ROLES", "STEPS")]
            var notes: [String] = []
            for file in Catalog.lessonFiles(in: folder.path) {
                let name = Catalog.name(ofFile: file)
                guard Lesson.isValidName(name) else {
                    notes.append("not listed: \(CallSyntax.shown(file)): its name is not a lesson name (letters, digits, - and _); run it by its path")
                    continue
                }
                if seen.contains(name) {
                    notes.append("hidden: \(file): a lesson '\(name)' comes first, from $SOCKSTEP_LESSONS")
                    continue
                }
                seen.insert(name)
                do {
                    let lesson = try LessonParser.load(path: file)
                    rows.append((name, lesson.title, lesson.roles.map(\.name).joined(separator: ", "), String(lesson.steps.count)))
                } catch {
                    notes.append("broken: " + (error.problems.first?.description ?? file))
                }
            }
            let w0 = rows.map(\.0.count).max() ?? 4
            let w2 = rows.map(\.2.count).max() ?? 5
            let w3 = rows.map(\.3.count).max() ?? 5
            // The title column is wrapped at word boundaries to the terminal's width.
            let lead = w0 + w3 + w2 + 6
            for row in rows {
                let titles = wrapText(row.1, width: max(20, width - lead), indent: "")
                print(row.0.padded(w0) + "  " + row.3.padded(w3, left: true) + "  " + row.2.padded(w2) + "  " + (titles.first ?? ""))
                for more in titles.dropFirst() { print(String(repeating: " ", count: lead) + more) }
            }
            for line in notes { wrapText(line, width: width, indent: "").forEach { print($0) } }
        }
    }
}

struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show a lesson's text and code, without running anything.",
        discussion: """
        For a lesson with programs the code of each step is the marked region of the program \
        that runs; --source ROLE prints that whole program, with the commands that build and \
        run it.
        """)

    @Argument(help: "A lesson name (see `sockstep lessons`) or the path of a lesson file or folder.", completion: .custom(Completions.lessonNames))
    var lesson: String

    @Option(help: "The language of the code (default: the lesson's first; rust, the slides', for a calls-only lesson).")
    var lang: CodeLanguage?

    @Option(help: ArgumentHelp("Print the whole program of this role (a lesson with programs).", valueName: "ROLE"))
    var source: String?

    func run() throws {
        let original = try loadLesson(self.lesson)
        let language = try lessonLanguage(original, lang)
        let lesson = original.resolved(for: language)
        let style = Style.forDescriptor(1)
        let out = OutputSink.standardOutput
        if let role = source {
            try showSource(lesson, role: role, language: language, out: out, style: style)
            return
        }
        let width = min(100, Style.terminalWidth(1))
        out.write(style.bold(lesson.title) + "\n")
        out.write(style.dim("lesson file: ") + lesson.path + "\n")
        let played = lesson.programs.map { programs in
            "played by its \(language.rawValue) programs: " + programs.sources.map(\.fileName).joined(separator: ", ")
                + " (languages: \(programs.languages.map(\.rawValue).joined(separator: ", ")); trace=\(programs.trace))"
        } ?? "a calls-only lesson: sockstep's lesson player makes its calls; the code beside them is what a program would write"
        for line in wrapText(played, width: width, indent: "") { out.write(line + "\n") }
        out.write("\n")
        for line in wrapText(lesson.summary, width: width, indent: "") { out.write(line + "\n") }
        out.write("\n")
        for role in lesson.roles {
            for (i, line) in wrapText(role.name + ": " + role.about, width: width - 2, indent: "").enumerated() {
                out.write(i == 0 ? "  " + style.bold(role.name) + line.dropFirst(role.name.count) + "\n" : "    " + line + "\n")
            }
        }
        out.write("\n")
        let port = String(lesson.defaultPort)
        for step in lesson.steps {
            let total = lesson.stepCount(of: step.role)
            for line in wrapText("\(step.role) · step \(step.numberInRole)/\(total) · \(step.title)", width: width, indent: "") {
                out.write(style.bold(line) + "\n")
            }
            if lesson.hasPrograms {
                let region = lesson.region(of: step).map { " (region \($0) of \(step.role).\(language.fileExtension))" } ?? ""
                for line in wrapText("makes " + step.callNames.joined(separator: " or ") + region, width: width, indent: "  ") {
                    out.write(style.cyan(line) + "\n")
                }
            } else {
                for line in LessonView.breakLine(step.call.text.replacingOccurrences("$PORT", port), width: width - 2) {
                    out.write("  " + style.cyan(line) + "\n")
                }
            }
            for line in wrapText(step.explanation, width: width, indent: "  ") { out.write(line + "\n") }
            if let code = step.code[language] {
                for line in ProgramRegion.dedented(code) {
                    for (k, piece) in LessonView.breakLine(line, width: width - 10).enumerated() {
                        out.write("    " + style.dim(k == 0 ? "│ " : "┆   ") + piece + "\n")
                    }
                }
            }
            out.write("\n")
        }
        try out.finish()
    }

    /// `--source ROLE`: the program that plays the role, whole, after the commands that build
    /// and run it.
    func showSource(_ lesson: Lesson, role: String, language: CodeLanguage, out: OutputSink, style: Style) throws {
        guard let programs = lesson.programs else {
            throw ValidationError("lesson \(lesson.name) has no programs: sockstep's lesson player makes its calls (show it without --source)")
        }
        guard let source = programs.source(role: role, language: language) else {
            throw ValidationError("lesson \(lesson.name) has no role '\(role)'; its roles are \(lesson.roles.map(\.name).joined(separator: ", "))")
        }
        let toolchain = Toolchain.of(language)
        let argument = programs.argument == .port ? String(lesson.defaultPort) : programs.argument.text
        out.write(style.dim("# \(source.path): the \(role) of lesson \(lesson.name) in \(language.rawValue)") + "\n")
        if let build = toolchain.buildCommand(file: source.fileName, output: role) {
            out.write(style.dim("# build: \(build)") + "\n")
        }
        out.write(style.dim("# run:   \(toolchain.runCommand(file: source.fileName, output: role, argument: argument))") + "\n")
        if case .socketPath = programs.argument {
            out.write(style.dim("#        ($DIR: a fresh folder; sockstep gives each run its own)") + "\n")
        }
        out.write("\n" + source.text)
        if !source.text.hasSuffix("\n") { out.write("\n") }
        try out.finish()
    }
}

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a lesson: each role a real process, each call traced, decoded and explained.",
        usage: """
        sockstep run <lesson> [--plain] [--port <port>] [--keep-going]
                [--block <[ROLE:]CALL[=ACTION]> ...] [--pace <SECONDS>]
                [<options>]
        """,
        discussion: """
        On a terminal each step shows its code, the strace line and what it means; with --plain \
        (and whenever the output is not a terminal) only the strace lines, as strace -f prints \
        them.

        A role that waits in a call nothing can end any more is ended (SIGKILL), and the view \
        says why: every other role has ended, or the lesson's next step is its own, which can \
        only come after the call returns while the other roles wait for their turns. A bind that \
        fails with EADDRINUSE ends the lesson (the address belongs to another program; sockstep \
        says whether it is in use or only in TIME_WAIT), unless a step of the same run bound \
        that address before (the reuseaddr lesson).

        \(ExitCodes.lesson)
        """)

    @Argument(help: "A lesson name (see `sockstep lessons`) or the path of a lesson file.", completion: .custom(Completions.lessonNames))
    var lesson: String

    @Flag(help: "Only the strace lines, as strace -f prints them.")
    var plain = false

    @Option(help: "The language of the programs (default: the lesson's first; rust is the slides').")
    var lang: CodeLanguage?

    @Option(help: "The port the lesson uses instead of its own (the slides' 8888), 1 to 65535.")
    var port: Int?

    @Flag(help: "A calls-only lesson: let a role go on after a failed step, so that each later call shows its own error.")
    var keepGoing = false

    @Flag(help: "Run the programs of a lesson given by its path (outside the lesson folders).")
    var trust = false

    @Flag(name: .customLong("no-pin-cpu"), help: "Do not keep the roles and the tracer on one CPU.")
    var noPin = false

    @Option(name: .customLong("block"), help: ArgumentHelp(
        "Block a call with a seccomp filter: ACTION an errno name (EPERM), kill, trap or log. Repeatable.",
        valueName: "[ROLE:]CALL[=ACTION]"), completion: .custom(Completions.lessonBlocks))
    var blocks: [String] = []

    @Flag(help: "Print each role's seccomp filter (libseccomp's pseudo-code and the BPF program) before running.")
    var showFilter = false

    @Option(help: ArgumentHelp("For the classroom: the explained view, one call every SECONDS (0 to 3600), with the sockets' state; on a terminal Space pauses and resumes, → (or Enter) makes the next call now, q quits.", valueName: "SECONDS"))
    var pace: Double?

    @Option(help: "text (the view, or strace lines with --plain) or json (JSON Lines, one object per event).")
    var format: OutputFormat = .text

    @Option(help: ArgumentHelp("Also write the run's sequence diagram as a self-contained HTML page.", valueName: "FILE"))
    var html: String?

    @Option(help: ArgumentHelp("Also print the page to a PDF handout (with Chromium).", valueName: "FILE"))
    var print: String?

    @Flag(help: "With --pace: do not show the kernel's side of the sockets after each call.")
    var noState = false

    @Option(help: ArgumentHelp("Also write the run's events as JSON Lines to FILE, for sockstep render.", valueName: "FILE"))
    var record: String?

    @Flag(help: ArgumentHelp(wireHelp))
    var wire = false

    func validate() throws {
        try checkPort(port)
        for block in blocks {
            do { _ = try BlockRule.parse(block) } catch { throw ValidationError(error.description) }
        }
        try checkRange(pace, 0 ... 3600, "--pace")
        if pace != nil && plain { throw ValidationError("--pace shows the explained view; it cannot be combined with --plain") }
    }

    func run() throws {
        let loaded = try loadLesson(self.lesson, port: port)
        let prepared = try prepareLesson(loaded, lang: lang, trust: trust, keepGoing: keepGoing)
        let original = prepared.lesson
        let plan = try makeBlockPlan(blocks, lesson: original)
        let htmlFile = try openPage(html)
        let pdf = try openPrint(print)
        let recording = try openRecording(record)
        if let pace {
            if showFilter { try printFilters(plan, out: OutputSink.standardOutput) }
            var stepped = SteppedRun(original: original, programs: prepared.programs, blocks: blocks, language: prepared.language, port: port,
                                     keepGoing: keepGoing, showState: !noState, pace: pace, pin: !noPin, json: format == .json, html: htmlFile,
                                     print: pdf, record: recording)
            stepped.wire = wire
            try stepped.run()
        }
        let lesson = plan.apply(to: original)
        if showFilter { try printFilters(plan, out: OutputSink.standardOutput) }
        var options = LessonRun.Options()
        options.blocks = plan.arguments
        options.port = port
        options.keepGoing = keepGoing
        options.pinToOneCPU = !noPin
        options.programs = prepared.programs
        let lang = prepared.language
        let out = OutputSink.standardOutput
        let json = format == .json
        let explained = !plain && !json && isatty(1) != 0
        let usedPort = port ?? lesson.defaultPort
        let title = "sockstep run \(lesson.name)" + (blocks.isEmpty ? "" : " " + blocks.map { "--block " + $0 }.joined(separator: " "))
        var header = lessonHeader(lesson, title: title, port: usedPort, language: lang, blocks: plan.blockedCalls,
                                  keepGoing: keepGoing, showState: false)
        var request = OutputRequest(header: header)
        if json {
            request.jsonTo = out
        } else if explained {
            request.view = (out, Style.forDescriptor(1), min(100, Style.terminalWidth(1)))
        } else {
            request.straceTo = out
            if wire { request.wireTo = (.standardError, out) }
        }
        // Without the view, why sockstep ends a role goes to stderr, when it happens.
        request.notices = !explained
        request.story = !json
        request.page = htmlFile
        request.print = pdf
        request.recordTo = recording
        let outputs = makeOutputs(request)
        header.snapshots = outputs.fanout.wantsSnapshots
        options.snapshots = header.snapshots
        let send = wireSend(wire, lesson: lesson, port: usedPort, to: outputs.send)
        let run = LessonRun(lesson: lesson, options: options, emit: send)
        send(.started(header))
        do {
            _ = try run.run()
        } catch {
            htmlFile?.abandon()
            pdf?.file.abandon()
            throw RuntimeFailure(message: error.description)
        }
        send(.finished(RunEnd(interruptSignal: Tracer.interruptSignal, stamp: Tracer.stamp())))
        var failure: SinkFailure?
        do { try outputs.fanout.finish() } catch { failure = error }
        out.flush()
        dieIfInterrupted()
        if let failure { throw RuntimeFailure(message: failure.description) }
        Glibc.exit(outputs.observation?.ranAsWritten(lesson) == true ? 0 : 1)
    }
}

/// Block rules checked against a lesson; exit 2 with one line when one is wrong.
func makeBlockPlan(_ texts: [String], lesson: Lesson) throws -> BlockPlan {
    var rules: [BlockRule] = []
    for text in texts {
        do { rules.append(try BlockRule.parse(text)) } catch { throw ValidationError(error.description) }
    }
    do {
        return try BlockPlan(rules: rules, lesson: lesson)
    } catch {
        throw ValidationError(error.description)
    }
}

/// `--show-filter`: each role's filter as libseccomp's pseudo-code and as BPF, one instruction a line.
func printFilters(_ plan: BlockPlan, out: OutputSink) throws {
    for role in plan.byRole.keys.sorted() {
        let rules = plan.byRole[role]!
        let filter: Filter
        do { filter = try Filter.build(rules) } catch { throw RuntimeFailure(message: error.description) }
        out.write(filterText(filter, title: "\(role)'s seccomp filter (\(rules.map { "--block " + $0.description }.joined(separator: " ")))"))
    }
    try out.finish()
}

/// The hidden role player: `sockstep _actor LESSON ROLE --port N --dir DIR`.
struct ActorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "_actor", shouldDisplay: false)

    @Argument var lessonPath: String
    @Argument var role: String
    @Option var port: Int
    @Option var dir: String
    /// The lesson's bytes, as the run checked them (LessonSource); the path is for messages.
    @Option var lessonFD: Int32
    @Flag var keepGoing = false
    @Flag var paced = false
    @Option var block: [String] = []

    func validate() throws {
        try checkPort(port)
    }

    func run() throws {
        let source = LessonSource.read(fd: lessonFD)
        Actor.prepareDescriptors(paced: paced)
        guard let source, var lesson = try? LessonParser.parse(bytes: source, path: lessonPath),
              lesson.portProblems(port: port).isEmpty else { Glibc.exit(2) }
        var program: [UInt8] = []
        if !block.isEmpty {
            guard let rules = try? block.map({ text throws(BlockRule.Invalid) in try BlockRule.parse(text) }),
                  let plan = try? BlockPlan(rules: rules, lesson: lesson) else { Glibc.exit(2) }
            lesson = plan.apply(to: lesson)
            if let mine = plan.byRole[role] {
                guard let filter = try? Filter.build(mine) else { Glibc.exit(2) }
                program = filter.program
            }
        }
        var actor = Actor(lesson: lesson, role: role, port: port, directory: dir, keepGoing: keepGoing)
        actor.paced = paced
        actor.filterProgram = program
        Glibc.exit(actor.play())
    }
}

/// Hidden: each role of a lesson run as a whole process under real strace, paced into the
/// lesson's order; prints `ROLE<TAB>LINE` for each step's strace line and each exit line.
struct StraceLessonCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "_strace-lesson", shouldDisplay: false)

    @Argument var lesson: String
    @Option var port: Int?
    @Option var strace = "/usr/bin/strace"
    @Flag var keepGoing = false
    @Option var block: [String] = []

    func validate() throws {
        try checkPort(port)
    }

    @Option var lang: CodeLanguage?
    @Flag var trust = false

    func run() throws {
        let loaded = try loadLesson(self.lesson, port: port)
        let prepared = try prepareLesson(loaded, lang: lang, trust: trust, keepGoing: keepGoing)
        let results = try underStrace(prepared, blocks: block, port: port, keepGoing: keepGoing, strace: strace)
        for result in results {
            for line in result.stepLines { print(result.role + "\t" + line) }
        }
    }
}

/// A lesson's roles under real strace, each a whole process kept in the lesson's order: a
/// calls-only lesson's player paced through pipes (each step's line), a lesson's programs
/// started in turn (every line of the trace set).
func underStrace(_ prepared: PreparedLesson, blocks: [String], port: Int?, keepGoing: Bool, strace: String) throws -> [PacedRun.RoleOutput] {
    let plan = try makeBlockPlan(blocks, lesson: prepared.lesson)
    let lesson = plan.apply(to: prepared.lesson)
    let work = try workFolder("strace")
    defer { work.remove() }
    if lesson.hasPrograms {
        let run = ProgramPacedRun(lesson: lesson, port: port ?? lesson.defaultPort, programs: prepared.programs)
        run.blocks = plan.arguments
        do { return try run.run(strace: strace, work: work) } catch { throw RuntimeFailure(message: "\(error)") }
    }
    let calls = Set(lesson.steps.map(\.call.name)).union(["writev"]).sorted().joined(separator: ",")
    let run = PacedRun(lesson: lesson, port: port ?? lesson.defaultPort, keepGoing: keepGoing)
    run.blocks = plan.arguments
    do { return try run.run(tracer: [strace, "-o", "{out}", "-e", "trace=" + calls], work: work) } catch { throw RuntimeFailure(message: "\(error)") }
}

/// Hidden: loads a seccomp filter of block rules and executes a program, so that real strace
/// can trace a lesson's program exactly as sockstep starts it (filter loaded before its exec).
struct ExecFilteredCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "_exec-filtered", shouldDisplay: false)

    @Option var block: [String] = []
    @Argument(parsing: .postTerminator) var command: [String] = []

    func run() throws {
        guard let path = command.first else { throw ValidationError("give the program after --") }
        var rules: [BlockRule] = []
        for text in block {
            do { rules.append(try BlockRule.parse(text)) } catch { throw ValidationError(error.description) }
        }
        if !rules.isEmpty {
            let filter: Filter
            do { filter = try Filter.build(rules) } catch { throw RuntimeFailure(message: error.description) }
            guard cg_no_new_privs() == 0 else { throw RuntimeFailure(message: "prctl(PR_SET_NO_NEW_PRIVS): \(String(cString: strerror(errno)))") }
            let loaded = filter.program.withUnsafeBytes { cg_seccomp_set_filter($0.baseAddress, UInt16(filter.program.count / 8)) }
            guard loaded == 0 else { throw RuntimeFailure(message: "seccomp(SECCOMP_SET_MODE_FILTER): \(String(cString: strerror(errno)))") }
        }
        var cArgs: [UnsafeMutablePointer<CChar>?] = command.map { strdup($0) } + [nil]
        execv(path, &cArgs)
        throw RuntimeFailure(message: "exec: \(String(cString: strerror(errno)))")
    }
}

/// A run folder for a command's own files (trace output); exit 1 with one line when it cannot be made.
func workFolder(_ name: String) throws -> RunFolder {
    do {
        return try RunFolder.create(for: name)
    } catch {
        throw RuntimeFailure(message: error.description)
    }
}

extension String {
    func padded(_ width: Int, left: Bool = false) -> String {
        let pad = String(repeating: " ", count: max(0, width - count))
        return left ? pad + self : self + pad
    }

    func replacingOccurrences(_ target: String, _ replacement: String) -> String {
        split(separator: Substring(target), omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
