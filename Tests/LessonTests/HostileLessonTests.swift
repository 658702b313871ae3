import Foundation
import Lessons
import Testing

/// Lesson files are untrusted input (issue 9): the hostile files in `Tests/LessonTests/Hostile/`,
/// and hostile inputs made here (alias bombs, deep nesting, 10k steps, binary garbage, huge
/// files), are each refused with one problem at its file:line, without a crash or a hang (the
/// time limits are hang guards, not measurements). The limits' edges are accepted.
@Suite(.timeLimit(.minutes(1)))
struct HostileLessonTests {
    static let hostileFolder = LessonParserTests.testsFolder.appendingPathComponent("Hostile")

    /// A hostile file, the line of its one problem and phrases its message must contain (as
    /// the broken files are checked).
    typealias Hostile = LessonParserTests.Broken

    static let notIPv4 = "is not an IPv4 address (four numbers from 0 to 255"
    static let notSocketFile = "is not a socket file name: write unix:$DIR/NAME, NAME a plain file name (no /, not . or ..) of 1 to 40"

    static let hostile: [Hostile] = [
        // Addresses: loopback only, read by inet_pton.
        Hostile("addr-double-dot.yaml", 12, ["'127..0.0.1' " + notIPv4, "write 127.0.0.1:$PORT"]),
        Hostile("addr-trailing-name.yaml", 12, ["'127.0.0.1.evil' " + notIPv4]),
        Hostile("addr-short-form.yaml", 12, ["'127.1' " + notIPv4]),
        Hostile("addr-octal.yaml", 12, ["'0177.0.0.1' " + notIPv4]),
        Hostile("addr-octet-too-big.yaml", 12, ["'127.0.0.256' " + notIPv4]),
        Hostile("addr-hostname.yaml", 12, ["'localhost' " + notIPv4]),
        Hostile("addr-every-interface.yaml", 12, ["0.0.0.0 is not a loopback address", "every interface", "127.0.0.0/8 or ::1"]),
        Hostile("addr-other-host.yaml", 12, ["10.1.2.3 is not a loopback address"]),
        Hostile("target-other-service.yaml", 12, ["connect to an address no role of this lesson binds", "use $PORT"]),
        Hostile("target-abstract.yaml", 12, ["connect to an address no role of this lesson binds"]),
        Hostile("target-udp-fixed.yaml", 12, ["sendto to an address no role of this lesson binds"]),
        Hostile("addr-v6-any.yaml", 12, [":: is not the loopback address", "only on ::1"]),
        Hostile("addr-v6-mapped.yaml", 12, ["::ffff:127.0.0.1 is not the loopback address"]),
        Hostile("addr-v6-scope.yaml", 12, ["'::1%eth0' is not an IPv6 address", "[::1]:$PORT"]),
        Hostile("addr-v6-junk.yaml", 12, ["an IPv6 address is written [::1]:PORT"]),
        // UNIX paths: plain file names in the run's folder.
        Hostile("unix-parent.yaml", 12, ["'../../x.sock' " + notSocketFile]),
        Hostile("unix-subfolder.yaml", 12, ["'a/b.sock' " + notSocketFile]),
        Hostile("unix-dotdot.yaml", 12, ["'..' " + notSocketFile]),
        Hostile("unix-empty-name.yaml", 12, ["'' " + notSocketFile]),
        Hostile("unix-long-name.yaml", 12, ["has 41 bytes; it may have at most 40, so that $DIR/NAME fits the 108 bytes of a UNIX socket address"]),
        Hostile("unix-space.yaml", 12, ["'a b.sock' " + notSocketFile]),
        Hostile("unix-absolute.yaml", 12, ["must live in the lesson's own directory: unix:$DIR/name.sock"]),
        Hostile("unix-abstract-long.yaml", 12, ["is not an abstract socket name", "1 to 100 printable ASCII"]),
        Hostile("unix-abstract-empty.yaml", 12, ["'' is not an abstract socket name"]),
        // Names: they name the run's folder, files and process arguments.
        Hostile("name-path.yaml", 2, ["the lesson's name '../../home/victim' may have only letters, digits, - and _ (1 to 40"]),
        Hostile("name-long.yaml", 2, ["the lesson's name 'nnnn", "...' may have only letters"]),
        Hostile("name-dot.yaml", 2, ["the lesson's name 'tcp.evil' may have only"]),
        Hostile("role-name-path.yaml", 4, ["a role's name '../server' starts with a letter", "at most 32"]),
        Hostile("role-name-option.yaml", 4, ["a role's name '--port' starts with a letter"]),
        // Numbers: each has a range; nothing may trap.
        Hostile("port-offset-max.yaml", 12, ["'$PORT+9223372036854775807' is not a port: $PORT+N takes N from 0 to 1000"]),
        Hostile("port-offset-negative.yaml", 12, ["'$PORT+-1' is not a port"]),
        Hostile("port-offset-over.yaml", 12, ["'$PORT+1001' is not a port"]),
        Hostile("port-default-overflow.yaml", 13, ["$PORT+1000 is port 66000 when $PORT is 65000", "at most 64535 (--port)"]),
        Hostile("port-fixed-over.yaml", 12, ["'65536' is not a port", "a number from 0 to 65535"]),
        Hostile("port-fixed-sign.yaml", 12, ["'+80' is not a port"]),
        Hostile("port-key-over.yaml", 3, ["port must be a number from 1 to 65535"]),
        Hostile("port-key-hex.yaml", 3, ["port must be a number from 1 to 65535"]),
        Hostile("size-max.yaml", 12, ["9223372036854775807 is out of range: argument 2 of recvfrom is a size in bytes, from 0 to 16777216 (16 MiB)"]),
        Hostile("size-over.yaml", 12, ["16777217 is out of range: argument 2 of read"]),
        Hostile("size-negative.yaml", 12, ["-1 is out of range: argument 2 of read"]),
        Hostile("size-huge-numeral.yaml", 12, ["123456789012345678901234567890 is out of range"]),
        Hostile("backlog-negative.yaml", 12, ["-1 is out of range: the backlog of listen, from 0 to 65535"]),
        Hostile("backlog-over.yaml", 12, ["65536 is out of range: the backlog of listen"]),
        Hostile("setsockopt-value-over.yaml", 12, ["4294967296 does not fit argument 4 of setsockopt, a C int"]),
        Hostile("number-double-minus.yaml", 12, ["'--1' is not a number"]),
        Hostile("number-plus.yaml", 12, ["'+1' is not a number"]),
        Hostile("number-leading-zero.yaml", 12, ["'010' is not a number", "without leading zeros"]),
        Hostile("number-hex.yaml", 12, ["'0x10' is not a number"]),
        // Junk in constants, arguments and calls.
        Hostile("constant-empty-pieces.yaml", 12, ["'SOCK_CLOEXEC||||SOCK_NONBLOCK|' has an empty part", "joined by one |"]),
        Hostile("constant-space-inside.yaml", 12, ["unknown constant 'SOCK_ CLOEXEC'"]),
        Hostile("constant-negative-joined.yaml", 12, ["joins a negative number with |"]),
        Hostile("constant-in-number-slot.yaml", 12, ["'SOCK_STREAM' is not a number: the backlog of listen"]),
        Hostile("argument-empty.yaml", 12, ["argument 3 of setsockopt is empty"]),
        Hostile("call-unbalanced.yaml", 12, ["a ')' closes nothing"]),
        Hostile("call-trailing-junk.yaml", 12, ["'listen($s, 1) junk' is not a call"]),
        Hostile("call-sockstep-own.yaml", 12, ["unknown call 'seccomp'"]),
        Hostile("call-two-lines.yaml", 8, ["call is one line of text"]),
        Hostile("data-unknown-escape.yaml", 12, ["unknown escape '\\x'"]),
        Hostile("data-inner-quote.yaml", 12, ["has a \" inside"]),
        Hostile("data-unclosed.yaml", 12, ["a string is not closed"]),
        // Sockets a lesson may not make.
        Hostile("socket-netlink.yaml", 8, ["socket domain AF_NETLINK is not one a lesson may use: AF_INET, AF_INET6 or AF_UNIX"]),
        Hostile("socket-packet-numbers.yaml", 8, ["socket domain 17 is not one a lesson may use"]),
        Hostile("socket-raw-tcp.yaml", 8, ["a raw socket of protocol IPPROTO_TCP is not one a lesson may use", "only for ICMP"]),
        // YAML.
        Hostile("yaml-anchor.yaml", 2, ["an anchor (&t): lessons use no anchors (&) or aliases (*)"]),
        Hostile("yaml-merge-key.yaml", 9, ["an alias (*first)"]),
        Hostile("yaml-tag.yaml", 2, ["a YAML tag", "lessons use no tags"]),
        Hostile("yaml-duplicate-key.yaml", 9, ["'call' is given twice in one mapping (first on line 8)"]),
        Hostile("yaml-complex-key.yaml", 3, ["a key must be a plain name"]),
        Hostile("yaml-nesting.yaml", 2, ["nest deeper than 6 levels"]),
        Hostile("yaml-two-documents.yaml", 9, ["a second YAML document"]),
        Hostile("yaml-tab.yaml", 2, ["a tab at column 18", "use spaces"]),
        Hostile("yaml-escape-sequence.yaml", 2, ["the text has a control character (U+001B)"]),
        Hostile("yaml-bidi.yaml", 2, ["an invisible text-direction or line-separator character (U+202E)"]),
        Hostile("yaml-c1-control.yaml", 2, ["a control character (U+009B)"]),
        Hostile("yaml-lone-cr.yaml", 2, ["a control character (U+000D)"]),
        Hostile("type-title-list.yaml", 2, ["title is text, not a list or a mapping"]),
        Hostile("type-roles-text.yaml", 3, ["roles is a list"]),
        Hostile("type-call-mapping.yaml", 8, ["call is text, not a list or a mapping"]),
        Hostile("type-code-list.yaml", 10, ["code is text, not a list or a mapping"]),
        Hostile("title-too-long.yaml", 2, ["title has 201 characters; at most 200"]),
        Hostile("too-many-roles.yaml", 20, ["the lesson has more than 16 roles; a lesson has at most 16"]),
    ]

    static func problems(path: String) -> [LessonProblem] {
        do {
            _ = try LessonParser.load(path: path)
            return []
        } catch {
            return error.problems
        }
    }

    @Test func everyHostileFileHasItsExpectations() {
        #expect(Set(LessonParserTests.yamlFiles(in: Self.hostileFolder)) == Set(Self.hostile.map(\.file)))
    }

    @Test(arguments: hostile)
    func aHostileFileIsRefused(_ hostile: Hostile) {
        let path = Self.hostileFolder.appendingPathComponent(hostile.file).path
        let problems = Self.problems(path: path)
        #expect(problems.count == 1, "\(hostile.file): \(problems.map(\.description))")
        guard let problem = problems.first else { return }
        #expect(problem.file == path)
        #expect(problem.line == hostile.line, "\(problem)")
        for phrase in hostile.phrases {
            #expect(problem.message.contains(phrase), "\(problem) does not say \(phrase)")
        }
        #expect(!problem.description.contains("\n"), "not one line: \(problem)")
    }

    // MARK: - Generated hostile input

    /// A file made in a test: its bytes, the line of its one problem and a phrase.
    struct Generated: Sendable, CustomTestStringConvertible {
        var name: String
        var bytes: [UInt8]
        var line: Int
        var phrase: String
        var testDescription: String { name }
    }

    static let lessonTail = "roles:\n  - name: server\nsteps:\n  - role: server\n    call: socket(AF_INET, SOCK_STREAM, IPPROTO_IP)\n"

    static func steps(_ count: Int) -> String {
        "title: t\nroles:\n  - name: server\nsteps:\n"
            + String(repeating: "  - role: server\n    call: socket(AF_INET, SOCK_STREAM, IPPROTO_IP)\n", count: count)
    }

    /// Bytes from a fixed linear congruential sequence: the same garbage every run.
    static func garbage(_ count: Int) -> [UInt8] {
        var state: UInt64 = 0x9e37_79b9_7f4a_7c15
        return (0 ..< count).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return UInt8(truncatingIfNeeded: state >> 56)
        }
    }

    static let generated: [Generated] = {
        // Nine levels of ten aliases each: 10^9 strings once expanded.
        var bomb = "a0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
        for level in 1 ... 9 {
            bomb += "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ",") + "]\n"
        }
        let keyBomb = bomb + "x: {? *a8 : 1, ? *a7 : 2}\n"
        return [
            Generated(name: "alias bomb", bytes: Array((bomb + "title: *a9\n").utf8), line: 1, phrase: "an anchor (&a0)"),
            // Composing this one hung Yams (the YAML library of the time) in hashing the keys,
            // before anchors were refused.
            Generated(name: "alias bomb in keys", bytes: Array(keyBomb.utf8), line: 1, phrase: "an anchor (&a0)"),
            Generated(name: "100k [ on lines of their own", bytes: Array(("title: t\nx: [\n" + String(repeating: "[\n", count: 100_000)).utf8),
                      line: 7, phrase: "nest deeper than 6 levels"),
            Generated(name: "100k [ on one line", bytes: Array(("title: " + String(repeating: "[", count: 100_000) + "\n").utf8),
                      line: 1, phrase: "the line has 100007 bytes; a lesson's lines have at most 4096"),
            Generated(name: "1400 levels of indented lists",
                      bytes: Array(("title: t\nx:\n" + (0 ..< 1400).map { String(repeating: " ", count: $0) + "-\n" }.joined()).utf8),
                      line: 8, phrase: "nest deeper than 6 levels"),
            Generated(name: "10k steps", bytes: Array(steps(10_000).utf8), line: 1005, phrase: "the lesson has more than 500 steps; a lesson has at most 500"),
            Generated(name: "200k values", bytes: Array(("title: t\nx:\n" + String(repeating: "  - [1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1]\n", count: 10_000)).utf8),
                      line: 2383, phrase: "the file has more than 50000 YAML values"),
            Generated(name: "501 steps", bytes: Array(steps(501).utf8), line: 1005, phrase: "the lesson has more than 500 steps"),
            Generated(name: "binary garbage", bytes: garbage(100_000), line: 1, phrase: "not UTF-8 text"),
            Generated(name: "a NUL byte", bytes: Array("title: t".utf8) + [0] + Array("\n".utf8), line: 1, phrase: "a NUL byte at column 9"),
            Generated(name: "an overlong UTF-8 slash", bytes: Array("title: ok\ntitle2: ".utf8) + [0xc0, 0xaf], line: 2, phrase: "not UTF-8 text (byte 0xC0 at column 9)"),
            Generated(name: "a UTF-16 surrogate in UTF-8", bytes: Array("title: ".utf8) + [0xed, 0xa0, 0x80], line: 1, phrase: "not UTF-8 text (byte 0xED"),
            Generated(name: "2 MiB of comments", bytes: Array(String(repeating: "# " + String(repeating: "x", count: 100) + "\n", count: 20_000).utf8),
                      line: 1, phrase: "the file has 2060000 bytes; a lesson file has at most 1048576 (1 MiB)"),
            Generated(name: "a 5000-byte line", bytes: Array(("# ok\ntitle: \"" + String(repeating: "x", count: 5000) + "\"\n").utf8),
                      line: 2, phrase: "the line has 5009 bytes"),
            Generated(name: "a 300-byte name", bytes: Array(("name: " + String(repeating: "n", count: 300) + "\ntitle: t\n" + lessonTail).utf8),
                      line: 1, phrase: "may have only letters, digits, - and _ (1 to 40"),
        ]
    }()

    @Test(arguments: generated)
    func generatedHostileInputIsRefused(_ input: Generated) throws {
        let dir = try TemporaryFolder()
        let path = dir.path + "/hostile.yaml"
        try Data(input.bytes).write(to: URL(fileURLWithPath: path))
        let problems = Self.problems(path: path)
        #expect(problems.count == 1, "\(input.name): \(problems.map(\.description))")
        guard let problem = problems.first else { return }
        #expect(problem.file == path)
        #expect(problem.line == input.line, "\(problem)")
        #expect(problem.message.contains(input.phrase), "\(problem) does not say \(input.phrase)")
        #expect(!problem.description.contains("\n"), "not one line: \(problem)")
    }

    @Test func aFileThatIsNotRegularIsRefused() {
        for path in ["/dev/zero", "/tmp", "/proc/self"] {
            let problems = Self.problems(path: path)
            #expect(problems.count == 1 && problems.first?.message.contains("not a regular file") == true, "\(path): \(problems)")
        }
    }

    @Test func manyProblemsAreCutAt20() {
        let text = Self.steps(0) + String(repeating: "  - role: server\n    call: listen($nothing, 1)\n", count: 30)
        do {
            _ = try LessonParser.parse(text, path: "many.yaml")
            Issue.record("accepted")
        } catch {
            #expect(error.problems.count == 21, "\(error)")
            #expect(error.problems.last?.message == "and 10 more problems from here on", "\(error)")
        }
    }

    // MARK: - What is accepted, at the edges

    static func lesson(_ calls: [String], head: String = "title: t\n") throws -> Lesson {
        var text = head + "roles:\n  - name: server\nsteps:\n  - role: server\n    call: socket(AF_INET, SOCK_STREAM, IPPROTO_IP)\n    result: s\n"
        for call in calls { text += "  - role: server\n    call: '\(call)'\n" }
        return try LessonParser.parse(text, path: "edges.yaml")
    }

    static func address(_ step: Step) -> AddressLiteral? {
        for argument in step.call.arguments {
            if case .address(let literal) = argument { return literal }
        }
        return nil
    }

    @Test func addressesCarryTheBytesTheKernelGets() throws {
        let lesson = try Self.lesson([
            "bind($s, 127.0.0.1:$PORT)", "bind($s, 127.255.254.253:0)", "bind($s, [::1]:$PORT+1000)",
            "bind($s, [0:0:0:0:0:0:0:1]:65535)", "bind($s, unix:$DIR/" + String(repeating: "a", count: 40) + ")",
            "bind($s, unix:@" + String(repeating: "b", count: 100) + ")",
        ])
        let literals = lesson.steps.dropFirst().map(Self.address)
        let loopback6 = [UInt8](repeating: 0, count: 15) + [1]
        #expect(literals == [
            .inet(host: [127, 0, 0, 1], v6: false, port: .lessonPort(offset: 0)),
            .inet(host: [127, 255, 254, 253], v6: false, port: .fixed(0)),
            .inet(host: loopback6, v6: true, port: .lessonPort(offset: 1000)),
            .inet(host: loopback6, v6: true, port: .fixed(65535)),
            .unixPath("$DIR/" + String(repeating: "a", count: 40)),
            .unixAbstract(String(repeating: "b", count: 100)),
        ])
        #expect(literals[4]?.runFolderEntry == String(repeating: "a", count: 40))
    }

    @Test func numbersAtTheEdgesOfTheirRanges() throws {
        let lesson = try Self.lesson([
            "read($s, 16777216)", "read($s, 0)", "listen($s, 65535)", "listen($s, 0)",
            "setsockopt($s, SOL_SOCKET, SO_RCVBUF, 2147483647)", "setsockopt($s, SOL_SOCKET, SO_RCVBUF, -2147483648)",
            "accept4($s, SOCK_CLOEXEC | SOCK_NONBLOCK)",
        ])
        let numbers = lesson.steps.dropFirst().map { step -> Int64? in
            if case .number(let v, _) = step.call.arguments.last { return v }
            return nil
        }
        #expect(numbers == [16_777_216, 0, 65535, 0, 2_147_483_647, -2_147_483_648, 0o2004000])
    }

    @Test func theSocketsALessonMayMake() throws {
        let lesson = try Self.lesson([], head: "title: t\n")
        #expect(lesson.steps.count == 1)
        for call in ["socket(AF_INET6, SOCK_DGRAM|SOCK_NONBLOCK, 0)", "socket(AF_UNIX, SOCK_SEQPACKET, 0)",
                     "socket(AF_INET, SOCK_RAW, IPPROTO_ICMP)", "socket(AF_INET6, SOCK_RAW|SOCK_CLOEXEC, IPPROTO_ICMPV6)",
                     "socket(2, 1, 0)"] {
            let text = "title: t\nroles:\n  - name: r\nsteps:\n  - role: r\n    call: \(call)\n"
            #expect(throws: Never.self, "\(call)") { try LessonParser.parse(text, path: "s.yaml") }
        }
    }

    @Test func fiveHundredStepsAndSixteenRolesAreALesson() throws {
        #expect(try LessonParser.parse(Self.steps(500), path: "500.yaml").steps.count == 500)
        let roles = (0 ..< 16).map { "  - name: r\($0)\n" }.joined()
        let steps = (0 ..< 16).map { "  - role: r\($0)\n    call: socket(AF_UNIX, SOCK_STREAM, 0)\n" }.joined()
        #expect(try LessonParser.parse("title: t\nroles:\n" + roles + "steps:\n" + steps, path: "16.yaml").roles.count == 16)
    }

    @Test func portsAreCheckedOnceThePortIsKnown() throws {
        let lesson = try Self.lesson(["bind($s, 127.0.0.1:$PORT+1000)", "connect($s, 127.0.0.1:$PORT)"])
        #expect(lesson.portProblems(port: 64535).isEmpty)
        let problems = lesson.portProblems(port: 64536)
        #expect(problems.count == 1)
        #expect(problems.first?.line == 9, "\(problems)")
        #expect(problems.first?.message.contains("$PORT+1000 is port 65536 when $PORT is 64536") == true, "\(problems)")
        // No port makes the arithmetic trap; $PORT itself is checked too.
        #expect(lesson.portProblems(port: Int.max).count == 2)
        #expect(lesson.portProblems(port: 0).map(\.message).last?.hasPrefix("$PORT is port 0 when $PORT is 0") == true)
        #expect(PortValue.lessonPort(offset: 1).resolve(Int.max) == -1)
    }

    @Test func aNameFromTheFileNameIsMadeSafe() throws {
        let dir = try TemporaryFolder()
        let path = dir.path + "/my lesson(2).v2.yaml"
        try ("title: t\n" + Self.lessonTail).write(toFile: path, atomically: true, encoding: .utf8)
        #expect(try LessonParser.load(path: path).name == "my_lesson_2_")
        let long = dir.path + "/" + String(repeating: "x", count: 200) + ".yaml"
        try ("title: t\n" + Self.lessonTail).write(toFile: long, atomically: true, encoding: .utf8)
        #expect(try LessonParser.load(path: long).name == String(repeating: "x", count: 40))
    }

    @Test func aByteOrderMarkAndWindowsLineEndsAreFine() throws {
        let text = "\u{feff}title: t\r\n" + Self.lessonTail.replacingOccurrences(of: "\n", with: "\r\n")
        #expect(try LessonParser.parse(text, path: "bom.yaml").steps.count == 1)
    }

    @Test func stepCountsFollowTheSteps() throws {
        let lesson = try LessonParserTests.load(LessonParserTests.lessonsFolder, "tcp.yaml")
        for role in lesson.roles {
            #expect(lesson.stepCount(of: role.name) == lesson.steps(of: role.name).count)
        }
        let filtered = lesson.withFilterSteps(for: ["server"], describing: "test")
        #expect(filtered.stepCount(of: "server") == lesson.stepCount(of: "server") + 2)
        #expect(filtered.stepCount(of: "client") == lesson.stepCount(of: "client"))
    }
}

/// A folder under /tmp, removed with what is in it when the value goes away.
final class TemporaryFolder {
    let path: String

    init() throws {
        var template = Array("/tmp/sockstep-lessontest-XXXXXX".utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw CocoaError(.fileWriteUnknown)
        }
        path = String(cString: made)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}
