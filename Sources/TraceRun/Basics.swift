import Glibc
import Synchronization

/// sockstep's version (`sockstep --version`, the recordings' and JSON's headers).
public enum SockstepVersion {
    public static let number = "0.1.0"
}

/// A failure at run time: one line on stderr, exit 1.
public struct RuntimeFailure: Error {
    public let message: String
    public init(message: String) { self.message = message }
    public func report() {
        FileHandleLite.standardError.write("sockstep: " + message + "\n")
    }
}

/// Unbuffered writes to a descriptor.
public struct FileHandleLite: Sendable {
    public let fd: Int32
    public static let standardError = FileHandleLite(fd: 2)
    public static let standardOutput = FileHandleLite(fd: 1)

    /// The errno of the first write to standard output that failed (0: none): sockstep ends
    /// with exit 1 and says so (sockstep-commands' main.swift).
    public static let outputFailure = Atomic<Int32>(0)

    public init(fd: Int32) { self.fd = fd }

    public func write(_ text: String) {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeMutableBytes { Glibc.write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n <= 0 {
                if errno == EINTR { continue }
                if fd == 1 { _ = Self.outputFailure.compareExchange(expected: 0, desired: n == 0 ? EIO : errno, ordering: .relaxed) }
                return
            }
            offset += n
        }
        bytes.removeAll()
    }
}

/// The first executable regular file `name` in $PATH's folders.
public func searchPath(_ name: String) -> String? {
    let path = getenv("PATH").map { String(cString: $0) } ?? "/usr/local/bin:/usr/bin:/bin"
    for dir in path.split(separator: ":", omittingEmptySubsequences: false) {
        let candidate = (dir.isEmpty ? "." : String(dir)) + "/" + name
        var st = stat()
        if stat(candidate, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG, access(candidate, X_OK) == 0 { return candidate }
    }
    return nil
}

/// Die of `signal` as the traced command did (as strace does), without a core dump.
public func cp_die(_ signal: Int32) -> Never {
    var limit = rlimit(rlim_cur: 0, rlim_max: 0)
    setrlimit(__rlimit_resource_t(RLIMIT_CORE.rawValue), &limit)
    Glibc.signal(signal, SIG_DFL)
    var set = sigset_t()
    sigemptyset(&set)
    sigaddset(&set, signal)
    sigprocmask(SIG_UNBLOCK, &set, nil)
    raise(signal)
    Glibc.exit(128 + signal)
}
