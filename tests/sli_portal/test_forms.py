"""The one form base: a page form leaves the <form> and its CSRF token to the page, every page
that posts carries the token, and the error summary links each error to its first input."""

import re
from pathlib import Path

from crispy_forms.utils import render_crispy_form
from django import forms
from django.conf import settings

from sli_portal.forms import GDSDateField, GDSForm, PageForm, error_list

TEMPLATES = Path(settings.BASE_DIR) / "templates"
POST_FORM = re.compile(r"<form\b[^>]*\bmethod=\"post\"[^>]*>(.*?)</form>", re.I | re.S)


class _Answer(PageForm):
    title = "Answer"
    button_text = "Save"

    level = forms.ChoiceField(widget=forms.RadioSelect, choices=[("1", "One"), ("2", "Two")])
    due = GDSDateField(what="the due date")
    notes = forms.CharField()

    def clean(self) -> dict[str, object]:
        raise forms.ValidationError("Something about the whole answer")


def test_every_page_that_posts_carries_its_csrf_token() -> None:
    missing = [
        f"{path.relative_to(TEMPLATES)} form {number}"
        for path in sorted(TEMPLATES.rglob("*.html"))
        for number, inner in enumerate(POST_FORM.findall(path.read_text(encoding="utf-8")), 1)
        if "{% csrf_token %}" not in inner
    ]
    assert not missing, "Add {% csrf_token %} to: " + ", ".join(missing)


def test_a_page_form_renders_its_fields_and_button_but_no_form_tag_or_token() -> None:
    html = render_crispy_form(_Answer(prefix="answer"))

    assert "<form" not in html
    assert "csrfmiddlewaretoken" not in html
    assert 'name="answer-submit"' in html


def test_a_form_of_its_own_renders_its_form_tag_and_token() -> None:
    class Own(GDSForm):
        notes = forms.CharField()

    html = render_crispy_form(Own(), context={"csrf_token": "token"})

    assert "<form" in html
    assert "csrfmiddlewaretoken" in html


def test_the_error_summary_links_each_error_to_the_first_input_of_its_field() -> None:
    form = _Answer({"answer-notes": ""}, prefix="answer")
    form.is_valid()

    assert error_list(form, anchor="answer-section") == [
        {"message": "Something about the whole answer", "href": "#answer-section"},
        {"message": "This field is required.", "href": "#id_answer-level_1"},
        {"message": "Enter the due date", "href": "#id_answer-due_0"},
        {"message": "This field is required.", "href": "#id_answer-notes"},
    ]


def test_an_unbound_or_absent_form_has_no_errors_to_summarise() -> None:
    assert error_list(_Answer(), anchor="answer") == []
    assert error_list(None, anchor="answer") == []
