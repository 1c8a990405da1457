"""The one declaration of an entry's fields: concept, Chinese term, English rendering, context.

Each field is declared once, here, with everything the rest of the code derives from it:

- `name`: the TOML key in a term file, the attribute of the model's dataclass, the key of
  the entry JSON and the database column (one name everywhere);
- `kind`: "text", "choice" (one of `choices`), "strings" (a list of strings), "int",
  "tables" (a list of inline tables, each with the fields `items`) or "flag" (a boolean
  the build computes);
- `required`: a term file must give it;
- `toml`: read from and written to term files (False: the build derives it);
- `built`: the build computes the value that goes to JSON and the database (for a Chinese
  term's forms, from the characters and the file's override if there is one);
- `json`: in the entry JSON (the CLI's --json, the API, the exporters);
- `column`: a column of the table the build writes;
- `label`: the export label (the CSV/XLSX column header) when a flat export carries it;
- `formats`: the export formats that carry the field (checked by tests/test_fields.py);
- `help`: one line for the OpenAPI description and for people.

glossary.model reads and writes term files with it, glossary.build writes the entry JSON and
the tables with it, web/openapi.py describes the JSON with it, and the formats take their
labels from it. "How to add a field" is in glossary/model.py.

Light imports only (collections, glossary.vocabulary): the lookup fast path loads it.
"""

from __future__ import annotations

from collections import namedtuple

from glossary.vocabulary import STATUSES

Field = namedtuple(
    "Field",
    "name kind required toml built json column label formats choices help items",
    defaults=("text", False, True, False, True, True, None, (), None, "", ()),
)

YEARS = (1949, 2100)  # the years an attestation may give

EVIDENCE_FIELDS = (
    Field("source", required=True, help="Source key (terms/sources.toml)."),
    Field("year", "int", required=True, help=f"Year of the use, {YEARS[0]}-{YEARS[1]}."),
    Field("note", help="Where in the source, or what it shows."),
)

# The kinds of source in sources.toml: official English editions and documents, the press,
# scholarship, dictionaries and termbases, the seed papers, users' submissions, and the
# glossary's own constructed examples.
SOURCE_KINDS = ("official", "press", "scholarly", "reference", "seed", "user", "example")
OFFICIAL = "official"  # the source kind, and the usage tag, of official use


def official_english(kind: str | None, lang: str | None) -> bool:
    """A source of kind official whose languages ("zh,en") include English."""
    return kind == OFFICIAL and "en" in (lang or "").replace(" ", "").split(",")


ZH_TYPES = ("fullForm", "shortForm", "abbreviation", "variant", "phrase")
USAGES = ("official", "scholarly", "media", "us-gov", "business", "legal", "colloquial")
LANGS = ("zh", "en")
ALL_FORMATS = ("tbx", "tbx2", "csv", "xlsx", "json", "md", "html")

CONCEPT_FIELDS = (
    Field("id", required=True, label="id", formats=("tbx", "csv", "json"),
          help="The concept id; the page is /term/{id}."),
    Field("domains", "strings", required=True, label="domain", formats=ALL_FORMATS,
          help="Subject fields; the first is the term file's folder."),
    Field("tags", "strings", label="tags", formats=("tbx", "csv", "json"),
          help="Free tags (a plan, a region)."),
    Field("since", label="since", formats=("csv", "json"),
          help="First attested official use: YYYY, YYYY-MM or YYYY-MM-DD."),
    Field("definition", required=True, label="definition", formats=ALL_FORMATS,
          help="What the concept is, in English."),
    Field("note", label="note", formats=("tbx", "csv", "json"),
          help="Usage notes for translators."),
    Field("no_official_english", formats=("tbx", "json"),
          help="Why no rendering has an official English attestation: where official "
               "English was looked for and not found, or why there is none."),
    Field("related", "strings", column=False, label="related", formats=("tbx", "csv", "json"),
          help="Ids of related concepts."),
    Field("components", "strings", formats=("json",),
          help="The parts of a numbered formula, in order: concept ids, or literal items."),
)  # fmt: skip

ZH_FIELDS = (
    Field("term", required=True, formats=ALL_FORMATS, help="Simplified characters."),
    Field("type", "choice", required=True, choices=ZH_TYPES, formats=("tbx", "csv", "json"),
          help="Full form, short form, abbreviation, variant or phrase."),
    Field("pinyin", built=True, formats=ALL_FORMATS, help="Tone marks, word-joined."),
    Field("pinyin_numbered", toml=False, built=True, formats=("json",),
          help="Tone numbers, syllables spaced."),
    Field("pinyin_key", toml=False, built=True, json=False, help="Toneless search key."),
    Field("initials", toml=False, built=True, json=False, help="Initials search key."),
    Field("tones", toml=False, built=True, json=False, help="Tone digits."),
    Field("zhuyin", toml=False, built=True, formats=("json",), help="Bopomofo."),
    Field("tw", built=True, formats=("tbx", "csv", "json"), help="Taiwan form."),
    Field("hk", built=True, formats=("tbx", "csv", "json"), help="Hong Kong form."),
    Field("tw_word", formats=("tbx", "csv", "json"),
          help="The word Taiwan uses instead, where it differs (軟體 for 软件)."),
    Field("hk_word", formats=("tbx", "csv", "json"),
          help="The word Hong Kong uses instead, where it differs."),
    Field("regional_note", formats=("tbx", "json"),
          help="The regional decision: why a phrase conversion is rejected, or how Taiwan "
               "and Hong Kong render the term."),
    Field("note", formats=("tbx", "json"), help="A note on this Chinese term."),
    Field("pinyin_checked", "flag", toml=False, built=True, json=False),
    Field("tw_checked", "flag", toml=False, built=True, json=False),
    Field("hk_checked", "flag", toml=False, built=True, json=False),
)  # fmt: skip

EN_FIELDS = (
    Field("term", required=True, formats=ALL_FORMATS, help="The English rendering."),
    Field("status", "choice", required=True, choices=STATUSES, formats=("tbx", "csv", "json"),
          help="preferred, admitted, deprecated or superseded."),
    Field("usage", "strings", choices=USAGES, formats=("tbx", "json"),
          help="Who uses this rendering, as the evidence shows."),
    Field("source", formats=("tbx", "json"), help="Source key of the rendering."),
    Field("note", formats=("tbx", "json"), help="Why to use or avoid it."),
    Field("evidence", "tables", items=EVIDENCE_FIELDS, formats=("tbx", "csv", "json"),
          help="Where and when the rendering was used: source keys and years."),
    Field("replaced_in", "int", formats=("tbx", "csv", "json"),
          help="The year a superseded rendering was replaced in official use."),
    Field("first_year", "int", toml=False, column=False, formats=("tbx", "csv", "json"),
          help="The first year of its evidence (derived)."),
    Field("last_year", "int", toml=False, column=False, formats=("tbx", "csv", "json"),
          help="The last year of its evidence (derived)."),
)  # fmt: skip

CONTEXT_FIELDS = (
    Field("text", required=True, formats=("tbx", "csv", "json"), help="Quoted verbatim."),
    Field("lang", "choice", required=True, choices=LANGS, formats=("tbx", "csv", "json")),
    Field("source", required=True, formats=("tbx", "csv", "json"), help="Source key."),
)  # fmt: skip

# The parts of an entry: (TOML array of tables, its fields)
PARTS = (("zh", ZH_FIELDS), ("en", EN_FIELDS), ("context", CONTEXT_FIELDS))

# The Chinese forms a general-layer (CC-CEDICT) headword has in common with a curated term:
# the build writes them to the general table, the read API puts them in the entry JSON.
GENERAL_FORMS = ("pinyin", "pinyin_numbered", "pinyin_key", "tones", "zhuyin")
PINYIN_NUMBERED = "pinyin_numbered"  # the entry JSON key of a Chinese term's numbered pinyin


def toml_keys(fields: tuple[Field, ...]) -> tuple[str, ...]:
    """The keys a term file may use for these fields, in canonical order."""
    return tuple(f.name for f in fields if f.toml)


def json_keys(fields: tuple[Field, ...]) -> tuple[str, ...]:
    """The keys of these fields in the entry JSON, in order."""
    return tuple(f.name for f in fields if f.json)


def columns(fields: tuple[Field, ...]) -> tuple[Field, ...]:
    """The fields that are columns of the table the build writes."""
    return tuple(f for f in fields if f.column)


def blank(fields: tuple[Field, ...]) -> dict[str, object]:
    """The entry JSON of these fields with nothing known: None or [] for each."""
    return {f.name: [] if f.kind in ("strings", "tables") else None for f in fields if f.json}


def labels(fields: tuple[Field, ...]) -> tuple[str, ...]:
    """The export labels (CSV/XLSX headers) of these fields, where they have one."""
    return tuple(f.label for f in fields if f.label)
