"""The raw lesson's pinger: sends an ICMP echo request to 127.0.0.1 on a raw socket and reads
the first two packets that come back (its own request, seen on loopback, then the reply).
Needs CAP_NET_RAW (run it as root); without it socket() fails with EPERM. Arguments are
ignored: ICMP has no ports.

    sudo python3 pinger.py
"""
import socket
import struct
import sys


def checksum(data):
    """The Internet checksum: the ones' complement of the ones' complement sum of 16-bit words."""
    total = sum(struct.unpack(f"!{len(data) // 2}H", data))
    while total > 0xFFFF:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def main():
    # step: socket
    sock = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)
    # end: socket

    # step: sendto
    # An ICMP echo request: type 8, code 0, checksum, identifier, sequence number, payload.
    # ping puts its process id in the identifier; a fixed one keeps every run's bytes equal.
    payload = b"sockstep"
    header = struct.pack("!BBHHH", 8, 0, 0, 0x5353, 1)
    header = struct.pack("!BBHHH", 8, 0, checksum(header + payload), 0x5353, 1)
    sock.sendto(header + payload, ("127.0.0.1", 0))
    # end: sendto

    # step: recvfrom-request
    data, peer = sock.recvfrom(4096)
    # end: recvfrom-request

    header_len = (data[0] & 0x0F) * 4  # 20: the IPv4 header comes first
    print(f"received: {len(data)} bytes, ICMP type {data[header_len]}")  # 8: an echo request

    # step: recvfrom-reply
    data, peer = sock.recvfrom(4096)
    # end: recvfrom-reply

    header_len = (data[0] & 0x0F) * 4
    print(f"received: {len(data)} bytes, ICMP type {data[header_len]}")  # 0: an echo reply

    sock.close()


if __name__ == "__main__":
    try:
        main()
    except OSError as error:
        sys.exit(f"pinger: {error}")
