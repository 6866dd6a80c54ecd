from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib.auth.forms import (
    AdminUserCreationForm,
    AuthenticationForm,
    PasswordResetForm,
    SetPasswordForm,
)
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from accounts.models import DUPLICATE_EMAIL, User
from accounts.ratelimit import password_reset_email_allowed
from sli_portal.forms import GDSFormMixin

if TYPE_CHECKING:
    # Generic only in django-stubs: Django's SetPasswordForm takes no type argument.
    UserSetPasswordForm = SetPasswordForm[User]
else:
    UserSetPasswordForm = SetPasswordForm


class SignInForm(GDSFormMixin, AuthenticationForm):
    title = "Sign in"
    button_text = "Sign in"

    error_messages = {
        "invalid_login": (
            "Enter a correct email address and password. The password is case-sensitive."
        ),
        "inactive": "This account has been switched off. Ask your regional administrator.",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"] = forms.EmailField(
            label="Email address",
            widget=forms.EmailInput(attrs={"autocomplete": "email"}),
            error_messages={
                "required": "Enter your email address",
                "invalid": "Enter an email address in the correct format, like name@council.gov.uk",
            },
        )
        self.fields["password"].error_messages = {"required": "Enter your password"}
        self.build_helper()


class ResetPasswordForm(GDSFormMixin, PasswordResetForm):
    title = "Reset your password"
    button_text = "Send reset link"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].error_messages = {
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@council.gov.uk",
        }
        self.build_helper()

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Send the reset link unless the address has had PASSWORD_RESET_RATE_LIMIT already
        (PasswordResetView passes the request by keyword)."""
        request: HttpRequest | None = kwargs.get("request")
        if request is None or password_reset_email_allowed(request, self.cleaned_data["email"]):
            super().save(*args, **kwargs)


class ChooseNewPasswordForm(GDSFormMixin, UserSetPasswordForm):
    title = "Choose a new password"
    button_text = "Save password"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.build_helper()


class TwoFactorCodeForm(GDSFormMixin, forms.Form):
    """A six-digit code from the authenticator app, or a backup code."""

    title = "Enter the code from your authenticator app"
    button_text = "Continue"

    code = forms.CharField(
        label="Code",
        help_text="The 6-digit code your authenticator app shows now, or one of your backup codes",
        max_length=16,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "spellcheck": "false",
                "class": "govuk-input--width-10",
            }
        ),
        error_messages={"required": "Enter the code from your authenticator app"},
    )

    def __init__(
        self, *args: Any, button_text: str = "", form_tag: bool = True, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if button_text:
            self.button_text = button_text
        self.form_tag = form_tag
        self.build_helper()

    def clean_code(self) -> str:
        code = "".join(self.cleaned_data["code"].split()).lower()
        if not code.isalnum():
            raise forms.ValidationError(
                "The code must be the digits your authenticator app shows, like 123456"
            )
        return code


class PersonCreationForm(AdminUserCreationForm[User]):
    """The Django admin's "add user" form: the e-mail address the person signs in with (also
    their username), their name, and a password or none. Without an address the admin once
    added people it could name only as "" (the address is how the portal names a person)."""

    class Meta(AdminUserCreationForm.Meta):
        model = User
        fields = ("email", "first_name", "last_name")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True

    def clean_email(self) -> str:
        address = User.objects.normalize_email(self.cleaned_data["email"].strip())
        if User.objects.filter(email__iexact=address).exists():
            raise ValidationError(DUPLICATE_EMAIL, code="duplicate_email")
        return address

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        # Set before the model's own checks run on the new person (its username is unique).
        self.instance.username = cleaned.get("email") or ""
        return cleaned
