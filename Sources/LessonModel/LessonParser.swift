import Decoding
import Glibc
import Yams

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

/// Reads and checks a lesson file (YAML). A lesson file is untrusted input: its text is checked
/// by `LessonFileCheck` before Yams composes it, and every value here has a form and a range.
public enum LessonParser {
    static let topKeys: Set<String> = ["name", "title", "summary", "port", "roles", "steps"]
    static let roleKeys: Set<String> = ["name", "about"]
    static let stepKeys: Set<String> = ["role", "title", "call", "result", "explain", "code"]
    /// At most this many problems are listed; one more line says how many were left out.
    static let shownProblems = 20

    public static func load(path: String) throws(LessonProblems) -> Lesson {
        try parse(bytes: try LessonFileCheck.read(path: path), path: path)
    }

    public static func parse(_ text: String, path: String) throws(LessonProblems) -> Lesson {
        try parse(bytes: Array(text.utf8), path: path)
    }

    public static func parse(bytes file: [UInt8], path: String) throws(LessonProblems) -> Lesson {
        // A byte order mark (some editors write one) is not part of the text.
        let bytes = file.starts(with: [0xef, 0xbb, 0xbf]) ? Array(file.dropFirst(3)) : file
        if bytes.count > LessonLimits.fileBytes { throw LessonFileCheck.tooLarge(path, bytes.count) }
        try LessonFileCheck.checkText(bytes, path: path)
        try LessonFileCheck.checkYAML(bytes, path: path)
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: String(decoding: bytes, as: UTF8.self)) else {
                throw LessonProblems(problems: [LessonProblem(file: path, line: 1, message: "the file is empty; a lesson has title, roles and steps")])
            }
            root = node
        } catch let e as LessonProblems {
            throw e
        } catch {
            // LessonFileCheck went through the same parser's events first: Yams finds nothing
            // it did not; still, its message (several lines) is cut to its first line.
            let first = "\(error)".split(separator: "\n").first.map(String.init) ?? ""
            throw LessonProblems(problems: [LessonProblem(file: path, line: 1, message: "not valid YAML: \(CallSyntax.shown(first))")])
        }
        var checker = Checker(path: path, root: root)
        guard var lesson = checker.lesson(), checker.problems.isEmpty else { throw checker.reported() }
        lesson.source = file
        return lesson
    }

    /// Walks the composed tree once (linear in the number of steps), collecting problems.
    struct Checker {
        let path: String
        let root: Node
        var problems: [LessonProblem] = []
        /// Steps written for each role, with those whose call was refused.
        var writtenSteps: [String: Int] = [:]
        /// The list of roles has a problem: a step's role is not looked up in it.
        var rolesRefused = false

        init(path: String, root: Node) {
            self.path = path
            self.root = root
        }

        mutating func problem(_ node: Node?, _ message: String) {
            problems.append(LessonProblem(file: path, line: node?.mark?.line ?? 1, message: message))
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
        mutating func text(_ node: Node?, _ field: String, limit: Int, lines: Bool = false) -> String? {
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
            let summary = text(top["summary"], "summary", limit: LessonLimits.textLength, lines: true) ?? ""
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
            let lesson = Lesson(name: name, title: title ?? "", summary: summary, path: path, defaultPort: port, roles: roles, steps: steps)
            if problems.isEmpty { problems = lesson.portProblems(port: port) + lesson.targetProblems() }
            return lesson
        }

        /// `name:`, checked; without it, the file's name with every character a name may not
        /// have made `_`.
        mutating func lessonName(_ node: Node?) -> String {
            if let node {
                let name = text(node, "name", limit: LessonLimits.textLength) ?? ""
                if Lesson.isValidName(name) { return name }
                problem(node, "the lesson's name '\(CallSyntax.shown(name))' may have only letters, digits, - and _ (1 to \(LessonLimits.nameLength) of them): it names the run's folder")
                return "lesson"
            }
            let file = path.split(separator: "/").last.map(String.init) ?? ""
            let stem = file.split(separator: ".", omittingEmptySubsequences: false).first.map(String.init) ?? ""
            let cleaned = String(decoding: stem.utf8.prefix(LessonLimits.nameLength).map { byte in
                Lesson.isLetterOrDigit(byte) || byte == UInt8(ascii: "-") ? byte : UInt8(ascii: "_")
            }, as: UTF8.self)
            return cleaned.isEmpty ? "lesson" : cleaned
        }

        mutating func roles(_ top: Node.Mapping) -> [Role] {
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
        mutating func steps(_ top: Node.Mapping, roles: [Role]) -> [Step]? {
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
                let line = node.mark?.line ?? 1
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
                if let codeNode = m["code"] {
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
                let title = text(m["title"], "title", limit: LessonLimits.titleLength)
                let explanation = text(m["explain"], "explain", limit: LessonLimits.textLength, lines: true) ?? ""
                if let call {
                    steps.append(Step(index: steps.count, numberInRole: countInRole[role]!, role: role,
                                      title: title ?? call.name, explanation: explanation, code: code, call: call,
                                      resultName: resultName, line: line, callLine: callNode.mark?.line ?? line))
                }
            }
            return steps
        }
    }

    /// ` (did you mean 'explain'?)` for a near miss.
    static func hint(_ word: String, _ choices: Set<String>) -> String {
        guard let near = NearMiss.nearest(word, in: Array(choices), limit: 3) else { return "" }
        return " (did you mean '\(near)'?)"
    }
}
