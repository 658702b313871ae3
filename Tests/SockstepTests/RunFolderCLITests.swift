import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// What a lesson can do to the machine, checked on the machine: the address the kernel really
/// bound (from /proc/net), the run folder's cleanup under a symlink-swap attack (as root and as
/// nobody), the folders of killed runs, and an unusable $TMPDIR. Each run gets a $TMPDIR of its
/// own, so that its folders are found and nothing else is touched.
@Suite("the run folder and loopback, on the real machine", .serialized)
struct RunFolderCLITests {
    static let nobody: [String] = ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--"]

    /// A folder a process run as nobody can use: the binary and the calls-only lessons copied in
    /// (the checkout may not be readable by nobody; sockstep's player makes their calls), a $TMPDIR (mode 1777, as /tmp) and a victim
    /// folder nobody could write to, were it reached.
    final class Scene {
        let dir: CLIDir
        let binary: String
        let tmp: String
        init() throws {
            dir = try CLIDir()
            binary = dir.file("sockstep")
            try Harness.copyExecutable(try cliSockstepBinary(), to: binary)
            for lesson in ["tcp", "tcp6", "udp", "unix"] {
                try FileManager.default.copyItem(atPath: Harness.packageRoot.appendingPathComponent("examples/calls-only/\(lesson).yaml").path,
                                                 toPath: dir.file("\(lesson).yaml"))
                chmod(dir.file("\(lesson).yaml"), 0o644)
            }
            tmp = dir.file("tmp")
            mkdir(tmp, 0o777)
            chmod(tmp, 0o1777)
        }

        func lesson(_ name: String) -> String { dir.file(name + ".yaml") }

        /// A lesson file of the test's own.
        func write(lesson name: String, _ text: String) -> String {
            let path = dir.file(name + ".yaml")
            _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
            chmod(path, 0o644)
            return path
        }

        func start(_ arguments: [String], asNobody: Bool = false, tmpdir: String? = nil, name: String = "sockstep") throws -> CLIProcess {
            var environment = Harness.traceEnvironment
            environment["NO_COLOR"] = "1"
            environment["TMPDIR"] = tmpdir ?? tmp
            let argv = (asNobody ? RunFolderCLITests.nobody : []) + [binary] + arguments
            return try CLIProcess(argv, stdoutPath: dir.file(name + ".out"), stderrPath: dir.file(name + ".err"), environment: environment)
        }

        /// The entries of $TMPDIR whose names start with `prefix`.
        func folders(_ prefix: String = "sockstep-") -> [String] {
            (((try? FileManager.default.contentsOfDirectory(atPath: tmp)) ?? []).filter { $0.hasPrefix(prefix) }).sorted().map { tmp + "/" + $0 }
        }
    }

    /// Waits (polling) until `condition` holds, for at most `timeout` seconds.
    static func waitUntil(_ timeout: Double, _ condition: () -> Bool) -> Bool {
        let end = Date().addingTimeInterval(timeout)
        while Date() < end {
            if condition() { return true }
            usleep(10_000)
        }
        return condition()
    }

    /// Waits for a process to end (at most `timeout`, then its group is killed and nil).
    static func finish(_ process: CLIProcess, timeout: Double = 60) -> CLIEnd? {
        guard waitUntil(timeout, { process.poll() != nil }) else {
            process.killGroup()
            return nil
        }
        return process.poll()
    }

    static func isSocket(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFSOCK
    }

    static func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }

    // MARK: The kernel's view of the bound address

    /// Every socket in /proc/net/{tcp,udp}{,6} whose local port is `port`: its local address as text.
    static func socketsOnPort(_ port: UInt16) -> [String] {
        var out: [String] = []
        for table in ["tcp", "udp", "tcp6", "udp6"] {
            let text = cliReadFile("/proc/net/" + table)
            for line in text.split(separator: "\n").dropFirst() {
                let fields = line.split(separator: " ")
                guard fields.count > 2 else { continue }
                let local = fields[1].split(separator: ":")
                guard local.count == 2, UInt16(local[1], radix: 16) == port else { continue }
                out.append(addressText(String(local[0])))
            }
        }
        return out
    }

    /// /proc/net's hex address (32-bit words in host order, little-endian here) as inet_ntop text.
    static func addressText(_ hex: String) -> String {
        var bytes: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 8, limitedBy: hex.endIndex) ?? hex.endIndex
            let word = UInt32(hex[index ..< next], radix: 16) ?? 0
            bytes += [UInt8(word & 0xff), UInt8(word >> 8 & 0xff), UInt8(word >> 16 & 0xff), UInt8(word >> 24)]
            index = next
        }
        var buffer = [CChar](repeating: 0, count: 64)
        let family = bytes.count == 4 ? AF_INET : AF_INET6
        _ = bytes.withUnsafeBytes { inet_ntop(family, $0.baseAddress, &buffer, 64) }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Runs a lesson paced (so that each socket lives long enough to be seen) and collects the
    /// local addresses the kernel shows on `port` while it runs.
    static func boundAddresses(_ scene: Scene, _ lesson: String, port: UInt16) throws -> (addresses: Set<String>, end: CLIEnd?, process: CLIProcess) {
        let process = try scene.start(["run", lesson, "--pace", "0.2", "--port", String(port)])
        var seen: Set<String> = []
        let end = Date().addingTimeInterval(60)
        while process.poll() == nil && Date() < end {
            seen.formUnion(socketsOnPort(port))
            usleep(5_000)
        }
        return (seen, finish(process, timeout: 1), process)
    }

    @Test("the address a lesson binds is the kernel's loopback address, read from /proc/net during the run")
    func kernelBoundAddress() throws {
        let scene = try Scene()
        for (lesson, expected) in [("tcp", "127.0.0.1"), ("tcp6", "::1"), ("udp", "127.0.0.1")] {
            let port = try Harness.freePort()
            let run = try Self.boundAddresses(scene, scene.lesson(lesson), port: port)
            #expect(run.end == .exited(0), "\(lesson): \(run.process.summary)")
            #expect(run.addresses == [expected], "\(lesson): the kernel showed \(run.addresses) on port \(port)")
        }
    }

    static let hostileTCP = """
        title: hostile
        summary: binds what looks like loopback
        port: 8888
        roles:
          - name: server
            about: binds
        steps:
          - role: server
            call: socket(AF_INET, SOCK_STREAM|SOCK_CLOEXEC, IPPROTO_IP)
            result: listener
          - role: server
            call: bind($listener, ADDRESS)
          - role: server
            call: listen($listener, 5)
          - role: server
            call: accept4($listener, SOCK_CLOEXEC)
        """

    @Test("an address that only looks like loopback binds nothing: refused before it runs, or by the bytes at run time")
    func lookalikeAddresses() throws {
        let scene = try Scene()
        for address in ["127..0.0.1:$PORT", "127.0.0.1.evil:$PORT", "0127.0.0.1:$PORT"] {
            let port = try Harness.freePort()
            let lesson = scene.write(lesson: "hostile", Self.hostileTCP.replacingOccurrences(of: "ADDRESS", with: address))
            let run = try Self.boundAddresses(scene, lesson, port: port)
            #expect(run.addresses.isEmpty, "\(address): the kernel showed \(run.addresses) on port \(port)")
            let stderr = run.process.stderr
            let refusedByParser = run.end == .exited(2) && stderr.contains(lesson + ":")
            let refusedByBytes = stderr.contains("sockstep refused server's bind($listener, \(address)): 0.0.0.0 is not a loopback address")
            #expect(refusedByParser || refusedByBytes, "\(address): \(run.process.summary)")
        }
    }

    @Test("the hidden actor itself refuses a non-loopback bind and a UNIX path out of its folder: no call, exit 1")
    func actorRefuses() throws {
        let scene = try Scene()
        let folder = scene.dir.file("run")
        mkdir(folder, 0o700)
        let port = try Harness.freePort()
        let tcp = scene.write(lesson: "hostile", Self.hostileTCP.replacingOccurrences(of: "ADDRESS", with: "127..0.0.1:$PORT"))
        let unix = scene.write(lesson: "hostile-unix", Self.hostileTCP.replacingOccurrences(of: "ADDRESS", with: "unix:$DIR/../escaped.sock")
            .replacingOccurrences(of: "AF_INET", with: "AF_UNIX").replacingOccurrences(of: "IPPROTO_IP", with: "0"))
        for lesson in [tcp, unix] {
            // Had the bind been made, accept4 would wait forever: the time limit would end it.
            let process = try scene.start(["_actor", lesson, "server", "--port", String(port), "--dir", folder], name: "actor")
            let end = Self.finish(process, timeout: 20)
            #expect(end == .exited(1) || end == .exited(2), "\(process.summary)")
            if end == .exited(1) {
                #expect(process.stderr.hasPrefix("\(lesson):") && process.stderr.contains(": sockstep refused server's bind("), "\(process.summary)")
            }
            #expect(Self.socketsOnPort(port).isEmpty)
        }
        #expect(!Self.exists(scene.dir.file("escaped.sock")))
    }

    // MARK: The symlink-swap attack on the cleanup

    enum Attack: CaseIterable {
        /// The socket's entry replaced by a symlink to a victim file.
        case entry
        /// The run folder renamed away and a symlink to a victim folder put in its place.
        case folder
    }

    /// Runs the unix lesson, swaps a symlink in once its socket exists, and checks after the run
    /// that the victim is whole.
    func swapAttack(_ attack: Attack, asNobody: Bool) throws {
        let scene = try Scene()
        // The victims: writable by everyone, so that a cleanup that followed the link could delete them.
        let victimFile = scene.dir.file("victim.txt")
        _ = FileManager.default.createFile(atPath: victimFile, contents: Data("precious".utf8))
        chmod(victimFile, 0o666)
        let victimDir = scene.dir.file("victim")
        mkdir(victimDir, 0o777)
        chmod(victimDir, 0o777)
        for name in ["server.sock", "keep"] {
            _ = FileManager.default.createFile(atPath: victimDir + "/" + name, contents: Data("precious".utf8))
            chmod(victimDir + "/" + name, 0o666)
        }
        let process = try scene.start(["run", scene.lesson("unix"), "--pace", "0.3"], asNobody: asNobody)
        var folder: String?
        let ready = Self.waitUntil(30) {
            folder = scene.folders("sockstep-unix-").first { Self.isSocket($0 + "/server.sock") }
            return folder != nil || process.poll() != nil
        }
        guard ready, let folder else {
            process.killGroup()
            Issue.record("the run's socket never appeared: \(process.summary)")
            return
        }
        let moved = folder + ".moved"
        switch attack {
        case .entry:
            #expect(unlink(folder + "/server.sock") == 0)
            #expect(symlink(victimFile, folder + "/server.sock") == 0)
        case .folder:
            #expect(rename(folder, moved) == 0)
            #expect(symlink(victimDir, folder) == 0)
        }
        let end = Self.finish(process)
        #expect(end != nil, "the run did not end: \(process.summary)")
        #expect(cliReadFile(victimFile) == "precious", "\(attack), nobody: \(asNobody)")
        #expect(cliReadFile(victimDir + "/server.sock") == "precious", "\(attack), nobody: \(asNobody)")
        #expect(cliReadFile(victimDir + "/keep") == "precious", "\(attack), nobody: \(asNobody)")
        switch attack {
        case .entry:
            #expect(!Self.exists(folder), "the swapped-in link removed (never followed), then the folder")
        case .folder:
            #expect(Self.exists(folder), "the symlink is not sockstep's: it stays")
            #expect(Self.exists(moved) && !Self.exists(moved + "/server.sock"), "sockstep's socket removed where its folder really is")
            unlink(folder)
            rmdir(moved)
        }
    }

    @Test("symlink swapped in during a run, as root: the cleanup never deletes what the link points to", arguments: Attack.allCases)
    func swapAttackAsRoot(_ attack: Attack) throws {
        try swapAttack(attack, asNobody: false)
    }

    @Test("symlink swapped in during a run, as nobody: the cleanup never deletes what the link points to", arguments: Attack.allCases)
    func swapAttackAsNobody(_ attack: Attack) throws {
        guard getuid() == 0 else {
            // Not root: the test cannot switch users; this user is the non-root case.
            try swapAttack(attack, asNobody: false)
            return
        }
        try swapAttack(attack, asNobody: true)
    }

    // MARK: Folders of killed runs

    /// A pid no process has now.
    static func deadPID() -> Int32 {
        var pid = cliUnusedPid()
        while kill(pid, 0) == 0 || errno == EPERM { pid -= 1 }
        return pid
    }

    /// A folder as a killed run leaves it: its socket inside, owned by `owner`.
    static func plantFolder(_ scene: Scene, pid: Int32, owner: uid_t? = nil) -> String {
        let path = scene.tmp + "/sockstep-unix-\(pid)-Plant\(owner.map { $0 == 0 ? "R" : "N" } ?? "S")"
        mkdir(path, 0o700)
        let socketPath = path + "/server.sock"
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (i, byte) in socketPath.utf8.enumerated() where i < raw.count - 1 { raw[i] = byte }
        }
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        close(fd)
        if let owner {
            chown(socketPath, owner, owner)
            chown(path, owner, owner)
        }
        return path
    }

    @Test("kill -9 of a run leaves its folder; the next run removes it, but not a live run's nor another user's")
    func staleFolders() throws {
        let scene = try Scene()
        // A run killed with SIGKILL (its roles die with it: the tracer's exit kills them).
        let killed = try scene.start(["run", scene.lesson("unix"), "--pace", "0.5"], name: "killed")
        var left: String?
        _ = Self.waitUntil(30) {
            left = scene.folders("sockstep-unix-\(killed.pid)-").first { Self.isSocket($0 + "/server.sock") }
            return left != nil
        }
        killed.killGroup()
        guard let left else {
            Issue.record("the killed run's folder never had its socket: \(killed.summary)")
            return
        }
        #expect(Self.isSocket(left + "/server.sock"), "SIGKILL left the folder behind")
        let live = Self.plantFolder(scene, pid: getpid())
        let isRoot = getuid() == 0
        let foreign = isRoot ? Self.plantFolder(scene, pid: Self.deadPID(), owner: 65534) : nil

        let port = try Harness.freePort()
        let next = try scene.start(["run", scene.lesson("tcp"), "--plain", "--port", String(port)], name: "next")
        #expect(Self.finish(next) == .exited(0), "\(next.summary)")
        #expect(!Self.exists(left), "the dead run's folder is removed")
        #expect(Self.isSocket(live + "/server.sock"), "a live run's folder stays")
        if let foreign { #expect(Self.isSocket(foreign + "/server.sock"), "another user's folder stays") }
        #expect(scene.folders() == ([live] + (foreign.map { [$0] } ?? [])).sorted(), "the run's own folder is gone too")

        // As nobody: nobody's dead folder goes, root's stays.
        if isRoot, let foreign {
            let rootDead = Self.plantFolder(scene, pid: Self.deadPID(), owner: 0)
            let asNobody = try scene.start(["run", scene.lesson("tcp"), "--plain", "--port", String(try Harness.freePort())], asNobody: true, name: "nobody")
            #expect(Self.finish(asNobody) == .exited(0), "\(asNobody.summary)")
            #expect(!Self.exists(foreign), "nobody's dead run's folder is removed by nobody's run")
            #expect(Self.isSocket(rootDead + "/server.sock"), "root's folder is not nobody's to touch")
        }
    }

    // MARK: $TMPDIR

    @Test("an unusable $TMPDIR is an error (exit 1, one line), never a silent /tmp; an empty one means /tmp")
    func unusableTMPDIR() throws {
        let scene = try Scene()
        let port = String(try Harness.freePort())
        let file = scene.dir.file("a-file")
        _ = FileManager.default.createFile(atPath: file, contents: Data())
        let commands: [[String]] = [["run", scene.lesson("tcp"), "--plain", "--port", port], ["whatif", scene.lesson("tcp"), "--port", port],
                                    ["compare", scene.lesson("tcp"), "--port", port], ["step", scene.lesson("tcp"), "--port", port]]
        let errors = [("/nonexistent-sockstep-tmp", "TMPDIR is '/nonexistent-sockstep-tmp': No such file or directory; set it to an existing folder, or unset it"),
                      ("relative/tmp", "TMPDIR is 'relative/tmp', not an absolute path: set it to a folder such as /tmp, or unset it"),
                      (file, "TMPDIR is '\(file)', which is not a folder: set it to a folder such as /tmp, or unset it")]
        for (tmpdir, message) in errors {
            for command in commands {
                let process = try scene.start(command, tmpdir: tmpdir)
                let end = Self.finish(process, timeout: 30)
                #expect(end == .exited(1), "\(command) with TMPDIR=\(tmpdir): \(process.summary)")
                #expect(process.stderr == "sockstep: \(message)\n", "\(command): \(process.summary)")
                if command[0] == "run" { #expect(process.stdout.isEmpty, "nothing half-done: \(process.stdout)") }
                #expect(!((try? FileManager.default.contentsOfDirectory(atPath: "/tmp")) ?? []).contains { $0.hasPrefix("sockstep-tcp-\(process.pid)-") })
            }
        }
        // A folder nobody may write to: mkdtemp fails, and that is said.
        if getuid() == 0 {
            let readOnly = scene.dir.file("read-only")
            mkdir(readOnly, 0o555)
            chmod(readOnly, 0o555)
            let process = try scene.start(["run", scene.lesson("tcp"), "--plain", "--port", port], asNobody: true, tmpdir: readOnly)
            #expect(Self.finish(process) == .exited(1), "\(process.summary)")
            #expect(process.stderr == "sockstep: cannot make a run folder in \(readOnly): mkdtemp: Permission denied; set TMPDIR to a folder you can write to\n", "\(process.summary)")
        }
        // Empty: the system's temporary folder, and nothing left in it.
        let process = try scene.start(["run", scene.lesson("tcp"), "--plain", "--port", port], tmpdir: "")
        #expect(Self.finish(process) == .exited(0), "\(process.summary)")
        #expect(!((try? FileManager.default.contentsOfDirectory(atPath: "/tmp")) ?? []).contains { $0.hasPrefix("sockstep-tcp-\(process.pid)-") })
    }
}
