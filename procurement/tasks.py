from celery import shared_task

from .services import packages


@shared_task(soft_time_limit=120, time_limit=180)
def render_package_documents(package_id: int) -> list[int]:
    return [d.pk for d in packages.package_documents_render(package_id=package_id)]
