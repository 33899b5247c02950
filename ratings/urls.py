from django.urls import path

from ratings import views

app_name = "ratings"
urlpatterns = [
    path("", views.index, name="index"),
    path("grid/<int:org_pk>/<int:year>/", views.grid, name="grid"),
    path("cell/<int:org_pk>/<int:year>/", views.cell_grid, name="cell_grid"),
    path("grid/<int:org_pk>/<int:year>/check/", views.grid_check, name="grid_check"),
    path("cell/<int:org_pk>/<int:year>/check/", views.cell_grid_check, name="cell_grid_check"),
    path("queue/", views.approval_queue, name="queue"),
    path("cycle/<int:org_pk>/<int:year>/<str:action>/", views.cycle_action, name="cycle"),
    path("returns/<int:org_pk>/<int:year>/", views.summary_returns, name="returns"),
    path("checks/<int:org_pk>/<int:year>/", views.checks_report, name="checks"),
    path("history/organization/<int:pk>/", views.organization_history, name="organization_history"),
    path("history/member/<int:pk>/", views.member_history, name="member_history"),
    path("import/", views.import_upload, name="import"),
    path("import/confirm/", views.import_confirm, name="import_confirm"),
    path("import/checked/<uuid:pk>/", views.import_checked, name="import_checked"),
    path("template/<str:subject>.<str:file_format>", views.template, name="template"),
    path("export/", views.export, name="export"),
    path("documents/report/<int:org_pk>/<int:year>/", views.annual_report, name="document_report"),
    path("documents/report/<int:org_pk>/<int:year>.docx", views.annual_report_docx, name="document_report_docx"),
    path("documents/cell/<int:org_pk>/<int:year>/", views.cell_record, name="document_cell"),
    path("documents/cell/<int:org_pk>/<int:year>.docx", views.cell_record_docx, name="document_cell_docx"),
]
