"""The fast path for `glossary concordance` and `glossary usage`: no click, no build imports.

Parses `[--terms D] [--db F] concordance QUERY [--json] [--limit N] [--width N] [--from Y]
[--to Y] [--doc KEY]` and `[--terms D] [--db F] usage QUERY [--json] [--per N]`; anything
else (help, --collocates, an odd option or value) returns None and goes to click, which
answers with the same library calls and the same output.
"""

from __future__ import annotations

from glossary.research_text import concordance_lines, parse_per, usage_lines
from glossary.safetext import dumps_for_terminal, for_terminal

COMMANDS = ("concordance", "usage")
INTEGER_OPTIONS = {
    "concordance": {"--limit": (0, 10_000), "--width": (0, 500), "--from": (0, 9999),
                    "--to": (0, 9999)},
    "usage": {},
}  # fmt: skip
TEXT_OPTIONS = {"concordance": {"--doc"}, "usage": {"--per"}}


def parse(argv: list[str]) -> dict[str, object] | None:
    """The command line as a dict, or None when it is not a plain research command."""
    from glossary.launcher import split_global_options

    split = split_global_options(argv, COMMANDS)
    if split is None:
        return None
    options, args = split
    parsed: dict[str, object] = dict(options)
    command = parsed["command"] = args.pop(0)
    integers, texts = INTEGER_OPTIONS[command], TEXT_OPTIONS[command]
    while args:
        arg = args.pop(0)
        name, has_value, value = arg.partition("=")
        if not arg.startswith("-") or arg == "-":
            if "query" in parsed:
                return None
            parsed["query"] = arg
        elif arg == "--json":
            parsed["json"] = True
        elif name in integers or name in texts:
            if not has_value:
                if not args:
                    return None
                value = args.pop(0)
            if name in integers:
                low, high = integers[name]
                if not (value.isascii() and value.isdigit() and low <= int(value) <= high):
                    return None
                parsed[name[2:]] = int(value)
            else:
                parsed[name[2:]] = value
        else:
            return None
    return parsed if "query" in parsed else None


def run(parsed: dict[str, object]) -> int:
    """Answer a parsed research command; return the exit code (-1: leave it to click)."""
    from glossary.launcher import open_or_exit
    from glossary.usage import Corpus
    from glossary.usage import resolve as resolve_query

    options = {key: str(parsed[key]) for key in ("terms", "db") if key in parsed}
    with open_or_exit(options.get("terms"), options.get("db")) as glossary:
        corpus = Corpus(glossary.conn)
        query = str(parsed["query"])
        concept, forms = resolve_query(glossary, query)
        if not corpus.available or not forms:
            return -1  # unusual: let click say why
        if parsed["command"] == "usage":
            per = str(parsed.get("per", "10k"))
            try:
                base = parse_per(per)
            except ValueError:
                return -1
            record = corpus.usage(forms, query=query, concept=concept, per=base)
            lines = usage_lines(record, per)
            print(dumps_for_terminal(record)
                  if parsed.get("json") else for_terminal("\n".join(lines)))  # fmt: skip
            return 0
        doc = parsed.get("doc")
        if doc is not None and doc not in {d["key"] for d in corpus.documents()}:
            return -1
        width = int(str(parsed.get("width", 20)))
        result = corpus.concordance(
            forms, query=query, limit=int(str(parsed.get("limit", 50))), width=width,
            start=_year(parsed.get("from")), end=_year(parsed.get("to")),
            doc=None if doc is None else str(doc),
        )  # fmt: skip
        result["concept"] = concept
        if parsed.get("json"):
            print(dumps_for_terminal(result))
        else:
            print(for_terminal("\n".join(concordance_lines(result, width))))
        return 0


def _year(value: object) -> int | None:
    return None if value is None else int(str(value))
