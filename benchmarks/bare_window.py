"""The start-up floor: a bare PySide6 window with a 100×8 table, reporting when its first paint is done, as
evaldesk does.

Prints `ready_at=<epoch seconds> cpu=<processor seconds so far>` once the window's first paint is on screen
(the table drawn), then quits (at once, as evaldesk does, with EVALDESK_BENCH=ready: run.py counting
instructions). form_floor.py reports through the same Window.
"""
import os
import time

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QTableWidget, QTableWidgetItem


class Window(QMainWindow):
    painted = False

    def paintEvent(self, event) -> None:  # the table paints after the window, in the same pass
        super().paintEvent(event)
        if not self.painted:
            self.painted = True
            QTimer.singleShot(0, report)


def report() -> None:
    print(f"ready_at={time.time():.4f} cpu={time.process_time():.4f}", flush=True)
    if os.environ.get("EVALDESK_BENCH") == "ready":
        os._exit(0)
    QApplication.instance().exit(0)


def main() -> None:
    app = QApplication([])
    window = Window()
    table = QTableWidget(100, 8)
    for row in range(100):
        for column in range(8):
            table.setItem(row, column, QTableWidgetItem(f"{row}.{column}"))
    window.setCentralWidget(table)
    window.resize(1280, 860)
    window.show()
    app.exec()


if __name__ == "__main__":
    main()
