import Events
import Files
import Glibc
import Lessons
import Presentation

/// `--print FILE.pdf`: the page printed as a handout by headless Chromium (its own print, as a
/// browser's "Save as PDF" makes it). A sink after the page: it prints what the page rendered.
public struct PagePrint {
    public let file: OutputFile
    public let chromium: String
}

/// `--print FILE`, checked before anything runs: Chromium must be there, and FILE writable.
public func openPrint(_ path: String?) throws -> PagePrint? {
    guard let path else { return nil }
    let names = ["chromium", "chromium-browser", "google-chrome-stable", "google-chrome"]
    guard let chromium = names.lazy.compactMap({ searchPath($0) }).first else {
        throw RuntimeFailure(message: "--print makes the PDF with Chromium, which is not installed (sudo apt install chromium); or write the page with --html FILE and print it from a browser")
    }
    do { return PagePrint(file: try OutputFile(path), chromium: chromium) } catch { throw RuntimeFailure(message: error.description) }
}

final class PagePrinter: EventSink {
    let page: SequenceDiagram
    let target: PagePrint
    /// Chromium gets this long to print (a hang guard; a lesson's page takes a second or two).
    static let timeLimit: Double = 180

    init(page: SequenceDiagram, target: PagePrint) {
        self.page = page
        self.target = target
    }

    func receive(_ event: RunEvent) {}

    func finish() throws(SinkFailure) {
        guard page.writes, let html = page.page else {
            target.file.abandon()
            return
        }
        let work: RunFolder
        do { work = try RunFolder.create(for: "print") } catch {
            target.file.abandon()
            throw SinkFailure("--print: " + error.message)
        }
        let profile = work.entryPath("profile")
        defer {
            Self.removeTree(profile)
            work.remove()
        }
        work.register("page.html")
        work.register("page.pdf")
        let pagePath = work.entryPath("page.html"), pdfPath = work.entryPath("page.pdf")
        guard let pageOut = OutputSink.file(pagePath) else { throw SinkFailure("--print: cannot write '\(pagePath)'") }
        pageOut.write(html)
        pageOut.close()
        var arguments = [target.chromium, "--headless", "--disable-gpu", "--no-first-run", "--no-default-browser-check",
                         "--user-data-dir=" + profile, "--no-pdf-header-footer", "--print-to-pdf=" + pdfPath]
        if geteuid() == 0 { arguments.insert("--no-sandbox", at: 1) }
        arguments.append("file://" + pagePath)
        mkdir(profile, 0o700)
        let status = Self.run(arguments, home: profile)
        guard case .success(let bytes) = Files.readRegularFile(pdfPath, limit: 1 << 30), bytes.starts(with: Array("%PDF".utf8)) else {
            target.file.abandon()
            throw SinkFailure("--print: \(target.chromium) made no PDF (\(status))")
        }
        try target.file.replace(with: bytes)
    }

    /// Runs Chromium, its output to /dev/null, with a hang guard; how it ended.
    static func run(_ argv: [String], home: String) -> String {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        defer { posix_spawn_file_actions_destroy(&actions) }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // Its own process group, so that the guard can end Chromium's helpers with it.
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
        posix_spawnattr_setpgroup(&attributes, 0)
        var environment = ["HOME=" + home, "PATH=/usr/local/bin:/usr/bin:/bin"]
        for name in ["TMPDIR", "LANG", "LC_ALL", "FONTCONFIG_PATH"] { if let value = getenv(name) { environment.append(name + "=" + String(cString: value)) } }
        var cArgs: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        var cEnv: [UnsafeMutablePointer<CChar>?] = environment.map { strdup($0) } + [nil]
        defer {
            for p in cArgs { free(p) }
            for p in cEnv { free(p) }
        }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, argv[0], &actions, &attributes, &cArgs, &cEnv)
        guard rc == 0 else { return "cannot run it: \(String(cString: strerror(rc)))" }
        var status: Int32 = 0
        var start = timespec()
        clock_gettime(CLOCK_MONOTONIC, &start)
        while true {
            let done = waitpid(pid, &status, WNOHANG)
            if done == pid { break }
            if done < 0 && errno != EINTR { return "lost it: \(String(cString: strerror(errno)))" }
            var now = timespec()
            clock_gettime(CLOCK_MONOTONIC, &now)
            if Double(now.tv_sec - start.tv_sec) > timeLimit {
                kill(-pid, SIGKILL)
                while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
                return "it did not finish within \(Int(timeLimit)) s"
            }
            usleep(20_000)
        }
        // Helpers Chromium left behind in its group.
        kill(-pid, SIGKILL)
        if status & 0x7f == 0 { return "exit status \((status >> 8) & 0xff)" }
        return "killed by signal \(status & 0x7f)"
    }

    /// Removes Chromium's profile folder (in sockstep's own 0700 run folder), never following a
    /// symbolic link.
    static func removeTree(_ path: String) {
        for entry in Files.list(path) ?? [] {
            let full = path + "/" + entry
            var st = stat()
            if lstat(full, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR { removeTree(full) } else { unlink(full) }
        }
        rmdir(path)
    }
}
