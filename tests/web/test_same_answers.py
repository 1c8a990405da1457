"""The CLI and the site share glossary.service: the same input gets the same answer."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from flask import Flask
from flask.testing import FlaskClient
from lxml import html

from glossary.cli import cli
from tests.web.conftest import csrf_token
from web import create_app


@pytest.fixture
def mini_client(mini_terms: Path, mini_db: Path, tmp_path: Path) -> FlaskClient:
    """The site over the fixture termbase (no general layer)."""
    app: Flask = create_app(
        {
            "TESTING": True,
            "GLOSSARY_TERMS": str(mini_terms),
            "GLOSSARY_DB": str(mini_db),
            "SUGGESTIONS_DB": str(tmp_path / "suggestions.db"),
            "SECRET_KEY": "test",
        }
    )
    return app.test_client()


def cli_run(mini_terms: Path, mini_db: Path, *args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, ["--terms", str(mini_terms), "--db", str(mini_db), *args])


def cli_check(
    mini_terms: Path, mini_db: Path, folder: Path, source: bytes, translation: bytes, *options: str
):  # type: ignore[no-untyped-def]
    """`glossary check` on the two texts, written to source.txt and translation.txt."""
    (folder / "source.txt").write_bytes(source)
    (folder / "translation.txt").write_bytes(translation)
    files = ["--source", str(folder / "source.txt"), "--target", str(folder / "translation.txt")]
    return cli_run(mini_terms, mini_db, "check", *files, *options)


def post_check(client: FlaskClient, source: bytes, translation: bytes) -> html.HtmlElement:
    token = csrf_token(client, "/check")
    page = client.post(
        "/check",
        data={
            "csrf_token": token,
            "source_upload": (io.BytesIO(source), "source.txt"),
            "translation_upload": (io.BytesIO(translation), "translation.txt"),
        },
        content_type="multipart/form-data",
    )
    assert page.status_code == 200
    return html.fromstring(page.get_data(as_text=True))


def test_a_file_with_nul_bytes_is_refused_by_both(
    mini_terms: Path, mini_db: Path, mini_client: FlaskClient, tmp_path: Path
) -> None:
    source = "推动双循环\x00".encode()
    result = cli_check(mini_terms, mini_db, tmp_path, source, b"promote dual circulation")
    assert result.exit_code == 2
    assert "binary file (NUL bytes), expected UTF-8 text" in result.output
    page = post_check(mini_client, source, b"promote dual circulation")
    errors = " ".join(page.xpath("//*[contains(@class, 'form-errors')]//text()"))
    assert "source.txt: binary file (NUL bytes), expected UTF-8 text" in errors
    assert not page.xpath("//*[contains(@class, 'kind-deprecated')]")


def test_a_trailing_blank_line_is_ignored_by_both(
    mini_terms: Path, mini_db: Path, mini_client: FlaskClient, tmp_path: Path
) -> None:
    source = "推动双循环\n   \n".encode()
    translation = b"promote double circulation"
    result = cli_check(mini_terms, mini_db, tmp_path, source, translation, "--format", "json")
    assert result.exit_code == 1, result.output
    issues = json.loads(result.output)["issues"]
    assert [(i["kind"], i["concept"]) for i in issues] == [("DEPRECATED", "dual-circulation")]
    page = post_check(mini_client, source, translation)
    assert not page.xpath("//*[contains(@class, 'form-errors')]")
    badges = page.xpath("//span[contains(@class, 'badge')]/text()")
    assert badges == ["DEPRECATED"]


@pytest.mark.parametrize(
    "cli_args, form",
    [
        (("--query", "circulation"), {"q": "circulation"}),
        (("--domain", "economy"), {"domain": "economy"}),
        (("--status", "deprecated"), {"status": "deprecated"}),
        (("--query", "卡脖子", "--domain", "economy"), {"q": "卡脖子", "domain": "economy"}),
    ],
)
def test_an_export_gives_the_same_bytes_from_both(
    mini_terms: Path,
    mini_db: Path,
    mini_client: FlaskClient,
    cli_args: tuple[str, ...],
    form: dict[str, str],
) -> None:
    result = cli_run(mini_terms, mini_db, "export", "--format", "csv", *cli_args)
    assert result.exit_code == 0, result.output
    response = mini_client.get("/export", query_string={"format": "csv", **form})
    if result.stdout_bytes.count(b"\n") <= 1:  # a header alone: nothing matched
        assert response.status_code == 404
        assert "No entries match these filters." in response.get_data(as_text=True)
    else:
        assert response.data == result.stdout_bytes
