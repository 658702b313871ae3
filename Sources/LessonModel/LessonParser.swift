import Decoding
import Glibc

/// One thing wrong with a lesson file: `file:line: what is wrong; what is allowed`.
public struct LessonProblem: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var message: String

    public init(file: String, line: Int, message: String) {
        (self.file, self.line, self.message) = (file, line, message)
    }

    public var description: String { "\(file):\(line): \(message)" }
}

/// All the problems of a file, reported together before anything runs.
public struct LessonProblems: Error, Sendable, CustomStringConvertible {
    public var problems: [LessonProblem]
    public init(problems: [LessonProblem]) { self.problems = problems }
    public var description: String { problems.map(\.description).joined(separator: "\n") }
}

/// Reads and checks a lesson file (YAML). A lesson file is untrusted input: its text and its
/// YAML are checked by `LessonFileCheck` as it composes the tree, and every value here has a
/// form and a range.
public enum LessonParser {
    static let topKeys: Set<String> = ["name", "title", "summary", "port", "roles", "steps", "languages", "trace", "argument", "extras"]
    static let roleKeys: Set<String> = ["name", "about"]
    static let stepKeys: Set<String> = ["role", "title", "call", "result", "explain", "code", "also", "only", "grade", "points", "fails", "child"]
    static let extraKeys: Set<String> = ["language", "call", "in", "by", "explain"]
    /// At most this many problems are listed; one more line says how many were left out.
    static let shownProblems = 20

    /// The lesson file at `path`, checked; for a lesson with programs, its programs too (read
    /// from the file's folder, each checked).
    public static func load(path: String) throws(LessonProblems) -> Lesson {
        var lesson = try parse(bytes: try LessonFileCheck.read(path: path), path: path)
        if lesson.programs != nil {
            let folder = path.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
            try lesson.loadPrograms(folder: folder.isEmpty ? "." : folder, read: ProgramFiles.read)
        }
        return lesson
    }

    public static func parse(_ text: String, path: String) throws(LessonProblems) -> Lesson {
        try parse(bytes: Array(text.utf8), path: path)
    }

    public static func parse(bytes file: [UInt8], path: String) throws(LessonProblems) -> Lesson {
        // A byte order mark (some editors write one) is not part of the text.
        let bytes = file.starts(with: [0xef, 0xbb, 0xbf]) ? Array(file.dropFirst(3)) : file
        if bytes.count > LessonLimits.fileBytes { throw LessonFileCheck.tooLarge(path, bytes.count) }
        try LessonFileCheck.checkText(bytes, path: path)
        guard let root = try LessonFileCheck.compose(bytes, path: path) else {
            throw LessonProblems(problems: [LessonProblem(file: path, line: 1, message: "the file is empty; a lesson has title, roles and steps")])
        }
        var checker = Checker(path: path, root: root)
        guard var lesson = checker.lesson(), checker.problems.isEmpty else { throw checker.reported() }
        lesson.source = file
        return lesson
    }

    /// Walks the composed tree once (linear in the number of steps), collecting problems.
    struct Checker {
        let path: String
        let root: YAMLNode
        var problems: [LessonProblem] = []
        /// Steps written for each role, with those whose call was refused.
        var writtenSteps: [String: Int] = [:]
        /// The list of roles has a problem: a step's role is not looked up in it.
        var rolesRefused = false
        /// A lesson with programs: the languages it offers (nil: a calls-only lesson).
        var languages: [CodeLanguage]?

        init(path: String, root: YAMLNode) {
            self.path = path
            self.root = root
        }

        mutating func problem(_ node: YAMLNode?, _ message: String) {
            problems.append(LessonProblem(file: path, line: node?.line ?? 1, message: message))
        }

        /// The problems sorted by line, at most `shownProblems` of them and a line for the rest.
        func reported() -> LessonProblems {
            let sorted = problems.sorted { $0.line < $1.line }
            guard sorted.count > shownProblems else { return LessonProblems(problems: sorted) }
            let rest = sorted.count - shownProblems
            return LessonProblems(problems: Array(sorted.prefix(shownProblems)) + [
                LessonProblem(file: path, line: sorted[shownProblems].line, message: "and \(rest) more problem\(rest == 1 ? "" : "s") from here on"),
            ])
        }

        /// Text: a scalar (not a list or mapping) of at most `limit` characters; on one line
        /// unless `lines`.
        mutating func text(_ node: YAMLNode?, _ field: String, limit: Int, lines: Bool = false) -> String? {
            guard let node else { return nil }
            guard let scalar = node.scalar else {
                problem(node, "\(field) is text, not a list or a mapping")
                return nil
            }
            var value = scalar.string
            if !lines { value = value.trimmingSpaces() }
            // Unicode scalars, not Characters: combining marks count, and counting is linear.
            if value.unicodeScalars.count > limit {
                problem(node, "\(field) has \(value.unicodeScalars.count) characters; at most \(limit)")
                return nil
            }
            if !lines && value.contains("\n") {
                problem(node, "\(field) is one line of text")
                return nil
            }
            return value
        }

        func isRoleName(_ name: String) -> Bool {
            guard let first = name.utf8.first, (UInt8(ascii: "a") ... UInt8(ascii: "z")).contains(first | 0x20) else { return false }
            return Lesson.isValidName(name) && name.utf8.count <= LessonLimits.roleNameLength
        }

        /// The lesson, or nil when it is too broken to go on (the problems say why).
        mutating func lesson() -> Lesson? {
            guard let top = root.mapping else {
                problem(root, "a lesson is a mapping with title, roles and steps")
                return nil
            }
            for (key, _) in top where !topKeys.contains(key.string ?? "") {
                problem(key, "unknown key '\(CallSyntax.shown(key.string ?? "?"))'\(hint(key.string ?? "", topKeys)); a lesson has \(topKeys.sorted().joined(separator: ", "))")
            }
            let name = lessonName(top["name"])
            let titleNode = top["title"]
            let title = text(titleNode, "title", limit: LessonLimits.titleLength)
            if titleNode == nil || title == "" { problem(titleNode ?? root, "the lesson has no title: add `title: ...`") }
            languages = programLanguages(top["languages"])
            for key in ["trace", "argument", "extras"] where languages == nil {
                if let node = top[key] { problem(node, "\(key): is for a lesson with programs; add languages: [rust, c, python, swift] (the programs in the lesson's folder), or remove it") }
            }
            let (summary, summaries) = perLanguage(top["summary"], "summary")
            var port = 8888
            if let node = top["port"] {
                if let p = node.scalar.flatMap({ CallSyntax.plainDecimal($0.string) }), (1 ... 65535).contains(p) {
                    port = Int(p)
                } else {
                    problem(node, "port must be a number from 1 to 65535")
                }
            }
            let roles = self.roles(top)
            guard let steps = self.steps(top, roles: roles) else { return nil }
            for role in roles where writtenSteps[role.name, default: 0] == 0 {
                let node = top["roles"]?.sequence?.first { $0.mapping?["name"]?.string == role.name }
                problem(node, "role '\(role.name)' has no steps; give it a step or remove it")
            }
            var lesson = Lesson(name: name, title: title ?? "", summary: summary, path: path, defaultPort: port, roles: roles, steps: steps)
            lesson.summaries = summaries
            if let languages {
                lesson.programs = LessonPrograms(languages: languages, trace: traceSet(top["trace"]), argument: argument(top["argument"]),
                                                 extras: extras(top["extras"], languages: languages))
            }
            if problems.isEmpty { problems = lesson.portProblems(port: port) + lesson.targetProblems() }
            return lesson
        }

        /// `name:`, checked; without it, the file's name with every character a name may not
        /// have made `_`.
        mutating func lessonName(_ node: YAMLNode?) -> String {
            if let node {
                let name = text(node, "name", limit: LessonLimits.textLength) ?? ""
                if Lesson.isValidName(name) { return name }
                problem(node, "the lesson's name '\(CallSyntax.shown(name))' may have only letters, digits, - and _ (1 to \(LessonLimits.nameLength) of them): it names the run's folder")
                return "lesson"
            }
            let stem = Catalog.name(ofFile: path).split(separator: ".", omittingEmptySubsequences: false).first.map(String.init) ?? ""
            let cleaned = String(decoding: stem.utf8.prefix(LessonLimits.nameLength).map { byte in
                Lesson.isLetterOrDigit(byte) || byte == UInt8(ascii: "-") ? byte : UInt8(ascii: "_")
            }, as: UTF8.self)
            return cleaned.isEmpty ? "lesson" : cleaned
        }

        mutating func roles(_ top: YAMLNode.Mapping) -> [Role] {
            let before = problems.count
            defer { rolesRefused = rolesRefused || problems.count > before }
            guard let node = top["roles"] else {
                problem(root, "the lesson has no roles: add `roles:` with `- name: server` and the others")
                return []
            }
            guard let sequence = node.sequence else {
                problem(node, "roles is a list: `- name: server`, `- name: client`")
                rolesRefused = true
                return []
            }
            var roles: [Role] = []
            // At most LessonLimits.roles of them, and of steps: LessonFileCheck counted them.
            for node in sequence {
                guard let m = node.mapping, let nameNode = m["name"] else {
                    problem(node, "a role needs a name: `- name: server`")
                    continue
                }
                for (key, _) in m where !roleKeys.contains(key.string ?? "") {
                    problem(key, "unknown key '\(CallSyntax.shown(key.string ?? "?"))' in a role; a role has name and about")
                }
                guard let roleName = text(nameNode, "a role's name", limit: LessonLimits.textLength) else { continue }
                guard isRoleName(roleName) else {
                    problem(nameNode, "a role's name '\(CallSyntax.shown(roleName))' starts with a letter and has only letters, digits, - and _ (at most \(LessonLimits.roleNameLength))")
                    continue
                }
                if roles.contains(where: { $0.name == roleName }) { problem(node, "role '\(roleName)' is listed twice") }
                roles.append(Role(name: roleName, about: text(m["about"], "about", limit: LessonLimits.textLength, lines: true) ?? ""))
            }
            return roles
        }

        /// The steps; nil when there are none.
        mutating func steps(_ top: YAMLNode.Mapping, roles: [Role]) -> [Step]? {
            guard let stepsNode = top["steps"] else {
                problem(root, "the lesson has no steps: add `steps:`, each with role, title, call")
                return nil
            }
            guard let stepNodes = stepsNode.sequence else {
                problem(stepsNode, "steps is a list: `- role: server`, with title, call, explain and code")
                return nil
            }
            let roleNames = Set(roles.map(\.name))
            let roleList = roles.map(\.name).joined(separator: ", ")
            var steps: [Step] = []
            var defined: [String: Set<String>] = [:]
            var countInRole: [String: Int] = [:]
            defer { writtenSteps = countInRole }
            for node in stepNodes {
                guard let m = node.mapping else {
                    problem(node, "a step is a mapping with role, title, call, explain and code")
                    continue
                }
                for (key, _) in m where !stepKeys.contains(key.string ?? "") {
                    problem(key, "unknown key '\(CallSyntax.shown(key.string ?? "?"))' in a step\(hint(key.string ?? "", stepKeys)); a step has \(stepKeys.sorted().joined(separator: ", "))")
                }
                let line = node.line
                guard let role = text(m["role"], "role", limit: LessonLimits.textLength) else {
                    if m["role"] == nil { problem(node, "the step has no role: add `role:` (one of \(roleList))") }
                    continue
                }
                countInRole[role, default: 0] += 1
                if !roleNames.contains(role) && !rolesRefused {
                    problem(m["role"], "unknown role '\(CallSyntax.shown(role))'\(hint(role, roleNames)); the lesson's roles are \(roleList)")
                }
                guard let callNode = m["call"] else {
                    problem(node, "the step has no call: add `call: socket(AF_INET, SOCK_STREAM, IPPROTO_IP)` or another")
                    continue
                }
                guard let callText = text(callNode, "call", limit: LessonLimits.textLength) else { continue }
                var call: CallExpression?
                do {
                    call = try CallSyntax.parse(callText, known: defined[role] ?? [])
                } catch {
                    problem(callNode, error.message)
                }
                var resultName: String?
                if let resultNode = m["result"] {
                    if let r = resultNode.scalar?.string, CallSyntax.isIdentifier(r), r.utf8.count <= LessonLimits.nameLength {
                        resultName = r
                        if let call, let kind = LessonCall(rawValue: call.name), !kind.returnsDescriptor {
                            problem(resultNode, "\(call.name) returns no descriptor to name; only socket, accept and accept4 do")
                        } else {
                            defined[role, default: []].insert(r)
                        }
                    } else {
                        problem(resultNode, "result must be a name made of letters, digits and _ (at most \(LessonLimits.nameLength); it becomes $name)")
                    }
                }
                var code: [CodeLanguage: String] = [:]
                var regions: [CodeLanguage: String] = [:]
                if let languages {
                    regions = self.regions(m["code"], languages: languages, stepNode: node)
                } else if let codeNode = m["code"] {
                    if let cm = codeNode.mapping {
                        for (key, value) in cm {
                            guard let language = CodeLanguage(rawValue: key.string ?? "") else {
                                problem(key, "unknown language '\(CallSyntax.shown(key.string ?? "?"))'; use \(CodeLanguage.allCases.map(\.rawValue).joined(separator: ", "))")
                                continue
                            }
                            code[language] = text(value, "code", limit: LessonLimits.textLength, lines: true) ?? ""
                        }
                    } else {
                        problem(codeNode, "code is a mapping from language (rust, c, python, swift) to code")
                    }
                }
                var also: [String] = []
                var only: Set<CodeLanguage>?
                var fails: String?
                if let failsNode = m["fails"] {
                    if languages == nil {
                        problem(failsNode, "fails: is for a lesson with programs (languages:); a calls-only lesson's step is expected to succeed")
                    } else if let name = failsNode.scalar?.string, ErrnoTable.number(name) != nil {
                        fails = name
                    } else {
                        problem(failsNode, "fails: is the error the step's call fails with as the lesson is written, as strace names it (EAGAIN, EINPROGRESS, ...)")
                    }
                }
                var child: Int?
                if let childNode = m["child"] {
                    if languages == nil {
                        problem(childNode, "child: is for a lesson with programs (languages:); sockstep's player forks no children")
                    } else if let text = childNode.scalar?.string, let n = Int(text), (1 ... LessonLimits.children).contains(n), String(n) == text {
                        child = n
                    } else {
                        problem(childNode, "child: is the number of the role's child process that makes the step, 1 for the first it forks (at most \(LessonLimits.children))")
                    }
                }
                for key in ["also", "only"] where languages == nil {
                    if let node = m[key] { problem(node, "\(key): is for a lesson with programs (languages:); a calls-only lesson's step makes exactly its call") }
                }
                if let languages {
                    also = callNames(m["also"])
                    if let onlyNode = m["only"] {
                        let list = languageList(onlyNode, "only", within: languages)
                        if list.isEmpty { problem(onlyNode, "only: names the languages the step exists in (some of \(languages.map(\.rawValue).joined(separator: ", ")))") }
                        only = Set(list)
                    }
                }
                let title = text(m["title"], "title", limit: LessonLimits.titleLength)
                let (explanation, explanations) = perLanguage(m["explain"], "explain")
                let (grade, points) = grading(m["grade"], m["points"])
                if let call {
                    var step = Step(index: steps.count, numberInRole: countInRole[role]!, role: role,
                                    title: title ?? call.name, explanation: explanation, code: code, call: call,
                                    resultName: resultName, line: line, callLine: callNode.line)
                    step.explanations = explanations
                    step.regions = regions
                    step.also = also
                    step.only = only
                    step.grade = grade
                    step.points = points
                    step.codeLine = m["code"]?.line ?? line
                    step.fails = fails
                    step.child = child
                    steps.append(step)
                }
            }
            return steps
        }
    }

    /// The parts of a lesson with programs.
    static let traceLimit = 400
}

extension LessonParser.Checker {
    /// `languages: [rust, c, python, swift]`: nil when absent (a calls-only lesson).
    mutating func programLanguages(_ node: YAMLNode?) -> [CodeLanguage]? {
        guard let node else { return nil }
        let list = languageList(node, "languages", within: CodeLanguage.allCases)
        if list.isEmpty { problem(node, "languages: lists the languages of the lesson's programs, e.g. [rust, c, python, swift]; the first is the default") }
        return list
    }

    /// A list of language names, each once, each one of `within`.
    mutating func languageList(_ node: YAMLNode, _ field: String, within: [CodeLanguage]) -> [CodeLanguage] {
        guard let sequence = node.sequence else {
            problem(node, "\(field) is a list of languages: [\(within.map(\.rawValue).joined(separator: ", "))]")
            return []
        }
        var out: [CodeLanguage] = []
        for item in sequence {
            guard let name = item.scalar?.string, let language = CodeLanguage(rawValue: name), within.contains(language) else {
                problem(item, "'\(CallSyntax.shown(item.scalar?.string ?? "?"))' is not one of the languages here: \(within.map(\.rawValue).joined(separator: ", "))")
                continue
            }
            if out.contains(language) { problem(item, "\(name) is listed twice") }
            out.append(language)
        }
        return out
    }

    /// A text given once, or per language: `{default: ..., python: ...}` (lessons with programs).
    mutating func perLanguage(_ node: YAMLNode?, _ field: String) -> (String, [CodeLanguage: String]) {
        guard let node else { return ("", [:]) }
        guard let mapping = node.mapping else {
            return (text(node, field, limit: LessonLimits.textLength, lines: true) ?? "", [:])
        }
        guard let languages else {
            problem(node, "\(field) is text; a text per language is for lessons with programs (languages:)")
            return ("", [:])
        }
        var fallback: String?
        var texts: [CodeLanguage: String] = [:]
        for (key, value) in mapping {
            let name = key.string ?? ""
            if name == "default" {
                fallback = text(value, field, limit: LessonLimits.textLength, lines: true)
            } else if let language = CodeLanguage(rawValue: name), languages.contains(language) {
                texts[language] = text(value, field, limit: LessonLimits.textLength, lines: true) ?? ""
            } else {
                problem(key, "'\(CallSyntax.shown(name))' in \(field): use default or one of the lesson's languages (\(languages.map(\.rawValue).joined(separator: ", ")))")
            }
        }
        if fallback == nil, let missing = languages.first(where: { texts[$0] == nil }) {
            problem(node, "\(field) has no text for \(missing.rawValue): add default: (the text for every other language) or \(missing.rawValue):")
        }
        return (fallback ?? "", texts)
    }

    /// `code:` of a step in a lesson with programs: the region of each language's program that
    /// makes the call, one name for every language or a mapping per language.
    mutating func regions(_ node: YAMLNode?, languages: [CodeLanguage], stepNode: YAMLNode) -> [CodeLanguage: String] {
        guard let node else {
            problem(stepNode, "the step has no code: name the region of the program that makes the call (code: bind, or code: {rust: bind, c: socket})")
            return [:]
        }
        func name(_ value: YAMLNode) -> String? {
            // Several regions, in order: [wait, accept].
            if let list = value.sequence {
                let names = list.compactMap { name($0) }
                guard names.count == list.count, !names.isEmpty else { return nil }
                return names.joined(separator: "+")
            }
            guard let text = value.scalar?.string, ProgramFiles.isRegionName(text) else {
                problem(value, "code: names a region of the program (letters, digits, - and _), marked in it with step: NAME ... end: NAME")
                return nil
            }
            return text
        }
        if node.mapping == nil {
            guard let region = name(node) else { return [:] }
            return Dictionary(uniqueKeysWithValues: languages.map { ($0, region) })
        }
        var out: [CodeLanguage: String] = [:]
        for (key, value) in node.mapping! {
            guard let language = CodeLanguage(rawValue: key.string ?? ""), languages.contains(language) else {
                problem(key, "'\(CallSyntax.shown(key.string ?? "?"))' is not one of the lesson's languages (\(languages.map(\.rawValue).joined(separator: ", ")))")
                continue
            }
            out[language] = name(value)
        }
        return out
    }

    /// `grade: required|optional|forbidden` and `points: N` (0 to 1000): how `sockstep check`
    /// grades a student's call for the step. Absent: required, 1 point (0 when optional).
    mutating func grading(_ gradeNode: YAMLNode?, _ pointsNode: YAMLNode?) -> (StepGrade, Int?) {
        var grade = StepGrade.required
        if let gradeNode {
            if let value = gradeNode.scalar?.string, let known = StepGrade(rawValue: value) {
                grade = known
            } else {
                problem(gradeNode, "grade: is required, optional or forbidden (how sockstep check grades a student's call for the step)")
            }
        }
        guard let pointsNode else { return (grade, nil) }
        guard let text = pointsNode.scalar?.string, let value = CallSyntax.plainDecimal(text), (0 ... 1000).contains(value) else {
            problem(pointsNode, "points: is a whole number from 0 to 1000, in decimal (what the step is worth in sockstep check)")
            return (grade, nil)
        }
        return (grade, Int(value))
    }

    /// `also: [accept, sendto]`: syscall names.
    mutating func callNames(_ node: YAMLNode?) -> [String] {
        guard let node else { return [] }
        guard let sequence = node.sequence else {
            problem(node, "also: is a list of call names, e.g. [accept]")
            return []
        }
        var out: [String] = []
        for item in sequence {
            guard let name = item.scalar?.string, SyscallTable.number(name) != nil else {
                problem(item, "'\(CallSyntax.shown(item.scalar?.string ?? "?"))' is not a system call name\(TraceSelection.suggestion(for: item.scalar?.string ?? ""))")
                continue
            }
            out.append(name)
        }
        return out
    }

    /// `trace: "%network"`: strace's -e trace= set; %network when absent.
    mutating func traceSet(_ node: YAMLNode?) -> String {
        guard let node else { return "%network" }
        guard let value = text(node, "trace", limit: LessonParser.traceLimit), !value.isEmpty else { return "%network" }
        do {
            _ = try TraceSelection.parse(value)
        } catch {
            problem(node, "trace: is strace's -e trace= set (%network, or names and classes with commas): \(error.description)")
        }
        return value
    }

    /// `argument: $PORT` (the default) or `argument: $DIR/NAME` (a socket file in the run folder).
    mutating func argument(_ node: YAMLNode?) -> ProgramArgument {
        guard let node, let value = text(node, "argument", limit: LessonLimits.callLength) else { return .port }
        if value == "$PORT" { return .port }
        if value.hasPrefix("$DIR/"), case .unixPath? = try? CallSyntax.address("unix:" + value) {
            return .socketPath(String(value.dropFirst(5)))
        }
        problem(node, "argument: is $PORT or $DIR/NAME (a socket file in the run's folder), what each program gets as its first argument")
        return .port
    }

    /// `extras:` a list of {language, call, in, by, explain}.
    mutating func extras(_ node: YAMLNode?, languages: [CodeLanguage]) -> [ExtraCall] {
        guard let node else { return [] }
        guard let sequence = node.sequence else {
            problem(node, "extras: is a list, each with language, call, in and explain")
            return []
        }
        var out: [ExtraCall] = []
        for item in sequence {
            guard let m = item.mapping else {
                problem(item, "an extra is a mapping with language, call, in and explain")
                continue
            }
            for (key, _) in m where !LessonParser.extraKeys.contains(key.string ?? "") {
                problem(key, "unknown key '\(CallSyntax.shown(key.string ?? "?"))' in an extra; an extra has \(LessonParser.extraKeys.sorted().joined(separator: ", "))")
            }
            var only: Set<CodeLanguage>?
            if let languageNode = m["language"] {
                if let name = languageNode.scalar?.string, let language = CodeLanguage(rawValue: name), languages.contains(language) {
                    only = [language]
                } else {
                    problem(languageNode, "language: is one of the lesson's languages (\(languages.map(\.rawValue).joined(separator: ", ")))")
                }
            }
            guard let callNode = m["call"], let call = callNode.scalar?.string, SyscallTable.number(call) != nil else {
                problem(m["call"] ?? item, "call: is the system call's name (getsockname, write, ...)")
                continue
            }
            var region: String?
            if let inNode = m["in"] {
                region = inNode.scalar?.string
                if !(region.map(ProgramFiles.isRegionName) ?? false) { problem(inNode, "in: names the region (step) of the program the call happens in") }
            }
            var byRuntime = true
            if let byNode = m["by"] {
                switch byNode.scalar?.string {
                case "runtime": byRuntime = true
                case "program": byRuntime = false
                default: problem(byNode, "by: is runtime (the language's runtime makes the call) or program (a line of the program outside the lesson's regions)")
                }
            }
            let explanation = text(m["explain"], "explain", limit: LessonLimits.textLength, lines: true) ?? ""
            if explanation.isEmpty { problem(item, "the extra has no explain: say why the call is there") }
            out.append(ExtraCall(languages: only, call: call, region: region, byRuntime: byRuntime, explanation: explanation, line: item.line))
        }
        return out
    }
}

extension LessonParser {
    /// ` (did you mean 'explain'?)` for a near miss.
    static func hint(_ word: String, _ choices: Set<String>) -> String {
        guard let near = NearMiss.nearest(word, in: Array(choices), limit: 3) else { return "" }
        return " (did you mean '\(near)'?)"
    }
}
