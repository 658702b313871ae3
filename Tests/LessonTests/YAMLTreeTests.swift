@testable import LessonModel
import Lessons
import Testing

/// The tree `LessonFileCheck.compose` builds from libyaml's events: the scalars' text as the
/// YAML styles make it, the nodes' lines, the mappings' order, and an empty file.
@Suite struct YAMLTreeTests {
    static func tree(_ text: String) throws -> YAMLNode? {
        try LessonFileCheck.compose(Array(text.utf8), path: "t.yaml")
    }

    @Test func scalarsAreTheirTextInEveryStyle() throws {
        let text = """
            plain: a plain
              text on two lines
            single: 'it''s # not a comment'
            double: "say \\"hi\\" \\u00e9\\
              joined"
            literal: |
              one
               two

            strip: |-
              no newline
            keep: |+
              kept

            folded: >
              one
              two

              three
            empty:
            null: ~
            bool: true
            number: 010
            """
        let root = try #require(try Self.tree(text + "\n"))
        let m = try #require(root.mapping)
        #expect(m.map { $0.key.string } == ["plain", "single", "double", "literal", "strip", "keep", "folded", "empty", "null", "bool", "number"])
        #expect(m["plain"]?.string == "a plain text on two lines")
        #expect(m["single"]?.string == "it's # not a comment")
        #expect(m["double"]?.string == "say \"hi\" éjoined")
        #expect(m["literal"]?.string == "one\n two\n")
        #expect(m["strip"]?.string == "no newline")
        #expect(m["keep"]?.string == "kept\n\n")
        #expect(m["folded"]?.string == "one two\nthree\n")
        // No tag is resolved: null, bools and numbers are their text.
        #expect(m["empty"]?.string == "")
        #expect(m["null"]?.string == "~")
        #expect(m["bool"]?.string == "true")
        #expect(m["number"]?.string == "010")
        #expect(m["missing"] == nil)
    }

    @Test func nodesHaveTheirLines() throws {
        let text = "# a comment\ntitle: t\nlist:\n  - a\n  - {k: v}\n  - [x,\n     y]\n'quoted': 1\n"
        let m = try #require(try Self.tree(text)?.mapping)
        #expect(m.map(\.key.line) == [2, 3, 8])
        let list = try #require(m["list"]?.sequence)
        #expect(list.map(\.line) == [4, 5, 6])
        #expect(list[2].sequence?.map(\.line) == [6, 7])
        #expect(list[1].mapping?["k"]?.string == "v")
        // A quoted key is found by its text.
        #expect(m["quoted"]?.string == "1")
        #expect(m["list"]?.scalar == nil && m["title"]?.sequence == nil && m["title"]?.mapping == nil)
    }

    @Test func aFileWithoutADocumentHasNoTree() throws {
        #expect(try Self.tree("") == nil)
        #expect(try Self.tree("# only a comment\n\n") == nil)
        #expect(try Self.tree("---\n")?.string == "")
        for text in ["", "# only a comment\n"] {
            do {
                _ = try LessonParser.parse(text, path: "e.yaml")
                Issue.record("accepted: \(text)")
            } catch {
                #expect(error.problems.map(\.description) == ["e.yaml:1: the file is empty; a lesson has title, roles and steps"])
            }
        }
    }

    @Test func aLessonReadsItsTextsAndLines() throws {
        let text = """
            "title": A lesson
            summary: >
              Folded
              summary.
            roles:
              - name: server
                about: |
                  Two
                  lines.
            steps:
              - role: server

                call: socket(AF_INET, SOCK_STREAM, IPPROTO_IP)
                code: {c: 'int s = socket(...);'}
                explain: "one\\ntwo"
            """
        let lesson = try LessonParser.parse(text + "\n", path: "l.yaml")
        #expect(lesson.title == "A lesson")
        #expect(lesson.summary == "Folded summary.\n")
        #expect(lesson.roles.map(\.about) == ["Two\nlines.\n"])
        let step = try #require(lesson.steps.first)
        #expect(step.explanation == "one\ntwo")
        #expect(step.code[.c] == "int s = socket(...);")
        #expect((step.line, step.callLine, step.codeLine) == (11, 13, 14))
    }
}
