import Foundation
import Testing

/// `sockstep quiz`: piped answers (all right, all wrong, a blocked run), the score, the JSON
/// result line, the same choices for the same lesson and run.
@Suite("quiz")
struct QuizTests {
    /// The quiz's JSON result line, parsed.
    static func result(_ run: ProcessResult, sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
        let line = try #require(run.stdout.split(separator: "\n").last, "\(run)", sourceLocation: sourceLocation)
        return try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "\(run)", sourceLocation: sourceLocation)
    }

    static func questions(_ result: [String: Any]) -> [[String: Any]] { result["questions"] as? [[String: Any]] ?? [] }

    static func quiz(_ extra: [String], answers: [String]) throws -> ProcessResult {
        try Harness.sockstep(["quiz", "tcp", "--lang", "c", "--port", String(try Harness.freePort())] + extra,
                             stdin: Data(answers.map { $0 + "\n" }.joined().utf8), timeout: 120)
    }

    @Test("all right, all wrong: the score; the same choices every time", .timeLimit(.minutes(3)))
    func rightAndWrong() throws {
        // No answers: the quiz stops at once, and its JSON still lists every question.
        let none = try Self.quiz(["--format", "json"], answers: [])
        #expect(none.exitCode == 0, "\(none)")
        let listed = try Self.result(none)
        let questions = Self.questions(listed)
        #expect(questions.count >= 6, "\(none)")
        #expect(listed["asked"] as? Int == 0 && listed["score"] as? String == "0/0" && listed["complete"] as? Bool == false, "\(listed)")
        let correct = questions.map { $0["correct"] as? String ?? "?" }
        for question in questions {
            let choices = question["choices"] as? [String] ?? []
            #expect(choices.count == 4 && Set(choices).count == 4, "four different choices: \(question)")
        }

        let right = try Self.quiz(["--format", "json"], answers: correct)
        #expect(right.exitCode == 0, "\(right)")
        let allRight = try Self.result(right)
        #expect(allRight["score"] as? String == "\(questions.count)/\(questions.count)", "\(allRight)")
        #expect(allRight["complete"] as? Bool == true && allRight["right"] as? Int == questions.count, "\(allRight)")
        // The same lesson and run: the same questions, choices and right letters.
        #expect(Self.questions(allRight).map { $0["choices"] as? [String] ?? [] } == questions.map { $0["choices"] as? [String] ?? [] })
        #expect(right.stderr.contains("Score: \(questions.count)/\(questions.count)"), "\(right)")

        // The text quiz: a wrong letter, a line that is no answer (asked again), and the score.
        let wrong = correct.map { $0 == "a" ? "b" : "a" }
        let text = try Self.quiz([], answers: ["x"] + wrong)
        #expect(text.exitCode == 0, "\(text)")
        #expect(text.stdout.contains("  (one of a, b, c, d)"), "\(text)")
        #expect(text.stdout.hasSuffix("Score: 0/\(questions.count)\n"), "\(text)")
        #expect(text.stdout.components(separatedBy: "✗ the answer is").count == questions.count + 1, "\(text)")
        // Each question is followed by the real line and its explanation.
        #expect(text.stdout.contains("\n  → fd 3 is a new TCP socket (IPv4); it has no address yet\n"), "\(text)")
        #expect(text.stdout.contains("Does this call return at once, or wait?"), "the accept4 that waits for the client: \(text)")
    }

    @Test("a blocked run: listen's right answer is -1 EPERM, the client's connect is refused", .timeLimit(.minutes(2)))
    func blockedListen() throws {
        let listed = try Self.result(try Self.quiz(["--block", "listen", "--format", "json"], answers: []))
        let questions = Self.questions(listed)
        let listen = try #require(questions.first { ($0["line"] as? String)?.hasPrefix("listen(") == true }, "\(listed)")
        let letters = ["a", "b", "c", "d"]
        let choices = listen["choices"] as? [String] ?? []
        let correct = listen["correct"] as? String ?? "?"
        #expect(choices.firstIndex(of: "-1 EPERM").map { letters[$0] } == correct, "\(listen)")
        #expect(choices.contains("0"), "success is one of the choices: \(listen)")
        #expect((listen["explanation"] as? String)?.contains("--block listen=EPERM") == true, "\(listen)")
        let connect = try #require(questions.first { ($0["line"] as? String)?.hasPrefix("connect(") == true }, "\(listed)")
        #expect((connect["choices"] as? [String] ?? []).firstIndex(of: "-1 ECONNREFUSED").map { letters[$0] } == connect["correct"] as? String, "\(connect)")

        // Right up to listen, then wrong: the score counts what was asked.
        let index = try #require(questions.firstIndex { ($0["line"] as? String)?.hasPrefix("listen(") == true })
        let answers = questions.prefix(index + 1).map { $0["correct"] as? String ?? "?" }
        let partial = try Self.quiz(["--block", "listen", "--format", "json"], answers: answers)
        let score = try Self.result(partial)
        #expect(partial.exitCode == 0, "\(partial)")
        #expect(score["score"] as? String == "\(index + 1)/\(index + 1)" && score["complete"] as? Bool == (index + 1 == questions.count), "\(score)")
        let asked = Self.questions(score)
        #expect(asked[index]["answer"] as? String == correct && asked[index]["right"] as? Bool == true, "\(score)")
        if index + 1 < asked.count { #expect(asked[index + 1]["answer"] is NSNull, "\(score)") }
    }

    @Test("bad input is exit 2 with one line")
    func badInput() throws {
        let missing = try Harness.sockstep(["quiz", "no-such-lesson"], stdin: Data())
        #expect(missing.exitCode == 2 && missing.stderr.contains("no lesson 'no-such-lesson'"), "\(missing)")
        let block = try Harness.sockstep(["quiz", "tcp", "--block", "listen=EWHAT"], stdin: Data())
        #expect(block.exitCode == 2, "\(block)")
    }
}
