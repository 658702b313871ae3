import Glibc

/// Where lessons are found: a path to a file, or a name looked up in the lessons folders
/// ($SOCKSTEP_LESSONS, ./lessons, and the `lessons/` folder of the installation).
public enum Catalog {
    public static func folders() -> [String] {
        var out: [String] = []
        if let env = getenv("SOCKSTEP_LESSONS") { out.append(String(cString: env)) }
        out.append("lessons")
        let exe = LessonRun.executablePath()
        var dir = exe
        // .build/debug/sockstep → the package's lessons/; bin/sockstep → share/sockstep/lessons
        for _ in 0 ..< 4 {
            guard let slash = dir.lastIndex(of: "/") else { break }
            dir = String(dir[..<slash])
            if dir.isEmpty { break }
            out.append(dir + "/lessons")
            out.append(dir + "/share/sockstep/lessons")
        }
        return out.filter { isDirectory($0) }
    }

    static func isDirectory(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
    }

    static func isFile(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFREG
    }

    /// The lesson files of the first lessons folder, sorted by name.
    public static func lessonFiles() -> [String] {
        guard let folder = folders().first, let dir = opendir(folder) else { return [] }
        defer { closedir(dir) }
        var out: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name.hasSuffix(".yaml") || name.hasSuffix(".yml") { out.append(folder + "/" + name) }
        }
        return out.sorted()
    }

    /// A lesson file for `nameOrPath`: an existing path, or `NAME.yaml` in a lessons folder.
    public static func find(_ nameOrPath: String) -> String? {
        if nameOrPath.contains("/") || nameOrPath.hasSuffix(".yaml") || nameOrPath.hasSuffix(".yml") {
            return isFile(nameOrPath) ? nameOrPath : nil
        }
        for folder in folders() {
            for ext in [".yaml", ".yml"] where isFile(folder + "/" + nameOrPath + ext) {
                return folder + "/" + nameOrPath + ext
            }
        }
        return nil
    }

    /// The names of the lessons, for an error message.
    public static func names() -> [String] {
        lessonFiles().map { path in
            let file = path.split(separator: "/").last.map(String.init) ?? path
            return String(file.split(separator: ".").first ?? Substring(file))
        }
    }
}
