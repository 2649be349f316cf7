from __future__ import annotations

import pytest

from tests.report.sample_view import sample_view


@pytest.fixture
def view():
    return sample_view()
