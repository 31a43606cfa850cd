from celery import shared_task

from . import retention, services


@shared_task(autoretry_for=(OSError,), retry_backoff=30, retry_backoff_max=3600, max_retries=8)
def build_data_export(*, export_id: int) -> None:
    """Build a person's export of their personal data and email the link."""
    services.data_export_build(export_id=export_id)


@shared_task
def apply_retention() -> None:
    """Delete what the privacy page promises to delete (daily, from beat)."""
    retention.retention_apply()
