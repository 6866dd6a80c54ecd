"""The axe-core check itself: it must fail, naming each rule and element, when a page breaks
WCAG, so that a clean result on the portal's pages means something."""

import pytest
from playwright.sync_api import Page

from tests.browser.conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BREAK_THE_PAGE = """() => {
  const main = document.querySelector('main');
  const image = document.createElement('img');
  image.id = 'image-without-alt';
  image.src = '/static/portal/favicon.svg';
  main.appendChild(image);
  const input = document.createElement('input');
  input.id = 'input-without-label';
  input.type = 'text';
  main.appendChild(input);
}"""


def test_assert_accessible_lists_each_violation_with_its_element(page: Page) -> None:
    page.goto("/accessibility/")
    assert_accessible(page)

    page.evaluate(BREAK_THE_PAGE)
    with pytest.raises(AssertionError) as failure:
        assert_accessible(page)

    message = str(failure.value)
    assert "/accessibility/" in message
    assert "image-alt" in message
    assert "#image-without-alt" in message
    assert "label" in message
    assert "#input-without-label" in message
