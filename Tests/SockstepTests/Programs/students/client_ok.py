"""A student's TCP client in Python, done right: reads until the server closes."""
import socket
import sys

port = int(sys.argv[1])
with socket.create_connection(("127.0.0.1", port)) as stream:
    data = b""
    while chunk := stream.recv(1024):
        data += chunk
print(data.decode())
