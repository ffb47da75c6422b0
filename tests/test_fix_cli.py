"""``python -m reader fix …`` and ``parse --no-fixes``, run as real processes.

Each test has its own data folder (conftest sets XDG_DATA_HOME, which the processes
inherit), so fixes made by one process are read by the next one from the same database.
Expectations come from the analysis without fixes (``parse --no-fixes``) and the page text.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from clirun import run_reader as run

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.fixture
def library(tmp_path: Path) -> Path:
    folder = tmp_path / "library"
    shutil.copytree(SEEDS, folder)
    return folder


def fix(library: Path, *args: str, data: Path | None = None) -> subprocess.CompletedProcess[str]:
    return run("fix", *args, "--library", str(library), data=data)


def parsed(library: Path, *extra: str, data: Path | None = None) -> dict:
    result = run("parse", str(library), "--json", "--library", str(library), *extra, data=data)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def articles(data: dict) -> list[dict]:
    return [a for page in data["pages"] for a in page["articles"]]


def by_id(data: dict, article_id: str) -> dict:
    return next(a for a in articles(data) if a["id"] == article_id)


def next_on_page(data: dict, article_id: str) -> dict:
    for page in data["pages"]:
        ids = [a["id"] for a in page["articles"]]
        if article_id in ids:
            return page["articles"][ids.index(article_id) + 1]
    raise AssertionError(article_id)


def listed(library: Path, data: Path | None = None) -> list[dict]:
    result = fix(library, "list", "--json", data=data)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)["fixes"]


def several_paragraphs(data: dict) -> dict:
    lone = {s["fragments"][0] for s in data["stories"] if len(s["fragments"]) == 1}
    return max(
        (a for a in articles(data) if a["id"] in lone and a["kind"] == "article"),
        key=lambda a: len(a["paragraphs"]),
    )


def test_split_lasts_and_no_fixes_shows_the_analysis(library: Path) -> None:
    analysed = parsed(library)
    target = several_paragraphs(analysed)
    start = target["paragraphs"][1].strip()[:6]
    result = fix(library, "split", target["id"], "--before", start)
    assert result.returncode == 0, result.stderr
    assert "已更正" in result.stdout

    corrected = parsed(library)  # another process, the same fixes database
    first, second = by_id(corrected, target["id"]), next_on_page(corrected, target["id"])
    assert first["paragraphs"] == target["paragraphs"][:1]
    assert second["paragraphs"] == target["paragraphs"][1:]
    assert second["id"] in result.stdout
    untouched = [a["id"] for a in articles(analysed)]
    assert [a["id"] for a in articles(corrected) if a["id"] != second["id"]] == untouched
    assert any(s["fragments"] == [second["id"]] for s in corrected["stories"])
    assert parsed(library, "--no-fixes") == analysed

    outline = run("--library", str(library), "--outline")
    assert outline.returncode == 0 and "（无标题）" + start in outline.stdout

    assert fix(library, "undo").returncode == 0
    assert parsed(library) == analysed
    undo_again = fix(library, "undo")
    assert undo_again.returncode == 1 and "没有可撤销" in undo_again.stderr


def test_refusals_say_why_and_change_nothing(library: Path) -> None:
    analysed = parsed(library)
    target = several_paragraphs(analysed)
    pages = [p for p in analysed["pages"] if p["articles"]]
    one, two = pages[0]["articles"][0]["id"], pages[1]["articles"][0]["id"]
    for args, message in (
        (("split", "a-no-such-id", "--before", "x"), "没有编号为 a-no-such-id 的文章"),
        (("split", target["id"], "--before", "这段文字不在文章里"), "文章中没有"),
        (("merge", one, two), "不在同一版"),
        (("title", "a-no-such-id", "--title", "T"), "没有编号"),
        (("kind", target["id"], target["kind"]), "已经是"),
        (("link", one, "a-no-such-id"), "没有编号"),
        (("unlink", target["id"]), "没有接续"),
    ):
        result = fix(library, *args)
        assert result.returncode == 1, (args, result.stdout)
        assert message in result.stderr
        assert "Traceback" not in result.stderr
    assert listed(library) == []
    assert parsed(library) == analysed


def test_merge_title_kind_and_list(library: Path) -> None:
    analysed = parsed(library)
    page = max(analysed["pages"], key=lambda p: len(p["articles"]))
    first, second = page["articles"][0], page["articles"][1]
    assert fix(library, "merge", first["id"], second["id"]).returncode == 0
    result = fix(
        library, "title", first["id"], "--title", "新标题", "--kicker", "新引题", "--byline", ""
    )
    assert result.returncode == 0, result.stderr
    assert fix(library, "kind", first["id"], "notice").returncode == 0

    merged = by_id(parsed(library), first["id"])
    assert merged["paragraphs"] == first["paragraphs"] + second["paragraphs"]
    assert (merged["title"], merged["kicker"], merged["byline"]) == ("新标题", "新引题", "")
    assert merged["kind"] == "notice"
    assert second["id"] not in [a["id"] for a in articles(parsed(library))]

    rows = listed(library)
    assert [r["op"] for r in rows] == ["merge", "title", "kind"]
    assert {r["status"] for r in rows} == {"applied"}
    assert all(r["target"]["page"]["key"] and r["target"]["page"]["hash"] for r in rows)
    text = fix(library, "list")
    assert text.returncode == 0 and text.stdout.count("[已应用]") == 3


def test_link_and_unlink(library: Path) -> None:
    issue = library / "乌海日报" / "2025-06-23"
    issue.mkdir(parents=True)
    (issue / "04.txt").write_text(
        "本报讯 今年以来，我市持续推进城市更新行动，完成老旧小区改造\n"
        "项目十二个，惠及居民三千余户，群众的获得感持续增强。\n",
        encoding="utf-8",
    )
    analysed = parsed(library)
    pages = [
        p for p in analysed["pages"] if (p["newspaper"], p["date"]) == ("乌海日报", "2025-06-23")
    ]
    head = next(p for p in pages if p["page"] == 1)["articles"][-1]["id"]
    tail = next(p for p in pages if p["page"] == 4)["articles"][0]["id"]
    assert fix(library, "link", head, tail).returncode == 0
    story = next(s for s in parsed(library)["stories"] if head in s["fragments"])
    assert story["fragments"][-2:] == [head, tail]
    assert fix(library, "unlink", head).returncode == 0
    story = next(s for s in parsed(library)["stories"] if head in s["fragments"])
    assert story["fragments"][-1] == head
    assert [r["op"] for r in listed(library)] == ["link", "unlink"]


def test_a_changed_page_is_reported(library: Path) -> None:
    analysed = parsed(library)
    target = several_paragraphs(analysed)
    assert fix(library, "kind", target["id"], "photo").returncode == 0
    source = next(Path(p["source"]) for p in analysed["pages"] if target in p["articles"])
    source.write_text(source.read_text(encoding="utf-8") + "\n本报讯 补记一段。\n", "utf-8")
    result = run("parse", str(library), "--json", "--library", str(library))
    assert result.returncode == 0
    assert "更正未应用（版面文字已改变）" in result.stderr
    assert by_id(json.loads(result.stdout), target["id"])["kind"] == target["kind"]
    rows = listed(library)
    assert [r["status"] for r in rows] == ["page-changed"]
    assert "版面文字已改变" in fix(library, "list").stdout


def test_export_import_round_trip(library: Path, tmp_path: Path) -> None:
    analysed = parsed(library)
    target = several_paragraphs(analysed)
    assert (
        fix(library, "split", target["id"], "--before", target["paragraphs"][1][:6]).returncode == 0
    )
    assert fix(library, "title", target["id"], "--subtitle", "副题").returncode == 0
    shared = tmp_path / "fixes.json"
    result = fix(library, "export", str(shared))
    assert result.returncode == 0 and shared.exists()
    assert [f["uid"] for f in json.loads(shared.read_text("utf-8"))["fixes"]] == [
        r["uid"] for r in listed(library)
    ]

    colleague = tmp_path / "colleague-data"  # another reader's data folder, same archive
    assert listed(library, data=colleague) == []
    first = fix(library, "import", str(shared), data=colleague)
    assert first.returncode == 0 and "已导入 2 条" in first.stdout
    second = fix(library, "import", str(shared), data=colleague)
    assert second.returncode == 0 and "已导入 0 条" in second.stdout
    assert len(listed(library, data=colleague)) == 2
    assert parsed(library, data=colleague) == parsed(library)

    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    result = fix(library, "import", str(broken), data=colleague)
    assert result.returncode == 1 and "不是 JSON" in result.stderr


def test_parse_prints_the_analysis_when_fixes_cannot_be_read(tmp_path: Path) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("", encoding="utf-8")
    result = run("parse", str(SEEDS / "000_b3bc1cab3866df80.txt"), "--json", data=blocked)
    assert result.returncode == 0 and json.loads(result.stdout)["pages"]
    assert "无法读取更正" in result.stderr
    assert "Traceback" not in result.stderr
