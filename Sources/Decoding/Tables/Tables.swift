/// The constant tables ("xlat" tables) the decoders share, spread over the files of this
/// folder. Each table is an `Xlat` whose entry order is strace 6.1's (x86_64).
public enum Tables {}
