"""For the route test: one record of each scoped model in branch A1 (the personas' own) and one in branch B1 (a
stranger's), made through the services.

Each app keeps its builders beside its tests, in ``zhibu/<app>/tests/route_records.py``:

- ``RECORD_BUILDERS``: model label → ``builder(tree, personas)`` → ``{"a1": record, "b1": record}``; a model whose
  routes open a record needs one, and the test says so;
- ``EXTRA_KWARGS`` (optional): route name → ``function(record)`` → the URL's arguments beyond the record's id, for
  routes that name two records;
- ``FURTHER_REFUSALS`` (optional): route name → ``refuses(user, record)`` → True where the page answers 403 although
  the declared action is allowed, by a rule beyond scoping (only the organisation above approves a delayed 换届).
  Written from the rule, not from the view's code; it can only turn "opens" into 403, never a 404 into anything.
"""

from importlib import import_module

from django.apps import apps


def _collect():
    builders, extra, further = {}, {}, {}
    for config in apps.get_app_configs():
        if not config.name.startswith("zhibu."):
            continue
        module_name = f"{config.name}.tests.route_records"
        if module_name == __name__:
            continue
        try:
            module = import_module(module_name)
        except ModuleNotFoundError as missing:
            if missing.name != module_name:
                raise
            continue
        builders.update(module.RECORD_BUILDERS)
        extra.update(getattr(module, "EXTRA_KWARGS", {}))
        further.update(getattr(module, "FURTHER_REFUSALS", {}))
    return builders, extra, further


RECORD_BUILDERS, EXTRA_KWARGS, FURTHER_REFUSALS = _collect()
