from django import forms
from django.utils.text import capfirst

from ..models import PrintOrder


class PrintOrderForm(forms.ModelForm):
    # The model's field is a positive integer, whose form field would say "at least 0"; an
    # order is for at least one copy.
    quantity = forms.IntegerField(
        label=capfirst(PrintOrder._meta.get_field("quantity").verbose_name),
        min_value=1,
        max_value=200,
    )

    class Meta:
        model = PrintOrder
        fields = [
            "organisation",
            "quantity",
            "contact_name",
            "email",
            "phone",
            "street",
            "postal_code",
            "city",
            "message",
        ]
        widgets = {
            "message": forms.Textarea(attrs={"rows": 3}),
        }

    def clean_postal_code(self) -> str:
        digits = self.cleaned_data["postal_code"].replace(" ", "")
        return f"{digits[:3]} {digits[3:]}"
