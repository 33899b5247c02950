from django.urls import path

from organizations import views

app_name = "organizations"
urlpatterns = [
    path("", views.hierarchy, name="hierarchy"),
    path("autocomplete/", views.organization_autocomplete, name="autocomplete"),
    path("units/<int:pk>/", views.unit_detail, name="unit"),
    path("<int:pk>/", views.organization_detail, name="organization"),
]
