"""The udp lesson's client: sends "hello!" to 127.0.0.1:PORT and prints the answer.

    python3 client.py 8888
"""
import socket
import sys


def main(port):
    # step: socket
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    # end: socket

    # step: sendto
    sock.sendto(b"hello!", ("127.0.0.1", port))
    # end: sendto

    # step: recvfrom
    data, peer = sock.recvfrom(4096)
    # end: recvfrom

    print("received:", data.decode())
    sock.close()


if __name__ == "__main__":
    if len(sys.argv) != 2 or not sys.argv[1].isdigit() or not 0 < int(sys.argv[1]) < 65536:
        print("usage: client.py PORT", file=sys.stderr)
        sys.exit(2)
    try:
        main(int(sys.argv[1]))
    except OSError as error:
        sys.exit(f"client: {error}")
