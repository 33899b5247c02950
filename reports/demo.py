"""Demo data of the reports app: the article figures (real, published) and the summaries of the demo ratings."""

from organizations.demo import DemoOrganizations
from reports.articles import articles_load
from reports.services import summaries_rebuild


def load(demo: DemoOrganizations) -> None:
    """Load the article fixtures (idempotent, on every load_demo) and rebuild the summaries of the demo set."""
    articles_load()
    # The demo set is small: a full rebuild takes milliseconds and also covers ratings written by bulk loaders.
    summaries_rebuild()
