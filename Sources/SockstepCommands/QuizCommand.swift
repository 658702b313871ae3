import ArgumentParser
import Events
import Glibc
import Lessons
import Presentation
import Seccomp
import Tracing
import TraceRun

/// `sockstep quiz LESSON`: the lesson runs (as `run` runs it), then for each step the student
/// predicts the result before it is shown.
struct QuizCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quiz",
        abstract: "Run a lesson and predict each step's result (multiple choice) before it is shown; a score at the end.",
        discussion: """
        The lesson runs first, traced as `run` runs it; then, step by step, you predict what the \
        call returned, its errno, whether it waits, or which call comes next, and answer a, b, c \
        or d (one answer a line: it works piped). Then the real strace line and what it means. \
        The choices are the same for the same lesson, language and blocks. End of input stops \
        the quiz with the score so far.

          sockstep quiz tcp --lang c
          sockstep quiz tcp --block listen
          printf 'a\\nb\\n' | sockstep quiz udp --format json

        Exit status: 0 when the quiz ran (whatever the score); 1 when the lesson could not be \
        run; 2 for bad input.
        """)

    @Argument(help: "A lesson name (see `sockstep lessons`) or the path of a lesson file.")
    var lesson: String

    @Option(help: "The language of the programs (default: the lesson's first).")
    var lang: CodeLanguage?

    @Option(help: "The port the lesson uses instead of its own (the slides' 8888), 1 to 65535.")
    var port: Int?

    @Option(name: .customLong("block"), help: ArgumentHelp(
        "Block a call with a seccomp filter, to predict how the lesson fails: ACTION an errno name (EPERM), kill, trap or log. Repeatable.",
        valueName: "[ROLE:]CALL[=ACTION]"))
    var blocks: [String] = []

    @Flag(help: "Run the programs of a lesson given by its path (outside the lesson folders).")
    var trust = false

    @Flag(name: .customLong("no-pin-cpu"), help: "Do not keep the roles and the tracer on one CPU.")
    var noPin = false

    @Option(help: "text (the quiz) or json (the quiz on stderr, one JSON result line on stdout at the end).")
    var format: OutputFormat = .text

    func validate() throws {
        try checkPort(port)
        for block in blocks {
            do { _ = try BlockRule.parse(block) } catch { throw ValidationError(error.description) }
        }
    }

    func run() throws {
        let loaded = try loadLesson(self.lesson, port: port)
        let prepared = try prepareLesson(loaded, lang: lang, trust: trust)
        let plan = try makeBlockPlan(blocks, lesson: prepared.lesson)
        let lesson = plan.apply(to: prepared.lesson)
        var options = LessonRun.Options()
        options.blocks = plan.arguments
        options.port = port
        options.pinToOneCPU = !noPin
        options.programs = prepared.programs
        let usedPort = port ?? lesson.defaultPort
        let title = "sockstep quiz \(lesson.name)" + blocks.map { " --block " + $0 }.joined()
        let header = lessonHeader(lesson, title: title, port: usedPort, language: prepared.language, blocks: plan.blockedCalls,
                                  keepGoing: false, showState: false)
        var request = OutputRequest(header: header)
        request.quiz = true
        let outputs = makeOutputs(request)
        let run = LessonRun(lesson: lesson, options: options) { outputs.send($0) }
        outputs.send(.started(header))
        do { _ = try run.run() } catch { throw RuntimeFailure(message: error.description) }
        outputs.send(.finished(RunEnd(interruptSignal: Tracer.interruptSignal, stamp: Tracer.stamp())))
        try? outputs.fanout.finish()
        dieIfInterrupted()
        guard let collector = outputs.quiz else { return }
        let seed = Quiz.seed([lesson.name, prepared.language.rawValue] + blocks)
        let questions = Quiz.questions(collector.records, lesson: lesson, seed: seed)
        let json = format == .json
        let out = json ? OutputSink.standardError : OutputSink.standardOutput
        let style = json ? Style.forDescriptor(2) : Style.forDescriptor(1)
        var answers: [Int?] = []
        let echoes = isatty(0) != 0
        out.write(style.bold("Quiz: \(lesson.title)") + " (\(prepared.language.displayName)\(blocks.map { ", --block " + $0 }.joined())): \(questions.count) questions; answer a, b, c or d\n")
        asking: for (number, question) in questions.enumerated() {
            out.write("\n" + style.bold("Question \(number + 1)/\(questions.count)") + " · " + question.prompt[0] + "\n")
            for line in question.prompt.dropFirst() { out.write(line.hasPrefix("  ") ? style.cyan(line) + "\n" : "  " + line + "\n") }
            for (i, choice) in question.choices.enumerated() { out.write("    \(QuizQuestion.letters[i])) \(choice)\n") }
            var picked: Int?
            while picked == nil {
                out.write("  your answer (a-d): ")
                out.flush()
                guard let line = readLine() else {
                    out.write("\n")
                    break asking
                }
                if !echoes { out.write(line + "\n") } // piped: the answer shown as if typed
                let text = line.trimmingWhitespace().lowercased()
                picked = QuizQuestion.letters.firstIndex(of: text.hasSuffix(")") ? String(text.dropLast()) : text)
                if picked == nil { out.write("  (one of a, b, c, d)\n") }
            }
            answers.append(picked)
            let right = picked == question.correct
            out.write(right ? "  " + style.green("✓ right") + "\n"
                : "  " + style.red("✗ the answer is \(QuizQuestion.letters[question.correct])) \(question.choices[question.correct])") + "\n")
            out.write("  " + question.line + "\n")
            out.write("  → " + question.explanation + "\n")
            out.flush()
        }
        let score = zip(questions, answers).filter { $0.0.correct == $0.1 }.count
        let asked = answers.count
        let complete = asked == questions.count
        out.write("\n" + style.bold("Score: \(score)/\(asked)") + (complete ? "" : " (input ended: \(questions.count - asked) of \(questions.count) questions not asked)") + "\n")
        try out.finish()
        if json {
            let result = OutputSink.standardOutput
            result.write(QuizResult.json(lesson: lesson.name, language: prepared.language.rawValue, blocks: blocks, seed: seed,
                                         questions: questions, answers: answers) + "\n")
            result.flush()
            if let failure = result.failure { throw RuntimeFailure(message: failure) }
        }
    }
}

extension String {
    func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        return String(scalars[first ... last])
    }
}
