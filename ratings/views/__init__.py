"""Pages of the ratings app: grids and workflow (entry), reports and history (checks), spreadsheets
(files), the documents the board files (documents)."""

from ratings.views.documents import annual_report, annual_report_docx, cell_record, cell_record_docx  # noqa: F401
from ratings.views.entry import (  # noqa: F401
    approval_queue, cell_grid, cell_grid_check, cycle_action, grid, grid_check, index,
)
from ratings.views.files import export, import_checked, import_confirm, import_upload, template  # noqa: F401
from ratings.views.review import checks_report, member_history, organization_history  # noqa: F401
from ratings.views.returns import summary_returns  # noqa: F401
