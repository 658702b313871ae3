"""The udp lesson's server: binds 127.0.0.1:PORT, waits for one datagram and answers its
sender with "hello back!".

    python3 server.py 8888
"""
import socket
import sys


def main(port):
    # step: socket
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    # end: socket

    # step: bind
    sock.bind(("127.0.0.1", port))
    # end: bind

    # step: recvfrom
    data, peer = sock.recvfrom(4096)
    # end: recvfrom

    # step: sendto
    sock.sendto(b"hello back!", peer)
    # end: sendto

    sock.close()


if __name__ == "__main__":
    if len(sys.argv) != 2 or not sys.argv[1].isdigit() or not 0 < int(sys.argv[1]) < 65536:
        print("usage: server.py PORT", file=sys.stderr)
        sys.exit(2)
    try:
        main(int(sys.argv[1]))
    except OSError as error:
        sys.exit(f"server: {error}")
