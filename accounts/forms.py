from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm

from sli_portal.forms import GDSFormMixin


class SignInForm(GDSFormMixin, AuthenticationForm):
    title = "Sign in"
    button_text = "Sign in"

    error_messages = {
        "invalid_login": "Enter a correct email address and password. Both are case-sensitive.",
        "inactive": "This account has been switched off. Ask your regional administrator.",
    }

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
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

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["email"].error_messages = {
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@council.gov.uk",
        }
        self.build_helper()


class ChooseNewPasswordForm(GDSFormMixin, SetPasswordForm):
    title = "Choose a new password"
    button_text = "Save password"

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.build_helper()
