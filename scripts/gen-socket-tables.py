#!/usr/bin/python3
"""Generate the constant tables of sockstep's socket decoders (issue 12).

What strace 6.1 prints for a socket constant depends on which names its own tables hold, in
which order (flags print in table order) and under which "unknown" text. So the name/value
pairs are read from the tables built into the installed strace 6.1 (the tests' oracle), and
every value whose name the kernel headers under /usr/include define as a plain number is
checked against the header: a disagreement stops the script.

Writes Sources/Decoding/Tables/SocketGenerated.swift.

Usage:
  /usr/bin/python3 scripts/gen-socket-tables.py            write the file
  /usr/bin/python3 scripts/gen-socket-tables.py --check    exit 1 if the file is out of date
  /usr/bin/python3 scripts/gen-socket-tables.py --list     print every table found in strace

How the tables are found: strace 6.1 keeps each constant set as an array of
{uint64 value; const char *name} entries, described by a header
{entries *, uint64 string size, uint32 count, uint32 kind, ...} in .data.rel.ro; in the
position-independent binary every pointer is a R_X86_64_RELATIVE relocation. A table is
selected below by its first name and its size. Standard library only.
"""

import glob
import os
import re
import struct
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "Sources", "Decoding", "Tables", "SocketGenerated.swift")
STRACE = "/usr/bin/strace"

# (Swift name, first name in strace's table, table size, unknown text, what it is)
TABLES = [
    # socket(2)'s protocol by family
    ("ax25Protocols", "AX25_P_ROSE", 13, "AX25_P_???", "socket(AF_AX25) protocol (printed as `0xcc /* AX25_P_IP */`)"),
    ("canProtocols", "CAN_RAW", 8, "CAN_???", "socket(AF_CAN) protocol (AF_IRDA uses it too, with IRDAPROTO_???)"),
    ("bluetoothProtocols", "BTPROTO_L2CAP", 8, "BTPROTO_???", "socket(AF_BLUETOOTH) protocol"),
    ("isdnProtocols", "ISDN_P_BASE", 13, "ISDN_P_???", "socket(AF_ISDN) protocol"),
    ("phonetProtocols", "PN_PROTO_TRANSPORT", 3, "PN_PROTO_???", "socket(AF_PHONET) protocol"),
    ("caifProtocols", "CAIFPROTO_AT", 6, "CAIFPROTO_???", "socket(AF_CAIF) protocol"),
    ("nfcProtocols", "NFC_SOCKPROTO_RAW", 2, "NFC_SOCKPROTO_???", "socket(AF_NFC) protocol"),
    ("kcmProtocols", "KCMPROTO_CONNECTED", 1, "KCMPROTO_???", "socket(AF_KCM) protocol"),
    ("smcProtocols", "SMCPROTO_SMC", 2, "SMCPROTO_???", "socket(AF_SMC) protocol"),
    # option names by level
    ("ipxSocketOptions", "IPX_TYPE", 1, "IPX_???", "SOL_IPX option names"),
    ("ax25SocketOptions", "AX25_WINDOW", 12, "AX25_???", "SOL_AX25 option names"),
    ("sctpSocketOptions", "SCTP_RTOINFO", 72, "SCTP_???", "SOL_SCTP option names"),
    ("canRawSocketOptions", "CAN_RAW_FILTER", 7, "CAN_RAW_???", "SOL_CAN_RAW option names"),
    ("irdaSocketOptions", "IRLMP_ENUMDEVICES", 12, "IRLMP_???", "SOL_IRDA option names"),
    ("llcSocketOptions", "LLC_OPT_UNKNOWN", 10, "LLC_OPT_???", "SOL_LLC option names"),
    ("dccpSocketOptions", "DCCP_SOCKOPT_PACKET_SIZE", 16, "DCCP_SOCKOPT_???", "SOL_DCCP option names"),
    ("tipcSocketOptions", "TIPC_IMPORTANCE", 12, "TIPC_???", "SOL_TIPC option names"),
    ("rxrpcSocketOptions", "RXRPC_SECURITY_KEY", 7, "RXRPC_???", "SOL_RXRPC option names"),
    ("pppol2tpSocketOptions", "PPPOL2TP_SO_DEBUG", 6, "PPPOL2TP_SO_???", "SOL_PPPOL2TP option names"),
    ("bluetoothSocketOptions", "BT_SECURITY", 8, "BT_???", "SOL_BLUETOOTH option names"),
    ("pnpipeSocketOptions", "PNPIPE_ENCAP", 5, "PNPIPE_???", "SOL_PNPIPE option names"),
    ("rdsSocketOptions", "RDS_CANCEL_SENT_TO", 21, "RDS_???", "SOL_RDS option names"),
    ("iucvSocketOptions", "SO_IPRMDATA_MSG", 3, "SO_???", "SOL_IUCV option names"),
    ("caifSocketOptions", "CAIFSO_LINK_SELECT", 3, "CAIFSO_???", "SOL_CAIF option names"),
    ("algSocketOptions", "ALG_SET_KEY", 7, "ALG_???", "SOL_ALG option names"),
    ("nfcLlcpSocketOptions", "NFC_LLCP_RW", 5, "NFC_LLCP_???", "SOL_NFC option names"),
    ("kcmSocketOptions", "KCM_RECV_DISABLE", 1, "KCM_???", "SOL_KCM option names"),
    ("tlsSocketOptions", "TLS_TX", 3, "TLS_???", "SOL_TLS option names"),
    ("xdpSocketOptions", "XDP_MMAP_OFFSETS", 9, "XDP_???", "SOL_XDP option names"),
    # option values
    ("icmpFilterFlags", "ICMP_ECHOREPLY", 19, "ICMP_???", "ICMP_FILTER's bits, printed as ~(...)"),
    ("packetMreqTypes", "PACKET_MR_MULTICAST", 4, "PACKET_MR_???", "packet_mreq.mr_type"),
    # socket addresses
    ("arpHardwareTypes", "ARPHRD_NETROM", 67, "ARPHRD_???", "sockaddr_ll.sll_hatype"),
    ("packetTypes", "PACKET_HOST", 8, "PACKET_???", "sockaddr_ll.sll_pkttype"),
    ("bdaddrTypes", "BDADDR_BREDR", 3, "BDADDR_???", "sockaddr_l2.l2_bdaddr_type"),
    ("bluetoothL2Cids", "L2CAP_CID_SIGNALING", 10, "L2CAP_CID_???", "sockaddr_l2.l2_cid"),
    ("bluetoothL2Psms", "L2CAP_PSM_SDP", 9, "L2CAP_PSM_???", "sockaddr_l2.l2_psm"),
    ("hciChannels", "HCI_CHANNEL_RAW", 5, "HCI_CHANNEL_???", "sockaddr_hci.hci_channel"),
    ("rxrpcServices", "CM_SERVICE", 4, "???_SERVICE", "sockaddr_rxrpc.srx_service"),
    ("ieee802154AddrTypes", "IEEE802154_ADDR_NONE", 4, "IEEE802154_ADDR_???", "ieee802154_addr_sa.addr_type"),
    ("ieee802154Addrs", "IEEE802154_ADDR_UNDEF", 2, "", "ieee802154_addr_sa.short_addr"),
    ("ieee802154PanIds", "IEEE802154_PANID_BROADCAST", 1, "", "ieee802154_addr_sa.pan_id"),
    ("algSockaddrFlags", "CRYPTO_ALG_KERN_DRIVER_ONLY", 1, "CRYPTO_ALG_???", "sockaddr_alg salg_feat/salg_mask"),
    ("nfcSaps", "LLCP_SAP_SDP", 5, "", "sockaddr_nfc_llcp dsap/ssap"),
    ("nfcSockaddrProtocols", "NFC_PROTO_JEWEL", 8, "NFC_PROTO_???", "sockaddr_nfc.nfc_protocol"),
    ("vsockCids", "VMADDR_CID_HYPERVISOR", 4, "", "sockaddr_vm.svm_cid"),
    ("vsockFlags", "VMADDR_FLAG_TO_HOST", 1, "VMADDR_FLAG_???", "sockaddr_vm.svm_flags"),
    ("vsockPorts", "VMADDR_PORT_ANY", 1, "", "sockaddr_vm.svm_port"),
    ("qipcrtrNodes", "QRTR_NODE_BCAST", 1, "", "sockaddr_qrtr.sq_node"),
    ("qipcrtrPorts", "QRTR_PORT_CTRL", 1, "", "sockaddr_qrtr.sq_port"),
    ("xdpSockaddrFlags", "XDP_SHARED_UMEM", 4, "XDP_???", "sockaddr_xdp.sxdp_flags"),
    ("mctpAddrs", "MCTP_ADDR_NULL", 2, "", "sockaddr_mctp.smctp_addr"),
    ("mctpNets", "MCTP_NET_ANY", 1, "", "sockaddr_mctp.smctp_network"),
    # control messages
    ("scmValues", "SCM_RIGHTS", 13, "SCM_???", "cmsg_type at SOL_SOCKET"),
    ("ipCmsgTypes", "IP_TOS", 9, "IP_???", "cmsg_type at SOL_IP"),
    # netlink
    ("netlinkTypes", "NLMSG_NOOP", 5, "NLMSG_???", "nlmsg_type below NLMSG_MIN_TYPE"),
    ("netlinkFlags", "NLM_F_REQUEST", 6, "NLM_F_???", "nlmsg_flags, every message"),
    ("netlinkGetFlags", "NLM_F_DUMP", 4, "NLM_F_???", "nlmsg_flags of a GET request"),
    ("netlinkNewFlags", "NLM_F_REPLACE", 4, "NLM_F_???", "nlmsg_flags of a NEW request"),
    ("netlinkDeleteFlags", "NLM_F_NONREC", 2, "NLM_F_???", "nlmsg_flags of a DEL request"),
    ("netlinkAckFlags", "NLM_F_CAPPED", 2, "NLM_F_???", "nlmsg_flags of NLMSG_ERROR"),
    ("sockDiagTypes", "TCPDIAG_GETSOCK", 4, "SOCK_DIAG_???", "nlmsg_type on NETLINK_SOCK_DIAG"),
    ("nlmsgerrAttrs", "NLMSGERR_ATTR_UNUSED", 7, "NLMSGERR_ATTR_???", "attributes after NLMSG_ERROR"),
    ("tcpStates", "TCP_ESTABLISHED", 13, "TCP_???", "socket states (sock_diag)"),
    ("tcpStateFlags", "1<<TCP_ESTABLISHED", 12, "1<<TCP_???", "state masks (sock_diag)"),
    ("unixDiagShow", "UDIAG_SHOW_NAME", 7, "UDIAG_SHOW_???", "unix_diag_req.udiag_show"),
    ("unixDiagAttrs", "UNIX_DIAG_NAME", 8, "UNIX_DIAG_???", "unix_diag_msg attributes"),
    ("inetDiagExtendedFlags", "1<<(INET_DIAG_MEMINFO-1)", 22, "1<<INET_DIAG_???-1", "inet_diag_req idiag_ext"),
    ("inetDiagAttrs", "INET_DIAG_NONE", 23, "INET_DIAG_???", "inet_diag_msg attributes"),
    ("inetDiagRequestAttrs", "INET_DIAG_REQ_NONE", 4, "INET_DIAG_REQ_???", "inet_diag_req attributes"),
    ("inetDiagBytecodes", "INET_DIAG_BC_NOP", 14, "INET_DIAG_BC_???", "inet_diag bytecode ops"),
    ("inetDiagShutdownFlags", "RCV_SHUTDOWN", 2, "???_SHUTDOWN", "INET_DIAG_SHUTDOWN's bits"),
    ("skMeminfoIndices", "SK_MEMINFO_RMEM_ALLOC", 9, "SK_MEMINFO_???", "indices of a socket's memory counters"),
    ("netlinkRouteTypes", "RTM_NEWLINK", 67, "RTM_???", "nlmsg_type on NETLINK_ROUTE"),
    ("ifaddrFlags", "IFA_F_SECONDARY", 12, "IFA_F_???", "ifaddrmsg.ifa_flags, IFA_FLAGS"),
    ("routingScopes", "RT_SCOPE_UNIVERSE", 5, "", "ifaddrmsg.ifa_scope"),
    ("ifaddrAttrs", "IFA_UNSPEC", 12, "IFA_???", "ifaddrmsg attributes"),
]

HEADER = "// Generated by scripts/gen-socket-tables.py from strace 6.1's own tables, values checked\n" \
         "// against the kernel headers; do not edit.\n"


# ---------------------------------------------------------------------------------------
# Reading the tables out of the strace binary.

def sections(blob):
    shoff, = struct.unpack_from("<Q", blob, 0x28)
    shentsize, shnum, shstrndx = struct.unpack_from("<HHH", blob, 0x3A)
    raw = []
    for i in range(shnum):
        name, kind, _flags, addr, offset, size = struct.unpack_from("<IIQQQQ", blob, shoff + i * shentsize)
        raw.append((name, kind, addr, offset, size))
    names_at = raw[shstrndx][3]
    out = {}
    for name, kind, addr, offset, size in raw:
        start = names_at + name
        out[blob[start:blob.index(b"\0", start)].decode()] = (addr, offset, size)
    return out


def strace_tables(path):
    """[(first name, size, kind, [(value, name)])] for every table in the binary. The size
    of an indexed table (kind 2) counts its gaps."""
    with open(path, "rb") as f:
        blob = f.read()
    secs = sections(blob)
    rela_addr, rela_off, rela_size = secs[".rela.dyn"]
    relocs = {}
    for k in range(rela_size // 24):
        where, info, addend = struct.unpack_from("<QQq", blob, rela_off + 24 * k)
        if info & 0xFFFFFFFF == 8:      # R_X86_64_RELATIVE
            relocs[where] = addend
    ro_addr, ro_off, ro_size = secs[".rodata"]

    def string_at(va):
        if not ro_addr <= va < ro_addr + ro_size:
            return None
        start = ro_off + va - ro_addr
        text = blob[start:blob.index(b"\0", start)]
        if not text or any(c < 0x20 or c > 0x7E for c in text):
            return None
        return text.decode()

    d_addr, d_off, d_size = secs[".data.rel.ro"]

    def u64(va):
        return struct.unpack_from("<Q", blob, d_off + va - d_addr)[0]

    found = []
    for where, target in sorted(relocs.items()):
        if not (d_addr <= where < d_addr + d_size - 24 and d_addr <= target < d_addr + d_size):
            continue
        count, kind = struct.unpack_from("<II", blob, d_off + where + 16 - d_addr)
        if count == 0 or count > 5000 or kind > 4 or target + 16 * count > d_addr + d_size:
            continue
        entries = []
        ok = True
        for i in range(count):
            va = target + 16 * i
            name = string_at(relocs[va + 8]) if (va + 8) in relocs else None
            if name is None:
                if u64(va + 8) != 0 or (va + 8) in relocs:
                    ok = False
                    break
                continue                      # a gap of an indexed table
            entries.append((u64(va), name))
        if ok and entries:
            found.append((entries[0][1], count, kind, entries))
    return found


# ---------------------------------------------------------------------------------------
# Checking values against the kernel headers.

def parse_int(text):
    """C integer literal: 0x hex, 0 octal, decimal."""
    if text.lower().startswith("0x"):
        return int(text, 16)
    if len(text) > 1 and text.startswith("0"):
        return int(text, 8)
    return int(text)


def header_values():
    """{NAME: int} for every `#define NAME <integer>` and `NAME = <integer>` in the headers."""
    values = {}
    conflicts = set()
    paths = glob.glob("/usr/include/linux/**/*.h", recursive=True)
    paths += glob.glob("/usr/include/x86_64-linux-gnu/asm/*.h") + glob.glob("/usr/include/asm-generic/*.h")
    for path in sorted(paths):
        try:
            with open(path, encoding="utf-8", errors="replace") as f:
                text = re.sub(r"/\*.*?\*/", " ", f.read(), flags=re.S)
        except OSError:
            continue
        for m in re.finditer(r"^\s*#\s*define\s+(\w+)\s+\(?\s*(0x[0-9a-fA-F]+|\d+)[uUlL]*\s*\)?\s*$", text, re.M):
            name, value = m.group(1), parse_int(m.group(2))
            if name in values and values[name] != value:
                conflicts.add(name)
            values.setdefault(name, value)
        for m in re.finditer(r"^\s*(\w+)\s*=\s*(0x[0-9a-fA-F]+|\d+)\s*,", text, re.M):
            name, value = m.group(1), parse_int(m.group(2))
            if name in values and values[name] != value:
                conflicts.add(name)
            values.setdefault(name, value)
    for name in conflicts:
        values.pop(name, None)
    return values


def swift_string(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def render(selected):
    lines = [HEADER, "extension Tables {"]
    for swift_name, unknown, what, entries in selected:
        lines.append("    /// %s." % what)
        lines.append("    public static let %s = Xlat(unknown: %s, [" % (swift_name, swift_string(unknown)))
        for value, name in entries:
            lines.append("        (%s, %s)," % (hex(value), swift_string(name)))
        lines.append("    ])")
        lines.append("")
    lines[-1] = "}"
    return "\n".join(lines) + "\n"


def main():
    args = sys.argv[1:]
    tables = strace_tables(STRACE)
    if "--list" in args:
        for first, count, kind, entries in tables:
            print("%-40s size %-4d kind %d" % (first, count, kind))
        return 0
    checked = header_values()
    selected = []
    problems = []
    for swift_name, first, size, unknown, what in TABLES:
        matches = [t for t in tables if t[0] == first and t[1] == size]
        if len(matches) > 1 and all(t[3] == matches[0][3] for t in matches):
            matches = matches[:1]          # the same table, built into two files of strace
        if len(matches) != 1:
            problems.append("%s: %d tables of strace start with %s and hold %d entries" % (swift_name, len(matches), first, size))
            continue
        entries = matches[0][3]
        for value, name in entries:
            if name in checked and checked[name] != value:
                problems.append("%s: strace has %s = %#x, the headers %#x" % (swift_name, name, value, checked[name]))
        selected.append((swift_name, unknown, what, entries))
    if problems:
        for p in problems:
            print("gen-socket-tables: " + p, file=sys.stderr)
        return 1
    text = render(selected)
    if "--check" in args:
        with open(OUT, encoding="utf-8") as f:
            if f.read() != text:
                print("gen-socket-tables: %s is out of date" % OUT, file=sys.stderr)
                return 1
        return 0
    with open(OUT, "w", encoding="utf-8") as f:
        f.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
