from django import forms

from .models import PrintOrder


class PrintOrderForm(forms.ModelForm):
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
            "quantity": forms.NumberInput(attrs={"min": 1, "max": 200}),
        }

    def clean_postal_code(self) -> str:
        digits = self.cleaned_data["postal_code"].replace(" ", "")
        return f"{digits[:3]} {digits[3:]}"
