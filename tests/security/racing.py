"""Two database connections racing: one holds a transaction open while the other runs into it."""

import threading
import time

from django.db import connection, transaction


def in_thread(target):
    """Run TARGET on its own database connection; the thread and what it returned or raised."""
    result = {}

    def run():
        try:
            result["value"] = target()
        except Exception as error:  # handed back to the test to report
            result["error"] = error
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, result


def while_held(hold, ours, *, waiting="ours should wait for the other transaction"):
    """Run HOLD in a transaction left open on its own connection, start OURS on another, check
    that OURS waits for it, then let HOLD commit. What OURS returned; its error fails the test."""
    held, release = threading.Event(), threading.Event()

    def other():
        with transaction.atomic():
            hold()
            held.set()
            release.wait(30)

    other_thread, _ = in_thread(other)
    assert held.wait(30)
    ours_thread, result = in_thread(ours)
    time.sleep(0.5)
    assert ours_thread.is_alive(), waiting
    release.set()
    other_thread.join(30)
    ours_thread.join(30)
    assert "error" not in result, result.get("error")
    return result["value"]
