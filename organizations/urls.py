from django.urls import path

from organizations import views, views_import

app_name = "organizations"
urlpatterns = [
    path("", views.hierarchy, name="hierarchy"),
    path("autocomplete/", views.organization_autocomplete, name="autocomplete"),
    path("units/<int:pk>/", views.unit_detail, name="unit"),
    path("<int:pk>/", views.organization_detail, name="organization"),
    path("import/", views_import.organization_import, name="import"),
    path("import/confirm/", views_import.organization_import_confirm, name="import_confirm"),
    path("import/checked/<uuid:pk>/", views_import.organization_import_checked, name="import_checked"),
    path("import/template.<str:file_format>", views_import.organization_template, name="template"),
]
