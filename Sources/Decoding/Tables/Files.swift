// Constant tables shared by the decoders. Names, values and ORDER are those of strace 6.1
// on x86_64 (its xlat tables as built into /usr/bin/strace 6.1, cross-checked against the
// kernel headers and against strace's printed output). For flag tables the order is the
// order strace prints the names in; do not sort.

extension Tables {
    /// fcntl() commands: `F_SETFL`, `0x3e7 /* F_??? */`. Note glibc's fcntl(F_GETOWN) issues
    /// F_GETOWN_EX: `fcntl(3, F_GETOWN_EX, {type=F_OWNER_PID, pid=6489}) = 0`.
    public static let fcntlCommands = Xlat(unknown: "F_???", [
        (0, "F_DUPFD"),
        (1, "F_GETFD"),
        (2, "F_SETFD"),
        (3, "F_GETFL"),
        (4, "F_SETFL"),
        (5, "F_GETLK"),
        (6, "F_SETLK"),
        (7, "F_SETLKW"),
        (8, "F_SETOWN"),
        (9, "F_GETOWN"),
        (10, "F_SETSIG"),
        (11, "F_GETSIG"),
        (12, "F_GETLK64"),
        (13, "F_SETLK64"),
        (14, "F_SETLKW64"),
        (15, "F_SETOWN_EX"),
        (16, "F_GETOWN_EX"),
        (17, "F_GETOWNER_UIDS"),
        (36, "F_OFD_GETLK"),
        (37, "F_OFD_SETLK"),
        (38, "F_OFD_SETLKW"),
        (1024, "F_SETLEASE"),
        (1025, "F_GETLEASE"),
        (1026, "F_NOTIFY"),
        (1029, "F_CANCELLK"),
        (1030, "F_DUPFD_CLOEXEC"),
        (1031, "F_SETPIPE_SZ"),
        (1032, "F_GETPIPE_SZ"),
        (1033, "F_ADD_SEALS"),
        (1034, "F_GET_SEALS"),
    ])

    /// F_SETFD argument `FD_CLOEXEC`, `0`, `FD_CLOEXEC|0x2`; F_GETFD result `= 0x1 (flags FD_CLOEXEC)`,
    /// and a zero result is a bare `= 0`.
    public static let fdFlags = Xlat(unknown: "FD_???", [
        (0x1, "FD_CLOEXEC"),
    ])

    /// The access mode, `value & 3` (O_ACCMODE), printed FIRST and ALWAYS (also O_RDONLY when 0),
    /// then `|` and `openFlags` of the remaining bits, e.g. `O_RDONLY|O_NONBLOCK`, `O_RDONLY`,
    /// `O_RDONLY|0x4000000` (leftover hex, no comment), `O_ACCMODE` for 3.
    /// F_SETFL: `fcntl(3, F_SETFL, O_RDWR|O_APPEND|O_NONBLOCK) = 0`.
    /// F_GETFL: `fcntl(3, F_GETFL) = 0xc02 (flags O_RDWR|O_APPEND|O_NONBLOCK)`.
    public static let openAccessModes = Xlat(unknown: "O_???", [
        (0, "O_RDONLY"),
        (1, "O_WRONLY"),
        (2, "O_RDWR"),
        (3, "O_ACCMODE"),
    ])

    /// open()/F_SETFL/F_GETFL flags other than the access mode, in strace's order (O_SYNC before
    /// __O_SYNC and O_DSYNC, O_TMPFILE before __O_TMPFILE and O_DIRECTORY, FASYNC last):
    /// `O_RDWR|O_CREAT|O_APPEND`, `O_WRONLY|O_SYNC|O_LARGEFILE|O_NOATIME`, `O_RDONLY|O_PATH|O_DIRECTORY`,
    /// `O_RDWR|O_APPEND|O_DIRECT|O_NOATIME|FASYNC`. Also pipe2()'s flags (`O_NONBLOCK|O_CLOEXEC`).
    public static let openFlags = Xlat(unknown: "O_???", [
        (0x40, "O_CREAT"),
        (0x80, "O_EXCL"),
        (0x100, "O_NOCTTY"),
        (0x200, "O_TRUNC"),
        (0x400, "O_APPEND"),
        (0x800, "O_NONBLOCK"),
        (0x101000, "O_SYNC"),
        (0x100000, "__O_SYNC"),
        (0x1000, "O_DSYNC"),
        (0x4000, "O_DIRECT"),
        (0x8000, "O_LARGEFILE"),
        (0x20000, "O_NOFOLLOW"),
        (0x40000, "O_NOATIME"),
        (0x80000, "O_CLOEXEC"),
        (0x200000, "O_PATH"),
        (0x410000, "O_TMPFILE"),
        (0x400000, "__O_TMPFILE"),
        (0x10000, "O_DIRECTORY"),
        (0x2000, "FASYNC"),
    ])

    /// struct flock l_type (`{l_type=F_WRLCK, l_whence=SEEK_SET, l_start=0, l_len=10}`); also the
    /// F_GETLEASE result `= 0x2 (F_UNLCK)` and the F_SETLEASE argument.
    public static let lockTypes = Xlat(unknown: "F_???", [
        (0, "F_RDLCK"),
        (1, "F_WRLCK"),
        (2, "F_UNLCK"),
        (4, "F_EXLCK"),
        (8, "F_SHLCK"),
    ])

    /// lseek whence and struct flock l_whence.
    public static let seekWhence = Xlat(unknown: "SEEK_???", [
        (0, "SEEK_SET"),
        (1, "SEEK_CUR"),
        (2, "SEEK_END"),
        (3, "SEEK_DATA"),
        (4, "SEEK_HOLE"),
    ])

    /// struct f_owner_ex type for F_GETOWN_EX / F_SETOWN_EX.
    public static let fcntlOwnerTypes = Xlat(unknown: "F_OWNER_???", [
        (0, "F_OWNER_TID"),
        (1, "F_OWNER_PID"),
        (2, "F_OWNER_PGRP"),
    ])

    /// F_ADD_SEALS argument `F_SEAL_SHRINK|F_SEAL_GROW`; F_GET_SEALS result
    /// `= 0x6 (seals F_SEAL_SHRINK|F_SEAL_GROW)`.
    public static let sealFlags = Xlat(unknown: "F_SEAL_???", [
        (0x1, "F_SEAL_SEAL"),
        (0x2, "F_SEAL_SHRINK"),
        (0x4, "F_SEAL_GROW"),
        (0x8, "F_SEAL_WRITE"),
        (0x10, "F_SEAL_FUTURE_WRITE"),
    ])

    /// F_NOTIFY argument: `fcntl(4, F_NOTIFY, DN_MODIFY)`.
    public static let notifyFlags = Xlat(unknown: "DN_???", [
        (0x1, "DN_ACCESS"),
        (0x2, "DN_MODIFY"),
        (0x4, "DN_CREATE"),
        (0x8, "DN_DELETE"),
        (0x10, "DN_RENAME"),
        (0x20, "DN_ATTRIB"),
        (0x80000000, "DN_MULTISHOT"),
    ])

    /// flock() operations (include/uapi/asm-generic/fcntl.h), as flags: `LOCK_EX|LOCK_NB`.
    /// LOCK_RW (LOCK_READ|LOCK_WRITE) comes before its two bits, as in strace's table: 0xc0 is
    /// `LOCK_RW`.
    public static let flockOperations = Xlat(unknown: "LOCK_???", [
        (0x1, "LOCK_SH"),
        (0x2, "LOCK_EX"),
        (0x4, "LOCK_NB"),
        (0x8, "LOCK_UN"),
        (0x20, "LOCK_MAND"),
        (0xc0, "LOCK_RW"),
        (0x40, "LOCK_READ"),
        (0x80, "LOCK_WRITE"),
    ])

    /// fallocate() modes (include/uapi/linux/falloc.h): `FALLOC_FL_KEEP_SIZE|FALLOC_FL_PUNCH_HOLE`.
    public static let fallocateModes = Xlat(unknown: "FALLOC_FL_???", [
        (0x1, "FALLOC_FL_KEEP_SIZE"),
        (0x2, "FALLOC_FL_PUNCH_HOLE"),
        (0x4, "FALLOC_FL_NO_HIDE_STALE"),
        (0x8, "FALLOC_FL_COLLAPSE_RANGE"),
        (0x10, "FALLOC_FL_ZERO_RANGE"),
        (0x20, "FALLOC_FL_INSERT_RANGE"),
        (0x40, "FALLOC_FL_UNSHARE_RANGE"),
    ])

    /// memfd_create's flags as strace 6.1 prints them: 0 as `0`; the huge page size bits
    /// (MFD_HUGE_MASK << MFD_HUGE_SHIFT, 0x3f << 26) as `21<<MFD_HUGE_SHIFT` after the other
    /// flags (which print unless only the size is set); the whole in hex with -X raw, and the hex
    /// and the names in a comment with -X verbose.
    public static func memfdCreateFlags(_ flags: UInt64) -> Value {
        guard flags != 0 else { return .hex(0) }
        let hugeMask: UInt64 = 0x3f << 26
        let huge = flags & hugeMask
        let rest = flags & ~hugeMask
        var parts: [Value] = []
        if rest != 0 || huge == 0 { parts.append(memfdFlags.flags(rest)) }
        if huge != 0 { parts.append(.verbatim(String(huge >> 26) + "<<MFD_HUGE_SHIFT")) }
        return .composite(parts.count == 1 ? parts[0] : .joined(parts, separator: "|"), raw: .hex(flags))
    }

    /// memfd_create() flags: `memfd_create("x", MFD_ALLOW_SEALING)`.
    public static let memfdFlags = Xlat(unknown: "MFD_???", [
        (0x1, "MFD_CLOEXEC"),
        (0x2, "MFD_ALLOW_SEALING"),
        (0x4, "MFD_HUGETLB"),
    ])

    /// epoll_ctl op: `EPOLL_CTL_ADD`, `0x9 /* EPOLL_CTL_??? */`.
    public static let epollControlOps = Xlat(unknown: "EPOLL_CTL_???", [
        (1, "EPOLL_CTL_ADD"),
        (2, "EPOLL_CTL_DEL"),
        (3, "EPOLL_CTL_MOD"),
    ])

    /// struct epoll_event events: `{events=EPOLLIN|EPOLLOUT|EPOLLRDHUP|EPOLLET, data={u32=3, u64=3}}`,
    /// `EPOLLIN|EPOLLRDNORM|EPOLLWRNORM|EPOLLMSG|EPOLLWAKEUP|0x4000000`, `0x4000000 /* EPOLL??? */`,
    /// `0`. (No EPOLLURING in strace 6.1.)
    public static let epollEvents = Xlat(unknown: "EPOLL???", [
        (0x1, "EPOLLIN"),
        (0x2, "EPOLLPRI"),
        (0x4, "EPOLLOUT"),
        (0x8, "EPOLLERR"),
        (0x10, "EPOLLHUP"),
        (0x20, "EPOLLNVAL"),
        (0x40, "EPOLLRDNORM"),
        (0x80, "EPOLLRDBAND"),
        (0x100, "EPOLLWRNORM"),
        (0x200, "EPOLLWRBAND"),
        (0x400, "EPOLLMSG"),
        (0x2000, "EPOLLRDHUP"),
        (0x10000000, "EPOLLEXCLUSIVE"),
        (0x20000000, "EPOLLWAKEUP"),
        (0x40000000, "EPOLLONESHOT"),
        (0x80000000, "EPOLLET"),
    ])

    /// epoll_create1() flags: `EPOLL_CLOEXEC`, `0`, `0x40 /* EPOLL_??? */`.
    public static let epollCreateFlags = Xlat(unknown: "EPOLL_???", [
        (0x80000, "EPOLL_CLOEXEC"),
    ])

    /// struct pollfd events/revents: `[{fd=3, events=POLLIN|POLLPRI|POLLRDHUP}]`,
    /// `POLLIN|POLL_BUSY_LOOP|0x4000`, `0x4000 /* POLL??? */`, `events=0`. An entry with fd < 0 prints
    /// as `{fd=-1}` without events. Result: `= 2 ([{fd=3, revents=POLLIN}, ...])`, `= 0 (Timeout)`.
    public static let pollEvents = Xlat(unknown: "POLL???", [
        (0x1, "POLLIN"),
        (0x2, "POLLPRI"),
        (0x4, "POLLOUT"),
        (0x8, "POLLERR"),
        (0x10, "POLLHUP"),
        (0x20, "POLLNVAL"),
        (0x40, "POLLRDNORM"),
        (0x80, "POLLRDBAND"),
        (0x100, "POLLWRNORM"),
        (0x200, "POLLWRBAND"),
        (0x400, "POLLMSG"),
        (0x1000, "POLLREMOVE"),
        (0x2000, "POLLRDHUP"),
        (0x8000, "POLL_BUSY_LOOP"),
    ])

    /// ioctl request names for the terminal/file ('T', 0x54) and socket (0x89) ranges, from
    /// strace 6.1's x86_64 ioctl table. Several names for one code print joined by " or ", in
    /// strace's order: `ioctl(3, SNDCTL_TMR_START or TCSETS, NULL)`. An unknown request does not
    /// use this table's comment: use `Tables.ioctlCommand(_:)`, which prints `_IOC(...)`.
    public static let ioctlCommands = Xlat(unknown: "???", [
        (0x1, "FIBMAP"),
        (0x2, "FIGETBSZ"),
        (0x5401, "TCGETS"),
        (0x5402, "SNDCTL_TMR_START or TCSETS"),
        (0x5403, "SNDCTL_TMR_STOP or TCSETSW"),
        (0x5404, "SNDCTL_TMR_CONTINUE or TCSETSF"),
        (0x5405, "TCGETA"),
        (0x5406, "TCSETA"),
        (0x5407, "TCSETAW"),
        (0x5408, "TCSETAF"),
        (0x5409, "TCSBRK"),
        (0x540a, "TCXONC"),
        (0x540b, "TCFLSH"),
        (0x540c, "TIOCEXCL"),
        (0x540d, "TIOCNXCL"),
        (0x540e, "TIOCSCTTY"),
        (0x540f, "TIOCGPGRP"),
        (0x5410, "TIOCSPGRP"),
        (0x5411, "TIOCOUTQ"),
        (0x5412, "TIOCSTI"),
        (0x5413, "TIOCGWINSZ"),
        (0x5414, "TIOCSWINSZ"),
        (0x5415, "TIOCMGET"),
        (0x5416, "TIOCMBIS"),
        (0x5417, "TIOCMBIC"),
        (0x5418, "TIOCMSET"),
        (0x5419, "TIOCGSOFTCAR"),
        (0x541a, "TIOCSSOFTCAR"),
        (0x541b, "FIONREAD"),
        (0x541c, "TIOCLINUX"),
        (0x541d, "TIOCCONS"),
        (0x541e, "TIOCGSERIAL"),
        (0x541f, "TIOCSSERIAL"),
        (0x5420, "TIOCPKT"),
        (0x5421, "FIONBIO"),
        (0x5422, "TIOCNOTTY"),
        (0x5423, "TIOCSETD"),
        (0x5424, "TIOCGETD"),
        (0x5425, "TCSBRKP"),
        (0x5427, "TIOCSBRK"),
        (0x5428, "TIOCCBRK"),
        (0x5429, "TIOCGSID"),
        (0x542e, "TIOCGRS485"),
        (0x542f, "TIOCSRS485"),
        (0x5432, "TCGETX"),
        (0x5433, "TCSETX"),
        (0x5434, "TCSETXF"),
        (0x5435, "TCSETXW"),
        (0x5437, "TIOCVHANGUP"),
        (0x5441, "TIOCGPTPEER"),
        (0x5450, "FIONCLEX"),
        (0x5451, "FIOCLEX"),
        (0x5452, "FIOASYNC"),
        (0x5453, "TIOCSERCONFIG"),
        (0x5454, "TIOCSERGWILD"),
        (0x5455, "TIOCSERSWILD"),
        (0x5456, "TIOCGLCKTRMIOS"),
        (0x5457, "TIOCSLCKTRMIOS"),
        (0x5458, "TIOCSERGSTRUCT"),
        (0x5459, "TIOCSERGETLSR"),
        (0x545a, "TIOCSERGETMULTI"),
        (0x545b, "TIOCSERSETMULTI"),
        (0x545c, "TIOCMIWAIT"),
        (0x545d, "TIOCGICOUNT"),
        (0x5460, "FIOQSIZE"),
        (0x54a0, "SNDRV_TIMER_IOCTL_START"),
        (0x54a1, "SNDRV_TIMER_IOCTL_STOP"),
        (0x54a2, "SNDRV_TIMER_IOCTL_CONTINUE"),
        (0x54a3, "SNDRV_TIMER_IOCTL_PAUSE"),
        (0x54e3, "TUNGETDEVNETNS"),
        (0x8901, "FIOSETOWN"),
        (0x8902, "SIOCSPGRP"),
        (0x8903, "FIOGETOWN"),
        (0x8904, "SIOCGPGRP"),
        (0x8905, "SIOCATMARK"),
        (0x8906, "SIOCGSTAMP_OLD"),
        (0x8907, "SIOCGSTAMPNS_OLD"),
        (0x890b, "SIOCADDRT"),
        (0x890c, "SIOCDELRT"),
        (0x890d, "SIOCRTMSG"),
        (0x8910, "SIOCGIFNAME"),
        (0x8911, "SIOCSIFLINK"),
        (0x8912, "SIOCGIFCONF"),
        (0x8913, "SIOCGIFFLAGS"),
        (0x8914, "SIOCSIFFLAGS"),
        (0x8915, "SIOCGIFADDR"),
        (0x8916, "SIOCSIFADDR"),
        (0x8917, "SIOCGIFDSTADDR"),
        (0x8918, "SIOCSIFDSTADDR"),
        (0x8919, "SIOCGIFBRDADDR"),
        (0x891a, "SIOCSIFBRDADDR"),
        (0x891b, "SIOCGIFNETMASK"),
        (0x891c, "SIOCSIFNETMASK"),
        (0x891d, "SIOCGIFMETRIC"),
        (0x891e, "SIOCSIFMETRIC"),
        (0x891f, "SIOCGIFMEM"),
        (0x8920, "SIOCSIFMEM"),
        (0x8921, "SIOCGIFMTU"),
        (0x8922, "SIOCSIFMTU"),
        (0x8923, "SIOCSIFNAME"),
        (0x8924, "SIOCSIFHWADDR"),
        (0x8925, "SIOCGIFENCAP"),
        (0x8926, "SIOCSIFENCAP"),
        (0x8927, "SIOCGIFHWADDR"),
        (0x8929, "SIOCGIFSLAVE"),
        (0x8930, "SIOCSIFSLAVE"),
        (0x8931, "SIOCADDMULTI"),
        (0x8932, "SIOCDELMULTI"),
        (0x8933, "SIOCGIFINDEX"),
        (0x8934, "SIOCSIFPFLAGS"),
        (0x8935, "SIOCGIFPFLAGS"),
        (0x8936, "SIOCDIFADDR"),
        (0x8937, "SIOCSIFHWBROADCAST"),
        (0x8938, "SIOCGIFCOUNT"),
        (0x8940, "SIOCGIFBR"),
        (0x8941, "SIOCSIFBR"),
        (0x8942, "SIOCGIFTXQLEN"),
        (0x8943, "SIOCSIFTXQLEN"),
        (0x8946, "SIOCETHTOOL"),
        (0x8947, "SIOCGMIIPHY"),
        (0x8948, "SIOCGMIIREG"),
        (0x8949, "SIOCSMIIREG"),
        (0x894a, "SIOCWANDEV"),
        (0x894b, "SIOCOUTQNSD"),
        (0x894c, "SIOCGSKNS"),
        (0x8953, "SIOCDARP"),
        (0x8954, "SIOCGARP"),
        (0x8955, "SIOCSARP"),
        (0x8960, "SIOCDRARP"),
        (0x8961, "SIOCGRARP"),
        (0x8962, "SIOCSRARP"),
        (0x8970, "SIOCGIFMAP"),
        (0x8971, "SIOCSIFMAP"),
        (0x8980, "SIOCADDDLCI"),
        (0x8981, "SIOCDELDLCI"),
        (0x8982, "SIOCGIFVLAN"),
        (0x8983, "SIOCSIFVLAN"),
        (0x8990, "SIOCBONDENSLAVE"),
        (0x8991, "SIOCBONDRELEASE"),
        (0x8992, "SIOCBONDSETHWADDR"),
        (0x8993, "SIOCBONDSLAVEINFOQUERY"),
        (0x8994, "SIOCBONDINFOQUERY"),
        (0x8995, "SIOCBONDCHANGEACTIVE"),
        (0x89a0, "SIOCBRADDBR"),
        (0x89a1, "SIOCBRDELBR"),
        (0x89a2, "SIOCBRADDIF"),
        (0x89a3, "SIOCBRDELIF"),
        (0x89b0, "SIOCSHWTSTAMP"),
        (0x89b1, "SIOCGHWTSTAMP"),
        (0x89e0, "SIOCPROTOPRIVATE"),
        (0x89f0, "SIOCDEVPRIVATE"),
        (0x40045402, "SNDRV_TIMER_IOCTL_TREAD_OLD"),
        (0x40045407, "SNDCTL_TMR_METRONOME"),
        (0x40045408, "SNDCTL_TMR_SELECT"),
        (0x40045431, "TIOCSPTLCK"),
        (0x40045436, "TIOCSIG"),
        (0x400454a4, "SNDRV_TIMER_IOCTL_TREAD64"),
        (0x400454c8, "TUNSETNOCSUM"),
        (0x400454c9, "TUNSETDEBUG"),
        (0x400454ca, "TUNSETIFF"),
        (0x400454cb, "TUNSETPERSIST"),
        (0x400454cc, "TUNSETOWNER"),
        (0x400454cd, "TUNSETLINK"),
        (0x400454ce, "TUNSETGROUP"),
        (0x400454d0, "TUNSETOFFLOAD"),
        (0x400454d1, "TUNSETTXFILTER"),
        (0x400454d4, "TUNSETSNDBUF"),
        (0x400454d8, "TUNSETVNETHDRSZ"),
        (0x400454d9, "TUNSETQUEUE"),
        (0x400454da, "TUNSETIFINDEX"),
        (0x400454dc, "TUNSETVNETLE"),
        (0x400454de, "TUNSETVNETBE"),
        (0x400454e2, "TUNSETCARRIER"),
        (0x40049409, "BTRFS_IOC_CLONE or FICLONE"),
        (0x40085400, "TFD_IOC_SET_TICKS"),
        (0x400854d5, "TUNATTACHFILTER"),
        (0x400854d6, "TUNDETACHFILTER"),
        (0x402c542b, "TCSETS2"),
        (0x402c542c, "TCSETSW2"),
        (0x402c542d, "TCSETSF2"),
        (0x40345410, "SNDRV_TIMER_IOCTL_SELECT"),
        (0x403c5404, "SNDRV_TIMER_IOCTL_GPARAMS"),
        (0x40505412, "SNDRV_TIMER_IOCTL_PARAMS"),
        (0x80045400, "SNDRV_TIMER_IOCTL_PVERSION"),
        (0x80045430, "TIOCGPTN"),
        (0x80045432, "TIOCGDEV"),
        (0x80045438, "TIOCGPKT"),
        (0x80045439, "TIOCGPTLCK"),
        (0x80045440, "TIOCGEXCL"),
        (0x800454cf, "TUNGETFEATURES"),
        (0x800454d2, "TUNGETIFF"),
        (0x800454d3, "TUNGETSNDBUF"),
        (0x800454d7, "TUNGETVNETHDRSZ"),
        (0x800454dd, "TUNGETVNETLE"),
        (0x800454df, "TUNGETVNETBE"),
        (0x800454e0, "TUNSETSTEERINGEBPF"),
        (0x800454e1, "TUNSETFILTEREBPF"),
        (0x800854db, "TUNGETFILTER"),
        (0x80108906, "SIOCGSTAMP_NEW"),
        (0x80108907, "SIOCGSTAMPNS_NEW"),
        (0x80285442, "TIOCGISO7816"),
        (0x802c542a, "TCGETS2"),
        (0x80605414, "SNDRV_TIMER_IOCTL_STATUS"),
        (0x80e05411, "SNDRV_TIMER_IOCTL_INFO"),
        (0xc0045401, "SNDCTL_TMR_TIMEBASE"),
        (0xc0045405, "SNDCTL_TMR_TEMPO"),
        (0xc0045406, "SNDCTL_TMR_SOURCE"),
        (0xc0145401, "SNDRV_TIMER_IOCTL_NEXT_DEVICE"),
        (0xc0285443, "TIOCSISO7816"),
        (0xc0405405, "SNDRV_TIMER_IOCTL_GSTATUS"),
        (0xc0e05403, "SNDRV_TIMER_IOCTL_GINFO"),
    ])

    /// struct ifreq ifr_flags (SIOCGIFFLAGS): `{ifr_name="lo", ifr_flags=IFF_UP|IFF_LOOPBACK|IFF_RUNNING}`.
    public static let interfaceFlags = Xlat(unknown: "IFF_???", [
        (0x1, "IFF_UP"),
        (0x2, "IFF_BROADCAST"),
        (0x4, "IFF_DEBUG"),
        (0x8, "IFF_LOOPBACK"),
        (0x10, "IFF_POINTOPOINT"),
        (0x20, "IFF_NOTRAILERS"),
        (0x40, "IFF_RUNNING"),
        (0x80, "IFF_NOARP"),
        (0x100, "IFF_PROMISC"),
        (0x200, "IFF_ALLMULTI"),
        (0x400, "IFF_MASTER"),
        (0x800, "IFF_SLAVE"),
        (0x1000, "IFF_MULTICAST"),
        (0x2000, "IFF_PORTSEL"),
        (0x4000, "IFF_AUTOMEDIA"),
        (0x8000, "IFF_DYNAMIC"),
        (0x10000, "IFF_LOWER_UP"),
        (0x20000, "IFF_DORMANT"),
        (0x40000, "IFF_ECHO"),
    ])

    /// open()/fcntl(F_SETFL)/F_GETFL flags as strace 6.1 prints them: the access mode first,
    /// always, then the other flags; leftover bits in hex WITHOUT a comment because a name
    /// precedes them: `O_RDONLY`, `O_RDWR|O_APPEND|O_NONBLOCK`, `O_RDONLY|0x4000000`,
    /// `O_ACCMODE`. (For F_GETFL's result strace writes `0xc02 (flags O_RDWR|...)`.)
    /// openat2's open_how.flags are 64 bits (`wide`), open's and openat's an int.
    public static func openModeFlags(_ value: UInt64, wide: Bool = false) -> Value {
        let value = wide ? value : value & 0xffff_ffff
        var names = [openAccessModes.name(value & 3) ?? "O_RDONLY"]
        // The access mode, then the flags' names as openFlags.flags names them (the table has
        // no name for 0), in one array.
        names.reserveCapacity(4)
        let flags = openFlags
        let rest = flags.forEachFlag(in: value & ~3) { names.append($0.name) }
        return .flags(names, rest: rest, raw: value, hint: flags.unknown)
    }

    /// An ioctl request as strace 6.1 prints it: the name(s) from `ioctlCommands`, or for an
    /// unknown code `_IOC(dir, type, nr, size)` with dir `_IOC_NONE`, `_IOC_READ`,
    /// `_IOC_WRITE` or `_IOC_READ|_IOC_WRITE` and the rest in hex:
    /// `_IOC(_IOC_NONE, 0x54, 0x26, 0)`, `_IOC(_IOC_READ, 0x89, 0xfe, 0x4)`,
    /// `_IOC(_IOC_READ|_IOC_WRITE, 0x78, 0x4, 0x64)`. The request is a 32-bit value.
    public static func ioctlCommand(_ request: UInt64) -> Value {
        let code = request & 0xffff_ffff
        if let name = ioctlCommands.name(code) { return .symbol(name, raw: code) }
        let nr = code & 0xff
        let type = (code >> 8) & 0xff
        let size = (code >> 16) & 0x3fff
        let dir: String
        switch (code >> 30) & 3 {
        case 0: dir = "_IOC_NONE"
        case 1: dir = "_IOC_WRITE"
        case 2: dir = "_IOC_READ"
        default: dir = "_IOC_READ|_IOC_WRITE"
        }
        return .composite(.call("_IOC", [.verbatim(dir), .hex(type), .hex(nr), .hex(size)]), raw: .hex(code))
    }
}
