"""TCP echo in one Python process: create_server, create_connection, sendall, recv.
usage: py_echo.py PORT"""
import socket
import sys

port = int(sys.argv[1])
server = socket.create_server(("127.0.0.1", port))
client = socket.create_connection(("127.0.0.1", port))
conn, peer = server.accept()
client.sendall(b"echo me, please\n")
data = conn.recv(1024)
conn.sendall(data)
assert client.recv(1024) == data
client.shutdown(socket.SHUT_WR)
assert conn.recv(1024) == b""
conn.close()
client.close()
server.close()
