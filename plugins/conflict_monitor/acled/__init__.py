"""ACLED data in: an export from ACLED's site, as it really comes, turned into the
publication's incidents and actors.

``columns`` reads the export (any of ACLED's layouts, as spreadsheets re-save
them) and ``values`` its cells; ``countries`` and ``actors`` match ACLED's names
to the publication's; ``incidents`` makes each row an incident checked as the
build checks it; ``write`` owns the import's files; ``importer`` runs it all and
``report`` words what it tells the user.
"""

from .importer import import_acled
from .report import ImportRefused, Report

__all__ = ["ImportRefused", "Report", "import_acled"]
