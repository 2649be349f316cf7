"""schemathesis generates requests from /openapi.json for every read route and checks that
none answers 500 and every response matches its documented schema. POST /jobs is left out:
generated URLs would be fetched from the network (tests/serve/test_hostile.py covers it).
Marked slow: about a minute."""

from __future__ import annotations

import pytest

schemathesis = pytest.importorskip("schemathesis", reason="schemathesis (dev extra) is not installed")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from schemathesis.specs.openapi.checks import positive_data_acceptance  # noqa: E402

from newstrace import Workspace  # noqa: E402
from newstrace.serve import Settings, create_app  # noqa: E402


@pytest.mark.slow
def test_every_read_route_keeps_its_contract(shared_db):
    # schemathesis' own pytest plugin does not run under pytest 9 yet (it reads Function._nodeid),
    # so each operation's strategy is driven by hypothesis here
    app = create_app(Workspace(shared_db), Settings())
    schema = schemathesis.openapi.from_asgi("/openapi.json", app).include(method="GET")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 15

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def check(case):
            # a value the schema allows may still be refused with a 400 and a message (a date
            # 2017-13, a query of punctuation only): that check alone is left out
            case.call_and_validate(excluded_checks=[positive_data_acceptance])

        check()


@pytest.mark.slow
def test_the_correction_routes_keep_their_contract(db):
    # the write routes that fetch nothing from the network: any body the schema allows is
    # answered with a correction or a 4xx and a message, never a 500
    app = create_app(Workspace(db), Settings())
    schema = schemathesis.openapi.from_asgi("/openapi.json", app).include(
        method="POST", path_regex="corrections"
    )
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 2  # make one, undo one

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def check(case):
            case.call_and_validate(excluded_checks=[positive_data_acceptance])

        check()
