import Decoding
import Glibc

/// Where text goes: a file descriptor with a buffer. For a terminal or stderr the buffer is
/// written out at every `flushIfInteractive()`; for a file, only when full or at the end. A
/// write that fails (a full disk, a closed pipe) is remembered, and nothing more is written:
/// `failure` says it, so that the command can report it and exit 1 instead of losing output
/// silently.
public final class OutputSink {
    private let fd: Int32
    private let ownsFD: Bool
    private var buffer: [UInt8] = []
    public let interactive: Bool
    /// What the output is called in a message: the file's path, `standard output`, ...
    public let name: String
    /// The errno of the first write that failed, 0 while none has.
    public private(set) var writeError: Int32 = 0

    /// Kept in memory instead of written (fd -1): `captured` holds everything.
    public private(set) var captured: [UInt8] = []
    public static func memory() -> OutputSink { OutputSink(fd: -1, interactive: false) }
    public var capturedText: String {
        flush()
        return String(decoding: captured, as: UTF8.self)
    }

    public init(fd: Int32, ownsFD: Bool = false, interactive: Bool, name: String? = nil) {
        self.fd = fd
        self.ownsFD = ownsFD
        self.interactive = interactive
        self.name = name ?? (fd == 1 ? "standard output" : fd == 2 ? "standard error" : "descriptor \(fd)")
        buffer.reserveCapacity(1 << 16)
    }

    /// `/dev/full: No space left on device` (as strace says it) when a write failed.
    public var failure: String? {
        writeError == 0 ? nil : name + ": " + String(cString: strerror(writeError))
    }

    /// Opens (creates, truncates, or with `append` appends to) `path` for writing, close-on-exec so that a traced child does
    /// not inherit it.
    public static func file(_ path: String, append: Bool = false) -> OutputSink? {
        let fd = open(path, O_WRONLY | O_CREAT | (append ? O_APPEND : O_TRUNC) | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return nil }
        return OutputSink(fd: fd, ownsFD: true, interactive: false, name: path)
    }

    public static var standardError: OutputSink { OutputSink(fd: 2, interactive: true) }
    public static var standardOutput: OutputSink { OutputSink(fd: 1, interactive: isatty(1) != 0) }

    public func write(_ text: String) {
        buffer.append(text: text)
        if buffer.count >= 1 << 16 { flush() }
    }

    public func write(bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { write($0) }
    }

    /// Bytes that are not an array (the strace renderer's line).
    public func write(_ bytes: UnsafeBufferPointer<UInt8>) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= 1 << 16 { flush() }
    }

    public func flushIfInteractive() {
        if interactive { flush() }
    }

    public func flush() {
        if fd < 0 {
            captured += buffer
            buffer.removeAll(keepingCapacity: true)
            return
        }
        var offset = 0
        while offset < buffer.count && writeError == 0 {
            let n = buffer.withUnsafeBytes { raw in
                Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
            }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 {
                writeError = n < 0 ? errno : EIO
                break
            }
            offset += n
        }
        buffer.removeAll(keepingCapacity: true)
    }

    public func close() {
        flush()
        if ownsFD { Glibc.close(fd) }
    }
}
