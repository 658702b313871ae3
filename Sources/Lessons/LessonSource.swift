import CPtrace
import Glibc

/// The lesson's bytes, handed to the roles' processes in a sealed memfd, so that each role plays
/// exactly the lesson that was checked and shown: the file's path could name another file by the
/// time a role starts (a lesson file is untrusted input).
public enum LessonSource {
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public let description: String
    }

    /// A descriptor the roles inherit; the caller closes it once every role has started.
    public static func share(_ lesson: Lesson) throws(Failure) -> Int32 {
        let fd = lesson.source.withUnsafeBytes { cg_sealed_memfd("sockstep-lesson", $0.baseAddress, UInt($0.count)) }
        guard fd >= 0 else { throw Failure(description: "memfd_create: \(String(cString: strerror(errno)))") }
        return fd
    }

    /// The bytes behind `fd` (read with pread: the roles share the descriptor's offset), at most
    /// one byte more than a lesson file may have, so that the parser refuses a larger one.
    public static func read(fd: Int32) -> [UInt8]? {
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while out.count <= LessonLimits.fileBytes {
            let n = chunk.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, off_t(out.count)) }
            if n < 0 && errno == EINTR { continue }
            if n < 0 { return nil }
            if n == 0 { break }
            out += chunk[0 ..< n]
        }
        return out
    }
}
