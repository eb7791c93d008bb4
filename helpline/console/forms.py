"""The console's forms: Flask-WTF, so each carries and checks its CSRF token."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length


class SignInForm(FlaskForm):
    """Name and password."""

    name = StringField("name", validators=[DataRequired(), Length(max=80)])
    password = PasswordField("password", validators=[DataRequired(), Length(max=200)])


class EditForm(FlaskForm):
    """One section's Markdown."""

    markdown = TextAreaField("markdown", validators=[Length(max=20000)])


class ConfirmForm(FlaskForm):
    """A button that only carries the CSRF token (review, sign out)."""
