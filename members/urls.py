from django.urls import path

from members import views, views_development, views_import

app_name = "members"
urlpatterns = [
    path("", views.member_list, name="list"),
    path("new/", views.member_add, name="add"),
    path("import/", views_import.member_import, name="import"),
    path("import/confirm/", views_import.member_import_confirm, name="import_confirm"),
    path("import/checked/<uuid:pk>/", views_import.member_import_checked, name="import_checked"),
    path("import/template.<str:file_format>", views_import.member_template, name="template"),
    path("export.<str:file_format>", views_import.member_export, name="export"),
    path("<int:pk>/", views.member_detail, name="detail"),
    path("<int:pk>/edit/", views.member_edit, name="edit"),
    path("<int:pk>/events/new/", views.member_event, name="event"),
    path("<int:pk>/transfer/", views.member_transfer, name="transfer"),
    path("events/<int:pk>/correct/", views.event_correct, name="correct"),
    path("cells/<int:pk>/", views.cell_detail, name="cell"),
    path("cells/<int:pk>/awareness/", views.cell_awareness_class, name="cell_awareness"),
    path("organizations/<int:pk>/", views_development.development, name="development"),
    path("organizations/<int:pk>/targets/", views_development.development_target, name="development_target"),
    path("organizations/<int:pk>/key-cadres/", views_development.key_cadre_add, name="key_cadre_add"),
    path("organizations/<int:pk>/village-heads/", views_development.village_head_add, name="village_head_add"),
    path("cells/<int:pk>/roles/", views.cell_role_assign, name="cell_role"),
    path("cells/<int:pk>/autocomplete/", views.cell_member_autocomplete, name="cell_autocomplete"),
]
