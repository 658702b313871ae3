"""The acceptqueue lesson's client: connects three sockets to 127.0.0.1:PORT, one after the
other, while the server is busy. The first two connect at once (the kernel queues them for the
server); the third waits until the server's accept makes room in the queue.

    python3 client.py 8888
"""
import socket
import sys


def main(port):
    # step: connect
    streams = []
    for _ in range(3):
        stream = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        streams.append(stream)
        stream.connect(("127.0.0.1", port))
    # end: connect

    print("3 connections")
    for stream in streams:
        stream.close()


if __name__ == "__main__":
    if len(sys.argv) != 2 or not sys.argv[1].isdigit() or not 0 < int(sys.argv[1]) < 65536:
        print("usage: client.py PORT", file=sys.stderr)
        sys.exit(2)
    try:
        main(int(sys.argv[1]))
    except OSError as error:
        sys.exit(f"client: {error}")
