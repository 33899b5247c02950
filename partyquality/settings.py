"""Settings for partyquality: one module, read from the environment.

Development defaults are safe (SQLite file, DEBUG on, a throw-away key);
production sets DEBUG=0, SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL.
"""

from importlib.util import find_spec
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from partyquality.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = env_str("SECRET_KEY", "dev-only-insecure-key-change-me" if DEBUG else "")
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "simple_history",
    "import_export",
    "organizations",
    "members",
    "ratings",
    "reports",
    "jobs",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Compresses the pages (HTML, JSON) for browsers that accept gzip; static files are already compressed by
    # whitenoise, which answers them above this line. Django's GZip adds random bytes against BREACH.
    "django.middleware.gzip.GZipMiddleware",
    "partyquality.middleware.AdminQueryStringMiddleware",
    "partyquality.middleware.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "partyquality.middleware.VietnameseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

# Background jobs (jobs/): Django's tasks API with the queue in the database, served by `manage.py jobs_worker`,
# which `make run` and `make serve` start beside the web server. Django 6 has the API built in; on 5.2 the
# django-tasks backport is the same API and must be installed as an app.
if find_spec("django.tasks") is None:
    INSTALLED_APPS.append("django_tasks")
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

ROOT_URLCONF = "partyquality.urls"
WSGI_APPLICATION = "partyquality.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# SQLite file by default (the embedded database of `make run`); PostgreSQL in production.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Two writers wait for each other instead of failing with "database is locked": a transaction takes the write
    # lock when it begins (IMMEDIATE), so it never has to upgrade a read lock that another writer blocks; a waiting
    # one waits up to SQLITE_TIMEOUT seconds; WAL lets pages be read while a write is going on.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": env_int("SQLITE_TIMEOUT", 20, minimum=1),
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Vietnamese first, English on request.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
# Day-first dates typed and shown in both languages (partyquality/formats); numbers follow the active language.
FORMAT_MODULE_PATH = ["partyquality.formats"]
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
# One way of serving static files in every mode: collectstatic (run by `make run`, `make test` and `make serve`)
# writes hashed copies with .gz and .br siblings, and whitenoise's middleware answers /static/ with the smallest
# encoding the browser accepts. With DEBUG on, Django names the files without their hash; they are the same
# collected, compressed files. An edited static file is seen after the next collectstatic.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Serve from STATIC_ROOT only: through the finders, whitenoise would serve the uncompressed source files.
WHITENOISE_USE_FINDERS = False

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Uploads: spreadsheets are read in memory up to this size, refused above it.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# A rating grid posts two fields per row; a GPO with a few hundred cells or a large cell must still fit.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 5000

SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_HSTS_SECONDS = 0 if DEBUG else env_int("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}

# --- Hardening (issue 6) ---
# Everything below hardens login, headers and serving; it edits the lists above rather than rewriting them.
from datetime import timedelta  # noqa: E402

from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE  # noqa: E402

INSTALLED_APPS += ["axes", "csp"]
# AxesMiddleware turns a locked-out login into the lockout page; it must come last.
MIDDLEWARE += ["csp.middleware.CSPMiddleware", "axes.middleware.AxesMiddleware"]
# Axes' backend only refuses locked-out clients; ModelBackend still does the authentication.
# It needs the request: the login form passes it; tests log in with force_login (no authenticate call) or
# client.login(request=HttpRequest(), username=..., password=...).
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]

# Lockout: 5 failures of one user name from one address lock that pair for an hour. Locking by address alone would
# lock a whole provincial office behind one NAT; by user name alone anyone could lock out a colleague from anywhere.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
# Behind reverse proxies REMOTE_ADDR is the nearest proxy's: with TRUSTED_PROXY_COUNT proxies, each appending the
# address it received from to X-Forwarded-For, the client is the entry that many places from the end, counting
# REMOTE_ADDR as the last. Entries a client wrote into the header itself come before those and are ignored (not
# strict: a forged header does not send the lock back to the proxy's address). See docs/operations.md.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0, minimum=0)
AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR") if TRUSTED_PROXY_COUNT else ("REMOTE_ADDR",)
AXES_IPWARE_PROXY_COUNT = TRUSTED_PROXY_COUNT - 1 if TRUSTED_PROXY_COUNT else None  # proxies listed in the header
AXES_IPWARE_PROXY_ORDER = "left-most"  # X-Forwarded-For lists the client first
IPWARE_STRICT = False
AXES_COOLOFF_TIME = timedelta(hours=1)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "partyquality.views.locked_out"
AXES_USERNAME_CALLABLE = "partyquality.views.axes_username"

# Content-Security-Policy (django-csp 4): only our own files; no inline scripts (an inline script needs
# nonce="{{ request.csp_nonce }}"). plotly.js writes <style> elements and style attributes, and Bootstrap's and the
# templates' style="" attributes need 'unsafe-inline' for styles only; plotly draws images as data: and blob: URLs.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
TEMPLATES[0]["OPTIONS"]["context_processors"].append("csp.context_processors.nonce")

# Cookies and headers (the SSL redirect, HSTS and Secure cookies when DEBUG is off are set above).
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# The load balancer probes /healthz over plain HTTP on the private side: answer it, do not redirect it to HTTPS.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# Sessions live in the database (Django's default engine, stated here on purpose): any app server can serve any
# request, so app servers behind a reverse proxy keep no state of their own.
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# Read replica: when DATABASE_REPLICA_URL is set, dashboard reads (the reports app) go to it, see routers.py.
# In tests the alias mirrors "default", so the same test database answers both.
if env_str("DATABASE_REPLICA_URL", ""):
    DATABASES["replica"] = dj_database_url.parse(
        env_str("DATABASE_REPLICA_URL", ""),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["partyquality.routers.ReplicaRouter"]
# PostgreSQL's JIT compiles a query whose estimated cost is high: 100-150 ms per query measured on the national data
# set, where a recursive walk of the organization tree is estimated at hundreds of thousands of rows and returns
# a few dozen. The pages run short queries; PG_JIT=1 turns it back on.
for _database in DATABASES.values():
    if _database["ENGINE"] == "django.db.backends.postgresql" and not env_bool("PG_JIT", False):
        _database.setdefault("OPTIONS", {})["options"] = "-c jit=off"
