"""Pieces of rule explanations rendered in the language being shown (Chinese or English)."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import get_language


class Listing:
    """Parts of an explanation joined in the language being rendered: sentences with ；/ "; ",
    items of an enumeration (``items=True``) with 、/ ", "."""

    def __init__(self, parts, *, items: bool = False):
        self.parts = list(parts)
        self.items = items

    def __str__(self) -> str:
        chinese = (get_language() or "").startswith("zh")
        if self.items:
            separator = "、" if chinese else ", "
        else:
            separator = "；" if chinese else "; "
        return separator.join(str(part) for part in self.parts)


class Phrase:
    """A translated template filled in when the explanation is rendered, in that language."""

    def __init__(self, template, values):
        self.template, self.values = template, values

    def __str__(self) -> str:
        return str(self.template) % {key: str(value) for key, value in self.values.items()}


class Section:
    """A section number as the language being rendered prints it: 四(三) → 四（三） in Chinese."""

    def __init__(self, clause_id: str):
        self.clause_id = clause_id

    def __str__(self) -> str:
        from shegong.policy.scanning import clause_label

        return clause_label(self.clause_id, get_language() or "zh-hans")


def ratio_label(value: Decimal) -> str:
    """A threshold ratio as people write it: 0.85 → '85%', 0.8 → '80%', 0.855 → '85.5%'."""
    text = f"{(Decimal(value) * 100).normalize():f}"
    return f"{text}%"
