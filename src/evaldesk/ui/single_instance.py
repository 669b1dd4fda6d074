"""One window per user: a second `evaldesk FILE.evd` hands its files to the running window and exits.

The running window listens on a QLocalServer whose name is derived from the user; a new launch with
files first tries to connect. If nobody answers (no window, a stale socket, any error) it simply
starts normally: this must never stop evaldesk from starting.
"""
from __future__ import annotations

import os
import sys
import zlib
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from ..storage import paths

TIMEOUT_MS = 500
ANSWER_MS = 10_000  # a window that took the connection answers when its event loop is free: wait for it,
# or the files would open twice (here, and there once it reads them)
ACK = b"ok\n"


def server_name() -> str:
    """One name per user and data folder: a portable copy (EVALDESK_HOME) never talks to the installed one."""
    try:
        user = user_name()
    except Exception:  # no user name set, no passwd entry (a container)
        user = "user"
    key = f"{user}\n{paths.data_dir()}".encode("utf-8")
    # 21 characters, as short as before: the socket's whole path (TMPDIR/name) must fit Unix's 107 bytes.
    # zlib is loaded already; hashlib would cost a library.
    return _fitting(f"evaldesk-{zlib.crc32(key):08x}{zlib.adler32(key) & 0xFFFF:04x}")


def user_name() -> str:
    """getpass.getuser()'s answer, without importing getpass (and termios with it) at every start."""
    for variable in ("LOGNAME", "USER", "LNAME", "USERNAME"):
        if os.environ.get(variable):
            return os.environ[variable]
    import pwd  # not on Windows: ImportError, as getpass.getuser() raises there

    return pwd.getpwuid(os.getuid())[0]


SOCKET_PATH_MAX = 107  # bytes of a Unix socket's path (sockaddr_un's 108, less the closing NUL)


def _fitting(name: str) -> str:
    """The name where Qt's temp folder leaves room for it, else the socket's full path in a shorter folder
    (the user's runtime folder, else /tmp): a deep TMPDIR must not leave the window without a server."""
    if sys.platform == "win32":
        return name
    temp = qt_temp_folder()
    for folder in (temp, os.environ.get("XDG_RUNTIME_DIR", ""), "/tmp"):
        path = os.path.join(folder, name)
        if folder and os.path.isdir(folder) and len(os.fsencode(path)) <= SOCKET_PATH_MAX:
            return name if folder == temp else path
    return name  # nowhere fits: listen fails and the window runs alone, as it always may


def qt_temp_folder() -> str:
    """QDir.tempPath() on Linux, where a QLocalServer given a bare name puts its socket: TMPDIR (else /tmp), made
    absolute and clean as Qt 6 does, symbolic links kept. Worked out here, as the start asks it before its first
    screen, and QDir's class and enum types cost 3.6 M instructions of it (test_startup checks it against
    QDir's answer). Elsewhere (macOS) Qt's own answer."""
    if not sys.platform.startswith("linux"):
        from PySide6.QtCore import QDir

        return QDir.tempPath()
    return "/" + os.path.abspath(os.environ.get("TMPDIR") or "/tmp").lstrip("/")


def nobody_listens(name: str) -> bool:
    """True when no window can be listening: on Linux and macOS a listening QLocalServer is a socket file in
    Qt's temp folder (or at the full path `name` gives), so without that file there is nobody to ask (and
    QtNetwork need not be loaded to ask). On Windows (named pipes) always False: ask."""
    if sys.platform == "win32":
        return False
    return not os.path.exists(os.path.join(qt_temp_folder(), name))


def hand_over(paths: list[Path], name: str | None = None) -> bool:
    """True when a running window took the files; then this launch should exit."""
    name = name or server_name()
    if nobody_listens(name):
        return False
    from PySide6.QtNetwork import QLocalSocket

    socket = QLocalSocket()
    socket.connectToServer(name)
    if not socket.waitForConnected(TIMEOUT_MS):
        return False
    payload = "\n".join(str(Path(p).resolve()) for p in paths).encode("utf-8") + b"\n\n"
    socket.write(payload)
    socket.flush()
    socket.waitForBytesWritten(TIMEOUT_MS)  # False when flush() already wrote it all: not a failure
    answer = bytes(socket.readAll()) if socket.waitForReadyRead(ANSWER_MS) else b""
    socket.disconnectFromServer()
    return answer.startswith(ACK)


def _answers(name: str) -> bool:
    from PySide6.QtNetwork import QLocalSocket

    socket = QLocalSocket()
    socket.connectToServer(name)
    answered = socket.waitForConnected(TIMEOUT_MS)
    socket.abort()
    return answered


class InstanceServer(QObject):
    files_received = Signal(list)

    def __init__(self, name: str | None = None, parent: QObject | None = None) -> None:
        from PySide6.QtNetwork import QLocalServer

        super().__init__(parent)
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.UserAccessOption)
        self.name = name or server_name()
        self.listening = self.server.listen(self.name)
        if not self.listening and not _answers(self.name):
            # A socket left by a crashed window: remove it and try once more; else run without.
            QLocalServer.removeServer(self.name)
            self.listening = self.server.listen(self.name)
        self.server.newConnection.connect(self._connection)

    def _connection(self) -> None:
        socket = self.server.nextPendingConnection()
        if socket is None:
            return
        socket.buffer = b""
        socket.readyRead.connect(lambda s=socket: self._read(s))

    def _read(self, socket) -> None:
        socket.buffer += bytes(socket.readAll())
        if not socket.buffer.endswith(b"\n\n"):
            return
        paths = [Path(line) for line in socket.buffer.decode("utf-8", "replace").splitlines() if line.strip()]
        socket.write(ACK)
        socket.flush()
        socket.disconnected.connect(socket.deleteLater)
        self.files_received.emit(paths)
