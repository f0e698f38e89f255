"""Small HTML tables for Jupyter's ``_repr_html_``."""

from __future__ import annotations

from html import escape
from typing import Any, Iterable, Sequence


def cell(value: Any) -> str:
    if value is None:
        return '<td style="color:#888">&ndash;</td>'
    if isinstance(value, dict):
        text = ", ".join(f"{k}={v}" for k, v in value.items())
    elif isinstance(value, (list, tuple)):
        text = ", ".join(str(v) for v in value)
    else:
        text = str(value)
    return f"<td>{escape(text)}</td>"


def table(
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    caption: str | None = None,
    more: int = 0,
) -> str:
    parts = ['<table class="podsim">']
    if caption:
        parts.append(f'<caption style="text-align:left">{escape(caption)}</caption>')
    parts.append(
        "<thead><tr>"
        + "".join(f'<th style="text-align:left">{escape(h)}</th>' for h in headers)
        + "</tr></thead><tbody>"
    )
    for row in rows:
        parts.append("<tr>" + "".join(cell(v) for v in row) + "</tr>")
    if more > 0:
        parts.append(
            f'<tr><td colspan="{len(headers)}" style="color:#888">'
            f"&hellip; {more} more</td></tr>"
        )
    parts.append("</tbody></table>")
    return "".join(parts)


def fields_table(caption: str, items: Iterable[tuple[str, Any]]) -> str:
    rows = [(k, v) for k, v in items]
    parts = ['<table class="podsim">']
    parts.append(f'<caption style="text-align:left">{escape(caption)}</caption><tbody>')
    for k, v in rows:
        parts.append(f'<tr><th style="text-align:left">{escape(k)}</th>{cell(v)}</tr>')
    parts.append("</tbody></table>")
    return "".join(parts)
