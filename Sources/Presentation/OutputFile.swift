import Events
import Glibc

/// An output file an option names (`--html FILE`), opened before anything runs, so that a path
/// that cannot be written fails first. It is emptied only when its content is written: a run
/// that ends early leaves an existing file as it was, and removes a file it created.
public final class OutputFile {
    public let path: String
    private let fd: Int32
    private let created: Bool
    private var written = false

    /// Opens (or creates) `path`; the failure is `cannot write 'PATH': REASON`.
    public init(_ path: String) throws(SinkFailure) {
        var fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        created = fd >= 0
        if fd < 0 && errno == EEXIST { fd = open(path, O_WRONLY | O_CLOEXEC) }
        guard fd >= 0 else { throw SinkFailure("cannot write '\(path)': \(String(cString: strerror(errno)))") }
        self.path = path
        self.fd = fd
    }

    /// Replaces the file's content with `text`; a write that fails is one line.
    public func replace(with text: String) throws(SinkFailure) {
        try replace(with: Array(text.utf8))
    }

    /// Replaces the file's content with `bytes` (a PDF).
    public func replace(with bytes: [UInt8]) throws(SinkFailure) {
        var st = stat()
        if fstat(fd, &st) == 0 && (st.st_mode & S_IFMT) == S_IFREG {
            _ = ftruncate(fd, 0)
            _ = lseek(fd, 0, SEEK_SET)
        }
        written = true
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { raw in write(fd, raw.baseAddress! + offset, raw.count - offset) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw SinkFailure(path + ": " + String(cString: strerror(n < 0 ? errno : EIO))) }
            offset += n
        }
    }

    /// Nothing was written: remove the file if this run created it.
    public func abandon() {
        if created && !written { unlink(path) }
    }

    deinit { close(fd) }
}
