from django.contrib import admin
from django.urls import include, path

from partyquality import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("organizations/", include("organizations.urls")),
    path("members/", include("members.urls")),
    path("ratings/", include("ratings.urls")),
    path("reports/", include("reports.urls")),
]

admin.site.site_header = "partyquality"
admin.site.site_title = "partyquality"
