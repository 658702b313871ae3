/* Socket addresses of every family strace decodes, given to bind(-1, ...) (EBADF: nothing is
 * bound or sent), with full, short and odd lengths, bad pointers and odd contents. (No address
 * that ends in unmapped memory: strace reports those with a `umoven: short read` message in
 * the middle of the line, which sockstep does not print; the fuzzer covers them with -o.)
 * usage: sa_families DIR */
#define _GNU_SOURCE
#include <errno.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static unsigned char buf[256];

static void put16(int at, unsigned v) { buf[at] = v & 0xff; buf[at + 1] = (v >> 8) & 0xff; }
static void put16be(int at, unsigned v) { buf[at] = (v >> 8) & 0xff; buf[at + 1] = v & 0xff; }
static void put32(int at, uint32_t v) { memcpy(buf + at, &v, 4); }
static void put64(int at, uint64_t v) { memcpy(buf + at, &v, 8); }
static void family(unsigned f) { memset(buf, 0, sizeof buf); put16(0, f); }
static void try(int len) { bind(-1, (struct sockaddr *)buf, len); }

/* An AX.25 call sign as the kernel stores it: each character shifted left, then the SSID. */
static void ax25_call(int at, const char *call, int ssid) {
    for (int i = 0; i < 6; i++) buf[at + i] = (unsigned char)((i < (int)strlen(call) ? call[i] : ' ') << 1);
    buf[at + 6] = (unsigned char)(ssid << 1);
}

int main(int argc, char **argv) {
    if (argc != 2) return 2;
    /* lengths and pointers */
    family(AF_INET);
    try(0); try(1); try(2); try(3); try(15); try(-1);
    bind(-1, NULL, 16);
    bind(-1, (struct sockaddr *)1, 16);
    family(0xffff); try(16);
    family(46); memcpy(buf + 2, "raw bytes\1\2\3", 13); try(20);
    family(AF_UNSPEC); try(16);

    /* AF_INET / AF_INET6 */
    family(AF_INET); put16be(2, 8888); buf[4] = 127; buf[7] = 1; try(16); try(128);
    family(AF_INET6); put16be(2, 8888); put32(4, 0x01000000); buf[23] = 1; put32(24, 7);
    try(24); try(25); try(26); try(28);
    family(AF_INET6); buf[8] = 0xfe; buf[9] = 0x80; buf[23] = 1; put32(24, if_nametoindex("lo")); try(28);
    family(AF_INET6); buf[8] = 0xff; buf[9] = 0x02; buf[23] = 1; put32(24, if_nametoindex("lo")); try(28);
    family(AF_INET6); buf[8] = 0xfe; buf[9] = 0x80; put32(24, 12345); try(28);

    /* AF_UNIX: a path, 108 bytes without a NUL, an abstract name, lengths past the path */
    struct sockaddr_un un = {0};
    un.sun_family = AF_UNIX;
    snprintf(un.sun_path, sizeof un.sun_path, "%s/s.sock", argv[1]);
    bind(-1, (struct sockaddr *)&un, sizeof un);
    bind(-1, (struct sockaddr *)&un, 2 + 5);
    family(AF_UNIX); memset(buf + 2, 'x', 108); try(110); try(128);
    family(AF_UNIX); buf[2] = 0; memcpy(buf + 3, "abstract\0name", 13); try(16); try(3); try(2);

    /* AF_NETLINK */
    family(AF_NETLINK); put32(4, 1234); put32(8, 5); try(12);
    family(AF_NETLINK); put16(2, 0xbeef); put32(4, 0); put32(8, 0x80000001); try(12); try(11);

    /* AF_PACKET */
    family(AF_PACKET); put16be(2, 0x0800); put32(4, if_nametoindex("lo")); put16(8, 772); buf[10] = 0; buf[11] = 6;
    memcpy(buf + 12, "\x01\x02\x03\x04\x05\x06", 6); try(20); try(16); try(17);
    family(AF_PACKET); put16be(2, 0x1234); put32(4, 999); put16(8, 0xfffe); buf[10] = 77; buf[11] = 12; try(20); try(24);

    /* AF_AX25 and full_sockaddr_ax25 */
    family(AF_AX25); ax25_call(2, "TEST", 5); put32(12, 0); try(16);
    family(AF_AX25); ax25_call(2, "N0CALL", 12); put32(12, 2); ax25_call(16, "DIGI1", 1); ax25_call(23, "DIGI2", 0);
    try(16 + 14); try(16 + 7); try(72);
    family(AF_AX25); memcpy(buf + 2, "\x41\x43\x2a\x40\x40\x40\x01", 7); try(16);
    family(AF_AX25); memcpy(buf + 2, "\x01\x02\x03\x04\x05\x06\x07", 7); try(16);

    /* AF_X25, AF_IPX */
    family(AF_X25); memcpy(buf + 2, "123456789", 10); try(18);
    family(AF_X25); memcpy(buf + 2, "0123456789abcdef", 16); try(18);
    family(AF_IPX); put16be(2, 5555); put32(4, 0x01000000); memcpy(buf + 8, "\x00\x0a\x0b\x0c\x0d\x00", 6); buf[14] = 4; try(16);
    buf[15] = 9; try(16); try(15);

    /* AF_RXRPC over IPv4 and IPv6 */
    family(AF_RXRPC); put16(2, 1); put16(4, SOCK_DGRAM); put16(6, 16); put16(8, AF_INET); put16be(10, 7001);
    buf[12] = 127; buf[15] = 1; try(36);
    family(AF_RXRPC); put16(2, 2500); put16(4, SOCK_DGRAM); put16(6, 28); put16(8, AF_INET6); buf[31] = 1; try(36);
    family(AF_RXRPC); put16(2, 9); put16(4, 99); put16(6, 6); put16(8, AF_UNIX); memcpy(buf + 10, "abcd", 4); try(36);

    /* AF_IEEE802154: no address, a short one, a long one */
    family(AF_IEEE802154); put32(4, 0); put16(8, 0xffff); try(20);
    family(AF_IEEE802154); put32(4, 2); put16(8, 0x1234); put16(10, 0xfffe); try(20);
    family(AF_IEEE802154); put32(4, 3); put16(8, 0x1234); memcpy(buf + 10, "\x11\x22\x33\x44\x55\x66\x77\x88", 8); try(20);

    /* AF_ALG */
    family(AF_ALG); memcpy(buf + 2, "hash", 4); put32(16, 0x200); put32(20, 0); memcpy(buf + 24, "sha256", 7); try(88);
    family(AF_ALG); memcpy(buf + 2, "skcipherXXXXXX", 14); put32(16, 0x201); put32(20, 0x1); memcpy(buf + 24, "cbc(aes)", 8); try(32);

    /* AF_NFC, short and with an LLCP service */
    family(AF_NFC); put32(4, if_nametoindex("lo")); put32(8, 0x42); put32(12, 2); try(16); try(40);
    family(AF_NFC); put32(4, 7); put32(8, 1); put32(12, 7); buf[16] = 1; buf[17] = 0x21; memcpy(buf + 18, "urn:nfc:sn:snep", 15); put64(88, 15); try(96);

    /* AF_VSOCK, AF_QIPCRTR, AF_XDP, AF_MCTP */
    family(AF_VSOCK); put32(4, 1234); put32(8, 2); buf[12] = 1; try(16);
    family(AF_VSOCK); put16(2, 7); put32(4, 0xffffffff); put32(8, 0xffffffff); buf[12] = 3; buf[14] = 9; try(16);
    family(AF_QIPCRTR); put32(4, 0xffffffff); put32(8, 0xfffffffe); try(12);
    family(AF_QIPCRTR); put32(4, 5); put32(8, 6); try(12);
    family(AF_XDP); put16(2, 1); put32(4, if_nametoindex("lo")); put32(8, 3); put32(12, 5); try(16);
    family(AF_XDP); put16(2, 0x8 | 0x40); put32(4, 0); put32(8, 0); put32(12, 0x77); try(16);
    family(45 /* AF_MCTP */); put32(4, 0); buf[8] = 0xff; buf[9] = 1; buf[10] = 8; try(12);
    family(45); put16(2, 1); put32(4, 3); buf[8] = 9; buf[9] = 0x7e; buf[10] = 0; buf[11] = 2; try(12);

    /* AF_BLUETOOTH by length: HCI, SCO, RFCOMM, L2CAP */
    family(AF_BLUETOOTH); put16(2, 1); put16(4, 1); try(4); try(6);
    family(AF_BLUETOOTH); memcpy(buf + 2, "\x01\x02\x03\x04\x05\x06", 6); buf[8] = 9; try(8); try(10);
    family(AF_BLUETOOTH); put16(2, 1); memcpy(buf + 4, "\xaa\xbb\xcc\xdd\xee\xff", 6); put16(10, 0x40); buf[12] = 2; try(12); try(14);
    family(AF_BLUETOOTH); put16(2, 0x1005); put16(10, 0x45); try(14);
    family(AF_BLUETOOTH); put16(2, 0x85); put16(10, 3); buf[12] = 7; try(14);
    family(AF_BLUETOOTH); put16(2, 2); put16(10, 0x20); try(14); try(7);
    return 0;
}
