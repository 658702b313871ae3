// Socket-family tables whose names no header under /usr/include defines: they live in the
// kernel's own headers (not installed by linux-libc-dev) or in headers since removed from
// the kernel. Written by hand from the header named above each table, in the order strace
// 6.1 keeps them (sorted by value unless said otherwise). Every other socket table is
// generated from the installed headers: Generated/SocketTables.swift, scripts/gen-tables.py.

extension Tables {
    /// socket(AF_AX25) protocol (printed as `0xcc /* AX25_P_IP */`).
    /// include/net/ax25.h, the AX25_P_* layer 3 protocol ids.
    public static let ax25Protocols = Xlat(unknown: "AX25_P_???", [
        (0x01, "AX25_P_ROSE"), (0x06, "AX25_P_VJCOMP"), (0x07, "AX25_P_VJUNCOMP"), (0x08, "AX25_P_SEGMENT"),
        (0xc3, "AX25_P_TEXNET"), (0xc4, "AX25_P_LQ"), (0xca, "AX25_P_ATALK"), (0xcb, "AX25_P_ATALK_ARP"),
        (0xcc, "AX25_P_IP"), (0xcd, "AX25_P_ARP"), (0xce, "AX25_P_FLEXNET"), (0xcf, "AX25_P_NETROM"),
        (0xf0, "AX25_P_TEXT"),
    ])

    /// socket(AF_BLUETOOTH) protocol. include/net/bluetooth/bluetooth.h.
    public static let bluetoothProtocols = Xlat(unknown: "BTPROTO_???", [
        (0, "BTPROTO_L2CAP"), (1, "BTPROTO_HCI"), (2, "BTPROTO_SCO"), (3, "BTPROTO_RFCOMM"),
        (4, "BTPROTO_BNEP"), (5, "BTPROTO_CMTP"), (6, "BTPROTO_HIDP"), (7, "BTPROTO_AVDTP"),
    ])

    /// socket(AF_ISDN) protocol. include/linux/mISDNif.h: the D-channel protocols, then the
    /// B-channel ones from ISDN_P_B_START (0x20).
    public static let isdnProtocols = Xlat(unknown: "ISDN_P_???", [
        (0x00, "ISDN_P_BASE"), (0x01, "ISDN_P_TE_S0"), (0x02, "ISDN_P_NT_S0"), (0x03, "ISDN_P_TE_E1"),
        (0x04, "ISDN_P_NT_E1"), (0x10, "ISDN_P_LAPD_TE"), (0x11, "ISDN_P_LAPD_NT"), (0x21, "ISDN_P_B_RAW"),
        (0x22, "ISDN_P_B_HDLC"), (0x23, "ISDN_P_B_X75SLP"), (0x24, "ISDN_P_B_L2DTMF"), (0x25, "ISDN_P_B_L2DSP"),
        (0x26, "ISDN_P_B_L2DSPHDLC"),
    ])

    /// socket(AF_SMC) protocol. net/smc/smc.h.
    public static let smcProtocols = Xlat(unknown: "SMCPROTO_???", [
        (0, "SMCPROTO_SMC"), (1, "SMCPROTO_SMC6"),
    ])

    /// SOL_IRDA option names. include/uapi/linux/irda.h (removed from the kernel in 4.17).
    public static let irdaSocketOptions = Xlat(unknown: "IRLMP_???", [
        (1, "IRLMP_ENUMDEVICES"), (2, "IRLMP_IAS_SET"), (3, "IRLMP_IAS_QUERY"), (4, "IRLMP_HINTS_SET"),
        (5, "IRLMP_QOS_SET"), (6, "IRLMP_QOS_GET"), (7, "IRLMP_MAX_SDU_SIZE"), (8, "IRLMP_IAS_GET"),
        (9, "IRLMP_IAS_DEL"), (10, "IRLMP_HINT_MASK_SET"), (11, "IRLMP_WAITDEVICE"),
    ])

    /// SOL_BLUETOOTH option names. include/net/bluetooth/bluetooth.h.
    public static let bluetoothSocketOptions = Xlat(unknown: "BT_???", [
        (4, "BT_SECURITY"), (7, "BT_DEFER_SETUP"), (8, "BT_FLUSHABLE"), (9, "BT_POWER"),
        (10, "BT_CHANNEL_POLICY"), (11, "BT_VOICE"), (12, "BT_SNDMTU"), (13, "BT_RCVMTU"),
    ])

    /// sockaddr_l2.l2_bdaddr_type. include/net/bluetooth/bluetooth.h.
    public static let bdaddrTypes = Xlat(unknown: "BDADDR_???", [
        (0, "BDADDR_BREDR"), (1, "BDADDR_LE_PUBLIC"), (2, "BDADDR_LE_RANDOM"),
    ])

    /// sockaddr_l2.l2_cid. include/net/bluetooth/l2cap.h (L2CAP_CID_A2MP since removed).
    public static let bluetoothL2Cids = Xlat(unknown: "L2CAP_CID_???", [
        (0x0001, "L2CAP_CID_SIGNALING"), (0x0002, "L2CAP_CID_CONN_LESS"), (0x0003, "L2CAP_CID_A2MP"),
        (0x0004, "L2CAP_CID_ATT"), (0x0005, "L2CAP_CID_LE_SIGNALING"), (0x0006, "L2CAP_CID_SMP"),
        (0x0007, "L2CAP_CID_SMP_BREDR"), (0x0040, "L2CAP_CID_DYN_START"), (0x007f, "L2CAP_CID_LE_DYN_END"),
        (0xffff, "L2CAP_CID_DYN_END"),
    ])

    /// sockaddr_l2.l2_psm. include/net/bluetooth/l2cap.h.
    public static let bluetoothL2Psms = Xlat(unknown: "L2CAP_PSM_???", [
        (0x0001, "L2CAP_PSM_SDP"), (0x0003, "L2CAP_PSM_RFCOMM"), (0x0021, "L2CAP_PSM_3DSP"),
        (0x0023, "L2CAP_PSM_IPSP"), (0x0080, "L2CAP_PSM_LE_DYN_START"), (0x00ff, "L2CAP_PSM_LE_DYN_END"),
        (0x1001, "L2CAP_PSM_DYN_START"), (0x10ff, "L2CAP_PSM_AUTO_END"), (0xffff, "L2CAP_PSM_DYN_END"),
    ])

    /// sockaddr_hci.hci_channel. include/net/bluetooth/hci_sock.h.
    public static let hciChannels = Xlat(unknown: "HCI_CHANNEL_???", [
        (0, "HCI_CHANNEL_RAW"), (1, "HCI_CHANNEL_USER"), (2, "HCI_CHANNEL_MONITOR"), (3, "HCI_CHANNEL_CONTROL"),
        (4, "HCI_CHANNEL_LOGGING"),
    ])

    /// sockaddr_rxrpc.srx_service. fs/afs/afs_cm.h (CM_SERVICE) and fs/afs/protocol_yfs.h
    /// (the YFS_*_SERVICE ids).
    public static let rxrpcServices = Xlat(unknown: "???_SERVICE", [
        (1, "CM_SERVICE"), (2500, "YFS_FS_SERVICE"), (2501, "YFS_CM_SERVICE"), (2503, "YFS_VL_SERVICE"),
    ])

    /// ieee802154_addr_sa.addr_type. include/net/af_ieee802154.h.
    public static let ieee802154AddrTypes = Xlat(unknown: "IEEE802154_ADDR_???", [
        (0, "IEEE802154_ADDR_NONE"), (2, "IEEE802154_ADDR_SHORT"), (3, "IEEE802154_ADDR_LONG"),
    ])

    /// ieee802154_addr_sa.short_addr. include/net/af_ieee802154.h.
    public static let ieee802154Addrs = Xlat(unknown: "", [
        (0xfffe, "IEEE802154_ADDR_UNDEF"), (0xffff, "IEEE802154_ADDR_BROADCAST"),
    ])

    /// ieee802154_addr_sa.pan_id. include/net/af_ieee802154.h.
    public static let ieee802154PanIds = Xlat(unknown: "", [
        (0xffff, "IEEE802154_PANID_BROADCAST"),
    ])

    /// sockaddr_alg salg_feat/salg_mask. include/linux/crypto.h.
    public static let algSockaddrFlags = Xlat(unknown: "CRYPTO_ALG_???", [
        (0x1000, "CRYPTO_ALG_KERN_DRIVER_ONLY"),
    ])

    /// sockaddr_nfc_llcp dsap/ssap. net/nfc/llcp.h.
    public static let nfcSaps = Xlat(unknown: "", [
        (0x01, "LLCP_SAP_SDP"), (0x02, "LLCP_SAP_IP"), (0x03, "LLCP_SAP_OBEX"), (0x04, "LLCP_SAP_SNEP"),
        (0xff, "LLCP_SAP_MAX"),
    ])
}
