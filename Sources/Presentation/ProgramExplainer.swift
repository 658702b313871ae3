import Decoding

/// The calls every program makes (files, memory, processes, signals, waiting), in plain words,
/// for `sockstep trace --explain`: a table of sentence builders, one per call, over the call's
/// typed values (registers and decoded arguments), never over its rendered line.
extension Explainer {
    /// A call's typed values, as the sentence builders read them.
    struct Reading {
        let call: DecodedCall
        /// The call's return value as strace shows it (`3`, `0x7f...`).
        var value: String {
            if let v = call.result?.value { return v.render() }
            return String(call.rawReturn)
        }
        var returned: Int64 { call.rawReturn }
        /// The register `i`, as an unsigned number (0 when the call has fewer).
        func raw(_ i: Int) -> UInt64 { i < call.rawArguments.count ? call.rawArguments[i] : 0 }
        /// The register `i` as a C int (a descriptor, a signal, a pid).
        func int(_ i: Int) -> Int64 { Int64(Int32(truncatingIfNeeded: raw(i))) }
        /// The descriptor in register `i`, named as a student knows it.
        func fd(_ i: Int) -> String { Explainer.descriptor(int(i)) }
        /// The decoded argument `i` as strace prints it.
        func arg(_ i: Int) -> String { i < call.arguments.count ? call.arguments[i].render() : "?" }
        func hex(_ i: Int) -> String { "0x" + String(raw(i), radix: 16) }
        /// The decoded argument `i`, when the tracer read it.
        func value(_ i: Int) -> Value? { i < call.arguments.count ? call.arguments[i] : nil }
    }

    typealias Builder = @Sendable (Reading) -> String?

    /// `fd 1 (standard output)`.
    static func descriptor(_ fd: Int64) -> String {
        switch fd {
        case 0: return "fd 0 (standard input)"
        case 1: return "fd 1 (standard output)"
        case 2: return "fd 2 (standard error)"
        case -100: return "the current directory (AT_FDCWD)"
        default: return "fd \(fd)"
        }
    }

    /// The names in a flags value (`.flags`, or a field of a structure), for a typed test.
    static func flagNames(_ value: Value?) -> [String] {
        switch value {
        case .flags(let names, _, _, _)?: return names
        case .symbol(let name, _)?: return [name]
        case .joined(let parts, _)?: return parts.flatMap { flagNames($0) }
        case .boxed(let inner)?, .composite(let inner, _)?: return flagNames(inner)
        default: return []
        }
    }

    /// The field `name` of a structure value (behind a pointer or not).
    static func field(_ value: Value?, _ name: String) -> Value? {
        switch value {
        case .structure(let fields)?: return fields.first { $0.name == name }?.value
        case .boxed(let inner)?: return field(inner, name)
        default: return nil
        }
    }

    static func opened(_ r: Reading, pathIndex: Int, flagsIndex: Int) -> String {
        let create = r.raw(flagsIndex) & 0o100 != 0 // O_CREAT
        let cloexec = r.raw(flagsIndex) & 0o2000000 != 0 // O_CLOEXEC
        return "fd \(r.value) now refers to the file \(r.arg(pathIndex))"
            + (create ? " (O_CREAT: made if it did not exist)" : "")
            + (cloexec ? "; O_CLOEXEC closes it when this process calls execve" : "")
    }

    static func readSentence(_ r: Reading) -> String {
        r.returned == 0 ? "0 bytes: end of file (nothing more to read from \(r.fd(0)))" : "\(r.value) bytes read from \(r.fd(0)) into the buffer"
    }

    static func ready(_ r: Reading, _ what: String) -> String {
        r.returned == 0 ? "nothing became ready before the timeout" : "\(r.value) of the \(what) are ready: the call woke up for them"
    }

    static func statSentence(_ r: Reading, _ what: String) -> String {
        "the kernel filled in the metadata of \(what): type, size, owner, permissions, times"
    }

    /// What a successful call did, per call name.
    static let programCalls: [String: Builder] = {
        var t: [String: Builder] = [:]
        t["open"] = { opened($0, pathIndex: 0, flagsIndex: 1) }
        t["openat"] = { opened($0, pathIndex: 1, flagsIndex: 2) }
        t["creat"] = { "fd \($0.value) now refers to the file \($0.arg(0)), made (or emptied) for writing" }
        t["read"] = readSentence
        t["pread64"] = { r in r.returned == 0 ? "0 bytes: that offset is at or past the end of the file" : "\(r.value) bytes read from \(r.fd(0)) at offset \(r.raw(3)) (its own offset does not move)" }
        t["readv"] = readSentence
        t["write"] = { "\($0.value) bytes written to \($0.fd(0))" }
        t["writev"] = { "\($0.value) bytes written to \($0.fd(0)), gathered from \($0.raw(2)) buffers" }
        t["pwrite64"] = { "\($0.value) bytes written to \($0.fd(0)) at offset \($0.raw(3))" }
        t["lseek"] = { "\($0.fd(0))'s offset is now \($0.value)" }
        t["mmap"] = { r in
            let anonymous = r.int(4) == -1
            return "the kernel mapped \(r.raw(1)) bytes at \(r.value) into this process's memory"
                + (anonymous ? " (anonymous: zero-filled, backed by no file)" : ", backed by \(r.fd(4)) from offset \(r.arg(5)): pages are read from the file when first touched")
        }
        t["mprotect"] = { r in
            if r.raw(2) == 0 { return "the \(r.raw(1)) bytes at \(r.hex(0)) can no longer be touched at all (PROT_NONE): any access raises SIGSEGV" }
            return "the \(r.raw(1)) bytes at \(r.hex(0)) are now \(r.arg(2)): touching them otherwise raises SIGSEGV"
        }
        t["munmap"] = { "the \($0.raw(1)) bytes at \($0.hex(0)) are no longer mapped: using those addresses raises SIGSEGV" }
        t["madvise"] = { "a hint to the kernel about the \($0.raw(1)) bytes at \($0.hex(0)) (\($0.arg(2)))" }
        t["brk"] = { r in
            if r.raw(0) == 0 { return "the heap ends at \(r.value) (brk(NULL) asks where; malloc grows it from there)" }
            if UInt64(bitPattern: r.returned) == r.raw(0) { return "the heap now ends at \(r.value)" }
            return "the heap could not be moved to \(r.hex(0)): it still ends at \(r.value)"
        }
        let forked: Builder = { "a new process, pid \($0.value), runs a copy of this one; in the child the call returns 0" }
        t["fork"] = forked
        t["vfork"] = { "a new process, pid \($0.value), shares this one's memory until it calls execve or exits; this one waits until then" }
        t["clone"] = { r in
            if r.raw(0) & 0x10000 != 0 { return "a new thread, id \(r.value), in this process: it shares the memory and descriptors" } // CLONE_THREAD
            return forked(r)
        }
        t["clone3"] = { r in
            if flagNames(field(r.value(0), "flags")).contains("CLONE_THREAD") { return "a new thread, id \(r.value), in this process: it shares the memory and descriptors" }
            return forked(r)
        }
        t["execve"] = { "this process now runs \($0.arg(0)): its memory is replaced by the new program; its descriptors stay open unless close-on-exec" }
        t["execveat"] = { "this process now runs \($0.arg(1)): its memory is replaced by the new program" }
        t["wait4"] = { r in
            if r.returned == 0 { return "no child has changed state yet (WNOHANG: wait4 returns at once)" }
            return "child \(r.value) has ended (or stopped): wait4 collected its status, so it is no longer a zombie"
        }
        t["waitid"] = { _ in "a child has changed state; its details are in the siginfo" }
        t["exit_group"] = { "the process ends with exit status \($0.int(0) & 0xff): every thread, every descriptor closed" }
        t["exit"] = { _ in "this thread ends (the other threads of the process go on)" }
        let piped: Builder = { r in
            guard case .array(let ends, _)? = r.value(0), ends.count == 2 else { return "a pipe was made" }
            return "a new pipe: what is written to fd \(ends[1].render()) is read from fd \(ends[0].render())"
        }
        t["pipe"] = piped
        t["pipe2"] = piped
        t["dup"] = { "fd \($0.value) is a copy of \($0.fd(0)): the same open file, the same offset" }
        let dup2: Builder = { "fd \($0.value) now refers to what \($0.fd(0)) refers to (what fd \($0.value) had open before was closed)" }
        t["dup2"] = dup2
        t["dup3"] = dup2
        t["fstat"] = { statSentence($0, $0.fd(0)) }
        t["stat"] = { statSentence($0, $0.arg(0)) }
        t["lstat"] = { statSentence($0, $0.arg(0) + " (the link itself, not what it points to)") }
        t["newfstatat"] = { r in statSentence(r, r.arg(1) == "\"\"" ? r.fd(0) : r.arg(1)) }
        t["statx"] = { statSentence($0, $0.arg(1) == "\"\"" ? $0.fd(0) : $0.arg(1)) }
        t["access"] = { "\($0.arg(0)) exists and this process may access it as asked (\($0.arg(1)))" }
        t["faccessat"] = { "\($0.arg(1)) exists and this process may access it as asked (\($0.arg(2)))" }
        t["faccessat2"] = t["faccessat"]
        t["ioctl"] = { "the driver behind \($0.fd(0)) carried out \($0.arg(1))" }
        t["fcntl"] = { "\($0.arg(1)) on \($0.fd(0)) returned \($0.value)" }
        t["poll"] = { ready($0, "descriptors") }
        t["ppoll"] = { ready($0, "descriptors") }
        t["select"] = { ready($0, "descriptors") }
        t["pselect6"] = { ready($0, "descriptors") }
        t["epoll_create"] = { "fd \($0.value) is a new epoll instance: a set of descriptors to wait on together" }
        t["epoll_create1"] = t["epoll_create"]
        t["epoll_ctl"] = { r in
            switch r.raw(1) {
            case 1: return "\(r.fd(2)) is now watched by epoll fd \(r.int(0)) (EPOLL_CTL_ADD)"
            case 2: return "\(r.fd(2)) is no longer watched by epoll fd \(r.int(0)) (EPOLL_CTL_DEL)"
            case 3: return "the events epoll fd \(r.int(0)) watches on \(r.fd(2)) changed (EPOLL_CTL_MOD)"
            default: return nil
            }
        }
        t["epoll_wait"] = { ready($0, "watched descriptors") }
        t["epoll_pwait"] = { ready($0, "watched descriptors") }
        t["epoll_pwait2"] = { ready($0, "watched descriptors") }
        t["futex"] = { r in
            switch r.raw(1) & 0x7f { // without FUTEX_PRIVATE_FLAG and FUTEX_CLOCK_REALTIME
            case 0, 9: return "this thread slept on the futex at \(r.hex(0)) until another thread woke it" // FUTEX_WAIT, FUTEX_WAIT_BITSET
            case 1, 10: return "\(r.value) thread(s) waiting on the futex at \(r.hex(0)) were woken" // FUTEX_WAKE, FUTEX_WAKE_BITSET
            default: return "the futex operation \(r.arg(1)) on \(r.hex(0)) returned \(r.value)"
            }
        }
        t["rt_sigaction"] = { r in
            if r.raw(1) == 0 { return "reads how \(r.arg(0)) is handled; nothing changed" }
            return "\(r.arg(0)) is now handled as the new sigaction says (its old handling is written to the third argument)"
        }
        t["rt_sigprocmask"] = { r in
            r.raw(1) == 0 ? "reads which signals are blocked; nothing changed" : "the set of blocked signals changed (\(r.arg(0))): a blocked signal waits until it is unblocked"
        }
        t["rt_sigreturn"] = { _ in "the signal handler has finished: the thread goes on where the signal interrupted it" }
        t["kill"] = { "signal \($0.arg(1)) was sent to \($0.int(0) > 0 ? "process \($0.int(0))" : "a process group")" }
        t["tgkill"] = { "signal \($0.arg(2)) was sent to thread \($0.int(1))" }
        t["arch_prctl"] = { "a per-thread CPU setting: \($0.arg(0)) (glibc sets up thread-local storage this way)" }
        t["set_tid_address"] = { "when this thread ends, the kernel clears that address and wakes a futex on it (the thread's id is \($0.value))" }
        t["set_robust_list"] = { _ in "the thread's robust-futex list is registered: locks it holds when it dies are released" }
        t["rseq"] = { _ in "restartable sequences registered for this thread (glibc reads the current CPU from it)" }
        t["prlimit64"] = { r in r.raw(2) == 0 ? "reads the limit \(r.arg(1)); nothing changed" : "the limit \(r.arg(1)) is set" }
        t["getrandom"] = { "\($0.value) random bytes from the kernel" }
        t["getpid"] = { "this process's id is \($0.value)" }
        t["getppid"] = { "the parent process's id is \($0.value)" }
        t["gettid"] = { "this thread's id is \($0.value)" }
        t["getuid"] = { "the real user id is \($0.value)" }
        t["geteuid"] = { "the effective user id is \($0.value)" }
        t["getgid"] = { "the real group id is \($0.value)" }
        t["getegid"] = { "the effective group id is \($0.value)" }
        t["uname"] = { _ in "the kernel's name, release and machine are written to the buffer" }
        t["getcwd"] = { "the current directory is \($0.arg(0))" }
        t["chdir"] = { "the current directory is now \($0.arg(0))" }
        t["unlink"] = { "the name \($0.arg(0)) is removed (the file goes when nothing has it open)" }
        t["unlinkat"] = { "the name \($0.arg(1)) is removed" }
        t["umask"] = { "new files get the mask \($0.arg(0)) from now on; the old mask was \($0.value)" }
        t["chmod"] = { "the permissions of \($0.arg(0)) are now \($0.arg(1))" }
        t["fchmod"] = { "the permissions of the file behind \($0.fd(0)) are now \($0.arg(1))" }
        t["fchmodat"] = { "the permissions of \($0.arg(1)) are now \($0.arg(2))" }
        t["rename"] = { "\($0.arg(0)) is now called \($0.arg(1))" }
        t["renameat"] = { "\($0.arg(1)) is now called \($0.arg(3))" }
        t["renameat2"] = t["renameat"]
        t["symlink"] = { "\($0.arg(1)) is a new symbolic link to \($0.arg(0))" }
        t["link"] = { "\($0.arg(1)) is a new name for the file \($0.arg(0))" }
        t["truncate"] = { "\($0.arg(0)) is now \($0.raw(1)) bytes long" }
        t["ftruncate"] = { "the file behind \($0.fd(0)) is now \($0.raw(1)) bytes long" }
        t["fsync"] = { "the kernel wrote the file behind \($0.fd(0)) to the disk" }
        t["fchdir"] = { "the current directory is now the one behind \($0.fd(0))" }
        t["mkdirat"] = { "the directory \($0.arg(1)) is made" }
        t["readlinkat"] = { "the link \($0.arg(1)) points to \($0.arg(2))" }
        t["mkdir"] = { "the directory \($0.arg(0)) is made" }
        t["readlink"] = { "the link \($0.arg(0)) points to \($0.arg(1))" }
        t["getdents64"] = { r in r.returned == 0 ? "no more directory entries" : "\(r.value) bytes of directory entries read from \(r.fd(0))" }
        t["nanosleep"] = { _ in "the thread slept for the time asked" }
        t["clock_nanosleep"] = { _ in "the thread slept for the time asked" }
        t["sched_yield"] = { _ in "the thread let another one run first" }
        t["sched_getaffinity"] = { "the CPUs this thread may run on are in the mask (\($0.value) bytes written)" }
        t["sigaltstack"] = { _ in "the alternate stack for signal handlers is set or read" }
        t["eventfd2"] = { "fd \($0.value) is a new eventfd: a counter threads can wait on" }
        t["socketpair"] = { r in
            guard case .array(let ends, _)? = r.value(3), ends.count == 2 else { return "two connected sockets" }
            return "fd \(ends[0].render()) and fd \(ends[1].render()) are two connected sockets: what one sends, the other reads"
        }
        return t
    }()

    /// What a failed call means, where the errno has a reason of its own for this call.
    static let programFailures: [String: @Sendable (Reading, String) -> String?] = {
        var t: [String: @Sendable (Reading, String) -> String?] = [:]
        let open: @Sendable (Reading, String, Int) -> String? = { r, name, path in
            switch name {
            case "ENOENT": return "there is no file \(r.arg(path)) (or a folder on its way is missing)"
            case "EACCES": return "this process may not open \(r.arg(path)) that way (its permissions say no)"
            case "EEXIST": return "\(r.arg(path)) exists already and O_EXCL asked for a new file"
            default: return nil
            }
        }
        t["open"] = { open($0, $1, 0) }
        t["openat"] = { open($0, $1, 1) }
        t["creat"] = { open($0, $1, 0) }
        t["access"] = { r, name in name == "ENOENT" ? "there is no file \(r.arg(0))" : nil }
        t["faccessat"] = { r, name in name == "ENOENT" ? "there is no file \(r.arg(1))" : nil }
        t["newfstatat"] = { r, name in name == "ENOENT" ? "there is no file \(r.arg(1))" : nil }
        t["stat"] = { r, name in name == "ENOENT" ? "there is no file \(r.arg(0))" : nil }
        t["ioctl"] = { r, name in name == "ENOTTY" ? "\(r.fd(0)) is not a terminal (or device) that knows \(r.arg(1))" : nil }
        t["wait4"] = { _, name in name == "ECHILD" ? "this process has no child left to wait for" : nil }
        let again: @Sendable (Reading, String) -> String? = { r, name in
            name == "EAGAIN" ? "\(r.fd(0)) is non-blocking and nothing is there yet: the call returns at once instead of waiting" : nil
        }
        for call in ["read", "recvfrom", "recvmsg", "accept", "accept4", "write", "sendto", "sendmsg"] { t[call] = again }
        return t
    }()

    /// One plain-English line for any call as it happened, for `trace --explain`: the socket
    /// calls as the lessons explain them, the whole-program calls from the table, every errno;
    /// a call nobody wrote a sentence for says what it returned and where to read more.
    public static func line(_ call: DecodedCall, context: Context = Context()) -> String {
        let r = Reading(call: call)
        switch call.result {
        case .unknown?, nil:
            if call.name == "exit_group" || call.name == "exit" { return programCalls[call.name]!(r)! }
            if call.name == "execve" { return "the process ended (or was replaced) during execve" }
            return "the process ended while it was in \(call.name): the call never returned"
        case .failed(let e)?:
            let name = ErrnoTable.name(e) ?? "error \(e)"
            if let reason = programFailures[call.name]?(r, name) { return "-1 \(name): " + reason }
            if name == "EBADF" {
                // Only a call whose first argument is a descriptor names it; open but for the other
                // direction (a write to a read-only fd) is EBADF too.
                guard case .fd? = r.value(0) else { return "-1 EBADF: a descriptor it was given is not open (or not open for this)" }
                return "-1 EBADF: \(r.fd(0)) is not an open descriptor (or not open for this: a write to a read-only descriptor, say)"
            }
            return meaning(call, context: context) ?? "-1 \(name)"
        case .plain?, .noted?:
            // A descriptor that is not a socket of this process: the file's words, not the socket's.
            let socketWords = context.socket != nil || !["read", "write", "readv", "writev"].contains(call.name)
            if socketWords, let text = meaning(call, context: context) { return text }
            if let text = programCalls[call.name]?(r) { return text }
            return "\(call.name) returned \(r.value) (no plain-words sentence for \(call.name) yet: man 2 \(call.name))"
        }
    }
}
