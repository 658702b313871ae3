import Files
import Testing

/// The arrows between modules: Presentation renders events, and never reaches the engine.
@Suite struct ModuleArrowTests {
    static let root: String = {
        var path = #filePath
        for _ in 0 ..< 3 { path = String(path[..<path.lastIndex(of: "/")!]) }
        return path
    }()

    static func read(_ path: String) -> String? { Files.readText(path) }

    static func swiftFiles(_ folder: String) -> [String] {
        (Files.list(folder) ?? []).filter { $0.hasSuffix(".swift") }.map { folder + "/" + $0 }.sorted()
    }

    static let forbidden = ["Tracing", "Lessons", "Seccomp", "CPtrace", "CSeccomp"]

    /// `import X` lines of a source file (any attribute before `import` included).
    static func imports(_ text: String) -> [String] {
        text.split(separator: "\n").compactMap { line in
            let words = line.split(separator: " ")
            guard let i = words.firstIndex(of: "import"), words[..<i].allSatisfy({ $0.hasPrefix("@") }), i + 1 < words.count else { return nil }
            return String(words[i + 1])
        }
    }

    @Test("no Presentation file imports Tracing, Lessons or Seccomp")
    func presentationImports() throws {
        let files = Self.swiftFiles(Self.root + "/Sources/Presentation")
        #expect(files.count > 10, "the Presentation sources are found")
        for file in files {
            let text = try #require(Self.read(file))
            let bad = Self.imports(text).filter(Self.forbidden.contains)
            #expect(bad.isEmpty, "\(file) imports \(bad)")
        }
        #expect(Self.imports("import Decoding\n@testable import Tracing\n") == ["Decoding", "Tracing"], "the scan sees every import")
    }

    @Test("no source file imports Foundation: it would link Foundation, CoreFoundation and ICU into the binary")
    func noFoundation() throws {
        // Every folder under Sources, at any depth (Decoding has Decoders, Tables, ...).
        var folders = [Self.root + "/Sources"]
        var files: [String] = []
        while let folder = folders.popLast() {
            for name in Files.list(folder) ?? [] where !name.hasSuffix(".swift") && Files.list(folder + "/" + name) != nil {
                folders.append(folder + "/" + name)
            }
            files += Self.swiftFiles(folder)
        }
        #expect(files.count > 100, "the sources are found")
        for file in files {
            let text = try #require(Self.read(file))
            let bad = Self.imports(text).filter { $0.hasPrefix("Foundation") }
            #expect(bad.isEmpty, "\(file) imports \(bad)")
        }
    }

    @Test("Package.swift: the Presentation target depends on none of them; Events and Decoding on no engine either")
    func packageArrows() throws {
        let package = try #require(Self.read(Self.root + "/Package.swift"))
        for target in ["Presentation", "Events", "Decoding", "LessonModel", "Files"] {
            let start = try #require(package.firstRange(of: ".target(name: \"\(target)\""), "target \(target)")
            let declaration = package[start.lowerBound...].prefix { $0 != "\n" }
            for module in Self.forbidden {
                #expect(!declaration.contains("\"\(module)\""), "\(target) depends on \(module): \(declaration)")
            }
        }
    }

    @Test("the sockstep binary, which traces, links no ArgumentParser: its sources and TraceRun's import none, and its target depends on none")
    func traceBinaryWithoutArgumentParser() throws {
        for folder in ["sockstep", "TraceRun"] {
            let files = Self.swiftFiles(Self.root + "/Sources/" + folder)
            #expect(!files.isEmpty, "the \(folder) sources are found")
            for file in files {
                let text = try #require(Self.read(file))
                #expect(!Self.imports(text).contains("ArgumentParser"), "\(file) imports ArgumentParser")
            }
        }
        let package = try #require(Self.read(Self.root + "/Package.swift"))
        for target in ["executableTarget(name: \"sockstep\"", "name: \"TraceRun\""] {
            let start = try #require(package.firstRange(of: target), "target \(target)")
            let declaration = package[start.lowerBound...].prefix { $0 != ")" }
            #expect(!declaration.contains("ArgumentParser"), "\(target) depends on ArgumentParser: \(declaration)")
        }
    }
}
