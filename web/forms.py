"""The site's forms (Flask-WTF): every one carries a CSRF token."""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    HiddenField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional

from glossary.suggestions import MAX_FIELD_CHARS, check_suggestion
from glossary.vocabulary import STATUSES

MAX_TEXT_CHARS = 1_000_000


def choices(pairs: list[tuple[str, str]]) -> list[SelectChoice]:
    """Options of a select or radio field from (value, label) pairs."""
    return [SelectChoice(value, label) for value, label in pairs]


class AnnotateForm(FlaskForm):
    """A Chinese text, pasted or uploaded, to annotate."""

    text = TextAreaField("Chinese text", validators=[Length(max=MAX_TEXT_CHARS)])
    upload = FileField("…or upload a .txt file (UTF-8)")


class CheckForm(FlaskForm):
    """A source text and its translation, aligned line by line."""

    source = TextAreaField("Chinese source", validators=[Length(max=MAX_TEXT_CHARS)])
    translation = TextAreaField("English translation", validators=[Length(max=MAX_TEXT_CHARS)])
    source_upload = FileField("…or upload the source (.txt)")
    translation_upload = FileField("…or upload the translation (.txt)")


class ExportForm(FlaskForm):
    """An export format and the filters choosing the entries."""

    format = SelectField("Format")
    domain = SelectField("Domain", default="")
    status = SelectField(
        "Renderings with status",
        choices=choices([("", "any")] + [(status, status) for status in STATUSES]),
        default="",
    )
    tag = StringField("Tag", validators=[Optional(), Length(max=100)])
    q = StringField("Only entries matching a search", validators=[Optional(), Length(max=200)])
    ids = HiddenField(validators=[Optional(), Length(max=100_000)])


class SuggestForm(FlaskForm):
    """A proposed new term or a correction to an existing entry."""

    kind = RadioField(
        "What do you suggest?",
        choices=choices([("new", "A new term"), ("correction", "A correction to an entry")]),
        default="new",
    )
    concept = StringField(
        "Entry to correct (its id, as in /term/<id>)",
        validators=[Optional(), Length(max=MAX_FIELD_CHARS["concept"])],
    )
    zh = StringField(
        "Chinese term (simplified)", validators=[Optional(), Length(max=MAX_FIELD_CHARS["zh"])]
    )
    pinyin = StringField(
        "Pinyin with tone marks (optional)",
        validators=[Optional(), Length(max=MAX_FIELD_CHARS["pinyin"])],
    )
    en = StringField(
        "English rendering", validators=[Optional(), Length(max=MAX_FIELD_CHARS["en"])]
    )
    domain = SelectField("Domain", default="")
    definition = TextAreaField(
        "Definition (one or two sentences)",
        validators=[Optional(), Length(max=MAX_FIELD_CHARS["definition"])],
    )
    context = TextAreaField(
        "A sentence that uses the term, quoted exactly (optional)",
        validators=[Optional(), Length(max=MAX_FIELD_CHARS["context"])],
    )
    source = SelectField("Source of the sentence", default="")
    citation = StringField(
        "…or, if it is not listed: author, title, date, URL",
        validators=[Optional(), Length(max=MAX_FIELD_CHARS["citation"])],
    )
    note = TextAreaField(
        "Note (usage advice; for a correction, what is wrong)",
        validators=[Optional(), Length(max=MAX_FIELD_CHARS["note"])],
    )
    contact = StringField(
        "Your name or e-mail, if we may credit or ask you (optional)",
        validators=[Optional(), Length(max=MAX_FIELD_CHARS["contact"])],
    )
    website = StringField(  # a honeypot: hidden from people, filled in by some bots
        "Leave this empty", validators=[Optional(), Length(max=0)]
    )

    def values(self) -> dict[str, Any]:
        """The submitted fields, as the suggestion store takes them."""
        names = ("kind", *MAX_FIELD_CHARS)
        return {name: (getattr(self, name).data or "").strip() for name in names}

    def validate(self, extra_validators: Any = None) -> bool:
        """Field checks, then the rules a suggestion must meet to be stored."""
        if not super().validate(extra_validators):
            return False
        problems = check_suggestion(self.values())
        for problem in problems:
            name, _, rest = problem.partition(" ")
            field = getattr(self, name, None) if name in MAX_FIELD_CHARS else None
            if field is None:
                self.form_errors.append(problem[0].upper() + problem[1:] + ".")
            else:  # the page shows the message under the field's label
                field.errors.append(f"This field {rest.split(':')[0]}.")
        return not problems
