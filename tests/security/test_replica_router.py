"""Dashboard reads (the reports app) go to the "replica" alias when one is configured; writes stay on "default".

Two aliases on one server: tests/security/conftest.py declares "replica" as a test mirror of "default".
Transactional tests, because a mirror is a second connection: it sees committed rows only.
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.apps import apps
from django.db import connections, router, transaction
from django.test.utils import CaptureQueriesContext

from organizations.models import PartyOrganization
from tests import factories

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "replica"])


@pytest.fixture
def replica_router(settings):
    settings.DATABASE_ROUTERS = ["partyquality.routers.ReplicaRouter"]


@pytest.fixture
def report_model():
    models = list(apps.get_app_config("reports").get_models())
    assert models, "the reports app has no model to route"
    return models[0]


def test_reads_of_report_tables_go_to_the_replica_and_writes_to_the_primary(replica_router, report_model):
    assert router.db_for_read(report_model) == "replica"
    assert router.db_for_write(report_model) == "default"
    assert router.db_for_read(PartyOrganization) == "default"
    assert router.db_for_write(PartyOrganization) == "default"


def test_a_dashboard_query_runs_on_the_replica_connection(replica_router, report_model):
    with CaptureQueriesContext(connections["replica"]) as on_replica, \
            CaptureQueriesContext(connections["default"]) as on_primary:
        assert report_model.objects.all().db == "replica"
        list(report_model.objects.all()[:5])
        PartyOrganization.objects.count()
    assert len(on_replica.captured_queries) == 1
    assert report_model._meta.db_table in on_replica.captured_queries[0]["sql"]
    assert len(on_primary.captured_queries) == 1
    assert PartyOrganization._meta.db_table in on_primary.captured_queries[0]["sql"]


def test_the_replica_sees_what_the_primary_committed(replica_router, nghe_an):
    factories.GrassrootsFactory(parent=nghe_an, name="Đảng bộ xã Mường Phăng")
    names = set(PartyOrganization.objects.using("replica").values_list("name", flat=True))
    assert "Đảng bộ xã Mường Phăng" in names


def test_reads_inside_a_write_transaction_stay_on_the_primary(replica_router, report_model):
    with transaction.atomic():
        assert router.db_for_read(report_model) == "default"
    assert router.db_for_read(report_model) == "replica"


def test_migrations_run_on_the_primary_only(replica_router):
    assert router.allow_migrate("default", "reports")
    assert not router.allow_migrate("replica", "reports")


def _settings_in_a_fresh_process(**environment: str) -> dict:
    code = (
        "import json, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'partyquality.settings'\n"
        "from django.conf import settings as s\n"
        "replica = s.DATABASES.get('replica')\n"
        "print(json.dumps({'routers': s.DATABASE_ROUTERS, 'replica': replica and {"
        "'NAME': replica['NAME'], 'HOST': replica['HOST'], 'MIRROR': replica['TEST']['MIRROR']}}))"
    )
    env = {"PATH": "/usr/bin:/bin", "HOME": str(ROOT), **environment}
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_settings_add_the_replica_and_its_router_only_when_a_replica_url_is_given():
    assert _settings_in_a_fresh_process() == {"routers": [], "replica": None}
    configured = _settings_in_a_fresh_process(
        DATABASE_URL="postgres://app@db-primary:5432/partyquality",
        DATABASE_REPLICA_URL="postgres://app_ro@db-replica:5432/partyquality",
    )
    assert configured == {
        "routers": ["partyquality.routers.ReplicaRouter"],
        "replica": {"NAME": "partyquality", "HOST": "db-replica", "MIRROR": "default"},
    }
