"""The start-up floor: a bare PySide6 window with a 100×8 table, reporting when it is shown, as evaldesk does.

Prints `ready_at=<epoch seconds> cpu=<processor seconds so far>` once the window has been shown and its first
events processed, then quits.
"""
import time

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QTableWidget, QTableWidgetItem

app = QApplication([])
window = QMainWindow()
table = QTableWidget(100, 8)
for row in range(100):
    for column in range(8):
        table.setItem(row, column, QTableWidgetItem(f"{row}.{column}"))
window.setCentralWidget(table)
window.resize(1280, 860)
window.show()


def report() -> None:
    print(f"ready_at={time.time():.4f} cpu={time.process_time():.4f}", flush=True)
    app.exit(0)


QTimer.singleShot(0, report)
app.exec()
