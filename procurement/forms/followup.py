"""Forms of contracts and supplier follow-up. A date outside the contract period or a wrong
organisation number is a field error in the reader's language; nothing is saved."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from diplomas.forms import AttachmentField

from ..models import (
    Category,
    Contract,
    Deviation,
    Package,
    Requirement,
    SharedFollowUp,
    Step,
    StepResult,
)


def _date_input():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _outside(contract: Contract, day: dt.date | None) -> bool:
    return day is not None and not (contract.starts_on <= day <= contract.ends_on)


def _outside_message(contract: Contract) -> str:
    return _("Choose a date within the contract period, %(start)s – %(end)s.") % {
        "start": contract.starts_on.isoformat(),
        "end": contract.ends_on.isoformat(),
    }


class ContractForm(forms.ModelForm):
    class Meta:
        model = Contract
        fields = [
            "supplier_name",
            "supplier_number",
            "category",
            "package",
            "starts_on",
            "ends_on",
            "value_band",
            "contact_name",
            "contact_email",
            "contact_phone",
        ]
        widgets = {"starts_on": _date_input(), "ends_on": _date_input()}

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["package"].queryset = Package.objects.filter(
            organisation=organisation
        ).order_by("name")
        self.fields["package"].help_text = _("One of your organisation's requirement packages.")
        self.fields["package"].label_from_instance = lambda package: package.name
        self.fields["category"].queryset = Category.objects.filter(published=True).order_by(
            "number", "name_sv"
        )
        self.fields["supplier_number"].widget.attrs.update(
            {"inputmode": "numeric", "autocomplete": "off", "placeholder": "556677-8899"}
        )

    def clean_supplier_number(self):
        # A number typed without the hyphen is accepted and stored with it.
        value = self.cleaned_data["supplier_number"].strip().replace(" ", "")
        if len(value) == 10 and value.isdigit():
            value = f"{value[:6]}-{value[6:]}"
        from ..models.followup import validate_organisation_number

        validate_organisation_number(value)
        return value

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The contract cannot end before it starts."))
        elif starts and ends and self.instance.pk:
            # A changed period must still hold the steps already planned.
            outside = self.instance.steps.exclude(planned_on__range=(starts, ends))
            if outside.exists():
                self.add_error(
                    "ends_on" if "ends_on" in self.changed_data else "starts_on",
                    _("Steps of the follow-up are planned outside this period: move them first."),
                )
        number = data.get("supplier_number")
        if (
            self.instance.pk
            and number
            and number != self.instance.supplier_number
            and (
                self.instance.covered_by_id
                or SharedFollowUp.objects.filter(contract=self.instance).exists()
            )
        ):
            self.add_error(
                "supplier_number",
                _("The follow-up of this supplier is shared: its organisation number stays."),
            )
        return data


class StepForm(forms.ModelForm):
    document = AttachmentField(label=_("Add a document"))

    class Meta:
        model = Step
        fields = ["kind", "planned_on", "responsible", "result", "done_on", "summary"]
        widgets = {"planned_on": _date_input(), "done_on": _date_input()}

    def __init__(self, *args, contract: Contract, responsible, **kwargs):
        super().__init__(*args, **kwargs)
        self.contract = contract
        self.fields["responsible"].queryset = responsible
        self.fields["responsible"].help_text = _("A member of your organisation.")
        self.fields["result"].required = False
        self.fields["done_on"].help_text = _("Needed with a result.")

    def clean_planned_on(self):
        day = self.cleaned_data["planned_on"]
        if _outside(self.contract, day):
            raise forms.ValidationError(_outside_message(self.contract))
        return day

    def clean_done_on(self):
        day = self.cleaned_data.get("done_on")
        if day and day > dt.date.today():
            raise forms.ValidationError(_("A step cannot be done in the future."))
        if _outside(self.contract, day):
            raise forms.ValidationError(_outside_message(self.contract))
        return day

    def clean(self):
        data = super().clean()
        result, done_on = data.get("result"), data.get("done_on")
        if result and not done_on and "done_on" not in self.errors:
            self.add_error("done_on", _("Say when the step was done."))
        if done_on and not result and "result" not in self.errors:
            self.add_error("result", _("Say what the result was."))
        if result == StepResult.PENDING:
            data["done_on"] = None
        return data


class DeviationForm(forms.ModelForm):
    class Meta:
        model = Deviation
        fields = ["requirement", "severity", "description", "corrective_action", "deadline"]
        widgets = {
            "deadline": _date_input(),
            "description": forms.Textarea(attrs={"rows": 3}),
            "corrective_action": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, contract: Contract, **kwargs):
        super().__init__(*args, **kwargs)
        self.contract = contract
        field = self.fields["requirement"]
        field.queryset = Requirement.objects.filter(
            pk__in=contract.package.items.values("requirement_id")
        ).order_by("identifier")
        field.help_text = _("A requirement of the contract's requirement package.")
        field.label_from_instance = lambda r: r.identifier

    def clean_deadline(self):
        day = self.cleaned_data["deadline"]
        if _outside(self.contract, day):
            raise forms.ValidationError(_outside_message(self.contract))
        return day


class ShareForm(forms.Form):
    summary = forms.CharField(
        label=_("Summary report"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What the participants read: the follow-up's outcome in a few paragraphs."),
    )
    share_documents = forms.BooleanField(
        label=_("Let the participants read the documents"), required=False
    )
    invite = forms.ModelMultipleChoiceField(
        label=_("Invite"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Organisations with a contract with the same supplier (organisation number)."),
    )

    def __init__(self, *args, invitable, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["invite"].queryset = invitable
