import Foundation
@testable import Lessons
import Testing

/// The lesson folders of `lessons/` (lesson.yaml and a program per role and language), read
/// through the parser as sockstep reads them, and the checks a lesson folder passes: its
/// programs' markers, the regions its steps name, the keys of a lesson with programs.
@Suite struct ProgramLessonTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    /// The lessons of issue 11 offer all four languages; those of issue 16 C and Python at
    /// least, Rust where its standard library allows.
    static let fourLanguages = ["tcp", "tcp6", "udp", "unix", "raw", "backlog"]
    static let lessons = fourLanguages + ["close", "shutdown", "epipe", "stream", "reuseaddr", "acceptqueue", "nonblocking", "forking"]

    static func load(_ name: String) throws(LessonProblems) -> Lesson {
        try LessonParser.load(path: root.appendingPathComponent("lessons/\(name)/lesson.yaml").path)
    }

    @Test("every lesson folder offers Rust, C, Python and Swift, one program per role and language", arguments: lessons)
    func everyLanguage(_ name: String) throws {
        let lesson = try Self.load(name)
        let programs = try #require(lesson.programs)
        if Self.fourLanguages.contains(name) {
            #expect(programs.languages == [.rust, .c, .python, .swift])
        } else {
            #expect(programs.languages.contains(.c) && programs.languages.contains(.python))
        }
        #expect(lesson.name == name)
        for language in programs.languages {
            for role in lesson.roles {
                let source = try #require(programs.source(role: role.name, language: language), "\(name): no \(language) \(role.name)")
                #expect(source.fileName == "\(role.name).\(language.fileExtension)")
                #expect(!source.regions.isEmpty)
            }
        }
    }

    @Test("each step's code, in each language, is the marked region of that language's program, as its bytes have it", arguments: lessons)
    func codeIsTheProgramsRegion(_ name: String) throws {
        let lesson = try Self.load(name)
        for language in lesson.programs?.languages ?? CodeLanguage.allCases {
            let resolved = lesson.resolved(for: language)
            #expect(resolved.programs?.language == language)
            #expect(resolved.programs?.sources.count == lesson.roles.count)
            for step in resolved.steps {
                let source = try #require(resolved.programs?.source(role: step.role, language: language))
                let code = try #require(step.code[language], "\(name) \(language): step \(step.index) shows no code")
                #expect(!code.isEmpty)
                // One region, or several in order (the backlog server's wait, then its accept).
                let names = try #require(step.regions[language]).split(separator: "+").map(String.init)
                let pieces = try names.map { name in try #require(source.region(name)?.text) }
                #expect(code == pieces.joined(separator: "\n"))
                for piece in pieces {
                    #expect(source.text.contains(piece), "\(name) \(language): step \(step.index)'s code is not in \(source.fileName)")
                }
                #expect(!step.explanation.isEmpty && !step.title.isEmpty)
                #expect(step.code.count == 1, "only the language that runs")
            }
            #expect(resolved.steps.map(\.index) == Array(0 ..< resolved.steps.count))
            for role in resolved.roles {
                #expect(resolved.steps(of: role.name).map(\.numberInRole) == Array(1 ... resolved.stepCount(of: role.name)))
            }
        }
    }

    /// The names of the languages a text must not bring up when the lesson runs in another one.
    static let otherNames: [CodeLanguage: [String]] = [
        .rust: ["Python", "Swift"], .c: ["Rust", "Python", "Swift"], .python: ["Rust", "Swift"], .swift: ["Rust", "Python"],
    ]

    @Test("no text speaks of another language than the one that runs", arguments: lessons)
    func textsAreTheLanguages(_ name: String) throws {
        let lesson = try Self.load(name)
        for language in lesson.programs?.languages ?? CodeLanguage.allCases {
            let resolved = lesson.resolved(for: language)
            var texts = [("summary", resolved.summary), ("title", resolved.title)]
            for step in resolved.steps { texts += [("step \(step.index) title", step.title), ("step \(step.index)", step.explanation)] }
            for extra in resolved.programs?.extras ?? [] { texts.append(("extra \(extra.call)", extra.explanation)) }
            for (place, text) in texts {
                for other in Self.otherNames[language]! {
                    #expect(!text.contains(other), "\(name) in \(language.rawValue), \(place): mentions \(other): \(text)")
                }
            }
        }
    }

    @Test("the steps' calls come in the lesson's order; Rust's UDP client binds first")
    func stepsInOrder() throws {
        let udp = try Self.load("udp")
        #expect(udp.resolved(for: .c).steps.map { "\($0.role) \($0.call.name)" }
            == ["server socket", "server bind", "server recvfrom", "client socket", "client sendto", "server sendto", "client recvfrom"])
        #expect(udp.resolved(for: .rust).steps.map { "\($0.role) \($0.call.name)" }
            == ["server socket", "server bind", "server recvfrom", "client socket", "client bind", "client sendto", "server sendto", "client recvfrom"])
        let unix = try Self.load("unix")
        #expect(unix.steps.first { $0.call.name == "write" }?.also == ["sendto"])
        #expect(unix.programs?.argument == .socketPath("server.sock"))
        let backlog = try Self.load("backlog").resolved(for: .c)
        let accept = try #require(backlog.steps.first { $0.call.name == "accept4" })
        #expect(accept.code[.c]?.contains("sleep(1)") == true, "the accept step shows the wait region too")
    }

    // MARK: - Regions

    @Test("markers: the lines between them, exactly; nesting, a missing end, a stray end and a second region are refused with file:line")
    func markers() {
        let good = "int x;\n    // step: bind\n    bind(s, a, l);\n\n    // end: bind\n// step: empty\n// end: empty\n"
        guard case .success(let source) = ProgramFiles.parse(bytes: Array(good.utf8), path: "/p/server.c", role: "server", language: .c) else {
            Issue.record("refused")
            return
        }
        #expect(source.region("bind") == ProgramRegion(name: "bind", firstLine: 3, lastLine: 4, text: "    bind(s, a, l);\n\n"))
        #expect(source.region("empty")?.text == "")
        #expect(ProgramRegion.dedented("    a\n      b\n") == ["a", "  b"])
        let cases: [(String, CodeLanguage, Int, String)] = [
            ("// step: a\n// step: b\n// end: b\n", .c, 2, "region 'b' starts inside region 'a' (line 1)"),
            ("x\n# step: a\ny\n", .python, 2, "region 'a' has no end"),
            ("// end: a\n", .rust, 1, "ends no region"),
            ("// step: a\n// end: b\n", .swift, 2, "ends region 'a' (line 1)"),
            ("// step: a\n// end: a\n// step: a\n// end: a\n", .c, 3, "a second region 'a'"),
            ("// step: a b\n", .c, 1, "is not a region name"),
            ("ok\nx \u{202E}y\n", .c, 2, "text-direction"),
            ("a\u{0}b\n", .c, 1, "NUL"),
        ]
        for (text, language, line, phrase) in cases {
            guard case .failure(let problems) = ProgramFiles.parse(bytes: Array(text.utf8), path: "/p/x", role: "r", language: language) else {
                Issue.record("accepted: \(text)")
                continue
            }
            #expect(problems.problems.first?.line == line && problems.problems.first?.message.contains(phrase) == true, "\(problems)")
            #expect(problems.problems.first?.file == "/p/x")
        }
        // Python's markers start with #; // in Python is no marker, nor # in C.
        guard case .success(let py) = ProgramFiles.parse(bytes: Array("# step: a\nx\n# end: a\n// step: b\n".utf8), path: "/p/x.py", role: "r", language: .python),
              case .success(let c) = ProgramFiles.parse(bytes: Array("# step: a\n".utf8), path: "/p/x.c", role: "r", language: .c) else {
            Issue.record("refused")
            return
        }
        #expect(py.regions.map(\.name) == ["a"])
        #expect(c.regions.isEmpty)
    }

    // MARK: - Broken lesson folders

    /// A lesson folder in a fresh directory: lesson.yaml and the given programs.
    static func folder(_ yaml: String, programs: [String: String]) throws -> String {
        var template = Array("/tmp/sockstep-lessontest-XXXXXX".utf8CString)
        let dir = String(cString: template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!)! })
        try yaml.write(toFile: dir + "/lesson.yaml", atomically: true, encoding: .utf8)
        for (name, text) in programs { try text.write(toFile: dir + "/" + name, atomically: true, encoding: .utf8) }
        return dir
    }

    static let header = """
        title: t
        languages: [c, python]
        roles:
          - name: alone
        steps:
          - role: alone
            call: socket(AF_INET, SOCK_DGRAM, IPPROTO_IP)

        """
    static let goodPrograms = ["alone.c": "// step: socket\nint s = socket(AF_INET, SOCK_DGRAM, 0);\n// end: socket\n",
                               "alone.py": "# step: socket\ns = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\n# end: socket\n"]

    /// The problems of a lesson folder, as `file:line: message` with the folder shown as DIR.
    static func problems(_ yaml: String, programs: [String: String] = goodPrograms) throws -> [String] {
        let dir = try folder(yaml, programs: programs)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        do {
            _ = try LessonParser.load(path: dir + "/lesson.yaml")
            return []
        } catch {
            return error.problems.map { $0.description.replacingOccurrences(of: dir, with: "DIR") }
        }
    }

    @Test("a good lesson folder loads, and its name is the folder's")
    func goodFolder() throws {
        let dir = try Self.folder(Self.header + "    code: socket\n", programs: Self.goodPrograms)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let lesson = try LessonParser.load(path: dir + "/lesson.yaml")
        #expect(lesson.name == String(dir.split(separator: "/").last!).replacingOccurrences(of: ".", with: "_"))
        #expect(lesson.programs?.trace == "%network")
        #expect(lesson.resolved(for: .python).steps.first?.code[.python] == "s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\n")
    }

    @Test("every problem of a lesson folder is a line with its file and line", arguments: [
        ("    code: bind\n", [:], "DIR/lesson.yaml:8: alone.c has no region 'bind' (its regions: socket)"),
        ("    code: socket\n", ["alone.py": "print(1)\n"], "DIR/lesson.yaml:8: alone.py has no region 'socket' (it marks none)"),
        ("    code: socket\n", ["alone.py": "# step: socket\n"], "DIR/alone.py:1: region 'socket' has no end"),
        ("    code: socket\n", ["alone.py": nil], "DIR/alone.py:0: cannot read the program: No such file or directory"),
        ("    code: socket\n    also: [acept]\n", [:], "DIR/lesson.yaml:9: 'acept' is not a system call name: did you mean 'accept'?"),
        ("    code: socket\n    only: [rust]\n", [:], "DIR/lesson.yaml:9: 'rust' is not one of the languages here: c, python"),
        ("    code: socket\n    fails: EWOULDBLOCK\n", [:], "DIR/lesson.yaml:9: fails: is the error the step's call fails with as the lesson is written, as strace names it"),
        ("    code: socket\n    child: 0\n", [:], "DIR/lesson.yaml:9: child: is the number of the role's child process that makes the step, 1 for the first it forks (at most 16)"),
        ("    code: socket\n    child: 17\n", [:], "DIR/lesson.yaml:9: child: is the number of the role's child process that makes the step"),
        ("    code: socket\n    explain: {c: only C}\n", [:], "DIR/lesson.yaml:9: explain has no text for python: add default:"),
        ("    code: socket\ntrace: \"%netwrk\"\n", [:], "DIR/lesson.yaml:9: trace: is strace's -e trace= set"),
        ("    code: socket\nargument: /etc/x\n", [:], "DIR/lesson.yaml:9: argument: is $PORT or $DIR/NAME"),
        ("", [:], "DIR/lesson.yaml:6: the step has no code: name the region"),
        ("    code: socket\nextras:\n  - call: getsockname\n    in: accept\n    explain: x\n", [:], "DIR/lesson.yaml:10: no step's code is region 'accept'"),
    ] as [(String, [String: String?], String)])
    func brokenFolders(_ tail: String, _ changes: [String: String?], _ expected: String) throws {
        var programs = Self.goodPrograms
        for (name, text) in changes { programs[name] = text }
        let problems = try Self.problems(Self.header + tail, programs: programs.compactMapValues { $0 })
        #expect(problems.contains { $0.hasPrefix(expected) }, "\(problems)")
    }

    @Test("the keys of a lesson with programs are refused in a calls-only lesson")
    func programKeysNeedLanguages() throws {
        let yaml = "title: t\ntrace: \"%network\"\nroles:\n  - name: a\nsteps:\n  - role: a\n    call: socket(AF_INET, SOCK_DGRAM, IPPROTO_IP)\n    also: [accept]\n    fails: EAGAIN\n    child: 1\n"
        let problems = try Self.problems(yaml, programs: [:])
        #expect(problems.contains { $0.hasPrefix("DIR/lesson.yaml:2: trace: is for a lesson with programs") }, "\(problems)")
        #expect(problems.contains { $0.hasPrefix("DIR/lesson.yaml:8: also: is for a lesson with programs") }, "\(problems)")
        #expect(problems.contains { $0.hasPrefix("DIR/lesson.yaml:9: fails: is for a lesson with programs") }, "\(problems)")
        #expect(problems.contains { $0.hasPrefix("DIR/lesson.yaml:10: child: is for a lesson with programs") }, "\(problems)")
    }

    // MARK: - The cache's hash

    @Test("SHA-256: the FIPS 180-4 examples")
    func sha256() {
        #expect(SHA256.hex([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
            == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        var hash = SHA256()
        for _ in 0 ..< 1000 { hash.update([UInt8](repeating: 0x61, count: 1000)) }
        #expect(hash.hexDigest() == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }
}
