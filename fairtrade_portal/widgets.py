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
from django.utils.safestring import SafeString


def _attrs(attrs: dict) -> SafeString:
    """What django/forms/widgets/attrs.html writes: ` name="value"`, ` name` for True, nothing
    for False."""
    return format_html_join(
        "",
        "{}",
        (
            (format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value),)
            for name, value in attrs.items()
            if value is not False
        ),
    )


# The option template ends in a newline, hence the one after </option>.
OPTION = '\n  <option value="{}"{}>{}</option>\n'


def _options(options: list[dict]) -> SafeString:
    return format_html_join(
        "", OPTION, ((str(o["value"]), _attrs(o["attrs"]), o["label"]) for o in options)
    )


def _group(name, options: list[dict]) -> SafeString:
    if not name:
        return _options(options)
    return format_html('\n  <optgroup label="{}">{}\n  </optgroup>', name, _options(options))


class QuickSelect(forms.Select):
    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        groups = format_html_join(
            "", "{}", ((_group(group, options),) for group, options, _i in widget["optgroups"])
        )
        return format_html(
            '<select name="{}"{}>{}\n</select>', widget["name"], _attrs(widget["attrs"]), groups
        )
