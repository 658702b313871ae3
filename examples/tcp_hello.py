"""The course slides' exchange in one process: a server on 127.0.0.1, a client that connects,
the server writes "hello!", the client reads it.

    sockstep trace -e trace=%network -- /usr/bin/python3 examples/tcp_hello.py [PORT]

PORT defaults to 8888, as in the slides; pass another one if 8888 is taken.
"""
import socket
import sys

port = int(sys.argv[1]) if len(sys.argv) > 1 else 8888

listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
listener.bind(("127.0.0.1", port))
listener.listen(128)

client = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
client.connect(("127.0.0.1", port))

stream, peer = listener.accept()
stream.sendall(b"hello!")
print(client.recv(4096).decode())

stream.close()
client.close()
listener.close()
