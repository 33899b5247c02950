from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from partyquality import job_views, views

urlpatterns = [
    path("", views.home, name="home"),
    path("help/", views.help_page, name="help"),
    path("healthz", views.healthz, name="healthz"),
    # Browsers (and the admin's pages, which have no icon link) ask for /favicon.ico.
    path("favicon.ico", views.favicon, name="favicon"),
    # Django's auth views; no e-mail password reset on an intranet without mail: admins reset passwords.
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password_change/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "accounts/password_change/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"
    ),
    path("jobs/<uuid:pk>/", job_views.job_page, name="job"),
    path("jobs/<uuid:pk>/status/", job_views.job_status, name="job_status"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("organizations/", include("organizations.urls")),
    path("members/", include("members.urls")),
    path("ratings/", include("ratings.urls")),
    path("reports/", include("reports.urls")),
]

handler500 = "partyquality.views.server_error"

admin.site.site_header = "partyquality"
admin.site.site_title = "partyquality"
