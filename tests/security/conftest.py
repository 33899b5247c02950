"""A second database alias, "replica", for the router tests: a test mirror of "default" (two aliases, one server).

It is declared when this package is collected, before pytest-django sets the test databases up. Where
DATABASE_REPLICA_URL is set, settings already declared the alias as a mirror and nothing is added.
"""

import copy

from django.conf import settings
from django.db import connections

if "replica" not in settings.DATABASES:
    replica = copy.deepcopy(settings.DATABASES["default"])
    replica["TEST"] = {**replica.get("TEST", {}), "MIRROR": "default"}
    settings.DATABASES["replica"] = replica
    # The connection handler caches its configured settings: configure the new alias like the others.
    connections.configure_settings(connections.settings)
