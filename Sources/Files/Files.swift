import Glibc

/// Reading files and listing folders, for every module that reads one: the tracer (/proc), the
/// lesson parser (lesson files), the recordings `render` reads. Every descriptor is opened
/// close-on-exec, so that a traced child never inherits one.
public enum Files {
    /// Why a file could not be read.
    public enum Failure: Error, Sendable, Equatable {
        /// open or read failed with this errno.
        case system(Int32)
        /// Not a regular file (a folder, a device, a pipe).
        case notRegular
        /// More bytes than the limit: the file's size (or the bytes read when it grew).
        case tooLarge(Int)

        /// `No such file or directory`, `it is not a regular file`, ...
        public var message: String {
            switch self {
            case .system(let e): return String(cString: strerror(e))
            case .notRegular: return "it is not a regular file"
            case .tooLarge(let size): return "it has \(size) bytes"
            }
        }
    }

    /// The whole file as text (invalid UTF-8 replaced), nil when it cannot be read: for /proc
    /// and /sys, whose files report no size.
    public static func readText(_ path: String) -> String? {
        guard let f = fopen(path, "re") else { return nil }
        defer { fclose(f) }
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = fread(&chunk, 1, chunk.count, f)
            if n <= 0 { break }
            out.append(contentsOf: chunk[0 ..< n])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// A regular file's bytes, at most `limit` of them: a folder, a device or a FIFO is refused
    /// without reading (O_NONBLOCK, so that a FIFO cannot hang the caller).
    public static func readRegularFile(_ path: String, limit: Int) -> Result<[UInt8], Failure> {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY)
        guard fd >= 0 else { return .failure(.system(errno)) }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { return .failure(.notRegular) }
        if st.st_size > limit { return .failure(.tooLarge(Int(st.st_size))) }
        var bytes = [UInt8](repeating: 0, count: limit + 1)
        var count = 0
        while count <= limit {
            let n = bytes.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress! + count, limit + 1 - count) }
            if n < 0 && errno == EINTR { continue }
            guard n >= 0 else { return .failure(.system(errno)) }
            if n == 0 { break }
            count += n
        }
        if count > limit { return .failure(.tooLarge(count)) }
        bytes.removeSubrange(count...)
        return .success(bytes)
    }

    /// The names in a folder (without `.` and `..`), in the order the folder gives them; nil
    /// when it cannot be opened.
    public static func list(_ folder: String) -> [String]? {
        guard let dir = opendir(folder) else { return nil }
        defer { closedir(dir) }
        var out: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { out.append(name) }
        }
        return out
    }

    /// The path of the running binary (sockstep plays a lesson's roles with itself).
    public static func executablePath() -> String {
        var buffer = [CChar](repeating: 0, count: 4096)
        let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard n > 0 else { return CommandLine.arguments[0] }
        return String(decoding: buffer[0 ..< n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
