"""The README's quick starts run as written."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from kzreforms.cli import cli

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", README, flags=re.S)


def test_readme_has_the_two_setup_commands() -> None:
    setup = _blocks("sh")[0].strip().splitlines()
    commands = [line for line in setup if line and not line.startswith("#")]
    assert len(commands) == 2
    assert "pip install" in commands[0] and "kzreforms export" in commands[0]
    assert "pip install" in commands[1] and ".[test]" in commands[1] and "pytest" in commands[1]


def test_ci_runs_the_readme_test_command() -> None:
    setup = [line for line in _blocks("sh")[0].splitlines() if line and not line.startswith("#")]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert setup[1].strip() in ci


def test_python_quick_starts_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    blocks = [b for b in _blocks("python") if "import kzreforms" in b]
    assert len(blocks) >= 2  # the quick start and the embedded-store example
    for code in blocks:
        exec(compile(code, "README.md", "exec"), {})
    printed = capsys.readouterr().out
    assert "2022 77.18 almost 80% (77.18%)" in printed  # the answer the README promises
    assert "conforms" in printed
    assert (tmp_path / "statement.jsonld").is_file()
    assert (tmp_path / "kzreforms-store").is_dir()


def _cli_lines() -> list[str]:
    lines = []
    for block in _blocks("console"):
        for line in block.splitlines():
            if line.startswith("$ kzreforms "):
                lines.append(line[2:])
    return lines


@pytest.mark.parametrize("line", _cli_lines())
def test_cli_quick_start_runs(line: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    args = shlex.split(line)[1:]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, f"{line}: {result.output}"
