// Constant tables of NETLINK_ROUTE's link and route messages (struct ifinfomsg, struct rtmsg,
// struct rtnexthop and their attributes), written from the kernel headers (linux/if_link.h,
// linux/rtnetlink.h, linux/lwtunnel.h, linux/if_xdp.h, linux/in_route.h, netinet/ip.h) and
// limited to the names strace 6.1 knows (newer ones print as `0x3f /* IFLA_??? */` there
// too). The ORDER of each flag table is the order strace 6.1 prints the names in.

extension Tables {
    /// ifinfomsg attributes (linux/if_link.h), IFLA_UNSPEC to IFLA_ALLMULTI.
    public static let linkAttrs = Xlat(unknown: "IFLA_???", [
        (0, "IFLA_UNSPEC"), (1, "IFLA_ADDRESS"), (2, "IFLA_BROADCAST"), (3, "IFLA_IFNAME"), (4, "IFLA_MTU"),
        (5, "IFLA_LINK"), (6, "IFLA_QDISC"), (7, "IFLA_STATS"), (8, "IFLA_COST"), (9, "IFLA_PRIORITY"),
        (10, "IFLA_MASTER"), (11, "IFLA_WIRELESS"), (12, "IFLA_PROTINFO"), (13, "IFLA_TXQLEN"), (14, "IFLA_MAP"),
        (15, "IFLA_WEIGHT"), (16, "IFLA_OPERSTATE"), (17, "IFLA_LINKMODE"), (18, "IFLA_LINKINFO"),
        (19, "IFLA_NET_NS_PID"), (20, "IFLA_IFALIAS"), (21, "IFLA_NUM_VF"), (22, "IFLA_VFINFO_LIST"),
        (23, "IFLA_STATS64"), (24, "IFLA_VF_PORTS"), (25, "IFLA_PORT_SELF"), (26, "IFLA_AF_SPEC"),
        (27, "IFLA_GROUP"), (28, "IFLA_NET_NS_FD"), (29, "IFLA_EXT_MASK"), (30, "IFLA_PROMISCUITY"),
        (31, "IFLA_NUM_TX_QUEUES"), (32, "IFLA_NUM_RX_QUEUES"), (33, "IFLA_CARRIER"), (34, "IFLA_PHYS_PORT_ID"),
        (35, "IFLA_CARRIER_CHANGES"), (36, "IFLA_PHYS_SWITCH_ID"), (37, "IFLA_LINK_NETNSID"),
        (38, "IFLA_PHYS_PORT_NAME"), (39, "IFLA_PROTO_DOWN"), (40, "IFLA_GSO_MAX_SEGS"), (41, "IFLA_GSO_MAX_SIZE"),
        (42, "IFLA_PAD"), (43, "IFLA_XDP"), (44, "IFLA_EVENT"), (45, "IFLA_NEW_NETNSID"), (46, "IFLA_IF_NETNSID"),
        (47, "IFLA_CARRIER_UP_COUNT"), (48, "IFLA_CARRIER_DOWN_COUNT"), (49, "IFLA_NEW_IFINDEX"),
        (50, "IFLA_MIN_MTU"), (51, "IFLA_MAX_MTU"), (52, "IFLA_PROP_LIST"), (53, "IFLA_ALT_IFNAME"),
        (54, "IFLA_PERM_ADDRESS"), (55, "IFLA_PROTO_DOWN_REASON"), (56, "IFLA_PARENT_DEV_NAME"),
        (57, "IFLA_PARENT_DEV_BUS_NAME"), (58, "IFLA_GRO_MAX_SIZE"), (59, "IFLA_TSO_MAX_SIZE"),
        (60, "IFLA_TSO_MAX_SEGS"), (61, "IFLA_ALLMULTI"),
    ])

    /// IFLA_EXT_MASK (linux/rtnetlink.h): `RTEXT_FILTER_VF|RTEXT_FILTER_SKIP_STATS`.
    public static let rtextFilterFlags = Xlat(unknown: "RTEXT_FILTER_???", [
        (0x1, "RTEXT_FILTER_VF"), (0x2, "RTEXT_FILTER_BRVLAN"), (0x4, "RTEXT_FILTER_BRVLAN_COMPRESSED"),
        (0x8, "RTEXT_FILTER_SKIP_STATS"), (0x10, "RTEXT_FILTER_MRP"), (0x20, "RTEXT_FILTER_CFM_CONFIG"),
        (0x40, "RTEXT_FILTER_CFM_STATUS"),
    ])

    /// IFLA_EVENT (linux/if_link.h).
    public static let linkEvents = Xlat(unknown: "IFLA_EVENT_???", [
        (0, "IFLA_EVENT_NONE"), (1, "IFLA_EVENT_REBOOT"), (2, "IFLA_EVENT_FEATURES"), (3, "IFLA_EVENT_BONDING_FAILOVER"),
        (4, "IFLA_EVENT_NOTIFY_PEERS"), (5, "IFLA_EVENT_IGMP_RESEND"), (6, "IFLA_EVENT_BONDING_OPTIONS"),
    ])

    /// IFLA_LINKINFO's attributes (linux/if_link.h).
    public static let linkInfoAttrs = Xlat(unknown: "IFLA_INFO_???", [
        (0, "IFLA_INFO_UNSPEC"), (1, "IFLA_INFO_KIND"), (2, "IFLA_INFO_DATA"), (3, "IFLA_INFO_XSTATS"),
        (4, "IFLA_INFO_SLAVE_KIND"), (5, "IFLA_INFO_SLAVE_DATA"),
    ])

    /// IFLA_XDP's attributes (linux/if_link.h).
    public static let linkXdpAttrs = Xlat(unknown: "IFLA_XDP_???", [
        (0, "IFLA_XDP_UNSPEC"), (1, "IFLA_XDP_FD"), (2, "IFLA_XDP_ATTACHED"), (3, "IFLA_XDP_FLAGS"),
        (4, "IFLA_XDP_PROG_ID"), (5, "IFLA_XDP_DRV_PROG_ID"), (6, "IFLA_XDP_SKB_PROG_ID"), (7, "IFLA_XDP_HW_PROG_ID"),
        (8, "IFLA_XDP_EXPECTED_FD"),
    ])

    /// IFLA_XDP_ATTACHED (linux/if_link.h).
    public static let xdpAttachedModes = Xlat(unknown: "XDP_ATTACHED_???", [
        (0, "XDP_ATTACHED_NONE"), (1, "XDP_ATTACHED_DRV"), (2, "XDP_ATTACHED_SKB"), (3, "XDP_ATTACHED_HW"),
        (4, "XDP_ATTACHED_MULTI"),
    ])

    /// IFLA_XDP_FLAGS (linux/if_link.h): the three modes together first, as strace's table has them.
    public static let xdpFlags = Xlat(unknown: "XDP_FLAGS_???", [
        (0xe, "XDP_FLAGS_MODES"), (0x1, "XDP_FLAGS_UPDATE_IF_NOEXIST"), (0x2, "XDP_FLAGS_SKB_MODE"),
        (0x4, "XDP_FLAGS_DRV_MODE"), (0x8, "XDP_FLAGS_HW_MODE"), (0x10, "XDP_FLAGS_REPLACE"),
    ])

    /// IFLA_PROTO_DOWN_REASON's attributes (linux/if_link.h).
    public static let protoDownReasonAttrs = Xlat(unknown: "IFLA_PROTO_DOWN_REASON_???", [
        (0, "IFLA_PROTO_DOWN_REASON_UNSPEC"), (1, "IFLA_PROTO_DOWN_REASON_MASK"), (2, "IFLA_PROTO_DOWN_REASON_VALUE"),
    ])

    /// rtmsg.rtm_tos (netinet/ip.h IPTOS_TOS bits): `IPTOS_LOWDELAY|IPTOS_MINCOST`, `0x1 /* IPTOS_TOS_??? */`.
    public static let ipTosFlags = Xlat(unknown: "IPTOS_TOS_???", [
        (0x10, "IPTOS_LOWDELAY"), (0x08, "IPTOS_THROUGHPUT"), (0x04, "IPTOS_RELIABILITY"), (0x02, "IPTOS_MINCOST"),
    ])

    /// rtmsg.rtm_table, RTA_TABLE (linux/rtnetlink.h); other tables print in hex without a comment.
    public static let routeTables = Xlat(unknown: "", [
        (0, "RT_TABLE_UNSPEC"), (252, "RT_TABLE_COMPAT"), (253, "RT_TABLE_DEFAULT"), (254, "RT_TABLE_MAIN"),
        (255, "RT_TABLE_LOCAL"),
    ])

    /// rtmsg.rtm_protocol (linux/rtnetlink.h).
    public static let routeProtocols = Xlat(unknown: "RTPROT_???", [
        (0, "RTPROT_UNSPEC"), (1, "RTPROT_REDIRECT"), (2, "RTPROT_KERNEL"), (3, "RTPROT_BOOT"), (4, "RTPROT_STATIC"),
        (8, "RTPROT_GATED"), (9, "RTPROT_RA"), (10, "RTPROT_MRT"), (11, "RTPROT_ZEBRA"), (12, "RTPROT_BIRD"),
        (13, "RTPROT_DNROUTED"), (14, "RTPROT_XORP"), (15, "RTPROT_NTK"), (16, "RTPROT_DHCP"), (17, "RTPROT_MROUTED"),
        (18, "RTPROT_KEEPALIVED"), (42, "RTPROT_BABEL"), (99, "RTPROT_OPENR"), (186, "RTPROT_BGP"), (187, "RTPROT_ISIS"),
        (188, "RTPROT_OSPF"), (189, "RTPROT_RIP"), (192, "RTPROT_EIGRP"),
    ])

    /// rtmsg.rtm_type (linux/rtnetlink.h).
    public static let routeTypes = Xlat(unknown: "RTN_???", [
        (0, "RTN_UNSPEC"), (1, "RTN_UNICAST"), (2, "RTN_LOCAL"), (3, "RTN_BROADCAST"), (4, "RTN_ANYCAST"),
        (5, "RTN_MULTICAST"), (6, "RTN_BLACKHOLE"), (7, "RTN_UNREACHABLE"), (8, "RTN_PROHIBIT"), (9, "RTN_THROW"),
        (10, "RTN_NAT"), (11, "RTN_XRESOLVE"),
    ])

    /// rtmsg.rtm_flags (linux/rtnetlink.h): the RTM_F_ bits only.
    public static let routeFlags = Xlat(unknown: "RTM_F_???", [
        (0x100, "RTM_F_NOTIFY"), (0x200, "RTM_F_CLONED"), (0x400, "RTM_F_EQUALIZE"), (0x800, "RTM_F_PREFIX"),
        (0x1000, "RTM_F_LOOKUP_TABLE"), (0x2000, "RTM_F_FIB_MATCH"), (0x4000, "RTM_F_OFFLOAD"), (0x8000, "RTM_F_TRAP"),
        (0x2000_0000, "RTM_F_OFFLOAD_FAILED"),
    ])

    /// rtmsg attributes (linux/rtnetlink.h), RTA_UNSPEC to RTA_NH_ID.
    public static let routeAttrs = Xlat(unknown: "RTA_???", [
        (0, "RTA_UNSPEC"), (1, "RTA_DST"), (2, "RTA_SRC"), (3, "RTA_IIF"), (4, "RTA_OIF"), (5, "RTA_GATEWAY"),
        (6, "RTA_PRIORITY"), (7, "RTA_PREFSRC"), (8, "RTA_METRICS"), (9, "RTA_MULTIPATH"), (10, "RTA_PROTOINFO"),
        (11, "RTA_FLOW"), (12, "RTA_CACHEINFO"), (13, "RTA_SESSION"), (14, "RTA_MP_ALGO"), (15, "RTA_TABLE"),
        (16, "RTA_MARK"), (17, "RTA_MFC_STATS"), (18, "RTA_VIA"), (19, "RTA_NEWDST"), (20, "RTA_PREF"),
        (21, "RTA_ENCAP_TYPE"), (22, "RTA_ENCAP"), (23, "RTA_EXPIRES"), (24, "RTA_PAD"), (25, "RTA_UID"),
        (26, "RTA_TTL_PROPAGATE"), (27, "RTA_IP_PROTO"), (28, "RTA_SPORT"), (29, "RTA_DPORT"), (30, "RTA_NH_ID"),
    ])

    /// RTA_METRICS's attributes (linux/rtnetlink.h), RTAX_UNSPEC to RTAX_FASTOPEN_NO_COOKIE.
    public static let routeMetrics = Xlat(unknown: "RTAX_???", [
        (0, "RTAX_UNSPEC"), (1, "RTAX_LOCK"), (2, "RTAX_MTU"), (3, "RTAX_WINDOW"), (4, "RTAX_RTT"), (5, "RTAX_RTTVAR"),
        (6, "RTAX_SSTHRESH"), (7, "RTAX_CWND"), (8, "RTAX_ADVMSS"), (9, "RTAX_REORDERING"), (10, "RTAX_HOPLIMIT"),
        (11, "RTAX_INITCWND"), (12, "RTAX_FEATURES"), (13, "RTAX_RTO_MIN"), (14, "RTAX_INITRWND"), (15, "RTAX_QUICKACK"),
        (16, "RTAX_CC_ALGO"), (17, "RTAX_FASTOPEN_NO_COOKIE"),
    ])

    /// rtnexthop.rtnh_flags (linux/rtnetlink.h).
    public static let nexthopFlags = Xlat(unknown: "RTNH_F_???", [
        (0x1, "RTNH_F_DEAD"), (0x2, "RTNH_F_PERVASIVE"), (0x4, "RTNH_F_ONLINK"), (0x8, "RTNH_F_OFFLOAD"),
        (0x10, "RTNH_F_LINKDOWN"), (0x20, "RTNH_F_UNRESOLVED"), (0x40, "RTNH_F_TRAP"),
    ])

    /// RTA_ENCAP_TYPE (linux/lwtunnel.h).
    public static let lwtunnelEncapTypes = Xlat(unknown: "LWTUNNEL_ENCAP_???", [
        (0, "LWTUNNEL_ENCAP_NONE"), (1, "LWTUNNEL_ENCAP_MPLS"), (2, "LWTUNNEL_ENCAP_IP"), (3, "LWTUNNEL_ENCAP_ILA"),
        (4, "LWTUNNEL_ENCAP_IP6"), (5, "LWTUNNEL_ENCAP_SEG6"), (6, "LWTUNNEL_ENCAP_BPF"), (7, "LWTUNNEL_ENCAP_SEG6_LOCAL"),
        (8, "LWTUNNEL_ENCAP_RPL"),
    ])
}
