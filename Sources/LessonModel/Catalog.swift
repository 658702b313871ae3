import Files
import Glibc

/// Where lessons are found. A name (`tcp`) is looked up in the lesson folders, in this order:
/// `$SOCKSTEP_LESSONS` when it is set (an explicit choice, so it comes first), then the
/// installed lessons (the `lessons/` folder of the package the binary was built in, or
/// `PREFIX/share/sockstep/lessons` for `PREFIX/bin/sockstep`). The current directory is never
/// searched: a `./lessons/` folder cannot stand in for the installed lessons. Any other lesson
/// is run by its path (anything with a `/`, or ending in .yaml or .yml).
public enum Catalog {
    public struct Folder: Sendable, Equatable {
        public let path: String
        /// Why sockstep reads it: "$SOCKSTEP_LESSONS" or "installed".
        public let origin: String
    }

    /// `$SOCKSTEP_LESSONS` as set (nil when unset or empty), whether or not it is a folder.
    public static var environmentFolder: String? {
        guard let value = getenv("SOCKSTEP_LESSONS").map({ String(cString: $0) }), !value.isEmpty else { return nil }
        return value
    }

    /// The installed lessons: `ROOT/lessons` when the binary is in `ROOT/.build/` and ROOT has a
    /// Package.swift, else `PREFIX/share/sockstep/lessons` for `PREFIX/bin/sockstep` (and for
    /// `PREFIX/libexec/sockstep-commands`, which reads them); only a folder no other user can
    /// change (see `isTrusted`).
    public static func installedFolder() -> String? {
        let exe = Files.executablePath()
        var candidate: String?
        if let range = exe.firstRange(of: "/.build/") {
            let root = String(exe[..<range.lowerBound])
            if isFile(root + "/Package.swift") && isDirectory(root + "/lessons") { candidate = root + "/lessons" }
        }
        let parts = exe.split(separator: "/", omittingEmptySubsequences: false)
        if candidate == nil && parts.count >= 3 {
            let share = parts.dropLast(2).joined(separator: "/") + "/share/sockstep/lessons"
            if isDirectory(share) { candidate = share }
        }
        guard let candidate, let real = realPath(candidate), isTrusted(real) else { return nil }
        return real
    }

    /// Whether no other user can put a file of their own at `path`: the path and every folder
    /// above it belong to root or to this user and are not writable by everyone (unless sticky,
    /// as /tmp is). A binary copied to /tmp/x/ would otherwise take /tmp/share/sockstep/lessons,
    /// which anyone can make, for the installed lessons.
    static func isTrusted(_ path: String) -> Bool {
        var current = path
        while !current.isEmpty {
            var st = stat()
            guard lstat(current, &st) == 0, st.st_uid == 0 || st.st_uid == geteuid() else { return false }
            if st.st_mode & S_IWOTH != 0 && st.st_mode & S_ISVTX == 0 { return false }
            guard let slash = current.lastIndex(of: "/") else { break }
            current = String(current[..<slash])
        }
        return true
    }

    /// The folders a name is looked up in, in order (only those that are folders).
    public static func folders() -> [Folder] {
        var out: [Folder] = []
        if let env = environmentFolder, isDirectory(env) { out.append(Folder(path: realPath(env) ?? env, origin: "$SOCKSTEP_LESSONS")) }
        if let installed = installedFolder() { out.append(Folder(path: realPath(installed) ?? installed, origin: "installed")) }
        return out
    }

    static func isDirectory(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
    }

    static func isFile(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFREG
    }

    /// The absolute path with no symbolic links, `.` or `..`.
    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// Whether the argument names a file rather than a lesson: it has a `/` or ends in .yaml/.yml.
    public static func isPath(_ nameOrPath: String) -> Bool {
        nameOrPath.contains("/") || nameOrPath.hasSuffix(".yaml") || nameOrPath.hasSuffix(".yml")
    }

    /// A lesson folder's lesson file (a lesson with programs keeps them beside it).
    public static let folderLessonFile = "lesson.yaml"

    /// The lesson files of a folder, sorted by lesson name: `NAME.yaml` (`.yml`) and
    /// `NAME/lesson.yaml`.
    public static func lessonFiles(in folder: String) -> [String] {
        (Files.list(folder) ?? []).compactMap { name -> String? in
            let path = folder + "/" + name
            if (name.hasSuffix(".yaml") || name.hasSuffix(".yml")) && isFile(path) { return path }
            if isDirectory(path) && isFile(path + "/" + folderLessonFile) { return path + "/" + folderLessonFile }
            return nil
        }.sorted { Self.name(ofFile: $0) < Self.name(ofFile: $1) }
    }

    /// The name `sockstep run NAME` takes for a lesson file: its file name without the extension,
    /// or for `NAME/lesson.yaml` its folder's name.
    public static func name(ofFile path: String) -> String {
        let parts = path.split(separator: "/").map(String.init)
        let file = parts.last ?? path
        if file == folderLessonFile, parts.count >= 2 { return parts[parts.count - 2] }
        for ext in [".yaml", ".yml"] where file.hasSuffix(ext) { return String(file.dropLast(ext.count)) }
        return file
    }

    /// The lesson file for `nameOrPath`, as an absolute path: a path to a regular file or to a
    /// lesson folder (its `lesson.yaml`), or `NAME/lesson.yaml` or `NAME.yaml` (`.yml`) in the
    /// first folder that has one. A name has only letters, digits, `-` and `_`.
    public static func find(_ nameOrPath: String) -> String? {
        if isPath(nameOrPath) {
            if isDirectory(nameOrPath) {
                let file = nameOrPath + "/" + folderLessonFile
                return isFile(file) ? realPath(file) : nil
            }
            return isFile(nameOrPath) ? realPath(nameOrPath) : nil
        }
        guard Lesson.isValidName(nameOrPath) else { return nil }
        for folder in folders() {
            for candidate in ["/" + folderLessonFile, ".yaml", ".yml"] where isFile(folder.path + "/" + nameOrPath + candidate) {
                return realPath(folder.path + "/" + nameOrPath + candidate)
            }
        }
        return nil
    }

    /// The lesson folder (of $SOCKSTEP_LESSONS or the installed lessons) `path` is in, if any:
    /// its programs are the user's choice. A lesson given by any other path runs programs only
    /// when the user says so (`--trust`).
    public static func folder(containing path: String) -> Folder? {
        guard let real = realPath(path) else { return nil }
        return folders().first { real.hasPrefix($0.path + "/") }
    }

    /// The names of the lessons, for an error message.
    public static func names() -> [String] {
        var names: [String] = []
        for folder in folders() {
            for file in lessonFiles(in: folder.path) where !names.contains(name(ofFile: file)) { names.append(name(ofFile: file)) }
        }
        return names.sorted()
    }
}
