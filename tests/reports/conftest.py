import pytest

from reports.articles import articles_load


@pytest.fixture
def articles(db):
    """The article figures of fixtures/articles, loaded as on `load_demo` (units created: the test database is empty)."""
    return articles_load()


@pytest.fixture
def analyst_client(client, analyst):
    client.force_login(analyst)
    return client


@pytest.fixture(autouse=True)
def _empty_cache():
    """Dashboards cache their content by the summaries' version; a test database starts again at version 1."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
