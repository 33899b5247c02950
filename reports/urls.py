from django.urls import path

from reports import views

app_name = "reports"
urlpatterns = [
    path("", views.index, name="index"),
    path("rebuild/", views.rebuild, name="rebuild"),
    path("comparison/", views.comparison, name="comparison"),
    path("trends/", views.trends, name="trends"),
    path("provinces/<int:pk>/", views.province_panel, name="province"),
    path("provinces/<int:pk>/communes/", views.province_communes, name="communes"),
    path("organizations/<int:pk>/cells/", views.commune_cells, name="cells"),
]
