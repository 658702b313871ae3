import Foundation
import Lessons
import Testing

/// The calls-only lessons in `examples/calls-only/` (the lessons as sockstep's player plays them,
/// before issue 11 gave the lessons programs) and the broken files in `Tests/LessonTests/Broken/`,
/// read through the parser's public API as `sockstep` reads them. The lesson folders of
/// `lessons/` are checked in ProgramLessonTests.
@Suite struct LessonParserTests {
    /// Tests/LessonTests/
    static let testsFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    /// examples/calls-only/ at the package's root.
    static let lessonsFolder = testsFolder.deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("examples/calls-only")
    static let brokenFolder = testsFolder.appendingPathComponent("Broken")

    static func yamlFiles(in folder: URL) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.sorted()
    }

    static func load(_ folder: URL, _ file: String) throws(LessonProblems) -> Lesson {
        try LessonParser.load(path: folder.appendingPathComponent(file).path)
    }

    /// The problems the parser reports for a file; empty if it accepts it.
    static func problems(_ folder: URL, _ file: String) -> [LessonProblem] {
        do {
            _ = try load(folder, file)
            return []
        } catch {
            return error.problems
        }
    }

    // MARK: - The lessons

    @Test func theLessonsOfTheIssueAreThere() {
        let files = Self.yamlFiles(in: Self.lessonsFolder)
        for name in ["tcp", "tcp6", "unix", "udp", "raw"] {
            #expect(files.contains(name + ".yaml"), "examples/calls-only/\(name).yaml is missing")
        }
    }

    @Test(arguments: yamlFiles(in: lessonsFolder))
    func everyLessonIsComplete(file: String) throws {
        let lesson: Lesson
        do {
            lesson = try Self.load(Self.lessonsFolder, file)
        } catch {
            Issue.record("examples/calls-only/\(file) is refused:\n\(error)")
            return
        }
        #expect(lesson.name == String(file.dropLast(".yaml".count)))
        #expect(!lesson.title.isEmpty)
        #expect(!lesson.summary.isEmpty, "\(file): the lesson has no summary")
        #expect(!lesson.roles.isEmpty, "\(file): the lesson has no roles")
        for role in lesson.roles {
            let steps = lesson.steps(of: role.name)
            #expect(!steps.isEmpty, "\(file): role \(role.name) has no steps")
            // Each role is a process of its own: its first call makes its first socket, fd 3.
            #expect(steps.first?.call.name == "socket", "\(file): role \(role.name) does not start with socket")
            #expect(steps.map(\.numberInRole) == Array(1 ... steps.count))
        }
        for step in lesson.steps {
            let place = "\(file):\(step.line) (\(step.role): \(step.call.text))"
            #expect(!step.title.isEmpty, "\(place): no title")
            #expect(!step.explanation.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "\(place): no explanation")
            for language in CodeLanguage.allCases {
                let code = step.code[language]?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
                #expect(!code.isEmpty, "\(place): no \(language.rawValue) code")
            }
        }
        #expect(lesson.steps.map(\.index) == Array(0 ..< lesson.steps.count))
    }

    /// The lines each lesson prints, in the lesson's order: role and call.
    static let expectedCalls: [(String, [String])] = [
        ("tcp", ["server socket", "server setsockopt", "server bind", "server listen", "server accept4",
                 "client socket", "client connect", "server sendto", "client recvfrom"]),
        ("tcp6", ["server socket", "server setsockopt", "server setsockopt", "server bind", "server listen",
                  "server accept4", "client socket", "client connect", "server sendto", "client recvfrom"]),
        ("unix", ["server socket", "server bind", "server listen", "server accept4",
                  "client socket", "client connect", "server write", "client read"]),
        ("udp", ["server socket", "server bind", "server recvfrom", "client socket", "client sendto",
                 "server sendto", "client recvfrom"]),
        ("raw", ["pinger socket", "pinger sendto", "pinger recvfrom", "pinger recvfrom"]),
    ]

    @Test(arguments: expectedCalls)
    func theCallsComeInTheLessonsOrder(name: String, calls: [String]) throws {
        let lesson = try Self.load(Self.lessonsFolder, name + ".yaml")
        #expect(lesson.steps.map { "\($0.role) \($0.call.name)" } == calls)
    }

    @Test func theTcpLessonIsTheSlides() throws {
        let lesson = try Self.load(Self.lessonsFolder, "tcp.yaml")
        #expect(lesson.roles.map(\.name) == ["server", "client"])
        #expect(lesson.defaultPort == 8888)
        #expect(lesson.steps(of: "server").map(\.call.name) == ["socket", "setsockopt", "bind", "listen", "accept4", "sendto"])
        #expect(lesson.steps(of: "client").map(\.call.name) == ["socket", "connect", "recvfrom"])
        let first = try #require(lesson.steps.first)
        #expect(first.call.text == "socket(AF_INET, SOCK_STREAM|SOCK_CLOEXEC, IPPROTO_IP)")
        #expect(first.resultName != nil)
    }

    @Test func theUdpLessonHasNoConnections() throws {
        let lesson = try Self.load(Self.lessonsFolder, "udp.yaml")
        let names = Set(lesson.steps.map(\.call.name))
        #expect(names.isDisjoint(with: ["listen", "accept", "accept4", "connect"]))
        // Every datagram is sent with an address and received with the sender's.
        for step in lesson.steps where step.call.name == "sendto" || step.call.name == "recvfrom" {
            #expect(step.call.arguments.count == 4, "\(step.call.text) carries no address")
        }
    }

    @Test func theRawLessonSendsAnEchoRequest() throws {
        let lesson = try Self.load(Self.lessonsFolder, "raw.yaml")
        #expect(lesson.roles.map(\.name) == ["pinger"])
        let socket = try #require(lesson.steps.first)
        #expect(socket.call.text.contains("SOCK_RAW"))
        #expect(socket.call.text.contains("IPPROTO_ICMP"))
        let send = try #require(lesson.steps.first { $0.call.name == "sendto" })
        #expect(send.call.arguments[1] == .icmpEcho(Array("sockstep".utf8)))
        // The summary tells what to do when socket() fails with EPERM.
        for phrase in ["CAP_NET_RAW", "EPERM", "setcap cap_net_raw+ep", "ping_group_range"] {
            #expect(lesson.summary.contains(phrase), "the raw lesson's summary does not mention \(phrase)")
        }
    }

    // MARK: - Broken files

    /// A broken file, the line of its one problem and phrases its message must contain.
    struct Broken: Sendable, CustomTestStringConvertible {
        var file: String
        var line: Int
        var phrases: [String]
        init(_ file: String, _ line: Int, _ phrases: [String]) { (self.file, self.line, self.phrases) = (file, line, phrases) }
        var testDescription: String { file }
    }

    static let broken: [Broken] = [
        Broken("bad-yaml.yaml", 2, ["not valid YAML"]),
        Broken("no-title.yaml", 2, ["no title", "title:"]),
        Broken("non-loopback.yaml", 12, ["0.0.0.0 is not a loopback address", "127.0.0.0/8"]),
        Broken("role-without-steps.yaml", 5, ["role 'client' has no steps"]),
        Broken("undefined-descriptor.yaml", 18, ["descriptor $conn was not returned by an earlier step of this role",
                                                 "known: $listener", "result: conn"]),
        Broken("unknown-call.yaml", 12, ["unknown call 'lsiten'", "did you mean listen?"]),
        Broken("unknown-constant.yaml", 8, ["unknown constant 'AF_INTE'", "did you mean AF_INET?"]),
        Broken("unknown-key.yaml", 9, ["unknown key 'explanation' in a step", "explain"]),
        Broken("unknown-role.yaml", 13, ["unknown role 'sever'", "server, client"]),
        Broken("wrong-argument-count.yaml", 12, ["listen takes 2 arguments", "listen($fd, BACKLOG)"]),
        Broken("wrong-constant-kind.yaml", 8, ["'SOCK_STREAM' does not fit argument 1 of socket", "AF_..."]),
    ]

    @Test func everyBrokenFileHasItsExpectations() {
        let expected = Set(Self.broken.map(\.file) + ["several-problems.yaml"])
        #expect(Set(Self.yamlFiles(in: Self.brokenFolder)) == expected)
    }

    @Test(arguments: broken)
    func aBrokenFileIsRefused(_ broken: Broken) {
        let (file, line, phrases) = (broken.file, broken.line, broken.phrases)
        let problems = Self.problems(Self.brokenFolder, file)
        #expect(problems.count == 1, "\(file): \(problems.map(\.description))")
        guard let problem = problems.first else { return }
        #expect(problem.file == Self.brokenFolder.appendingPathComponent(file).path)
        #expect(problem.line == line, "\(problem)")
        for phrase in phrases {
            #expect(problem.message.contains(phrase), "\(problem) does not say \(phrase)")
        }
    }

    @Test func everyProblemOfAFileIsReported() {
        let problems = Self.problems(Self.brokenFolder, "several-problems.yaml")
        #expect(problems.map(\.line) == [4, 7, 15])
        guard problems.count == 3 else { return }
        #expect(problems[0].message.contains("unknown key 'author'"))
        #expect(problems[1].message.contains("role 'client' has no steps"))
        #expect(problems[2].message.contains("unknown constant 'SO_REUSEADR'"))
        #expect(problems[2].message.contains("did you mean SO_REUSEADDR?"))
    }

    @Test func aMissingFileIsReported() {
        let problems = Self.problems(Self.brokenFolder, "no-such-lesson.yaml")
        #expect(problems.count == 1)
        #expect(problems.first?.message.contains("cannot read the lesson file") == true)
    }
}
