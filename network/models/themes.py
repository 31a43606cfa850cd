"""The themes good examples and monitoring items are sorted by: what a coordinator works on."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Theme(models.TextChoices):
    PROCUREMENT = "procurement", _("Public procurement")
    POLITICS = "politics", _("Political decisions")
    SCHOOLS = "schools", _("Schools and young people")
    CAMPAIGNS = "campaigns", _("Events and campaigns")
    COMMUNICATION = "communication", _("Communication")
    LOCAL_GROUP = "local_group", _("Local group and partners")
    WORKPLACES = "workplaces", _("Workplaces and business")
    HUMAN_RIGHTS = "human_rights", _("Human rights in supply chains")
