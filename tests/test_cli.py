"""The command line, run in-process with click's CliRunner: exit codes and messages."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph
from rdflib.compare import isomorphic

from kzreforms import cli as cli_module
from kzreforms.cli import cli

ROOT = Path(__file__).resolve().parents[1]


def commands() -> list[str]:
    return sorted(cli.commands)


@pytest.mark.parametrize("flag", ["-h", "--help"])
def test_help_lists_every_command_and_exit_codes(runner: CliRunner, flag: str) -> None:
    result = runner.invoke(cli, [flag])
    assert result.exit_code == 0
    for name in commands():
        assert name in result.output
    assert "Exit codes:" in result.output
    for code in range(6):
        assert f"  {code}  " in result.output


@pytest.mark.parametrize("name", commands())
def test_each_command_has_help_with_an_example(runner: CliRunner, name: str) -> None:
    result = runner.invoke(cli, [name, "-h"])
    assert result.exit_code == 0
    assert cli.commands[name].help
    assert "Examples:" in result.output
    assert f"kzreforms {name}" in result.output


@pytest.mark.parametrize("name", commands())
def test_readme_documents_each_command(name: str) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"kzreforms {name}" in readme


def test_readme_documents_the_exit_codes() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for code in (
        "EXIT_OK",
        "EXIT_NOT_CONFORMING",
        "EXIT_USAGE",
        "EXIT_INPUT",
        "EXIT_OUTPUT",
        "EXIT_STORE",
    ):
        assert f"| {getattr(cli_module, code)} |" in readme


def test_version(runner: CliRunner) -> None:
    from kzreforms import __version__

    result = runner.invoke(cli, ["--version"])
    assert result.exit_code == 0
    assert result.output.strip() == f"kzreforms {__version__}"


def test_help_and_version_import_neither_rdflib_nor_pyshacl() -> None:
    code = (
        "import sys\n"
        "from kzreforms.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "try:\n    main(['export', '--help'])\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('rdflib', 'pyshacl')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "[]"


def test_help_imports_no_heavy_standard_module() -> None:
    """Start-up stays near a bare click import: no shutil (bz2, lzma) for --help, no pathlib."""
    code = (
        "import sys\n"
        "from kzreforms.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "try:\n    main(['--version'])\nexcept SystemExit:\n    pass\n"
        "heavy = ('shutil', 'bz2', 'lzma', 'tempfile', 'importlib.resources', 'json', 'pathlib')\n"
        "print(sorted(m for m in sys.modules if m in heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "[]"


def test_help_is_sized_to_columns_as_click_sizes_it() -> None:
    """The help formatter that avoids shutil wraps exactly as click's own at any COLUMNS."""
    code = (
        "import sys, click\n"
        "from kzreforms import cli\n"
        "if sys.argv[1] == 'click':\n    cli._Context.formatter_class = click.HelpFormatter\n"
        "try:\n    cli.main(['export', '--help'])\nexcept SystemExit:\n    pass\n"
    )
    for columns in ("", "60", "79", "300", "junk"):
        env = {**os.environ, "COLUMNS": columns}
        ours, clicks = (
            subprocess.run(
                [sys.executable, "-c", code, which],
                capture_output=True,
                text=True,
                check=True,
                env=env,
            ).stdout
            for which in ("ours", "click")
        )
        assert ours == clicks and "Usage: " in ours, columns
    narrow = {**os.environ, "COLUMNS": "60"}
    out = subprocess.run(
        [sys.executable, "-c", code, "ours"], capture_output=True, text=True, check=True, env=narrow
    ).stdout
    assert "  Output is deterministic: the same input gives the same\n" in out  # width 58


def test_info_of_the_packaged_dataset_parses_nothing() -> None:
    """``kzreforms info`` answers from the summary file: rdflib is never imported."""
    code = (
        "import sys\n"
        "from kzreforms.cli import main\n"
        "try:\n    main(['info'])\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('rdflib', 'pyshacl')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.startswith("kzreforms ")
    assert out.stdout.strip().splitlines()[-1] == "[]"


def test_packaged_summary_file_is_current() -> None:
    """The summary file is what parsing the packaged Turtle gives; it fails when it is stale."""
    from kzreforms import summary

    fresh = summary.render_summary_file(summary._summarise(None))
    assert summary.SUMMARY_FILE.read_text(encoding="utf-8") == fresh, (
        "kzreforms/packaged_summary.json is stale: run python -m kzreforms.summary"
    )
    assert summary.info() == summary._summarise(None)


def test_info_ignores_a_stale_or_broken_summary_file(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A summary whose digests do not match the packaged files is never shown."""
    from kzreforms import summary

    expected = runner.invoke(cli, ["info"]).output
    document = json.loads(summary.SUMMARY_FILE.read_text(encoding="utf-8"))
    document["graphs"] = [["https://example.org/wrong", 1]]
    stale = tmp_path / "stale.json"
    monkeypatch.setattr(summary, "SUMMARY_FILE", stale)
    stale.write_text(json.dumps(document), encoding="utf-8")
    assert summary._packaged_summary() is not None  # digests match: the file would be used
    document["sources"][0][2] = "0" * 64  # as if a packaged file had been edited since
    stale.write_text(json.dumps(document), encoding="utf-8")
    assert summary._packaged_summary() is None
    result = runner.invoke(cli, ["info"])
    assert result.exit_code == 0 and result.output == expected
    stale.write_text("{not json", encoding="utf-8")
    result = runner.invoke(cli, ["info"])
    assert result.exit_code == 0 and result.output == expected


def test_python_dash_m_runs_the_cli() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "kzreforms", "--version"], capture_output=True, text=True, check=True
    )
    assert out.stdout.startswith("kzreforms ")


def test_export_turtle_to_stdout(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["export", "-f", "turtle", "--graph", "data"])
    assert result.exit_code == 0, result.output
    assert "@prefix kzr: <https://w3id.org/kzreforms/ontology#> ." in result.output


def test_export_to_file_and_converter(runner: CliRunner, sample_file: Path, tmp_path: Path) -> None:
    target = tmp_path / "out.nt"
    result = runner.invoke(cli, ["export", str(sample_file), "-f", "nt", "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert isomorphic(Graph().parse(target, format="nt"), Graph().parse(sample_file))


def test_export_all_into_a_folder(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["export", "--all", "-o", str(tmp_path / "dist")])
    assert result.exit_code == 0, result.output
    suffixes = sorted(p.suffix for p in (tmp_path / "dist").iterdir())
    assert suffixes == [".jsonld", ".jsonld", ".nq", ".nt", ".rdf", ".trig", ".ttl"]


def test_export_all_without_output_is_a_usage_error(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["export", "--all"])
    assert result.exit_code == 2
    assert "-o DIR" in result.output


def test_unknown_format_is_a_usage_error(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["export", "-f", "yaml"])
    assert result.exit_code == 2
    assert "Invalid value for '--format'" in result.output


def test_query_by_name_and_formats(runner: CliRunner) -> None:
    listing = runner.invoke(cli, ["query", "--list"])
    assert listing.exit_code == 0
    first = listing.output.splitlines()[0].split("\t")[0]
    for fmt in ("table", "csv", "tsv", "json"):
        result = runner.invoke(cli, ["query", first, "--format", fmt])
        assert result.exit_code == 0, result.output
    document = json.loads(runner.invoke(cli, ["query", first, "-f", "json"]).output)
    assert "head" in document


def test_query_text_and_file(runner: CliRunner, tmp_path: Path) -> None:
    rq = tmp_path / "q.rq"
    rq.write_text("ASK { ?s ?p ?o }", encoding="utf-8")
    assert runner.invoke(cli, ["query", str(rq)]).output == "yes\n"
    result = runner.invoke(
        cli, ["query", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "-f", "csv"]
    )
    assert result.exit_code == 0
    assert result.stdout_bytes.startswith(b"n\r\n")  # SPARQL 1.1 CSV lines end in CRLF


def test_query_syntax_error_is_exit_3(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["query", "SELECT ?s WHERE { ?s ?p }"])
    assert result.exit_code == 3
    assert result.output.startswith("Error: SPARQL syntax error at line 1")
    assert len(result.output.strip().splitlines()) == 1


def test_query_without_argument_is_a_usage_error(runner: CliRunner) -> None:
    assert runner.invoke(cli, ["query"]).exit_code == 2


def test_info(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["info"])
    assert result.exit_code == 0
    assert "https://w3id.org/kzreforms/graph/data" in result.output
    assert "kzr:" in result.output


def test_validate_shipped_data_conforms(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["validate"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Conforms")


def test_no_traceback_in_python_dash_m_errors(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix ex: <http://example.org/> .\nex:a ex:b .\n", encoding="utf-8")
    out = subprocess.run(
        [sys.executable, "-m", "kzreforms", "export", str(bad)],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONHASHSEED": "1"},
    )
    assert out.returncode == 3
    assert "Traceback" not in out.stderr
    assert out.stderr.startswith(f"Error: {bad}:2:")
    # The library error keeps its cause (the parser's); the command line prints one line.
    assert len(out.stderr.splitlines()) == 1, out.stderr
    assert "pass --input-format if it is in another syntax" in out.stderr


def test_the_cli_names_its_option_where_the_library_names_the_parameter(
    runner: CliRunner, sample_file: Path
) -> None:
    result = runner.invoke(cli, ["export", str(sample_file), "--graph", "data"])
    assert result.exit_code == 3
    assert result.output.endswith("; use --graph all for your own files\n"), result.output
    construct = "CONSTRUCT { ?s a <urn:T> } WHERE { ?s a ?c } LIMIT 1"
    result = runner.invoke(cli, ["query", construct, "-f", "csv"])
    assert "leave out --format csv (the graph prints as Turtle)" in result.output
    result = runner.invoke(cli, ["query", "no-such-question"])
    assert result.output.endswith("run 'kzreforms query --list' to see the query names\n")


def test_every_option_the_cli_renders_is_an_option_of_a_command() -> None:
    options = {opt for command in cli.commands.values() for p in command.params for opt in p.opts}
    assert set(cli_module.OPTIONS.values()) <= options
    for call, command in cli_module.COMMANDS.items():
        name, _, option = command.split("'")[1].removeprefix("kzreforms ").partition(" ")
        assert option in {o for p in cli.commands[name].params for o in p.opts}, call


@pytest.mark.parametrize(
    ("message", "parameter", "shown"),
    [
        ("base_url 'ftp://x': give an http(s) URL", "base_url", "--base-url 'ftp://x': give"),
        ("use graphs='all' for your own files", "graphs", "use --graph all for your own files"),
        ('leave out format="csv"', "format", "leave out --format csv"),
        ("raise timeout", "timeout", "raise --timeout"),
        # Only the error's own parameter, only as a whole word.
        ("pass input_format; unknown RDF format", "input_format", "pass --input-format; unknown"),
        ("the timeouts of graphs", "format", "the timeouts of graphs"),
        ("timeout_s or my.timeout", "timeout", "timeout_s or my.timeout"),
    ],
)
def test_cli_message_renders_only_the_errors_parameter(
    message: str, parameter: str, shown: str
) -> None:
    from kzreforms.errors import InputError

    assert cli_module.cli_message(InputError(message, parameter=parameter)).startswith(shown)


def test_query_table_shortens_iris_but_results_formats_keep_them(runner: CliRunner) -> None:
    table = runner.invoke(cli, ["query", "01"]).output
    assert "kzd:party-registration-threshold-reduction" in table
    assert "https://w3id.org/kzreforms/id/" not in table
    csv_text = runner.invoke(cli, ["query", "01", "-f", "csv"]).output
    assert "https://w3id.org/kzreforms/id/party-registration-threshold-reduction" in csv_text


STAR = "SELECT * WHERE { ?s ?p ?o FILTER(isIRI(?s) && !isBlank(?o)) } ORDER BY ?s ?p ?o LIMIT 3"


@pytest.mark.slow
def test_select_star_columns_do_not_depend_on_the_hash_seed() -> None:
    outputs = {
        subprocess.run(
            [sys.executable, "-m", "kzreforms", "query", STAR],
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
            check=True,
        ).stdout
        for seed in ("0", "1", "2", "3")
    }
    assert len(outputs) == 1
    assert next(iter(outputs)).split()[:5] == ["s", "|", "p", "|", "o"]


def test_query_from_clause_fetches_nothing(runner: CliRunner) -> None:
    result = runner.invoke(
        cli, ["query", "SELECT * FROM <http://nonexistent.invalid/x.ttl> WHERE { ?s ?p ?o }"]
    )
    assert result.exit_code == 0, result.output
    assert "(0 rows)" in result.output


def test_query_service_is_refused(runner: CliRunner) -> None:
    result = runner.invoke(
        cli, ["query", "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"]
    )
    assert result.exit_code == 3
    assert "remote SERVICE" in result.output


def test_query_by_plain_number(runner: CliRunner) -> None:
    assert runner.invoke(cli, ["query", "2"]).output == runner.invoke(cli, ["query", "02"]).output


def test_construct_results_are_not_tables(runner: CliRunner) -> None:
    construct = "CONSTRUCT { ?s a <urn:T> } WHERE { ?s a ?c } LIMIT 1"
    assert runner.invoke(cli, ["query", construct]).exit_code == 0
    result = runner.invoke(cli, ["query", construct, "-f", "csv"])
    assert result.exit_code == 3
    assert "gives a graph" in result.output


def test_export_all_refuses_a_format(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["export", "--all", "-f", "nt", "-o", str(tmp_path)])
    assert result.exit_code == 2
    assert "leave out -f" in result.output


def test_export_all_with_inline_context(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["export", "--all", "--inline-context", "-o", str(tmp_path)])
    assert result.exit_code == 0
    document = json.loads((tmp_path / "kzreforms.jsonld").read_text(encoding="utf-8"))
    assert isinstance(document["@context"], dict)


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_full_disk_on_stdout_is_exit_4() -> None:
    with open("/dev/full", "wb") as full:
        out = subprocess.run(
            [sys.executable, "-m", "kzreforms", "export"], stdout=full, stderr=subprocess.PIPE
        )
    assert out.returncode == 4
    assert b"Traceback" not in out.stderr
    assert b"cannot write to standard output" in out.stderr


def test_closed_pipe_is_a_quiet_exit() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "kzreforms", "export", "-f", "nt"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None
    process.stdout.readline()
    process.stdout.close()
    _, err = process.communicate()
    assert process.returncode == 0
    assert b"Traceback" not in err


def test_info_on_a_quad_file_shows_only_its_prefixes(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "q.trig"
    path.write_text(
        "@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\nex:g { ex:a ex:b ex:d }\n",
        encoding="utf-8",
    )
    output = runner.invoke(cli, ["info", str(path)]).output
    assert "(default graph)" in output and "http://example.org/g" in output
    assert "ex:" in output
    assert "brick:" not in output and "xml:" not in output
