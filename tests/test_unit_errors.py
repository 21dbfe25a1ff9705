"""Unit tests of the error tree and of ``one_line``, which squeezes details into messages."""

from __future__ import annotations

import pytest

from kzreforms.errors import (
    InputError,
    KzReformsError,
    OutputError,
    QueryError,
    RemoteContextError,
    ShapesError,
    StoreError,
    one_line,
)


@pytest.mark.parametrize(
    ("text", "squeezed"),
    [
        ("a   b", "a b"),
        ("  leading and trailing  ", "leading and trailing"),
        ("line one\nline two\r\n\tindented", "line one line two indented"),
        ("non\u00a0breaking\u2003em space", "non breaking em space"),
        ("", ""),
        (" \n\t ", ""),
    ],
)
def test_one_line_joins_every_run_of_whitespace_into_one_space(text: str, squeezed: str) -> None:
    assert one_line(text) == squeezed


def test_one_line_reads_any_object_as_its_text() -> None:
    assert one_line(ValueError("bad\n  value")) == "bad value"
    assert one_line(42) == "42"


def test_one_line_keeps_a_line_of_exactly_the_limit() -> None:
    assert one_line("x" * 160) == "x" * 160
    assert one_line("abcde", limit=5) == "abcde"


def test_one_line_cuts_a_longer_line_to_the_limit_with_an_ellipsis() -> None:
    assert one_line("x" * 161) == "x" * 159 + "…"
    assert len(one_line("y" * 1000)) == 160
    assert one_line("abcdef", limit=5) == "abcd…"
    assert one_line("a   b", limit=2) == "a…"
    assert one_line("ab", limit=1) == "…"


def test_one_line_cuts_after_squeezing_not_before() -> None:
    # Ten words of three letters and their nine spaces: 39 characters once squeezed.
    text = "\n\n   ".join(["abc"] * 10)
    assert one_line(text, limit=39) == " ".join(["abc"] * 10)
    assert one_line(text, limit=38) == " ".join(["abc"] * 9) + " a…"


def test_one_line_without_a_limit_keeps_everything() -> None:
    assert one_line("z " * 500, limit=None) == " ".join(["z"] * 500)


@pytest.mark.parametrize(
    ("error", "builtin"),
    [
        (InputError, ValueError),
        (RemoteContextError, InputError),
        (QueryError, InputError),
        (ShapesError, ValueError),
        (OutputError, OSError),
        (StoreError, RuntimeError),
    ],
)
def test_each_error_is_a_kzreforms_error_and_its_builtin(
    error: type[KzReformsError], builtin: type[Exception]
) -> None:
    raised = error("what is wrong; what to do")
    assert isinstance(raised, KzReformsError)
    assert isinstance(raised, builtin)
    with pytest.raises(builtin, match="^what is wrong; what to do$"):
        raise raised


def test_errors_carry_the_parameter_they_are_about() -> None:
    assert KzReformsError("no parameter").parameter is None
    err = OutputError("cannot write", parameter="output")
    assert (str(err), err.args, err.parameter) == ("cannot write", ("cannot write",), "output")
    with pytest.raises(TypeError):
        InputError("positional parameter", "base_url")  # type: ignore[misc]
