"""PDF reports rendered with WeasyPrint from Django templates, Chinese text set in Noto Sans CJK.

The font comes from the system through fontconfig (Debian package ``fonts-noto-cjk``, installed in CI
and on the servers); the stylesheet names it first, so Chinese never falls back to a font without
CJK glyphs. The stylesheet is a static file, read from disk: no network access while rendering.
"""

from __future__ import annotations

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

PDF_STYLESHEET = "reports/pdf.css"
CJK_FONT = "Noto Sans CJK SC"


def render_pdf(template_name: str, context: dict) -> bytes:
    """Render ``template_name`` with ``context`` to PDF bytes."""
    from weasyprint import CSS, HTML  # imported late: WeasyPrint loads Pango at import time

    html = render_to_string(template_name, context)
    stylesheet = CSS(filename=finders.find(PDF_STYLESHEET))
    return HTML(string=html, base_url=None).write_pdf(stylesheets=[stylesheet])
