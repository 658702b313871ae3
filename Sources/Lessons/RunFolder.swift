import Glibc

/// A folder of sockstep's own for one run: `sockstep-NAME-PID-XXXXXX`, a fresh mkdtemp (mode
/// 0700) under $TMPDIR or /tmp. The UNIX sockets of a lesson live in it (`unix:$DIR/NAME` is
/// `<folder>/NAME`), and the compare commands keep their trace files in one.
///
/// The folder is held open (O_NOFOLLOW, close-on-exec, with an flock that says "in use") for as
/// long as the run lasts. Cleanup removes only the names sockstep put there, relative to that
/// descriptor, so that a symlink swapped in for an entry or for the folder itself is never
/// followed; the folder goes last, by its name in its parent, and only when that name still is
/// the very folder made at the start.
public final class RunFolder {
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public let message: String
        public var description: String { message }
    }

    public static let prefix = "sockstep-"
    /// The longest lesson name a folder's name carries.
    static let nameLimit = 32
    /// The longest UNIX socket path (sun_path holds 108 bytes with the closing NUL).
    public static let maxSocketPath = 107

    /// The folder's path, for the roles (`--dir`).
    public let path: String
    let leaf: String
    let parentFD: Int32
    let fd: Int32
    let device: UInt64
    let inode: UInt64
    /// The names sockstep makes in the folder, removed at cleanup.
    public private(set) var entries: Set<String> = []
    var removed = false

    init(path: String, leaf: String, parentFD: Int32, fd: Int32, device: UInt64, inode: UInt64) {
        self.path = path
        self.leaf = leaf
        self.parentFD = parentFD
        self.fd = fd
        self.device = device
        self.inode = inode
    }

    deinit { remove() }

    /// Where run folders go: $TMPDIR when it is set and not empty (it must then be an absolute
    /// path of a folder), else /tmp.
    public static func baseFolder(tmpdir: String?) throws(Failure) -> String {
        guard let tmpdir, !tmpdir.isEmpty else { return "/tmp" }
        guard tmpdir.hasPrefix("/") else {
            throw Failure(message: "TMPDIR is '\(tmpdir)', not an absolute path: set it to a folder such as /tmp, or unset it")
        }
        var info = stat()
        guard stat(tmpdir, &info) == 0 else {
            throw Failure(message: "TMPDIR is '\(tmpdir)': \(String(cString: strerror(errno))); set it to an existing folder, or unset it")
        }
        guard info.st_mode & S_IFMT == S_IFDIR else {
            throw Failure(message: "TMPDIR is '\(tmpdir)', which is not a folder: set it to a folder such as /tmp, or unset it")
        }
        var base = Substring(tmpdir)
        while base.count > 1 && base.hasSuffix("/") { base = base.dropLast() }
        return String(base)
    }

    /// The lesson's name as it goes into a folder's name: letters, digits, _ and -, at most 32.
    public static func sanitized(_ name: String) -> String {
        let kept = name.unicodeScalars.filter { $0.isASCII && ($0.properties.isAlphabetic || ("0" ... "9").contains($0) || $0 == "_" || $0 == "-") }
        let cut = String(String.UnicodeScalarView(kept.prefix(nameLimit)))
        return cut.isEmpty ? "lesson" : cut
    }

    /// A name that is one entry of a folder: not empty, not . or .., no / and no NUL, at most
    /// 255 bytes.
    public static func isPlainName(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        return !bytes.isEmpty && bytes.count <= 255 && name != "." && name != ".." && !bytes.contains(0x2f) && !bytes.contains(0)
    }

    /// Makes the run's folder under $TMPDIR (or /tmp), after removing the folders that runs
    /// which no longer exist left behind.
    public static func create(for name: String) throws(Failure) -> RunFolder {
        let tmpdir = getenv("TMPDIR").map { String(cString: $0) }
        return try create(for: name, in: try baseFolder(tmpdir: tmpdir))
    }

    public static func create(for name: String, in base: String) throws(Failure) -> RunFolder {
        func failure(_ what: String) -> Failure {
            Failure(message: "cannot make a run folder in \(base): \(what): \(String(cString: strerror(errno))); set TMPDIR to a folder you can write to")
        }
        sweepStale(in: base)
        let parentFD = open(base, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard parentFD >= 0 else { throw failure("open") }
        var template = Array(((base == "/" ? "" : base) + "/" + prefix + sanitized(name) + "-\(getpid())-XXXXXX").utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            let error = failure("mkdtemp")
            close(parentFD)
            throw error
        }
        let path = String(cString: made)
        let leaf = String(path.split(separator: "/").last ?? "")
        let fd = openat(parentFD, leaf, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        var info = stat()
        var byPath = stat()
        let same = fd >= 0 && fstat(fd, &info) == 0 && lstat(path, &byPath) == 0
            && info.st_dev == byPath.st_dev && info.st_ino == byPath.st_ino && info.st_uid == geteuid()
        guard same else {
            let error = fd < 0 ? failure("open \(path)")
                : Failure(message: "cannot make a run folder in \(base): \(path) is not the folder mkdtemp made (it changed at once); set TMPDIR to a folder only you can write to")
            if fd >= 0 { close(fd) }
            close(parentFD)
            throw error
        }
        // mkdtemp's mode is 0700 less the umask: exactly 0700, so that the roles can use it.
        _ = fchmod(fd, 0o700)
        // "In use": a later run's sweep leaves a folder whose lock it cannot take.
        _ = flock(fd, LOCK_EX | LOCK_NB)
        return RunFolder(path: path, leaf: leaf, parentFD: parentFD, fd: fd, device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
    }

    /// Records a name sockstep makes in the folder (a plain name only), so that cleanup removes it.
    public func register(_ name: String) {
        if Self.isPlainName(name) { entries.insert(name) }
    }

    /// The path of an entry of the folder.
    public func entryPath(_ name: String) -> String { path + "/" + name }

    /// Removes the entries sockstep made (never following a symlink: unlinkat relative to the
    /// folder's descriptor removes a link itself, and a directory put there stays), then the
    /// folder, by its name, if that name still is this folder. Once; later calls do nothing.
    public func remove() {
        guard !removed else { return }
        removed = true
        for name in entries.sorted() { _ = unlinkat(fd, name, 0) }
        var now = stat()
        if fstatat(parentFD, leaf, &now, AT_SYMLINK_NOFOLLOW) == 0, now.st_mode & S_IFMT == S_IFDIR,
           UInt64(now.st_dev) == device, UInt64(now.st_ino) == inode {
            _ = unlinkat(parentFD, leaf, AT_REMOVEDIR)
        }
        close(fd)
        close(parentFD)
    }

    // MARK: Folders left behind

    /// The pid in a folder name of sockstep's (`sockstep-NAME-PID-XXXXXX`), nil for any other name.
    public static func ownerPID(ofFolderNamed leaf: String) -> pid_t? {
        guard leaf.hasPrefix(prefix) else { return nil }
        let parts = leaf.dropFirst(prefix.count).split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count >= 3 else { return nil }
        let random = parts[parts.count - 1]
        let pidText = parts[parts.count - 2]
        let name = parts[0 ..< parts.count - 2].joined(separator: "-")
        guard random.utf8.count == 6, random.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0" ... "9").contains($0)) }),
              !pidText.isEmpty, pidText.count <= 10, pidText.allSatisfy({ ("0" ... "9").contains($0) }),
              let pid = pid_t(pidText), pid > 1,
              !name.isEmpty, name.utf8.count <= nameLimit, sanitized(name) == name else { return nil }
        return pid
    }

    /// Whether a process with this pid exists (one of another user counts too).
    static func isAlive(_ pid: pid_t) -> Bool {
        kill(pid, 0) == 0 || errno == EPERM
    }

    /// The regular files a compare command's work folder holds.
    static func isWorkFile(_ name: String) -> Bool {
        name.hasSuffix(".trace") || name == "strace.txt" || name == "sockstep.txt"
    }

    /// Removes the folders that runs killed with SIGKILL left in `base`: only names of the
    /// pattern, real folders (not symlinks) owned by this user, whose owner pid is gone and whose
    /// lock no run holds. Inside, only what sockstep could have made there goes (sockets and a
    /// compare's trace files), by unlinkat relative to the folder's descriptor; then the folder,
    /// which stays when anything else is in it. Another user's folders are never touched.
    public static func sweepStale(in base: String) {
        let parentFD = open(base, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard parentFD >= 0 else { return }
        defer { close(parentFD) }
        let me = geteuid()
        for leaf in entryNames(dup(parentFD)) {
            guard let pid = ownerPID(ofFolderNamed: leaf), pid != getpid(), !isAlive(pid) else { continue }
            var seen = stat()
            guard fstatat(parentFD, leaf, &seen, AT_SYMLINK_NOFOLLOW) == 0, seen.st_mode & S_IFMT == S_IFDIR, seen.st_uid == me else { continue }
            let fd = openat(parentFD, leaf, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            guard fd >= 0 else { continue }
            defer { close(fd) }
            var opened = stat()
            guard fstat(fd, &opened) == 0, opened.st_dev == seen.st_dev, opened.st_ino == seen.st_ino, opened.st_uid == me,
                  flock(fd, LOCK_EX | LOCK_NB) == 0 else { continue }
            for name in entryNames(dup(fd)) {
                var entry = stat()
                guard fstatat(fd, name, &entry, AT_SYMLINK_NOFOLLOW) == 0 else { continue }
                let type = entry.st_mode & S_IFMT
                if type == S_IFSOCK || (type == S_IFREG && isWorkFile(name)) { _ = unlinkat(fd, name, 0) }
            }
            var now = stat()
            if fstatat(parentFD, leaf, &now, AT_SYMLINK_NOFOLLOW) == 0, now.st_mode & S_IFMT == S_IFDIR,
               now.st_dev == opened.st_dev, now.st_ino == opened.st_ino {
                _ = unlinkat(parentFD, leaf, AT_REMOVEDIR)
            }
        }
    }

    /// The names in a folder (not . and ..), read through `fd`, which this closes.
    static func entryNames(_ fd: Int32) -> [String] {
        guard fd >= 0 else { return [] }
        guard let dir = fdopendir(fd) else {
            close(fd)
            return []
        }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }
}

extension AddressLiteral {
    /// For `unix:$DIR/NAME`: NAME, when it is a plain file name (the socket's entry in the run
    /// folder); nil for any other address, and for a path that is not a plain name in the folder.
    public var runFolderEntry: String? {
        guard case .unixPath(let path) = self, path.hasPrefix("$DIR/") else { return nil }
        let name = String(path.dropFirst(5))
        return RunFolder.isPlainName(name) ? name : nil
    }
}

extension Lesson {
    /// The run folder's entries for the lesson's UNIX sockets (`unix:$DIR/NAME`); a failure
    /// names (file:line) the first path that is not a plain name in the folder, or that is too
    /// long for a socket address there.
    public func socketEntries(in folder: String) throws(RunFolder.Failure) -> Set<String> {
        var names: Set<String> = []
        for step in steps {
            for argument in step.call.arguments {
                guard case .address(let literal) = argument, case .unixPath(let text) = literal else { continue }
                guard let entry = literal.runFolderEntry else {
                    throw RunFolder.Failure(message: "\(path):\(step.line): the UNIX socket path '\(text)' is not a plain file name in the run folder: write unix:$DIR/NAME (no / and no ..)")
                }
                guard folder.utf8.count + 1 + entry.utf8.count <= RunFolder.maxSocketPath else {
                    throw RunFolder.Failure(message: "\(path):\(step.line): the UNIX socket path \(folder)/\(entry) is longer than a socket address holds (\(RunFolder.maxSocketPath) bytes): set TMPDIR to a shorter folder, e.g. /tmp")
                }
                names.insert(entry)
            }
        }
        return names
    }
}
