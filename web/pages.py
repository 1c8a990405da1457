"""The HTML pages: home, search, term, browse, annotate, check, export, suggest, about."""

from __future__ import annotations

import datetime
import functools
from typing import Any

from flask import (
    Blueprint,
    Flask,
    Response,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    send_from_directory,
    url_for,
)
from werkzeug.datastructures import FileStorage
from werkzeug.wrappers import Response as BaseResponse

from glossary import __version__, service
from glossary.query import Glossary
from glossary.textio import InputError
from glossary.vocabulary import LABELS, preferred_rendering, preferred_term
from web import display, downloads, translation_aid
from web.db import get_glossary, get_suggestions
from web.forms import AnnotateForm, CheckForm, ExportForm, SuggestForm, choices
from web.safety import error_page

bp = Blueprint("pages", __name__)
LETTERS = "abcdefghijklmnopqrstuvwxyz"
SEARCH_PAGE_LIMIT = 100  # results on the search page ("see all" from the live results)
MAX_TOTAL = 100_000


def init_app(app: Flask) -> None:
    """Template filters and the values every page can use."""
    app.jinja_env.filters["syllables"] = display.syllables
    app.jinja_env.filters["preferred_term"] = preferred_term
    app.jinja_env.filters["preferred_rendering"] = preferred_rendering
    app.jinja_env.filters["names"] = lambda items: {
        key: item["name"] for key, item in items.items()
    }
    app.jinja_env.globals["status_labels"] = LABELS
    app.jinja_env.globals["lang_tags"] = display.LANG_TAGS
    app.jinja_env.globals["zh_type_labels"] = display.ZH_TYPE_LABELS
    app.jinja_env.globals["usage_labels"] = display.USAGE_LABELS
    app.jinja_env.globals["match_field_labels"] = display.MATCH_FIELD_LABELS
    app.jinja_env.globals["context_rows"] = display.context_rows
    app.jinja_env.globals["copy_targets"] = display.copy_targets
    app.jinja_env.globals["han_runs_only"] = lambda text: display.han_runs(
        str(text or ""), get_glossary().simplify
    )
    app.jinja_env.globals["han_runs"] = lambda text: display.readable_runs(
        str(text or ""), get_glossary().simplify, _key_labels
    )

    @app.context_processor
    def site_values() -> dict[str, Any]:
        return {"site_name": app.config["SITE_NAME"], "version": __version__}


def _key_labels(keys: list[str]) -> dict[str, tuple[str, str]]:
    """Links with readable labels for the entry ids and source keys a text names."""
    glossary = get_glossary()
    labels = {}
    for entry in glossary.entries(ids=keys):
        name = entry["zh"][0]["term"] if entry["zh"] else entry["id"]
        english = preferred_term(entry)
        label = f"{name} {english}" if english else name
        labels[entry["id"]] = (url_for("pages.term", concept_id=entry["id"]), label)
    sources = glossary.sources()
    for key in keys:
        source = sources.get(key)
        if source is not None and key not in labels:
            author = str(source.get("author") or "")
            who = author if 0 < len(author) <= 40 else str(source.get("publisher") or author or key)
            year = str(source.get("date") or "")[:4]
            label = f"{who} {year}".strip() if year else who
            labels[key] = (url_for("pages.about", _anchor=f"source-{key}"), label)
    return labels


# -- looking things up ------------------------------------------------------------------------


@bp.get("/")
def home() -> str:
    """The search box, the figures and the domains."""
    glossary = get_glossary()
    return render_template(
        "home.html",
        stats=glossary.stats(),
        domains=glossary.domains(),
        counts=domain_counts(),
        examples=_examples(),
        query=request.args.get("q", "", type=str)[:200],
    )


def domain_counts() -> dict[str, int]:
    """How many entries each domain's page lists (an entry counts in each of its domains)."""
    glossary = get_glossary()
    return {key: len(glossary.entry_ids(domain=key)) for key in glossary.domains()}


def _examples() -> list[tuple[str, str]]:
    """Example queries of each kind, with their language tags."""
    return [
        ("双循环", "zh-Hans"),
        ("雙循環", "zh-Hant"),
        ("shuangxunhuan", "zh-Latn-pinyin"),
        ("shuang1 xun2huan2", "zh-Latn-pinyin"),
        ("ydyl", "zh-Latn-pinyin"),
        ("dual circulation", "en"),
    ]


@bp.get("/search")
def search() -> str:
    """Search results for ?q= (Chinese, pinyin, initials or English)."""
    query = request.args.get("q", "", type=str)[:200]
    glossary = get_glossary()
    results = glossary.lookup(query, SEARCH_PAGE_LIMIT) if query.strip() else []
    total = len(glossary.search(query, MAX_TOTAL)) if len(results) == SEARCH_PAGE_LIMIT else 0
    return render_template(
        "search.html",
        query=query,
        results=results,
        total=max(total, len(results)),
        domains=glossary.domains(),
    )


def _no_such_entry(glossary: Glossary, concept_id: str) -> tuple[str, int]:
    """A 404 page that names the entries the visitor may have meant."""
    ids = service.nearest_ids(glossary, concept_id.replace("-", " "))
    near = sorted(glossary.entries(ids=ids), key=lambda entry: ids.index(entry["id"]))
    suggestions = [(e["id"], e["zh"][0]["term"], preferred_term(e)) for e in near]
    return error_page(404, suggestions=suggestions), 404


@bp.get("/term/<concept_id>")
def term(concept_id: str) -> str | tuple[str, int]:
    """Everything one entry holds."""
    glossary = get_glossary()
    entry = glossary.entry(concept_id)
    if entry is None:
        return _no_such_entry(glossary, concept_id)
    linked = glossary.entries(ids=[*entry["related"], *entry.get("components", [])])
    related = {e["id"]: e for e in linked}
    base = str(current_app.config.get("BASE_URL") or "").rstrip("/")  # never the Host header
    url = base + url_for("pages.term", concept_id=concept_id)
    today = datetime.date.today().isoformat()
    return render_template(
        "term.html",
        entry=entry,
        related=[related[i] for i in entry["related"] if i in related],
        components=[(item, related.get(item)) for item in entry.get("components", [])],
        groups=display.by_status(entry),
        sources=glossary.sources(),
        domains=glossary.domains(),
        citation=functools.partial(display.citation, sources=glossary.sources()),
        cite=display.cite_entry(entry, url, current_app.config["SITE_NAME"], __version__, today),
        preferred=preferred_term(entry),
    )


@bp.get("/browse")
def browse() -> str:
    """The domains with their entry counts, and the pinyin initials."""
    glossary = get_glossary()
    entries = glossary.entries()
    letters = {display.initial(entry) for entry in entries}
    return render_template(
        "browse.html",
        domains=glossary.domains(),
        counts=domain_counts(),
        letters=[letter for letter in LETTERS if letter in letters],
        entries=None,
        heading="Browse",
    )


@bp.get("/browse/domain/<key>")
def browse_domain(key: str) -> str:
    """Every entry of a domain, by pinyin."""
    glossary = get_glossary()
    domains = glossary.domains()
    if key not in domains:
        abort(404, description=f"No domain {key!r}.")
    entries = sorted(glossary.entries(domain=key), key=display.pinyin_sort_key)
    return render_template(
        "browse.html",
        domains=domains,
        entries=entries,
        heading=domains[key]["name"],
        heading_zh=domains[key].get("zh"),
    )


@bp.get("/browse/pinyin/<letter>")
def browse_letter(letter: str) -> str:
    """Every entry whose first Chinese term's pinyin starts with a letter."""
    letter = letter.lower()
    if len(letter) != 1 or letter not in LETTERS:
        abort(404, description="Browse by a single letter a-z.")
    glossary = get_glossary()
    entries = [entry for entry in glossary.entries() if display.initial(entry) == letter]
    return render_template(
        "browse.html",
        domains=glossary.domains(),
        entries=sorted(entries, key=display.pinyin_sort_key),
        heading=f"Pinyin {letter.upper()}",
    )


# -- translation aids -------------------------------------------------------------------------


def _text_from(form_text: str | None, upload: FileStorage | None, what: str) -> tuple[str, str]:
    """The name and text of the uploaded file if one was sent, else `what` and the pasted text.

    An upload is decoded as the CLI decodes a file (glossary.service): InputError if unusable.
    """
    if upload is not None and upload.filename:
        return upload.filename, service.decode_text(upload.read(), upload.filename)
    text = form_text or ""
    return what, text.replace("\r\n", "\n")  # browsers send a textarea's lines with CRLF


@bp.route("/annotate", methods=["GET", "POST"])
def annotate() -> str:
    """A Chinese text with every glossary term highlighted, and the list of terms found."""
    form = AnnotateForm()
    runs: list[translation_aid.Highlight] = []
    found: list[dict[str, Any]] = []
    submitted = form.validate_on_submit()
    if submitted:
        try:
            _, text = _text_from(form.text.data, form.upload.data, "the text")
        except InputError as error:
            form.upload.errors = [str(error)]
        else:
            if not text.strip():
                form.text.errors = ["Paste a text or choose a file."]
            else:
                matches = translation_aid.annotate(get_glossary(), text)
                runs = translation_aid.highlights(text, matches)
                found = translation_aid.terms_found(matches)
    export_form = _export_form()
    export_form.ids.data = ",".join(item["concept"] for item in found)
    return render_template(
        "annotate.html",
        form=form,
        runs=runs,
        found=found,
        submitted=submitted and not form.errors,
        export_form=export_form,
    )


@bp.route("/check", methods=["GET", "POST"])
def check() -> str:
    """A translation checked against the glossary, segment by segment."""
    form = CheckForm()
    result = None
    if form.validate_on_submit():
        try:
            source = _text_from(form.source.data, form.source_upload.data, "the source")
            translation = _text_from(
                form.translation.data, form.translation_upload.data, "the translation"
            )
            segments = service.align(*source, *translation)
        except InputError as error:
            form.form_errors.append(str(error))
        else:
            if not any(segment.source.strip() for segment in segments):
                form.source.errors = ["Paste the source text or choose a file."]
            else:
                result = translation_aid.check(get_glossary(), segments)
    return render_template("check.html", form=form, result=result)


def _export_form(csrf: bool = True) -> ExportForm:
    from glossary import formats

    form = ExportForm(
        formdata=request.form if request.method == "POST" else request.args,
        meta={"csrf": csrf},
    )
    form.format.choices = choices([(name, f.label) for name, f in formats.registry().items()])
    domains = get_glossary().domains()
    form.domain.choices = choices(
        [("", "all domains")] + [(k, d["name"]) for k, d in domains.items()]
    )
    return form


@bp.route("/export", methods=["GET", "POST"])
def export() -> str | Response | tuple[str, int]:
    """Choose a format and filters; download the file.

    `GET /export?format=tbx&domain=economy` is the download itself (web.downloads): the form
    on the page is a GET form that builds such links. POST is the annotate page's "download
    these terms" (a list of ids too long for a link).
    """
    if request.method == "GET" and request.args:
        download = downloads.export_response(request.args)
        if download is not None:
            return download
        form = _export_form(csrf=False)
        form.form_errors.append("No entries match these filters.")
        return _export_page(form), 404
    form = _export_form(csrf=request.method == "POST")
    if request.method == "POST" and form.validate():
        selection = service.Selection(
            domain=form.domain.data,
            tag=form.tag.data,
            status=form.status.data,
            ids=[i for i in form.ids.data.split(",") if i] if form.ids.data else None,
            query=form.q.data,
        )
        made = service.export(get_glossary(), form.format.data, selection)
        if made.entries:
            exporter = made.format
            name = "-".join(
                part for part in ("glossary", form.domain.data, form.status.data) if part
            )
            return Response(
                made.data,
                mimetype=exporter.mimetype,
                headers={
                    "Content-Disposition": f'attachment; filename="{name}{exporter.extension}"'
                },
            )
        form.form_errors.append("No entries match these filters.")
    return _export_page(form)


def _export_page(form: ExportForm) -> str:
    from glossary import formats

    return render_template(
        "export.html",
        form=form,
        formats=formats.registry(),
        database=downloads.DATABASE_NAME,
        stats=get_glossary().stats(),
    )


# -- suggestions ------------------------------------------------------------------------------


def _suggest_form() -> SuggestForm:
    glossary = get_glossary()
    form = SuggestForm()
    if request.method == "GET":
        form.kind.data = "correction" if request.args.get("concept") else "new"
        form.concept.data = request.args.get("concept", "")[:100]
    form.domain.choices = choices(
        [("", "— choose —")] + [(key, domain["name"]) for key, domain in glossary.domains().items()]
    )
    form.source.choices = choices(
        [("", "— not listed —")]
        + [
            (key, display.citation(key, {key: source})[:120])
            for key, source in glossary.sources().items()
            if source.get("kind") != "example"
        ]
    )
    return form


@bp.route("/suggest", methods=["GET", "POST"])
def suggest() -> str | BaseResponse:
    """Propose a new term or a correction; editors review it with `glossary suggestions`."""
    form = _suggest_form()
    if form.validate_on_submit():
        values = form.values()
        if values["kind"] == "correction" and get_glossary().entry(values["concept"]) is None:
            form.concept.errors = [f"There is no entry {values['concept']!r}."]
        else:
            number = get_suggestions().add(values)
            return redirect(url_for("pages.suggest_thanks", number=number), code=303)
    return render_template("suggest.html", form=form)


@bp.get("/suggest/thanks/<int:number>")
def suggest_thanks(number: int) -> str:
    """The confirmation after a suggestion was stored."""
    return render_template("thanks.html", number=number)


# -- about ------------------------------------------------------------------------------------


@bp.get("/about")
def about() -> str:
    """Where the data comes from, and the licences."""
    glossary = get_glossary()
    return render_template(
        "about.html",
        sources=glossary.sources(),
        stats=glossary.stats(),
        software=software_licences(),
        citation=display.citation,
    )


@functools.cache
def software_licences() -> list[tuple[str, str, str]]:
    """(name, version, licence) of this package's runtime dependencies, from their metadata."""
    import re
    from importlib import metadata

    rows = []
    try:
        requires = metadata.requires("policy-glossary") or []
    except metadata.PackageNotFoundError:
        requires = []
    for requirement in requires:
        if "extra ==" in requirement:
            continue
        name = re.split(r"[<>=!~; \[]", requirement, maxsplit=1)[0]
        try:
            meta = metadata.metadata(name)
        except metadata.PackageNotFoundError:
            continue
        rows.append((meta["Name"], meta["Version"], _licence(meta)))
    return sorted(rows, key=lambda row: row[0].lower())


def _licence(meta: Any) -> str:
    expression = meta.get("License-Expression")
    if expression:
        return str(expression)
    classifiers = [
        c.split(" :: ")[-1] for c in meta.get_all("Classifier") or [] if c.startswith("License ::")
    ]
    if classifiers:
        return ", ".join(classifiers)
    text = str(meta.get("License") or "")
    return text if text and len(text) < 60 and "\n" not in text else "see the package"


@bp.get("/favicon.ico")
def favicon() -> Response:
    """The site icon (SVG) for browsers that ask for /favicon.ico."""
    static = current_app.static_folder or ""
    return send_from_directory(static, "favicon.svg", mimetype="image/svg+xml", max_age=86400)
