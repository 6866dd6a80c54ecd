"""The portal refuses to start unless openpyxl parses workbooks with defusedxml."""

import openpyxl
import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured


def test_the_portal_refuses_to_start_without_defusedxml(monkeypatch):
    monkeypatch.setattr(openpyxl, "DEFUSEDXML", False)
    with pytest.raises(ImproperlyConfigured, match="defusedxml must be installed"):
        apps.get_app_config("returns").ready()


def test_defusedxml_is_in_use():
    assert openpyxl.DEFUSEDXML is True
