"""The `annotate` and `extract` commands, their output formats and their handling of bad input."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.conftest import SEEDS

TEXT = "构建国内国际双\n循环，破解卡脖子难题。<script>alert('x')</script>長三角"


def write(tmp_path: Path, text: str | bytes, name: str = "doc.txt") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return path


def test_annotate_lists_terms_with_line_and_column(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = run("annotate", str(write(tmp_path, TEXT)))
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "1:3   国内国际双 循环  guónèi guójì shuāng xúnhuán  dual circulation     [dual-circulation]",
        "2:6   卡脖子           qiǎ bózi                     chokehold            [chokehold]",
        "2:39  長三角           Cháng Sānjiǎo                Yangtze River Delta  [yangtze-river-delta]",
        f"{tmp_path / 'doc.txt'}: 3 terms, 3 concepts",
    ]


def test_annotate_json_offsets_index_the_text(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = run("annotate", str(write(tmp_path, TEXT)), "--format", "json")
    document = json.loads(result.output)
    assert (document["characters"], document["terms"], document["concepts"]) == (len(TEXT), 3, 3)
    first = document["annotations"][0]
    assert first == {
        "start": 2,
        "end": 10,
        "line": 1,
        "column": 3,
        "text": "国内国际双\n循环",
        "concept": "dual-circulation",
        "term": "国内国际双循环",
        "form": "国内国际双循环",
        "pinyin": "guónèi guójì shuāng xúnhuán",
        "rendering": "dual circulation",
        "status": "preferred",
        "layer": "curated",
    }
    for annotation in document["annotations"]:
        assert TEXT[annotation["start"] : annotation["end"]] == annotation["text"]


def test_annotate_tsv_has_a_header_and_one_line_per_term(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = run("annotate", str(write(tmp_path, TEXT)), "--format", "tsv")
    rows = list(csv.DictReader(io.StringIO(result.output), delimiter="\t"))
    assert [(row["start"], row["end"], row["text"], row["concept"]) for row in rows] == [
        ("2", "10", "国内国际双 循环", "dual-circulation"),
        ("13", "16", "卡脖子", "chokehold"),
        ("46", "49", "長三角", "yangtze-river-delta"),
    ]


class PageParser(HTMLParser):
    """Collects what a self-contained page must (and must not) hold."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.rubies: list[dict[str, str | None]] = []
        self.rt: list[str] = []
        self._in_rt = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag == "ruby":
            self.rubies.append(dict(attrs))
        self._in_rt = tag == "rt"

    def handle_endtag(self, tag: str) -> None:
        self._in_rt = False

    def handle_data(self, data: str) -> None:
        if self._in_rt:
            self.rt.append(data)


def test_annotate_html_is_a_self_contained_page_with_ruby(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page_path = tmp_path / "page.html"
    result = run("annotate", str(write(tmp_path, TEXT)), "--format", "html", "-o", str(page_path))
    assert result.exit_code == 0
    page = page_path.read_text(encoding="utf-8")
    parser = PageParser()
    parser.feed(page)
    assert parser.rt == ["guónèi guójì shuāng xúnhuán", "qiǎ bózi", "Cháng Sānjiǎo"]
    assert [ruby["title"] for ruby in parser.rubies] == [
        "dual circulation — 国内国际双循环 [dual-circulation]",
        "chokehold — 卡脖子 [chokehold]",
        "Yangtze River Delta — 长三角 [yangtze-river-delta]",
    ]
    assert "script" not in parser.tags  # the text's markup is escaped, not run
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert not {"link", "img", "iframe", "object"} & set(parser.tags)
    assert "http://" not in page and "https://" not in page and "url(" not in page


@pytest.mark.parametrize("seed", ["000_f5f7d437b946f303.txt", "001_6f69eaa4f9ed676a.txt"])
def test_annotate_reads_stdin(run, seed: str) -> None:  # type: ignore[no-untyped-def]
    text = (SEEDS / seed).read_text(encoding="utf-8")
    result = run("annotate", "-", "--format", "json", input=text.encode("utf-8"))
    assert result.exit_code == 0
    document = json.loads(result.output)
    assert document["file"] == "<stdin>"
    assert document["annotations"]
    for annotation in document["annotations"]:
        assert text[annotation["start"] : annotation["end"]] == annotation["text"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty file"),
        (b"  \n\n ", "empty file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file (NUL bytes), expected UTF-8 text"),
        ("中文".encode("gb18030"), "not UTF-8 text (byte 0xd6 at offset 0)"),
    ],
)
@pytest.mark.parametrize("command", ["annotate", "lint", "extract"])
def test_empty_and_binary_input_exit_2(
    run, tmp_path: Path, command: str, content: bytes, message: str
) -> None:  # type: ignore[no-untyped-def]
    path = write(tmp_path, content)
    result = run(command, str(path))
    assert result.exit_code == 2
    assert result.output == f"error: {path}: {message}\n"
    from_stdin = run(command, "-", input=content)
    assert from_stdin.exit_code == 2
    assert from_stdin.output == f"error: <stdin>: {message}\n"


def test_a_missing_file_exits_2(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = run("annotate", str(tmp_path / "nowhere.txt"))
    assert result.exit_code == 2
    assert result.output.startswith(f"error: {tmp_path / 'nowhere.txt'}: cannot read")


def test_utf16_with_a_byte_order_mark_is_read(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = run("annotate", str(write(tmp_path, "卡脖子".encode("utf-16"))), "--format", "tsv")
    assert result.exit_code == 0
    assert "\tchokehold\t" in result.output


def test_extract_writes_the_document_glossary_as_json(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "doc-glossary.json"
    result = run("extract", str(write(tmp_path, TEXT)), "--format", "json", "-o", str(out))
    assert result.exit_code == 0
    document = json.loads(out.read_text(encoding="utf-8"))
    assert [entry["id"] for entry in document["entries"]] == [
        "dual-circulation",
        "chokehold",
        "yangtze-river-delta",
    ]  # in order of first appearance
    assert document["title"] == f"Glossary for {tmp_path / 'doc.txt'}"
    assert set(document["sources"]) == {"chan-2022"}


def test_extract_writes_csv_for_spreadsheets_and_cat_tools(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "doc-glossary.csv"
    result = run("extract", str(write(tmp_path, TEXT)), "--format", "csv", "-o", str(out))
    assert result.exit_code == 0
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # a BOM, so that Excel reads UTF-8
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert [(row["id"], row["zh-CN"], row["en"], row["en deprecated"]) for row in rows] == [
        ("dual-circulation", "双循环", "dual circulation", "double circulation"),
        ("chokehold", "卡脖子", "chokehold", "neck-strangling"),
        ("yangtze-river-delta", "长三角", "Yangtze River Delta", ""),
    ]


def test_extract_refuses_an_unknown_format(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = run("extract", str(write(tmp_path, TEXT)), "--format", "docx")
    assert result.exit_code == 2
    assert "unknown format 'docx'" in result.output


def test_annotate_as_a_whole_process(aid_terms: Path, aid_db: Path, tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "glossary", "--terms", str(aid_terms), "--db", str(aid_db),
         "annotate", "-", "--format", "tsv"],
        input="国内国外双 循环".encode(),
        capture_output=True,
        check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.decode("utf-8").splitlines()[1].startswith("4\t8\t1\t5\t双 循环\t")
