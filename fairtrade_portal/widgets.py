"""Widgets that write their HTML in Python instead of through a template per option.

Django renders a <select> through one template for the select and, for every option, an
included template for the option and another for its attributes: the county filter's 22 options
cost about forty template renders on every listing page (bench/README.md, "Why a page costs
what it costs"). :class:`QuickSelect` writes the same markup directly, byte for byte what
django/forms/widgets/select.html writes (tests/test_widgets.py compares them).
"""

from __future__ import annotations

from django import forms
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe


def _attrs(attrs: dict) -> SafeString:
    """What django/forms/widgets/attrs.html writes: ` name="value"`, ` name` for True, nothing
    for False."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            parts.append(format_html(" {}", name))
        else:
            parts.append(format_html(' {}="{}"', name, str(value)))
    return mark_safe("".join(parts))


class QuickSelect(forms.Select):
    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        html = [format_html('<select name="{}"{}>', widget["name"], _attrs(widget["attrs"]))]
        for group_name, group_choices, _index in widget["optgroups"]:
            if group_name:
                html.append(format_html('\n  <optgroup label="{}">', group_name))
            html.append(
                format_html_join(
                    "",
                    '\n  <option value="{}"{}>{}</option>\n',  # the option template ends in a newline
                    (
                        (str(option["value"]), _attrs(option["attrs"]), option["label"])
                        for option in group_choices
                    ),
                )
            )
            if group_name:
                html.append(mark_safe("\n  </optgroup>"))
        html.append(mark_safe("\n</select>"))
        return mark_safe("".join(html))
