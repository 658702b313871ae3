import Files

/// A lesson with programs: its folder holds, next to `lesson.yaml`, one complete program per role
/// and language (`server.rs`, `server.c`, `server.py`, `server.swift`, ...). The lesson's steps
/// say which call each expects and which marked region of the program makes it; the code shown
/// at a step is that region, cut from the very bytes that are compiled and run.
public struct LessonPrograms: Sendable, Equatable {
    /// The languages the lesson offers; the first is the default `--lang`.
    public var languages: [CodeLanguage]
    /// strace's `-e trace=` set the lesson shows (`--plain` is `strace -f -e trace=SET`).
    public var trace: String
    /// What each program gets as argv[1].
    public var argument: ProgramArgument
    /// Calls no step is for that a language's runtime (or the program outside its regions)
    /// makes, explained.
    public var extras: [ExtraCall]
    /// Every program of the lesson (each language × role), read and checked.
    public var sources: [ProgramSource]
    /// The language the lesson was resolved for (`Lesson.resolved(for:)`), nil before.
    public var language: CodeLanguage?

    public init(languages: [CodeLanguage], trace: String, argument: ProgramArgument, extras: [ExtraCall],
                sources: [ProgramSource] = [], language: CodeLanguage? = nil) {
        (self.languages, self.trace, self.argument, self.extras) = (languages, trace, argument, extras)
        (self.sources, self.language) = (sources, language)
    }

    /// The program of `role` in `language`.
    public func source(role: String, language: CodeLanguage) -> ProgramSource? {
        sources.first { $0.role == role && $0.language == language }
    }

    /// The extra call a program of `language` makes in `region`, as the lesson explains it.
    public func extra(call: String, region: String?, language: CodeLanguage) -> ExtraCall? {
        extras.first { extra in
            extra.call == call && (extra.languages?.contains(language) ?? true)
                && (extra.region == nil || (region?.split(separator: "+").contains { $0 == extra.region! } ?? false))
        }
    }
}

/// argv[1] of every program of a lesson.
public enum ProgramArgument: Sendable, Equatable {
    /// `$PORT`: the port the lesson uses.
    case port
    /// `$DIR/NAME`: a socket file in the run's folder.
    case socketPath(String)

    /// The argument for a run on `port` whose folder is `folder`.
    public func value(port: Int, folder: String) -> String {
        switch self {
        case .port: return String(port)
        case .socketPath(let name): return folder + "/" + name
        }
    }

    /// As the lesson file writes it.
    public var text: String {
        switch self {
        case .port: return "$PORT"
        case .socketPath(let name): return "$DIR/" + name
        }
    }
}

/// A call a program makes that no step is for: the Python runtime's getsockname after accept,
/// C's buffered printf written at exit, ...
public struct ExtraCall: Sendable, Equatable {
    /// The languages whose programs make it (nil: all of them).
    public var languages: Set<CodeLanguage>?
    public var call: String
    /// The region (step) it happens in; nil: wherever it comes.
    public var region: String?
    /// Made by the language's runtime (true), or by a line of the program outside the lesson's
    /// regions (false).
    public var byRuntime: Bool
    public var explanation: String
    /// Its line in the lesson file.
    public var line: Int

    public init(languages: Set<CodeLanguage>?, call: String, region: String?, byRuntime: Bool, explanation: String, line: Int) {
        (self.languages, self.call, self.region, self.byRuntime) = (languages, call, region, byRuntime)
        (self.explanation, self.line) = (explanation, line)
    }
}

/// One program of a lesson, with its marked regions.
public struct ProgramSource: Sendable, Equatable {
    public var role: String
    public var language: CodeLanguage
    /// The file it was read from (absolute when the lesson was found by the catalog).
    public var path: String
    /// The bytes as they were read and checked: what is shown, hashed, compiled and run.
    public var bytes: [UInt8]
    public var regions: [ProgramRegion]
    /// SHA-256 of the bytes, in hex; a recording keeps the hash of the program that ran, not its bytes.
    public var sha256: String

    public init(role: String, language: CodeLanguage, path: String, bytes: [UInt8], regions: [ProgramRegion], sha256: String? = nil) {
        (self.role, self.language, self.path, self.bytes, self.regions) = (role, language, path, bytes, regions)
        self.sha256 = sha256 ?? SHA256.hex(bytes)
    }

    public func region(_ name: String) -> ProgramRegion? { regions.first { $0.name == name } }

    /// The file's name in the lesson's folder (`server.rs`).
    public var fileName: String { path.split(separator: "/").last.map(String.init) ?? path }

    public var text: String { String(decoding: bytes, as: UTF8.self) }
}

/// The lines between `// step: NAME` and `// end: NAME` (`# step:` in Python), exactly as the
/// file has them.
public struct ProgramRegion: Sendable, Equatable {
    public var name: String
    /// The first and last line of the region's code (1-based; `last < first` when it is empty).
    public var firstLine: Int
    public var lastLine: Int
    public var text: String

    public init(name: String, firstLine: Int, lastLine: Int, text: String) {
        (self.name, self.firstLine, self.lastLine, self.text) = (name, firstLine, lastLine, text)
    }
}

extension CodeLanguage {
    /// The file name ending of a program in this language.
    public var fileExtension: String {
        switch self {
        case .rust: return "rs"
        case .c: return "c"
        case .python: return "py"
        case .swift: return "swift"
        }
    }

    /// How the language's name is written in a sentence.
    public var displayName: String {
        switch self {
        case .rust: return "Rust"
        case .c: return "C"
        case .python: return "Python"
        case .swift: return "Swift"
        }
    }

    /// How a lesson's program in this language ends when a call fails.
    public var failureHabit: String {
        switch self {
        case .c, .swift: return "it checks each call and exits with status 1 at the first failure"
        case .rust: return "main returns the first error with ?, and Rust then exits with status 1"
        case .python: return "the first OSError ends it: it exits with status 1"
        }
    }

    /// The comment that starts a region marker (`// step: bind`, `# step: bind`).
    public var commentPrefix: String { self == .python ? "#" : "//" }
}

/// Reading and checking a lesson's programs: untrusted input, like the lesson file.
public enum ProgramFiles {
    /// A program file has at most this many bytes.
    public static let fileBytes = 256 << 10
    public static let lineBytes = 4096

    /// The program at `path`, its regions cut, or the problems found in it (`path:line`).
    public static func read(path: String, role: String, language: CodeLanguage) -> Result<ProgramSource, LessonProblems> {
        switch Files.readRegularFile(path, limit: fileBytes) {
        case .success(let bytes):
            return parse(bytes: bytes, path: path, role: role, language: language)
        case .failure(.tooLarge(let size)):
            return .failure(one(path, 1, "the program has \(size) bytes; a lesson's program has at most \(fileBytes) (256 KiB)"))
        case .failure(.notRegular):
            return .failure(one(path, 0, "not a regular file; a lesson's program is a plain text file"))
        case .failure(let failure):
            return .failure(one(path, 0, "cannot read the program: \(failure.message)"))
        }
    }

    static func one(_ path: String, _ line: Int, _ message: String) -> LessonProblems {
        LessonProblems(problems: [LessonProblem(file: path, line: line, message: message)])
    }

    /// Checks the text (UTF-8, no NUL, control or text-direction characters: a line must read
    /// as it compiles) and cuts the regions: markers on lines of their own, balanced, never
    /// nested, names unique.
    public static func parse(bytes: [UInt8], path: String, role: String, language: CodeLanguage) -> Result<ProgramSource, LessonProblems> {
        var problems: [LessonProblem] = []
        var lines: [String] = []
        var start = 0
        var line = 1
        var i = 0
        while i <= bytes.count {
            if i == bytes.count || bytes[i] == 0x0a {
                if i - start > lineBytes {
                    problems.append(LessonProblem(file: path, line: line, message: "the line has \(i - start) bytes; a lesson's program has lines of at most \(lineBytes)"))
                }
                var end = i
                if end > start && bytes[end - 1] == 0x0d { end -= 1 }
                lines.append(String(decoding: bytes[start ..< end], as: UTF8.self))
                line += 1
                start = i + 1
                i += 1
                continue
            }
            guard let (scalar, length) = LessonFileCheck.decodeUTF8(bytes, at: i) else {
                problems.append(LessonProblem(file: path, line: line, message: "not UTF-8 text (byte 0x\(String(bytes[i], radix: 16, uppercase: true))): a lesson's program is UTF-8 text"))
                return .failure(LessonProblems(problems: problems))
            }
            if scalar != 0x09 && scalar != 0x0d, let (what, advice) = LessonFileCheck.forbidden(scalar) {
                problems.append(LessonProblem(file: path, line: line, message: "\(what) at column \(i - start + 1): \(advice)"))
                return .failure(LessonProblems(problems: problems))
            }
            i += length
        }
        if bytes.last == 0x0a { lines.removeLast() }
        var regions: [ProgramRegion] = []
        var open: (name: String, line: Int)?
        let prefix = language.commentPrefix
        for (index, text) in lines.enumerated() {
            let number = index + 1
            let trimmed = text.trimmingSpaces()
            guard trimmed.hasPrefix(prefix) else { continue }
            let comment = String(trimmed.dropFirst(prefix.count)).trimmingSpaces()
            for keyword in ["step:", "end:"] where comment.hasPrefix(keyword) {
                let name = String(comment.dropFirst(keyword.count)).trimmingSpaces()
                guard isRegionName(name) else {
                    problems.append(LessonProblem(file: path, line: number, message: "'\(CallSyntax.shown(name))' is not a region name (letters, digits, - and _, at most 40): write \(prefix) \(keyword) NAME"))
                    continue
                }
                if keyword == "step:" {
                    if let open {
                        problems.append(LessonProblem(file: path, line: number, message: "region '\(name)' starts inside region '\(open.name)' (line \(open.line)): end it first with \(prefix) end: \(open.name)"))
                    } else if regions.contains(where: { $0.name == name }) {
                        problems.append(LessonProblem(file: path, line: number, message: "a second region '\(name)'; region names are unique in a program"))
                    }
                    open = (name, number)
                } else {
                    guard let started = open else {
                        problems.append(LessonProblem(file: path, line: number, message: "\(prefix) end: \(name) ends no region; start it with \(prefix) step: \(name)"))
                        continue
                    }
                    guard started.name == name else {
                        problems.append(LessonProblem(file: path, line: number, message: "\(prefix) end: \(name) ends region '\(started.name)' (line \(started.line)); write \(prefix) end: \(started.name)"))
                        open = nil
                        continue
                    }
                    let body = lines[started.line ..< index]
                    regions.append(ProgramRegion(name: name, firstLine: started.line + 1, lastLine: number - 1,
                                                 text: body.isEmpty ? "" : body.joined(separator: "\n") + "\n"))
                    open = nil
                }
            }
        }
        if let open {
            problems.append(LessonProblem(file: path, line: open.line, message: "region '\(open.name)' has no end: add \(prefix) end: \(open.name) after its code"))
        }
        if !problems.isEmpty { return .failure(LessonProblems(problems: problems)) }
        return .success(ProgramSource(role: role, language: language, path: path, bytes: bytes, regions: regions))
    }

    /// A region's name: 1 to 40 letters, digits, `-` and `_`.
    public static func isRegionName(_ name: String) -> Bool { Lesson.isValidName(name) }
}

extension Lesson {
    /// Whether the lesson runs programs (a folder with `languages:`), not sockstep's player.
    public var hasPrograms: Bool { programs != nil }

    /// The lesson as it runs in `language`: only the steps that exist in it (`only:`),
    /// renumbered; each step's explanation and the summary in that language; each step's code the
    /// lines of its region in that language's program. A lesson without programs comes back as
    /// it is.
    public func resolved(for language: CodeLanguage) -> Lesson {
        guard var programs else { return self }
        var out = self
        programs.language = language
        programs.extras = programs.extras.filter { $0.languages?.contains(language) ?? true }
        out.summary = summaries[language] ?? summary
        out.summaries = [:]
        var steps: [Step] = []
        var counts: [String: Int] = [:]
        for step in self.steps where step.only?.contains(language) ?? true {
            var s = step
            s.index = steps.count
            counts[s.role, default: 0] += 1
            s.numberInRole = counts[s.role]!
            s.explanation = step.explanations[language] ?? step.explanation
            s.explanations = [:]
            let region = step.regions[language]
            s.regions = region.map { [language: $0] } ?? [:]
            s.code = [:]
            if let region, let source = programs.source(role: step.role, language: language) {
                let texts = region.split(separator: "+").compactMap { source.region(String($0))?.text }
                if !texts.isEmpty { s.code[language] = texts.joined(separator: "\n") }
            }
            s.only = nil
            steps.append(s)
        }
        programs.sources = programs.sources.filter { $0.language == language }
        out.programs = programs
        out.steps = steps
        return out
    }

    /// The region a step's call is made in, in the language the lesson was resolved for.
    public func region(of step: Step) -> String? {
        guard let language = programs?.language else { return nil }
        return step.regions[language]
    }
}

extension Lesson {
    /// Reads every program of the lesson (each language × role) from `folder` with `read` and
    /// checks them against the steps: each program exists and is sound, each region a step or
    /// an extra names is in the program of its language. Every problem is reported, with the
    /// program's or the lesson file's line.
    public mutating func loadPrograms(folder: String,
                                      read: (_ path: String, _ role: String, _ language: CodeLanguage) -> Result<ProgramSource, LessonProblems>) throws(LessonProblems) {
        guard var programs else { return }
        var problems: [LessonProblem] = []
        var sources: [ProgramSource] = []
        for language in programs.languages {
            for role in roles {
                let file = folder + "/" + role.name + "." + language.fileExtension
                switch read(file, role.name, language) {
                case .success(let source): sources.append(source)
                case .failure(let failure): problems += failure.problems
                }
            }
        }
        for step in steps {
            for language in programs.languages where step.only?.contains(language) ?? true {
                guard let source = sources.first(where: { $0.role == step.role && $0.language == language }) else { continue }
                guard let region = step.regions[language] else {
                    problems.append(LessonProblem(file: path, line: step.codeLine, message: "the step gives no region of the \(language.rawValue) program \(source.fileName); add \(language.rawValue): NAME to its code:"))
                    continue
                }
                for name in region.split(separator: "+").map(String.init) where source.region(name) == nil {
                    problems.append(LessonProblem(file: path, line: step.codeLine, message: "\(source.fileName) has no region '\(name)' (\(Self.regionList(source))); mark it with \(language.commentPrefix) step: \(name) ... \(language.commentPrefix) end: \(name)"))
                }
            }
        }
        for extra in programs.extras {
            guard let region = extra.region else { continue }
            let languages = programs.languages.filter { extra.languages?.contains($0) ?? true }
            let named = steps.contains { step in languages.contains { step.regions[$0]?.split(separator: "+").contains(Substring(region)) ?? false } }
            if !named {
                problems.append(LessonProblem(file: path, line: extra.line, message: "no step's code is region '\(CallSyntax.shown(region))' in \(languages.map(\.rawValue).joined(separator: ", ")); in: names the region (step) the call happens in"))
            }
        }
        if !problems.isEmpty { throw LessonProblems(problems: problems) }
        programs.sources = sources
        self.programs = programs
    }

    static func regionList(_ source: ProgramSource) -> String {
        source.regions.isEmpty ? "it marks none" : "its regions: " + source.regions.map(\.name).joined(separator: ", ")
    }
}

extension ProgramRegion {
    /// Lines of code as shown beside a step: the indentation they all share taken off (the
    /// text itself stays the program's).
    public static func dedented(_ code: String) -> [String] {
        var lines = code.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        let indents = lines.filter { !$0.allSatisfy { $0 == " " } }.map { $0.prefix { $0 == " " }.count }
        let common = indents.min() ?? 0
        return lines.map { $0.count >= common ? String($0.dropFirst(common)) : "" }
    }
}
