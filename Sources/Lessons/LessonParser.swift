import Decoding
import Glibc
import Tracing
import Yams

/// One thing wrong with a lesson file: `file:line: what is wrong; what is allowed`.
public struct LessonProblem: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var message: String

    public var description: String { "\(file):\(line): \(message)" }
}

/// All the problems of a file, reported together before anything runs.
public struct LessonProblems: Error, Sendable, CustomStringConvertible {
    public var problems: [LessonProblem]
    public var description: String { problems.map(\.description).joined(separator: "\n") }
}

/// Reads and checks a lesson file (YAML).
public enum LessonParser {
    static let topKeys: Set<String> = ["name", "title", "summary", "port", "roles", "steps"]
    static let roleKeys: Set<String> = ["name", "about"]
    static let stepKeys: Set<String> = ["role", "title", "call", "result", "explain", "code"]

    public static func load(path: String) throws(LessonProblems) -> Lesson {
        guard let text = ProcNet.readFile(path) else {
            throw LessonProblems(problems: [LessonProblem(file: path, line: 0, message: "cannot read the lesson file: \(String(cString: strerror(errno)))")])
        }
        return try parse(text, path: path)
    }

    public static func parse(_ text: String, path: String) throws(LessonProblems) -> Lesson {
        var problems: [LessonProblem] = []
        func problem(_ node: Node?, _ message: String) {
            problems.append(LessonProblem(file: path, line: node?.mark?.line ?? 1, message: message))
        }
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else {
                throw LessonProblems(problems: [LessonProblem(file: path, line: 1, message: "the file is empty; a lesson has title, roles and steps")])
            }
            root = node
        } catch let e as LessonProblems {
            throw e
        } catch let e as YamlError {
            throw LessonProblems(problems: [LessonProblem(file: path, line: yamlLine(e), message: "not valid YAML: \(yamlMessage(e))")])
        } catch {
            throw LessonProblems(problems: [LessonProblem(file: path, line: 1, message: "not valid YAML: \(error)")])
        }
        guard let top = root.mapping else {
            throw LessonProblems(problems: [LessonProblem(file: path, line: root.mark?.line ?? 1, message: "a lesson is a mapping with title, roles and steps")])
        }
        for (key, _) in top where !topKeys.contains(key.string ?? "") {
            problem(key, "unknown key '\(key.string ?? "?")'\(hint(key.string ?? "", topKeys)); a lesson has \(topKeys.sorted().joined(separator: ", "))")
        }
        let fileName = String((path.split(separator: "/").last ?? "lesson").split(separator: ".").first ?? "lesson")
        let name = top["name"]?.string ?? fileName
        let title = top["title"]?.string ?? ""
        if title.isEmpty { problem(top["title"] ?? root, "the lesson has no title: add `title: ...`") }
        let summary = top["summary"]?.string ?? ""
        var port = 8888
        if let node = top["port"] {
            if let p = node.int, (1 ... 65535).contains(p) { port = p } else { problem(node, "port must be a number from 1 to 65535") }
        }

        // Roles
        var roles: [Role] = []
        if let seq = top["roles"]?.sequence {
            for node in seq {
                guard let m = node.mapping, let roleName = m["name"]?.string, !roleName.isEmpty else {
                    problem(node, "a role needs a name: `- name: server`")
                    continue
                }
                for (key, _) in m where !roleKeys.contains(key.string ?? "") {
                    problem(key, "unknown key '\(key.string ?? "?")' in a role; a role has name and about")
                }
                if roles.contains(where: { $0.name == roleName }) { problem(node, "role '\(roleName)' is listed twice") }
                roles.append(Role(name: roleName, about: m["about"]?.string ?? ""))
            }
        } else {
            problem(top["roles"] ?? root, "the lesson has no roles: add `roles:` with `- name: server` and the others")
        }

        // Steps
        var steps: [Step] = []
        var defined: [String: Set<String>] = [:]
        var countInRole: [String: Int] = [:]
        guard let stepNodes = top["steps"]?.sequence else {
            problem(top["steps"] ?? root, "the lesson has no steps: add `steps:`, each with role, title, call")
            throw LessonProblems(problems: problems)
        }
        for node in stepNodes {
            guard let m = node.mapping else {
                problem(node, "a step is a mapping with role, title, call, explain and code")
                continue
            }
            for (key, _) in m where !stepKeys.contains(key.string ?? "") {
                problem(key, "unknown key '\(key.string ?? "?")' in a step\(hint(key.string ?? "", stepKeys)); a step has \(stepKeys.sorted().joined(separator: ", "))")
            }
            let line = node.mark?.line ?? 1
            guard let role = m["role"]?.string else {
                problem(node, "the step has no role: add `role:` (one of \(roles.map(\.name).joined(separator: ", ")))")
                continue
            }
            if !roles.contains(where: { $0.name == role }) {
                problem(m["role"], "unknown role '\(role)'\(hint(role, Set(roles.map(\.name)))); the lesson's roles are \(roles.map(\.name).joined(separator: ", "))")
            }
            guard let callNode = m["call"], let callText = callNode.string else {
                problem(node, "the step has no call: add `call: socket(AF_INET, SOCK_STREAM, IPPROTO_IP)` or another")
                continue
            }
            var call: CallExpression?
            do {
                call = try CallSyntax.parse(callText, known: defined[role] ?? [])
            } catch {
                problem(callNode, error.message)
            }
            var resultName: String?
            if let resultNode = m["result"] {
                if let r = resultNode.string, CallSyntax.isIdentifier(r) {
                    resultName = r
                    if let call, let kind = LessonCall(rawValue: call.name), !kind.returnsDescriptor {
                        problem(resultNode, "\(call.name) returns no descriptor to name; only socket, accept and accept4 do")
                    } else {
                        defined[role, default: []].insert(r)
                    }
                } else {
                    problem(resultNode, "result must be a name made of letters, digits and _ (it becomes $name)")
                }
            }
            var code: [CodeLanguage: String] = [:]
            if let codeNode = m["code"] {
                if let cm = codeNode.mapping {
                    for (key, value) in cm {
                        guard let language = CodeLanguage(rawValue: key.string ?? "") else {
                            problem(key, "unknown language '\(key.string ?? "?")'; use \(CodeLanguage.allCases.map(\.rawValue).joined(separator: ", "))")
                            continue
                        }
                        code[language] = value.string ?? ""
                    }
                } else {
                    problem(codeNode, "code is a mapping from language (rust, c, python, swift) to code")
                }
            }
            countInRole[role, default: 0] += 1
            if let call {
                steps.append(Step(index: steps.count, numberInRole: countInRole[role]!, role: role,
                                  title: m["title"]?.string ?? call.name, explanation: m["explain"]?.string ?? "",
                                  code: code, call: call, resultName: resultName, line: line))
            }
        }
        for role in roles where countInRole[role.name, default: 0] == 0 {
            let node = top["roles"]?.sequence?.first { $0.mapping?["name"]?.string == role.name }
            problem(node, "role '\(role.name)' has no steps; give it a step or remove it")
        }
        if !problems.isEmpty { throw LessonProblems(problems: problems.sorted { $0.line < $1.line }) }
        return Lesson(name: name, title: title, summary: summary, path: path, defaultPort: port, roles: roles, steps: steps)
    }

    /// ` (did you mean 'explain'?)` for a near miss.
    static func hint(_ word: String, _ choices: Set<String>) -> String {
        guard let near = NearMiss.nearest(word, in: Array(choices), limit: 3) else { return "" }
        return " (did you mean '\(near)'?)"
    }

    static func yamlLine(_ error: YamlError) -> Int {
        switch error {
        case .scanner(let context, _, let mark, _), .parser(let context, _, let mark, _), .composer(let context, _, let mark, _):
            // "while scanning a quoted scalar" points at where the trouble starts.
            return context?.mark.line ?? mark.line
        default:
            return 1
        }
    }

    static func yamlMessage(_ error: YamlError) -> String {
        switch error {
        case .scanner(let context, let problem, _, _), .parser(let context, let problem, _, _), .composer(let context, let problem, _, _):
            var text = (context.map { $0.text + ": " } ?? "") + problem
            if problem.contains("mapping values are not allowed") { text += " (a value containing ': ' must be in quotes)" }
            if problem.contains("did not find expected") { text += " (check the indentation)" }
            return text
        default:
            return "\(error)"
        }
    }
}
