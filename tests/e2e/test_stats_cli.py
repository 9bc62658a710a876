"""``annotator stats`` and the CLI's help and version."""

from __future__ import annotations

import json
import sys

import pytest
from typer.testing import CliRunner

from annotator import __version__, cli
from annotator.cli import app
from annotator.model import ENTITY, Article, Span
from annotator.store import Store

runner = CliRunner()


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and __version__ in result.output


def test_every_command_has_help_text() -> None:
    import typer.main

    group = typer.main.get_command(app)
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        assert command.help, f"annotator {name} has no help text"
        result = runner.invoke(app, [name, "--help"])
        assert result.exit_code == 0, name
        for param in command.params:
            if param.param_type_name == "option" and param.name != "help":
                assert param.help, f"annotator {name} {param.opts[0]} has no help text"


def test_the_command_lists_show_each_command_in_one_sentence() -> None:
    """``annotator --help`` lists a command by its help's first paragraph, kept with its line
    breaks: a sentence broken across source lines came out as a ragged half-line."""
    import click
    import typer.main

    def groups(group: click.Group, path: str):  # noqa: ANN202
        yield path, group
        for name, command in group.commands.items():
            if isinstance(command, click.Group):
                yield from groups(command, f"{path} {name}")

    for path, group in groups(typer.main.get_command(app), "annotator"):  # type: ignore[arg-type]
        for name, command in group.commands.items():
            first = (command.help or "").strip().split("\n\n")[0]
            assert "\n" not in first, f"{path} {name}: first paragraph spans lines: {first!r}"


def test_stats_json_shape(project) -> None:
    with Store(project) as store:
        ids = store.add_articles(
            [
                (
                    Article(text="EU rejects German call"),
                    [Span(0, 2, ENTITY, "ORG"), Span(11, 17, ENTITY, "NORP")],
                ),
                Article(text="second"),
            ],
            annotator="ann",
            status="done",
        ).article_ids
        assert len(ids) == 2
    result = runner.invoke(app, ["stats", str(project), "--json"])
    assert result.exit_code == 0, result.output
    stats = json.loads(result.output)
    assert stats["articles"] == 2
    assert stats["layers"]["entity"]["labels"] == {"NORP": 1, "ORG": 1}
    assert stats["annotators"]["ann"]["done"] == 1 and stats["annotators"]["ann"]["todo"] == 1


def test_stats_text(db_path) -> None:
    Store(db_path).close()
    result = runner.invoke(app, ["stats", str(db_path)])
    assert result.exit_code == 0 and "0 articles" in result.output


def test_stats_on_missing_file_is_one_line_error(tmp_path) -> None:
    result = runner.invoke(app, ["stats", str(tmp_path / "nope.db")])
    assert result.exit_code == 1
    assert result.output.strip().count("\n") == 0 and "no such database" in result.output


def test_an_unexpected_exception_is_one_line_saying_bug(monkeypatch, capsys) -> None:  # issue 9.6
    def broken() -> None:
        raise ZeroDivisionError("division by zero\nsecond line")

    monkeypatch.setattr(cli, "app", broken)
    monkeypatch.setattr(sys, "argv", ["annotator", "stats", "x.db"])
    monkeypatch.delenv("ANNOTATOR_DEBUG", raising=False)
    with pytest.raises(SystemExit) as exited:
        cli.main()
    assert exited.value.code == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("error: internal error (a bug")
    assert "ZeroDivisionError: division by zero second line" in err and "Traceback" not in err
    monkeypatch.setenv("ANNOTATOR_DEBUG", "1")  # the traceback, for whoever fixes it
    with pytest.raises(ZeroDivisionError):
        cli.main()


def test_an_os_error_is_one_line_naming_the_file(monkeypatch, capsys, tmp_path) -> None:
    def denied() -> None:
        open(tmp_path / "missing" / "x")  # noqa: PTH123, SIM115 - a real OSError

    monkeypatch.setattr(cli, "app", denied)
    monkeypatch.setattr(sys, "argv", ["annotator", "stats", "x.db"])
    with pytest.raises(SystemExit) as exited:
        cli.main()
    assert exited.value.code == 1
    assert capsys.readouterr().err == f"error: {tmp_path / 'missing' / 'x'}: No such file or directory\n"
