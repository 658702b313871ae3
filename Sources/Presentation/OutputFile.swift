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
        var st = stat()
        if fstat(fd, &st) == 0 && (st.st_mode & S_IFMT) == S_IFREG {
            _ = ftruncate(fd, 0)
            _ = lseek(fd, 0, SEEK_SET)
        }
        written = true
        let sink = OutputSink(fd: fd, interactive: false, name: path)
        sink.write(text)
        sink.flush()
        if let failure = sink.failure { throw SinkFailure(failure) }
    }

    /// Nothing was written: remove the file if this run created it.
    public func abandon() {
        if created && !written { unlink(path) }
    }

    deinit { close(fd) }
}
