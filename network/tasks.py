from celery import shared_task

from . import services


@shared_task(soft_time_limit=120, time_limit=180)
def render_handbook(language: str) -> int | None:
    render = services.handbook_render(language=language)
    return render.pk if render else None


@shared_task(soft_time_limit=60, time_limit=90)
def extract_resource_text(resource_id: int) -> None:
    from .services.resources import resource_extract_text

    resource_extract_text(resource_id=resource_id)


@shared_task(soft_time_limit=300, time_limit=360)
def import_monitoring_feeds() -> int:
    """Fetch the active monitoring feeds; new entries wait as drafts for staff."""
    return services.monitoring_import_all()
