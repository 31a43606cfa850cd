from celery import shared_task
from django.conf import settings
from django.core import management

from . import emails


@shared_task(
    autoretry_for=(OSError,),
    retry_backoff=30,
    retry_backoff_max=3600,
    max_retries=8,
)
def send_contact_message(*, name: str, email: str, organisation: str, message: str) -> None:
    """Forward a message from the contact page to Fairtrade Sverige's inbox."""
    emails.send(
        "contact-message",
        [settings.STAFF_EMAIL],
        {"name": name, "email": email, "organisation": organisation, "message": message},
        reply_to=[email],
    )


@shared_task
def clear_expired_sessions() -> None:
    management.call_command("clearsessions")
