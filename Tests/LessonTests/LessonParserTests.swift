import Lessons
import Testing
import Foundation

@Test func dump() throws {
    let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    let root = here.deletingLastPathComponent().deletingLastPathComponent()
    for dir in [here.appendingPathComponent("Broken"), root.appendingPathComponent("lessons")] {
        for f in try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() {
            do {
                let l = try LessonParser.load(path: dir.appendingPathComponent(f).path)
                print("OK \(f): \(l.steps.map { "\($0.role):\($0.call.name)@\($0.line)" })")
            } catch {
                for p in error.problems { print("PROBLEM \(f):\(p.line): \(p.message)") }
            }
        }
    }
}
