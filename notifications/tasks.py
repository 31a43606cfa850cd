from celery import shared_task

from . import services

SEND_CHUNK = 50


@shared_task
def sweep_reminders() -> int:
    """Daily (beat): record what is due, then send it."""
    created = services.reminders_sweep()
    dispatch_reminders()
    return created


@shared_task
def dispatch_reminders() -> int:
    """Every few minutes (beat): queue sending of every sendable row. Rows, not queued tasks,
    are the truth: what a Redis restart lost, or a dead worker left claimed, is queued again."""
    ids = services.reminders_sendable_ids()
    for start in range(0, len(ids), SEND_CHUNK):
        send_reminders.delay(ids[start : start + SEND_CHUNK])
    return len(ids)


@shared_task
def send_reminders(ids: list[int]) -> int:
    return services.reminders_send(ids)
