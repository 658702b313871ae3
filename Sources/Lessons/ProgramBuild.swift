import Files
import Glibc

/// The toolchain that builds (or, for Python, runs) a lesson's programs of one language.
public struct Toolchain: Sendable {
    public let language: CodeLanguage
    /// The command looked up on PATH (`cc`, `rustc`, `swiftc`), or the interpreter's absolute path.
    public let command: String
    /// The Debian package that brings it (or where to get it).
    public let package: String
    /// The flags sockstep compiles with; the source and `-o OUTPUT` are added.
    public let flags: [String]

    public static func of(_ language: CodeLanguage) -> Toolchain {
        switch language {
        case .c: return Toolchain(language: .c, command: "cc", package: "Debian package gcc", flags: ["-O2", "-Wall"])
        case .rust: return Toolchain(language: .rust, command: "rustc", package: "Debian package rustc", flags: ["--edition", "2021", "-O"])
        case .swift: return Toolchain(language: .swift, command: "swiftc", package: "Swift from swift.org", flags: ["-O"])
        case .python: return Toolchain(language: .python, command: "/usr/bin/python3", package: "Debian package python3", flags: [])
        }
    }

    /// Whether the program is compiled (Python runs its source).
    public var compiles: Bool { language != .python }

    /// The command a reader types to build `file` into `output` (`rustc --edition 2021 -O -o server
    /// server.rs`); nil for Python.
    public func buildCommand(file: String, output: String) -> String? {
        guard compiles else { return nil }
        return ([command] + flags + ["-o", output, file]).joined(separator: " ")
    }

    /// The command a reader types to run the built program with `argument`.
    public func runCommand(file: String, output: String, argument: String) -> String {
        compiles ? "./\(output) \(argument)" : "\(command) \(file) \(argument)"
    }

    /// The compiler's (or interpreter's) path: on PATH, or the absolute command; nil when missing.
    public func locate(path: String?) -> String? {
        if command.hasPrefix("/") { return access(command, X_OK) == 0 ? command : nil }
        for dir in (path ?? "").split(separator: ":", omittingEmptySubsequences: false) {
            let candidate = (dir.isEmpty ? "." : String(dir)) + "/" + command
            var st = stat()
            if stat(candidate, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG, access(candidate, X_OK) == 0 { return candidate }
        }
        return nil
    }
}

/// A lesson program ready to run: where it is and how it starts.
public struct PreparedProgram: Sendable {
    public let role: String
    public let language: CodeLanguage
    /// The program to exec and its argv before the lesson's argument: `[binary]`, or
    /// `[/usr/bin/python3, script]`.
    public let executable: String
    public let arguments: [String]
    /// Whether this run compiled it (false: it came from the cache).
    public let compiled: Bool
}

/// Why a lesson's programs cannot run: one clear message (and the compiler's errors, each with
/// the program's file:line).
public struct ProgramBuildFailure: Error, Sendable, CustomStringConvertible {
    public let lines: [String]
    public var description: String { lines.joined(separator: "\n") }
}

/// Compiles a lesson's programs on first use into a cache keyed by what is compiled (the
/// source's bytes, the compiler's `--version`, the flags): `$XDG_CACHE_HOME/sockstep` or
/// `~/.cache/sockstep`, mode 0700. A program is compiled in a fresh folder and renamed into the
/// cache, so that two runs at once never see half a program; a cached file that is not the
/// user's own, or that others may write, is never run.
public final class ProgramBuild {
    let environment: [String]
    let root: String
    var versions: [CodeLanguage: String] = [:]

    /// `environment` is the one the compilers get (the user's).
    public init(environment: [String]) throws(ProgramBuildFailure) {
        self.environment = environment
        root = try Self.cacheRoot(environment: environment)
    }

    static func value(_ name: String, in environment: [String]) -> String? {
        environment.first { $0.hasPrefix(name + "=") }.map { String($0.dropFirst(name.count + 1)) }
    }

    /// The cache folder, made (0700) when missing and checked: a folder of the user's that no
    /// one else can write.
    static func cacheRoot(environment: [String]) throws(ProgramBuildFailure) -> String {
        var base: String
        if let xdg = value("XDG_CACHE_HOME", in: environment), xdg.hasPrefix("/") {
            base = xdg
        } else {
            var home = value("HOME", in: environment) ?? ""
            if home.isEmpty, let entry = getpwuid(geteuid()), let dir = entry.pointee.pw_dir { home = String(cString: dir) }
            guard home.hasPrefix("/") else {
                throw ProgramBuildFailure(lines: ["sockstep: no cache folder for compiled lesson programs: HOME is not set; set HOME or XDG_CACHE_HOME"])
            }
            base = home + "/.cache"
        }
        while base.count > 1 && base.hasSuffix("/") { base.removeLast() }
        let folder = base + "/sockstep"
        for dir in [base, folder, folder + "/programs"] {
            if mkdir(dir, 0o700) != 0 && errno != EEXIST {
                throw ProgramBuildFailure(lines: ["sockstep: cannot make the cache folder \(dir): \(String(cString: strerror(errno)))"])
            }
        }
        for dir in [folder, folder + "/programs"] {
            var st = stat()
            guard lstat(dir, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR, st.st_uid == geteuid(), st.st_mode & 0o022 == 0 else {
                throw ProgramBuildFailure(lines: ["sockstep: the cache folder \(dir) is not a folder of yours that only you can write; remove it (sockstep makes it again, mode 0700)"])
            }
        }
        return folder
    }

    /// Every role's program of the lesson (resolved for its language), compiled when the cache
    /// does not have it yet.
    public func prepare(_ lesson: Lesson) throws(ProgramBuildFailure) -> [PreparedProgram] {
        guard let programs = lesson.programs, let language = programs.language else { return [] }
        let toolchain = Toolchain.of(language)
        guard let compiler = toolchain.locate(path: Self.value("PATH", in: environment)) else {
            throw missing(toolchain, lesson: lesson)
        }
        var out: [PreparedProgram] = []
        for role in lesson.roles {
            guard let source = programs.source(role: role.name, language: language) else {
                throw ProgramBuildFailure(lines: ["sockstep: lesson \(lesson.name) has no \(language.rawValue) program for role \(role.name)"])
            }
            out.append(try prepare(source, toolchain: toolchain, compiler: compiler))
        }
        return out
    }

    /// One line: which toolchain is missing, where it comes from, and which languages work now.
    func missing(_ toolchain: Toolchain, lesson: Lesson) -> ProgramBuildFailure {
        let path = Self.value("PATH", in: environment)
        let others = (lesson.programs?.languages ?? []).filter { $0 != toolchain.language && Toolchain.of($0).locate(path: path) != nil }
        let where_ = toolchain.command.hasPrefix("/") ? "there is no \(toolchain.command)" : "\(toolchain.command) is not on PATH"
        var line = "sockstep: lesson \(lesson.name) in \(toolchain.language.rawValue) needs \(toolchain.command) to build its programs, and \(where_) (install the \(toolchain.package))"
        if let first = others.first {
            line += "; the languages that work now: \(others.map(\.rawValue).joined(separator: ", ")) (--lang \(first.rawValue))"
        } else {
            line += "; no other language of the lesson works now either"
        }
        return ProgramBuildFailure(lines: [line])
    }

    /// The compiler's `--version`, first line (part of the cache key: another compiler, another
    /// program).
    ///
    /// Asking costs a process (with rustup's proxy and rustc's start-up, tens of milliseconds),
    /// so the answer is remembered in the cache's `compilers` file under a fingerprint of what
    /// decides it: the compiler's real file; for rustup's proxy also the RUSTUP_*/CARGO_*
    /// variables, rustup's settings, each installed toolchain's rustc and the
    /// rust-toolchain files that could override the choice here. Any of those changed, the
    /// compiler is asked again.
    func version(_ toolchain: Toolchain, compiler: String) throws(ProgramBuildFailure) -> String {
        if let known = versions[toolchain.language] { return known }
        let fingerprint = Self.fingerprint(compiler: compiler, environment: environment)
        let memo = root + "/compilers"
        var remembered = Self.readMemo(memo)
        if let known = remembered[fingerprint] {
            versions[toolchain.language] = known
            return known
        }
        let result = Subprocess.run([compiler, "--version"], environment: environment)
        guard result.status == 0, let first = result.output.split(separator: "\n").first else {
            throw ProgramBuildFailure(lines: ["sockstep: \(compiler) --version failed (status \(result.status)): \(result.output.split(separator: "\n").first ?? "")"])
        }
        let version = String(first).filter { $0 != "\t" && $0 != "\r" }
        versions[toolchain.language] = version
        remembered[fingerprint] = version
        Self.writeMemo(remembered, to: memo)
        return version
    }

    /// A hash of what decides the answer of `compiler --version` (see `version`).
    static func fingerprint(compiler: String, environment: [String]) -> String {
        var parts = [compiler]
        func describe(_ path: String) {
            var st = stat()
            if stat(path, &st) == 0 {
                parts.append("\(path) \(st.st_dev) \(st.st_ino) \(st.st_size) \(st.st_mtim.tv_sec).\(st.st_mtim.tv_nsec)")
            } else {
                parts.append("\(path) -")
            }
        }
        func text(_ buffer: [CChar]) -> String {
            String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
        var resolved = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let real = realpath(compiler, &resolved) != nil ? text(resolved) : compiler
        describe(real)
        if real.hasSuffix("/rustup") {
            parts += environment.filter { $0.hasPrefix("RUSTUP_") || $0.hasPrefix("CARGO_") }.sorted()
            let rustupHome = value("RUSTUP_HOME", in: environment) ?? ((value("HOME", in: environment) ?? "") + "/.rustup")
            describe(rustupHome + "/settings.toml")
            for name in (Files.list(rustupHome + "/toolchains") ?? []).sorted() {
                describe(rustupHome + "/toolchains/" + name + "/bin/rustc")
            }
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            var folder = getcwd(&buffer, buffer.count) != nil ? text(buffer) : "/"
            while true {
                describe(folder + "/rust-toolchain")
                describe(folder + "/rust-toolchain.toml")
                guard folder != "/", let slash = folder.lastIndex(of: "/") else { break }
                folder = slash == folder.startIndex ? "/" : String(folder[..<slash])
                if folder.hasSuffix("/") && folder.count > 1 { folder.removeLast() }
            }
        }
        var hash = SHA256()
        hash.update(parts.joined(separator: "\n"))
        return hash.hexDigest()
    }

    /// The `compilers` file: one `FINGERPRINT<TAB>VERSION` line per compiler met. Only a
    /// regular file of the user's, writable by no one else, is believed.
    static func readMemo(_ path: String) -> [String: String] {
        var st = stat()
        guard lstat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG, st.st_uid == geteuid(), st.st_mode & 0o022 == 0,
              st.st_size < 1 << 16, let text = Files.readText(path) else { return [:] }
        var out: [String: String] = [:]
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: "\t", maxSplits: 1)
            if fields.count == 2, fields[0].count == 64 { out[String(fields[0])] = String(fields[1]) }
        }
        return out
    }

    /// Writes the file anew (a fresh file renamed over the old one: a run at the same time
    /// reads the old or the new file, never half of one), at most 64 lines: a compiler left
    /// out is asked again.
    static func writeMemo(_ memo: [String: String], to path: String) {
        let lines = memo.sorted { $0.key < $1.key }.suffix(64).map { "\($0.key)\t\($0.value)\n" }.joined()
        let fresh = path + ".\(getpid())"
        unlink(fresh)
        guard write(Array(lines.utf8), to: fresh) else { unlink(fresh); return }
        if rename(fresh, path) != 0 { unlink(fresh) }
    }

    func prepare(_ source: ProgramSource, toolchain: Toolchain, compiler: String) throws(ProgramBuildFailure) -> PreparedProgram {
        var hash = SHA256()
        hash.update([toolchain.language.rawValue, try version(toolchain, compiler: compiler)].joined(separator: "\0") + "\0")
        hash.update(toolchain.flags.joined(separator: " ") + "\0" + source.role + "\0")
        hash.update(source.bytes)
        let key = hash.hexDigest()
        let entry = root + "/programs/" + key
        let file = source.role + "." + toolchain.language.fileExtension
        let target = toolchain.compiles ? entry + "/" + source.role : entry + "/" + file
        func ready(compiled: Bool) -> PreparedProgram {
            let arguments = toolchain.compiles ? [target] : [toolchain.command, target]
            return PreparedProgram(role: source.role, language: toolchain.language, executable: toolchain.compiles ? target : toolchain.command,
                                   arguments: arguments, compiled: compiled)
        }
        if try Self.isOwnFile(entry: entry, file: target, executable: toolchain.compiles) { return ready(compiled: false) }
        // Build in a folder of its own, then rename it into place.
        var template = Array((root + "/programs/tmp-XXXXXX").utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw ProgramBuildFailure(lines: ["sockstep: cannot make a folder in \(root)/programs: \(String(cString: strerror(errno)))"])
        }
        let work = String(cString: made)
        defer { Self.removeTree(work) }
        let copy = work + "/" + file
        guard Self.write(source.bytes, to: copy) else {
            throw ProgramBuildFailure(lines: ["sockstep: cannot write \(copy): \(String(cString: strerror(errno)))"])
        }
        if toolchain.compiles {
            var argv = [compiler] + toolchain.flags
            if toolchain.language == .rust { argv += ["--error-format=short"] }
            if toolchain.language == .swift { argv += ["-module-cache-path", root + "/swift-module-cache"] }
            argv += ["-o", work + "/" + source.role, copy]
            let result = Subprocess.run(argv, environment: environment)
            if result.status != 0 || access(work + "/" + source.role, X_OK) != 0 {
                throw compileFailure(result, source: source, copy: copy, toolchain: toolchain)
            }
        }
        if rename(work, entry) != 0 {
            // Another run put the same program there first: use it.
            guard errno == EEXIST || errno == ENOTEMPTY, try Self.isOwnFile(entry: entry, file: target, executable: toolchain.compiles) else {
                throw ProgramBuildFailure(lines: ["sockstep: cannot put the compiled program in \(entry): \(String(cString: strerror(errno)))"])
            }
            return ready(compiled: false)
        }
        return ready(compiled: true)
    }

    /// The compiler's errors, each with the lesson program's own file:line, then one line.
    func compileFailure(_ result: Subprocess.Result, source: ProgramSource, copy: String, toolchain: Toolchain) -> ProgramBuildFailure {
        let file = copy.split(separator: "/").last.map(String.init) ?? copy
        var lines: [String] = []
        for raw in result.output.split(separator: "\n").map(String.init) {
            var line = raw
            if line.hasPrefix(copy + ":") {
                line = source.path + line.dropFirst(copy.count)
            } else if line.hasPrefix(file + ":") {
                line = source.path + line.dropFirst(file.count)
            } else if !line.hasPrefix(copy) {
                line = line.split(separator: copy, omittingEmptySubsequences: false).joined(separator: source.path)
            }
            if line.hasPrefix(source.path + ":") && line.contains("error") { lines.append(line) }
        }
        if lines.isEmpty {
            // No error with a place (a linker's, a crash): the compiler's last lines, as they are.
            lines = result.output.split(separator: "\n").suffix(5).map { String($0).split(separator: copy, omittingEmptySubsequences: false).joined(separator: source.path) }
        }
        lines.append("sockstep: \(source.path) does not compile (\(toolchain.command) \(toolchain.flags.joined(separator: " ")), status \(result.status)); fix the program, or run the lesson in another --lang")
        return ProgramBuildFailure(lines: lines)
    }

    /// Whether the cache has `file` in `entry`, both the user's and writable by no one else.
    static func isOwnFile(entry: String, file: String, executable: Bool) throws(ProgramBuildFailure) -> Bool {
        var st = stat()
        guard lstat(entry, &st) == 0 else { return false }
        guard (st.st_mode & S_IFMT) == S_IFDIR, st.st_uid == geteuid(), st.st_mode & 0o022 == 0 else {
            throw ProgramBuildFailure(lines: ["sockstep: \(entry) in the cache is not a folder of yours that only you can write; sockstep does not run what it holds: remove it"])
        }
        guard lstat(file, &st) == 0 else { return false }
        guard (st.st_mode & S_IFMT) == S_IFREG, st.st_uid == geteuid(), st.st_mode & 0o022 == 0,
              !executable || st.st_mode & 0o100 != 0 else {
            throw ProgramBuildFailure(lines: ["sockstep: \(file) in the cache is not a file of yours that only you can write; sockstep does not run it: remove \(entry)"])
        }
        return true
    }

    static func write(_ bytes: [UInt8], to path: String) -> Bool {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, bytes.count - offset) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return false }
            offset += n
        }
        return true
    }

    /// Removes a build folder of sockstep's (its files, then itself; no symlink is followed).
    static func removeTree(_ path: String) {
        for name in Files.list(path) ?? [] {
            let entry = path + "/" + name
            var st = stat()
            guard lstat(entry, &st) == 0 else { continue }
            if (st.st_mode & S_IFMT) == S_IFDIR { removeTree(entry) } else { unlink(entry) }
        }
        rmdir(path)
    }
}

/// A command run to its end, its output (stdout and stderr together) collected.
enum Subprocess {
    struct Result {
        var status: Int32
        var output: String
    }

    static func run(_ argv: [String], environment: [String]) -> Result {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { return Result(status: -1, output: "pipe: \(String(cString: strerror(errno)))") }
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, fds[1], 1)
        posix_spawn_file_actions_adddup2(&actions, fds[1], 2)
        var cArgs: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        var cEnv: [UnsafeMutablePointer<CChar>?] = environment.map { strdup($0) } + [nil]
        defer {
            for p in cArgs { free(p) }
            for p in cEnv { free(p) }
        }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, argv[0], &actions, nil, &cArgs, &cEnv)
        posix_spawn_file_actions_destroy(&actions)
        close(fds[1])
        defer { close(fds[0]) }
        guard rc == 0 else { return Result(status: -1, output: "cannot run \(argv[0]): \(String(cString: strerror(rc)))") }
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 14)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fds[0], $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            if output.count < 1 << 20 { output += chunk[0 ..< n] }
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let code = status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return Result(status: code, output: String(decoding: output, as: UTF8.self))
    }
}
