import Glibc
@testable import Lessons
import Testing

/// The roles get the lesson's bytes as the run checked them, in a sealed memfd, not its path.
@Suite struct LessonSourceTests {
    static let lessonsFolder: String = {
        var path = #filePath
        for _ in 0 ..< 3 { path = String(path[..<path.lastIndex(of: "/")!]) }
        return path + "/examples/calls-only"
    }()

    @Test func theRolesReadTheBytesThatWereChecked() throws {
        let lesson = try LessonParser.load(path: Self.lessonsFolder + "/tcp.yaml")
        #expect(!lesson.source.isEmpty)
        let fd = try LessonSource.share(lesson)
        defer { close(fd) }
        #expect(fcntl(fd, F_GETFD) & FD_CLOEXEC == 0, "the roles' processes inherit it")
        let read = try #require(LessonSource.read(fd: fd))
        #expect(read == lesson.source)
        // Read twice (as each role does): pread does not depend on the shared offset.
        #expect(LessonSource.read(fd: fd) == lesson.source)
        let again = try LessonParser.parse(bytes: read, path: lesson.path)
        #expect(again.steps.map(\.call.text) == lesson.steps.map(\.call.text))
    }

    @Test func nobodyCanChangeTheBytesAfterwards() throws {
        let lesson = try LessonParser.load(path: Self.lessonsFolder + "/udp.yaml")
        let fd = try LessonSource.share(lesson)
        defer { close(fd) }
        var byte: UInt8 = 0x41
        #expect(pwrite(fd, &byte, 1, 0) == -1 && errno == EPERM, "F_SEAL_WRITE")
        #expect(ftruncate(fd, 0) == -1 && errno == EPERM, "F_SEAL_SHRINK")
        #expect(fcntl(fd, 1033 /* F_ADD_SEALS */, 0) == -1 && errno == EPERM, "F_SEAL_SEAL")
        // Another descriptor opened on it through /proc is held by the seals as well.
        let other = open("/proc/self/fd/\(fd)", O_RDWR)
        if other >= 0 {
            #expect(pwrite(other, &byte, 1, 0) == -1)
            close(other)
        }
        #expect(LessonSource.read(fd: fd) == lesson.source)
    }

    @Test func aLargerSourceThanALessonMayHaveIsCutOneBytePastTheLimit() throws {
        var lesson = try LessonParser.load(path: Self.lessonsFolder + "/tcp.yaml")
        lesson.source = [UInt8](repeating: 0x20, count: LessonLimits.fileBytes + 4096)
        let fd = try LessonSource.share(lesson)
        defer { close(fd) }
        let read = try #require(LessonSource.read(fd: fd))
        #expect(read.count > LessonLimits.fileBytes && read.count <= LessonLimits.fileBytes + (1 << 16))
        #expect(throws: LessonProblems.self) { try LessonParser.parse(bytes: read, path: "big.yaml") }
    }
}
