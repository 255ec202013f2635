"""What generated pages' templates output is escaped as Jinja escapes it: the same text
for every kind of value and template construct, by the renderer's own escaping."""

from __future__ import annotations

import datetime as dt
from typing import Any

import jinja2
from hypothesis import given
from hypothesis import strategies as st
from markupsafe import Markup

from conflict_monitor.pages.render import PageRenderer, escape_output


class _Safe:
    def __html__(self) -> str:
        return "<b>safe</b>"

    def __str__(self) -> str:
        return "<b>unsafe</b>"


# Outputs in each construct that Jinja compiles: the page itself, a loop, a condition,
# a macro and its caller, a block assignment, a filter block, a joined expression, and a
# block where autoescaping is turned off (as written, or as the page renders).
TEMPLATE = """\
{% macro item(value) %}<i>{{ value }}</i>{% endmacro %}
{% macro wrap(value) %}<i>{{ value }}</i>{{ caller() }}{% endmacro %}
{{ text }}|{{ safe }}|{{ number }}|{{ day }}|{{ when }}|{{ flag }}|{{ nothing }}|{{ marked }}
{{ text ~ number }}
{% for value in values %}[{{ value }}]{% endfor %}
{% if text %}{{ text | upper }}{% endif %}
{{ item(text) }}{% call wrap(number) %}{{ text }}{% endcall %}
{% set kept %}{{ text }}{{ marked }}{% endset %}{{ kept }}
{% filter upper %}{{ text }}{% endfilter %}
{% autoescape false %}{{ text }}{% endautoescape %}
{% autoescape off %}{{ text }}{% endautoescape %}
"""


def _context(text: str) -> dict[str, Any]:
    return {
        "text": text,
        "safe": _Safe(),
        "number": 12,
        "day": dt.date(2021, 6, 22),
        "when": dt.datetime(2021, 6, 22, 10, 30, tzinfo=dt.UTC),
        "flag": True,
        "nothing": None,
        "marked": Markup("<em>marked</em>"),
        "values": [text, 3.5, Markup("<br>"), _Safe()],
        "off": False,  # autoescaping turned off as the page renders
    }


def _jinja() -> jinja2.Environment:
    return jinja2.Environment(
        autoescape=True, trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined
    )


def _ours() -> jinja2.Environment:
    return PageRenderer(None).env


@given(st.text())
def test_text_is_escaped_as_jinja_escapes_it(text: str) -> None:
    assert escape_output(text) == str(jinja2.utils.markupsafe.escape(text))
    assert type(escape_output(text)) is str  # joined with the page at once


@given(st.text(alphabet="<>&'\"a é\n"))
def test_every_construct_outputs_what_jinja_outputs(text: str) -> None:
    context = _context(text)
    expected = _jinja().from_string(TEMPLATE).render(context)
    assert _ours().from_string(TEMPLATE).render(context) == expected


def test_a_value_jinja_leaves_alone_is_left_alone() -> None:
    rendered = _ours().from_string(TEMPLATE).render(_context("<a href='x'>\"&\"</a>"))
    assert "&lt;a href=&#39;x&#39;&gt;&#34;&amp;&#34;&lt;/a&gt;" in rendered
    assert "<b>safe</b>" in rendered and "<em>marked</em>" in rendered
    assert rendered.endswith("<a href='x'>\"&\"</a>" * 2)  # autoescaping turned off
    assert "<b>unsafe</b>" not in rendered


def test_templates_escape_by_the_renderers_own_escaping() -> None:
    """Outputs are escaped by ``escape_output`` (else they would be, by Jinja's slower
    escaping); a block whose escaping the page decides as it renders, by Jinja's."""
    env = _ours()
    code = env.compile("{{ text }}{% autoescape off %}{{ text }}{% endautoescape %}", raw=True)
    assert "environment.escape_output(" in code
    volatile = env.compile("{% autoescape flag %}{{ text }}{% endautoescape %}", raw=True)
    assert "environment.escape_output(" not in volatile
    assert (
        env.from_string("{% autoescape flag %}{{ t }}{% endautoescape %}").render(
            flag=False, t="<b>"
        )
        == "<b>"
    )
