// Constant tables shared by the decoders. Names, values and ORDER are those of strace 6.1
// on x86_64 (its xlat tables as built into /usr/bin/strace 6.1, cross-checked against the
// kernel headers and against strace's printed output). For flag tables the order is the
// order strace prints the names in; do not sort.

extension Tables {
    /// setsockopt/getsockopt level. strace prints SOL_* names, never IPPROTO_*:
    /// `setsockopt(3, SOL_TCP, TCP_NODELAY, [1], 4)`, `SOL_IP` for 0, `SOL_IPV6`, `SOL_UDP`.
    /// Note the unknown text has TWO question marks: `0x12c /* SOL_?? */`.
    /// Level 40 prints as `AF_VSOCK` (strace's choice; vsock uses the family as its level).
    public static let socketLevels = Xlat(unknown: "SOL_??", [
        (0, "SOL_IP"),
        (1, "SOL_SOCKET"),
        (6, "SOL_TCP"),
        (17, "SOL_UDP"),
        (40, "AF_VSOCK"),
        (41, "SOL_IPV6"),
        (58, "SOL_ICMPV6"),
        (100, "SOL_CAN_BASE"),
        (101, "SOL_CAN_RAW"),
        (132, "SOL_SCTP"),
        (136, "SOL_UDPLITE"),
        (255, "SOL_RAW"),
        (256, "SOL_IPX"),
        (257, "SOL_AX25"),
        (258, "SOL_ATALK"),
        (259, "SOL_NETROM"),
        (260, "SOL_ROSE"),
        (261, "SOL_DECNET"),
        (262, "SOL_X25"),
        (263, "SOL_PACKET"),
        (264, "SOL_ATM"),
        (265, "SOL_AAL"),
        (266, "SOL_IRDA"),
        (267, "SOL_NETBEUI"),
        (268, "SOL_LLC"),
        (269, "SOL_DCCP"),
        (270, "SOL_NETLINK"),
        (271, "SOL_TIPC"),
        (272, "SOL_RXRPC"),
        (273, "SOL_PPPOL2TP"),
        (274, "SOL_BLUETOOTH"),
        (275, "SOL_PNPIPE"),
        (276, "SOL_RDS"),
        (277, "SOL_IUCV"),
        (278, "SOL_CAIF"),
        (279, "SOL_ALG"),
        (280, "SOL_NFC"),
        (281, "SOL_KCM"),
        (282, "SOL_TLS"),
        (283, "SOL_XDP"),
    ])

    /// SOL_SOCKET option names, common to getsockopt and setsockopt (value 26 is missing here on
    /// purpose: it is `getSocketOptions`' SO_GET_FILTER or `setSocketOptions`' SO_ATTACH_FILTER).
    /// Look a name up here first, then in the get/set table; unknown `0xc8 /* SO_??? */`.
    /// x86_64 strace 6.1 prints SO_RCVTIMEO_OLD, SO_SNDTIMEO_OLD, SO_TIMESTAMP_OLD,
    /// SO_TIMESTAMPNS_OLD, SO_TIMESTAMPING_OLD for 20, 21, 29, 35, 37.
    public static let socketOptions = Xlat(unknown: "SO_???", [
        (1, "SO_DEBUG"),
        (2, "SO_REUSEADDR"),
        (3, "SO_TYPE"),
        (4, "SO_ERROR"),
        (5, "SO_DONTROUTE"),
        (6, "SO_BROADCAST"),
        (7, "SO_SNDBUF"),
        (8, "SO_RCVBUF"),
        (9, "SO_KEEPALIVE"),
        (10, "SO_OOBINLINE"),
        (11, "SO_NO_CHECK"),
        (12, "SO_PRIORITY"),
        (13, "SO_LINGER"),
        (14, "SO_BSDCOMPAT"),
        (15, "SO_REUSEPORT"),
        (16, "SO_PASSCRED"),
        (17, "SO_PEERCRED"),
        (18, "SO_RCVLOWAT"),
        (19, "SO_SNDLOWAT"),
        (20, "SO_RCVTIMEO_OLD"),
        (21, "SO_SNDTIMEO_OLD"),
        (22, "SO_SECURITY_AUTHENTICATION"),
        (23, "SO_SECURITY_ENCRYPTION_TRANSPORT"),
        (24, "SO_SECURITY_ENCRYPTION_NETWORK"),
        (25, "SO_BINDTODEVICE"),
        (27, "SO_DETACH_FILTER"),
        (28, "SO_PEERNAME"),
        (29, "SO_TIMESTAMP_OLD"),
        (30, "SO_ACCEPTCONN"),
        (31, "SO_PEERSEC"),
        (32, "SO_SNDBUFFORCE"),
        (33, "SO_RCVBUFFORCE"),
        (34, "SO_PASSSEC"),
        (35, "SO_TIMESTAMPNS_OLD"),
        (36, "SO_MARK"),
        (37, "SO_TIMESTAMPING_OLD"),
        (38, "SO_PROTOCOL"),
        (39, "SO_DOMAIN"),
        (40, "SO_RXQ_OVFL"),
        (41, "SO_WIFI_STATUS"),
        (42, "SO_PEEK_OFF"),
        (43, "SO_NOFCS"),
        (44, "SO_LOCK_FILTER"),
        (45, "SO_SELECT_ERR_QUEUE"),
        (46, "SO_BUSY_POLL"),
        (47, "SO_MAX_PACING_RATE"),
        (48, "SO_BPF_EXTENSIONS"),
        (49, "SO_INCOMING_CPU"),
        (50, "SO_ATTACH_BPF"),
        (51, "SO_ATTACH_REUSEPORT_CBPF"),
        (52, "SO_ATTACH_REUSEPORT_EBPF"),
        (53, "SO_CNX_ADVICE"),
        (55, "SO_MEMINFO"),
        (56, "SO_INCOMING_NAPI_ID"),
        (57, "SO_COOKIE"),
        (59, "SO_PEERGROUPS"),
        (60, "SO_ZEROCOPY"),
        (61, "SO_TXTIME"),
        (62, "SO_BINDTOIFINDEX"),
        (63, "SO_TIMESTAMP_NEW"),
        (64, "SO_TIMESTAMPNS_NEW"),
        (65, "SO_TIMESTAMPING_NEW"),
        (66, "SO_RCVTIMEO_NEW"),
        (67, "SO_SNDTIMEO_NEW"),
        (68, "SO_DETACH_REUSEPORT_BPF"),
        (69, "SO_PREFER_BUSY_POLL"),
        (70, "SO_BUSY_POLL_BUDGET"),
        (71, "SO_NETNS_COOKIE"),
        (72, "SO_BUF_LOCK"),
        (73, "SO_RESERVE_MEM"),
        (74, "SO_TXREHASH"),
        (75, "SO_RCVMARK"),
    ])

    /// SOL_SOCKET names only getsockopt uses (after `socketOptions`).
    public static let getSocketOptions = Xlat(unknown: "SO_???", [
        (26, "SO_GET_FILTER"),
    ])

    /// SOL_SOCKET names only setsockopt uses (after `socketOptions`).
    public static let setSocketOptions = Xlat(unknown: "SO_???", [
        (26, "SO_ATTACH_FILTER"),
    ])

    /// The int value of SO_TXREHASH: `setsockopt(3, SOL_SOCKET, SO_TXREHASH, [SOCK_TXREHASH_ENABLED], 8)`.
    public static let txrehashValues = Xlat(unknown: "SOCK_TXREHASH_???", [
        (0, "SOCK_TXREHASH_DISABLED"),
        (1, "SOCK_TXREHASH_ENABLED"),
        (255, "SOCK_TXREHASH_DEFAULT"),
    ])

    /// SOL_TCP option names: `TCP_NODELAY`, `0x63 /* TCP_??? */`.
    public static let tcpOptions = Xlat(unknown: "TCP_???", [
        (1, "TCP_NODELAY"),
        (2, "TCP_MAXSEG"),
        (3, "TCP_CORK"),
        (4, "TCP_KEEPIDLE"),
        (5, "TCP_KEEPINTVL"),
        (6, "TCP_KEEPCNT"),
        (7, "TCP_SYNCNT"),
        (8, "TCP_LINGER2"),
        (9, "TCP_DEFER_ACCEPT"),
        (10, "TCP_WINDOW_CLAMP"),
        (11, "TCP_INFO"),
        (12, "TCP_QUICKACK"),
        (13, "TCP_CONGESTION"),
        (14, "TCP_MD5SIG"),
        (15, "TCP_COOKIE_TRANSACTIONS"),
        (16, "TCP_THIN_LINEAR_TIMEOUTS"),
        (17, "TCP_THIN_DUPACK"),
        (18, "TCP_USER_TIMEOUT"),
        (19, "TCP_REPAIR"),
        (20, "TCP_REPAIR_QUEUE"),
        (21, "TCP_QUEUE_SEQ"),
        (22, "TCP_REPAIR_OPTIONS"),
        (23, "TCP_FASTOPEN"),
        (24, "TCP_TIMESTAMP"),
        (25, "TCP_NOTSENT_LOWAT"),
        (26, "TCP_CC_INFO"),
        (27, "TCP_SAVE_SYN"),
        (28, "TCP_SAVED_SYN"),
        (29, "TCP_REPAIR_WINDOW"),
        (30, "TCP_FASTOPEN_CONNECT"),
        (31, "TCP_ULP"),
        (32, "TCP_MD5SIG_EXT"),
        (33, "TCP_FASTOPEN_KEY"),
        (34, "TCP_FASTOPEN_NO_COOKIE"),
        (35, "TCP_ZEROCOPY_RECEIVE"),
        (36, "TCP_INQ"),
        (37, "TCP_TX_DELAY"),
    ])

    /// SOL_IP option names (42..48 are the MCAST_* names, shared with IPv6). Look up here first,
    /// then in `getIpOptions` / `setIpOptions`; unknown `IP_???`.
    public static let ipOptions = Xlat(unknown: "IP_???", [
        (1, "IP_TOS"),
        (2, "IP_TTL"),
        (3, "IP_HDRINCL"),
        (4, "IP_OPTIONS"),
        (5, "IP_ROUTER_ALERT"),
        (6, "IP_RECVOPTS"),
        (7, "IP_RETOPTS"),
        (8, "IP_PKTINFO"),
        (9, "IP_PKTOPTIONS"),
        (10, "IP_MTU_DISCOVER"),
        (11, "IP_RECVERR"),
        (12, "IP_RECVTTL"),
        (13, "IP_RECVTOS"),
        (14, "IP_MTU"),
        (15, "IP_FREEBIND"),
        (16, "IP_IPSEC_POLICY"),
        (17, "IP_XFRM_POLICY"),
        (18, "IP_PASSSEC"),
        (19, "IP_TRANSPARENT"),
        (20, "IP_ORIGDSTADDR"),
        (21, "IP_MINTTL"),
        (22, "IP_NODEFRAG"),
        (23, "IP_CHECKSUM"),
        (24, "IP_BIND_ADDRESS_NO_PORT"),
        (25, "IP_RECVFRAGSIZE"),
        (26, "IP_RECVERR_RFC4884"),
        (32, "IP_MULTICAST_IF"),
        (33, "IP_MULTICAST_TTL"),
        (34, "IP_MULTICAST_LOOP"),
        (35, "IP_ADD_MEMBERSHIP"),
        (36, "IP_DROP_MEMBERSHIP"),
        (37, "IP_UNBLOCK_SOURCE"),
        (38, "IP_BLOCK_SOURCE"),
        (39, "IP_ADD_SOURCE_MEMBERSHIP"),
        (40, "IP_DROP_SOURCE_MEMBERSHIP"),
        (41, "IP_MSFILTER"),
        (42, "MCAST_JOIN_GROUP"),
        (43, "MCAST_BLOCK_SOURCE"),
        (44, "MCAST_UNBLOCK_SOURCE"),
        (45, "MCAST_LEAVE_GROUP"),
        (46, "MCAST_JOIN_SOURCE_GROUP"),
        (47, "MCAST_LEAVE_SOURCE_GROUP"),
        (48, "MCAST_MSFILTER"),
        (49, "IP_MULTICAST_ALL"),
        (50, "IP_UNICAST_IF"),
    ])

    /// SOL_IP names only getsockopt uses (netfilter), after `ipOptions`. Lookup by value only.
    public static let getIpOptions = Xlat(unknown: "IP_???", [
        (96, "ARPT_SO_GET_INFO"),
        (97, "ARPT_SO_GET_ENTRIES"),
        (99, "ARPT_SO_GET_REVISION_TARGET"),
        (128, "EBT_SO_GET_INFO"),
        (129, "EBT_SO_GET_ENTRIES"),
        (130, "EBT_SO_GET_INIT_INFO"),
        (131, "EBT_SO_GET_INIT_ENTRIES"),
        (1152, "IP_VS_SO_GET_VERSION"),
        (1153, "IP_VS_SO_GET_INFO"),
        (1154, "IP_VS_SO_GET_SERVICES"),
        (1155, "IP_VS_SO_GET_SERVICE"),
        (1156, "IP_VS_SO_GET_DESTS"),
        (1157, "IP_VS_SO_GET_DEST"),
        (1158, "IP_VS_SO_GET_TIMEOUT"),
        (1159, "IP_VS_SO_GET_DAEMON"),
        (64, "IPT_SO_GET_INFO"),
        (65, "IPT_SO_GET_ENTRIES"),
        (66, "IPT_SO_GET_REVISION_MATCH"),
        (67, "IPT_SO_GET_REVISION_TARGET"),
    ])

    /// SOL_IP names only setsockopt uses (netfilter), after `ipOptions`. Lookup by value only.
    public static let setIpOptions = Xlat(unknown: "IP_???", [
        (96, "ARPT_SO_SET_REPLACE"),
        (97, "ARPT_SO_SET_ADD_COUNTERS"),
        (128, "EBT_SO_SET_ENTRIES"),
        (129, "EBT_SO_SET_COUNTERS"),
        (1152, "IP_VS_SO_SET_NONE"),
        (1153, "IP_VS_SO_SET_INSERT"),
        (1154, "IP_VS_SO_SET_ADD"),
        (1155, "IP_VS_SO_SET_EDIT"),
        (1156, "IP_VS_SO_SET_DEL"),
        (1157, "IP_VS_SO_SET_FLUSH"),
        (1158, "IP_VS_SO_SET_LIST"),
        (1159, "IP_VS_SO_SET_ADDDEST"),
        (1160, "IP_VS_SO_SET_DELDEST"),
        (1161, "IP_VS_SO_SET_EDITDEST"),
        (1162, "IP_VS_SO_SET_TIMEOUT"),
        (1163, "IP_VS_SO_SET_STARTDAEMON"),
        (1164, "IP_VS_SO_SET_STOPDAEMON"),
        (1165, "IP_VS_SO_SET_RESTORE"),
        (1166, "IP_VS_SO_SET_SAVE"),
        (1167, "IP_VS_SO_SET_ZERO"),
        (64, "IPT_SO_SET_REPLACE"),
        (65, "IPT_SO_SET_ADD_COUNTERS"),
    ])

    /// SOL_IPV6 option names. strace prints IPV6_ADD_MEMBERSHIP / IPV6_DROP_MEMBERSHIP for 20/21
    /// (not IPV6_JOIN_GROUP / IPV6_LEAVE_GROUP). Then `getIpv6Options` / `setIpv6Options`.
    public static let ipv6Options = Xlat(unknown: "IPV6_???", [
        (1, "IPV6_ADDRFORM"),
        (2, "IPV6_2292PKTINFO"),
        (3, "IPV6_2292HOPOPTS"),
        (4, "IPV6_2292DSTOPTS"),
        (5, "IPV6_2292RTHDR"),
        (6, "IPV6_2292PKTOPTIONS"),
        (7, "IPV6_CHECKSUM"),
        (8, "IPV6_2292HOPLIMIT"),
        (9, "IPV6_NEXTHOP"),
        (10, "IPV6_AUTHHDR"),
        (11, "IPV6_FLOWINFO"),
        (16, "IPV6_UNICAST_HOPS"),
        (17, "IPV6_MULTICAST_IF"),
        (18, "IPV6_MULTICAST_HOPS"),
        (19, "IPV6_MULTICAST_LOOP"),
        (20, "IPV6_ADD_MEMBERSHIP"),
        (21, "IPV6_DROP_MEMBERSHIP"),
        (22, "IPV6_ROUTER_ALERT"),
        (23, "IPV6_MTU_DISCOVER"),
        (24, "IPV6_MTU"),
        (25, "IPV6_RECVERR"),
        (26, "IPV6_V6ONLY"),
        (27, "IPV6_JOIN_ANYCAST"),
        (28, "IPV6_LEAVE_ANYCAST"),
        (29, "IPV6_MULTICAST_ALL"),
        (30, "IPV6_ROUTER_ALERT_ISOLATE"),
        (31, "IPV6_RECVERR_RFC4884"),
        (32, "IPV6_FLOWLABEL_MGR"),
        (33, "IPV6_FLOWINFO_SEND"),
        (34, "IPV6_IPSEC_POLICY"),
        (35, "IPV6_XFRM_POLICY"),
        (36, "IPV6_HDRINCL"),
        (42, "MCAST_JOIN_GROUP"),
        (43, "MCAST_BLOCK_SOURCE"),
        (44, "MCAST_UNBLOCK_SOURCE"),
        (45, "MCAST_LEAVE_GROUP"),
        (46, "MCAST_JOIN_SOURCE_GROUP"),
        (47, "MCAST_LEAVE_SOURCE_GROUP"),
        (48, "MCAST_MSFILTER"),
        (49, "IPV6_RECVPKTINFO"),
        (50, "IPV6_PKTINFO"),
        (51, "IPV6_RECVHOPLIMIT"),
        (52, "IPV6_HOPLIMIT"),
        (53, "IPV6_RECVHOPOPTS"),
        (54, "IPV6_HOPOPTS"),
        (55, "IPV6_RTHDRDSTOPTS"),
        (56, "IPV6_RECVRTHDR"),
        (57, "IPV6_RTHDR"),
        (58, "IPV6_RECVDSTOPTS"),
        (59, "IPV6_DSTOPTS"),
        (60, "IPV6_RECVPATHMTU"),
        (61, "IPV6_PATHMTU"),
        (62, "IPV6_DONTFRAG"),
        (63, "IPV6_USE_MIN_MTU"),
        (66, "IPV6_RECVTCLASS"),
        (67, "IPV6_TCLASS"),
        (70, "IPV6_AUTOFLOWLABEL"),
        (72, "IPV6_ADDR_PREFERENCES"),
        (73, "IPV6_MINHOPCOUNT"),
        (74, "IPV6_ORIGDSTADDR"),
        (75, "IPV6_TRANSPARENT"),
        (76, "IPV6_UNICAST_IF"),
        (77, "IPV6_RECVFRAGSIZE"),
        (78, "IPV6_FREEBIND"),
    ])

    /// SOL_IPV6 names only getsockopt uses, after `ipv6Options`.
    public static let getIpv6Options = Xlat(unknown: "IPV6_???", [
        (64, "IP6T_SO_GET_INFO"),
        (65, "IP6T_SO_GET_ENTRIES"),
        (68, "IP6T_SO_GET_REVISION_MATCH"),
        (69, "IP6T_SO_GET_REVISION_TARGET"),
    ])

    /// SOL_IPV6 names only setsockopt uses, after `ipv6Options`.
    public static let setIpv6Options = Xlat(unknown: "IPV6_???", [
        (64, "IP6T_SO_SET_REPLACE"),
        (65, "IP6T_SO_SET_ADD_COUNTERS"),
    ])

    /// SOL_UDP option names.
    public static let udpOptions = Xlat(unknown: "UDP_???", [
        (1, "UDP_CORK"),
        (100, "UDP_ENCAP"),
        (101, "UDP_NO_CHECK6_TX"),
        (102, "UDP_NO_CHECK6_RX"),
        (103, "UDP_SEGMENT"),
        (104, "UDP_GRO"),
    ])

    /// SOL_NETLINK option names: `setsockopt(6, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, [1], 4)`.
    public static let netlinkSocketOptions = Xlat(unknown: "NETLINK_???", [
        (1, "NETLINK_ADD_MEMBERSHIP"),
        (2, "NETLINK_DROP_MEMBERSHIP"),
        (3, "NETLINK_PKTINFO"),
        (4, "NETLINK_BROADCAST_ERROR"),
        (5, "NETLINK_NO_ENOBUFS"),
        (6, "NETLINK_RX_RING"),
        (7, "NETLINK_TX_RING"),
        (8, "NETLINK_LISTEN_ALL_NSID"),
        (9, "NETLINK_LIST_MEMBERSHIPS"),
        (10, "NETLINK_CAP_ACK"),
        (11, "NETLINK_EXT_ACK"),
        (12, "NETLINK_GET_STRICT_CHK"),
    ])

    /// SOL_PACKET option names.
    public static let packetSocketOptions = Xlat(unknown: "PACKET_???", [
        (1, "PACKET_ADD_MEMBERSHIP"),
        (2, "PACKET_DROP_MEMBERSHIP"),
        (3, "PACKET_RECV_OUTPUT"),
        (5, "PACKET_RX_RING"),
        (6, "PACKET_STATISTICS"),
        (7, "PACKET_COPY_THRESH"),
        (8, "PACKET_AUXDATA"),
        (9, "PACKET_ORIGDEV"),
        (10, "PACKET_VERSION"),
        (11, "PACKET_HDRLEN"),
        (12, "PACKET_RESERVE"),
        (13, "PACKET_TX_RING"),
        (14, "PACKET_LOSS"),
        (15, "PACKET_VNET_HDR"),
        (16, "PACKET_TX_TIMESTAMP"),
        (17, "PACKET_TIMESTAMP"),
        (18, "PACKET_FANOUT"),
        (19, "PACKET_TX_HAS_OFF"),
        (20, "PACKET_QDISC_BYPASS"),
        (21, "PACKET_ROLLOVER_STATS"),
        (22, "PACKET_FANOUT_DATA"),
        (23, "PACKET_IGNORE_OUTGOING"),
    ])

    /// SOL_RAW option names (unknown text `RAW_???`).
    public static let rawSocketOptions = Xlat(unknown: "RAW_???", [
        (1, "ICMP_FILTER"),
    ])

    /// Option names at level 40 (AF_VSOCK).
    public static let vsockSocketOptions = Xlat(unknown: "SO_VM_???", [
        (0, "SO_VM_SOCKETS_BUFFER_SIZE"),
        (1, "SO_VM_SOCKETS_BUFFER_MIN_SIZE"),
        (2, "SO_VM_SOCKETS_BUFFER_MAX_SIZE"),
        (3, "SO_VM_SOCKETS_PEER_HOST_VM_ID"),
        (5, "SO_VM_SOCKETS_TRUSTED"),
        (6, "SO_VM_SOCKETS_CONNECT_TIMEOUT_OLD"),
        (7, "SO_VM_SOCKETS_NONBLOCK_TXRX"),
        (8, "SO_VM_SOCKETS_CONNECT_TIMEOUT_NEW"),
    ])

    /// The optname argument of getsockopt/setsockopt as strace 6.1 prints it for `level`:
    /// the per-level table (SOL_SOCKET, SOL_IP and SOL_IPV6 first look in the common
    /// table, then in the get- or set-only one), `0x63 /* TCP_??? */` when the level is
    /// known but the name is not, and a plain unsigned decimal for levels strace does not
    /// decode (`setsockopt(11, SOL_ICMPV6, 1, ...)`, `0x12c /* SOL_?? */, 1`).
    public static func socketOptionName(level: UInt64, name: UInt64, getsockopt: Bool) -> Value {
        let level = level & 0xffff_ffff
        let name = name & 0xffff_ffff
        func pair(_ common: Xlat, _ get: Xlat, _ set: Xlat) -> Value {
            if let n = common.name(name) { return .symbol(n, raw: name) }
            return (getsockopt ? get : set).symbol(name)
        }
        switch level {
        case 1: return pair(socketOptions, getSocketOptions, setSocketOptions)
        case 0: return pair(ipOptions, getIpOptions, setIpOptions)
        case 41: return pair(ipv6Options, getIpv6Options, setIpv6Options)
        case 6: return tcpOptions.symbol(name)
        case 17: return udpOptions.symbol(name)
        case 255: return rawSocketOptions.symbol(name)
        case 263: return packetSocketOptions.symbol(name)
        case 270: return netlinkSocketOptions.symbol(name)
        case 40: return vsockSocketOptions.symbol(name)
        case 256: return ipxSocketOptions.symbol(name)
        case 257: return ax25SocketOptions.symbol(name)
        case 101: return canRawSocketOptions.symbol(name)
        case 132: return sctpSocketOptions.symbol(name)
        case 266: return irdaSocketOptions.symbol(name)
        case 268: return llcSocketOptions.symbol(name)
        case 269: return dccpSocketOptions.symbol(name)
        case 271: return tipcSocketOptions.symbol(name)
        case 272: return rxrpcSocketOptions.symbol(name)
        case 273: return pppol2tpSocketOptions.symbol(name)
        case 274: return bluetoothSocketOptions.symbol(name)
        case 275: return pnpipeSocketOptions.symbol(name)
        case 276: return rdsSocketOptions.symbol(name)
        case 277: return iucvSocketOptions.symbol(name)
        case 278: return caifSocketOptions.symbol(name)
        case 279: return algSocketOptions.symbol(name)
        case 280: return nfcLlcpSocketOptions.symbol(name)
        case 281: return kcmSocketOptions.symbol(name)
        case 282: return tlsSocketOptions.symbol(name)
        case 283: return xdpSocketOptions.symbol(name)
        default: return .uint(name)
        }
    }

    /// SOL_SOCKET options whose value strace 6.1 decodes as an int whatever the length
    /// (observed with a sweep over 1...79): setsockopt prints `[1]` when optlen >= 4 (also
    /// 5, 8, 16) and the bare address when optlen < 4; getsockopt prints `[1]` when the
    /// returned length is >= 4 and a HEX-escaped string `"\x01\x00\x00"` when it is 1...3.
    /// Every other option (any level) uses the default rule: length == 4 -> `[int]`,
    /// otherwise the bytes as a string (`printstrn`, octal escapes, 32 bytes then `...`).
    /// SO_TXREHASH is in this set but prints its value through `txrehashValues`.
    public static let intValuedSocketOptions: Set<UInt64> = [
        1, 2, 5, 6, 7, 8, 9, 10, 11, 12, 14, 15, 16, 18, 19, 27, 29, 30, 32, 33, 34, 35, 36,
        37, 40, 41, 42, 43, 44, 45, 46, 49, 53, 56, 60, 63, 64, 65, 68, 69, 70, 73, 74, 75,
    ]
}
