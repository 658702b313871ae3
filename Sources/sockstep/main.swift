import Decoding
import Files
import Glibc
import TraceRun

// `sockstep`: a good `sockstep trace` command line is traced here, in this process; everything
// else is sockstep-commands' (every command, ArgumentParser's help, completions and usage
// errors), which this process becomes with execv, with the same arguments. This binary links
// no ArgumentParser: with it came FoundationEssentials, libdispatch and the Regex modules,
// whose relocations and the data pages they copy cost 0.2 ms at every start, a trace's too.

let words = Array(CommandLine.arguments.dropFirst())
if words.first == "trace", case .trace(let options)? = try? StraceCommandLine.parse(Array(words.dropFirst())),
   (try? TraceRunner.check(options)) != nil {
    // (A trace command line asking for help or the version, or one with a mistake, goes on
    // to sockstep-commands, which answers it as it always has: nothing has run yet.)
    do {
        try TraceRunner.run(options)
    } catch let failure as RuntimeFailure {
        failure.report()
        exit(1)
    } catch {
        RuntimeFailure(message: String(describing: error)).report()
        exit(1)
    }
}
CommandsProgram.exec(CommandLine.arguments)

/// Where sockstep-commands is, and becoming it.
enum CommandsProgram {
    static let name = "sockstep-commands"

    /// Beside this binary (a build's folder), or in PREFIX/libexec for PREFIX/bin/sockstep
    /// (scripts/install). Found from this binary's own path, never from $PATH: sockstep often
    /// runs as root.
    static func path() -> String? {
        let me = Files.executablePath()
        guard let slash = me.lastIndex(of: "/") else { return nil }
        let folder = String(me[..<slash])
        var candidates = [folder + "/" + name]
        if let up = folder.lastIndex(of: "/") {
            candidates.append(String(folder[..<up]) + "/libexec/" + name)
        }
        return candidates.first { access($0, X_OK) == 0 }
    }

    static func exec(_ arguments: [String]) -> Never {
        guard let path = path() else {
            FileHandleLite.standardError.write("sockstep: \(name) is missing (it belongs beside \(Files.executablePath()) or in its prefix's libexec folder): install sockstep again\n")
            exit(1)
        }
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) }
        argv.append(nil)
        execv(path, argv)
        let reason = String(cString: strerror(errno))
        FileHandleLite.standardError.write("sockstep: cannot run \(path): \(reason)\n")
        exit(1)
    }
}
