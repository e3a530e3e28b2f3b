"""The HTML shell of `cleaner report`, read from templates/report.{html,css,js}.

The page inlines its CSS and JS, so the file opens offline. Its Content-Security-Policy
forbids every external fetch, so a stray CDN link would fail loudly (a console error the
browser test catches) instead of silently needing a network. The templates are package
data, found through importlib.resources in an installed wheel as in a checkout.
"""

from __future__ import annotations

from importlib.resources import files
from string import Template

__all__ = ["CSS", "JS", "PAGE"]


def _read(name: str) -> str:
    return files("cleaner.inspect").joinpath("templates").joinpath(name).read_text("utf-8")


CSS = _read("report.css")
JS = _read("report.js")
PAGE = Template(_read("report.html"))
