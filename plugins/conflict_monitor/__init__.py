"""conflict-monitor: a static site generator for conflict and political-risk publications.

The package reads as the pipeline: ``load`` (YAML and front matter with positions),
``model`` (the writer's vocabulary), ``rules`` (the content model's checks),
``graph`` (the links between everything), ``pages`` (generated pages), ``cli``
(the command) and ``mkdocs_plugin`` (the thin MkDocs/ProperDocs adapter).
Nothing but ``mkdocs_plugin`` imports MkDocs.
"""

__version__ = "0.1.0"
