// Constant tables of the terminal ioctls (struct termios, TCFLSH, TCXONC), written from the
// kernel headers (asm-generic/termbits.h, asm-generic/termbits-common.h); the ORDER of each
// flag table is the order strace 6.1 prints the names in (observed with TCGETS on filled-in
// structs: every bit alone, and all bits at once).

extension Tables {
    /// c_iflag, in value order.
    public static let termiosInputFlags = Xlat(unknown: "I???", [
        (0x1, "IGNBRK"), (0x2, "BRKINT"), (0x4, "IGNPAR"), (0x8, "PARMRK"), (0x10, "INPCK"),
        (0x20, "ISTRIP"), (0x40, "INLCR"), (0x80, "IGNCR"), (0x100, "ICRNL"), (0x200, "IUCLC"),
        (0x400, "IXON"), (0x800, "IXANY"), (0x1000, "IXOFF"), (0x2000, "IMAXBEL"), (0x4000, "IUTF8"),
    ])

    /// c_oflag's flags (the delay fields are `termiosOutputDelays`).
    public static let termiosOutputFlags = Xlat(unknown: "O???", [
        (0x1, "OPOST"), (0x2, "OLCUC"), (0x4, "ONLCR"), (0x8, "OCRNL"), (0x10, "ONOCR"),
        (0x20, "ONLRET"), (0x40, "OFILL"), (0x80, "OFDEL"),
    ])

    /// c_oflag's delay fields, each a mask and its values, printed in this order before the
    /// flags: `NL0|CR0|TAB0|BS0|VT0|FF0|OPOST|ONLCR`. TAB3 prints as XTABS.
    public static let termiosOutputDelays: [(mask: UInt64, values: Xlat)] = [
        (0x100, Xlat(unknown: "NL?", [(0x0, "NL0"), (0x100, "NL1")])),
        (0x600, Xlat(unknown: "CR?", [(0x0, "CR0"), (0x200, "CR1"), (0x400, "CR2"), (0x600, "CR3")])),
        (0x1800, Xlat(unknown: "TAB?", [(0x0, "TAB0"), (0x800, "TAB1"), (0x1000, "TAB2"), (0x1800, "XTABS")])),
        (0x2000, Xlat(unknown: "BS?", [(0x0, "BS0"), (0x2000, "BS1")])),
        (0x4000, Xlat(unknown: "VT?", [(0x0, "VT0"), (0x4000, "VT1")])),
        (0x8000, Xlat(unknown: "FF?", [(0x0, "FF0"), (0x8000, "FF1")])),
    ]

    /// c_cflag's speed (`c_cflag & CBAUD`, CBAUD = 0x100f); the input speed, CIBAUD, is the same
    /// field 16 bits up and prints as `B50<<IBSHIFT`.
    public static let termiosSpeeds = Xlat(unknown: "B???", [
        (0x0, "B0"), (0x1, "B50"), (0x2, "B75"), (0x3, "B110"), (0x4, "B134"), (0x5, "B150"),
        (0x6, "B200"), (0x7, "B300"), (0x8, "B600"), (0x9, "B1200"), (0xa, "B1800"), (0xb, "B2400"),
        (0xc, "B4800"), (0xd, "B9600"), (0xe, "B19200"), (0xf, "B38400"), (0x1000, "BOTHER"),
        (0x1001, "B57600"), (0x1002, "B115200"), (0x1003, "B230400"), (0x1004, "B460800"),
        (0x1005, "B500000"), (0x1006, "B576000"), (0x1007, "B921600"), (0x1008, "B1000000"),
        (0x1009, "B1152000"), (0x100a, "B1500000"), (0x100b, "B2000000"), (0x100c, "B2500000"),
        (0x100d, "B3000000"), (0x100e, "B3500000"), (0x100f, "B4000000"),
    ])

    /// c_cflag's character size (`c_cflag & CSIZE`).
    public static let termiosCharacterSizes = Xlat(unknown: "CS?", [
        (0x0, "CS5"), (0x10, "CS6"), (0x20, "CS7"), (0x30, "CS8"),
    ])

    /// c_cflag's flags.
    public static let termiosControlFlags = Xlat(unknown: "C???", [
        (0x40, "CSTOPB"), (0x80, "CREAD"), (0x100, "PARENB"), (0x200, "PARODD"), (0x400, "HUPCL"),
        (0x800, "CLOCAL"), (0x40000000, "CMSPAR"), (0x80000000, "CRTSCTS"),
    ])

    /// c_lflag, in strace's order (IEXTEN early, TOSTOP late).
    public static let termiosLocalFlags = Xlat(unknown: "???", [
        (0x1, "ISIG"), (0x2, "ICANON"), (0x4, "XCASE"), (0x8, "ECHO"), (0x10, "ECHOE"), (0x20, "ECHOK"),
        (0x40, "ECHONL"), (0x80, "NOFLSH"), (0x8000, "IEXTEN"), (0x200, "ECHOCTL"), (0x400, "ECHOPRT"),
        (0x800, "ECHOKE"), (0x1000, "FLUSHO"), (0x4000, "PENDIN"), (0x100, "TOSTOP"), (0x10000, "EXTPROC"),
    ])

    /// TCFLSH's argument: `ioctl(0, TCFLSH, TCIFLUSH)`.
    public static let terminalFlushQueues = Xlat(unknown: "TC???", [
        (0, "TCIFLUSH"), (1, "TCOFLUSH"), (2, "TCIOFLUSH"),
    ])

    /// TCXONC's argument: `ioctl(0, TCXONC, TCOON)`.
    public static let terminalFlowActions = Xlat(unknown: "TC???", [
        (0, "TCOOFF"), (1, "TCOON"), (2, "TCIOFF"), (3, "TCION"),
    ])
}
