import Decoding
import Glibc

/// `-P PATH`: only the calls that use one of the paths, by a path argument or a descriptor
/// open on it, as strace 6.1's pathtrace decides (a call of the file, descriptor or network
/// classes; for most the first argument, for some others as strace lists them).
public struct PathFilter: Sendable {
    /// The paths as given and, when it differs, each one's real path.
    public let paths: Set<[UInt8]>
    /// `Requested path "x" resolved into "y"` for each path whose real path differs.
    public let resolutions: [String]

    public init(_ given: [String]) {
        var paths = Set<[UInt8]>()
        var resolutions: [String] = []
        for path in given {
            paths.insert(Array(path.utf8))
            guard let real = realpath(path, nil) else { continue }
            let resolved = String(cString: real)
            free(real)
            if resolved != path {
                resolutions.append("Requested path \(quoteCString(Array(path.utf8))) resolved into \(quoteCString(Array(resolved.utf8)))")
                paths.insert(Array(resolved.utf8))
            }
        }
        self.paths = paths
        self.resolutions = resolutions
    }

    static let file = SyscallClasses.members("file") ?? []
    static let descriptor = SyscallClasses.members("desc") ?? []
    static let network = SyscallClasses.members("network") ?? []

    /// Whether call `name` with `args` of process `pid` uses one of the paths.
    public func matches(name: String, args: SyscallArguments, pid: Int32, memory: any MemoryReader) -> Bool {
        let isFile = Self.file.contains(name)
        guard isFile || Self.descriptor.contains(name) || Self.network.contains(name) else { return false }
        func fd(_ i: Int) -> Bool { descriptor(pid, Int32(truncatingIfNeeded: args[i])) }
        func path(_ i: Int) -> Bool { self.path(memory, args[i]) }
        switch name {
        case "dup2", "dup3", "kexec_file_load", "sendfile", "tee":
            return fd(0) || fd(1)
        case "execveat", "faccessat", "faccessat2", "fchmodat", "fchownat", "fspick", "futimesat", "inotify_add_watch",
             "mkdirat", "mknodat", "mount_setattr", "name_to_handle_at", "newfstatat", "open_tree", "openat", "openat2",
             "readlinkat", "statx", "unlinkat", "utimensat":
            return fd(0) || path(1)
        case "link", "mount", "pivot_root":
            return path(0) || path(1)
        case "quotactl", "symlink":
            return path(1)
        case "linkat", "move_mount", "renameat2", "renameat":
            return fd(0) || fd(2) || path(1) || path(3)
        case "mmap":
            return fd(4)
        case "symlinkat":
            return fd(1) || path(2)
        case "copy_file_range", "splice":
            return fd(0) || fd(2)
        case "epoll_ctl":
            return fd(2)
        case "fanotify_mark":
            return fd(3) || path(4)
        case "select", "pselect6":
            return selectSets(args, pid: pid, memory: memory)
        case "poll", "ppoll":
            return pollDescriptors(args, pid: pid, memory: memory)
        case "fsconfig":
            switch UInt32(truncatingIfNeeded: args[1]) {
            case 3, 4: return fd(4) || path(3)
            case 5: return fd(4)
            default: return false
            }
        case "bpf", "epoll_create", "epoll_create1", "eventfd2", "eventfd", "fanotify_init", "fsopen", "inotify_init",
             "inotify_init1", "io_uring_setup", "landlock_create_ruleset", "memfd_create", "memfd_secret", "mq_open",
             "perf_event_open", "pidfd_open", "pipe", "pipe2", "socket", "socketpair", "timerfd_create", "userfaultfd":
            return false
        default:
            return isFile ? path(0) : fd(0)
        }
    }

    /// A path argument (read up to PATH_MAX) that is one of the paths.
    func path(_ memory: any MemoryReader, _ address: UInt64) -> Bool {
        guard address != 0, let (bytes, terminated) = memory.readCString(address, limit: 4097), terminated else { return false }
        return paths.contains(bytes)
    }

    /// A descriptor open on one of the paths (its /proc link, " (deleted)" taken off as strace does).
    func descriptor(_ pid: Int32, _ fd: Int32) -> Bool {
        guard fd >= 0, let (link, _) = FDDescriber.fdPath(pid: pid, fd: Int64(fd)) else { return false }
        return paths.contains(link)
    }

    private func selectSets(_ args: SyscallArguments, pid: Int32, memory: any MemoryReader) -> Bool {
        let nfds = Int32(truncatingIfNeeded: args[0])
        guard nfds > 0 else { return false }
        let count = Int(min(nfds, 1024 * 1024))
        let size = ((count + 7) / 8 + 7) & ~7
        for i in 1 ... 3 where args[i] != 0 {
            guard let bits = memory.read(args[i], count: size) else { continue }
            for j in 0 ..< count where bits[j / 8] & (1 << UInt8(j % 8)) != 0 {
                if descriptor(pid, Int32(j)) { return true }
            }
        }
        return false
    }

    private func pollDescriptors(_ args: SyscallArguments, pid: Int32, memory: any MemoryReader) -> Bool {
        let count = min(UInt32(truncatingIfNeeded: args[1]), 1024 * 1024)
        for i in 0 ..< UInt64(count) {
            guard let entry = memory.read(args[0] &+ i * 8, count: 8) else { break }
            if descriptor(pid, entry.int32(at: 0)) { return true }
        }
        return false
    }
}
