import Decoding

/// The siginfo of a signal line, `--- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, ...} ---`:
/// Decoding's SignalInformation over the bytes PTRACE_GETSIGINFO gave.
enum SignalInfo {
    /// `names`: -Y, si_pid with its process's name (`si_pid=4242<sleep>`).
    static func decode(_ si: [UInt8], names: Bool = false) -> Value {
        SignalInformation.decode(si) { pid in names ? PIDNames.annotated(.int(pid)) : .int(pid) }
    }
}
