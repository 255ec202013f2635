"""Writers' Markdown: in-prose references, and Markdown turned into safe HTML."""
