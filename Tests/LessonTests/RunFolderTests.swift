import Foundation
import Glibc
@testable import Lessons
import Testing

/// The run folder: its name, where it goes, its cleanup (which must never follow a symlink out of
/// it), and the sweep of folders that killed runs left behind.
@Suite struct RunFolderTests {
    /// A base folder of the test's own (instead of /tmp), removed at the end.
    final class Base {
        let path: String
        init() {
            var template = Array("/tmp/sockstep-folder-test.XXXXXX".utf8CString)
            path = String(cString: template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!)! })
        }
        deinit { try? FileManager.default.removeItem(atPath: path) }
        func entries() -> [String] { ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted() }
    }

    static func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }

    static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR
    }

    /// A UNIX socket file at `path` (bound, then the socket closed: the file stays).
    static func makeSocketFile(_ path: String) {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (i, byte) in path.utf8.enumerated() where i < raw.count - 1 { raw[i] = byte }
        }
        let ok = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        precondition(ok == 0, "bind \(path): \(errno)")
        close(fd)
    }

    static func write(_ text: String, to path: String) {
        _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
    }

    /// A pid no process has now.
    static func deadPID() -> pid_t {
        let text = (try? String(contentsOfFile: "/proc/sys/kernel/pid_max", encoding: .utf8)) ?? "32768"
        var pid = (pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 32768) - 1
        while kill(pid, 0) == 0 || errno == EPERM { pid -= 1 }
        return pid
    }

    @Test("the lesson's name in the folder's name: letters, digits, _ and - only, at most 32")
    func sanitizedNames() {
        #expect(RunFolder.sanitized("tcp") == "tcp")
        #expect(RunFolder.sanitized("my_lesson-2") == "my_lesson-2")
        #expect(RunFolder.sanitized("../../etc/passwd") == "etcpasswd")
        #expect(RunFolder.sanitized("a b/c.d") == "abcd")
        #expect(RunFolder.sanitized("") == "lesson")
        #expect(RunFolder.sanitized("../..") == "lesson")
        #expect(RunFolder.sanitized("äöü/日本") == "lesson")
        #expect(RunFolder.sanitized(String(repeating: "x", count: 300)) == String(repeating: "x", count: 32))
    }

    @Test("plain names: one entry of a folder")
    func plainNames() {
        #expect(RunFolder.isPlainName("server.sock"))
        #expect(RunFolder.isPlainName("..x"))
        #expect(!RunFolder.isPlainName(""))
        #expect(!RunFolder.isPlainName("."))
        #expect(!RunFolder.isPlainName(".."))
        #expect(!RunFolder.isPlainName("a/b"))
        #expect(!RunFolder.isPlainName("/x"))
        #expect(!RunFolder.isPlainName("x\0y"))
        #expect(!RunFolder.isPlainName(String(repeating: "n", count: 256)))
        #expect(AddressLiteral.unixPath("$DIR/server.sock").runFolderEntry == "server.sock")
        #expect(AddressLiteral.unixPath("$DIR/../../x.sock").runFolderEntry == nil)
        #expect(AddressLiteral.unixPath("$DIR/a/b").runFolderEntry == nil)
        #expect(AddressLiteral.unixPath("$DIR/").runFolderEntry == nil)
        #expect(AddressLiteral.unixPath("/tmp/x.sock").runFolderEntry == nil)
        #expect(AddressLiteral.unixAbstract("x").runFolderEntry == nil)
    }

    @Test("the owner pid in a folder's name; any other name is not a run folder")
    func folderNames() {
        #expect(RunFolder.ownerPID(ofFolderNamed: "sockstep-tcp-1234-AbC123") == 1234)
        #expect(RunFolder.ownerPID(ofFolderNamed: "sockstep-my-lesson_2-99-zzzzzz") == 99)
        #expect(RunFolder.ownerPID(ofFolderNamed: "sockstep-tcp-AbC123") == nil, "the old name, without a pid")
        #expect(RunFolder.ownerPID(ofFolderNamed: "sockstep-tests.AbC123") == nil)
        #expect(RunFolder.ownerPID(ofFolderNamed: "sockstep-cli-123456") == nil)
        #expect(RunFolder.ownerPID(ofFolderNamed: "sockstep-raw-nobody-AbC123") == nil)
        #expect(RunFolder.ownerPID(ofFolderNamed: "sockstep--1234-AbC123") == nil)
        #expect(RunFolder.ownerPID(ofFolderNamed: "sockstep-tcp-1-AbC123") == nil, "pid 1 is never a dead run")
        #expect(RunFolder.ownerPID(ofFolderNamed: "sockstep-tcp-1234-AbC12") == nil)
        #expect(RunFolder.ownerPID(ofFolderNamed: "sockstep-tcp-1234-AbC1234") == nil)
        #expect(RunFolder.ownerPID(ofFolderNamed: "sockstep-t.p-1234-AbC123") == nil)
        #expect(RunFolder.ownerPID(ofFolderNamed: "sockstep-tcp-99999999999-AbC123") == nil)
        #expect(RunFolder.ownerPID(ofFolderNamed: "xsockstep-tcp-1234-AbC123") == nil)
    }

    @Test("$TMPDIR: used when set; unset or empty means /tmp; anything else unusable is an error")
    func baseFolders() throws {
        #expect(try RunFolder.baseFolder(tmpdir: nil) == "/tmp")
        #expect(try RunFolder.baseFolder(tmpdir: "") == "/tmp")
        #expect(try RunFolder.baseFolder(tmpdir: "/var/tmp/") == "/var/tmp")
        #expect(try RunFolder.baseFolder(tmpdir: "/") == "/")
        for bad in ["relative/dir", "/nonexistent-sockstep-folder", "/etc/hostname"] {
            #expect(throws: RunFolder.Failure.self, "\(bad)") { try RunFolder.baseFolder(tmpdir: bad) }
        }
        do {
            _ = try RunFolder.baseFolder(tmpdir: "/nonexistent-sockstep-folder")
        } catch {
            #expect(error.message == "TMPDIR is '/nonexistent-sockstep-folder': No such file or directory; set it to an existing folder, or unset it")
        }
    }

    @Test("a fresh folder: the name's pattern, mode 0700, this user's, its descriptor close-on-exec; removed with what was registered")
    func freshFolder() throws {
        let base = Base()
        let folder = try RunFolder.create(for: "../tcp lesson", in: base.path)
        let leaf = String(folder.path.split(separator: "/").last!)
        #expect(folder.path == base.path + "/" + leaf)
        #expect(leaf.hasPrefix("sockstep-tcplesson-\(getpid())-"), "\(leaf)")
        #expect(RunFolder.ownerPID(ofFolderNamed: leaf) == getpid())
        var info = stat()
        #expect(lstat(folder.path, &info) == 0)
        #expect(info.st_mode & S_IFMT == S_IFDIR && info.st_mode & 0o7777 == 0o700)
        #expect(info.st_uid == geteuid())
        #expect(fcntl(folder.fd, F_GETFD) & FD_CLOEXEC != 0)
        #expect(fcntl(folder.parentFD, F_GETFD) & FD_CLOEXEC != 0)
        #expect(flock(folder.fd, LOCK_EX | LOCK_NB) == 0, "it holds its own lock")
        let other = open(folder.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        #expect(flock(other, LOCK_EX | LOCK_NB) != 0, "another descriptor cannot take the lock")
        close(other)

        folder.register("server.sock")
        folder.register("../escape")
        #expect(folder.entries == ["server.sock"], "only plain names are registered")
        Self.makeSocketFile(folder.entryPath("server.sock"))
        folder.remove()
        #expect(!Self.exists(folder.path))
        #expect(base.entries().isEmpty)
        folder.remove() // a second time does nothing
    }

    @Test("something else in the folder: it stays, and so does the folder")
    func unknownEntryStays() throws {
        let base = Base()
        let folder = try RunFolder.create(for: "tcp", in: base.path)
        folder.register("server.sock")
        Self.makeSocketFile(folder.entryPath("server.sock"))
        Self.write("mine", to: folder.entryPath("notes.txt"))
        folder.remove()
        #expect(!Self.exists(folder.entryPath("server.sock")))
        #expect(Self.exists(folder.entryPath("notes.txt")))
    }

    @Test("a symlink swapped in for a socket entry: the link goes, the file it points to stays")
    func entrySwappedForSymlink() throws {
        let base = Base()
        let victim = base.path + "/victim.txt"
        Self.write("precious", to: victim)
        let folder = try RunFolder.create(for: "unix", in: base.path)
        folder.register("server.sock")
        Self.makeSocketFile(folder.entryPath("server.sock"))
        unlink(folder.entryPath("server.sock"))
        #expect(symlink(victim, folder.entryPath("server.sock")) == 0)
        folder.remove()
        #expect((try? String(contentsOfFile: victim, encoding: .utf8)) == "precious")
        #expect(!Self.exists(folder.path), "the link was the only entry: the folder is gone too")
    }

    @Test("the folder itself swapped for a symlink to another folder: nothing in that folder is touched")
    func folderSwappedForSymlink() throws {
        let base = Base()
        let victim = base.path + "/victim"
        mkdir(victim, 0o777)
        Self.write("precious", to: victim + "/server.sock")
        Self.write("precious", to: victim + "/other")
        let folder = try RunFolder.create(for: "unix", in: base.path)
        folder.register("server.sock")
        Self.makeSocketFile(folder.entryPath("server.sock"))
        let moved = base.path + "/moved"
        #expect(rename(folder.path, moved) == 0)
        #expect(symlink(victim, folder.path) == 0)
        folder.remove()
        #expect((try? String(contentsOfFile: victim + "/server.sock", encoding: .utf8)) == "precious")
        #expect(Self.exists(victim + "/other"))
        #expect(Self.exists(folder.path), "the symlink is not sockstep's: it stays")
        #expect(!Self.exists(moved + "/server.sock"), "sockstep's socket was removed where the folder really is")
    }

    @Test("the folder swapped for another folder of the same name: that folder stays")
    func folderSwappedForDirectory() throws {
        let base = Base()
        let folder = try RunFolder.create(for: "unix", in: base.path)
        #expect(rename(folder.path, base.path + "/moved") == 0)
        mkdir(folder.path, 0o700)
        folder.remove()
        #expect(Self.isDirectory(folder.path))
    }

    @Test("folders that killed runs left: removed when their owner is gone; live, locked, foreign or odd ones stay")
    func sweep() throws {
        let base = Base()
        let dead = Self.deadPID()
        func folder(_ name: String) -> String {
            let path = base.path + "/" + name
            mkdir(path, 0o700)
            return path
        }
        // Gone: a dead run's folder with its socket and a compare's trace file; an empty one.
        let stale = folder("sockstep-unix-\(dead)-AbC123")
        Self.makeSocketFile(stale + "/server.sock")
        Self.write("x", to: stale + "/role-1.trace")
        let empty = folder("sockstep-tcp-\(dead)-XyZ789")
        // Stay: a live run's (this process is alive), a locked one, one with a file sockstep
        // does not make, one with a symlink in it, a symlink named like a run folder, other names.
        let live = folder("sockstep-unix-\(getpid())-LiVe00")
        Self.makeSocketFile(live + "/server.sock")
        let locked = folder("sockstep-unix-\(dead)-Locked")
        Self.makeSocketFile(locked + "/server.sock")
        let lock = open(locked, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        defer { close(lock) }
        #expect(flock(lock, LOCK_EX | LOCK_NB) == 0)
        let odd = folder("sockstep-unix-\(dead)-OddOne")
        Self.makeSocketFile(odd + "/server.sock")
        Self.write("mine", to: odd + "/notes.txt")
        let victim = folder("victim")
        Self.makeSocketFile(victim + "/server.sock")
        Self.write("precious", to: victim + "/file")
        let linked = folder("sockstep-unix-\(dead)-Linked")
        #expect(symlink(victim + "/file", linked + "/server.sock") == 0)
        let fake = base.path + "/sockstep-unix-\(dead)-FakeLn"
        #expect(symlink(victim, fake) == 0)
        let others = [folder("sockstep-tests.AbC123"), folder("sockstep-unix-AbC123"), folder("sockstep-tcp-\(dead)-AbC12")]

        RunFolder.sweepStale(in: base.path)

        #expect(!Self.exists(stale))
        #expect(!Self.exists(empty))
        #expect(Self.exists(live + "/server.sock"))
        #expect(Self.exists(locked + "/server.sock"))
        #expect(!Self.exists(odd + "/server.sock") && Self.exists(odd + "/notes.txt"), "its socket goes, the rest stays")
        #expect(Self.exists(linked + "/server.sock"), "a symlink is not something sockstep makes")
        #expect(Self.exists(fake))
        #expect(Self.exists(victim + "/server.sock") && Self.exists(victim + "/file"))
        for path in others { #expect(Self.isDirectory(path), "\(path)") }
    }

    @Test("another user's folder of a dead run is never touched (as root: the folder is given to nobody)")
    func foreignFolder() throws {
        let base = Base()
        let foreign = base.path + "/sockstep-unix-\(Self.deadPID())-Foreig"
        mkdir(foreign, 0o755)
        Self.makeSocketFile(foreign + "/server.sock")
        // Only root can give a folder to another user; otherwise the same folder, this user's own,
        // shows that the ownership alone made the difference.
        if geteuid() == 0 { #expect(chown(foreign, 65534, 65534) == 0) }
        RunFolder.sweepStale(in: base.path)
        if geteuid() == 0 {
            #expect(Self.exists(foreign + "/server.sock"))
        } else {
            #expect(!Self.exists(foreign), "as its owner, the folder is swept")
        }
    }
}
