"""Every page of the sample site is valid HTML: the Nu HTML Checker (vnu.jar, the W3C's
validator, from tools/package.json; it runs on Java) finds no error in any of them.

Our templates are ours to fix; the theme's markup is fixed by overriding the theme's
templates in docs_templates/ (base.html, partials/toc.html), and each override is kept
the theme's but for the lines that make it valid, so that an upgrade of Material shows
here rather than as an old copy of its templates quietly left in the site.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import material
import pytest

from conftest import REPO

VNU = REPO / "tools" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
THEME = Path(material.__file__).parent / "templates"

# Errors of the checker accepted on the site, by message, each with the reason: none.
ACCEPTED: dict[str, str] = {}

# A page the checker must find fault with: proof that it ran and read the pages.
FAULTY = (
    '<!doctype html><html lang="en"><title>Faulty</title>'
    '<label for="nothing">A label naming no control</label></html>\n'
)

# The theme's templates overridden in docs_templates/, and what was changed in each
# (the theme's text, ours); the comment at the top of each override says why.
OVERRIDES = {
    "base.html": [
        (
            '    <input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer"'
            ' autocomplete="off">\n'
            '    <input class="md-toggle" data-md-toggle="search" type="checkbox" id="__search"'
            ' autocomplete="off">\n',
            '    <form id="__toggles" autocomplete="off" hidden></form>\n'
            '    <input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer"'
            ' form="__toggles">\n'
            '    <input class="md-toggle" data-md-toggle="search" type="checkbox" id="__search"'
            ' form="__toggles">\n',
        ),
        # The target of the skip link (docs_templates/main.html), for accessibility.
        (
            '<div class="md-content" data-md-component="content">',
            '<div class="md-content" id="cm-content" tabindex="-1" data-md-component="content">',
        ),
        # Not for validity but speed: the navigation, header, stylesheets, scripts and
        # their settings rendered once for the pages that show them alike
        # (mkdocs_plugin/theme_fragments.py).
        (
            '{% include "partials/nav.html" %}',
            "{% call cm_navigation(config.extra.homepage | d(nav.homepage.url, true),"
            ' config.theme.logo) %}{% include "partials/nav.html" %}{% endcall %}',
        ),
        (
            '      {% include "partials/header.html" %}\n',
            "      {% call cm_header(config.extra.homepage | d(nav.homepage.url, true),"
            ' config.theme.logo) %}{% include "partials/header.html" %}{% endcall %}\n',
        ),
        (
            "    {% block styles %}\n",
            '    {% block styles %}{% call cm_same_for("styles", '
            '"assets/stylesheets/main.57a0d79d.min.css", '
            '"assets/stylesheets/palette.fb2fffe2.min.css") %}\n',
        ),
        (
            '      {% include "partials/icons.html" %}\n    {% endblock %}',
            '      {% include "partials/icons.html" %}\n    {% endcall %}{% endblock %}',
        ),
        (
            "    {% block config %}\n",
            '    {% block config %}{% call cm_same_for("config", '
            '"assets/javascripts/workers/search.a7633da7.min.js") %}\n',
        ),
        (
            "      </script>\n    {% endblock %}\n    {% block scripts %}\n",
            "      </script>\n    {% endcall %}{% endblock %}\n    {% block scripts %}"
            '{% call cm_same_for("scripts", "assets/javascripts/bundle.a5f9d56c.min.js", '
            "*config.extra_javascript) %}\n",
        ),
        (
            "      {% endfor %}\n    {% endblock %}\n  </body>",
            "      {% endfor %}\n    {% endcall %}{% endblock %}\n  </body>",
        ),
    ],
    # Not for validity but accessibility: the search dialog gets a name (axe's
    # aria-dialog-name; tests/browser/test_accessibility.py).
    "partials/search.html": [
        (
            '<div class="md-search" data-md-component="search" role="dialog">\n',
            '<div class="md-search" data-md-component="search" role="dialog"'
            " aria-label=\"{{ lang.t('search') }}\">\n",
        )
    ],
    "partials/toc.html": [
        (
            '    <label class="md-nav__title" for="__toc">\n',
            '    <label class="md-nav__title"{% if page in nav.pages %} for="__toc"{% endif %}>\n',
        ),
        # A page shell's one entry, filled in with each page's headings (build/shells.py).
        (
            "    {% set toc = first.children %}\n  {% endif %}\n",
            "    {% set toc = first.children %}\n  {% endif %}\n"
            "  {% if page.meta and page.meta.conflict_monitor_toc %}"
            "{% set toc = [page.meta.conflict_monitor_toc] %}{% endif %}\n",
        ),
    ],
}


def _check(*paths: Path) -> list[dict[str, object]]:
    """The checker's errors on the HTML files in paths, in one run of Java."""
    java = shutil.which("java")
    assert java, "the Nu HTML Checker runs on Java: `make test` installs it"
    assert VNU.is_file(), "vnu.jar comes from tools/package.json: `make test` installs it"
    options = ["--errors-only", "--format", "json", "--stdout", "--skip-non-html"]
    result = subprocess.run(
        [java, "-jar", str(VNU), *options, *map(str, paths)], capture_output=True, text=True
    )
    assert result.stdout, result.stderr
    messages: list[dict[str, object]] = json.loads(result.stdout)["messages"]
    return messages


def _where(message: dict[str, object], site: Path) -> str:
    path = str(message.get("url", "")).removeprefix("file:")
    shown = Path(path).relative_to(site) if Path(path).is_relative_to(site) else path
    return f"{shown}:{message.get('lastLine', '?')}"


def test_every_page_is_valid_html(sample_site: Path, tmp_path: Path) -> None:
    assert len(list(sample_site.rglob("*.html"))) > 40
    (tmp_path / "faulty.html").write_text(FAULTY, encoding="utf-8")
    messages = _check(sample_site, tmp_path)
    faulty = [m for m in messages if str(m.get("url", "")).endswith("/faulty.html")]
    assert faulty, "the checker found nothing wrong with a faulty page: did it run?"
    errors = sorted(
        f"{_where(m, sample_site)}: {m.get('message')}"
        for m in messages
        if m not in faulty and m.get("message") not in ACCEPTED
    )
    assert errors == [], f"{len(errors)} HTML errors:\n" + "\n".join(errors)


@pytest.mark.parametrize("name", sorted(OVERRIDES))
def test_overridden_theme_templates_change_only_what_they_say(name: str) -> None:
    """The override is the theme's template, its first comment apart (ours says what
    was changed and why), but for the changes listed: after an upgrade of Material,
    copy the theme's template again and make the same changes."""
    theirs = (THEME / name).read_text(encoding="utf-8")
    ours = (REPO / "docs_templates" / name).read_text(encoding="utf-8")
    for old, new in OVERRIDES[name]:
        assert theirs.count(old) == 1, f"Material's {name} changed: copy it again"
        theirs = theirs.replace(old, new)
    assert _without_first_comment(ours) == _without_first_comment(theirs), (
        f"docs_templates/{name} is no longer Material's {name} with the changes listed"
        " in tests/test_valid_html.py: copy the theme's again and make them"
    )


def _without_first_comment(template: str) -> str:
    assert template.startswith("{#-"), "the override starts with a comment saying why"
    return template[template.index("-#}") + len("-#}") :].lstrip("\n")
